"""Article operations shared by the pages, the API and the commands."""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction

from articles.duplicates import article_relations_detect
from articles.models import Article, ArticleBlock, Outlet, content_hash
from articles.passages import PassageError, resolve_quote
from articles.text import TextImportError, to_article_text


@dataclass
class ImportResult:
    article: Article
    created: bool


def outlet_get_or_create(*, name: str) -> Outlet:
    name = name.strip()
    outlet = Outlet.objects.filter(name__iexact=name).first()
    if outlet is None:
        outlet = Outlet(name=name)
        outlet.full_clean()
        outlet.save()
    return outlet


def article_import(
    *,
    text: str,
    title: str = "",
    url: str = "",
    published_on: datetime.date | None = None,
    outlet: Outlet | str | None = None,
    byline: str = "",
    dateline: str = "",
    language: str = "en",
    is_html: bool | None = None,
    user=None,
    suggest: bool = True,
) -> ImportResult:
    """Store an article with what import detects in it, or return the one already stored.

    The text is kept exactly as given (HTML flattened to plain text); title, date and dateline
    that the text itself shows fill in what the caller left empty. With `suggest`, the machine's
    attribution suggestions are stored for review in the same transaction.
    """
    from claims.suggest import detect_structure

    try:
        text = to_article_text(text, is_html=is_html)
    except TextImportError as exc:
        raise ValidationError({"text": str(exc)}) from None
    if len(text) > settings.MAX_ARTICLE_CHARS:
        raise ValidationError(
            {"text": f"The text has {len(text):,} characters; the limit is {settings.MAX_ARTICLE_CHARS:,}."}
        )
    existing = Article.objects.filter(content_hash=content_hash(text)).first()
    if existing is not None:
        return ImportResult(existing, created=False)

    structure = detect_structure(text)
    with transaction.atomic():
        if isinstance(outlet, str):
            outlet = outlet_get_or_create(name=outlet) if outlet.strip() else None
        article = Article(
            text=text,
            title=(title or structure.title or _first_line(text))[:500],
            url=url,
            published_on=published_on or structure.published_on,
            outlet=outlet,
            byline=byline or structure.byline,
            dateline=dateline or structure.dateline,
            language=language,
            created_by=user,
        )
        # Field checks here; the table's constraints and the unique content hash (looked up
        # above) are the database's to enforce, without a query each.
        article.full_clean(validate_unique=False, validate_constraints=False)
        article.save()
        blocks = ArticleBlock.objects.bulk_create(
            ArticleBlock(
                article=article, start=b.start, end=b.end, kind=b.kind, original_start=b.original_start
            )
            for b in structure.blocks
        )
        relations = article_relations_detect(article, blocks=blocks)
        if suggest:
            from claims.services import suggestions_create

            related = {r.original_id if r.article_id == article.pk else r.article_id for r in relations}
            suggestions_create(article=article, blocks=blocks, related=related)
    return ImportResult(article, created=True)


def _first_line(text: str) -> str:
    for line in text.splitlines():
        if line.strip():
            return line.strip()[:200]
    return "Untitled article"


def passage_locate(
    article: Article,
    *,
    start: int | None = None,
    end: int | None = None,
    quote: str | None = None,
    prefix: str = "",
    suffix: str = "",
) -> tuple[int, int]:
    """Offsets of a passage given by offsets or by quote, checked against the article's text.

    Raises ValidationError naming the field at fault. Reads the article's repeated blocks
    (one query) when a quote occurs more than once.
    """
    text = article.text
    if start is not None or end is not None:
        if start is None or end is None:
            raise ValidationError({"start" if start is None else "end": "Give both start and end."})
        if not 0 <= start < end <= len(text):
            raise ValidationError(
                {"start": f"The passage {start}-{end} is outside the article's text (0-{len(text)})."}
            )
        if quote and text[start:end] != quote:
            raise ValidationError({"quote": "The quote does not match the article's text at these offsets."})
        return start, end
    if not quote:
        raise ValidationError({"quote": "Give the quote, or start and end offsets."})
    duplicates = article.blocks.filter(kind="repeated").values_list("start", "end")
    try:
        return resolve_quote(text, quote, prefix, suffix, duplicate_spans=duplicates)
    except PassageError as exc:
        raise ValidationError({"quote": str(exc)}) from None


