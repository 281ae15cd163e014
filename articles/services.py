"""Article operations shared by the pages, the API and the commands."""

import datetime
import re
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q

from articles.duplicates import NOT_STORY, article_relations_detect_many
from articles.events import articles_imported
from articles.language import article_language
from articles.models import Article, ArticleBlock, ArticleRelation, Outlet, content_hash
from articles.pages import Page, page_extract
from articles.passages import PassageError, resolve_quote
from articles.signals import articles_stored, relations_changed
from articles.text import (
    TextImportError,
    check_text_length,
    looks_like_html,
    read_article_file,
    to_article_text,
)
from core.models import passage_check
from core.versions import StaleVersion, versioned_update
from suggest import detect_structure


@dataclass
class ImportResult:
    article: Article
    created: bool
    # A new article from an address imported before (the page changed since): the latest
    # article from that address, which the new one does not replace.
    earlier: Article | None = None


def outlet_get_or_create(*, name: str) -> Outlet:
    name = name.strip()
    outlet = Outlet.objects.filter(name__iexact=name).first()
    if outlet is not None:
        return outlet
    outlet = Outlet(name=name)
    try:
        outlet.full_clean()
        with transaction.atomic():
            outlet.save()
    except (ValidationError, IntegrityError):
        # Created by another request since the look-up (its unique name refused this one).
        existing = Outlet.objects.filter(name__iexact=name).first()
        if existing is None:
            raise
        return existing
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
    language: str = "",
    is_html: bool | None = None,
    user=None,
    suggest: bool = True,
    page_hash: str = "",
) -> ImportResult:
    """Store an article with what import detects in it, or return the one already stored.

    The text is kept exactly as given; HTML is a web page, of which only the main text is kept
    (articles.pages), its title, author, date and site name filling in what the caller left
    empty. Title, date and dateline that the text itself shows fill in what is still empty,
    and so does the language detected in the text. With `suggest`, the machine's attribution
    suggestions are stored for review in the same transaction; a text that is not English gets
    none, and its `suggestion_note` says why.

    The article already stored is returned (created=False) for the same text, or the same page
    (`page_hash`, that of HTML given here or of the page the text was extracted from). A page
    from an address imported before whose text has changed is a new article; `earlier` names
    the one before it.
    """
    article = _prepare(
        text=text,
        title=title,
        url=url,
        published_on=published_on,
        outlet=outlet,
        byline=byline,
        dateline=dateline,
        language=language,
        is_html=is_html,
        user=user,
        page_hash=page_hash,
    )
    existing = article_imported_before(
        content_hash=article.content_hash, page_hash=article.page_hash
    )
    if existing is not None:
        return ImportResult(existing, created=False)
    earlier = None
    if article.url and article.page_hash:
        earlier = Article.objects.latest_from_address(article.url)
    try:
        with transaction.atomic():
            _store([article], user=user, suggest=suggest)
    except IntegrityError:
        # The same text imported at the same moment by another request, which saved it first
        # (the unique content hash refused this one): the answer is the look-up's, as above.
        existing = article_imported_before(
            content_hash=article.content_hash, page_hash=article.page_hash
        )
        if existing is None:
            raise
        return ImportResult(existing, created=False)
    return ImportResult(article, created=True, earlier=earlier)


def article_imported_before(*, content_hash: str, page_hash: str = "") -> Article | None:
    """The stored article with this text, or from this page (one query)."""
    same = Q(content_hash=content_hash)
    if page_hash:
        same |= Q(page_hash=page_hash)
    return Article.objects.filter(same).order_by("pk").first()


