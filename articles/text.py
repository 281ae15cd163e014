"""Turning what an analyst imports into the plain text the tracker stores."""

import html
import re

import nh3
from django.conf import settings

_SPACE = re.compile(r"\s+")
# Block-level elements end a line when the markup is flattened to text.
_BLOCK_END = re.compile(
    r"(?i)<\s*(?:br\s*/?|/\s*(?:p|div|h[1-6]|li|tr|blockquote|section|article|header|footer|pre|figcaption|title))\s*>"
)


# What the upload form and `import_articles` accept as an article file.
ARTICLE_FILE_SUFFIXES = (".txt", ".text", ".html", ".htm")
HTML_FILE_SUFFIXES = (".html", ".htm")


class TextImportError(ValueError):
    """The upload cannot become an article's text; the message says why."""


def check_upload_size(size: int) -> None:
    """Refuse a file over settings.MAX_UPLOAD_BYTES, before its bytes are decoded."""
    limit = settings.MAX_UPLOAD_BYTES
    if size > limit:
        mib = 1024 * 1024
        shown = f"{limit // mib} MB" if limit % mib == 0 else f"{limit:,} bytes"
        raise TextImportError(f"The file is larger than {shown}.")


def check_text_length(text: str) -> None:
    """Refuse an article text longer than settings.MAX_ARTICLE_CHARS."""
    limit = settings.MAX_ARTICLE_CHARS
    if len(text) > limit:
        raise TextImportError(f"The text has {len(text):,} characters; the limit is {limit:,}.")


def read_article_file(upload) -> tuple[str, bool]:
    """An uploaded file's content and whether it is HTML, checked as every import checks a file:
    a .txt/.html name, at most settings.MAX_UPLOAD_BYTES, not empty, not binary, UTF-8. The type
    the browser declared is not trusted: the name and the bytes decide."""
    name = upload.name.lower()
    if not name.endswith(ARTICLE_FILE_SUFFIXES):
        raise TextImportError("Upload a .txt or .html file.")
    check_upload_size(upload.size)
    return decode_upload(upload.read()), name.endswith(HTML_FILE_SUFFIXES)


def decode_upload(raw: bytes) -> str:
    """Bytes of an uploaded .txt/.html file as text, refusing binaries and invalid UTF-8."""
    if not raw.strip():
        raise TextImportError("The file is empty.")
    if b"\x00" in raw[:8192] or raw.startswith(
        (b"%PDF", b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"PK\x03\x04")
    ):
        raise TextImportError(
            "This is a binary file (PDF, image or archive); upload plain text or HTML."
        )
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise TextImportError(
            f"The file is not valid UTF-8 (byte {exc.start}); save it as UTF-8 and upload again."
        ) from None


def normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def looks_like_html(text: str) -> bool:
    return bool(
        re.search(r"(?i)<\s*(html|body|p|div|article|script|br|span|h[1-6])\b", text[:20000])
    )


def html_to_text(markup: str) -> str:
    """Plain text of an HTML snippet: scripts, styles and all markup removed by nh3, entities
    decoded. For short markup only (its time grows with the square of the nesting); a page is
    read by articles.pages."""
    # The tag stays for nh3 to remove: dropping `</title>` would leave the title open, and the
    # parser would then read the rest of the page, scripts included, as the title's text.
    # Line breaks in the markup are spaces, as a browser shows them: a paragraph wrapped at 80
    # columns in the source is one line of text, and its sentences stay whole.
    marked = _BLOCK_END.sub(lambda m: m.group(0) + "\n", _SPACE.sub(" ", markup))
    stripped = nh3.clean(
        marked,
        tags=set(),
        clean_content_tags={"script", "style", "iframe", "noscript", "template", "svg", "head"},
    )
    text = html.unescape(stripped)
    text = re.sub(r"[ \t\f\v]+", " ", text)
    text = re.sub(r" *\n *", "\n", text)
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def to_article_text(content: str, *, is_html: bool | None = None) -> str:
    """The text an import stores: HTML is a web page, of which the main text is kept
    (articles.pages, whose metadata the importers read from it themselves)."""
    text = normalise_newlines(content)
    if is_html is None:
        is_html = looks_like_html(text)
    if is_html:
        from articles.pages import page_extract

        text = page_extract(text).text
    if not text.strip():
        raise TextImportError("There is no text to import.")
    return text
