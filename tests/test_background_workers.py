"""Real `manage.py db_worker` processes, killed (SIGKILL) in the middle of a chunk of a batch
import: the batch is taken up again once its lease passes and finishes with every item imported
exactly once. On PostgreSQL two workers share the batch; on SQLite (a file, as `make run` uses)
one worker at a time."""

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parents[1]
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
CHUNK = 50  # articles.services.IMPORT_CHUNK
# IMPORT_LEASE, in seconds, of the workers that take the batch up: short, so that the test need
# not wait minutes. The workers killed have a lease of an hour, so that they never take up one
# another's work, and the batch is certainly stuck when the last of them dies.
LEASE = 4
# Only a guard against a test that hangs: the assertions never depend on timing.
PATIENCE = 300


def _stories(n: int) -> list[dict]:
    """Seed-like news stories, each a different text, with suggestions to make."""
    seeds = [path.read_text(encoding="utf-8") for path in SEEDS]
    return [
        {"title": "", "text": f"Bulletin {i}\n\nPublished on day {i % 28 + 1}.\n\n{seeds[i % 3]}"}
        for i in range(n)
    ]


class Tracker:
    """One tracker database seen from outside the workers: the URL they are given and plain SQL
    to watch them (the test's own connection on PostgreSQL; the file itself on SQLite)."""

    def __init__(self, url: str, query: Callable[[str], list[tuple]], tmp_path: Path):
        self.url, self.query, self.logs = url, query, tmp_path
        self.workers: list[subprocess.Popen] = []

    def env(self, **extra) -> dict:
        return {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "DATABASE_URL": self.url,
            "TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
            **extra,
        }

    def manage(self, *args: str) -> str:
        run = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=self.env(),
            capture_output=True,
            text=True,
            timeout=PATIENCE,
        )
        assert run.returncode == 0, run.stderr
        return run.stdout

    def start_worker(self, name: str, lease: int = LEASE, **env: str) -> subprocess.Popen:
        log = (self.logs / f"{name}.log").open("w")
        worker = subprocess.Popen(
            [sys.executable, "manage.py", "db_worker", "--interval", "0.2", "--no-startup-delay"],
            cwd=ROOT,
            # PGAPPNAME names the worker's PostgreSQL sessions, to watch them.
            env=self.env(PGAPPNAME=name, IMPORT_LEASE=str(lease), **env),
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        self.workers.append(worker)
        return worker

    def stop_workers(self) -> None:
        for worker in self.workers:
            if worker.poll() is None:
                worker.kill()
            worker.wait()

    def batch(self, batch_id: int) -> dict:
        [row] = self.query(
            "SELECT status, processed, total, created, existing, failed "
            f"FROM articles_importbatch WHERE id = {batch_id}"
        )
        return dict(
            zip(["status", "processed", "total", "created", "existing", "failed"], row, strict=True)
        )

    def item_statuses(self, batch_id: int) -> dict[str, int]:
        return dict(
            self.query(
                "SELECT status, COUNT(*) FROM articles_importitem "
                f"WHERE batch_id = {batch_id} GROUP BY status"
            )
        )

    def wait_for(self, what: str, condition: Callable[[], bool]) -> None:
        deadline = time.monotonic() + PATIENCE
        while not condition():
            if time.monotonic() > deadline:
                pytest.fail(f"Gave up waiting for {what}.")
            dead = [w.args for w in self.workers if w.poll() not in (None, -signal.SIGKILL)]
            assert not dead, f"a worker exited: see {self.logs}"
            time.sleep(0.02)


def _create_batch(tracker: Tracker, n: int) -> int:
    """A batch of `n` stories with suggestions, started by analyst "ana", queued on the database."""
    path = tracker.logs / "stories.json"
    path.write_text(json.dumps(_stories(n)))
    script = (
        "import json; from django.contrib.auth import get_user_model;"
        "from articles.services import import_batch_create;"
        "user = get_user_model().objects.create_user('ana');"
        f"batch = import_batch_create(items=json.load(open({str(path)!r})), user=user);"
        "print(batch.pk)"
    )
    return int(tracker.manage("shell", "-v0", "-c", script).split()[-1])


def _kill_mid_chunk(tracker: Tracker, batch_id: int, workers, holding: Callable[[], bool]):
    """SIGKILL `workers` once each holds a chunk (`holding()`), after at least one chunk is
    imported; then check that the chunks they held were left pending, nothing of them kept."""
    tracker.wait_for(
        "workers in the middle of a chunk",
        lambda: tracker.batch(batch_id)["processed"] >= CHUNK and holding(),
    )
    before = tracker.batch(batch_id)["processed"]
    for worker in workers:
        worker.kill()
    for worker in workers:
        worker.wait()
    # The chunks being imported when the workers died were rolled back: no progress came after
    # the moment they were seen holding them.
    after = tracker.batch(batch_id)
    assert after["processed"] == before < after["total"]
    assert tracker.item_statuses(batch_id)["pending"] == after["total"] - after["processed"]
    return after


def _assert_imported_exactly_once(tracker: Tracker, batch_id: int, n: int) -> None:
    assert tracker.batch(batch_id) == {
        "status": "done",
        "processed": n,
        "total": n,
        "created": n,
        "existing": 0,
        "failed": 0,
    }
    # Every item created its own article: one imported twice would be "existing" (texts are
    # unique by content hash) and the batch's counts would pass its total.
    assert tracker.item_statuses(batch_id) == {"created": n}
    [(articles, distinct)] = tracker.query(
        "SELECT COUNT(*), COUNT(DISTINCT article_id) FROM articles_importitem "
        f"WHERE batch_id = {batch_id}"
    )
    assert articles == distinct == n
    assert tracker.query("SELECT COUNT(*) FROM articles_article") == [(n,)]


def _page(tracker: Tracker, batch_id: int) -> str:
    """The batch page as its owner sees it, rendered by the app on the same database."""
    script = (
        "from django.contrib.auth import get_user_model; from django.test import Client;"
        "c = Client(); c.force_login(get_user_model().objects.get(username='ana'));"
        f"r = c.get('/imports/{batch_id}/'); assert r.status_code == 200, r.status_code;"
        "print(r.content.decode())"
    )
    return tracker.manage("shell", "-v0", "-c", script)


@pytest.mark.django_db(transaction=True)
def test_two_workers_killed_mid_chunk_on_postgresql_and_the_batch_still_imports_each_item_once(
    tmp_path,
):
    if connection.vendor != "postgresql":
        pytest.skip("Run with DATABASE_URL=postgres://… (CI does).")
    db = settings.DATABASES["default"]
    # The test database, which the workers share with the test.
    url = f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"

    def query(sql: str) -> list[tuple]:
        with connection.cursor() as cursor:
            cursor.execute(sql)
            return cursor.fetchall()

    def holding(names) -> bool:
        # A worker's session with a transaction id is in a chunk: the chunk's SELECT ... FOR
        # UPDATE takes one, and nothing else a worker does stays in a transaction that long.
        rows = query(
            "SELECT DISTINCT application_name FROM pg_stat_activity "
            "WHERE backend_xid IS NOT NULL AND application_name IN "
            f"({', '.join(repr(n) for n in names)})"
        )
        return len(rows) == len(names)

    tracker = Tracker(url, query, tmp_path)
    n = 4 * CHUNK
    batch_id = _create_batch(tracker, n)
    try:
        first = [tracker.start_worker(f"worker-{i}", lease=3600) for i in (1, 2)]
        stuck = _kill_mid_chunk(tracker, batch_id, first, lambda: holding(["worker-1", "worker-2"]))
        assert stuck["status"] == "running"
        # Both queued runs are left RUNNING by the dead workers: the queue itself would hand
        # them to no one.
        assert query(
            "SELECT status, COUNT(*) FROM django_tasks_database_dbtaskresult GROUP BY status"
        ) == [("RUNNING", 2)]

        tracker.start_worker("worker-3")
        tracker.start_worker("worker-4")
        tracker.wait_for("the batch to finish", lambda: tracker.batch(batch_id)["status"] == "done")
    finally:
        tracker.stop_workers()

    _assert_imported_exactly_once(tracker, batch_id, n)
    page = _page(tracker, batch_id)
    assert f"Done: {n} of {n} articles" in page
    assert f"{n} imported · 0 already stored · 0 failed" in page


@pytest.fixture(scope="module")
def migrated_sqlite(tmp_path_factory) -> Path:
    """A migrated SQLite file, copied by each test that needs one."""
    if connection.vendor != "sqlite":
        # These tests do not use the suite's database; the suite's run on SQLite (CI has one)
        # runs them.
        pytest.skip("Workers on a SQLite file: run by the suite's run on SQLite.")
    path = tmp_path_factory.mktemp("sqlite") / "template.sqlite3"
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "-v0"],
        cwd=ROOT,
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "DATABASE_URL": f"sqlite:///{path}",
        },
        check=True,
        timeout=PATIENCE,
    )
    # One file, the write-ahead log folded back in.
    with sqlite3.connect(path) as db:
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return path


