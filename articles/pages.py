"""A news web page's main text and metadata, as the field's extractors read them: trafilatura
for the text and the title, author and site name, htmldate for the date.

Extraction is bounded: the page is parsed once by lxml (which stops nesting at 256 levels), a
page of more than settings.PAGE_MAX_ELEMENTS elements is not handed to the extractors (their
work grows with the element count) and keeps all of its text instead, and markup that is not
text at all (binary noise) is refused with a clear error."""

import datetime
import hashlib
import logging
import re
from dataclasses import dataclass

import htmldate
import lxml.etree
import lxml.html
import trafilatura
from django.conf import settings

from articles.text import TextImportError, normalise_newlines

logger = logging.getLogger(__name__)


@dataclass
class Page:
    """What a page holds: its main text (paragraphs apart by a blank line) and metadata, with the
    hash of the page as fetched, by which a re-import of the same page is recognised. `note`
    says when the main text could not be told from the rest (all of the page's text is kept)."""

    text: str
    title: str = ""
    author: str = ""
    published_on: datetime.date | None = None
    site_name: str = ""
    url: str = ""
    page_hash: str = ""
    note: str = ""


NO_MAIN_TEXT = "No main text was found on the page; all of its text was kept."
TOO_LARGE = (
    "The page has {count:,} elements, too many to find its main text in; all of its text was kept."
)


def page_hash(markup: str) -> str:
    return hashlib.sha256(markup.encode("utf-8", "surrogatepass")).hexdigest()


def _date(value: str | None) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(value) if value else None
    except ValueError:
        return None


# Control characters other than tab and newlines, and the replacement character a failed
# decoding leaves: a page made mostly of them is binary data, not a web page.
_NOT_TEXT = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffd]")
_NOT_TEXT_SHARE = 0.05
_SAMPLE = 65536


def _check_is_text(markup: str) -> None:
    sample = markup[:_SAMPLE]
    if "\x00" in sample or len(_NOT_TEXT.findall(sample)) > _NOT_TEXT_SHARE * len(sample):
        raise TextImportError("The page is binary data, not a web page; nothing was imported.")


def _parse(markup: str):
    try:
        return lxml.html.document_fromstring(markup)
    except (lxml.etree.ParserError, ValueError):
        return None


# Elements whose end starts a new line when a page's text is read whole.
_BLOCKS = frozenset(
    "p div h1 h2 h3 h4 h5 h6 li tr blockquote section article header footer pre figcaption "
    "title dd dt ul ol table nav aside main form address br hr".split()
)
_SKIP = frozenset("script style iframe noscript template svg head".split())


def _all_text(tree) -> str:
    """Every piece of text on the page, a line per block: the fallback when the extractor finds
    no main text. One walk of the tree, so its time grows with the page's size only."""
    parts: list[str] = []
    skipped = 0  # inside a script, a style or the like
    events = ("start", "end", "comment", "pi")
    for event, element in lxml.etree.iterwalk(tree, events=events):
        if event in ("comment", "pi"):
            if not skipped and element.tail:
                parts.append(element.tail)
            continue
        tag = element.tag
        if event == "start":
            if tag in _SKIP:
                skipped += 1
            elif not skipped:
                parts.append("\n" if tag in _BLOCKS else "")
                parts.append(element.text or "")
            continue
        if tag in _SKIP:
            skipped -= 1
        elif not skipped and tag in _BLOCKS:
            parts.append("\n")
        if not skipped and element.tail and element is not tree:
            parts.append(element.tail)
    text = re.sub(r"[ \t\f\v\xa0]+", " ", "".join(parts))
    text = re.sub(r" *\n *", "\n", text)
    return re.sub(r"\n{2,}", "\n\n", text).strip()


def page_extract(markup: str, *, url: str = "") -> Page:
    """The page's main text without its menus, share buttons, related links and footer, and its
    title, author, date and site name. A page where the extractor finds no main text, or one
    too large to look for it in, keeps all of its text (`note` says so); one with no text at
    all, or binary data, is refused (TextImportError)."""
    hashed = page_hash(markup)
    markup = normalise_newlines(markup)
    _check_is_text(markup)
    tree = _parse(markup)
    if tree is None:
        raise TextImportError("The page has no text to import.")
    count = sum(1 for _ in tree.iter())
    if count > settings.PAGE_MAX_ELEMENTS:
        text = _all_text(tree)
        if not text:
            raise TextImportError("The page has no text to import.")
        title = tree.findtext(".//title") or ""
        return Page(
            text=text,
            title=" ".join(title.split()),
            url=url,
            page_hash=hashed,
            note=TOO_LARGE.format(count=count),
        )
    document = trafilatura.bare_extraction(
        markup,
        url=url or None,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        favor_precision=True,
        deduplicate=False,
    )
    text, note = "", ""
    if document is not None and document.text:
        text = "\n\n".join(line.strip() for line in document.text.splitlines() if line.strip())
    if not text:
        text, note = _all_text(tree), NO_MAIN_TEXT
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
        title=" ".join((document.title or "").split()) if document is not None else "",
        author=(document.author or "").strip() if document is not None else "",
        published_on=published,
        site_name=(document.sitename or "").strip() if document is not None else "",
        url=url,
        page_hash=hashed,
        note=note,
    )