def article_import_url(
    *,
    url: str,
    outlet: Outlet | str | None = None,
    user=None,
    suggest: bool = True,
    public_only: bool = True,
    fetched: tuple[str, bool] | None = None,
) -> ImportResult:
    """Fetch a web page (articles.fetch: public addresses, size limit, one deadline) and import
    its main text with the title, author, date and site name the page gives (articles.pages);
    the site name is the outlet unless one is given. Raises FetchError, TextImportError or
    ValidationError with the reason; nothing is stored then.

    `fetched` is the page already fetched from `url` (fetch_url's answer): a caller that stores
    the article inside a transaction of its own fetches first, so that no write lock is held
    while a remote site takes its time."""
    from articles.fetch import fetch_url

    content, is_html = fetched or fetch_url(url, public_only=public_only)
    if is_html:
        page = page_extract(content, url=url)
        return article_import(
            text=page.text,
            title=page.title,
            url=url,
            published_on=page.published_on,
            outlet=outlet or page.site_name or None,
            byline=page.author,
            is_html=False,
            user=user,
            suggest=suggest,
            page_hash=page.page_hash,
        )
    return article_import(
        text=content, url=url, outlet=outlet, is_html=False, user=user, suggest=suggest
    )


def _prepare(
    *, text: str, is_html: bool | None = None, user=None, page_hash: str = "", **fields
) -> Article:
    """The unsaved article an import would store, its text checked and its structure detected
    (kept on it as `structure`); raises ValidationError naming the field at fault. HTML is a
    web page: its main text is kept, and its metadata fills in the fields left empty."""
    try:
        if is_html is None:
            is_html = looks_like_html(text)
        if is_html:
            page = page_extract(text, url=fields.get("url") or "")
            text, page_hash = page.text, page_hash or page.page_hash
            fields = page_fields(page, fields)
        else:
            text = to_article_text(text, is_html=False)
        check_text_length(text)
    except TextImportError as exc:
        raise ValidationError({"text": str(exc)}) from None
    structure = detect_structure(text)
    language, note = article_language(text, fields.get("language") or "")
    article = Article(
        text=text,
        content_hash=content_hash(text),
        title=(fields.get("title") or structure.title or title_guess(text, structure))[:500],
        url=fields.get("url") or "",
        published_on=fields.get("published_on") or structure.published_on,
        byline=fields.get("byline") or structure.byline,
        dateline=fields.get("dateline") or structure.dateline,
        language=language,
        suggestion_note=note,
        page_hash=page_hash,
        created_by=user,
    )
    outlet = fields.get("outlet")
    if isinstance(outlet, Outlet):
        article.outlet = outlet
    # Field checks here; the table's constraints and the unique content hash (looked up by the
    # caller) are the database's to enforce, without a query each.
    article.full_clean(exclude=["outlet"], validate_unique=False, validate_constraints=False)
    article.structure = structure
    article.outlet_name = outlet.strip() if isinstance(outlet, str) else ""
    return article


def page_fields(page: Page, fields: dict) -> dict:
    """`fields` (article_import's keyword arguments) with what the page gives where they are
    empty: its title, author as byline, date, and site name as outlet."""
    return {
        **fields,
        "title": fields.get("title") or page.title,
        "byline": fields.get("byline") or page.author,
        "published_on": fields.get("published_on") or page.published_on,
        "outlet": fields.get("outlet") or page.site_name or None,
    }


def _store(articles: list[Article], *, user=None, suggest: bool = True) -> None:
    """Store prepared articles, in import order, with their blocks, their copy and rewrite links
    and (with `suggest`) the machine's suggestions: each step one query for all of them.
    The caller holds the transaction."""
    from simple_history.utils import bulk_create_with_history

    outlets = {}
    for name in {a.outlet_name.lower(): a.outlet_name for a in articles if a.outlet_name}.values():
        outlets[name.lower()] = outlet_get_or_create(name=name)
    for article in articles:
        if article.outlet_name:
            article.outlet = outlets[article.outlet_name.lower()]
    bulk_create_with_history(articles, Article, default_user=user)
    blocks = ArticleBlock.objects.bulk_create(
        ArticleBlock(
            article=a, start=b.start, end=b.end, kind=b.kind, original_start=b.original_start
        )
        for a in articles
        for b in a.structure.blocks
    )
    blocks_of: dict[int, list[ArticleBlock]] = {a.pk: [] for a in articles}
    for block in blocks:
        blocks_of[block.article_id].append(block)
    relations = article_relations_detect_many(
        [(a, [(b.start, b.end) for b in blocks_of[a.pk] if b.kind in NOT_STORY]) for a in articles]
    )
    articles_stored.send(
        sender=Article,
        articles=articles,
        blocks=blocks_of,
        relations=relations,
        user=user,
        suggest=suggest,
    )
    articles_imported(articles, user=user)


