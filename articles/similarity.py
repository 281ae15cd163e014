"""How alike two articles are: exact copies, near-copies and rewrites of the same story.

Text outside detected blocks (repeated copies, furniture, captions, title lines) is compared as
sets of content words (lightly stemmed). Two measures decide:

- word 5-gram resemblance, high only when sentences are shared verbatim (a copy with small edits,
  another headline or other boilerplate);
- content-word and content-bigram resemblance, high when the same story is told with the same
  names and facts in other words (a rewrite), and moderate for different stories on one topic.

Candidates are found with MinHash locality-sensitive hashing over the content words, so an
import compares itself with a few likely articles instead of the whole archive.
"""

import functools
import hashlib
import re
import struct
from collections.abc import Iterable
from dataclasses import dataclass

NUM_PERM = 64
BAND_ROWS = 2  # 32 bands of 2 rows: an article sharing ~30% of its words is found 95% of the time
NUM_BANDS = NUM_PERM // BAND_ROWS

COPY_RESEMBLANCE = 0.5  # word 5-grams shared by a copy with small edits
REWRITE_WORDS = 0.30  # content words shared by a retelling of the same story
REWRITE_BIGRAMS = 0.07  # ... and content-word pairs (names, facts) it keeps together

_MERSENNE = (1 << 61) - 1
_SEEDS = [
    (
        int.from_bytes(hashlib.blake2b(f"a{i}".encode(), digest_size=8).digest()) % _MERSENNE or 1,
        int.from_bytes(hashlib.blake2b(f"b{i}".encode(), digest_size=8).digest()) % _MERSENNE,
    )
    for i in range(NUM_PERM)
]
_WORD = re.compile(r"[^\W\d_][\w'’-]*")
_STOP = frozenset(
    """a about above after again against all also am amid an and any are as at be because been before
    being below between both but by can could did do does doing down during each few for from further
    had has have having he her here hers him his how i if in into is it its itself just me more most my
    no nor not now of off on once only or other our ours out over own said same says she should so
    some such than that the their theirs them then there these they this those through to too under
    until up very was we were what when where which while who whom why will with would you your
    according told added""".split()
)


@functools.lru_cache(maxsize=1 << 16)
def _stem(word: str) -> str:
    """A lower-case word without its commonest endings (news vocabulary repeats: cached)."""
    word = word.replace("’", "'")
    if word.endswith("'s"):
        word = word[:-2]
    for suffix in ("ing", "ed", "es", "s", "ly"):
        if len(word) > len(suffix) + 3 and word.endswith(suffix):
            return word[: -len(suffix)]
    return word


def content_words(text: str) -> list[str]:
    lowered = (w.lower() for w in _WORD.findall(text))
    return [_stem(w) for w in lowered if len(w) > 1 and w not in _STOP]


def story_text(text: str, blocks: Iterable[tuple[int, int]]) -> str:
    """The article without its detected blocks (repeated copy, furniture, captions, titles)."""
    parts, position = [], 0
    for start, end in sorted(blocks):
        if start > position:
            parts.append(text[position:start])
        position = max(position, end)
    parts.append(text[position:])
    return "\n".join(parts)


def _hash(token: str) -> int:
    return struct.unpack("<Q", hashlib.blake2b(token.encode(), digest_size=8).digest())[0]


def minhash(tokens: Iterable[str]) -> list[int]:
    hashed = {_hash(t) for t in tokens}
    if not hashed:
        return [0] * NUM_PERM
    return [min((a * h + b) % _MERSENNE for h in hashed) for a, b in _SEEDS]


def bands(signature: list[int]) -> list[int]:
    """One 63-bit key per band of the signature: articles sharing a key are candidates."""
    keys = []
    for band in range(NUM_BANDS):
        rows = signature[band * BAND_ROWS : (band + 1) * BAND_ROWS]
        digest = hashlib.blake2b(repr((band, rows)).encode(), digest_size=8).digest()
        keys.append(int.from_bytes(digest) >> 1)
    return keys


def estimated_resemblance(a: list[int], b: list[int]) -> float:
    return sum(x == y for x, y in zip(a, b, strict=True)) / NUM_PERM


def _jaccard(a: frozenset, b: frozenset) -> float:
    if not a or not b:
        return 0.0
    shared = len(a & b) if len(a) <= len(b) else len(b & a)
    return shared / (len(a) + len(b) - shared)


@dataclass(frozen=True)
class Likeness:
    verbatim: float  # word 5-gram resemblance
    words: float  # content-word resemblance
    bigrams: float  # content-bigram resemblance

    @property
    def relation(self) -> str | None:
        if self.verbatim >= COPY_RESEMBLANCE:
            return "copy_of"
        if self.words >= REWRITE_WORDS and self.bigrams >= REWRITE_BIGRAMS:
            return "rewrite_of"
        return None

    @property
    def score(self) -> float:
        return round(self.verbatim if self.relation == "copy_of" else self.words, 3)


@dataclass(frozen=True)
class Features:
    """What likeness compares, computed once per story. The 5-grams, the content words and their
    pairs are kept as hashes: a story's sets of word tuples took ~120 KB, their hashes a fifth of
    that, and an import process keeps the features of the stories it compares. (Python's hashes
    differ between processes; features are only compared within one.)"""

    grams: frozenset
    words: frozenset
    pairs: frozenset


def features(story: str) -> Features:
    words = [w.lower() for w in _WORD.findall(story)]
    content = content_words(story)
    return Features(
        grams=frozenset(hash(tuple(words[i : i + 5])) for i in range(len(words) - 4)),
        words=frozenset(map(hash, content)),
        pairs=frozenset(map(hash, zip(content, content[1:], strict=False))),
    )


def likeness(story_a: str | Features, story_b: str | Features) -> Likeness:
    a = story_a if isinstance(story_a, Features) else features(story_a)
    b = story_b if isinstance(story_b, Features) else features(story_b)
    return Likeness(
        verbatim=_jaccard(a.grams, b.grams),
        words=_jaccard(a.words, b.words),
        bigrams=_jaccard(a.pairs, b.pairs),
    )


def relation(a: Features, b: Features) -> tuple[str | None, float]:
    """Likeness(a, b)'s relation and score, measuring only what decides them: a copy needs only
    its 5-grams, and bigrams matter only for a story sharing enough words."""
    verbatim = _jaccard(a.grams, b.grams)
    if verbatim >= COPY_RESEMBLANCE:
        return "copy_of", round(verbatim, 3)
    words = _jaccard(a.words, b.words)
    if words >= REWRITE_WORDS and _jaccard(a.pairs, b.pairs) >= REWRITE_BIGRAMS:
        return "rewrite_of", round(words, 3)
    return None, 0.0
