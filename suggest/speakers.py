"""Who a speaker phrase names: a person, a body, a group, or someone mentioned earlier.

The parser gives the phrase (the subject of a reporting verb, the object of "according to", the
agent of a passive); this module reads it: a named entity inside it, its appositive, the body a
role noun belongs to ("a spokesperson for the ministry"), or, for a pronoun or a definite role
noun ("he", "the ministry"), the compatible speaker or mention before it. Names are resolved
through the database's actors and aliases, and a surname to the full name used earlier.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from spacy.tokens import Span, Token

from .lexicon import (
    CAPITALS,
    COUNTRY_BY_ALIAS,
    DEMONYMS,
    GOVERNMENT_NAMES,
    GROUP_REFERENCES,
    NEWS_AGENCIES,
    ORG_WORDS,
    ROLE_HEADS,
    is_group_noun,
)
from .models import KnownActor

NAME_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "FAC", "LOC", "WORK_OF_ART", "PRODUCT"})
PRONOUNS = {
    "he": "m",
    "she": "f",
    "they": "plural",
    "it": "thing",
    "him": "m",
    "her": "f",
    "them": "plural",
}
NOT_ACTORS = frozenset("rumor rumour speculation gossip hearsay".split())
SPOKESPEOPLE = frozenset("spokesperson spokesman spokeswoman representative".split())
PERSON_NOUNS = frozenset("person man woman individual someone people boy girl".split())
# Nouns that refer back to whichever body spoke last ("the outfit said").
BODY_NOUNS = frozenset(
    "group organisation organization outfit company firm body movement party government "
    "administration ministry agency department authority institute".split()
)
# 'the ruling party' is the one introduced as 'the governing X'
POLITICAL_SIDES = {"ruling": "governing", "governing": "governing", "opposition": "opposition"}
# Nouns that introduce a business ("shipping group X", "the carmaker X"), which "the company"
# or "the firm" later means.
BUSINESS_NOUNS = frozenset(
    """company firm group business maker carmaker drugmaker chipmaker automaker carrier airline
    operator retailer supermarket bank lender insurer miner producer manufacturer developer
    giant conglomerate brewer utility""".split()
)
_BUSINESS_BEFORE = re.compile(r"(?:\b[a-z]+ )?\b(?:" + "|".join(sorted(BUSINESS_NOUNS)) + r") $")
DOCUMENT_NOUNS = frozenset(
    """report study statement survey document documentary programme program analysis paper
    letter filing complaint lawsuit indictment ruling judgment judgement verdict investigation
    inquiry review audit assessment memo email post tweet release communique communiqué
    petition motion affidavit article book film footage video website notice records record
    data figures statistics documents files estimates filings minutes transcript""".split()
)
_FEMALE = frozenset(
    "ms mrs miss dame lady queen princess chairwoman spokeswoman congresswoman businesswoman "
    "wife mother daughter sister widow".split()
)
_MALE = frozenset(
    "mr sir lord king prince chairman spokesman congressman businessman husband father son "
    "brother".split()
)
_TITLES = frozenset(
    "mr mrs ms miss dr prof sir dame lord lady rev coun cllr sen rep gov gen col lt sgt capt "
    "det insp supt".split()
)


ROLE_WORDS = ROLE_HEADS | frozenset(
    "foreign defence defense health finance interior justice home prime deputy vice acting "
    "former senior chief general state affairs national labour labor harbour harbor "
    "master".split()
)


@dataclass
class Entity:
    name: str
    kind: str  # person | organisation | government | state | media | other
    role: str = ""
    actor_id: int | None = None
    gender: str = ""

    @property
    def words(self) -> tuple[str, ...]:
        return tuple(self.name.lower().split())


class ActorIndex:
    """Known actors prepared once (alias and surname lookups) for many articles."""

    def __init__(self, actors: Sequence[KnownActor] = ()) -> None:
        self.actors: tuple[KnownActor, ...] = tuple(actors)
        self.by_alias: dict[str, KnownActor] = {}
        self.by_surname: dict[str, KnownActor | None] = {}
        for actor in self.actors:
            for alias in (actor.name, *actor.aliases):
                low = _norm(alias)
                self.by_alias[low] = actor
                if low in COUNTRY_BY_ALIAS:
                    self.by_alias.setdefault(COUNTRY_BY_ALIAS[low].lower(), actor)
            if actor.kind == "person" and " " in actor.name:
                surname = _norm(actor.name.split()[-1])
                # an ambiguous surname resolves to nobody
                self.by_surname[surname] = None if surname in self.by_surname else actor

    def __len__(self) -> int:
        return len(self.actors)

    def __iter__(self):
        return iter(self.actors)

    def find(self, name: str) -> KnownActor | None:
        low = _norm(name)
        found = self.by_alias.get(low)
        if found is None and " " not in low:
            found = self.by_surname.get(low)
        if found is None and low.startswith("the "):
            found = self.by_alias.get(low[4:])
        return found


def _norm(name: str) -> str:
    return " ".join(name.replace("’", "'").lower().split())


_MEDIA_TAIL = re.compile(
    r"\s+(?:news agency|news service|agency|newspaper|daily|broadcaster)$", re.I
)


def body_name(text: str) -> str:
    """'Xinhua news agency' is Xinhua: an agency's name without the words that describe it."""
    text = _clean(text)
    stripped = _MEDIA_TAIL.sub("", text)
    return stripped if stripped else text


