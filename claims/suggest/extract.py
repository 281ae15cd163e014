"""Rules that find attributions (who asserted or denied what) in an English news article.

Each sentence is tokenised once; speaker phrases are read leftwards from a reporting verb
or rightwards from "according to", "denied by", "denials from"; the reported content runs
from the verb (or "that") to the end of the clause. Speakers are resolved through the
per-article Registry (names, surnames, pronouns, "the report", "both countries").
"""
from __future__ import annotations

import datetime
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from .actors import (
    DETERMINERS,
    DOCUMENT_HEADS,
    PRONOUNS,
    Entity,
    NounPhrase,
    Registry,
    Token,
    analyse,
    collect_backward,
    collect_forward,
    is_cap,
    is_np_word,
    tokenize,
)
from .dates import DATE_EXPRESSION, resolve_date
from .lexicon import (
    ACCUSE_VERBS,
    DEMONYMS,
    DENIAL_PATTERNS,
    DENY_VERBS,
    NEEDS_THAT,
    PARTICIPLES,
    PHRASAL_SAY,
    SAY_VERBS,
)
from .matching import match_claim
from .models import KnownActor, KnownClaim, Suggestion
from .structure import detect_structure
from .text import Sentence, quote_spans, split_sentences

SKIPPED_BLOCKS = frozenset({"repeated", "furniture", "caption", "title", "dateline-marker"})
_DENIAL = re.compile("|".join(DENIAL_PATTERNS), re.I)
_PHRASAL = {tuple(p.split()): p for p in PHRASAL_SAY}
_PHRASAL_FIRST = {p[0] for p in _PHRASAL}
# Words between a speaker and the verb: "Lavrov also said", "Price has repeatedly said".
_BETWEEN = frozenset(
    """also later previously again repeatedly separately publicly recently earlier further then
    already reportedly initially subsequently similarly once twice flatly strongly categorically
    firmly vehemently quickly immediately has have had would will did does do may might could can
    should must has long since always often never""".split()
)
_PASSIVE_AUX = frozenset("been be being was were is are".split())
_NEGATION = frozenset("not n't never no".split())
_AUX = frozenset("has have had was were is are will would could may might did does do can should must".split())
_IRREGULAR_PAST = frozenset(
    """fell rose said told made took gave went came saw found met held led won lost left sent put set
    got began become became brought bought paid kept thought spoke wrote ran stood grew drew knew
    showed shown""".split()
)
# Prepositional adjuncts between a verb and its content: "said in a statement", "at the outset of the talks".
_ADJUNCT = re.compile(
    r"\s*(?:,\s*)?(?:in|at|during|on|to|after|before|from|via|through|with|while)\s+(?:a|an|the|his|her|its|their)?\s*"
    r"(?:[\w’'-]+\s+){0,3}?(?:statement|interview|conference|briefing|meeting|call|post|message|speech|address|"
    r"hearing|report|letter|tweet|remarks|session|summit|rally|sidelines|reporters|journalists|television|"
    r"radio|parliament|Twitter|Facebook|Instagram|Telegram|X|social media|website|outset|start|end|beginning|"
    r"opening statement|testimony|court|filing|blog|podcast|broadcast|documents?|supporters|jury|jurors)"
    r"(?:\s+(?:of|with|by|to|published|released)\s+(?:the\s+|a\s+)?(?:[\w’'-]+\s*){0,3}?)?(?=\s+(?:that\b|[A-Za-z“\"])|\s*[.,;]|\s*$)",
    re.I,
)
# Where a reported clause ends before the sentence does: a channel or a participle clause
# that carries a statement of its own ("..., calling the figures misleading").
_CLAUSE_BREAK = re.compile(
    r",\s+(?:according to|as reported by|saying|adding|calling|claiming|insisting|arguing|noting|warning|"
    r"accusing|describing|denying|rejecting|dismissing)\b"
)
_TRAILING_JOIN = re.compile(r"(?:[\s,;:—–-]+(?:and|but|though|although|while|whereas|as|which|after|before|when))*[\s,;:—–-]*$")
_CHANNEL = re.compile(r"(?:according to|as reported by|citing)\b", re.I)
_STOP_WORDS_FOR_CLAIM = re.compile(r"^(?:that|whether)\s+", re.I)


@dataclass
class Candidate:
    entities: tuple[Entity, ...]
    stance: str
    start: int
    end: int
    rule: str
    confidence: float
    date_text: str = ""
    via: str | None = None
    direct: bool = False
    speaker_start: int = -1  # where the speaker phrase starts, to end other contents there
    claim_text: str = ""
    sentence: int = 0
    verb: str = ""  # to re-read the stance if the content is cut shorter


@dataclass
class _Sentence:
    index: int
    sentence: Sentence
    tokens: list[Token]
    dates: list[tuple[int, int, str]]
    quotes: list[tuple[int, int]]
    subjects: list[tuple[int, int, tuple[Entity, ...]]] = field(default_factory=list)  # token span, entities
    candidates: list[Candidate] = field(default_factory=list)
    orphan_speaker: tuple[Entity, ...] = ()  # "Peskov said." with nothing reported after it