def sqlite_tracker(template: Path, tmp_path: Path) -> tuple[Tracker, Path]:
    path = tmp_path / "tracker.sqlite3"
    path.write_bytes(template.read_bytes())

    def query(sql: str) -> list[tuple]:
        with sqlite3.connect(path) as db:
            return db.execute(sql).fetchall()

    return Tracker(f"sqlite:///{path}", query, tmp_path), path


def test_one_worker_killed_mid_chunk_twice_on_sqlite_and_the_batch_still_imports_each_item_once(
    migrated_sqlite, tmp_path
):
    tracker, path = sqlite_tracker(migrated_sqlite, tmp_path)

    def holding() -> bool:
        # The worker holds SQLite's write lock for as long as it imports a chunk.
        db = sqlite3.connect(path, timeout=0, isolation_level=None)
        try:
            db.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            assert "locked" in str(exc)
            return True
        else:
            db.execute("ROLLBACK")
            return False
        finally:
            db.close()

    n = 3 * CHUNK
    batch_id = _create_batch(tracker, n)
    try:
        worker = tracker.start_worker("worker-1", lease=3600)
        stuck = _kill_mid_chunk(tracker, batch_id, [worker], holding)
        # A second worker takes the batch's other queued run, and is killed in turn.
        worker = tracker.start_worker("worker-2", lease=3600)
        tracker.wait_for(
            "the second worker to import a chunk",
            lambda: tracker.batch(batch_id)["processed"] > stuck["processed"],
        )
        stuck = _kill_mid_chunk(tracker, batch_id, [worker], holding)
        assert tracker.query(
            "SELECT status, COUNT(*) FROM django_tasks_database_dbtaskresult GROUP BY status"
        ) == [("RUNNING", 2)]

        tracker.start_worker("worker-3")
        tracker.wait_for("the batch to finish", lambda: tracker.batch(batch_id)["status"] == "done")
    finally:
        tracker.stop_workers()

    _assert_imported_exactly_once(tracker, batch_id, n)
    assert f"Done: {n} of {n} articles" in _page(tracker, batch_id)