def role_before(ent: Span) -> str:
    """The role words before a name: "Kremlin spokesperson" of "Kremlin spokesperson X"."""
    span = phrase(ent.root)
    words = [t.text for t in span if t.i < ent.start and t.dep_ != "det" and not t.is_punct]
    return " ".join(words)


def split_name(text: str) -> tuple[str, str]:
    """'Harbour Master Petra Quist' as ('Petra Quist', 'Harbour Master'): titles and role
    words before a name are its role."""
    words = _clean(text).split()
    role = []
    while words and words[0].lower().rstrip(".") in _TITLES:
        role.append(words.pop(0))
    last_role = max((k for k, w in enumerate(words[:-1]) if w.lower() in ROLE_WORDS), default=-1)
    if last_role >= 0:
        role += words[: last_role + 1]
        words = words[last_role + 1 :]
    if len(words) == 1 and words[0].lower() in ROLE_WORDS:
        return "", " ".join([*role, *words])  # "Prime Minister": a role, no name
    return " ".join(words), " ".join(role)


def person_name(ent: Span) -> tuple[str, str]:
    """A person entity as (name, role): the recogniser often takes the title in."""
    name, role = split_name(ent.text)
    return name, " ".join([role_before(ent), role]).strip()


def _described(span: Span) -> str:
    """An unnamed speaker as the article describes it: "the union", "prosecutors", "person
    familiar with the matter" (an indefinite article dropped, a sentence capital lowered)."""
    tokens = list(span)
    if tokens and tokens[0].dep_ == "predet":
        tokens = tokens[1:]  # "all the players": the players
    if tokens and tokens[0].lower_ in ("a", "an", "some"):
        tokens = tokens[1:]
    if not tokens:
        return ""
    text = span.doc[tokens[0].i : tokens[-1].i + 1].text.strip(" ,;:-—–\"“”'")
    if tokens[0].pos_ == "DET" and text[:1].isupper():
        text = text[:1].lower() + text[1:]  # "The union said": the union
    return text


def _adjective_demonym(word: str) -> bool:
    """'British', 'Kenyan': an adjective before a body's name, not part of it. 'U.S.' and 'UK'
    are: 'U.S. Department of Justice', 'UK Border Force'."""
    return word.lower() in DEMONYMS and "." not in word and not word.isupper()


def _clean(text: str) -> str:
    text = re.sub(r"^(?:the|a|an|this|that|these|those)\s+", "", text.strip(), flags=re.I)
    text = re.sub(r"(?:'s|’s|')$", "", text)
    return text.strip(" ,;:-—–\"“”'")


def kind_of(label: str, text: str) -> str:
    low = text.lower()
    if low in NEWS_AGENCIES or any(w in NEWS_AGENCIES for w in low.split()[:1]):
        return "media"
    if re.search(r"\b(?:news|newspaper|broadcaster|television|radio)\b", low):
        return "media"
    if low in GOVERNMENT_NAMES or low.endswith(("government", "ministry", "administration")):
        return "government"
    if label in ("GPE", "NORP") or low in COUNTRY_BY_ALIAS:
        return "state"
    if label == "PERSON":
        return "person"
    if label in ("ORG", "FAC"):
        return "organisation"
    if set(low.split()) & ORG_WORDS:
        return "organisation"
    return "other"


