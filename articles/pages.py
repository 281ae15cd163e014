"""A news web page's main text and metadata, as the field's extractors read them: trafilatura
for the text and the title, author and site name, htmldate for the date."""

import datetime
import hashlib
import logging
from dataclasses import dataclass

import htmldate
import trafilatura

from articles.text import TextImportError, html_to_text, normalise_newlines

logger = logging.getLogger(__name__)


@dataclass
class Page:
    """What a page holds: its main text (paragraphs apart by a blank line) and metadata, with the
    hash of the page as fetched, by which a re-import of the same page is recognised."""

    text: str
    title: str = ""
    author: str = ""
    published_on: datetime.date | None = None
    site_name: str = ""
    url: str = ""
    page_hash: str = ""


def page_hash(markup: str) -> str:
    return hashlib.sha256(markup.encode("utf-8", "surrogatepass")).hexdigest()


def _date(value: str | None) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(value) if value else None
    except ValueError:
        return None


def page_extract(markup: str, *, url: str = "") -> Page:
    """The page's main text without its menus, share buttons, related links and footer, and its
    title, author, date and site name. A page where the extractor finds no main text falls back
    to all of its text; one with no text at all is refused (TextImportError)."""
    markup = normalise_newlines(markup)
    document = trafilatura.bare_extraction(
        markup,
        url=url or None,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        favor_precision=True,
        deduplicate=False,
    )
    text = ""
    if document is not None and document.text:
        text = "\n\n".join(line.strip() for line in document.text.splitlines() if line.strip())
    if not text:
        text = html_to_text(markup)
    if not text.strip():
        raise TextImportError("The page has no text to import.")
    published = None
    try:
        published = _date(
            htmldate.find_date(markup, url=url or None, original_date=True, extensive_search=False)
        )
    except Exception:  # htmldate raises on some broken pages; the date is then left to the analyst
        logger.info("No date could be read from the page at %s.", url or "(upload)")
    if published is None and document is not None:
        published = _date(document.date)
    return Page(
        text=text,
        title=(document.title or "").strip() if document is not None else "",
        author=(document.author or "").strip() if document is not None else "",
        published_on=published,
        site_name=(document.sitename or "").strip() if document is not None else "",
        url=url,
        page_hash=page_hash(markup),
    )
