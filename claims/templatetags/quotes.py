"""A passage shown between quotation marks, without doubling the marks it already has: a quote
selected with its opening mark reads “They report …”, not ““They report …”."""

import re

from django import template

register = template.Library()

_OPENING = '"“„«‘'
_CLOSING = re.compile(r"[\"”»’]")
# A closing mark at the very end, after the comma or stop a quotation ends with inside its marks.
_END = re.compile(r"""\s*[,.;:!?]?\s*["”»’]\s*$""")


def quoted(text: str) -> str:
    """`text` between “ and ”. If it opens with a mark of its own, that mark (and a closing
    one at its end) stands in for ours; if it holds a quotation that closes before its end
    (“…,” she said), it is shown as it is, its own marks balanced."""
    text = (text or "").strip()
    if not text.startswith(tuple(_OPENING)):
        return f"“{text}”"
    inner = text[1:]
    end = _END.search(inner)
    if end:
        punctuation = inner[end.start() : end.end()].strip()[:-1]
        inner = inner[: end.start()] + punctuation
    if _CLOSING.search(inner):
        return text
    return f"“{inner.strip()}”"


@register.filter(name="quoted")
def quoted_filter(text: str) -> str:
    return quoted(text)