@dataclass
class Registry:
    """What an article has named so far: entities, and who spoke last, for later references."""

    known: ActorIndex
    entities: list[Entity] = field(default_factory=list)
    speakers: list[Entity] = field(default_factory=list)
    _by_name: dict[str, Entity] = field(default_factory=dict)
    _by_edge: dict[tuple, list[Entity]] = field(default_factory=dict)
    _order: dict[int, int] = field(default_factory=dict)

    def entity(self, name: str, kind: str, role: str = "") -> Entity:
        name = " ".join(name.split())
        words = name.split()
        if kind != "person" and len(words) > 2 and _adjective_demonym(words[0]):
            if set(w.lower() for w in words[1:]) & ORG_WORDS:
                name = " ".join(words[1:])  # "the British Royal Society": Royal Society
        low = _norm(name)
        known = self.known.find(name)
        if known is not None:
            low = _norm(known.name)
            entity = self._by_name.get(low)
            if entity is None:
                entity = Entity(known.name, known.kind, known.role or role, known.id)
                self._add(low, entity)
            return entity
        entity = self._by_name.get(low) or self._fuller(name, kind)
        if entity is None:
            entity = Entity(name, kind, role, gender=gender_of(role))
            self._add(low, entity)
        else:
            if role and not entity.role:
                entity.role = role
            if not entity.gender:
                entity.gender = gender_of(role)
        return entity

    def note_name(self, name: str, before: str = "") -> None:
        """A full name in a paragraph that was not parsed: only a later surname finds it. After
        a business noun ("shipping group Marlow Freight") it is a business, which a later
        "the company" means."""
        low = _norm(name)
        if low in self._by_name:
            return
        business = _BUSINESS_BEFORE.search(before)
        if business:
            self._add(low, Entity(name, "organisation", business[0].strip()))
        else:
            self._add(low, Entity(name, "person"), mention=False)

    def _add(self, low: str, entity: Entity, mention: bool = True) -> None:
        self._by_name[low] = entity
        self._order[id(entity)] = len(self._order)
        if mention:
            self.entities.append(entity)
        # lookups by first and last words, so that a short form is found without a scan
        words = entity.words
        if len(words) > 1:
            self._by_edge.setdefault(("last", words[-1]), []).append(entity)
            self._by_edge.setdefault(("first", words[0]), []).append(entity)
            self._by_edge.setdefault(("last2", words[-2:]), []).append(entity)
            self._by_edge.setdefault(("first2", words[:2]), []).append(entity)
            initials = "".join(w[0] for w in entity.name.split() if w[:1].isupper())
            if len(initials) > 1:
                self._by_edge.setdefault(("initials", initials), []).append(entity)

    def _fuller(self, name: str, kind: str) -> Entity | None:
        """'Peskov' after 'Dmitry Peskov', 'MSF' after 'Médecins Sans Frontières'."""
        words = tuple(_norm(name).split())
        if not words or len(words) > 2:
            return None
        keys = (
            (("last", words[0]), ("first", words[0]))
            if len(words) == 1
            else (("last2", words), ("first2", words))
        )
        found = [e for key in keys for e in self._by_edge.get(key, ()) if len(e.words) > len(words)]
        for entity in sorted(found, key=lambda e: self._order[id(e)], reverse=True):
            if kind == "person" and entity.kind != "person":
                continue
            return entity
        if name.isupper() and len(name) > 1:
            for entity in reversed(self._by_edge.get(("initials", name), [])):
                return entity
        return None

    def spoke(self, entity: Entity) -> None:
        self.speakers.append(entity)

    def pronoun(self, word: str) -> Entity | None:
        """The speaker a pronoun most likely means: the last compatible speaker, else mention."""
        want = PRONOUNS.get(word.lower())
        if want is None:
            return None
        for pool in (self.speakers[-4:], self.entities[-6:]):
            for entity in reversed(pool):
                if _compatible(entity, want):
                    return entity
        return None

    def recent(self, count: int, noun: str) -> list[Entity]:
        """The last ``count`` distinct entities of the kind a group noun names."""
        kinds = (
            ("state",)
            if noun in ("countries", "nations", "states", "capitals")
            else ("state", "government")
            if noun in ("governments", "sides")
            else ("organisation", "government", "media")
            if noun in ("companies", "firms", "parties", "sides")
            else ("person",)
        )
        found: list[Entity] = []
        # those that have spoken or been talked about as subjects first, then any mention
        for entity in [*reversed(self.speakers), *reversed(self.entities)]:
            if entity.kind == "state" and entity.name.lower() in CAPITALS:
                entity = self.entity(CAPITALS[entity.name.lower()], "state")  # Moscow: Russia
            if entity.kind in kinds and entity not in found:
                found.append(entity)
                if len(found) == count:
                    return found
        return []

    def last_person(self, mentions: bool = False) -> Entity | None:
        for entity in reversed(self.entities[-6:] if mentions else self.speakers[-4:]):
            if entity.kind == "person":
                return entity
        return None

    def last_body(self, mentions: bool = False) -> Entity | None:
        for entity in reversed(self.entities[-6:] if mentions else self.speakers[-4:]):
            if entity.kind in ("organisation", "government", "state", "media"):
                return entity
        return None

    def described(self, head: str, bodies_only: bool = False, side: str = "") -> Entity | None:
        """'the ministry', 'the company', 'the spokesman': the latest entity so described; 'the
        ruling party' (``side`` "governing"): the one introduced as governing or ruling."""
        head = head.lower()
        if side:
            for entity in reversed(self.entities):
                if side in {POLITICAL_SIDES.get(w) for w in entity.role.lower().split()}:
                    return entity
        for entity in reversed(self.entities):
            if bodies_only and entity.kind == "person":
                continue
            if head in entity.role.lower().split() or head in entity.name.lower().split():
                return entity
        if head in BUSINESS_NOUNS:
            for entity in reversed(self.entities):
                if entity.kind == "organisation" and set(entity.role.lower().split()) & (
                    BUSINESS_NOUNS
                ):
                    return entity  # "the company": the business introduced as "shipping group X"
        if head in BODY_NOUNS:
            for entity in [*reversed(self.speakers[-4:]), *reversed(self.entities)]:
                if entity.kind in ("organisation", "government", "media"):
                    return entity
        if head in ORG_WORDS:
            for entity in reversed(self.speakers):
                if entity.kind in ("organisation", "government"):
                    return entity
        return None


