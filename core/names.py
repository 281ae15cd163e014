"""How the names of actors, their aliases and the statements of claims are written and compared.

Every surface (pages, API, admin, commands) reaches these through the services, so a name typed
with a fullwidth letter, a zero-width space or a right-to-left override is the same name as the
plain one, and a name that only looks like another (a Cyrillic "а" in "Sergei Lavrov") can be
told apart before it becomes a second record.
"""

import unicodedata

from confusable_homoglyphs import categories, confusables

# Invisible characters that carry no letter: format characters (zero-width space and joiners,
# bidirectional controls such as the right-to-left override, the soft hyphen, the BOM), control
# characters, surrogates and private-use code points by category; variation selectors, the
# combining grapheme joiner and the Hangul fillers (which render as blank letters) by name.
_DROPPED_CATEGORIES = {"Cc", "Cf", "Cs", "Co"}
_DROPPED = {
    "\u034f",
    "\u115f",
    "\u1160",
    "\u17b4",
    "\u17b5",
    "\u3164",
    *map(chr, range(0xFE00, 0xFE10)),
    *map(chr, range(0xE0100, 0xE01F0)),
}


def normalise_text(value: str) -> str:
    """`value` in Unicode NFKC (fullwidth and compatibility forms folded to the plain letters),
    invisible and control characters removed, runs of whitespace made one space, trimmed.

    An empty result means nothing visible was given; the caller refuses it.
    """
    kept = []
    for char in unicodedata.normalize("NFKC", value or ""):
        if char.isspace():
            kept.append(" ")
        elif char not in _DROPPED and unicodedata.category(char) not in _DROPPED_CATEGORIES:
            kept.append(char)
    # NFKC again: dropping a character can bring two that compose together.
    return " ".join(unicodedata.normalize("NFKC", "".join(kept)).split())


def name_skeleton(value: str) -> str:
    """What a name looks like, for telling look-alikes apart: every letter or digit from another
    script that can be mistaken for a Latin letter (Cyrillic "а", Greek "ο", the digit "0")
    becomes that letter, then case is folded. Two names with one skeleton read the same.

    The homoglyphs are Unicode's (UTS #39 confusables) as the confusable_homoglyphs package ships
    them; only letters and digits are replaced, so punctuation and spacing stay as written.
    """
    value = normalise_text(value)
    found = confusables.is_confusable(value, greedy=True, preferred_aliases=["latin"]) or []
    latin = {}
    for entry in found:
        if unicodedata.category(entry["character"])[0] not in "LN":
            continue
        for homoglyph in entry["homoglyphs"]:
            glyph = homoglyph["c"]
            if len(glyph) == 1 and glyph.isalpha() and categories.alias(glyph) == "LATIN":
                latin[entry["character"]] = glyph
                break
    return "".join(latin.get(char, char) for char in value).casefold()


# Stored names whose skeleton may differ from their lower-cased self (a regular expression the
# database evaluates on SQLite and PostgreSQL alike).
NAME_SKELETON_CANDIDATES = r"[^ -~]|[0-9]"
