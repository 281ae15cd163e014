"""Background work: bulk import (with suggestions) and re-running suggestions."""

import logging

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.tasks import task
from django.utils import timezone

from articles.models import Article, ImportBatch, ImportItem, ImportItemStatus, ImportStatus

logger = logging.getLogger(__name__)


@task
def import_batch_run(batch_id: int) -> dict:
    """Import a batch's articles one transaction each, counting progress as it goes."""
    from articles.services import article_import

    batch = ImportBatch.objects.select_related("created_by").get(pk=batch_id)
    ImportBatch.objects.filter(pk=batch_id).update(status=ImportStatus.RUNNING)
    pending = ImportItem.objects.filter(batch=batch, status=ImportItemStatus.PENDING).order_by("position")
    # Streamed, not loaded at once: memory stays flat however large the batch.
    for item in pending.iterator(chunk_size=50):
        outcome = {}
        try:
            with transaction.atomic():
                result = article_import(
                    text=item.text, title=item.title, url=item.url, published_on=item.published_on,
                    outlet=item.outlet or None, user=batch.created_by, suggest=batch.suggest,
                )
            outcome = {
                "status": ImportItemStatus.CREATED if result.created else ImportItemStatus.EXISTING,
                "article": result.article, "text": "", "error": "",
            }
            counter = "created" if result.created else "existing"
        except ValidationError as exc:
            outcome = {"status": ImportItemStatus.FAILED, "error": "; ".join(exc.messages)}
            counter = "failed"
        for field, value in outcome.items():
            setattr(item, field, value)
        item.save(update_fields=list(outcome))
        ImportBatch.objects.filter(pk=batch_id).update(processed=F("processed") + 1, **{counter: F(counter) + 1})
    ImportBatch.objects.filter(pk=batch_id).update(status=ImportStatus.DONE, finished_at=timezone.now())
    batch.refresh_from_db()
    return {"created": batch.created, "existing": batch.existing, "failed": batch.failed}


@task
def suggestions_refresh(article_id: int) -> int:
    """Suggest again for an article (after actors or claims were added): pending ones are replaced."""
    from claims.models import Attribution, Origin, ReviewState
    from claims.services import suggestions_create

    article = Article.objects.get(pk=article_id)
    with transaction.atomic():
        Attribution.objects.filter(
            article=article, review_state=ReviewState.SUGGESTED, origin=Origin.MACHINE
        ).delete()
        return len(suggestions_create(article=article))
