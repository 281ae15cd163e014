"""Suggest attributions for one article: parse, run the rules, resolve, describe.

1. ``pipeline.parse`` parses the paragraphs where a rule could fire (titles included;
   repeated blocks, page furniture and captions never);
2. every rule in ``rules.RULES`` returns its candidates for each parsed piece, and the
   article-level rules attach untagged quotations to the speaker beside them;
3. speakers are read in article order (so "he" finds the speaker before), and ``resolve``
   drops a candidate another rule found better (same speaker, same statement);
4. each statement gets its stance, split where a quotation turns from asserting to denying,
   its date ("on Tuesday" against the article's date), its channel ("via Tass") and the known
   claim it matches.
"""

from __future__ import annotations

import bisect
import datetime
import re
import threading
from collections.abc import Sequence

from spacy.matcher import Matcher
from spacy.tokens import Token

from . import pipeline
from .dates import find_dates, resolve_date
from .lexicon import ROLE_HEADS
from .matching import ClaimIndex, match_claim
from .models import KnownActor, KnownClaim, Suggestion
from .quotes import quote_spans
from .rules import Candidate, matcher, run
from .speakers import (
    BUSINESS_NOUNS,
    POLITICAL_SIDES,
    ActorIndex,
    Entity,
    Registry,
    body_name,
    guess_kind,
    kind_of,
    person_name,
    proper_run,
    read_speaker,
    split_name,
)
from .stance import content_denies, denies_within, negates
from .structure import detect_structure

SKIPPED_BLOCKS = frozenset({"repeated", "furniture", "caption", "dateline-marker"})
_QUOTE_MARKS = re.compile(r"[“”\"]")
_TRAILING_JOIN = re.compile(
    r"(?:[\s,;:—–-]+(?:and|but|though|although|while|whereas|as|which|after|before|when))*[\s,;:—–-]*$"
)
_NO_ACTORS = ActorIndex()
# Two or three capitalised words inside a sentence: a name, for paragraphs nothing was parsed in.
_FULL_NAME = re.compile(
    r"(?<=[a-z,] )[A-Z][a-z]+(?: [A-Z][a-z’'-]+){1,2}\b|^[A-Z][a-z]+ [A-Z][a-z’'-]+(?= [a-z])", re.M
)
_matchers: dict[int, Matcher] = {}
_matcher_lock = threading.Lock()


def _matcher(vocab) -> Matcher:
    with _matcher_lock:
        m = _matchers.get(id(vocab))
        if m is None:
            m = _matchers[id(vocab)] = matcher(vocab)
        return m


def extract(
    text: str,
    *,
    published_on: datetime.date | None = None,
    actors: Sequence[KnownActor] | ActorIndex = (),
    claims: Sequence[KnownClaim] | ClaimIndex = (),
    skip: Sequence[tuple[int, int]] | None = None,
) -> list[Suggestion]:
    """Suggest attributions for one article; see the package docstring for the conventions."""
    structure = detect_structure(text)
    titles = [(b.start, b.end) for b in structure.blocks if b.kind == "title"]
    if skip is None:
        skip = [(b.start, b.end) for b in structure.blocks if b.kind in SKIPPED_BLOCKS]
    if published_on is None:
        published_on = structure.published_on
    if not isinstance(actors, ActorIndex):
        actors = ActorIndex(actors) if actors else _NO_ACTORS
    pieces = pipeline.parse(text, skip=skip, titles=titles, dateline=structure.dateline)
    if not pieces:
        return []
    registry = Registry(actors)
    m = _matcher(pieces[0].doc.vocab)
    candidates: list[Candidate] = []
    titled: list[Candidate] = []  # a headline's "Detroit chief defends ...": named in the body
    read_to = 0
    for piece in pieces:
        for name in _FULL_NAME.finditer(text, read_to, piece.base):
            # "Priya Raman resigned." was not parsed: no cue in it
            registry.note_name(name[0], text[max(0, name.start() - 40) : name.start()])
        read_to = piece.base + len(piece.doc.text)
        found = sorted(run(piece.doc, piece.base, m), key=lambda c: c.start)
        for c in found:
            c.piece = piece.index
        _mention(piece, registry, found)
        candidates.extend(c for c in found if c.entities)
        if piece.is_title:
            titled.extend(c for c in found if _role_speaker(c))
    for c in titled:
        named = _named_later(c, registry)
        if named is not None:
            if not c.entities:
                candidates.append(c)
            c.entities = [named]
    candidates = _relayed(candidates)
    dates = find_dates(text)
    for c in candidates:
        _extend_to_quote(text, pieces[c.piece], c)
        _date_out_of_statement(c, dates)
    candidates.extend(_untagged_quotes(text, pieces, candidates))
    kept = resolve(candidates)
    if claims and not isinstance(claims, ClaimIndex):
        claims = ClaimIndex(claims)
    matches: dict[str, KnownClaim | None] = {}
    suggestions = []
    for c in kept:
        for start, end, denies in _stance_parts(text, pieces[c.piece], c):
            for entity in c.entities:
                suggestions.append(
                    _suggestion(
                        text, c, entity, start, end, denies, published_on, claims, matches, dates
                    )
                )
    return suggestions


