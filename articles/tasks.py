"""Background work of the articles app: bulk imports (suggestions follow through the
`articles_stored` signal)."""

import logging

from django.db import transaction
from django.db.models import F
from django.tasks import task
from django.utils import timezone

from articles.models import ImportBatch, ImportItem, ImportItemStatus, ImportStatus

logger = logging.getLogger(__name__)


@task
def import_batch_run(batch_id: int) -> dict:
    """Import a batch's articles a chunk at a time, counting progress after each chunk.

    Several workers may run this for one batch at once (import_batch_create queues
    settings.IMPORT_WORKERS of them): each takes the next chunk no one holds, and imports it and
    marks its items in one transaction, so a chunk is never imported twice nor half counted.
    """
    from articles.services import IMPORT_CHUNK

    batch = ImportBatch.objects.select_related("created_by").get(pk=batch_id)
    ImportBatch.objects.filter(pk=batch_id, status=ImportStatus.QUEUED).update(
        status=ImportStatus.RUNNING
    )
    pending = ImportItem.objects.filter(batch=batch, status=ImportItemStatus.PENDING).order_by(
        "position"
    )
    while True:
        with transaction.atomic():
            # Only a chunk's rows are read at a time: memory stays flat however large the batch.
            chunk = list(pending.select_for_update(skip_locked=True)[:IMPORT_CHUNK])
            if not chunk:
                break
            _import_items(batch, chunk)
    ImportBatch.objects.filter(pk=batch_id, processed__gte=F("total")).exclude(
        status=ImportStatus.DONE
    ).update(status=ImportStatus.DONE, finished_at=timezone.now())
    batch.refresh_from_db()
    return {"created": batch.created, "existing": batch.existing, "failed": batch.failed}


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
        processed=F("processed") + len(items), **{name: F(name) + n for name, n in counts.items()}
    )