class _Article:
    def __init__(self, text: str, registry: Registry, dateline: str) -> None:
        self.text = text
        self.registry = registry
        self.dateline = dateline

    # ------------------------------------------------------------------ helpers
    def clause_end(self, s: _Sentence, start: int) -> int:
        """End of the clause that starts at char offset start: sentence end less closing punctuation."""
        end = s.sentence.end
        text = self.text
        m = _CLAUSE_BREAK.search(text, start, end)
        if m:
            end = m.start()
        while end > start and text[end - 1] in ".;:!?, ":
            end -= 1
        return end

    def resolve(self, phrases: Sequence[NounPhrase], s: _Sentence, position: int,
                allow_bare: bool = False) -> tuple[Entity, ...]:
        entities: list[Entity] = []
        for phrase in phrases:
            if allow_bare and phrase.form == "bare-group":
                phrase.form = "name"  # "accused by athletes": an explicit agent, even unnamed
            entities.extend(self.resolve_one(phrase, s, position))
        unique: dict[int, Entity] = {id(e): e for e in entities}
        return tuple(unique.values())

    def resolve_one(self, phrase: NounPhrase, s: _Sentence, position: int) -> tuple[Entity, ...]:
        reg = self.registry
        if phrase.form == "name":
            return (reg.entity(phrase.name, phrase.kind, phrase.role, phrase.alias),)
        if phrase.form == "pronoun":
            return reg.pronoun(phrase.head, s.index, position)
        if phrase.form == "group-ref":
            return reg.group(phrase, s.index, position)
        if phrase.form == "role":
            found = reg.role(phrase, s.index, position)
            if found is not None:
                return (found,)
            return ()
        if phrase.form == "description":
            found = reg.description(phrase, s.index, position)
            if found is not None:
                return (found,)
            # "the ruling party", "the laboratory": a new, unnamed organisation; "the report" alone is nobody.
            if phrase.head not in ("report", "study", "statement", "company", "firm", "group", "operator",
                                   "data", "findings", "document", "analysis", "side", "government"):
                return (reg.entity(phrase.name, phrase.kind, phrase.role),)
        return ()

    def speaker_before(self, s: _Sentence, end: int, allow_bare: bool = False):
        """Speaker phrase ending just before token index end: (first token, phrases, appositive role)."""
        toks = s.tokens
        if end > 0 and toks[end - 1].lower in PRONOUNS and (end == 1 or not is_np_word(toks[end - 2])):
            token = toks[end - 1]
            return end - 1, [NounPhrase(token.start, token.end, "pronoun", head=token.lower)]
        if end > 0 and toks[end - 1].text == ",":
            return self._appositive_speaker(s, end - 1)
        first = collect_backward(toks, end)
        if first >= end:
            return None
        phrases = analyse(self.text, toks, first, end)
        if not phrases or any(p.form == "bare-group" for p in phrases) and not allow_bare:
            return None
        return first, phrases

    def _appositive_speaker(self, s: _Sentence, comma: int):
        """'John Kirby, a spokesperson for the NSC, said'; 'His lawyer, Karin Holm, said'."""
        toks = s.tokens
        for k in range(comma - 1, max(comma - 25, -1), -1):
            if toks[k].text != ",":
                continue
            inner = toks[k + 1:comma]
            if not inner:
                return None
            first = collect_backward(toks, k)
            appositive = analyse(self.text, toks, k + 1, comma) if collect_forward(toks, k + 1, comma) == comma else []
            main = analyse(self.text, toks, first, k) if first < k else []
            if not main:
                # "The developer at the centre of the case, Harold Quinn, testified"
                if len(appositive) == 1 and appositive[0].form == "name" and appositive[0].kind == "person":
                    return k + 1, appositive
                return None
            if len(main) != 1:
                return (first, main) if main and inner[0].lower in ("who", "which") else None
            phrase = main[0]
            if inner[0].lower in ("who", "which", "whose"):
                return first, main
            if phrase.form in ("role", "description") and len(appositive) == 1 and appositive[0].form == "name":
                named = appositive[0]
                if phrase.form == "description":
                    named.kind = phrase.kind  # "Lindqvist's team, Nordvik Cycling"
                    named.role = self.text[phrase.start:phrase.end]
                if not named.role:
                    named.role = phrase.role or self.text[phrase.start:phrase.end]
                return first, [named]
            if phrase.form == "name" and (inner[0].lower in DETERMINERS or inner[0].text[:1].isdigit()
                                           or is_np_word(inner[0])):
                if not phrase.role and appositive and appositive[0].form in ("role", "description"):
                    phrase.role = self.text[inner[0].start:inner[-1].end]
                elif not phrase.role and inner[0].lower in ("a", "an", "the"):
                    phrase.role = self.text[inner[0].start:inner[-1].end]
                return first, main
            return None
        return None

    def skip_between(self, s: _Sentence, index: int) -> tuple[int, str]:
        """Step left over adverbs, auxiliaries and date expressions before a verb."""
        toks = s.tokens
        date_text = ""
        while index > 0:
            prev = toks[index - 1]
            date = self.date_ending_at(s, prev.end)
            if date:
                date_text = date[2]
                while index > 0 and toks[index - 1].start >= date[0]:
                    index -= 1
                continue
            if prev.lower in _BETWEEN:
                index -= 1
                continue
            break
        return index, date_text

    def date_ending_at(self, s: _Sentence, end: int):
        for date in s.dates:
            if date[1] == end:
                return date
        return None

    def date_starting_near(self, s: _Sentence, start: int, limit: int = 40) -> tuple[int, int, str] | None:
        for date in s.dates:
            if start <= date[0] <= start + limit and not self.text[start:date[0]].strip(" ,").count(" ") > 4:
                return date
        return None

    def sentence_date(self, s: _Sentence) -> str:
        """A date that opens the sentence: "On Monday, ..."."""
        if s.dates and s.dates[0][0] - s.sentence.start <= 3:
            return s.dates[0][2]
        return ""

    def stance(self, verb: str, start: int, end: int) -> str:
        if verb in DENY_VERBS or verb.startswith(("deny", "deni", "reject", "dismiss", "refut", "disput", "rebuff")):
            return "denies"
        if verb == "pleaded not guilty":
            return "denies"
        return "denies" if _DENIAL.search(self.text, start, end) else "asserts"

    def content_after(self, s: _Sentence, index: int, verb: str) -> tuple[int, int, str] | None:
        """Span of the reported content after the verb ending at token index-1, and a date found on the way."""
        toks = s.tokens
        text = self.text
        if index >= len(toks):
            return None
        date_text = ""
        limit = min(len(toks), index + 14)
        for k in range(index, limit):
            if self.is_verb_like(toks[k]):
                break
            if toks[k].lower == "that" and not any(t.text in "“\"" for t in toks[index:k]):
                gap = text[toks[index].start:toks[k].start]
                if verb in ("told", "tells", "tell") or "," not in gap or gap.count(",") == 2:
                    if date := self.date_starting_near(s, toks[index].start, 4):
                        date_text = date[2]
                    content = self._content(s, k + 1, date_text)
                    if content:
                        return content
                    break  # "rejected that claim": a demonstrative, not a clause
            if toks[k].text in ".;":
                break
        if verb in NEEDS_THAT:
            return None
        start = toks[index].start
        if verb in ("told", "tells", "tell"):
            k = index
            if toks[k].lower in DETERMINERS:
                k += 1
            while k < len(toks) and (is_cap(toks[k]) or toks[k].lower in ("news", "press", "conference", "briefing")):
                k += 1
            k = max(k, index + 1)
            start = toks[k].start if k < len(toks) else s.sentence.end
        while True:
            if date := self.date_starting_near(s, start, 1):
                date_text = date_text or date[2]
                start = date[1]
                continue
            if m := _ADJUNCT.match(text, start, s.sentence.end):
                start = m.end()
                continue
            break
        while start < s.sentence.end and text[start] in " ,":
            start += 1
        k = next((i for i, t in enumerate(toks) if t.start >= start), len(toks))
        return self._content(s, k, date_text)

    def _content(self, s: _Sentence, k: int, date_text: str) -> tuple[int, int, str] | None:
        toks = s.tokens
        if k >= len(toks):
            return None
        start = toks[k].start
        if _CHANNEL.match(self.text, start):
            return None
        end = self.clause_end(s, start)
        if len(self.text[start:end].split()) < 2:
            return None
        return start, end, date_text

    def is_verb_like(self, token: Token) -> bool:
        low = token.lower
        if not token.text[:1].islower():
            return False
        return (low in _AUX or low in SAY_VERBS or low in DENY_VERBS or low in ACCUSE_VERBS
                or low in _IRREGULAR_PAST or (low.endswith("ed") and len(low) > 4))