def _compatible(entity: Entity, want: str) -> bool:
    if want in ("m", "f"):
        return entity.kind == "person" and entity.gender in ("", want)
    if want == "thing":
        return entity.kind in ("organisation", "government", "media", "state")
    return entity.kind in ("organisation", "government", "state", "other", "media")


def gender_of(role: str) -> str:
    words = set(re.findall(r"[a-z]+", role.lower()))
    female, male = bool(words & _FEMALE), bool(words & _MALE)
    return "f" if female and not male else "m" if male and not female else ""


# ----------------------------------------------------------------------------- reading a phrase


def phrase(head: Token) -> Span:
    """The noun phrase a speaker head stands for, without relative clauses and appositives."""
    doc = head.doc
    left = head.left_edge.i
    right = head.i
    for child in head.rights:
        if child.dep_ in ("compound", "flat", "nummod", "amod", "nmod"):
            right = max(right, child.right_edge.i)
        elif child.dep_ == "prep" and is_group_noun(head.lower_):
            break  # "fishermen of the northern coast" are fishermen
        elif child.dep_ == "prep" and any(c.dep_ == "pcomp" for c in child.children):
            break  # "accused by the company of stealing ...": the charge, not the company's name
        elif child.dep_ == "prep" and child.lower_ in ("of", "for", "at", "from", "with", "in"):
            right = max(right, child.right_edge.i)
        else:
            break
    while left < head.i and doc[left].is_punct:
        left += 1
    return doc[left : right + 1]


def _after_possessive(ent: Span) -> Span:
    """'XR’s Clare Farrell' is Clare Farrell (of XR)."""
    for token in ent:
        if token.dep_ == "case" and token.lower_ in ("'s", "’s") and token.i + 1 < ent.end:
            return ent.doc[token.i + 1 : ent.end]
    return ent


def _joined(ent: Span) -> Span:
    """'The Department of Fisheries and' + 'Oceans': a name the recogniser cut at a connector."""
    end = ent.end
    doc = ent.doc
    while doc[end - 1].lower_ in ("and", "of", "&") and end < len(doc) and doc[end].pos_ == "PROPN":
        end += 1
        while end < len(doc) and doc[end].pos_ == "PROPN":
            end += 1
    return doc[ent.start : end] if end != ent.end else ent