def _mention(piece: pipeline.Piece, registry: Registry, found: list[Candidate]) -> None:
    """Register names and speakers in reading order, so a later pronoun finds them."""
    speakers = {c.speaker.i: c for c in found if c.speaker is not None}
    quoted = quote_spans(piece.doc.text)
    events: list[tuple[int, object]] = [(e.start, e) for e in piece.doc.ents]
    for token in piece.doc:
        # a name the recogniser missed ("Choe Son Hui"): a run of proper nouns
        if token.pos_ == "PROPN" and token.dep_ != "compound" and not token.ent_type_:
            run = proper_run(token)
            if run is not None and len(run) >= 2:
                events.append((run.start, run))
    events += [(i, c) for i, c in speakers.items()]
    for sent in piece.doc.sents:
        # the subject a sentence is about is who "she says" in the next one most likely means
        subj = next((c for c in sent.root.children if c.dep_ == "nsubj"), None)
        if subj is not None and subj.i not in speakers and subj.pos_ in ("PROPN", "NOUN"):
            events.append((subj.i, subj))
    for _, item in sorted(events, key=lambda e: e[0]):
        if isinstance(item, Candidate):
            group = [c for c in found if c.speaker is not None and c.speaker.i == item.speaker.i]
            entities = read_speaker(item.speaker, registry)
            # named inside a quotation that another speaker's statement holds
            at = piece.base + item.speaker.idx
            # (or inside the same quotation as another speaker's statement, which reaches the
            # quotation's later sentences only once extended to it)
            quote = next(((a, b) for a, b in quoted if a <= item.speaker.idx < b), None)
            nested = quote is not None and any(
                c.start <= at < c.end
                or c.speaker is not None
                and c.speaker.idx < quote[0]
                and piece.base + quote[0] <= c.start < piece.base + quote[1]
                for c in found
                if c.speaker is not item.speaker
            )
            for c in group:
                c.entities = entities
                c.nested = nested
            if not nested:  # a speaker quoted by another speaker is not who talks next
                for entity in entities:
                    registry.spoke(entity)
        elif isinstance(item, Token):
            if any(a <= item.idx < b for a, b in quoted):
                continue
            for entity in read_speaker(item, registry):
                if entity.kind == "person":
                    registry.spoke(entity)
        elif not item.label_:
            name, role = split_name(item.text)
            if name:
                registry.entity(name, guess_kind(name, item.root), role)
        elif item.label_ == "PERSON" and len(item) >= 2:
            name, role = person_name(item)
            if name:
                registry.entity(name, guess_kind(name, item.root), role)
        elif item.label_ == "GPE":
            registry.entity(item.text, "state")
        elif item.label_ == "ORG" and len(item.text) > 2:
            name = body_name(item.text)
            registry.entity(name, kind_of("ORG", name), _business_role(item))


def _role_speaker(c: Candidate) -> bool:
    return c.speaker is not None and c.speaker.lower_ in ROLE_HEADS and not c.speaker.ent_type_


def _named_later(c: Candidate, registry: Registry) -> Entity | None:
    """A headline's speaker given by a role ("Detroit chief", "Minister") is the person the
    article names with that role ("Detroit Police Chief James Craig"): the first such person,
    when every word of the headline's phrase is in their role or name."""
    head = c.speaker
    # the phrase, with a place the parser made a second subject ("Detroit chief")
    first = min(
        [head.left_edge.i] + [t.left_edge.i for t in head.head.children if t.dep_ == "nsubj"]
    )
    words = {
        t.lower_
        for t in head.doc[first : head.i + 1]
        if t.dep_ not in ("det", "poss", "punct") and not t.is_stop
    }
    for entity in registry.entities:
        if entity.kind != "person" or not entity.role:
            continue
        known = set(entity.role.lower().split()) | set(entity.words)
        if head.lower_ in entity.role.lower().split() and words <= known:
            return entity
    return None


def _business_role(ent) -> str:
    """'shipping group Marlow Freight', 'the carmaker Veda': the business noun before a name;
    'the governing Union of Progress', 'the opposition Harbour Party': the side it is on."""
    if ent.start == 0:
        return ""
    noun = ent.doc[ent.start - 1]
    if noun.lower_ in POLITICAL_SIDES:
        return noun.lower_
    if noun.pos_ != "NOUN" or noun.lower_ not in BUSINESS_NOUNS:
        return ""
    first = noun.i - 1 if noun.i > 0 and ent.doc[noun.i - 1].pos_ in ("NOUN", "ADJ") else noun.i
    return ent.doc[first : noun.i + 1].text