def extract(text: str, *, published_on: datetime.date | None = None, actors: Sequence[KnownActor] = (),
            claims: Sequence[KnownClaim] = (), skip: Sequence[tuple[int, int]] | None = None) -> list[Suggestion]:
    """Suggest attributions for one article; see the package docstring for the conventions."""
    structure = detect_structure(text)
    if skip is None:
        skip = [(b.start, b.end) for b in structure.blocks if b.kind in SKIPPED_BLOCKS]
    if published_on is None:
        published_on = structure.published_on
    article = _Article(text, Registry(actors), structure.dateline)
    sentences = [_prepare(article, sentence, index) for index, sentence in
                 enumerate(s for s in split_sentences(text, skip) if not s.is_heading)]
    for s in sentences:
        _scan_mentions(article, s)
        _find_candidates(article, s)
        for c in s.candidates:
            article.registry.note(s.index, c.speaker_start, c.entities, speaker=True)
    _attribute_bare_quotes(article, sentences)
    candidates = _finalise(article, [c for s in sentences for c in s.candidates])
    return [_suggestion(article, c, e, published_on, claims) for c in candidates for e in c.entities]


def _prepare(article: _Article, sentence: Sentence, index: int) -> _Sentence:
    start = sentence.start
    if article.dateline and sentence.text.startswith(article.dateline):
        m = re.match(r"[^\n]{0,40}?(?::|—|–|--|\s-)\s+", sentence.text)
        if m:
            start += m.end()
    tokens = tokenize(article.text, start, sentence.end)
    dates = [(m.start() + sentence.start, m.end() + sentence.start, m[0])
             for m in DATE_EXPRESSION.finditer(sentence.text)]
    quotes = quote_spans(article.text, sentence.start, sentence.end)
    return _Sentence(index, Sentence(start, sentence.end, article.text[start:sentence.end], sentence.paragraph,
                                     sentence.is_heading), tokens, dates, quotes)