def _entity_in(span: Span, head: Token) -> Span | None:
    """The named entity of a phrase: the one holding the head, else a person, else a body."""
    for e in head.doc.ents:
        if e.start <= head.i < e.end and e.label_ in NAME_LABELS:
            return _after_possessive(_joined(e))
    ents = [e for e in span.ents if e.label_ in NAME_LABELS]
    for e in ents:
        if (
            e[-1].lower_ in ("and", "of", "&")
            and e.end < len(e.doc)
            and e.doc[e.end].pos_ == "PROPN"
        ):
            joined = _joined(e)
            if joined.start <= head.i < joined.end:
                return joined
    ents = [_after_possessive(e) for e in span.ents if e.label_ in NAME_LABELS]
    for e in ents:
        if e.start <= head.i < e.end:
            return e
    for label in ("PERSON", "ORG", "GPE", "NORP", "FAC"):
        for e in ents:
            if e.label_ == label:
                return e
    return None


def proper_run(head: Token) -> Span | None:
    """A capitalised name the entity recogniser missed: the head with its proper compounds."""
    if head.pos_ != "PROPN" or not head.text[:1].isupper():
        return None  # the tagger calls "ministry" a proper noun at times; a name has a capital
    doc = head.doc
    start = head.i
    while start > 0 and doc[start - 1].pos_ == "PROPN" and doc[start - 1].head.i >= start - 1:
        start -= 1
    end = head.i + 1
    while end < len(doc) and doc[end].pos_ == "PROPN" and doc[end].head.i == head.i:
        end += 1
    return doc[start:end]


def read_speaker(head: Token, registry: Registry) -> list[Entity]:
    """The actors a speaker phrase names (two for "A and B"), or none."""
    if head.pos_ == "PRON" and head.lower_ in PRONOUNS:
        main = _main_subject(head)
        if main is not None:
            found = read_speaker(main, registry)
            if found and all(_compatible(e, PRONOUNS[head.lower_]) for e in found):
                return found  # "RUSI released images that it said show ...": RUSI
    if head.lemma_ in COUNTED_GROUPS | COLLECTIVES and head.dep_ != "pobj":
        of = next((c for c in head.children if c.dep_ == "prep" and c.lower_ == "of"), None)
        inner = next((p for p in of.children if p.dep_ == "pobj"), None) if of else None
        if inner is not None:
            return read_speaker(inner, registry)  # "a growing number of reports by X said"
    if head.lemma_ in DOCUMENT_NOUNS:
        by = next((c for c in head.children if c.dep_ == "prep" and c.lower_ == "by"), None)
        author = next((p for p in by.children if p.dep_ == "pobj"), None) if by else None
        if author is not None:
            return read_speaker(author, registry)  # "reports by the US and researchers"
    if head.lower_ in GROUP_REFERENCES and any(
        c.lower_ in ("both", "two") and c.dep_ in ("det", "predet", "nummod") for c in head.children
    ):
        return registry.recent(2, head.lower_)  # "both countries": the two just named
    members = _members(head)
    if members is not None:
        return read_speaker(members, registry)  # "several nations, including A and B": A, B
    pair = _coordinated_modifier(head)
    if pair is not None:
        name, described = pair
        return [
            registry.entity(name.text, kind_of("ORG", name.text)),
            registry.entity(_described(described), "other"),
        ]
    heads = [head] + [c for c in head.children if c.dep_ == "conj" and c.pos_ in ("PROPN", "NOUN")]
    found = []
    for h in heads:
        entity = _read_one(h, registry)
        if entity is not None and entity not in found:
            found.append(entity)
    return found


def _coordinated_modifier(head: Token) -> tuple[Span, Span] | None:
    """'the World Bank and Kenyan economists', which the parser reads as one group of
    economists modified by 'World Bank and Kenyan': a named body and a described group."""
    if head.tag_ not in ("NNS", "NNPS"):
        return None
    for mod in head.children:
        if mod.dep_ not in ("nmod", "compound") or mod.pos_ != "PROPN" or mod.i > head.i:
            continue
        conj = next((c for c in mod.children if c.dep_ == "conj" and c.i < head.i), None)
        cc = next((c for c in mod.children if c.dep_ == "cc" and c.lower_ == "and"), None)
        name = proper_run(mod)
        if conj is None or cc is None or name is None:
            continue
        if all(t.pos_ != "DET" for t in head.doc[cc.i + 1 : conj.i + 1]):
            return name, head.doc[cc.i + 1 : head.i + 1]
    return None


