"""Sentence segmentation that keeps multi-sentence quotations together."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

OPEN_QUOTES = '“"‘'
CLOSE_QUOTES = '”"’'
_BOUNDARY = re.compile(r"[.!?]+[\"”’)\]]*(?=\s+[\"“‘(\[]?[A-Z0-9])")
_WORD_BEFORE = re.compile(r"(\w+)\W*$")
_ABBREVIATIONS = frozenset(
    "mr mrs ms dr prof gen sen rep gov lt col capt sgt st jr sr no vs etc inc corp co ltd "
    "jan feb mar apr jun jul aug sep sept oct nov dec u.s u.k e.g i.e fig approx dept est".split()
)
_QUOTE_MARK = re.compile(r'[“”"]')
_MAX_QUOTE = 600  # longer "quotes" are unbalanced marks, not quotations
_HEADING_END = re.compile(r"[.!?:;\"”’)]\s*$")


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    text: str
    paragraph: int
    is_heading: bool  # a short line without closing punctuation: headline, section, standfirst


def quote_spans(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Spans of double-quoted passages (marks included) within text[start:end]."""
    end = len(text) if end is None else end
    spans: list[tuple[int, int]] = []
    opened: int | None = None
    for m in _QUOTE_MARK.finditer(text, start, end):
        i, ch = m.start(), m[0]
        if ch == "“" or (ch == '"' and opened is None):
            opened = i
        elif (ch == "”" or ch == '"') and opened is not None:
            if i - opened <= _MAX_QUOTE:
                spans.append((opened, i + 1))
            opened = None
    return spans


def _is_abbreviation(text: str, dot: int) -> bool:
    if text[dot] != ".":
        return False
    m = _WORD_BEFORE.search(text, max(0, dot - 12), dot + 1)
    if not m:
        return False
    word = m[1].lower()
    return word in _ABBREVIATIONS or (len(word) == 1 and m[1].isupper())


def split_sentences(text: str, skip: Sequence[tuple[int, int]] = ()) -> list[Sentence]:
    """Sentences of each line (paragraph), leaving out the parts covered by skip spans."""
    sentences: list[Sentence] = []
    skip = sorted(skip)
    position = 0
    for paragraph, line in enumerate(text.split("\n")):
        line_start, line_end = position, position + len(line)
        position = line_end + 1
        for seg_start, seg_end in _allowed(line_start, line_end, skip):
            heading = _is_heading(text[seg_start:seg_end])
            quotes = quote_spans(text, seg_start, seg_end)
            cut = seg_start
            for m in _BOUNDARY.finditer(text, seg_start, seg_end):
                dot = m.start()
                # inside a quotation, unless the quotation closes right after the full stop
                if _is_abbreviation(text, dot) or any(a < dot and m.end() < b for a, b in quotes):
                    continue
                _add(sentences, text, cut, m.end(), paragraph, heading)
                cut = m.end()
            _add(sentences, text, cut, seg_end, paragraph, heading)
    return sentences


def _allowed(start: int, end: int, skip: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    parts = [(start, end)]
    for a, b in skip:
        if b <= start or a >= end:
            continue
        parts = [
            piece
            for s, e in parts
            for piece in ((s, min(e, a)), (max(s, b), e))
            if piece[0] < piece[1]
        ]
    return parts


def _is_heading(line: str) -> bool:
    stripped = line.strip()
    return bool(stripped) and len(stripped.split()) <= 16 and not _HEADING_END.search(stripped)


def _add(
    out: list[Sentence], text: str, start: int, end: int, paragraph: int, heading: bool
) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        out.append(Sentence(start, end, text[start:end], paragraph, heading))