def _scan_mentions(article: _Article, s: _Sentence) -> None:
    """Register every actor-like phrase, marking sentence subjects, for later pronouns and group words."""
    toks = s.tokens
    i = 0
    while i < len(toks):
        t = toks[i]
        if t.lower in DEMONYMS and t.text[:1].isupper() and (i + 1 >= len(toks) or not is_cap(toks[i + 1])):
            country = DEMONYMS[t.lower]
            article.registry.note(s.index, t.start, (article.registry.entity(country, "state"),), weight=0.5)
        if not (is_np_word(t) or t.lower in DETERMINERS):
            i += 1
            continue
        end = collect_forward(toks, i)
        if end <= i:
            i += 1
            continue
        phrases = analyse(article.text, toks, i, end)
        subject = _is_subject(article, s, i, end)
        # descriptions ("the health ministry") count only as subjects: elsewhere they are too vague
        phrases = [p for p in phrases if p.form == "name" or (subject and p.form == "description")]
        entities = article.resolve(phrases, s, toks[i].start)
        if entities:
            article.registry.note(s.index, toks[i].start, entities, subject=subject)
            if subject:
                s.subjects.append((i, end, entities))
        i = end


def _is_subject(article: _Article, s: _Sentence, first: int, end: int) -> bool:
    toks = s.tokens
    k = end
    while k < len(toks) and (toks[k].lower in _BETWEEN or article.date_ending_at(s, toks[k].end)
                             or any(d[0] <= toks[k].start < d[1] for d in s.dates)):
        k += 1
    if k >= len(toks):
        return False
    included = first >= 1 and toks[first - 1].lower in ("including", "as")
    if toks[k].text == ",":
        nxt = toks[k + 1] if k + 1 < len(toks) else None
        if nxt is None:
            return False
        if included and article.is_verb_like(nxt):
            return True
        if nxt.lower in DETERMINERS or nxt.lower in ("who", "which", "including") or is_np_word(nxt):
            for j in range(k + 1, min(len(toks), k + 25)):
                if toks[j].text == ",":
                    after = j + 1
                    while after < len(toks) and toks[after].lower in _BETWEEN:
                        after += 1
                    return after < len(toks) and article.is_verb_like(toks[after])
        return False
    return article.is_verb_like(toks[k])


def _find_candidates(article: _Article, s: _Sentence) -> None:
    toks = s.tokens
    i = 0
    while i < len(toks):
        low = toks[i].lower
        phrasal = _phrasal_at(toks, i) if low in _PHRASAL_FIRST else None
        if phrasal:
            _verb_rule(article, s, i, i + len(phrasal.split()), phrasal)
        elif (low in SAY_VERBS or low in DENY_VERBS or low in ACCUSE_VERBS or low in ("called", "calls", "call")) \
                and toks[i].text[:1].islower():  # "United States", "Claims Court" are not verbs
            _verb_rule(article, s, i, i + 1, low)
        elif low in PARTICIPLES and i > 0 and (toks[i - 1].text == "," or toks[i - 1].lower == "by"
                                                or toks[i - 1].lower in DOCUMENT_HEADS):
            _participle_rule(article, s, i)
        elif low == "according" and i + 1 < len(toks) and toks[i + 1].lower == "to":
            _according_rule(article, s, i)
        elif low in ("denials", "denial", "rejection", "rejections"):
            _denial_noun_rule(article, s, i)
        elif low in ("claims", "claim", "allegations", "allegation", "assertion", "assertions", "accusations"):
            _claim_noun_rule(article, s, i)
        elif low == "what" and i + 2 < len(toks) and toks[i + 1].lower in ("they", "he", "she", "it") \
                and toks[i + 2].lower in ("say", "says", "said", "call", "calls", "called", "describe", "described"):
            _what_they_say_rule(article, s, i)
        i += 1


def _phrasal_at(toks: list[Token], i: int) -> str | None:
    for words, phrase in _PHRASAL.items():
        if i + len(words) <= len(toks) and all(toks[i + k].lower == w for k, w in enumerate(words)):
            return phrase
    return None


def _add(s: _Sentence, candidate: Candidate) -> None:
    if candidate.entities and candidate.end > candidate.start:
        candidate.sentence = s.index
        s.candidates.append(candidate)


def _direct(article: _Article, s: _Sentence, start: int, end: int) -> bool:
    return any(a <= start and end <= b or start <= a and b <= end + 1 for a, b in s.quotes)


