"""Date expressions near reporting verbs, resolved against the article's publication date.

Conventions where English is vague:
- a weekday ("on Tuesday", "last Tuesday") is the most recent such day strictly before the
  article date (news copy uses "today" for the day itself);
- "last week" is the article date minus 7 days; "last month" and "earlier this month" are the
  first day of that month; "this week", "earlier this week" and "last year" are too vague: None;
- a month and day without a year is in the article's year, or the year before if that would
  fall after the article date; "in September" is the first of that month by the same rule.
Relative expressions give None when the publication date is unknown.
"""

from __future__ import annotations

import datetime
import re

from .lexicon import MONTH_ABBREVIATIONS, MONTHS, WEEKDAYS

_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December|"
    r"Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept?\.?|Oct\.?|Nov\.?|Dec\.?)"
)
_WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_DAY = r"\d{1,2}(?:st|nd|rd|th)?"

# One pattern for finding expressions in running text; the groups are re-read by resolve_date.
DATE_EXPRESSION = re.compile(
    rf"\b(?:(?:on\s+)?(?:last\s+|this\s+|next\s+|early\s+|late\s+)?{_WEEKDAY}(?:\s+(?:night|morning|afternoon|evening))?"
    rf"|(?:on\s+)?{_MONTH}\s+{_DAY}(?:,?\s+\d{{4}})?"
    rf"|(?:on\s+)?{_DAY}\s+{_MONTH}(?:,?\s+\d{{4}})?"
    rf"|in\s+(?:early\s+|mid-|late\s+)?{_MONTH}(?:\s+\d{{4}})?"
    rf"|(?:on\s+)?\d{{4}}-\d{{2}}-\d{{2}}"
    rf"|yesterday|today|tonight|last\s+night"
    rf"|(?:earlier|later)\s+this\s+(?:week|month|year)|(?:last|this)\s+(?:week|month|year))\b",
    re.IGNORECASE,
)

# Words without which no date expression can match: the full pattern runs only near them,
# which keeps the scan of a whole article cheap.
_ANCHOR = re.compile(
    r"\b(?:[Mm]ondays?|[Tt]uesdays?|[Ww]ednesdays?|[Tt]hursdays?|[Ff]ridays?|[Ss]aturdays?|[Ss]undays?|"
    r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*|[Yy]esterday|[Tt]oday|[Tt]onight|week|month|"
    r"year|night|\d{4}-\d{2}-\d{2})\b"
)


def find_dates(text: str) -> list[tuple[int, int, str]]:
    """(start, end, wording) of every date expression in text."""
    found: list[tuple[int, int, str]] = []
    window_end = -1
    for anchor in _ANCHOR.finditer(text):
        if anchor.end() + 24 <= window_end:
            continue  # already scanned with the previous anchor
        start = max(0, anchor.start() - 24)
        window_end = min(len(text), anchor.end() + 24)
        for m in DATE_EXPRESSION.finditer(text, start, window_end):
            if not found or m.start() >= found[-1][1]:
                found.append((m.start(), m.end(), m[0]))
    return found


_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_MONTH_DAY = re.compile(
    rf"({_MONTH})\s+({_DAY})(?:,?\s+(\d{{4}}))?|({_DAY})\s+({_MONTH})(?:,?\s+(\d{{4}}))?", re.I
)
_IN_MONTH = re.compile(rf"\bin\s+(?:early\s+|mid-|late\s+)?({_MONTH})(?:\s+(\d{{4}}))?", re.I)
_WEEKDAY_RE = re.compile(_WEEKDAY, re.I)


def _month_number(word: str) -> int:
    word = word.lower().rstrip(".")
    if word in MONTHS:
        return MONTHS.index(word) + 1
    return MONTH_ABBREVIATIONS[word[:4] if word.startswith("sept") else word[:3]]


def _safe_date(year: int, month: int, day: int) -> datetime.date | None:
    try:
        return datetime.date(year, month, day)
    except ValueError:
        return None


def _in_article_year(
    month: int, day: int, published_on: datetime.date | None
) -> datetime.date | None:
    if published_on is None:
        return None
    candidate = _safe_date(published_on.year, month, day)
    if candidate is not None and candidate > published_on:
        candidate = _safe_date(published_on.year - 1, month, day)
    return candidate


def resolve_date(expression: str, published_on: datetime.date | None) -> datetime.date | None:
    """Turn a date expression into a date, or None when it cannot be pinned down."""
    text = " ".join(expression.lower().split())
    if m := _ISO.search(text):
        return _safe_date(int(m[1]), int(m[2]), int(m[3]))
    if m := _MONTH_DAY.search(text):
        month_word, day, year = (m[1], m[2], m[3]) if m[1] else (m[5], m[4], m[6])
        month, day_number = _month_number(month_word), int(re.sub(r"\D", "", day))
        if year:
            return _safe_date(int(year), month, day_number)
        return _in_article_year(month, day_number, published_on)
    if m := _IN_MONTH.search(text):
        month = _month_number(m[1])
        if m[2]:
            return _safe_date(int(m[2]), month, 1)
        return _in_article_year(month, 1, published_on)
    if published_on is None:
        return None
    if m := _WEEKDAY_RE.search(text):
        wanted = WEEKDAYS.index(m[0].lower())
        back = (published_on.weekday() - wanted) % 7 or 7
        return published_on - datetime.timedelta(days=back)
    if text in ("today", "tonight"):
        return published_on
    if text in ("yesterday", "last night"):
        return published_on - datetime.timedelta(days=1)
    if text == "last week":
        return published_on - datetime.timedelta(days=7)
    if text == "earlier this month":
        return published_on.replace(day=1)
    if text == "last month":
        return (published_on.replace(day=1) - datetime.timedelta(days=1)).replace(day=1)
    return None
