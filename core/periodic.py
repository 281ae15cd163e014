"""Work that comes due by the clock (feed polls, e-mail digests, webhook retries), run by every
`manage.py db_worker`.

An app registers a job in its AppConfig.ready: `periodic.register("feeds-due", 30, feeds_queue_due)`.
Each worker calls every registered job about every `every` seconds, so with workers on several
machines each job runs on each of them: a job must therefore *claim* what it takes (a conditional
UPDATE on a due time, which only one of the racing workers wins) and hand the work itself to the
task queue, where a worker's death is survivable. A job that fails is logged and tried again at
its next turn; it never stops the worker or the other jobs.
"""

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass

logger = logging.getLogger(__name__)


@dataclass
class Job:
    name: str
    every: float
    run: Callable[[], object]
    last: float = float("-inf")


_jobs: dict[str, Job] = {}


def register(name: str, every: float, run: Callable[[], object]) -> None:
    """Run `run()` about every `every` seconds in each worker (registering a name again replaces
    the job)."""
    _jobs[name] = Job(name, every, run)


def jobs() -> list[Job]:
    return list(_jobs.values())


def run_due(now: float | None = None) -> list[str]:
    """Run the jobs whose turn has come; the names of those run. Errors are logged, not raised."""
    now = time.monotonic() if now is None else now
    ran = []
    for job in jobs():
        if now - job.last < job.every:
            continue
        job.last = now
        try:
            job.run()
        except Exception:
            logger.exception(
                "The periodic job %s failed; it runs again at its next turn.", job.name
            )
        ran.append(job.name)
    return ran


def tick_seconds() -> float:
    """How often a worker looks for due jobs: often enough for the most frequent one."""
    return min([job.every for job in jobs()] + [60.0])