def _verb_rule(article: _Article, s: _Sentence, v: int, after: int, verb: str) -> None:
    toks = s.tokens
    text = article.text
    before, date_text = article.skip_between(s, v)
    if before > 0 and toks[before - 1].lower in _NEGATION | {"to", "n’t"} and verb != "pleaded not guilty":
        return
    if before > 0 and toks[before - 1].lower in _PASSIVE_AUX:
        _passive_rule(article, s, before - 1, v, after, verb)
        return
    if before > 0 and toks[before - 1].text.endswith(("’s", "'s")):
        return  # "Otieno's claims": a noun, not a verb
    if verb in ("call", "calls", "called") and (after < len(toks) and toks[after].lower in ("for", "on", "off", "in", "up")):
        return
    # Coordinated predicate: "Veltrix rejected the allegations ... and said it would sue."
    if before > 0 and toks[before - 1].lower in ("and", "but") and s.candidates and \
            s.candidates[-1].speaker_start < toks[v].start:
        inherited = s.candidates[-1]
        content = article.content_after(s, after, verb)
        if content:
            _add(s, _make(article, s, inherited.entities, verb, content, "coordinated", 0.7, date_text,
                          toks[before - 1].start))
        return
    # Relative clauses: "Putin, who says ...", "the ruling party, which called them ...".
    if before > 1 and toks[before - 1].lower in ("who", "which") and toks[before - 2].text == ",":
        found = article.speaker_before(s, before - 2)
        if found:
            first, phrases = found
            entities = article.resolve(phrases, s, toks[first].start)
            content = _relative_content(article, s, after, verb)
            if content:
                _add(s, _make(article, s, entities, verb, content, "who-said", 0.75, date_text, toks[first].start))
        return
    # "... that it said show ...": the pronoun stands for the subject of the main clause.
    if before > 1 and toks[before - 1].lower in PRONOUNS and toks[before - 2].lower in ("that", "which"):
        entities = _main_subject(s, toks[before - 1].lower, before - 2)
        content = article.content_after(s, after, verb)
        if entities and content:
            _add(s, _make(article, s, entities, verb, content, "relative-said", 0.7, date_text or article.sentence_date(s),
                          toks[before - 1].start))
        return
    found = article.speaker_before(s, before)
    # Object relative: "..., which the company denied."
    if found and found[0] > 1 and toks[found[0] - 1].lower in ("which",) and toks[found[0] - 2].text == ",":
        first, phrases = found
        entities = article.resolve(phrases, s, toks[first].start)
        comma = toks[first - 2].start
        # what is denied is the clause just before: the previous statement's content if there is one
        previous = next((c for c in reversed(s.candidates) if c.start < comma <= c.end + 2), None)
        start = previous.start if previous else s.tokens[0].start
        if previous:
            previous.end = min(previous.end, comma)
            previous.stance = article.stance(previous.verb, previous.start, previous.end)
        _add(s, Candidate(entities, article.stance(verb, start, comma), start, comma, "which-denied", 0.65, date_text,
                          speaker_start=toks[first - 1].start, verb=verb))
        return
    if not found:
        _inverted_rule(article, s, v, after, verb)
        return
    first, phrases = found
    entities = article.resolve(phrases, s, toks[first].start)
    if not entities:
        return
    if verb in ("called", "calls", "call"):
        _called_rule(article, s, entities, after, date_text, toks[first].start)
        return
    content = article.content_after(s, after, verb)
    if content is None:
        _trailing_rule(article, s, entities, first, v, after, verb, date_text)
        return
    start, end, later_date = content
    if verb == "pleaded not guilty":
        start = toks[v].start  # the plea itself is the denial
        content = (start, end, later_date)
    via = _told_media(article, s, after) if verb in ("told", "tells") else None
    rule = "accused" if verb in ACCUSE_VERBS else ("denied" if verb in DENY_VERBS else "said-that")
    candidate = _make(article, s, entities, verb, content, rule, 0.85, date_text or later_date
                      or _date_after_verb(article, s, after) or article.sentence_date(s), toks[first].start)
    candidate.via = via
    _add(s, candidate)


def _date_after_verb(article: _Article, s: _Sentence, after: int) -> str:
    if after < len(s.tokens):
        date = article.date_starting_near(s, s.tokens[after].start, 1)
        if date:
            return date[2]
    return ""


def _told_media(article: _Article, s: _Sentence, after: int) -> str | None:
    end = collect_forward(s.tokens, after)
    if end > after:
        phrases = analyse(article.text, s.tokens, after, end)
        if len(phrases) == 1 and phrases[0].kind == "media" and phrases[0].form == "name":
            return phrases[0].name
    return None


def _make(article: _Article, s: _Sentence, entities: tuple[Entity, ...], verb: str,
          content: tuple[int, int, str], rule: str, confidence: float, date_text: str,
          speaker_start: int) -> Candidate:
    start, end, later = content
    return Candidate(entities, article.stance(verb, start, end), start, end, rule, confidence,
                     date_text or later, direct=_direct(article, s, start, end), speaker_start=speaker_start,
                     verb=verb)


def _relative_content(article: _Article, s: _Sentence, after: int, verb: str) -> tuple[int, int, str] | None:
    content = article.content_after(s, after, verb)
    if content is None:
        return None
    start, end, date_text = content
    comma = article.text.find(",", start, end)
    return (start, comma if comma > 0 else end, date_text)


def _main_subject(s: _Sentence, pronoun: str, before: int) -> tuple[Entity, ...]:
    for first, end, entities in reversed(s.subjects):
        if end > before:
            continue
        kinds = {e.kind for e in entities}
        if pronoun in ("he", "she") and kinds == {"person"} and len(entities) == 1:
            return entities
        if pronoun in ("it",) and "person" not in kinds and len(entities) == 1:
            return entities
        if pronoun == "they" and (len(entities) > 1 or "person" not in kinds):
            return entities
    return ()


def _called_rule(article: _Article, s: _Sentence, entities: tuple[Entity, ...], after: int, date_text: str,
                 speaker_start: int) -> None:
    """'X called relations "worrying"': the object and the quoted or judging words after it."""
    toks = s.tokens
    if after < len(toks):
        date = article.date_starting_near(s, toks[after].start, 1)
    for k in range(after, min(len(toks), after + 16)):
        if toks[k].text in ".;" or (toks[k].text == "," and k > after):
            break
        if toks[k].text in "“\"":
            quote = next(((a, b) for a, b in s.quotes if a == toks[k].start), None)
            if quote:
                start = toks[after].start
                candidate = Candidate(entities, article.stance("called", start, quote[1]), start, quote[1], "called",
                                      0.8, date_text or (date[2] if after < len(toks) and date else ""),
                                      direct=True, speaker_start=speaker_start)
                _add(s, candidate)
            return
    end = article.clause_end(s, toks[after].start) if after < len(toks) else 0
    if after < len(toks) and _DENIAL.search(article.text, toks[after].start, end):
        _add(s, Candidate(entities, "denies", toks[after].start, end, "called", 0.7, date_text,
                          speaker_start=speaker_start))


