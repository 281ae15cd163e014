"""Similarity of a reported statement to the claims an analyst already tracks."""

from __future__ import annotations

import heapq
import math
import re
from collections.abc import Sequence

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
        (
            "weapon",
            "weaponry",
            "arm",
            "missile",
            "munition",
            "ammunition",
            "artillery",
            "shell",
            "rocket",
            "drone",
        ),
        (
            "supply",
            "provide",
            "deliver",
            "delivery",
            "transfer",
            "send",
            "ship",
            "shipment",
            "give",
            "sell",
            "sale",
            "export",
        ),
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
    for suffix, keep in (
        ("ies", "y"),
        ("ied", "y"),
        ("ing", ""),
        ("ed", ""),
        ("es", ""),
        ("s", ""),
        ("ly", ""),
    ):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)] + keep
            break
    if len(word) > 4 and word[-1] == word[-2] and word[-1] not in "ls":
        word = word[:-1]  # "shipp" -> "ship"
    return word


# Country aliases, capitals and demonyms rewritten to the country's name, in the order they are
# applied; _REWRITE_BY_PREFIX finds the few whose first four letters occur in a statement.
_REWRITES: list[tuple[str, str, re.Pattern[str] | None]] = [
    (alias, country.lower(), None) for alias, country in COUNTRY_BY_ALIAS.items() if len(alias) > 3
] + [
    (word, country.lower(), re.compile(rf"\b{re.escape(word)}\b"))
    for table in (CAPITALS, DEMONYMS)
    for word, country in table.items()
    if len(word) > 3
]
_REWRITE_BY_PREFIX: dict[str, list[int]] = {}
for _k, (_word, _country, _pattern) in enumerate(_REWRITES):
    _REWRITE_BY_PREFIX.setdefault(_word[:4], []).append(_k)


_REWRITE_PREFIXES = frozenset(_REWRITE_BY_PREFIX)


def _rewrites_in(text: str, after: int = -1) -> list[int]:
    found = _REWRITE_PREFIXES.intersection([text[i : i + 4] for i in range(len(text) - 3)])
    return [k for prefix in found for k in _REWRITE_BY_PREFIX[prefix] if k > after]


def content_stems(statement: str) -> set[str]:
    text = statement.lower().replace("’", "'")
    # Pyongyang/DPRK/North Korean -> "north korea"; "Kyiv" -> "ukraine"
    pending = _rewrites_in(text)
    if pending:
        heapq.heapify(pending)
        last = -1
        while pending:
            k = heapq.heappop(pending)
            if k == last:
                continue
            last = k
            word, country, pattern = _REWRITES[k]
            if word in text:
                text = (
                    text.replace(word, country) if pattern is None else pattern.sub(country, text)
                )
                for later in _rewrites_in(country, k):  # a country's name may hold a later alias
                    heapq.heappush(pending, later)
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
    return {text[i : i + 3] for i in range(len(text) - 2)}


def _features(text: str) -> tuple[frozenset[str], frozenset[str]]:
    return frozenset(content_stems(text)), frozenset(_trigrams(text))


def _score(sa: frozenset[str], ta: frozenset[str], sb: frozenset[str], tb: frozenset[str]) -> float:
    if not sa or not sb:
        return 0.0
    shared = len(sa & sb)
    dice = 2 * shared / (len(sa) + len(sb))
    containment = shared / min(len(sa), len(sb))
    trigram = 2 * len(ta & tb) / (len(ta) + len(tb)) if ta and tb else 0.0
    # The order term used to be difflib's ratio over the two sorted stem lists; for sorted lists of
    # distinct items that ratio is exactly the Dice coefficient (every shared stem lies in one
    # increasing common run), so it is computed directly.
    order = dice
    return round(0.35 * containment + 0.3 * dice + 0.2 * trigram + 0.15 * order, 4)


def similarity(a: str, b: str) -> float:
    """0..1: overlap of content-word stems (mostly) and of character trigrams."""
    return _score(*_features(a), *_features(b))