# SQLite: one long write stops no one for long, and no worker.


def test_sqlite_runs_in_wal_mode_with_a_busy_timeout(tmp_path):
    """Readers never wait for a writer, and a writer waits for the lock (20 s by default)."""
    path = tmp_path / "fresh.sqlite3"
    script = (
        "import django; django.setup(); from django.db import connection;"
        "cursor = connection.cursor();"
        "print(cursor.execute('PRAGMA journal_mode').fetchone()[0],"
        " cursor.execute('PRAGMA busy_timeout').fetchone()[0])"
    )
    env = {k: v for k, v in os.environ.items() if k != "SQLITE_BUSY_TIMEOUT"}
    run = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env={
            **env,
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "DATABASE_URL": f"sqlite:///{path}",
        },
        capture_output=True,
        text=True,
        timeout=PATIENCE,
    )
    assert run.stdout.split() == ["wal", "20000"], run.stderr
    # The mode is the file's own: any other connection finds it too.
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA journal_mode").fetchone() == ("wal",)


def test_a_worker_outlasts_a_write_lock_held_past_the_busy_timeout_and_runs_the_task(
    migrated_sqlite, tmp_path
):
    tracker, _ = sqlite_tracker(migrated_sqlite, tmp_path)
    busy_timeout = 1
    worker = tracker.start_worker("worker", SQLITE_BUSY_TIMEOUT=str(busy_timeout))
    log = tmp_path / "worker.log"
    tracker.wait_for("the worker to start", lambda: "Starting worker" in log.read_text())

    # Another connection writes for four times the busy timeout: it queues a batch import in a
    # transaction it keeps open, so the worker meets the lock at every look at the queue.
    script = (
        "import time; from django.db import transaction;"
        "from articles.services import import_batch_create;"
        "atomic = transaction.atomic(); atomic.__enter__();"
        "batch = import_batch_create(items=[{'text': 'The mayor said the bridge would reopen.'}],"
        " suggest=False);"
        f"time.sleep({4 * busy_timeout}); atomic.__exit__(None, None, None); print(batch.pk)"
    )
    batch_id = int(tracker.manage("shell", "-v0", "-c", script).split()[-1])
    try:
        tracker.wait_for("the batch to finish", lambda: tracker.batch(batch_id)["status"] == "done")
    finally:
        alive = worker.poll() is None
        tracker.stop_workers()
    assert alive
    assert "The database is locked; the worker tries again." in log.read_text()
    assert tracker.batch(batch_id)["created"] == 1
