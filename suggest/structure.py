"""Page structure of a scraped article: title, date marker, captions, repeats, boilerplate."""

from __future__ import annotations

import datetime
import re

from .dates import resolve_date
from .models import Block, Structure

_LINE = re.compile(r"[^\n]*")
_DATE_MARKER = re.compile(r"^\s*date\s+(\d{4}-\d{2}-\d{2})\b\s*")
_PUBLISHED = re.compile(
    r"^\s*(?:Published|Posted|Updated|Last updated)(?:\s+on)?\s*:?\s*(.{4,40}?\d{4})\b[^\n]{0,20}$",
    re.I,
)
_CAPTION = re.compile(
    r"(?:\b(?:Picture|Photo|Photograph|Image|Pic|Photo credit|Credit|Photos|Pictures)\s*:\s*[^\n]{1,120}"
    r"|\((?:[A-Z]+ )?Photo\b[^)]*\)"
    r"|(?:/|\b)(?:REUTERS|AFP|AP|EPA|Getty Images|Bloomberg|ANADOLU|XINHUA)(?:/[A-Z][\w ]+)?)\s*$"
)
# Lines that are page furniture wherever they appear.
_FURNITURE = re.compile(
    r"^\s*(?:related articles?|related stories|related|read more|read next|more on this story|"
    r"back to top(?: button)?|would you like to comment on this article\??|"
    r"sign up\b.*|sign in\b.*|subscribe\b.*|please read our comment policy.*|share this (?:article|story)|"
    r"share on \w+|advertisement|advertising|follow us\b.*|latest|most read|recommended|trending|"
    r"(?:©|copyright)\b.*|all rights reserved.*|published by\b.*|you may also like|"
    r"\(?reporting by\b.*|editing by\b.*|comments?|leave a comment)\s*$",
    re.I,
)
# A publisher's signature line ("Reuters") just before the trailing furniture.
_SIGNATURE = re.compile(r"^\s*[(\[]?[A-Z][\w&.' -]{1,40}[)\]]?\s*$")
_BYLINE = re.compile(
    r"^\s*By\s+[A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){0,3}(?:\s*(?:,|and|&)\s*[A-Z][\w.'’ -]+)?\s*$"
)
# A wire dateline: the place, maybe a date ("Oct 17", "March 12 2024", "12 March, 2024") and
# the agency in brackets, then a dash or colon: "KYIV, March 12 2024 (Agency) - ".
_DATELINE = re.compile(
    r"^\s*([A-Z][A-Za-z.'’-]*(?:[ /][A-Z][A-Za-z.'’-]*){0,3})"
    r"(?:,\s*(?P<date>(?:[A-Z][a-z]{2,8}\.?\s*\d{1,2}|\d{1,2}\s+[A-Z][a-z]{2,8}\.?)(?:,?\s*\d{4})?))?"
    r"\s*(?:\((?P<agency>[^)]{1,30})\)\s*)?(?::|—|–|--|-)\s+(?=\S)"
)
_DATELINE_SPAN = 80  # a dateline is a few words at the start of the first paragraph
_MIN_REPEAT = 40  # shorter lines ("Reuters", "Latest") repeat innocently


def _lines(text: str) -> list[tuple[int, int]]:
    spans, position = [], 0
    for line in text.split("\n"):
        spans.append((position, position + len(line)))
        position += len(line) + 1
    return spans


def _is_caption(line: str) -> bool:
    # a photo credit closes the line, so only its tail needs the (costly) pattern
    return _CAPTION.search(line[-160:]) is not None


def _is_prose(line: str) -> bool:
    stripped = line.strip()
    return len(stripped) > 200 or bool(re.search(r"[.!?”\"]\s*$", stripped))


def detect_structure(text: str) -> Structure:
    lines = _lines(text)
    blocks: list[Block] = []
    published_on: datetime.date | None = None
    claimed: set[int] = set()  # line indexes already fully explained by a block

    for index, (start, end) in enumerate(lines):
        line = text[start:end]
        if m := _DATE_MARKER.match(line):
            blocks.append(Block(start, start + m.end(), "dateline-marker"))
            published_on = published_on or resolve_date(m[1], None)
            rest_start = start + m.end()
            if rest_start < end and _is_caption(text[rest_start:end]):
                blocks.append(Block(rest_start, end, "caption"))
            claimed.add(index)
        elif index < 12 and (m := _PUBLISHED.match(line)):
            blocks.append(Block(start, end, "dateline-marker"))
            published_on = published_on or _parse_loose_date(m[1])
            claimed.add(index)
        elif line.strip() and len(line) < 400 and _is_caption(line) and not _FURNITURE.match(line):
            blocks.append(Block(start, end, "caption"))
            claimed.add(index)

    repeated = _repeated_blocks(text, lines)
    blocks.extend(repeated)
    repeated_lines = {
        i for i, (s, e) in enumerate(lines) for b in repeated if b.start <= s and e <= b.end
    }
    claimed |= repeated_lines

    blocks.extend(_furniture_blocks(text, lines, claimed))
    title, byline, title_blocks = _title(text, lines, claimed, repeated)
    blocks.extend(title_blocks)
    dateline = _dateline(
        text,
        lines,
        {i for i, (s, e) in enumerate(lines) for b in blocks if b.start <= s and e <= b.end},
    )
    if (
        published_on is None
        and dateline
        and dateline["date"]
        and re.search(r"\d{4}", dateline["date"])
    ):
        published_on = _parse_loose_date(dateline["date"])
    return Structure(
        title=title,
        published_on=published_on,
        dateline=dateline[1] if dateline else "",
        byline=byline,
        agency=_agency(dateline),
        blocks=_tidy(blocks),
    )