def _read_one(head: Token, registry: Registry) -> Entity | None:
    low = head.lower_
    if head.pos_ == "PRON" or low in PRONOUNS:
        main = _main_subject(head)
        if main is not None:
            found = _read_one(main, registry)
            if found is not None and _compatible(found, PRONOUNS.get(low, "")):
                return found  # "RUSI released images that it said show ...": RUSI
        if low == "they":
            group = _group_before(head)
            if group is not None:
                found = _read_one(group, registry)
                if found is not None:
                    return found  # "... with the players. They deny it": the players
        return registry.pronoun(low)
    if low in ("i", "we", "you", "us", "me", "who", "which", "that", "this", "one", "some") and (
        head.pos_ == "PRON" or head.text.islower() or head.is_sent_start
    ):
        return None
    # an appositive names the person a role noun describes ("the spokesman, Ivan Petrov, said")
    for child in head.children:
        if child.dep_ == "appos" and child.pos_ == "PROPN" and head.pos_ != "PROPN":
            return _read_one(child, registry)
    span = phrase(head)
    role_words = [t.text for t in span if t.i != head.i and t.dep_ != "det"]
    ent = _entity_in(span, head)
    in_ent = ent is not None and ent.start <= head.i < ent.end
    possessed = (
        ent is not None
        and ent.start > 0
        and ent.doc[ent.start - 1].dep_ == "case"
        and all(t.pos_ == "PROPN" and t.lower_ not in ORG_WORDS for t in ent)
    )  # "XR’s Clare Farrell" is a person; "Belvia's defence ministry" is not
    if (
        ent is not None
        and ent.start > 0
        and ent.doc[ent.start - 1].dep_ == "case"
        and not possessed
    ):
        # "Belvia's defence ministry", as written
        return registry.entity(_described(span), kind_of("ORG", span.text))
    if in_ent and (ent.label_ == "PERSON" or possessed) or ent is None and proper_run(head):
        name_span = ent if ent is not None else proper_run(head)
        run = proper_run(head)
        if run is not None and ent is not None and run.start < ent.start and run.end >= ent.end:
            # "Choe Son Hui" where the recogniser took only "Son Hui": the whole proper run,
            # less the title words before the name ("Foreign Minister")
            first = run.start
            while first < ent.start and run.doc[first].lower_ in ROLE_WORDS:
                first += 1
            name_span = run.doc[first : run.end]
        if name_span is not None and not (ent is None and head.lower_ in ROLE_HEADS):
            name, title = split_name(name_span.text)
            words = name.split()
            titles = [title] if title else []
            if words:
                role = " ".join([*titles, _clean(span.text.replace(name_span.text, " "))]).strip()
                appos = next((c for c in head.children if c.dep_ == "appos"), None)
                if appos is not None and not role:
                    role = head.doc[
                        appos.left_edge.i : appos.right_edge.i + 1
                    ].text  # ", a spokesperson for ..."
                kind = (
                    "person"
                    if ent is not None and (ent.label_ == "PERSON" or possessed)
                    else guess_kind(" ".join(words), head)
                )
                return registry.entity(" ".join(words), kind, role)
    if head.tag_ != "NNS" and (head.lower_ in ROLE_HEADS or head.lemma_.lower() in ROLE_HEADS):
        definite = span[0].lower_ in ("the", "this", "that")
        if definite:
            # "the former club manager", "the head coach": someone the article has introduced
            earlier = registry.described(head.lower_) or registry.last_person()
            if earlier is not None:
                return earlier
        body = _body_of(head, span)
        if body is None:
            modifiers = [c for c in head.children if c.dep_ == "compound" and c.pos_ == "NOUN"]
            if modifiers:
                # "an authority spokesman": the authority named before, or nobody
                return registry.described(modifiers[0].lower_, bodies_only=True)
            if low in SPOKESPEOPLE and len(span) <= 2:
                # "said a spokesperson, who declined to be named": for the body just named
                return registry.last_body(mentions=True)
        if body is not None:
            label = getattr(body, "label_", "ORG") or "ORG"
            name = _clean(body.text)
            if label == "NORP" and name.lower() in DEMONYMS:
                name = DEMONYMS[name.lower()]  # "an Israeli official" speaks for Israel
            return registry.entity(name, kind_of(label, name), head.text)
    if is_group_noun(low):
        for child in head.children:
            if child.dep_ == "prep" and child.lower_ in ("at", "from", "with", "of"):
                pobj = next((c for c in child.children if c.dep_ == "pobj"), None)
                inner = _entity_in(phrase(pobj), pobj) if pobj is not None else None
                if inner is not None and inner.label_ == "ORG":
                    # "researchers at the Institute of Marine Biology" speak for it
                    return registry.entity(_clean(inner.text), "organisation", head.text)
    if low in DOCUMENT_NOUNS and ent is not None and not ent.start <= head.i < ent.end:
        body = _body_of(head, span)
        if body is not None and getattr(body, "label_", "") not in ("DATE", "CARDINAL"):
            # "a statement from the Interior Ministry said": the ministry
            return registry.entity(_clean(body.text), kind_of(body.label_ or "ORG", body.text))
    if ent is not None and head.pos_ == "NOUN" and not ent.start <= head.i < ent.end:
        text = _described(span)  # "French market regulators": the group, not the country
        if 0 < len(text) <= 80:
            kind = "other" if head.tag_ == "NNS" else guess_kind(text, head)
            return registry.entity(text, kind)
    if ent is not None:
        text = _clean(ent.text)
        if ent.label_ == "NORP" and text.lower() in DEMONYMS:
            text = DEMONYMS[text.lower()]
        text = body_name(text)
        if text.lower() in CAPITALS and ent.label_ == "GPE":
            text = CAPITALS[text.lower()]  # "Tokyo said": Japan
        first = text.split()[0].lower() if text.split() else ""
        if (
            first
            and _adjective_demonym(text.split()[0])
            and len(text.split()) > 2
            and ent.label_ == "ORG"
        ):
            text = text.split(None, 1)[1]  # "the British Royal Society": Royal Society
        if text:
            return registry.entity(text, kind_of(ent.label_, text), " ".join(role_words))
    if head.lemma_.lower() in NOT_ACTORS:
        return None  # rumours and speculation speak for no one (the annotation guide, section 2)
    if low in DOCUMENT_NOUNS:
        body = _body_of(head, span) or _parenthetical_author(head)
        if body is not None and body.label_ not in ("DATE", "CARDINAL"):
            return registry.entity(_clean(body.text), kind_of(body.label_, body.text))
        if span[0].lower_ in ("the", "this", "that", "its") and len(span) <= 3:
            # "the report said": its publisher's, else the document itself ("the complaint")
            return registry.last_body(mentions=True) or registry.entity(_described(span), "other")
        return None  # "a report" without its author is not an actor
    if span[0].lower_ in ("the", "this", "that") and len(span) <= 3:
        side = next((POLITICAL_SIDES[t.lower_] for t in span if t.lower_ in POLITICAL_SIDES), "")
        earlier = registry.described(head.lower_, side=side)
        if earlier is None and low in BODY_NOUNS:
            earlier = registry.last_body()  # "the outfit said": the body that spoke last
            if earlier is None and len(span) == 2 and low in ("company", "firm", "group", "outfit"):
                return None  # "the company said" with no company named: nobody to suggest
        if earlier is not None:
            return earlier
    if len(span) == 1 and low in ROLE_HEADS and not head.ent_type_:
        return None  # a headline's "Minister says ...": no one the article names
    if re.search(r"\b\d+-year-old$", span.text.lower()):
        return registry.last_person(mentions=True)  # "the 31-year-old": who the story is about
    if (
        head.pos_ == "NOUN"
        and len(span) <= 2
        and head.tag_ == "NN"
        and (low in PERSON_NOUNS or low in ROLE_HEADS and len(span) == 1)
    ):
        return None  # "the person", a headline's "Minister says": nobody the article introduced
    if head.pos_ in ("NOUN", "PROPN"):
        named = head.pos_ == "PROPN" and head.text[:1].isupper()
        text = _clean(span.text) if named else _described(span)
        if 0 < len(text) <= 80 and (
            is_group_noun(low) or head.lower_ in ROLE_HEADS or len(span) > 1 or head.pos_ == "PROPN"
        ):
            kind = "other" if head.tag_ in ("NNS", "NNPS") else guess_kind(text, head)
            return registry.entity(text, kind)
    return None


