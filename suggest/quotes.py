"""Quotations in a paragraph: straight and curly double quotes, and single curly quotes told
from apostrophes by what surrounds them. A quotation left open runs to the end of the
paragraph, as one continued in the next paragraph does."""

from __future__ import annotations

import re

_QUOTE = re.compile(
    r"[\"“]([^\"“”]*)(?:[\"”]|$)"
    # single curly quotes, told from apostrophes by what surrounds them
    r"|(?:^|(?<=[\s(]))‘([^‘]*?)’(?=[\s,.;:!?”\"]|$)"
)


def quote_spans(text: str) -> list[tuple[int, int]]:
    """Offsets of the inside of each quotation in a paragraph."""
    spans = []
    for m in _QUOTE.finditer(text):
        group = 1 if m.start(1) >= 0 else 2
        inside = m[group].rstrip().rstrip(".,;:").rstrip()  # the sentence's stop, not the words
        spans.append((m.start(group), m.start(group) + len(inside)))
    return spans
