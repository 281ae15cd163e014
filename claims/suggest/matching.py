"""Similarity of a reported statement to the claims an analyst already tracks."""
from __future__ import annotations

import re
from collections.abc import Sequence
from difflib import SequenceMatcher

from .lexicon import CAPITALS, COUNTRY_BY_ALIAS, DEMONYMS
from .models import KnownClaim

_WORD = re.compile(r"[a-z0-9]+(?:[-'][a-z0-9]+)*")
_STOP = frozenset(
    """a an the and or but of to in on at by for with from as into onto over under about after before
    than then that this these those it its is are was were be been being has have had do does did
    will would could should may might can must not no so such also very more most some any all
    he she they we i you his her their our your them him us who whom which what when where while
    said says say according there here has just only own same other another""".split()
)
# Words that news copy swaps for one another; each maps to one representative stem.
_SYNONYMS = {
    w: group[0]
    for group in (
        ("weapon", "weaponry", "arm", "missile", "munition", "ammunition", "artillery", "shell", "rocket", "drone"),
        ("supply", "provide", "deliver", "delivery", "transfer", "send", "ship", "shipment", "give", "sell", "sale", "export"),
        ("attack", "strike", "hit", "bomb", "shell"),
        ("kill", "death", "die", "dead", "fatality"),
        ("increase", "rise", "grow", "surge", "climb", "jump", "double"),
        ("decrease", "fall", "drop", "decline", "cut", "reduce", "shrink"),
        ("rig", "fraud", "fraudulent", "manipulate", "tamper", "steal", "stolen"),
        ("bribe", "bribery", "kickback", "payment"),
        ("evidence", "proof"),
        ("talk", "negotiation", "discussion", "meeting"),
        ("visit", "trip", "travel"),
        ("cooperation", "collaboration", "partnership", "co-operation"),
        ("warm", "warming", "heat", "temperature"),
        ("doping", "dope", "drug", "substance"),
    )
    for w in group
}


def _stem(word: str) -> str:
    for suffix, keep in (("ies", "y"), ("ied", "y"), ("ing", ""), ("ed", ""), ("es", ""), ("s", ""), ("ly", "")):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)] + keep
            break
    if len(word) > 4 and word[-1] == word[-2] and word[-1] not in "ls":
        word = word[:-1]  # "shipp" -> "ship"
    return word


def content_stems(statement: str) -> set[str]:
    text = statement.lower().replace("’", "'")
    for alias, country in COUNTRY_BY_ALIAS.items():  # Pyongyang/DPRK/North Korean -> "north korea"
        if len(alias) > 3 and alias in text:
            text = text.replace(alias, country.lower())
    for table in (CAPITALS, DEMONYMS):
        for word, country in table.items():
            if len(word) > 3 and word in text:
                text = re.sub(rf"\b{re.escape(word)}\b", country.lower(), text)
    stems = set()
    for word in _WORD.findall(text):
        if word in _STOP or len(word) < 2:
            continue
        word = word.removesuffix("'s")
        stem = _stem(word)
        stems.add(_SYNONYMS.get(word, _SYNONYMS.get(stem, stem)))
    return stems


def _trigrams(text: str) -> set[str]:
    text = " " + " ".join(_WORD.findall(text.lower())) + " "
    return {text[i:i + 3] for i in range(len(text) - 2)}


def similarity(a: str, b: str) -> float:
    """0..1: overlap of content-word stems (mostly) and of character trigrams."""
    sa, sb = content_stems(a), content_stems(b)
    if not sa or not sb:
        return 0.0
    shared = len(sa & sb)
    dice = 2 * shared / (len(sa) + len(sb))
    containment = shared / min(len(sa), len(sb))
    ta, tb = _trigrams(a), _trigrams(b)
    trigram = 2 * len(ta & tb) / (len(ta) + len(tb)) if ta and tb else 0.0
    order = SequenceMatcher(None, sorted(sa), sorted(sb)).ratio()
    return round(0.35 * containment + 0.3 * dice + 0.2 * trigram + 0.15 * order, 4)


def match_claim(statement: str, claims: Sequence[KnownClaim], threshold: float = 0.5) -> tuple[KnownClaim | None, float]:
    """The known claim most similar to statement, if it reaches threshold, and the best score."""
    best, best_score = None, 0.0
    for claim in claims:
        score = similarity(statement, claim.statement)
        if score > best_score:
            best, best_score = claim, score
    return (best, best_score) if best_score >= threshold else (None, best_score)