def _trailing_rule(article: _Article, s: _Sentence, entities: tuple[Entity, ...], first: int, v: int,
                   after: int, verb: str, date_text: str) -> None:
    """'“...,” Choe said.' and '..., the report said.': the content comes before the speaker."""
    toks = s.tokens
    text = article.text
    speaker_start = toks[first].start
    if first == 0:
        s.orphan_speaker = entities
        return
    prev = toks[first - 1].text
    if prev not in ",”\"’":
        return
    date_text = date_text or _date_after_verb(article, s, after)
    opening = next(((a, b) for a, b in s.quotes if a == s.tokens[0].start and b <= speaker_start), None)
    if opening:
        start, end, direct = opening[0] + 1, opening[1] - 1, True
    else:
        start, end, direct = s.tokens[0].start, toks[first - 1].start, False
        m = re.match(r"(?:(?:However|But|Meanwhile|And|In addition|Still|Yet)\s*,?\s*)", text[start:end])
        if m:
            start += m.end()
    while end > start and text[end - 1] in ",;: ":
        end -= 1
    if len(text[start:end].split()) < 2:
        return
    via = _via_after(article, s, after)
    stance = article.stance(verb, start, end)
    _add(s, Candidate(entities, stance, start, end, "quote-said" if direct else "said-trailing", 0.85, date_text,
                      via=via, direct=direct, speaker_start=speaker_start))


def _via_after(article: _Article, s: _Sentence, after: int) -> str | None:
    toks = s.tokens
    for k in range(after, min(len(toks) - 2, after + 6)):
        if toks[k].lower == "according" and toks[k + 1].lower == "to":
            end = collect_forward(toks, k + 2)
            phrases = analyse(article.text, toks, k + 2, end)
            if phrases:
                return phrases[0].name or article.text[toks[k + 2].start:toks[end - 1].end]
    return None


def _inverted_rule(article: _Article, s: _Sentence, v: int, after: int, verb: str) -> None:
    """'..., said John Smith, a spokesman.'"""
    toks = s.tokens
    if v == 0 or toks[v - 1].text not in ",”\"" or verb in DENY_VERBS:
        return
    end = collect_forward(toks, after)
    if end <= after or (end < len(toks) and toks[end].text not in ",."):
        return
    phrases = analyse(article.text, toks, after, end)
    entities = article.resolve(phrases, s, toks[after].start)
    if not entities:
        return
    opening = next(((a, b) for a, b in s.quotes if a == toks[0].start and b <= toks[v].start), None)
    start, stop, direct = (opening[0] + 1, opening[1] - 1, True) if opening else (toks[0].start, toks[v - 1].start, False)
    while stop > start and article.text[stop - 1] in ",;: ":
        stop -= 1
    if len(article.text[start:stop].split()) >= 2:
        _add(s, Candidate(entities, article.stance(verb, start, stop), start, stop, "said-inverted", 0.8,
                          direct=direct, speaker_start=toks[after].start))


def _passive_rule(article: _Article, s: _Sentence, aux: int, v: int, after: int, verb: str) -> None:
    """'... have been denied by both A and B', 'X has been charged by A and B of ...'."""
    toks = s.tokens
    if after >= len(toks) or toks[after].lower != "by":
        return
    agent_start = after + 1
    if agent_start < len(toks) and toks[agent_start].lower == "both":
        agent_start += 1
    end = collect_forward(toks, agent_start)
    if end <= agent_start:
        return
    phrases = analyse(article.text, toks, agent_start, end)
    entities = article.resolve(phrases, s, toks[agent_start].start, allow_bare=True)
    if not entities:
        return
    clause_start = toks[_clause_start(toks, aux)].start
    if verb in ACCUSE_VERBS:
        if end < len(toks) and toks[end].lower in ("of", "for", "over", "with"):
            content_end = article.clause_end(s, toks[end].start)
            claim = f"{article.text[clause_start:toks[aux].start].strip()} {article.text[toks[end + 1].start:content_end]}" \
                if end + 1 < len(toks) else ""
            _add(s, Candidate(entities, "asserts", clause_start, content_end, "accused-by", 0.75,
                              _date_after_verb(article, s, end) or article.sentence_date(s),
                              speaker_start=toks[agent_start].start, claim_text=claim))
        return
    stance = "denies" if verb in DENY_VERBS else "asserts"
    _add(s, Candidate(entities, stance, clause_start, toks[end - 1].end, f"{'denied' if stance == 'denies' else 'said'}-by",
                      0.75, article.sentence_date(s), speaker_start=toks[agent_start].start,
                      claim_text=article.text[clause_start:toks[aux].start].strip()))


def _clause_start(toks: list[Token], index: int) -> int:
    for k in range(index - 1, -1, -1):
        if toks[k].text in ",;—–":
            return k + 1
    return 0


def _participle_rule(article: _Article, s: _Sentence, p: int) -> None:
    """', saying they go counter to UN sanctions' and 'by saying ...': the clause subject speaks."""
    toks = s.tokens
    verb = toks[p].lower
    entities = next((e for first, end, e in reversed(s.subjects) if end <= p), ())
    if not entities:
        return
    speaker_start = next(toks[first].start for first, end, e in reversed(s.subjects) if end <= p)
    if verb in ("calling", "describing"):
        _called_rule(article, s, entities, p + 1, "", speaker_start)
        return
    content = article.content_after(s, p + 1, verb)
    if content:
        stance_verb = {"denying": "denied", "rejecting": "rejected", "dismissing": "dismissed"}.get(verb, verb)
        _add(s, _make(article, s, entities, stance_verb, content, "participle", 0.7, article.sentence_date(s),
                      speaker_start))