def _relayed(candidates: list[Candidate]) -> list[Candidate]:
    """'X said ..., state news agency NTA reported': a report whose tag sits inside another
    speaker's statement and reports that same statement only carries it (via NTA)."""
    relays = set()
    for o in candidates:
        if o.verb is None or o.speaker is None or o.nested:
            continue
        if o.verb.lemma_ != "report" and not any(e.kind == "media" for e in o.entities):
            continue
        for c in candidates:
            if c is o or c.piece != o.piece or c.verb is None:
                continue
            o_at = o.base + o.verb.idx
            c_at = c.base + c.verb.idx
            same = o.start < c.end and c.start < o.end or o.start <= c_at < o.end
            if c_at < o_at and same and c.start < o_at:
                subjects = [t for t in o.verb.children if t.dep_ == "nsubj"] or [o.speaker]
                cut = c.base + min(t.left_edge.idx for t in subjects)
                c.end = min(c.end, cut)
                while c.end > c.start and text_at(c, c.end - 1) in " ,;—–-":
                    c.end -= 1
                if o.entities:
                    c.via = c.via or o.entities[0].name
                relays.add(id(o))
    return [c for c in candidates if id(c) not in relays]


def text_at(c: Candidate, offset: int) -> str:
    return c.verb.doc.text[offset - c.base]


def _date_out_of_statement(c: Candidate, dates: list[tuple[int, int, str]]) -> None:
    """'said on Tuesday the bridge will reopen': the date right after the verb is when it was
    said, not part of what was said."""
    if c.verb is None:
        return
    for d_start, d_end, _ in dates:
        if d_start == c.start and d_end < c.end:
            after = c.verb.doc.text[d_end - c.base : c.end - c.base]
            c.start = d_end + len(after) - len(after.lstrip(" ,"))
            return


# ----------------------------------------------------------------------------- quotations


def _quotes_in(piece: pipeline.Piece) -> list[tuple[int, int]]:
    """Article offsets of the inside of each quotation in a piece (a quote left open runs to
    the end of the paragraph, as a quote continued in the next paragraph does)."""
    return [(piece.base + a, piece.base + b) for a, b in quote_spans(piece.doc.text)]


def _extend_to_quote(text: str, piece: pipeline.Piece, c: Candidate) -> None:
    """A statement that lies inside a quotation is the whole quotation: the parser hangs only
    its last sentence on the tag ('"A. B," he said')."""
    if c.verb is None:
        return
    verb_at = c.base + c.verb.idx
    for start, end in _quotes_in(piece):
        if start <= verb_at < end:
            return  # a tag inside a quotation belongs to the one quoted
        if start <= c.start < end or start < c.end <= end:
            if c.start >= start - 1 and c.end <= end + 1:
                c.start, c.end, c.direct = min(c.start, start), max(c.end, end), True
            return


# ----------------------------------------------------------------------------- untagged quotes


def _untagged_quotes(text: str, pieces, candidates: list[Candidate]) -> list[Candidate]:
    """Quotations no rule attributed: a quote split by its tag ('"A," he said. "B."') is the
    tag's speaker's; a paragraph that opens with a quote and has no tag is the last speaker's."""
    by_paragraph: dict[int, list[Candidate]] = {}
    for c in candidates:
        by_paragraph.setdefault(pieces[c.piece].paragraph, []).append(c)
    added: list[Candidate] = []
    last: Candidate | None = None
    last_paragraph = -10
    for piece in pieces:
        own = by_paragraph.get(piece.paragraph, [])
        for a, b in quote_spans(piece.doc.text):
            start, end = piece.base + a, piece.base + b
            if len(text[start:end].split()) < 3 or any(
                c.start < end and start < c.end for c in own
            ):
                continue
            if own:
                speaker = min(own, key=lambda c: min(abs(c.start - end), abs(start - c.end)))
                rule = "quote-continued"
            elif last is not None and a <= 2 and piece.paragraph - last_paragraph <= 2:
                speaker, rule = last, "quote-previous"
            else:
                continue
            if rule == "quote-previous":
                # a quotation running over several paragraphs reopens in each: one more
                # paragraph of it keeps the same speaker talking
                last_paragraph = piece.paragraph
            added.append(
                Candidate(
                    rule,
                    None,
                    start,
                    end,
                    verb=None,
                    confidence=0.7 if rule == "quote-continued" else 0.6,
                    direct=True,
                    piece=piece.index,
                    base=piece.base,
                    entities=speaker.entities,
                )
            )
        talking = [c for c in own if not c.nested]
        if talking:
            last = talking[-1]
            last_paragraph = piece.paragraph
    return added