class ClaimIndex:
    """Known claims prepared once for matching many statements against them.

    Each claim's stems and trigrams are computed when the index is built, and an inverted
    index maps each stem (after synonyms) to the claims that contain it. A statement is scored
    only against the claims sharing its stems, at most ``cap`` of them ranked by the summed IDF
    weight of the shared stems. A claim sharing no stem cannot reach the threshold anyway
    (stems carry 0.8 of the score), so for small collections the result equals a full scan.
    Stems held by more than ``rare`` claims are not scanned one by one: the claims holding
    all of them (set intersection, rarest first) are added instead.
    """

    def __init__(self, claims: Sequence[KnownClaim] = (), cap: int = 30, rare: int = 128) -> None:
        self.claims: tuple[KnownClaim, ...] = tuple(claims)
        self.cap, self.rare = cap, rare
        self._stems: list[frozenset[str]] = []
        self._trigrams: list[frozenset[str]] = []
        postings: dict[str, list[int]] = {}
        for i, claim in enumerate(self.claims):
            stems, trigrams = _features(claim.statement)
            self._stems.append(stems)
            self._trigrams.append(trigrams)
            for stem in stems:
                postings.setdefault(stem, []).append(i)
        self._postings = {stem: tuple(ids) for stem, ids in postings.items()}
        self._sets: dict[str, frozenset[int]] = {}  # posting sets of common stems, built on demand
        n = len(self.claims)
        self._idf = {
            stem: math.log((n + 1) / (len(ids) + 0.5)) for stem, ids in self._postings.items()
        }

    def __len__(self) -> int:
        return len(self.claims)

    def __iter__(self):
        return iter(self.claims)

    def _posting_set(self, stem: str) -> frozenset[int]:
        found = self._sets.get(stem)
        if found is None:
            found = self._sets[stem] = frozenset(self._postings[stem])
        return found

    def candidates(self, stems: frozenset[str]) -> list[int]:
        """Indices of the claims worth scoring against a statement with these stems, best first."""
        known = sorted(
            (s for s in stems if s in self._postings), key=lambda s: (len(self._postings[s]), s)
        )
        weight: dict[int, float] = {}
        common = []
        for stem in known:
            ids = self._postings[stem]
            if len(ids) > self.rare:
                common.append(stem)
                continue
            idf = self._idf[stem]
            for i in ids:
                weight[i] = weight.get(i, 0.0) + idf
        if common:
            together = self._posting_set(common[0])
            common_weight = self._idf[common[0]]
            for stem in common[1:]:
                narrower = together & self._posting_set(stem)
                if narrower:
                    together, common_weight = narrower, common_weight + self._idf[stem]
            for i in weight:
                if i in together:
                    weight[i] += common_weight
            extra = self.cap
            for i in sorted(together) if len(together) <= 4 * self.cap else together:
                if extra <= 0:
                    break
                if i not in weight:
                    weight[i] = common_weight
                    extra -= 1
        ranked = sorted(weight, key=lambda i: (-weight[i], i))
        return ranked[: self.cap]

    def match(self, statement: str, threshold: float = 0.5) -> tuple[KnownClaim | None, float]:
        """The known claim most similar to statement, if it reaches threshold, and the best score."""
        stems, trigrams = _features(statement)
        if not stems:
            return None, 0.0
        # The stem terms alone bound the score (trigram overlap <= 1): score the most promising
        # first and stop once no remaining candidate can beat the best so far.
        # Claims whose bound stays under the threshold are skipped, so the score returned with
        # no match is the best among those scored, not necessarily over all claims.
        bounded = []
        n_stems, n_trigrams = len(stems), len(trigrams)
        for i in self.candidates(stems):
            other, other_trigrams = self._stems[i], len(self._trigrams[i])
            shared = len(stems & other)
            bound = (
                0.35 * shared / min(n_stems, len(other))
                + 0.45 * 2 * shared / (n_stems + len(other))
                + 0.2 * 2 * min(n_trigrams, other_trigrams) / max(1, n_trigrams + other_trigrams)
                + 1e-4
            )
            if bound >= threshold:
                bounded.append((-bound, i))
        bounded.sort()
        best, best_score = None, 0.0
        for negative_bound, i in bounded:
            if -negative_bound < best_score:
                break
            score = _score(stems, trigrams, self._stems[i], self._trigrams[i])
            if score > best_score or (score == best_score and best is not None and i < best):
                best, best_score = i, score
        if best is None:
            return None, 0.0
        return (self.claims[best], best_score) if best_score >= threshold else (None, best_score)


def match_claim(
    statement: str, claims: Sequence[KnownClaim] | ClaimIndex, threshold: float = 0.5
) -> tuple[KnownClaim | None, float]:
    """The known claim most similar to statement, if it reaches threshold, and the best score.

    claims is a ClaimIndex (prepared once, fast for thousands of claims) or a plain sequence
    (compared one by one: fine for a handful of claims).
    """
    if isinstance(claims, ClaimIndex):
        return claims.match(statement, threshold)
    best, best_score = None, 0.0
    stems, trigrams = _features(statement)
    for claim in claims:
        score = _score(stems, trigrams, *_features(claim.statement))
        if score > best_score:
            best, best_score = claim, score
    return (best, best_score) if best_score >= threshold else (None, best_score)