def _according_rule(article: _Article, s: _Sentence, i: int) -> None:
    toks = s.tokens
    text = article.text
    np_start = i + 2
    end = collect_forward(toks, np_start)
    if end <= np_start:
        return
    phrases = analyse(text, toks, np_start, end)
    # "according to data published by the ministry", "according to a report by RUSI"
    k = end
    while k < len(toks) and toks[k].lower in ("published", "released", "issued", "compiled", "gathered", "from", "by"):
        k += 1
    if k > end and k < len(toks) and toks[k - 1].lower in ("by", "from"):
        inner_end = collect_forward(toks, k)
        if inner_end > k:
            phrases = analyse(text, toks, k, inner_end)
            end = inner_end
    elif not phrases and end < len(toks):
        return
    if not phrases:
        # "according to data published by the ministry": the leading noun is not an actor
        return
    after = end
    if after < len(toks) and toks[after].text == ",":
        # skip an appositive: "According to Dmitry Peskov, a spokesperson for the Kremlin, Kim has ..."
        for j in range(after + 1, min(len(toks), after + 16)):
            if toks[j].text == ",":
                inner = toks[after + 1]
                if inner.lower in ("a", "an", "the", "its", "his", "her") or is_np_word(inner):
                    if collect_forward(toks, after + 1, j) == j or any(t.lower in ("for", "of") for t in toks[after + 1:j]):
                        after = j
                break
    entities = article.resolve(phrases, s, toks[np_start].start)
    if not entities:
        return
    # "According to X, content" (perhaps after a short opener) or "content, according to X"
    leading = i == 0 or (i <= 5 and toks[i - 1].text == "," and after < len(toks) and toks[after].text == ",")
    if leading:
        if after < len(toks) and toks[after].text == ",":
            after += 1
        if after >= len(toks):
            return
        start, stop = toks[after].start, article.clause_end(s, toks[after].start)
    else:
        start, stop = toks[0].start, toks[i - 1].start
        opening = next(((a, b) for a, b in s.quotes if a == toks[0].start and b <= toks[i].start), None)
        if opening:
            start, stop = opening[0] + 1, opening[1] - 1
    while stop > start and text[stop - 1] in ",;:. ":
        stop -= 1
    if len(text[start:stop].split()) < 2:
        return
    _add(s, Candidate(entities, article.stance("according", start, stop), start, stop, "according-to", 0.8,
                      article.sentence_date(s), direct=_direct(article, s, start, stop),
                      speaker_start=toks[np_start].start))


def _denial_noun_rule(article: _Article, s: _Sentence, i: int) -> None:
    """'despite denials from A and B', 'A's denial'."""
    toks = s.tokens
    entities: tuple[Entity, ...] = ()
    speaker_start = -1
    if i + 1 < len(toks) and toks[i + 1].lower in ("from", "by"):
        start = i + 2
        if start < len(toks) and toks[start].lower == "both":
            start += 1
        end = collect_forward(toks, start)
        if end > start:
            entities = article.resolve(analyse(article.text, toks, start, end), s, toks[start].start)
            speaker_start = toks[start].start
    elif i > 0 and toks[i - 1].text.endswith(("’s", "'s")):
        first = collect_backward(toks, i)
        if first < i:
            entities = article.resolve(analyse(article.text, toks, first, i), s, toks[first].start)
            speaker_start = toks[first].start
    if entities:
        start, end = toks[0].start, article.clause_end(s, toks[0].start)
        claim = article.text[start:end]
        _add(s, Candidate(entities, "denies", start, end, "denials-from", 0.7, article.sentence_date(s),
                          speaker_start=speaker_start, claim_text=claim))


def _claim_noun_rule(article: _Article, s: _Sentence, i: int) -> None:
    """'X's claims that ...', 'claims by X that ...'."""
    toks = s.tokens
    entities: tuple[Entity, ...] = ()
    speaker_start = -1
    k = i + 1
    if i > 0 and toks[i - 1].text.endswith(("’s", "'s")):
        first = collect_backward(toks, i)
        if first < i:
            phrases = [p for p in analyse(article.text, toks, first, i) if p.form != "description"]
            entities = article.resolve(phrases, s, toks[first].start)
            speaker_start = toks[first].start
    elif k + 1 < len(toks) and toks[k].lower in ("by", "from"):
        end = collect_forward(toks, k + 1)
        if end > k + 1:
            phrases = analyse(article.text, toks, k + 1, end)
            entities = article.resolve(phrases, s, toks[k + 1].start)
            speaker_start = toks[k + 1].start
            k = end
    if not entities or k >= len(toks) or toks[k].lower not in ("that", "of"):
        return
    content = article._content(s, k + 1, "")
    if content and len(article.text[content[0]:content[1]].split()) >= 3:
        _add(s, _make(article, s, entities, "claims", content, "claims-that", 0.65, "", speaker_start))


