"""Values read straight from a request's query string or form, where anything may arrive.

Forms and FilterSets check their own fields; these helpers are for the few values a view reads
itself (an id in `?edit=`, the words of a search box), so that a hostile value reads as "none"
rather than reaching the database.
"""

import unicodedata

# The largest id or version the database stores (a 64-bit signed integer): SQLite refuses a
# larger number outright, and PostgreSQL errors on it in some look-ups.
MAX_ID = 2**63 - 1
_MAX_ID_DIGITS = len(str(MAX_ID))


def parse_id(value: object) -> int | None:
    """A positive record id or version number given as text, or None.

    Only ASCII digits: `str.isdigit()` also accepts "²" (which `int()` refuses) and "٣" (which
    `int()` reads as 3). Within MAX_ID, and short, so `int()` never meets its digit limit.
    """
    if not isinstance(value, str) or not value.isascii() or not value.isdigit():
        return None
    digits = value.lstrip("0")
    if not digits or len(digits) > _MAX_ID_DIGITS:
        return None
    number = int(digits)
    return number if 0 < number <= MAX_ID else None


def parse_ids(values: list[str], *, limit: int) -> list[int]:
    """The valid ids among `values` (a `getlist()`), at most `limit` of them."""
    return [n for n in map(parse_id, values) if n is not None][:limit]


def search_words(value: str | None, *, limit: int = 200) -> str:
    """What was typed into a search box, as a query can use it: control characters (NUL, which
    PostgreSQL refuses in any text, among them) and surrogates removed, runs of spaces made one,
    and at most `limit` characters."""
    if not value:
        return ""
    # What is past the limit is never searched; a megabyte pasted in is not read to the end.
    value = value[: limit * 4]
    kept = "".join(
        " " if ch.isspace() else ch
        for ch in value
        if ch.isspace() or unicodedata.category(ch) not in ("Cc", "Cs")
    )
    return " ".join(kept.split())[:limit]
