"""Background work of the articles app: bulk imports (suggestions follow through the
`articles_stored` signal)."""

import datetime
import logging
import time
from collections.abc import Callable

from django.conf import settings
from django.db import OperationalError, transaction
from django.db.models import F
from django.tasks import TaskResultStatus, task
from django.utils import timezone
from django_tasks_db.utils import is_locked_database_exception

from articles.models import ImportBatch, ImportItem, ImportItemStatus, ImportStatus

logger = logging.getLogger(__name__)

# Seconds between attempts while another connection holds SQLite's write lock.
LOCKED_PAUSE = 1.0


def when_unlocked[T](write: Callable[[], T]) -> T:
    """`write()`, tried again for as long as SQLite answers "database is locked" (each attempt
    first waits the busy timeout): a long write elsewhere delays background work, never fails it."""
    while True:
        try:
            return write()
        except OperationalError as exc:
            if not is_locked_database_exception(exc):
                raise
            logger.warning("The database is locked; trying again.")
            time.sleep(LOCKED_PAUSE)


@task
def import_batch_run(batch_id: int) -> dict:
    """Import a batch's articles a chunk at a time, counting progress after each chunk.

    Several workers may run this for one batch at once (import_batch_create queues
    settings.IMPORT_WORKERS of them): each takes the next chunk no one holds, and imports it and
    marks its items in one transaction, so a chunk is never imported twice nor half counted. A
    worker that dies mid-chunk leaves that chunk's items pending, with nothing of them stored;
    once the batch's lease passes, `db_worker` queues the batch's runs again
    (import_batches_resume) and they take up the items still pending, and only those.
    """
    from articles.services import IMPORT_CHUNK

    batch = ImportBatch.objects.select_related("created_by").get(pk=batch_id)
    when_unlocked(
        lambda: ImportBatch.objects.filter(
            pk=batch_id, status__in=[ImportStatus.QUEUED, ImportStatus.RUNNING]
        ).update(status=ImportStatus.RUNNING, heartbeat_at=timezone.now())
    )
    pending = ImportItem.objects.filter(batch=batch, status=ImportItemStatus.PENDING).order_by(
        "position"
    )
    while when_unlocked(lambda: _import_next_chunk(batch, pending, IMPORT_CHUNK)):
        pass
    when_unlocked(
        lambda: (
            ImportBatch.objects.filter(pk=batch_id, processed__gte=F("total"))
            .exclude(status=ImportStatus.DONE)
            .update(status=ImportStatus.DONE, finished_at=timezone.now())
        )
    )
    batch.refresh_from_db()
    return {"created": batch.created, "existing": batch.existing, "failed": batch.failed}


def _import_next_chunk(batch: ImportBatch, pending, size: int) -> bool:
    """Import the next chunk of pending items no other worker holds; False when none is left."""
    with transaction.atomic():
        # Only a chunk's rows are read at a time: memory stays flat however large the batch.
        # Each item is read pending under its lock, in the transaction that imports it and
        # marks it done, so an item is imported once whichever worker gets to it.
        chunk = list(pending.select_for_update(skip_locked=True)[:size])
        if chunk:
            _import_items(batch, chunk)
    return bool(chunk)


def _import_items(batch: ImportBatch, items: list[ImportItem]) -> None:
    from articles.services import article_bulk_import

    results = article_bulk_import(
        items=[
            {
                "text": i.text,
                "title": i.title,
                "url": i.url,
                "published_on": i.published_on,
                "outlet": i.outlet or None,
                "byline": i.byline,
                "page_hash": i.page_hash,
                # Text extracted from a page already; not to be read as markup again.
                **({"is_html": False} if i.page_hash else {}),
            }
            for i in items
        ],
        user=batch.created_by,
        suggest=batch.suggest,
    )
    counts = {"created": 0, "existing": 0, "failed": 0}
    for item, result in zip(items, results, strict=True):
        if result.errors:
            # The error says why; the text is not kept for a record that was never made.
            item.status, item.text, item.error = (
                ImportItemStatus.FAILED,
                "",
                "; ".join(message for messages in result.errors.values() for message in messages),
            )
            counts["failed"] += 1
        else:
            item.status = ImportItemStatus.CREATED if result.created else ImportItemStatus.EXISTING
            item.article, item.text, item.error = result.article, "", ""
            counts["created" if result.created else "existing"] += 1
    ImportItem.objects.bulk_update(items, ["status", "article", "text", "error"])
    ImportBatch.objects.filter(pk=batch.pk).update(
        processed=F("processed") + len(items),
        heartbeat_at=timezone.now(),
        **{name: F(name) + n for name, n in counts.items()},
    )


def import_batches_resume(*, lease: datetime.timedelta | None = None) -> list[int]:
    """Take up the batches abandoned for longer than `lease` (settings.IMPORT_LEASE): unfinished,
    with items pending, and no chunk finished nor run started within it, as when their worker
    was killed. Their runs left RUNNING are made READY again (a new run is queued when there is
    none), for any worker to take. Returns the ids of the batches taken up.

    `db_worker` calls this as it starts and then every so often. Should a live run have been
    slower than the lease, the run queued beside it only shares its work, chunk by chunk.
    """
    lease = lease or datetime.timedelta(seconds=settings.IMPORT_LEASE)
    resumed = []
    for batch in ImportBatch.objects.abandoned(lease).only("pk", "heartbeat_at"):
        with transaction.atomic():
            # One worker takes a batch up: the one whose update still finds the old heartbeat.
            taken = ImportBatch.objects.filter(pk=batch.pk, heartbeat_at=batch.heartbeat_at).update(
                heartbeat_at=timezone.now()
            )
            if taken and _queue_again(batch.pk, timezone.now() - lease):
                resumed.append(batch.pk)
    if resumed:
        logger.warning("Import batches %s were abandoned by their workers; queued again.", resumed)
    return resumed


def _queue_again(batch_id: int, cutoff: datetime.datetime) -> bool:
    from django_tasks_db import DatabaseBackend
    from django_tasks_db.models import DBTaskResult

    backend = import_batch_run.get_backend()
    if isinstance(backend, DatabaseBackend):
        runs = DBTaskResult.objects.filter(
            backend_name=backend.alias,
            task_path=import_batch_run.module_path,
            args_kwargs__args__0=batch_id,
        )
        stale = runs.filter(status=TaskResultStatus.RUNNING, started_at__lt=cutoff)
        if stale.update(status=TaskResultStatus.READY):
            return True
        if runs.filter(status=TaskResultStatus.READY).exists():
            return False  # still waiting for a worker: nothing was abandoned
    import_batch_run.enqueue(batch_id)
    return True