TITLE_GUESS = 120
_DATELINE_LEAD = re.compile(r"^[^\n]{0,80}?(?:—|–|--|\s-|:)\s+")
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’]?\s")


def title_guess(text: str, structure=None) -> str:
    """A title for text that has none: the first sentence of its first paragraph, without its
    wire dateline, cut at a word to at most TITLE_GUESS characters."""
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        if structure is not None and structure.dateline and line.startswith(structure.dateline):
            line = _DATELINE_LEAD.sub("", line, count=1)
        # The first sentence end past a few words ("Mr. Lind said" is not a sentence).
        m = _SENTENCE_END.search(line, 25)
        sentence = line[: m.start()].strip() if m else line
        if len(sentence) > TITLE_GUESS:
            cut = sentence[: TITLE_GUESS - 1].rsplit(" ", 1)[0]
            sentence = cut.rstrip(",;:") + "…"
        return sentence
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
        passage_check(text, start, end, quote or None)
        return start, end
    if not quote:
        raise ValidationError({"quote": "Give the quote, or start and end offsets."})
    duplicates = article.blocks.filter(kind="repeated").values_list("start", "end")
    try:
        return resolve_quote(text, quote, prefix, suffix, duplicate_spans=duplicates)
    except PassageError as exc:
        raise ValidationError({"quote": str(exc)}) from None


def import_batch_create(*, items: Iterable[dict], user=None, suggest: bool = True):
    """Queue many articles for import in the background; returns the batch to follow.

    Each item has `text` and optionally `title`, `url`, `published_on`, `outlet`. The batch, its
    items and the queued task are written in one transaction, so a worker never sees half a batch.
    Items are read and written a few at a time, so `items` may be a generator that reads each
    text only when asked.
    """
    from articles.models import ImportBatch, ImportItem
    from articles.tasks import import_batch_run

    with transaction.atomic():
        batch = ImportBatch.objects.create(created_by=user, total=0, suggest=suggest)
        total = 0
        for chunk in _chunks(items):
            ImportItem.objects.bulk_create(
                ImportItem(
                    batch=batch,
                    position=n,
                    text=item.get("text", ""),
                    title=(item.get("title") or "")[:500],
                    url=item.get("url") or "",
                    published_on=item.get("published_on"),
                    outlet=(item.get("outlet") or "")[:200],
                    byline=(item.get("byline") or "")[:300],
                    page_hash=item.get("page_hash") or "",
                )
                for n, item in enumerate(chunk, start=total)
            )
            total += len(chunk)
        if not total:
            raise ValidationError({"items": "Give at least one article to import."})
        ImportBatch.objects.filter(pk=batch.pk).update(total=total)
        # Workers share a batch chunk by chunk; each queued run is one more that may help.
        results = [
            import_batch_run.enqueue(batch.pk) for _ in range(max(1, settings.IMPORT_WORKERS))
        ]
        ImportBatch.objects.filter(pk=batch.pk, task_id="").update(task_id=str(results[0].id)[:64])
    batch.refresh_from_db()
    return batch


# Items queued per INSERT: at most this many, or as many as hold this many characters of text.
QUEUE_CHUNK, QUEUE_CHUNK_CHARS = 50, 4_000_000


def _chunks(items: Iterable[dict]):
    chunk, chars = [], 0
    for item in items:
        chunk.append(item)
        chars += len(item.get("text", ""))
        if len(chunk) >= QUEUE_CHUNK or chars >= QUEUE_CHUNK_CHARS:
            yield chunk
            chunk, chars = [], 0
    if chunk:
        yield chunk


def import_batch_upload(*, files: list, user=None, suggest: bool = True):
    """Queue uploaded .txt/.html files for import in the background; returns the batch.

    Every file is checked first as the one-article import checks it (its name, its size, text
    that decodes, and at most MAX_ARTICLE_CHARS characters once HTML is flattened). If any is
    refused, none is queued: ValidationError on `files` names each refused file with why. Files
    are read one at a time, checked, then read again as they are queued, so memory holds one
    file's text, not the whole upload's (Django keeps large uploads in temporary files).
    """
    if not files:
        raise ValidationError({"files": "Choose one or more .txt or .html files."})
    refused = []
    for upload in files:
        try:
            _upload_text(upload)
        except TextImportError as exc:
            refused.append(f"{upload.name}: {exc}")
    if refused:
        raise ValidationError({"files": refused})
    return import_batch_create(
        items=(_upload_item(upload) for upload in files), user=user, suggest=suggest
    )