def _what_they_say_rule(article: _Article, s: _Sentence, i: int) -> None:
    """'... documented what they say are North Korean weapons shipments'."""
    toks = s.tokens
    entities = _main_subject(s, toks[i + 1].lower, i)
    if not entities:
        # the speakers may sit inside the subject phrase: "reports by the US government and Western researchers"
        for first, end, found in reversed([(a, b, e) for a, b, e in _all_mentions(article, s) if b <= i]):
            if len(found) > 1 or toks[i + 1].lower != "they":
                entities = found
                break
    k = i + 3
    if k < len(toks) and toks[k].lower in ("is", "are", "was", "were", "to", "as"):
        k += 1
    content = article._content(s, k, "")
    if entities and content:
        _add(s, _make(article, s, entities, "say", content, "what-they-say", 0.6, article.sentence_date(s),
                      toks[i + 1].start))


def _all_mentions(article: _Article, s: _Sentence):
    toks = s.tokens
    i = 0
    while i < len(toks):
        if not (is_np_word(toks[i]) or toks[i].lower in DETERMINERS):
            i += 1
            continue
        end = collect_forward(toks, i)
        if end <= i:
            i += 1
            continue
        phrases = analyse(article.text, toks, i, end)
        if phrases and all(p.form in ("name", "bare-group") for p in phrases):
            yield i, end, tuple(article.registry.entity(p.name, p.kind, p.role, p.alias) for p in phrases)
        i = end


def _attribute_bare_quotes(article: _Article, sentences: list[_Sentence]) -> None:
    """A sentence that is only a quotation takes its speaker from the sentence before or after."""
    for n, s in enumerate(sentences):
        if s.candidates or not s.tokens:
            continue
        quote = next(((a, b) for a, b in s.quotes if a == s.sentence.start and b >= s.sentence.end - 1), None)
        if quote is None:
            continue
        previous = sentences[n - 1] if n > 0 else None
        following = sentences[n + 1] if n + 1 < len(sentences) else None
        entities: tuple[Entity, ...] = ()
        rule = ""
        if previous and previous.candidates and previous.sentence.paragraph >= s.sentence.paragraph - 1:
            speakers = {tuple(id(e) for e in c.entities) for c in previous.candidates}
            if len(speakers) == 1 and len(previous.candidates[-1].entities) == 1:
                entities, rule = previous.candidates[-1].entities, "quote-previous"
        if not entities and following and following.orphan_speaker:
            entities, rule = following.orphan_speaker, "quote-next"
        if entities:
            start, end = quote[0] + 1, quote[1] - 1
            while end > start and article.text[end - 1] in ",.;: ":
                end -= 1
            s.candidates.append(Candidate(entities, article.stance("", start, end), start, end, rule, 0.6,
                                          direct=True, speaker_start=-1, sentence=s.index))


def _finalise(article: _Article, candidates: list[Candidate]) -> list[Candidate]:
    """End each content where another speaker starts; turn channels into 'via'; drop duplicates."""
    by_sentence: dict[int, list[Candidate]] = {}
    for c in candidates:
        by_sentence.setdefault(c.sentence, []).append(c)
    kept: list[Candidate] = []
    for group in by_sentence.values():
        for c in group:
            for other in group:
                # only a speaker who opens a new clause ends this content; passive agents sit inside it
                if other is not c and c.start < other.speaker_start < c.end and other.rule != "according-to" \
                        and other.start >= other.speaker_start:
                    c.end = other.speaker_start
                    if c.verb:
                        c.stance = article.stance(c.verb, c.start, c.end)
        # "Peskov said, according to Tass": Tass is the channel, not a second speaker.
        others = [c for c in group if c.rule != "according-to"]
        for c in group:
            if c.rule == "according-to" and any(o.start < c.speaker_start and o.end >= c.start or
                                                 o.start <= c.start < o.end for o in others):
                for o in others:
                    if o.via is None and {e.kind for e in c.entities} <= {"media"}:
                        o.via = c.entities[0].name
                continue
            kept.append(c)
    result: list[Candidate] = []
    seen: list[Candidate] = []
    for c in sorted(kept, key=lambda c: (c.start, -c.confidence)):
        duplicate = next((o for o in seen if {id(e) for e in o.entities} & {id(e) for e in c.entities}
                          and o.start < c.end and c.start < o.end and o.stance == c.stance), None)
        if duplicate is not None:
            continue
        seen.append(c)
        result.append(c)
    return result


def _suggestion(article: _Article, c: Candidate, entity: Entity, published_on: datetime.date | None,
                claims: Sequence[KnownClaim]) -> Suggestion:
    text = article.text
    start, end = c.start, c.end
    end = start + len(_TRAILING_JOIN.sub("", text[start:end]))
    content = c.claim_text or text[start:end]
    claim = _plain_claim(content)
    matched, _score = match_claim(claim, claims) if claims else (None, 0.0)
    role = entity.role
    return Suggestion(
        actor=entity.name, actor_id=entity.actor_id, actor_kind=entity.kind, actor_role=role,
        stance=c.stance, quote=text[start:end], start=start, end=end,
        said_on=resolve_date(c.date_text, published_on) if c.date_text else None,
        said_on_text=c.date_text, claim=matched.statement if matched else claim,
        claim_id=matched.id if matched else None, via=c.via, is_direct_quote=c.direct, rule=c.rule,
        confidence=round(c.confidence * (0.9 if entity.actor_id is None else 1.0), 2),
    )


def _plain_claim(content: str) -> str:
    claim = re.sub(r"[“”\"]", "", content)
    claim = _STOP_WORDS_FOR_CLAIM.sub("", " ".join(claim.split())).strip(" ,.;:—-")
    return claim[:1].upper() + claim[1:]
