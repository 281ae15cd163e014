"""`manage.py db_worker`: django-tasks-db's worker (same options), which also

- takes up import batches whose worker died: as it starts and then every quarter of
  settings.IMPORT_LEASE, it queues again the runs of batches that went a whole lease without a
  finished chunk (articles.tasks.import_batches_resume), since the queue itself never hands a
  RUNNING task to another worker;
- runs the jobs that come due by the clock (core.periodic: feed polls, digests, webhook
  retries), each of which claims its work and queues it as tasks;
- rides out a locked SQLite database: where the queue's own loop would die of "database is
  locked" (another connection writing for longer than the busy timeout), it waits and goes on.
"""

import logging
import os
import threading
import time

from django.conf import settings
from django.core.management.base import CommandError
from django.db import OperationalError, connections
from django.utils.autoreload import DJANGO_AUTORELOAD_ENV, run_with_reloader
from django_tasks_db.management.commands import db_worker
from django_tasks_db.utils import is_locked_database_exception

from articles.tasks import LOCKED_PAUSE, import_batches_resume
from core import periodic

logger = logging.getLogger("django_tasks_db")


def _resume_abandoned_imports() -> None:
    try:
        import_batches_resume()
    except OperationalError as exc:
        if not is_locked_database_exception(exc):
            raise
        logger.warning("The database is locked; abandoned imports are looked for later.")
    finally:
        # This thread's own connection: each round opens a fresh one.
        connections.close_all()


def _run_periodic() -> None:
    try:
        periodic.run_due()
    except OperationalError as exc:
        if not is_locked_database_exception(exc):
            raise
        logger.warning("The database is locked; periodic jobs run at their next turn.")
    finally:
        connections.close_all()


def _watch(stop: threading.Event, every: float) -> None:
    while not stop.wait(every):
        try:
            _resume_abandoned_imports()
        except Exception:  # the watch goes on; the next round may succeed
            logger.exception("Looking for abandoned imports failed.")


def _clock(stop: threading.Event) -> None:
    while True:
        try:
            _run_periodic()
        except Exception:  # the clock goes on; the next round may succeed
            logger.exception("Running periodic jobs failed.")
        if stop.wait(periodic.tick_seconds()):
            return


class Worker(db_worker.Worker):
    def run(self) -> None:
        _resume_abandoned_imports()
        stop = threading.Event()
        watch = threading.Thread(
            target=_watch,
            args=(stop, min(60.0, settings.IMPORT_LEASE / 4)),
            name="abandoned-imports",
            daemon=True,
        )
        watch.start()
        clock = threading.Thread(target=_clock, args=(stop,), name="periodic-jobs", daemon=True)
        clock.start()
        try:
            while True:
                try:
                    return super().run()
                except OperationalError as exc:
                    if not is_locked_database_exception(exc):
                        raise
                    logger.warning("The database is locked; the worker tries again.")
                    connections["default"].close()
                    self.startup_delay = False
                    time.sleep(LOCKED_PAUSE)
        finally:
            stop.set()
            watch.join()
            clock.join()


class Command(db_worker.Command):
    help = "Run a database background worker (taking up abandoned imports)"

    def handle(
        self,
        *,
        verbosity: int,
        queue_name: str,
        interval: float,
        batch: bool,
        backend_name: str,
        startup_delay: bool,
        reload: bool,
        max_tasks: int | None,
        worker_id: str,
        exclude_queues: str,
        **options,
    ) -> None:
        # As django-tasks-db's own command does, with this module's Worker.
        self.configure_logging(verbosity)
        if reload and batch:
            logger.warning(
                "--reload and --batch cannot be specified together. Disabling autoreload."
            )
            reload = False
        queue_names = queue_name.split(",")
        excluded_queue_names = exclude_queues.split(",") if exclude_queues else []
        if excluded_queue_names and "*" not in queue_names:
            raise CommandError("--exclude-queues can only be used with --queue-name=*")
        worker = Worker(
            queue_names=queue_names,
            interval=interval,
            batch=batch,
            backend_name=backend_name,
            startup_delay=startup_delay,
            max_tasks=max_tasks,
            worker_id=worker_id,
            excluded_queue_names=excluded_queue_names,
        )
        if reload:
            if os.environ.get(DJANGO_AUTORELOAD_ENV) == "true":
                worker.configure_signals()  # only in the reloaded child, as the original does
            run_with_reloader(worker.run)
        else:
            worker.configure_signals()
            worker.run()
