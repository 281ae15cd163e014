"""Locating a quoted passage in an article's text (W3C text-quote selector -> offsets)."""

import re
from collections.abc import Iterable


class PassageError(ValueError):
    """The quote cannot be anchored: found nowhere, or in several places (`candidates`)."""

    def __init__(self, message: str, candidates: list[tuple[int, int]] | None = None):
        super().__init__(message)
        self.candidates = candidates or []


def _occurrences(text: str, exact: str) -> list[int]:
    return [m.start() for m in re.finditer(re.escape(exact), text)]


def resolve_quote(
    text: str,
    exact: str,
    prefix: str = "",
    suffix: str = "",
    *,
    duplicate_spans: Iterable[tuple[int, int]] = (),
) -> tuple[int, int]:
    """Offsets of `exact` in `text`.

    Where the quote occurs more than once, `prefix` and `suffix` (the text just before and after)
    choose between the occurrences; failing that, occurrences inside a detected repeated block
    (a second copy of the same text) give way to the original.
    """
    if not exact:
        raise PassageError("The quote is empty.")
    starts = _occurrences(text, exact)
    if not starts:
        raise PassageError("The quote does not occur in the article's text.")
    if len(starts) > 1 and (prefix or suffix):
        starts = [
            s
            for s in starts
            if text[:s].endswith(prefix) and text[s + len(exact) :].startswith(suffix)
        ] or starts
    if len(starts) > 1:
        spans = list(duplicate_spans)
        originals = [s for s in starts if not any(a <= s < b for a, b in spans)]
        if len(originals) == 1:
            starts = originals
    if len(starts) > 1:
        candidates = [(s, s + len(exact)) for s in starts]
        listed = ", ".join(f"{a}-{b}" for a, b in candidates)
        raise PassageError(
            f"The quote occurs {len(starts)} times (at {listed}); give a prefix or suffix, or offsets.",
            candidates,
        )
    return starts[0], starts[0] + len(exact)