# ----------------------------------------------------------------------------- resolution


def resolve(candidates: list[Candidate]) -> list[Candidate]:
    """One candidate per speaker and statement: where two rules found the same speaker saying
    overlapping things, the more confident (then the earlier-registered) rule's stays."""
    ordered = sorted(candidates, key=lambda c: (-c.confidence, c.start))
    kept: list[Candidate] = []
    for c in ordered:
        ids = {id(e) for e in c.entities}
        if any(
            ids & {id(e) for e in k.entities}
            and k.start < c.end
            and c.start < k.end
            and not _nested_tag(c, k)
            for k in kept
        ):
            continue
        kept.append(c)
    return sorted(kept, key=lambda c: c.start)


def _nested_tag(a: Candidate, b: Candidate) -> bool:
    """One statement reported inside the other's by the same speaker ("the mine, which they
    said could be as large as ..., would ..."): both stand."""
    for inner, outer in ((a, b), (b, a)):
        if inner.verb is not None and inner.start >= outer.start and inner.end <= outer.end:
            at = inner.base + inner.verb.idx
            if outer.start <= at < outer.end and (inner.start, inner.end) != (
                outer.start,
                outer.end,
            ):
                return True
    return False


def _stance_parts(text: str, piece: pipeline.Piece, c: Candidate) -> list[tuple[int, int, bool]]:
    """The statement's stretches of one stance: a quotation that asserts and then denies is two."""
    if c.cue_denies:
        return [(c.start, c.end, True)]
    doc = piece.doc
    a, b = c.start - piece.base, c.end - piece.base
    span = doc.char_span(a, b, alignment_mode="expand")
    if span is None:
        return [(c.start, c.end, content_denies(text[c.start : c.end]))]
    parts: list[tuple[int, int, bool]] = []
    sentences = [s for s in doc.sents if s.start < span.end and span.start < s.end]
    for sent in sentences:
        lo, hi = max(sent.start, span.start), min(sent.end, span.end)
        if lo >= hi:
            continue
        sub = doc[lo:hi]
        s_start = piece.base + max(a, sub.start_char)
        s_end = piece.base + min(b, sub.end_char)
        denies = content_denies(sub.text) or denies_within(sub) or negates(sub)
        if parts and parts[-1][2] == denies:
            parts[-1] = (parts[-1][0], s_end, denies)
        else:
            parts.append((s_start, s_end, denies))
    return parts or [(c.start, c.end, False)]


# ----------------------------------------------------------------------------- description


def _suggestion(
    text: str,
    c: Candidate,
    entity: Entity,
    start: int,
    end: int,
    denies: bool,
    published_on: datetime.date | None,
    claims,
    matches: dict[str, KnownClaim | None],
    dates: list[tuple[int, int, str]],
) -> Suggestion:
    end = start + len(_TRAILING_JOIN.sub("", text[start:end]))
    if end <= start:
        end = start + 1
    content = text[start:end]
    claim = _plain_claim(content)
    if claim not in matches:
        matches[claim] = match_claim(claim, claims)[0] if claims else None
    matched = matches[claim]
    date_text = _date_near(c, dates, start, end)
    return Suggestion(
        actor=entity.name,
        actor_id=entity.actor_id,
        actor_kind=entity.kind,
        actor_role=entity.role,
        stance="denies" if denies else "asserts",
        quote=content,
        start=start,
        end=end,
        said_on=resolve_date(date_text, published_on) if date_text else None,
        said_on_text=date_text,
        claim=matched.statement if matched else claim,
        claim_id=matched.id if matched else None,
        via=c.via,
        is_direct_quote=c.direct,
        rule=c.rule,
        confidence=round(c.confidence * (0.9 if entity.actor_id is None else 1.0), 2),
    )


def _date_near(c: Candidate, dates: list[tuple[int, int, str]], start: int, end: int) -> str:
    if c.verb is None:
        return ""
    sent = c.verb.sent
    shift = c.base
    lo, hi = shift + sent.start_char, shift + sent.end_char
    verb_at = shift + c.verb.idx
    first = bisect.bisect_left(dates, (lo,))
    best, best_distance = "", None
    for d_start, d_end, wording in dates[first:]:
        if d_start >= hi:
            break
        if d_start < end and start < d_end:
            continue  # inside the statement: what was said, not when
        distance = abs(d_start - verb_at)
        if best_distance is None or distance < best_distance:
            best, best_distance = wording, distance
    return best


def _plain_claim(content: str) -> str:
    claim = _QUOTE_MARKS.sub("", content)
    claim = re.sub(r"^(?:that|whether)\s+", "", " ".join(claim.split()), flags=re.I)
    claim = claim.strip(" ,.;:—-")
    return claim[:1].upper() + claim[1:]