def _parse_loose_date(expression: str) -> datetime.date | None:
    return resolve_date(expression, None)


def _repeated_blocks(text: str, lines: list[tuple[int, int]]) -> list[Block]:
    first_seen: dict[str, int] = {}
    runs: list[list[int]] = []  # [block start, block end, original start]
    previous_repeat = -2
    for index, (start, end) in enumerate(lines):
        key = " ".join(text[start:end].split())
        if not key:
            continue
        if len(key) >= _MIN_REPEAT and key in first_seen:
            if previous_repeat == index - 1 or (
                runs and _only_blank_between(text, lines, previous_repeat, index)
            ):
                runs[-1][1] = end
            else:
                runs.append([start, end, first_seen[key]])
            previous_repeat = index
        else:
            first_seen.setdefault(key, start)
    # One paragraph printed again is a repeated statement (wire copy repeats its lead): it is
    # read each time. Several in a row are the page printing its body twice: read once.
    return [
        Block(s, e, "repeated", original)
        for s, e, original in runs
        if sum(1 for a, b in lines if s <= a and b <= e and text[a:b].strip()) > 1
    ]


def _only_blank_between(text: str, lines: list[tuple[int, int]], a: int, b: int) -> bool:
    return a >= 0 and all(not text[s:e].strip() for s, e in lines[a + 1 : b])


def _furniture_blocks(text: str, lines: list[tuple[int, int]], claimed: set[int]) -> list[Block]:
    blocks = []
    half = len(text) * 0.4
    for index, (start, end) in enumerate(lines):
        if index in claimed or not _FURNITURE.match(text[start:end]) or not text[start:end].strip():
            continue
        if start >= half:
            # Everything after the first furniture line in the tail is page chrome:
            # related headlines, prompts, the publisher's footer. A signature line just before it goes too.
            first = probe = index
            while probe > 0:
                probe -= 1
                previous = text[lines[probe][0] : lines[probe][1]]
                if previous.strip() and not (
                    _SIGNATURE.match(previous) and len(previous.split()) <= 3
                ):
                    break
                if previous.strip():
                    first = probe
            tail_end = lines[-1][1]
            blocks.append(Block(lines[first][0], tail_end, "furniture"))
            return blocks
        blocks.append(Block(start, end, "furniture"))
    return blocks


def _title(text: str, lines: list[tuple[int, int]], claimed: set[int], repeated: list[Block]):
    top: list[tuple[int, int]] = []
    byline = ""
    for index, (start, end) in enumerate(lines):
        line = text[start:end]
        if index in claimed or not line.strip():
            continue
        if _BYLINE.match(line):
            byline = line.strip()[3:].strip()
            continue
        if _is_prose(line) or len(line) > 120 and _DATELINE.match(line[:_DATELINE_SPAN]):
            break
        top.append((start, end))
    if not top and repeated:
        # Pages that repeat the body often print the headline just before the second copy.
        first_copy = repeated[0].start
        for start, end in reversed([span for span in lines if span[1] < first_copy]):
            if not text[start:end].strip():
                continue
            if _is_prose(text[start:end]) or len(text[start:end].split()) > 25:
                break
            top.insert(0, (start, end))
    if not top:
        return "", byline, []
    candidates = [span for span in top if len(text[span[0] : span[1]].split()) >= 3] or top
    head = candidates[0]
    return text[head[0] : head[1]].strip(), byline, [Block(s, e, "title") for s, e in top]


def _dateline(text: str, lines: list[tuple[int, int]], blocked: set[int]) -> re.Match | None:
    """The first paragraph's wire dateline, if it opens with one."""
    for index, (start, end) in enumerate(lines):
        line = text[start:end]
        if index in blocked or not line.strip() or _BYLINE.match(line):
            continue
        if _is_prose(line):
            return _DATELINE.match(line[:_DATELINE_SPAN])
    return None


def _agency(m: re.Match | None) -> str:
    """The publisher a dateline names ("(Reuters)"), not a photo credit or a day of the week."""
    agency = (m["agency"] or "").strip() if m else ""
    return agency if agency and agency[:1].isupper() and not agency.isdigit() else ""


def _tidy(blocks: list[Block]) -> list[Block]:
    """Sort and drop overlaps, keeping the earlier-starting block."""
    tidy: list[Block] = []
    for block in sorted(blocks, key=lambda b: (b.start, -b.end)):
        if tidy and block.start < tidy[-1].end:
            if block.end <= tidy[-1].end:
                continue
            block = Block(tidy[-1].end, block.end, block.kind, block.original_start)
        tidy.append(block)
    return tidy