def import_batch_create(*, items: list[dict], user=None, suggest: bool = True):
    """Queue many articles for import in the background; returns the batch to follow.

    Each item has `text` and optionally `title`, `url`, `published_on`, `outlet`. The batch, its
    items and the queued task are written in one transaction, so a worker never sees half a batch.
    """
    from articles.models import ImportBatch, ImportItem
    from articles.tasks import import_batch_run

    if not items:
        raise ValidationError({"items": "Give at least one article to import."})
    with transaction.atomic():
        batch = ImportBatch.objects.create(created_by=user, total=len(items), suggest=suggest)
        ImportItem.objects.bulk_create(
            ImportItem(
                batch=batch, position=n, text=item.get("text", ""), title=(item.get("title") or "")[:500],
                url=item.get("url") or "", published_on=item.get("published_on"),
                outlet=(item.get("outlet") or "")[:200],
            )
            for n, item in enumerate(items)
        )
        result = import_batch_run.enqueue(batch.pk)
        ImportBatch.objects.filter(pk=batch.pk, task_id="").update(task_id=str(result.id)[:64])
    batch.refresh_from_db()
    return batch


def outlet_create(*, name: str, domain: str = "", reliability: str = "", user=None) -> Outlet:
    outlet = Outlet(name=" ".join(name.split()), domain=domain)
    if reliability:
        outlet.reliability = reliability
    outlet.full_clean()
    outlet.save()
    return outlet


def outlet_update(*, outlet: Outlet, changes: dict, expected_updated_at=None, user=None) -> Outlet:
    """Outlets carry no version counter: their last change time is the version checked."""
    from claims.services import StaleVersion

    with transaction.atomic():
        current = Outlet.objects.select_for_update().get(pk=outlet.pk)
        if expected_updated_at is not None and current.updated_at != expected_updated_at:
            raise StaleVersion(current)
        for field, value in changes.items():
            setattr(current, field, value)
        current.full_clean()
        current.save()
    return current


def article_update(*, article: Article, expected_version: int | None, changes: dict, user=None) -> Article:
    """Change an article's metadata (never its text); `outlet` may be given by name."""
    from claims.services import record_update

    changes = dict(changes)
    if "text" in changes:
        raise ValidationError({"text": "An article's text is never edited; import the new text as an article."})
    with transaction.atomic():
        if isinstance(changes.get("outlet"), str):
            name = changes["outlet"]
            changes["outlet"] = outlet_get_or_create(name=name) if name.strip() else None
        return record_update(instance=article, expected_version=expected_version, changes=changes, user=user)


@dataclass
class BulkImportItem:
    index: int
    article: Article | None = None
    created: bool = False
    errors: dict | None = None


def article_bulk_import(*, items: list[dict], user=None, suggest: bool = True) -> list[BulkImportItem]:
    """Import each item (the keyword arguments of `article_import`) in its own transaction.

    One article's failure leaves the others imported; each result says what happened.
    """
    from django.db import DatabaseError

    results = []
    for index, item in enumerate(items):
        try:
            with transaction.atomic():
                result = article_import(**item, user=user, suggest=suggest)
        except ValidationError as exc:
            errors = exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
            results.append(BulkImportItem(index, errors=errors))
        except DatabaseError:
            results.append(
                BulkImportItem(index, errors={"non_field_errors": ["The article could not be stored; try it again."]})
            )
        else:
            results.append(BulkImportItem(index, article=result.article, created=result.created))
    return results