def _group_before(pronoun: Token) -> Token | None:
    """'They' at the start of a sentence: the group of people the sentence before ended on,
    when it named one ('... discussed with all the players. They deny ...')."""
    if not pronoun.is_sent_start:
        return None
    doc = pronoun.doc
    before = doc[pronoun.i - 1].sent if pronoun.i > 0 else None
    if before is None:
        return None
    for token in reversed(before):
        if token.tag_ in ("NNS", "NNPS") and token.dep_ in ("pobj", "dobj", "nsubj", "nsubjpass"):
            return token if is_group_noun(token.lower_) else None
    return None


# "a number of reports by X", "a panel of the appeals court", "a team of researchers": the
# speakers are the ones the of-phrase names
COUNTED_GROUPS = frozenset("number series string host".split())
COLLECTIVES = frozenset("panel team group delegation".split())  # "it" or "they"


def _main_subject(pronoun: Token) -> Token | None:
    """The subject of the clause a pronoun's clause hangs from, when it is a name or a noun."""
    verb = pronoun.head
    if verb.dep_ not in ("relcl", "advcl", "ccomp", "conj"):
        return None
    outer = verb.head
    while outer.dep_ not in ("ROOT",) and outer.pos_ not in ("VERB", "AUX"):
        outer = outer.head
    for child in outer.children:
        if child.dep_ == "nsubj" and child.pos_ in ("PROPN", "NOUN") and child.i < pronoun.i:
            # a noun agrees in number ("the strike ... they": not the strike), a number of
            # reports is plural
            plural = child.tag_ in ("NNS", "NNPS") or child.lemma_ in COUNTED_GROUPS
            if (
                plural == (pronoun.lower_ == "they")
                or child.pos_ == "PROPN"
                or child.lemma_ in COLLECTIVES
            ):
                return child
    return None