def _upload_text(upload) -> str:
    """The plain text an uploaded file imports as, or TextImportError saying why it cannot."""
    return _upload_item(upload)["text"]


def _upload_item(upload) -> dict:
    """What an uploaded file imports as (an HTML file: its page's main text and metadata), or
    TextImportError saying why it cannot."""
    upload.seek(0)
    content, is_html = read_article_file(upload)
    if not is_html:
        text = to_article_text(content, is_html=False)
        check_text_length(text)
        return {"text": text}
    page = page_extract(content)
    check_text_length(page.text)
    return {
        "text": page.text,
        "title": page.title,
        "published_on": page.published_on,
        "outlet": page.site_name,
        "byline": page.author,
        "page_hash": page.page_hash,
    }


def outlet_create(*, name: str, domain: str = "", reliability: str = "", user=None) -> Outlet:
    outlet = Outlet(name=" ".join(name.split()), domain=domain)
    if reliability:
        outlet.reliability = reliability
    outlet.full_clean()
    outlet.save()
    return outlet


def outlet_update(*, outlet: Outlet, changes: dict, expected_updated_at=None, user=None) -> Outlet:
    """Outlets carry no version counter: their last change time is the version checked."""
    with transaction.atomic():
        current = Outlet.objects.select_for_update().get(pk=outlet.pk)
        if expected_updated_at is not None and current.updated_at != expected_updated_at:
            raise StaleVersion(current, expected_updated_at)
        for field, value in changes.items():
            setattr(current, field, value)
        current.full_clean()
        current.save()
    return current


def article_update(
    *, article: Article, expected_version: int | None, changes: dict, user=None
) -> Article:
    """Change an article's metadata (never its text); `outlet` may be given by name."""
    changes = dict(changes)
    if "text" in changes:
        raise ValidationError(
            {"text": "An article's text is never edited; import the new text as an article."}
        )
    with transaction.atomic():
        if isinstance(changes.get("outlet"), str):
            name = changes["outlet"]
            changes["outlet"] = outlet_get_or_create(name=name) if name.strip() else None
        return versioned_update(
            instance=article, expected_version=expected_version, changes=changes
        )


@dataclass
class BulkImportItem:
    index: int
    article: Article | None = None
    created: bool = False
    errors: dict | None = None


def article_bulk_import(
    *, items: list[dict], user=None, suggest: bool = True
) -> list[BulkImportItem]:
    """Import many items (the keyword arguments of `article_import`), a chunk at a time.

    Each chunk is checked first and stored in one transaction, each step one query for all of
    its articles; should the database refuse a chunk, its articles are stored one by one, so
    one article's failure leaves the others imported. Each result says what happened.
    """
    results = []
    for start in range(0, len(items), IMPORT_CHUNK):
        results += _import_chunk(
            items[start : start + IMPORT_CHUNK], start, user=user, suggest=suggest
        )
    return results


IMPORT_CHUNK = 50
_NOT_STORED = {"non_field_errors": ["The article could not be stored; try it again."]}


def _errors(exc: ValidationError) -> dict:
    return exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}


