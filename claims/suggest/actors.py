"""Noun phrases that name speakers, and the per-article registry that resolves them.

A phrase is split into coordinated actors, titles and roles are stripped ("Kremlin spokesperson
Dmitry Peskov" -> name "Dmitry Peskov", role "Kremlin spokesperson"), and a kind is guessed.
The registry then maps later short forms, pronouns and descriptions ("Lavrov", "he",
"the report", "both countries") onto the entities introduced earlier.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from .lexicon import (
    CAPITALS,
    COUNTRY_BY_ALIAS,
    DEMONYMS,
    GOVERNMENT_NAMES,
    GOVERNMENT_WORDS,
    GROUP_NOUNS,
    GROUP_REFERENCES,
    INSTITUTION_GROUPS,
    NEWS_AGENCIES,
    NOT_NAMES,
    ORG_WORDS,
    REGION_ADJECTIVES,
    ROLE_HEADS,
    ROLE_MODIFIERS,
)
from .models import KnownActor

# The plural possessive inside a name is one token: "Coastal Transport Workers' Union".
TOKEN = re.compile(r"(?:[A-Z]\.){2,}|[A-Z][a-z]+s['’](?= [A-Z][a-z])|\w+(?:[-’'&]\w+)*|[^\w\s]")
PRONOUNS = frozenset("he she they it we i".split())
DETERMINERS = frozenset("the a an both either all its his her their".split())
CONNECTORS = frozenset("of for and & de van von der den al bin da du del di la le dos".split())
LINKS = frozenset("of at from for".split())  # "Michael Osei of the University of Ghana"
# Lower-case nouns that head a description of an organisation, with the kind they imply.
DESCRIPTOR_HEADS = {
    "broadcaster": "media",
    "newspaper": "media",
    "daily": "media",
    "channel": "media",
    "outlet": "media",
    "tabloid": "media",
    "agency": "organisation",
    "company": "organisation",
    "firm": "organisation",
    "group": "organisation",
    "regulator": "organisation",
    "watchdog": "organisation",
    "seller": "organisation",
    "union": "organisation",
    "party": "organisation",
    "prosecution": "organisation",
    "defence": "organisation",
    "defense": "organisation",
    "bloc": "organisation",
    "faction": "organisation",
    "caucus": "organisation",
    "movement": "organisation",
    "carrier": "organisation",
    "airline": "organisation",
    "bank": "organisation",
    "lender": "organisation",
    "insurer": "organisation",
    "manufacturer": "organisation",
    "maker": "organisation",
    "giant": "organisation",
    "retailer": "organisation",
    "operator": "organisation",
    "charity": "organisation",
    "developer": "organisation",
    "producer": "organisation",
    "club": "organisation",
    "team": "organisation",
    "federation": "organisation",
    "institute": "organisation",
    "laboratory": "organisation",
    "lab": "organisation",
    "commission": "organisation",
    "committee": "organisation",
    "council": "organisation",
    "court": "organisation",
    "body": "organisation",
    "organisation": "organisation",
    "organization": "organisation",
    "authority": "organisation",
    "ministry": "government",
    "government": "government",
    "department": "government",
    "administration": "government",
    "embassy": "government",
    "military": "government",
    "army": "organisation",
    "navy": "organisation",
    "coastguard": "organisation",
    "police": "organisation",
    "campaign": "organisation",
    "network": "organisation",
    "coalition": "organisation",
    "app": "organisation",
    "platform": "organisation",
    "startup": "organisation",
    "drugmaker": "organisation",
    "automaker": "organisation",
    "carmaker": "organisation",
    "chipmaker": "organisation",
    "miner": "organisation",
    "supplier": "organisation",
    "provider": "organisation",
    "contractor": "organisation",
    "conglomerate": "organisation",
    "hospital": "organisation",
    "clinic": "organisation",
    "university": "organisation",
    "school": "organisation",
    "ngo": "organisation",
    "think-tank": "organisation",
    "office": "organisation",
    "league": "organisation",
    "board": "organisation",
    "panel": "organisation",
    "tribunal": "organisation",
    "association": "organisation",
    "foundation": "organisation",
    "utility": "organisation",
    "publisher": "media",
    "website": "media",
    "portal": "media",
}
# Descriptors that stay part of the name: "al-Nau hospital", "ACV-Transcom union".
NAME_DESCRIPTORS = frozenset("hospital clinic university school union party team club".split())
DOCUMENT_HEADS = frozenset(
    "report study survey statement analysis document paper assessment review investigation "
    "audit findings data dossier filing letter complaint lawsuit indictment petition".split()
)
BUSINESS_WORDS = frozenset(
    """company firm app platform drugmaker automaker carmaker chipmaker maker startup carrier airline bank
    lender insurer manufacturer giant retailer operator developer producer supplier provider contractor
    conglomerate""".split()
)
# "logistics group Brightline", "mining group Tessar": a group named by its industry is a business.
INDUSTRY_WORDS = frozenset(
    """logistics shipping mining media retail energy oil gas insurance banking financial investment
    pharmaceutical pharmaceuticals drugs defence defense technology tech software telecoms
    telecommunications construction engineering chemicals chemical food drinks hotel travel
    property steel aerospace automotive fashion luxury utility utilities""".split()
)


def is_business(role: str) -> bool:
    words = set(role.lower().split())
    return bool(words & BUSINESS_WORDS) or ("group" in words and bool(words & INDUSTRY_WORDS))


GENERIC_ORG_HEADS = frozenset("company firm operator group organisation organization side".split())
# Heads of a description of a public body: "the regulator said" means the public body that spoke just before.
_IN_POWER = frozenset(("ruling", "governing"))
PUBLIC_BODY_HEADS = frozenset("regulator watchdog authority agency commission inspectorate".split())
DOCUMENT_NAMES = frozenset("report study survey review index assessment outlook".split())
MEDIA_NAMES = frozenset(
    "Times Post Journal Herald Guardian Telegraph Tribune Gazette News Chronicle Observer Economist Mail Express "
    "Standard".split()
)
_NATIONALITY = re.compile(r"[a-z](?:ian|ean|ese|ish)$")
_WORDS = re.compile(r"[\w-]+")
_CAPITALISED = re.compile(r"\b[A-Z][\w-]+")
_POSSESSIVE_END = re.compile(r"[’']s$")
_ACRONYM = re.compile(r"^[A-Z][A-Z0-9&]{1,6}$")
_YEAR_OLD = re.compile(r"^\d+-year-old$")
_ORDINAL = re.compile(r"^\d+(?:st|nd|rd|th)$")


@dataclass(slots=True)
class Token:
    text: str
    start: int
    end: int
    lower: str
    cap: bool = False  # a capitalised word that can be part of a name
    np: bool = False  # a word that can sit inside a speaker phrase


def tokenize(text: str, start: int, end: int) -> list[Token]:
    tokens = []
    append = tokens.append
    properties = _word_properties
    for m in TOKEN.finditer(text, start, end):
        word = m[0]
        begin, stop = m.span()
        lower, cap, np = properties(word)
        append(Token(word, begin, stop, lower, cap, np))
    return tokens


@lru_cache(maxsize=65536)
def _word_properties(word: str) -> tuple[str, bool, bool]:
    """Lower case, capitalised-name word, speaker-phrase word: the same for every occurrence."""
    token = Token(word, 0, 0, word.lower())
    if not word[0].isalnum():
        return token.lower, False, False
    cap = _is_cap(token)
    return token.lower, cap, cap or _is_np_word(token)


def _base(word: str) -> str:
    return word[:-2] if word.endswith(("’s", "'s")) and len(word) > 2 else word


def is_possessive(token: Token) -> bool:
    return token.text.endswith(("’s", "'s")) and len(token.text) > 2


_NAME_PARTICLE = re.compile(r"^(?:al|el|ad|as|ash|an|ibn|bin|abu)-[A-Z]")


def capitalised(word: str) -> bool:
    return word[:1].isupper() or ("-" in word[:4] and bool(_NAME_PARTICLE.match(word)))


def is_cap(token: Token) -> bool:
    return token.cap


def is_np_word(token: Token) -> bool:
    return token.np


def _is_cap(token: Token) -> bool:
    word = _base(token.text)
    return capitalised(word) and word.lower() not in NOT_NAMES


def _is_adjective_like(token: Token) -> bool:
    """A lower-case word that may sit between a determiner and a head noun ("the ruling party")."""
    return (
        token.text.isalpha()
        and token.text[:1].islower()
        and token.lower not in NOT_NAMES
        and not is_np_word(token)
    )


def _is_np_word(token: Token) -> bool:
    """A word that can sit inside a speaker phrase."""
    word = _base(token.lower)
    return (
        word in ROLE_HEADS
        or word in DESCRIPTOR_HEADS
        or word in GROUP_NOUNS
        or word in ROLE_MODIFIERS
        or word in DOCUMENT_HEADS
        or word in GROUP_REFERENCES
        or word == "news"
        or bool(_YEAR_OLD.match(word))
        or bool(_ORDINAL.match(word))  # "the 10th U.S. Circuit Court of Appeals"
        or word in INDUSTRY_WORDS  # "logistics group Brightline"
    )


@dataclass
class NounPhrase:
    start: int
    end: int
    form: str  # name | pronoun | role | description | group-ref
    name: str = ""
    role: str = ""
    kind: str = "other"
    head: str = ""
    definite: bool = False
    alias: str = ""  # "(ITA)" after a name
    complement: NounPhrase | None = None  # "a spokesperson for the regulator" -> the regulator
    owner_pronoun: str = ""  # "his office" -> "he"


def collect_backward(tokens: list[Token], end: int) -> int:
    """Index of the first token of the speaker phrase that ends just before tokens[end]."""
    i = end - 1
    first = end
    while i >= 0:
        t = tokens[i]
        if (
            t.text == ")"
            and i >= 2
            and tokens[i - 2].text == "("
            and _ACRONYM.match(tokens[i - 1].text)
        ):
            i -= 3
            continue
        if is_np_word(t) or (t.text in "’'" and i > 0 and tokens[i - 1].lower in GROUP_NOUNS):
            first = i
            i -= 1
            continue
        if (
            t.lower in CONNECTORS
            and first < end
            and i > 0
            and (is_np_word(tokens[i - 1]) or tokens[i - 1].lower in DETERMINERS)
        ):
            i -= 1
            continue
        if (
            t.lower == "on"
            and first < end
            and i > 0
            and is_cap(tokens[first])
            and is_cap(tokens[i - 1])
            and tokens[i - 1].lower in ORG_WORDS
        ):
            i -= 1  # "the Council on Public Health"
            continue
        if t.lower in DETERMINERS and first < end:
            first = i
            if i >= 2 and tokens[i - 1].lower in LINKS and is_np_word(tokens[i - 2]):
                i -= 2
                continue
            if (
                i >= 2
                and tokens[i - 1].lower == "and"
                and (is_cap(tokens[i - 2]) or tokens[i - 2].text == ")")
            ):
                i -= 1  # "the CRP and the Green Left bloc": a coordinated pair of names
                continue
            break
        if (
            first < end
            and _is_adjective_like(t)
            and is_cap(tokens[first])
            and i > 0
            and tokens[i - 1].lower in ("the", "a", "an")
        ):
            i -= 1  # "the smaller Green Left bloc"
            continue
        if (
            first < end
            and _is_adjective_like(t)
            and is_cap(tokens[first])
            and i > 0
            and is_cap(tokens[i - 1])
            and any(tokens[x].lower in ORG_WORDS for x in range(first, end))
        ):
            i -= 1  # a lower-case word inside a name: "Medicines and Healthcare products Regulatory Agency"
            continue
        if first < end and _is_adjective_like(t) and not is_cap(tokens[first]):
            # adjectives inside a description: "the ruling party", "the country's largest doctors' union"
            for back in range(i, max(i - 3, -1), -1):
                if (
                    tokens[back].lower in DETERMINERS
                    or is_possessive(tokens[back])
                    or (
                        (tokens[back].lower in DEMONYMS or tokens[back].lower in REGION_ADJECTIVES)
                        and tokens[back].text[:1].isupper()
                    )
                ):
                    if all(
                        _is_adjective_like(x) or x.text in "’'" or is_possessive(x)
                        for x in tokens[back + 1 : i + 1]
                    ):
                        i = back
                        first = back
                        break
            else:
                break
            if tokens[first].lower in DETERMINERS:
                break
            i -= 1
            continue
        if (
            t.lower in ("in", "at", "from")
            and first < end
            and i > 0
            and (
                _base(tokens[i - 1].lower) in DESCRIPTOR_HEADS or tokens[i - 1].lower in GROUP_NOUNS
            )
        ):
            i -= 1  # "the laboratory in Lausanne"
            continue
        break
    while first < end and tokens[first].lower in CONNECTORS:
        first += 1
    return first


def collect_forward(tokens: list[Token], start: int, stop: int | None = None) -> int:
    """Index just past the speaker phrase that starts at tokens[start]."""
    stop = len(tokens) if stop is None else stop
    i = start
    last = start
    while i < stop:
        t = tokens[i]
        if t.lower in DETERMINERS and (i == start or tokens[i - 1].lower in LINKS | {"and", "&"}):
            # adjectives between a determiner and its head: "the ruling party"
            j = i + 1
            while j < stop and j - i <= 4 and _is_adjective_like(tokens[j]):
                j += 1
            if j < stop and is_np_word(tokens[j]):
                i = j
                continue
            break
        if (
            t.text == "("
            and i + 2 < stop
            and tokens[i + 2].text == ")"
            and _ACRONYM.match(tokens[i + 1].text)
        ):
            i += 3
            last = i
            continue
        if is_np_word(t) or (t.text in "’'" and i > start and tokens[i - 1].lower in GROUP_NOUNS):
            i += 1
            last = i
            continue
        if (
            t.lower in CONNECTORS
            and i > start
            and i + 1 < stop
            and (is_np_word(tokens[i + 1]) or tokens[i + 1].lower in DETERMINERS)
        ):
            i += 1
            continue
        if (
            t.lower == "on"
            and i > start
            and i + 1 < stop
            and is_cap(tokens[i - 1])
            and tokens[i - 1].lower in ORG_WORDS
            and is_cap(tokens[i + 1])
        ):
            i += 1  # "the Council on Public Health"
            continue
        if t.text[:1].islower() and t.text.isalpha() and i > start:
            # an adjective before a head noun: "both the electoral commission and the ruling party"
            j = i
            while j < stop and j - i < 3 and _is_adjective_like(tokens[j]):
                j += 1
            if (
                j < stop
                and j > i
                and is_np_word(tokens[j])
                and not is_cap(tokens[j])
                and tokens[i - 1].lower in DETERMINERS
            ):
                i = j
                continue
        break
    return last


def analyse(text: str, tokens: list[Token], start: int, end: int) -> list[NounPhrase]:
    """Split tokens[start:end] into coordinated phrases and analyse each; [] if none names a speaker.

    The analysis depends only on the phrase's own text, so it is cached by that text (names
    recur within and across articles) and shifted to where the phrase stands.
    """
    if start >= end:
        return []
    base = tokens[start].start
    return [_shifted(p, base) for p in _analyse_text(text[base : tokens[end - 1].end])]


def _shifted(phrase: NounPhrase, base: int) -> NounPhrase:
    shifted = object.__new__(NounPhrase)  # copy() and dataclasses.replace are several times slower
    shifted.__dict__.update(phrase.__dict__)
    shifted.start, shifted.end = phrase.start + base, phrase.end + base
    if phrase.complement is not None:
        shifted.complement = _shifted(phrase.complement, base)
    return shifted


@lru_cache(maxsize=8192)
def _analyse_text(phrase_text: str) -> tuple[NounPhrase, ...]:
    tokens = tokenize(phrase_text, 0, len(phrase_text))
    return tuple(_analyse(phrase_text, tokens, 0, len(tokens)))


def _analyse(text: str, tokens: list[Token], start: int, end: int) -> list[NounPhrase]:
    parts: list[tuple[int, int]] = []
    depth_start = start
    for i in range(start, end):
        if tokens[i].lower in ("and", "&", ",") and i > depth_start:
            parts.append((depth_start, i))
            depth_start = i + 1
    parts.append((depth_start, end))
    if len(parts) > 1:
        phrases = [analyse_one(text, tokens, a, b) for a, b in parts if a < b]
        if all(p is not None for p in phrases) and not _one_name_with_and(tokens, parts, phrases):
            return [p for p in phrases if p is not None]
    single = analyse_one(text, tokens, start, end)
    return [single] if single else []


def _one_name_with_and(tokens: list[Token], parts: list[tuple[int, int]], phrases: list) -> bool:
    """'Independent Electoral and Boundaries Commission', 'Ministry of Health and Social Care'."""
    left, right = phrases[0], phrases[-1]
    right_first = tokens[parts[-1][0]]
    if (
        right.form == "name"
        and right.kind in ("organisation", "government")
        and left.form == "name"
        and left.kind == "person"
        and right_first.lower not in DETERMINERS
    ):
        return True
    left_words = {t.lower for t in tokens[parts[0][0] : parts[0][1]]}
    if right_first.lower in DETERMINERS:
        return False
    right_last = next(
        (
            t.lower
            for t in reversed(tokens[parts[-1][0] : parts[-1][1]])
            if t.text.isalpha() and not _ACRONYM.match(t.text)
        ),
        "",
    )
    if (
        right_last in ORG_WORDS
        and not left_words & ORG_WORDS
        and left.kind not in ("state", "person", "other")
    ):
        return True  # "Cybersecurity and Infrastructure Security Agency"
    return bool(left_words & {"of", "for"}) and (
        right.kind in ("organisation", "government")
        or left.kind in ("organisation", "government")
        and right.kind == "person"
    )


def analyse_one(text: str, tokens: list[Token], start: int, end: int) -> NounPhrase | None:
    toks = tokens[start:end]
    if [t.lower for t in toks] in (
        ["both"],
        ["the", "two", "sides"],
        ["both", "sides"],
        ["the", "two"],
    ):
        return NounPhrase(toks[0].start, toks[-1].end, "group-ref", head="sides", definite=True)
    definite = False
    owner_pronoun = ""
    while toks and toks[0].lower in DETERMINERS:
        definite = definite or toks[0].lower not in ("a", "an")
        owner_pronoun = {"his": "he", "her": "she", "its": "it", "their": "they"}.get(
            toks[0].lower, owner_pronoun
        )
        toks = toks[1:]
    alias = ""
    for k in range(len(toks) - 2):
        if toks[k].text == "(" and toks[k + 2].text == ")":
            alias = toks[k + 1].text
            toks = toks[:k] + toks[k + 3 :]
            break
    if not toks:
        return None
    span_start, span_end = toks[0].start, toks[-1].end
    phrase = NounPhrase(
        span_start, span_end, "name", definite=definite, alias=alias, owner_pronoun=owner_pronoun
    )
    if len(toks) == 1 and toks[0].lower in PRONOUNS:
        phrase.form, phrase.head = "pronoun", toks[0].lower
        return phrase
    # Possessive owner: "Russia's Tass news agency", "the federation's president".
    owner = ""
    complement_at = next((k for k, t in enumerate(toks) if t.lower in ("for", "of")), len(toks))
    for k in range(min(len(toks), complement_at) - 1, -1, -1):
        if is_possessive(toks[k]) or toks[k].text in "’'":
            if k == len(toks) - 1:
                toks = toks[:-1] if toks[k].text in "’'" else toks
                break
            owner = _base(text[toks[0].start : toks[k].end]).rstrip("’'")
            toks = toks[k + 1 :]
            break
    words = [_base(t.text) for t in toks]
    lowers = [w.lower() for w in words]
    if (
        words[0][:1].isupper()
        and (lowers[0] in GROUP_NOUNS or lowers[0] in DESCRIPTOR_HEADS)
        and len(words) > 1
        and not _institution_name(words, lowers)
        and not (definite and all(capitalised(w) for w in words) and lowers[-1] in ORG_WORDS)
    ):
        words[0] = lowers[0]  # "Doctors at al-Nau hospital": a sentence-initial capital, not a name
    while (
        len(words) > 1
        and words[0][:1].islower()
        and words[1][:1].isupper()
        and lowers[0] not in ROLE_HEADS
        and lowers[0] not in DESCRIPTOR_HEADS
        and lowers[0] not in ROLE_MODIFIERS
    ):
        toks, words, lowers = toks[1:], words[1:], lowers[1:]
    if (
        lowers[-1] in GROUP_REFERENCES
        and len(toks) <= 3
        and (definite or start < end and tokens[start].lower == "both")
    ):
        phrase.form, phrase.head = "group-ref", lowers[-1]
        return phrase
    head = _role_head(words, lowers)
    if head is not None:
        return _with_role(text, toks, words, lowers, head, phrase, owner)
    name = " ".join(words)
    if all(w in NOT_NAMES for w in lowers):
        return None
    if not any(w[:1].isupper() for w in words):
        return None
    return _named(name, words, lowers, phrase, owner)


def _institution_name(words: list[str], lowers: list[str]) -> bool:
    """'Ministry of Environment', 'Council on Public Health', 'Charity Commission': a descriptor
    word that opens (or ends) a capitalised institution name rather than describing one."""
    if lowers[0] in GROUP_NOUNS:
        return False
    if len(words) > 2 and lowers[1] in ("of", "for", "on"):
        after = 3 if lowers[2] == "the" else 2
        return after < len(words) and capitalised(words[after])
    return lowers[-1] in ORG_WORDS and all(capitalised(w) for w in words)


def _role_head(words: list[str], lowers: list[str]) -> int | None:
    """Index of the last title/role/descriptor word that is followed by a proper name or ends the phrase."""
    found = None
    for k, (w, low) in enumerate(zip(words, lowers, strict=False)):
        capital = w[:1].isupper()
        if low.rstrip(".") in ROLE_HEADS and not (
            capital and k + 1 < len(words) and lowers[k + 1] in ORG_WORDS
        ):
            if capital and k == len(words) - 1 and k > 0 and words[k - 1][:1].isupper():
                continue  # "... Security Council Chairman" is still a title, but "Harbor Lane Partner" is a name
            if capital and k > 1 and lowers[k - 1] in ("of", "for") and lowers[k - 2] in ORG_WORDS:
                continue  # "Department of Justice", "Office for Veterans": a body, not a title
            found = k
        elif not capital and (
            low in DESCRIPTOR_HEADS
            or low in GROUP_NOUNS
            or low in DOCUMENT_HEADS
            or _YEAR_OLD.match(low)
        ):
            found = k
    return found


def _with_role(
    text: str,
    toks: list[Token],
    words: list[str],
    lowers: list[str],
    head: int,
    phrase: NounPhrase,
    owner: str,
) -> NounPhrase | None:
    rest = _skip_complement(words, lowers, head + 1)
    role_text = text[toks[0].start : toks[rest - 1].end] if rest > 0 else ""
    if owner:
        role_text = f"{owner}’s {role_text}" if role_text else owner
    head_word = lowers[head]
    name_words = words[rest:]
    if name_words and not name_words[0][:1].isupper():
        name_words = []
    if name_words:
        if head_word in DESCRIPTOR_HEADS and not words[head][:1].isupper():
            phrase.kind = DESCRIPTOR_HEADS[head_word]
            if phrase.kind == "organisation" and head_word == "agency" and "news" in lowers:
                phrase.kind = "media"
        else:
            phrase.kind = "person"
        named = _named(
            " ".join(name_words), name_words, [w.lower() for w in name_words], phrase, ""
        )
        if named is None:
            return None
        if phrase.kind == "person" and named.kind in (
            "state",
            "organisation",
            "government",
            "media",
        ):
            return None
        named.role = role_text.strip()
        return named
    # No name after the role: a trailing descriptor after a name ("the Interfax news agency").
    capitals = [w for w in words[:head] if capitalised(w) and w.lower() not in ROLE_MODIFIERS]
    if (
        head_word in DESCRIPTOR_HEADS
        and capitals
        and head == len(words) - 1
        and "of" in lowers[1:head]
    ):
        # "Anika Voronova of the Civic Future party": a person, with the party as affiliation.
        cut = lowers.index("of")
        if (
            1 < cut <= 3
            and all(capitalised(w) for w in words[:cut])
            and not any(
                w in ORG_WORDS or w in DESCRIPTOR_HEADS or w in DETERMINERS for w in lowers[:cut]
            )
        ):
            phrase.kind = "person"
            named = _named(" ".join(words[:cut]), words[:cut], lowers[:cut], phrase, "")
            if named is not None and named.kind == "person":
                named.role = " ".join(w for w in words[cut + 1 :] if w.lower() not in DETERMINERS)
                return named
    if head_word in DESCRIPTOR_HEADS and capitals and head == len(words) - 1:
        name_words = [w for w in words[:head] if w.lower() != "news"]
        kind = (
            "media"
            if head_word in ("agency", "broadcaster", "newspaper")
            and "news" in lowers
            or head_word in ("broadcaster", "newspaper", "daily", "channel")
            else None
        )
        if (
            len(name_words) == 1
            and not kind
            and head_word not in NAME_DESCRIPTORS
            and _NATIONALITY.search(name_words[0])
            and name_words[0].lower() not in COUNTRY_BY_ALIAS
        ):
            # "the Ostravian navy": a nationality adjective is not the organisation's name
            phrase.name, phrase.kind = f"{name_words[0]} {head_word}", DESCRIPTOR_HEADS[head_word]
            phrase.role = owner
            return phrase
        named = _named(
            " ".join(name_words), name_words, [w.lower() for w in name_words], phrase, ""
        )
        if named is not None and (kind or named.kind == "person"):
            named.kind = kind or DESCRIPTOR_HEADS[head_word]
        if named is not None and head_word in NAME_DESCRIPTORS and named.kind != "state":
            named.name = f"{named.name} {head_word}"
        if named is not None and named.kind != "state":
            return named
        if named is not None:  # "US government", "Russian military": the country's body, by name
            phrase.name = (
                f"{named.name if len(name_words) > 1 else name_words[0]} {' '.join(words[head:])}"
            )
            phrase.kind = (
                DESCRIPTOR_HEADS[head_word] if head_word in DESCRIPTOR_HEADS else "organisation"
            )
            phrase.role = owner
            return phrase
    if (
        (head_word in GROUP_NOUNS or head_word == "panel")  # "a panel of the 9th Circuit"
        and head + 2 < len(words)
        and lowers[head + 1] in ("from", "at", "of", "with", "in")
    ):
        rest_words = [w for w in words[head + 2 :] if w.lower() not in DETERMINERS]
        first_named = 1 if rest_words and _ORDINAL.match(rest_words[0]) else 0
        if len(rest_words) > first_named and capitalised(rest_words[first_named]):
            named = _named(
                " ".join(rest_words), rest_words, [w.lower() for w in rest_words], phrase, ""
            )
            if named is not None and lowers[head + 1] == "in":
                # "researchers in Boston": the place only qualifies the group
                named.name, named.kind, named.form = " ".join(words), "other", "name"
                return named
            if named is not None and named.kind != "person":
                named.role = " ".join(words[: head + 1])
                return named
    if head_word in GROUP_NOUNS:
        phrase.form, phrase.head, phrase.kind = "name", head_word, "other"
        modifiers = lowers[:head]
        if not modifiers and head_word not in INSTITUTION_GROUPS:
            phrase.form = "bare-group"
        phrase.name = " ".join(words[: head + 1])
        if owner:
            phrase.name = f"{owner} {phrase.name}"
        return phrase
    phrase.role, phrase.head = role_text.strip(), head_word
    if head_word in DESCRIPTOR_HEADS and rest < len(words) and lowers[rest] in ("in", "at"):
        words = words[:rest]
    if (
        head_word in DESCRIPTOR_HEADS
        and not words[head][:1].isupper()
        or head_word in DOCUMENT_HEADS
    ):
        phrase.form, phrase.kind, phrase.role = (
            "description",
            DESCRIPTOR_HEADS.get(head_word, "other"),
            owner,
        )
        keep_owner = owner and (
            owner.lower() in COUNTRY_BY_ALIAS or owner[:1].isupper() and " " not in owner
        )
        phrase.name = (f"{owner}’s " if keep_owner else "") + " ".join(words[: head + 1])
        return phrase
    phrase.form, phrase.kind = "role", "person"
    if rest > head + 2:
        inner = [w for w in words[head + 2 : rest] if w.lower() not in DETERMINERS]
        inner_lowers = [w.lower() for w in inner]
        if inner and capitalised(inner[0]):
            phrase.complement = _named(
                " ".join(inner),
                inner,
                inner_lowers,
                NounPhrase(phrase.start, phrase.end, "name"),
                "",
            )
        elif inner and inner_lowers[-1] in DESCRIPTOR_HEADS:
            phrase.complement = NounPhrase(
                phrase.start,
                phrase.end,
                "description",
                name=" ".join(inner),
                kind=DESCRIPTOR_HEADS[inner_lowers[-1]],
                head=inner_lowers[-1],
                definite=True,
            )
    elif not phrase.definite and head > 0:
        # "a Kremlin spokesperson", "a Department of Health spokesperson": the capitalised name
        # before the role, with the connectors inside it
        before = [w for w in words[:head] if capitalised(w) or w.lower() in CONNECTORS]
        while before and not capitalised(before[0]):
            before = before[1:]
        while before and not capitalised(before[-1]):
            before = before[:-1]
        if before:
            complement = _named(
                " ".join(before),
                before,
                [w.lower() for w in before],
                NounPhrase(phrase.start, phrase.end, "name"),
                "",
            )
            if (
                complement is not None
                and complement.kind == "person"
                and len(before) >= 2
                and lowers[head]
                in ("spokesman", "spokeswoman", "spokesperson", "executive", "representative")
            ):
                complement.kind = (
                    "organisation"  # "a Beacon Metrics spokesman": people have no spokesman's title
                )
            if complement is not None and complement.kind != "person":
                phrase.complement = complement
    return phrase


def _skip_complement(words: list[str], lowers: list[str], k: int) -> int:
    """After a role word, skip 'for North Korea', 'of State', 'for the United States National Security Council'."""
    while (
        k < len(words)
        and (lowers[k] in ROLE_HEADS or lowers[k] in ROLE_MODIFIERS)
        and not words[k][:1].isupper()
    ):
        k += 1
    if k < len(words) and lowers[k] in ("of", "for", "to", "at"):
        j = k + 1
        if j < len(words) and lowers[j] in DETERMINERS:
            j += 1
        org_end = max((m + 1 for m in range(j, len(words)) if lowers[m] in ORG_WORDS), default=j)
        j = org_end
        while j < len(words):
            country = _country_at(lowers, j)
            if country:
                j += country
            elif lowers[j] in ROLE_MODIFIERS or lowers[j] in ("and", "&"):
                j += 1
            else:
                break
        return j
    return k


def _country_at(lowers: list[str], k: int) -> int:
    for width in (4, 3, 2, 1):
        if k + width <= len(lowers) and " ".join(lowers[k : k + width]) in COUNTRY_BY_ALIAS:
            return width
    return 0


def _named(
    name: str, words: list[str], lowers: list[str], phrase: NounPhrase, owner: str
) -> NounPhrase | None:
    # "Michael Osei of the University of Ghana": a person's affiliation is not part of the name.
    if "of" in lowers[1:] and not any(
        w in ORG_WORDS or w == "port" for w in lowers[: lowers.index("of")]
    ):
        cut = lowers.index("of")
        words, lowers = words[:cut], lowers[:cut]
    # "British Royal United Services Institute" -> the demonym is not part of the name,
    # but "US government" and "Western researchers" keep it.
    while (
        len(words) > 2  # "Belgian Cycling", "British Airways": the demonym is the name's half
        and lowers[0] in DEMONYMS
        and " ".join(lowers) not in COUNTRY_BY_ALIAS
        and not _generic(words[1:])
    ):
        words, lowers = words[1:], lowers[1:]
    name = " ".join(words).strip()
    low = name.lower()
    if not name or low in NOT_NAMES:
        return None
    phrase.name = name
    if low in COUNTRY_BY_ALIAS:
        phrase.kind, phrase.name = "state", COUNTRY_BY_ALIAS[low]
    elif low in CAPITALS:
        phrase.kind, phrase.name = "state", CAPITALS[low]
    elif low in GOVERNMENT_NAMES:
        phrase.kind = "government"
    elif low in NEWS_AGENCIES or len(words) > 1 and words[-1] in MEDIA_NAMES:
        phrase.kind = "media"
    elif any(w in GOVERNMENT_WORDS for w in lowers):
        phrase.kind = "government"
    elif lowers[-1] in DOCUMENT_NAMES and words[-1][:1].isupper():
        phrase.kind = "other"
    elif (
        any(w in ORG_WORDS for w in lowers[1:])
        or lowers[0] in ("port",)
        or _ACRONYM.match(name)
        or (lowers[0] in ORG_WORDS and len(lowers) > 2 and lowers[1] in ("of", "for", "on"))
    ):
        phrase.kind = "organisation"
    elif lowers[-1] in GROUP_NOUNS:
        phrase.kind = "other"
        if len(words) == 1 and lowers[-1] not in INSTITUTION_GROUPS:
            phrase.form = "bare-group"
    elif _ORDINAL.match(lowers[0]) and len(words) > 1 and all(capitalised(w) for w in words[1:]):
        phrase.kind = "organisation"  # "82nd Airborne Division", "5th Fleet": a unit, not a person
    elif phrase.kind not in ("organisation", "media", "government"):
        if len(words) > 5 or not all(capitalised(w) or w.lower() in CONNECTORS for w in words):
            return None
        # News copy introduces people with a full name; a lone unknown word is more often a company.
        phrase.kind = "person" if len(words) > 1 or phrase.kind == "person" else "organisation"
    if owner and phrase.kind == "person" and not phrase.role:
        phrase.role = owner
    return phrase


def _generic(words: list[str]) -> bool:
    return all(
        not w[:1].isupper()
        or w.lower() in ROLE_MODIFIERS
        or w.lower() in GOVERNMENT_WORDS
        or w.lower() in GROUP_NOUNS
        or w.lower() in DESCRIPTOR_HEADS
        for w in words
    )


# --------------------------------------------------------------------------- registry


@dataclass
class Entity:
    name: str
    kind: str
    role: str = ""
    actor_id: int | None = None
    words: tuple[str, ...] = ()
    gender: str = ""  # "m" or "f" from a title, a gendered role or an unambiguous "he"/"she"


_FEMALE = frozenset(
    """ms mrs miss madam dame lady queen princess duchess countess sister mother wife daughter
    grandmother aunt niece widow actress chairwoman spokeswoman congresswoman businesswoman
    policewoman councilwoman stateswoman sportswoman horsewoman""".split()
)
_MALE = frozenset(
    """mr sir lord king prince duke count brother father husband son grandfather uncle nephew
    widower actor chairman spokesman congressman businessman policeman councilman statesman
    sportsman horseman""".split()
)


def gender_of(role: str) -> str:
    """'Ms', 'chairwoman', 'his father': the gender a title or role word states, else ''."""
    words = set(_WORDS.findall(role.lower()))
    female, male = bool(words & _FEMALE), bool(words & _MALE)
    return "f" if female and not male else "m" if male and not female else ""


@dataclass
class Mention:
    sentence: int
    position: int
    entities: tuple[Entity, ...]
    subject: bool = False
    speaker: bool = False
    weight: float = 1.0


class ActorIndex:
    """Known actors prepared once (alias and surname lookups) for many articles."""

    def __init__(self, actors: Sequence[KnownActor] = ()) -> None:
        self.actors: tuple[KnownActor, ...] = tuple(actors)
        self.by_alias: dict[str, KnownActor] = {}
        self.by_surname: dict[str, KnownActor | None] = {}
        for actor in self.actors:
            for alias in (actor.name, *actor.aliases):
                low = alias.lower()
                self.by_alias[low] = actor
                if low in COUNTRY_BY_ALIAS:
                    self.by_alias.setdefault(COUNTRY_BY_ALIAS[low].lower(), actor)
            if actor.kind == "person" and " " in actor.name:
                surname = actor.name.split()[-1].lower()
                # an ambiguous surname resolves to nobody
                self.by_surname[surname] = None if surname in self.by_surname else actor

    def __len__(self) -> int:
        return len(self.actors)

    def __iter__(self):
        return iter(self.actors)


_NO_ACTORS = ActorIndex()


@dataclass
class Registry:
    known: Sequence[KnownActor] | ActorIndex = ()
    entities: list[Entity] = field(default_factory=list)
    history: list[Mention] = field(default_factory=list)

    def __post_init__(self) -> None:
        if not isinstance(self.known, ActorIndex):
            self.known = ActorIndex(self.known) if self.known else _NO_ACTORS
        # shared, read-only lookups of the prepared index
        self._known: dict[str, KnownActor] = self.known.by_alias
        self._known_surnames: dict[str, KnownActor | None] = self.known.by_surname
        self._by_alias: dict[str, Entity] = {}
        self._described: dict[str, Entity] = {}
        self._from_known: dict[int, Entity] = {}

    def entity(self, name: str, kind: str, role: str = "", alias: str = "") -> Entity:
        low = name.lower()
        known = self._known.get(low) or (self._known_surnames.get(low) if " " not in low else None)
        if known is not None:
            entity = self._from_known.get(id(known))
            if entity is None:
                entity = Entity(
                    known.name,
                    known.kind,
                    known.role or role,
                    known.id,
                    tuple(known.name.lower().split()),
                )
                self._from_known[id(known)] = entity
                self.entities.append(entity)
            self._by_alias.setdefault(low, entity)
            return entity
        entity = self._by_alias.get(low)
        shorter = None if entity else self._shorter_form(name, kind)
        if entity is None and shorter is None:
            entity = Entity(name, kind, role, None, tuple(low.split()))
            self.entities.append(entity)
        elif shorter is not None:
            entity = shorter  # a short form says nothing new about the kind
        else:
            if role and not entity.role:
                entity.role = role
            if (
                entity.kind == "person"
                and kind in ("organisation", "media", "government")
                and " " in name
            ):
                entity.kind = (
                    kind  # a descriptor ("team", "broadcaster") outranks a guess from the bare name
                )
        self._by_alias[low] = entity
        if alias:
            self._by_alias[alias.lower()] = entity
        if role and not entity.gender and entity.kind == "person":
            entity.gender = gender_of(role)
        return entity

    def _shorter_form(self, name: str, kind: str) -> Entity | None:
        """'Lavrov' after 'Sergi Lavrov', 'Veltrix' after 'Veltrix AG': the most recent fuller name."""
        words = tuple(name.lower().split())
        if _ACRONYM.match(name):
            for entity in reversed(self.entities):
                initials = "".join(
                    w[0]
                    for w in re.split(r"[\s-]+", entity.name)
                    if w.lower() not in CONNECTORS | {"the"}
                )
                if initials.upper() == name and len(name) > 2:
                    return entity
        if kind not in ("person", "organisation") or len(words) > 2:
            return None
        best, best_rank = None, 0
        for _index, entity in enumerate(self.entities):
            full = entity.words
            if len(full) <= len(words) or entity.kind not in ("person", "organisation"):
                continue
            if full[-len(words) :] == words:
                rank = 3
            elif full[: len(words)] == words:
                rank = 2
            else:
                continue
            if rank >= best_rank:
                best, best_rank = entity, rank
        return best

    def note(
        self,
        sentence: int,
        position: int,
        entities: Sequence[Entity],
        *,
        subject: bool = False,
        speaker: bool = False,
        weight: float = 1.0,
    ) -> None:
        self.history.append(Mention(sentence, position, tuple(entities), subject, speaker, weight))

    def _recent(self, sentence: int, position: int, window: int):
        for mention in reversed(self.history):
            if mention.sentence < sentence - window:
                return
            if mention.sentence < sentence or mention.position < position:
                yield mention

    def pronoun(self, word: str, sentence: int, position: int) -> tuple[Entity, ...]:
        if word in ("he", "she"):
            wanted = "m" if word == "he" else "f"
            persons = [
                m
                for m in self._recent(sentence, position, 2)
                if len(m.entities) == 1
                and m.entities[0].kind == "person"
                and (m.speaker or m.subject)
                and m.entities[0].gender in ("", wanted)  # "she" is not the man named just before
            ]
            if not persons:
                return ()
            if (
                len({id(m.entities[0]) for m in persons}) == 1
                and not persons[0].entities[0].gender
                and persons[0].sentence >= sentence - 1
            ):
                persons[0].entities[
                    0
                ].gender = wanted  # the only candidate: remember for later pronouns
            speakers = [m for m in persons if m.speaker]
            pick = (
                speakers[0]
                if speakers
                and (persons[0] is speakers[0] or persons[0].sentence < speakers[0].sentence + 1)
                else persons[0]
            )
            # Two different people as subjects of the same previous sentence: unsure, so skip.
            rivals = {
                m.entities[0].name for m in persons if m.sentence == pick.sentence and m.subject
            }
            if not pick.speaker and len(rivals) > 1:
                return ()
            return pick.entities
        for mention in self._recent(sentence, position, 2):
            if not (mention.speaker or mention.subject):
                continue
            kinds = {e.kind for e in mention.entities}
            if (
                word == "they"
                and (
                    len(mention.entities) > 1
                    or kinds & {"organisation", "government", "other", "state"}
                    # "Analysts at Nordbank Markets estimated ..., though they said": the analysts
                    or any(set(e.role.lower().split()[:1]) & GROUP_NOUNS for e in mention.entities)
                )
            ):
                return mention.entities
            if (
                word == "it"
                and len(mention.entities) == 1
                and kinds <= {"organisation", "government", "media", "state", "other"}
            ):
                return mention.entities
            if word in ("they", "it") and "person" in kinds and len(mention.entities) == 1:
                return ()  # the nearest candidate is a person: "it" cannot mean them, so do not guess past them
        return ()

    def role(self, phrase: NounPhrase, sentence: int, position: int) -> Entity | None:
        """'the Kremlin spokesperson' -> the person with that role introduced earlier."""
        wanted = {
            w
            for w in _WORDS.findall(phrase.role.lower())
            if w not in DETERMINERS and w not in ("former", "s")
        }
        best = None
        if _YEAR_OLD.match(phrase.head):
            # "The 27-year-old denied ...": the person of the sentence before, as subject or
            # speaker, else the first person it names ("Jens Vermeulen, the Belgian cyclist ...,
            # has been suspended, the authority said").
            near = [
                m
                for m in self._recent(sentence, position, 1)
                if len(m.entities) == 1 and m.entities[0].kind == "person"
            ]
            for m in near:
                if m.speaker or m.subject:
                    return m.entities[0]
            if near:
                first = min(near, key=lambda m: (m.sentence, m.position))
                if first.entities[0].words and len(first.entities[0].words) > 1:
                    return first.entities[0]
        for mention in self._recent(sentence, position, 1000):
            if len(mention.entities) != 1 or mention.entities[0].kind != "person":
                continue
            entity = mention.entities[0]
            have = set(_WORDS.findall(entity.role.lower()))
            if (
                _YEAR_OLD.match(phrase.head)
                and (mention.speaker or mention.subject)
                and mention.sentence >= sentence - 1
            ):
                return entity
            if phrase.head in have and (wanted <= have or phrase.head in ("official",)):
                return entity
            if best is None and phrase.head in have:
                best = entity
        return best

    def description(
        self, phrase: NounPhrase, sentence: int, position: int, *, speaking: bool = True
    ) -> Entity | None:
        """'the report', 'the company', 'the ministry' -> an organisation named earlier.

        First an entity whose name or descriptor has the same head noun ("the company" after
        "payments company Veltrix"); failing that, when the phrase is the speaker, a report or
        generic organisation word means the organisation that spoke or acted just before.
        """
        head = phrase.head
        if head in self._described:
            return self._described[head]
        words = set(_WORDS.findall(phrase.name.lower()))
        wanted = {w for w in words if w in ROLE_MODIFIERS}
        in_power = bool(words & _IN_POWER)
        if in_power:
            # "the ruling party" after "the governing National Unity Alliance": the side in power
            for entity in reversed(self.entities):
                if (
                    entity.kind != "person"
                    and set(f"{entity.name} {entity.role}".lower().split()) & _IN_POWER
                ):
                    return entity
        unnamed = None
        owners = (
            {
                w.lower()
                for w in _CAPITALISED.findall(phrase.role)
                if w.lower() not in ROLE_MODIFIERS
            }
            if phrase.role
            else set()
        )
        for entity in reversed(self.entities):
            have = f"{entity.name} {entity.role}".lower().split()
            if entity.kind != "person" and head in have:
                if wanted - set(have):
                    continue  # "the foreign ministry" is not the defence ministry named before
                if owners and not owners & {_POSSESSIVE_END.sub("", w) for w in have}:
                    continue  # "Tessaria's foreign ministry" is not Kalderia's
                if in_power and ("opposition" in have or entity.name[:1].islower()):
                    continue  # "the ruling party" is neither the opposition nor "his party" met before
                if speaking and head in PUBLIC_BODY_HEADS and entity.name[:1].islower():
                    unnamed = unnamed or entity  # "the regulator" may be the body named since
                    continue
                return entity
        if unnamed is not None:
            return self._recent_body(head, sentence, position) or unnamed
        if not speaking or head not in DOCUMENT_HEADS | GENERIC_ORG_HEADS | PUBLIC_BODY_HEADS:
            return None
        current = {
            id(e)
            for m in self.history
            # (not this phrase itself, if it was resolved and noted before)
            if m.sentence == sentence and (m.speaker or m.subject) and m.position != position
            for e in m.entities
        }
        if head in GENERIC_ORG_HEADS:
            # "the company": the business introduced with a business descriptor ("video app Clipster")
            for entity in reversed(self.entities):
                if id(entity) not in current and is_business(entity.role):
                    return entity
        if head in ("group", "organisation", "organization"):
            # "The case was brought by Prairie Watch, a nonprofit ... The group said": the one
            # organisation the sentence before named, whatever its part in it.
            named = {
                id(m.entities[0]): m.entities[0]
                for m in self._recent(sentence, position, 1)
                if len(m.entities) == 1
                and m.entities[0].kind == "organisation"
                and m.entities[0].name[:1].isupper()
                and id(m.entities[0]) not in current
            }
            if len(named) == 1:
                return next(iter(named.values()))
        for mention in self._recent(sentence, position, 1 if head in DOCUMENT_HEADS else 4):
            entity = mention.entities[0]
            if (
                len(mention.entities) == 1
                and entity.kind not in ("person", "state")
                and (head not in GENERIC_ORG_HEADS or entity.kind in ("organisation", "media"))
                and (
                    head not in PUBLIC_BODY_HEADS
                    or entity.kind in ("organisation", "government")
                    and not is_business(entity.role)
                )
                and (mention.speaker or mention.subject)
                and id(entity) not in current
            ):
                if head in DOCUMENT_HEADS:
                    self._described[head] = entity  # "the report" keeps meaning the same report
                return entity
        return None

    def describe(self, head: str, entity: Entity) -> None:
        """'a complaint filed by the commissioner': 'the complaint' now means the commissioner."""
        self._described.setdefault(head, entity)

    def recent_organisation(self, sentence: int, position: int) -> Entity | None:
        """The organisation that spoke or was the subject within the last two sentences."""
        for mention in self._recent(sentence, position, 2):
            if (mention.speaker or mention.subject) and len(mention.entities) == 1:
                entity = mention.entities[0]
                if entity.kind not in ("person", "state") and entity.name[:1].isupper():
                    return entity
        return None

    def _recent_body(self, head: str, sentence: int, position: int) -> Entity | None:
        for mention in self._recent(sentence, position, 4):
            entity = mention.entities[0]
            if (
                len(mention.entities) == 1
                and (mention.speaker or mention.subject)
                and entity.kind in ("organisation", "government")
                and entity.name[:1].isupper()
                and not is_business(entity.role)
            ):
                return entity
        return None

    def group(self, phrase: NounPhrase, sentence: int, position: int) -> tuple[Entity, ...]:
        """'Both countries' -> the two states most talked about just before."""
        kinds = {
            "countries": {"state"},
            "nations": {"state"},
            "states": {"state"},
            "capitals": {"state"},
            "governments": {"state", "government"},
            "companies": {"organisation"},
            "firms": {"organisation"},
            "sides": {"state", "organisation", "government"},
            "parties": {"state", "organisation", "government"},
        }.get(phrase.head)
        whole_article = phrase.head in ("sides", "parties")
        if not kinds:
            return ()
        score: dict[str, float] = {}
        order: dict[str, int] = {}
        entities: dict[str, Entity] = {}
        for rank, mention in enumerate(self._recent(sentence, position, 1000)):
            for entity in mention.entities:
                if entity.kind not in kinds:
                    continue
                near = whole_article or mention.sentence >= sentence - 3
                bonus = 1.0 if whole_article and mention.speaker else 0.0
                score[entity.name] = (
                    score.get(entity.name, 0.0) + mention.weight * (1.0 if near else 0.1) + bonus
                )
                order.setdefault(entity.name, -rank)
                entities[entity.name] = entity
        ranked = sorted(score, key=lambda n: (score[n], order[n]), reverse=True)
        if len(ranked) < 2 or (len(ranked) > 2 and score[ranked[1]] == score[ranked[2]]):
            return ()
        return entities[ranked[0]], entities[ranked[1]]