def guess_kind(text: str, head: Token) -> str:
    low = text.lower()
    for child in head.children:
        if child.dep_ == "relcl" and any(c.lower_ in ("which", "who") for c in child.children):
            # "Verano Copper, which runs the smelter": a body; "Ann Lee, who ...": a person
            return "organisation" if any(c.lower_ == "which" for c in child.children) else "person"
    # "the group Extinction Rebellion", "campaign group X": a name beside a body noun
    for near in (head.head, *head.children):
        if near.i != head.i and near.pos_ == "NOUN" and near.lower_ in ORG_WORDS:
            return "organisation"
    if low in COUNTRY_BY_ALIAS:
        return "state"
    if set(low.split()) & ORG_WORDS or low in GOVERNMENT_NAMES or low in NEWS_AGENCIES:
        return kind_of("ORG", text)
    return "person" if head.pos_ == "PROPN" else "other"


def _parenthetical_author(noun: Token) -> Span | None:
    """'The report, by the Centre for Rural Policy, said ...': the author set off by commas,
    which the parser hangs on the verb."""
    verb = noun.head
    for child in verb.children:
        if child.dep_ == "prep" and child.lower_ == "by" and noun.i < child.i < verb.i:
            pobj = next((p for p in child.children if p.dep_ == "pobj"), None)
            if pobj is not None:
                return _entity_in(phrase(pobj), pobj) or proper_run(pobj)
    return None


def _body_of(head: Token, span: Span) -> Span | None:
    """The body a role noun belongs to: 'a spokesperson for X', 'X's minister', 'the X chief',
    and the author of a document: 'a report released on Monday by X'."""
    for child in head.children:
        if child.dep_ == "acl":
            for agent in child.children:
                if agent.dep_ == "agent":
                    pobj = next((p for p in agent.children if p.dep_ == "pobj"), None)
                    if pobj is not None:
                        found = _entity_in(phrase(pobj), pobj) or proper_run(pobj)
                        if found is not None:
                            return found
    for child in head.children:
        if child.dep_ == "prep" and child.lower_ in ("for", "of", "at", "from", "with", "by"):
            for pobj in child.children:
                if pobj.dep_ == "pobj":
                    inner = phrase(pobj)
                    ent = _entity_in(inner, pobj)
                    if ent is not None and ent.start <= pobj.i < ent.end:
                        return ent
                    run = proper_run(pobj)
                    if run is not None:
                        return run
                    named = [c for c in pobj.children if c.dep_ == "compound" and c.pos_ == "PROPN"]
                    if named:  # "Britain's MI5 intelligence agency": the agency, not Britain
                        return pobj.doc[named[0].i : pobj.i + 1]
                    if ent is not None:
                        return ent
    for e in span.ents:
        if e.label_ in ("ORG", "GPE", "NORP"):
            return e
    return None


def _members(head: Token) -> Token | None:
    """The named members of a plural group ("several nations, including the US and South
    Korea"; "officials such as X"): who speaks is who is named, not the group."""
    if head.pos_ != "NOUN" or head.tag_ != "NNS":
        return None
    for prep in head.children:
        if prep.dep_ != "prep":
            continue
        such_as = prep.lower_ == "as" and any(c.lower_ == "such" for c in prep.children)
        if prep.lower_ != "including" and not such_as:
            continue
        member = next((c for c in prep.children if c.dep_ == "pobj"), None)
        if member is not None and member.pos_ == "PROPN":
            return member
    return None