def _import_chunk(
    items: list[dict], offset: int, *, user=None, suggest: bool = True
) -> list[BulkImportItem]:
    from django.db import DatabaseError

    results = [BulkImportItem(offset + n) for n in range(len(items))]
    prepared: dict[int, Article] = {}
    for n, item in enumerate(items):
        try:
            prepared[n] = _prepare(**item, user=user)
        except ValidationError as exc:
            results[n].errors = _errors(exc)
    # Stored before: by the same text, or the same page (keyed by its hash, prefixed "page:").
    page_hashes = {a.page_hash for a in prepared.values() if a.page_hash}
    stored: dict[str, Article] = {}
    for a in Article.objects.filter(
        Q(content_hash__in={a.content_hash for a in prepared.values()})
        | Q(page_hash__in=page_hashes)
    ).order_by("-pk"):
        stored[a.content_hash] = a
        if a.page_hash:
            stored[f"page:{a.page_hash}"] = a
    for article in prepared.values():
        earlier = stored.get(f"page:{article.page_hash}") if article.page_hash else None
        if earlier is not None:
            stored.setdefault(article.content_hash, earlier)
    new: dict[str, Article] = {}
    for n, article in prepared.items():
        if article.content_hash not in stored and article.content_hash not in new:
            new[article.content_hash] = article
            results[n].created = True
    try:
        with transaction.atomic():
            _store(list(new.values()), user=user, suggest=suggest)
    except DatabaseError:
        # One by one, so that only what the database refuses is left out.
        return [
            _import_one(item, offset + n, user=user, suggest=suggest)
            for n, item in enumerate(items)
        ]
    for n, article in prepared.items():
        results[n].article = stored.get(article.content_hash) or new[article.content_hash]
        if results[n].created and results[n].article is not article:
            results[n].created = False  # the same text twice in one chunk: stored once
    return results


def _import_one(item: dict, index: int, *, user=None, suggest: bool = True) -> BulkImportItem:
    from django.db import DatabaseError

    try:
        with transaction.atomic():
            result = article_import(**item, user=user, suggest=suggest)
    except ValidationError as exc:
        return BulkImportItem(index, errors=_errors(exc))
    except DatabaseError:
        return BulkImportItem(index, errors=_NOT_STORED)
    return BulkImportItem(index, article=result.article, created=result.created)


def article_relation_save(*, relation: ArticleRelation, user) -> ArticleRelation:
    """A curator's change to a copy/rewrite link (its kind, its original, confirmed or not);
    the statements of the articles on both ends, before and after, are regrouped."""
    with transaction.atomic():
        before = (
            ArticleRelation.objects.filter(pk=relation.pk)
            .values_list("article_id", "original_id")
            .first()
        )
        relation.reviewed_by = user
        relation.full_clean()
        relation.save()
        ids = {relation.article_id, relation.original_id, *(before or ())}
        relations_changed.send(sender=ArticleRelation, article_ids=sorted(ids))
    return relation


def article_relations_confirm(*, relations, user) -> int:
    """Confirm detected links (a queryset of them) as reviewed by `user`."""
    with transaction.atomic():
        ids = _ends(relations)
        count = relations.update(confirmed=True, reviewed_by=user)
        relations_changed.send(sender=ArticleRelation, article_ids=ids)
    return count


def article_relations_delete(*, relations, user=None) -> int:
    """Remove links (a queryset of them); the articles they joined are regrouped."""
    with transaction.atomic():
        ids = _ends(relations)
        count, _ = relations.delete()
        relations_changed.send(sender=ArticleRelation, article_ids=ids)
    return count


def _ends(relations) -> list[int]:
    return sorted(
        {pk for pair in relations.values_list("article_id", "original_id") for pk in pair}
    )


def outlet_delete(*, outlet: Outlet, user=None) -> None:
    """Delete an outlet; the articles it published protect it."""
    outlet.delete()


def article_delete(*, article: Article, expected_version: int | None = None, user=None) -> None:
    """Delete an article (the passages recorded in it protect it); the articles it was linked
    to as a copy or an original are regrouped."""
    with transaction.atomic():
        current = Article.objects.select_for_update().get(pk=article.pk)
        if expected_version is not None and current.version != expected_version:
            raise StaleVersion(current, expected_version)
        ends = _ends(ArticleRelation.objects.filter(Q(article=current) | Q(original=current)))
        current.delete()
        others = [pk for pk in ends if pk != article.pk]
        if others:
            relations_changed.send(sender=ArticleRelation, article_ids=others)


def article_block_update(*, block: ArticleBlock, kind: str, user=None) -> ArticleBlock:
    """A curator's correction of what a detected block is (story text, repeated, ...)."""
    block.kind = kind
    block.full_clean()
    block.save(update_fields=["kind"])
    return block
