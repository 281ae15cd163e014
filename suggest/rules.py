"""The rules: each finds one way news copy reports a statement, and returns candidates.

A rule has an id (the ``rule`` of every suggestion it makes), the cue it fires on (lemmas and
parts of speech, matched by spaCy's ``Matcher`` over each parsed piece), a confidence, and a
function that reads the parse around the cue and returns new candidates: the speaker's head
token, the statement's span, the stance the cue itself gives, and the reporting verb. No rule
edits another's candidates; ``extract.resolve`` settles overlaps once, afterwards.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from spacy.matcher import Matcher
from spacy.tokens import Doc, Token

from .lexicon import GROUP_NOUNS, ROLE_HEADS
from .quotes import quote_spans
from .speakers import NOT_ACTORS
from .stance import DENIAL_NOUNS, DENY_LEMMAS

SAY_LEMMAS = frozenset(
    """say tell add state claim announce report warn insist argue note confirm explain assert
    allege maintain acknowledge admit concede reveal disclose stress emphasise emphasize
    reiterate repeat promise pledge vow predict conclude write tweet post testify highlight
    underline underscore observe suggest contend counter reply respond declare assure agree
    remind caution urge complain propose demand threaten forecast recall hint indicate signal
    inform brief estimate vow boast lament concede retort quip acknowledge find rule
    allege defend flag describe""".split()
)
# Verbs that report only with a clause ("suggested that ..."), never with a bare object.
CLAUSE_ONLY = frozenset(
    "suggest observe agree conclude estimate remind caution hint indicate signal recall add "
    "note find show post write report rule".split()
)
# Verbs whose content is an infinitive ("vowed to fight", "urged the council to act").
TO_VERBS = frozenset("promise pledge vow threaten urge warn demand propose".split())
# Verbs whose object, whatever it is, is what the speaker holds ("defended the decision to ...",
# "flagged possible legal challenges", "repeated the call").
OBJECT_LEMMAS = frozenset(
    "defend flag reiterate repeat confirm promise pledge demand predict forecast describe".split()
)
ACCUSE_LEMMAS = frozenset("accuse blame charge".split())
CALL_LEMMAS = frozenset("call describe brand label term dub characterise characterize".split())
STATEMENT_NOUNS = frozenset(
    """claim allegation accusation assertion statement warning denial charge threat promise
    pledge demand complaint suggestion insistence remark comment testimony rejection rebuttal
    refutation call plea appeal vow assurance admission confirmation announcement""".split()
)
DOCUMENT_NOUNS = frozenset(
    "report study survey document letter announcement release email post tweet filing "
    "memo notice communique communiqué".split()
)
SPEECH_OBJECTS = STATEMENT_NOUNS | frozenset(
    "support call position view belief acceptance opposition objection".split()
)


ROLE_NOUNS = ROLE_HEADS | GROUP_NOUNS


@dataclass
class Candidate:
    rule: str
    speaker: Token | None  # the head of the speaker phrase; None when ``entities`` are given
    start: int  # the statement, as offsets into the article
    end: int
    cue_denies: bool = False
    verb: Token | None = None
    confidence: float | None = None  # the rule's own, unless the candidate says otherwise
    direct: bool = False
    via: str | None = None
    piece: int = -1
    base: int = 0  # where the parsed piece starts in the article
    nested: bool = False  # the speaker is named inside another speaker's quotation
    entities: list = field(default_factory=list)


@dataclass(frozen=True)
class Rule:
    id: str
    cue: list[list[dict]]  # Matcher patterns for the tokens it fires on
    find: Callable[[Token, int], Iterator[Candidate]]
    confidence: float
    description: str


RULES: list[Rule] = []


def rule(id: str, cue: list[list[dict]], confidence: float):
    def register(find):
        RULES.append(Rule(id, cue, find, confidence, (find.__doc__ or "").strip()))
        return find

    return register


def matcher(vocab) -> Matcher:
    m = Matcher(vocab)
    for r in RULES:
        m.add(r.id, r.cue)
    return m


def run(doc: Doc, base: int, m: Matcher) -> list[Candidate]:
    by_id = {r.id: r for r in RULES}
    found: list[Candidate] = []
    for match_id, start, _end in m(doc):
        r = by_id[doc.vocab.strings[match_id]]
        for c in r.find(doc[start], base):
            c.rule = c.rule or r.id
            c.base = base
            if c.confidence is None:
                c.confidence = r.confidence
            if c.end > c.start:
                found.append(c)
    return found


# ----------------------------------------------------------------------------- shared readings

QUOTES = "\"“”«»„‟'‘’`"
_TRIM_START = frozenset({"that", "whether", ",", ":", ";", "-", "—", "–"})


def chars(tokens: list[Token], base: int) -> tuple[int, int]:
    """The trimmed character span of a run of tokens, as article offsets."""
    while tokens and (
        tokens[0].lower_ in _TRIM_START
        and (tokens[0].dep_ == "mark" or tokens[0].is_punct)
        or tokens[0].is_punct
        or tokens[0].is_space
    ):
        tokens = tokens[1:]
    while tokens and (tokens[-1].is_punct or tokens[-1].is_space) and tokens[-1].text not in "?!":
        tokens = tokens[:-1]
    if not tokens:
        return 0, 0
    return base + tokens[0].idx, base + tokens[-1].idx + len(tokens[-1].text)


def deniers_of_summary(noun: Token) -> list[Token]:
    """', a charge the company denied', ', an allegation denied by A and by B': a statement
    noun set off by a comma that sums up the statement before it, and who denied it."""
    if noun.lemma_ not in STATEMENT_NOUNS or noun.pos_ != "NOUN":
        return []
    if noun.left_edge.i == 0 or noun.doc[noun.left_edge.i - 1].text != ",":
        return []
    for verb in noun.children:
        if verb.lemma_ not in DENY_LEMMAS or verb.pos_ != "VERB":
            continue
        if verb.dep_ == "relcl":
            return [
                c
                for c in verb.children
                if c.dep_ == "nsubj" and c.lower_ not in ("which", "that", "who")
            ][:1]
        if verb.dep_ == "acl":
            found = []
            for by in verb.children:
                if by.dep_ == "agent":
                    for prep in (by, *(c for c in by.children if c.dep_ == "conj")):
                        found += [p for p in prep.children if p.dep_ == "pobj"]
            return found
    return []


def subtree(token: Token, without: tuple[Token, ...] = ()) -> list[Token]:
    """A token's subtree, less the subtrees of ``without`` (a contiguous stretch of it), and
    less a denial that sums it up (', a claim the army denied': ``deniers_of_summary``)."""
    left, right = token.left_edge.i, token.right_edge.i
    doc = token.doc
    excluded = set()
    for t in doc[left : right + 1]:
        if t.i != token.i and t.lemma_ in STATEMENT_NOUNS and deniers_of_summary(t):
            excluded.update(range(t.left_edge.i - 1, t.right_edge.i + 1))
    for w in without:
        excluded.update(t.i for t in w.subtree)
    kept = [doc[i] for i in range(left, right + 1) if i not in excluded]
    # keep the longest contiguous run that holds the token
    runs, run_ = [], []
    for t in kept:
        if run_ and t.i != run_[-1].i + 1:
            runs.append(run_)
            run_ = []
        run_.append(t)
    if run_:
        runs.append(run_)
    for r in runs:
        if r[0].i <= token.i <= r[-1].i:
            return r
    return max(runs, key=len) if runs else []


def before_tag(tokens: list[Token], speaker: Token, verb: Token) -> list[Token]:
    """A statement before its tag ("..., the company's owner Dana Pike said") ends at the comma
    before the tag, even where the parser hung part of the speaker phrase on the statement."""
    if not tokens or tokens[0].i > verb.i or speaker.i < tokens[0].i:
        return tokens
    tag_start = min(speaker.left_edge.i, verb.i)
    for i in range(tag_start - 1, tokens[0].i, -1):
        token = verb.doc[i]
        if token.is_punct and token.text in ",—–" or token.text in QUOTES:
            return [t for t in tokens if t.i < i]
    return tokens


def subject(verb: Token) -> Token | None:
    """The subject of a verb, or of the verb it is joined to ("... and added", "..., adding")."""
    seen = 0
    while verb is not None and seen < 4:
        for child in verb.children:
            if child.dep_ in ("nsubj", "csubj") and child.lower_ not in ("that", "which", "what"):
                return child
        if verb.dep_ in ("conj", "advcl", "xcomp") and verb.head is not verb:
            verb = verb.head
            seen += 1
            continue
        if verb.dep_ == "relcl" and verb.head.pos_ in ("PROPN", "NOUN"):
            return verb.head  # "Peskov, who said ..."
        return None
    return None


def own_subject(verb: Token) -> Token | None:
    """The verb's own subject; for "Putin, who says ...", the one "who" stands for."""
    subjects = [c for c in verb.children if c.dep_ == "nsubj"]
    if (
        len(subjects) > 1
        and subjects[-1].pos_ == "PROPN"
        and subjects[-1].i == subjects[-2].right_edge.i + 1
    ):
        # "state news agency NTA reported", "a spokeswoman of the market authority AMF told":
        # the name that ends the phrase, which the parser made a subject of its own
        return subjects[-1]
    if (
        len(subjects) > 1
        and subjects[-1].lower_ in ROLE_HEADS
        and subjects[-1].i == subjects[-2].i + 1
        and subjects[-2].pos_ == "PROPN"
    ):
        return subjects[-1]  # a headline's "Detroit chief defends ...": the chief
    for child in subjects:
        if child.dep_ in ("nsubj",):
            if child.lower_ not in ("that", "which", "what", "who"):
                return child
            if (
                child.lower_ == "who"
                and verb.dep_ == "relcl"
                and verb.head.pos_ in ("PROPN", "NOUN")
            ):
                return verb.head  # "Putin, who says ...", "environmentalists who say ..."
            if child.lower_ == "which" and verb.dep_ == "relcl" and verb.head.pos_ == "PROPN":
                return verb.head  # "the Green League, which said ..."
    return None


def agent(verb: Token) -> Token | None:
    """The agent of a passive verb: the ministry of "denied by the ministry"."""
    for child in verb.children:
        if child.dep_ == "agent":
            return next((p for p in child.children if p.dep_ == "pobj"), None)
    return None


def clausal(verb: Token) -> Token | None:
    """The clause a reporting verb reports: its ccomp, the infinitive of a verb of promising,
    or a finite clause the parser took for an xcomp ("images that it said show ships")."""
    for child in verb.children:
        if child.dep_ in ("ccomp",):
            return child
    for child in verb.children:
        if child.dep_ == "xcomp" and (
            verb.lemma_ in TO_VERBS
            or verb.lemma_ not in CLAUSE_ONLY
            and not any(c.lower_ == "to" for c in child.children)
        ):
            return child
    return None


def relays(verb: Token, content: Token | None) -> bool:
    """A report that only carries another speaker's statement: "Quoting an official, a report
    said ...", "Ebel reports, '... Zakharova claimed ...'". Its speaker is the one quoted."""
    if any(c.lemma_ == "quote" and c.tag_ == "VBG" for c in verb.children):
        return True
    if verb.lemma_ != "report" or content is None:
        return False
    return any(
        t.lemma_ in SAY_LEMMAS | DENY_LEMMAS
        and t.pos_ == "VERB"
        and own_subject(t) is not None
        and (
            clausal(t) is not None
            or that_clause(t) is not None
            or any(q.dep_ == "dobj" for q in t.children)
        )
        for t in content.subtree
        if t.lemma_ not in ("brief", "inform")
    )


def that_clause(verb: Token) -> Token | None:
    """'claimed without evidence that ...': a that-clause the parser hung on a noun of the
    verb's own phrase rather than on the verb."""
    if any(c.dep_ == "dobj" for c in verb.children):
        return None
    for t in verb.subtree:
        if t.i > verb.i and t.dep_ == "mark" and t.lower_ == "that":
            clause = t.head
            if clause.dep_ == "acl" and clause.head.pos_ == "NOUN" and clause.head.i > verb.i:
                return clause
            return None
    return None


def via_of(verb: Token) -> str | None:
    """'..., Peskov said, according to Tass' and 'Holt told The Dallas Morning News': the channel."""
    for child in verb.children:
        if child.lower_ == "according":
            for to in child.children:
                for pobj in to.children:
                    if pobj.dep_ == "pobj":
                        return _name(pobj)
    return None


def _name(token: Token) -> str:
    span = token.doc[token.left_edge.i : token.i + 1]
    words = [t.text for t in span if t.dep_ != "det"]
    return " ".join(words)


def _dep_after(verb: Token) -> Token | None:
    """For `"...," he said`: the quoted clause the parser hung the verb from, or under it."""
    if verb.dep_ in ("parataxis",) and verb.head.i < verb.i:
        return verb.head
    return None


# ----------------------------------------------------------------------------- rules

_SAY = [[{"LEMMA": {"IN": sorted(SAY_LEMMAS)}, "POS": {"IN": ["VERB", "AUX", "NOUN"]}}]]
# Verbs that are a speaker tag only beside a quotation ('..., she continued').
TAG_LEMMAS = frozenset("continue go begin conclude finish explain ask".split())


@rule("said-that", _SAY, 0.85)
def said_that(verb: Token, base: int):
    """A speaker and a reporting verb with a clause: "X said (that) ...", "..., X said"."""
    if verb.dep_ in ("amod", "compound") or verb.tag_ == "VBG" and verb.dep_ in ("advcl", "xcomp"):
        return
    speaker = own_subject(verb)
    if speaker is None and verb.dep_ in ("conj",):
        return  # the conjoined rule reads it
    if speaker is None:
        return
    content = clausal(verb) or that_clause(verb)
    if content is None or relays(verb, content) or _object_relative(verb) or no_content(content):
        return
    tokens = subtree(content, without=_joined_reports(content))
    tokens = _after_relative_tag(tokens, verb)
    start, end = chars(before_tag(tokens, speaker, verb), base)
    yield Candidate("said-that", speaker, start, end, verb=verb, via=via_of(verb))


@rule("second-that-clause", _SAY, 0.8)
def second_that_clause(verb: Token, base: int):
    """'said he needs help, but that he ...': a second that-clause of the same reporting verb,
    which the parser joined to the verb itself. The first clause is said-that's."""
    speaker = own_subject(verb)
    first = clausal(verb)
    if speaker is None or first is None:
        return
    for conj in verb.children:
        if (
            conj.dep_ == "conj"
            and conj.i > first.i
            and any(c.dep_ == "mark" and c.lower_ == "that" for c in conj.children)
        ):
            start, end = chars(subtree(conj), base)
            yield Candidate("second-that-clause", speaker, start, end, verb=verb)


def _joined_reports(content: Token) -> tuple[Token, ...]:
    """'said the talks had failed and urged both sides ...', 'said there was no outbreak,
    stressing that ...': the second reporting verb is a statement of its own, not part of the
    first."""
    return tuple(
        c
        for c in content.children
        if c.dep_ == "conj"
        and c.lemma_ in SAY_LEMMAS | DENY_LEMMAS | CALL_LEMMAS | ACCUSE_LEMMAS
        and own_subject(c) is None
        and not any(g.dep_ in ("nsubjpass", "auxpass") for g in c.children)  # "were found"
        or _hung_participle(c)
        or _conceding_report(c)
    )


def _conceding_report(verb: Token) -> bool:
    """'estimated that the strike would cost millions, though they said ...': a report of
    its own, which the parser hung on the statement's verb."""
    return (
        verb.dep_ == "advcl"
        and verb.lemma_ in SAY_LEMMAS
        and own_subject(verb) is not None
        and any(c.dep_ == "mark" and c.lower_ in CONCESSIVE for c in verb.children)
    )


CONCESSIVE = frozenset("though although while whereas but".split())


def _hung_participle(verb: Token) -> bool:
    """', stressing that ...' after a statement, which the parser hung on the statement's own
    verb instead of the reporting verb: it still reports a second statement by the speaker."""
    head = verb.head
    return (
        verb.dep_ == "advcl"
        and verb.tag_ == "VBG"
        and verb.lemma_ in SAY_LEMMAS | DENY_LEMMAS
        and verb.i > 0
        and verb.doc[verb.i - 1].text == ","
        and head.dep_ == "ccomp"
        and head.head.lemma_ in SAY_LEMMAS | DENY_LEMMAS
        and head.i < verb.i
    )


NO_COMMENT = frozenset("comment elaborate speculate discuss respond".split())


def no_content(clause: Token) -> bool:
    """'said he did not want to comment': a refusal to speak says nothing that can be claimed."""
    verbs = [clause, *(c for c in clause.children if c.dep_ == "xcomp")]
    return any(v.lemma_ in NO_COMMENT for v in verbs) and any(
        c.dep_ == "neg" or c.lemma_ in ("decline", "refuse")
        for v in verbs
        for c in [v, *v.children]
    )


def _object_relative(verb: Token) -> bool:
    """'something he once insisted he would never do': what is said is only referred to."""
    return verb.dep_ == "relcl" and verb.head.lower_ in (
        "something",
        "anything",
        "what",
        "everything",
    )


def _after_relative_tag(tokens: list[Token], verb: Token) -> list[Token]:
    """'the market, which the Guild said had been ordered ...': the statement is what follows
    the tag, not the relative word before it."""
    if verb.dep_ == "relcl" and tokens and tokens[0].i < verb.i < tokens[-1].i:
        return [t for t in tokens if t.i > verb.i]
    return tokens


@rule("quote-tag", _SAY, 0.85)
def quote_tag(verb: Token, base: int):
    """A quotation with its tag after it, parsed as the tag hanging from the quote:
    '"...", X said' where the quote is the root and the tag a parataxis."""
    head = _dep_after(verb)
    if head is None:
        return
    speaker = own_subject(verb)
    if speaker is None or relays(verb, head):
        return
    start, end = chars(subtree(head, without=(verb,)), base)
    yield Candidate("quote-tag", speaker, start, end, verb=verb, via=via_of(verb), direct=True)


@rule("said-object", _SAY, 0.7)
def said_object(verb: Token, base: int):
    """A reporting verb whose object is a statement: "repeated the call", "confirmed reports"."""
    if verb.lemma_ in CLAUSE_ONLY or clausal(verb) is not None:
        return
    speaker = own_subject(verb)
    if speaker is None:
        return
    for child in verb.children:
        if child.dep_ == "dobj" and (
            verb.lemma_ in OBJECT_LEMMAS
            and any(t.pos_ == "VERB" for t in child.subtree)
            or child.lemma_.lower() in SPEECH_OBJECTS
            or any(
                c.dep_ in ("acl", "relcl") and any(m.lower_ == "that" for m in c.children)
                for c in child.children
            )
        ):
            start, end = chars(subtree(child), base)
            yield Candidate("said-object", speaker, start, end, verb=verb)


@rule("said-quote", _SAY + [[{"LEMMA": {"IN": sorted(TAG_LEMMAS)}, "POS": "VERB"}]], 0.8)
def said_quote(verb: Token, base: int):
    """A tag with no clause of its own next to a quotation: 'X said: "..."', '"...," X said.'"""
    if clausal(verb) is not None or _dep_after(verb) is not None and verb.lemma_ in SAY_LEMMAS:
        return
    speaker = own_subject(verb)
    if speaker is None or verb.dep_ in ("amod", "compound") or relays(verb, None):
        return
    sent = verb.sent
    text = sent.text
    offset = sent.start_char
    tag = subtree(verb)
    tag_start, tag_end = tag[0].idx - offset, tag[-1].idx + len(tag[-1].text) - offset
    # the quoted stretch right before or right after the tag
    for start, end in _quote_spans(text):
        if (
            end <= tag_start + 1
            and not text[end:tag_start].strip(" ,\"”'’—–-")
            or (start >= tag_end - 1 and not text[tag_end:start].strip(" :,\"“'‘—–-"))
        ):
            yield Candidate(
                "said-quote",
                speaker,
                base + offset + start,
                base + offset + end,
                verb=verb,
                via=via_of(verb),
                direct=True,
            )
            return


def _quote_spans(text: str) -> list[tuple[int, int]]:
    """Inner spans of the quotations in a sentence of two words or more."""
    return [(a, b) for a, b in quote_spans(text) if len(text[a:b].split()) >= 2]


@rule("participle", [[{"LEMMA": {"IN": sorted(SAY_LEMMAS | DENY_LEMMAS)}, "TAG": "VBG"}]], 0.8)
def participle(verb: Token, base: int):
    """A second statement by the same speaker: ", adding that ...", ", saying ...", ", denying ..."."""
    if verb.dep_ == "pcomp" and verb.head.lower_ in ("by", "after", "before", "while"):
        speaker = subject(verb.head.head)  # "began by saying ..."
        if speaker is not None and speaker.lower_ == "it":
            return  # "it alarmed the world by suggesting ...": an event suggests, nobody says
    elif verb.dep_ not in ("advcl", "xcomp", "conj", "acl"):
        return
    elif verb.dep_ == "acl" and verb.head.lemma_ in STATEMENT_NOUNS | DOCUMENT_NOUNS:
        # "a report by the Audit Office forecasting that ...": its author says it;
        # "issued a statement saying ...": whoever issued it does
        noun = verb.head
        author = next(
            (
                p
                for c in noun.children
                if c.dep_ == "prep" and c.lower_ in ("by", "from")
                for p in c.children
                if p.dep_ == "pobj"
            ),
            None,
        )
        holder = noun.head
        speaker = author or (subject(holder) if holder.pos_ in ("VERB", "AUX") else noun)
    elif (
        verb.dep_ == "acl"
        and not (verb.head.pos_ == "PROPN" or verb.head.lemma_ in ROLE_NOUNS)
        and not (verb.head.lemma_ in NOT_ACTORS and verb.doc[verb.i - 1].text != ",")
    ):
        # "refuted rumours of an outbreak, saying ...": the parser hung the participle on a
        # noun that cannot speak; it belongs to the clause's subject. Rumours that claim
        # something ("rumours claiming that ...", no comma) are nobody's statement
        speaker = subject(verb.sent.root)
    elif _hung_participle(verb):
        speaker = subject(verb.head.head)
    else:
        speaker = subject(verb.head) if verb.dep_ != "acl" else verb.head
    if speaker is None or speaker.lemma_ in NOT_ACTORS:
        return
    content = clausal(verb)
    if content is None:
        objs = [c for c in verb.children if c.dep_ == "dobj"]
        if not objs or verb.lemma_ not in DENY_LEMMAS | OBJECT_LEMMAS:
            return  # "telling the truth" reports nothing
        content = objs[0]
    start, end = chars(subtree(content), base)
    denial = verb.lemma_ in DENY_LEMMAS
    yield Candidate("participle", speaker, start, end, cue_denies=denial, verb=verb)


@rule("conjoined", _SAY, 0.75)
def conjoined(verb: Token, base: int):
    """A reporting verb joined to an earlier one: "X denied the report and said ..."."""
    if verb.dep_ != "conj" or own_subject(verb) is not None:
        return
    head = verb.head
    if head.dep_ == "ccomp" and head.head.lemma_ in SAY_LEMMAS:
        # "said the talks had failed and urged ...": joined to the statement, spoken by its speaker
        speaker = subject(head.head)
    else:
        speaker = subject(verb)
    content = clausal(verb)
    if speaker is None or content is None:
        return
    start, end = chars(subtree(content), base)
    yield Candidate("conjoined", speaker, start, end, verb=verb)


_DENY = [
    [
        {
            "LEMMA": {"IN": sorted(DENY_LEMMAS)},
            "POS": {"IN": ["VERB", "AUX"]},
            "TAG": {"NOT_IN": ["VBG"]},
        }
    ]
]


@rule("denied", _DENY, 0.85)
def denied(verb: Token, base: int):
    """A denial verb with its object or clause: "X denied (that) ...", "dismissed as untrue ..."."""
    if verb.dep_ in ("amod", "compound"):
        return
    if verb.dep_ in ("relcl", "acl") and deniers_of_summary(verb.head):
        return  # ", a charge the party dismissed": denied-summary reads it
    speaker = own_subject(verb) or (subject(verb) if verb.dep_ == "conj" else None)
    if speaker is None:
        speaker = agent(verb)
        if speaker is None:
            return
        patient = next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
        if patient is None:
            return
        # "... deliveries, which have been denied by both": the denial reads through the agent
        start, end = chars(list(verb.doc[patient.left_edge.i : verb.right_edge.i + 1]), base)
        yield Candidate("denied-by", speaker, start, end, cue_denies=True, verb=verb)
        return
    parts = [
        c
        for c in verb.children
        if c.dep_ in ("ccomp", "dobj", "xcomp") or c.dep_ == "prep" and c.lower_ in ("as",)
    ]
    if not parts:
        head = _dep_after(verb)
        if head is None:
            return
        start, end = chars(subtree(head, without=(verb,)), base)
    else:
        first = min(p.left_edge.i for p in parts)
        last = max(p.right_edge.i for p in parts)
        start, end = chars(list(verb.doc[first : last + 1]), base)
    yield Candidate("denied", speaker, start, end, cue_denies=True, verb=verb, via=via_of(verb))


@rule("accused", [[{"LEMMA": {"IN": sorted(ACCUSE_LEMMAS)}, "POS": "VERB"}]], 0.8)
def accused(verb: Token, base: int):
    """An accusation: "X accused Y of ...", "Y was accused by X of ...", "..., accusing Y of ..."."""
    speaker = own_subject(verb)
    if speaker is None and verb.dep_ in ("conj", "xcomp"):
        speaker = subject(verb)  # "... and accuse Labor of ..."
    elif speaker is None and verb.dep_ == "advcl" and verb.tag_ == "VBG":
        speaker = subject(verb.sent.root)  # "..., instead accusing the Opposition of ..."
    # "... of hiding the reports": the charge, wherever the parser hung it
    of_phrase = next(
        (
            t
            for t in verb.subtree
            if t.lower_ == "of" and t.dep_ == "prep" and any(c.dep_ == "pcomp" for c in t.children)
        ),
        None,
    )
    if verb.lemma_ == "charge" and of_phrase is None:
        return  # "charged with murder" is a prosecution's act; "charged X of ..." an accusation
    passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children)
    if passive:
        speaker = agent(verb)
    if speaker is None:
        return
    parts = [
        c
        for c in verb.children
        if c.dep_ in ("dobj", "nsubjpass") or c.dep_ == "prep" and c.lower_ in ("of", "over", "for")
    ]
    if of_phrase is not None and of_phrase not in parts:
        parts.append(of_phrase)
    if not parts:
        return
    first = (
        min(p.left_edge.i for p in parts if p.dep_ != "nsubjpass")
        if any(p.dep_ != "nsubjpass" for p in parts)
        else None
    )
    if first is None:
        return
    last = max(p.right_edge.i for p in parts)
    start, end = chars(list(verb.doc[first : last + 1]), base)
    yield Candidate("accused", speaker, start, end, verb=verb)


@rule("denied-summary", [[{"LEMMA": {"IN": sorted(STATEMENT_NOUNS)}, "POS": "NOUN"}]], 0.75)
def denied_summary(noun: Token, base: int):
    """'X accused Y of hoarding data, a charge Y denied', 'Rebels said the army shelled the
    town, an allegation rejected by the army': a denial of the statement just made."""
    deniers = deniers_of_summary(noun)
    if not deniers:
        return
    comma = noun.left_edge.i - 1
    sent = noun.sent
    start = sent.start
    for i in range(comma - 1, sent.start - 1, -1):
        t = noun.doc[i]
        if t.pos_ == "VERB" and t.lemma_ in SAY_LEMMAS | ACCUSE_LEMMAS:
            start = i + 1
            break
    tokens = [t for t in noun.doc[start:comma] if not (t.i == start and t.lower_ == "that")]
    if not tokens:
        return
    first, last = chars(tokens, base)
    for speaker in deniers:
        yield Candidate("denied-summary", speaker, first, last, cue_denies=True, verb=noun.head)


@rule("according-to", [[{"LOWER": "according"}, {"LOWER": "to"}]], 0.85)
def according_to(token: Token, base: int):
    """'..., according to X' and 'According to X, ...': X said the clause it modifies."""
    to = next((c for c in token.children if c.lower_ == "to"), None)
    if to is None:
        return
    speaker = next((c for c in to.children if c.dep_ == "pobj"), None)
    if speaker is None:
        return
    head = token.head
    if head is token or head.lemma_ in SAY_LEMMAS | DENY_LEMMAS and own_subject(head) is not None:
        return  # 'X said, according to Y': Y is the channel
    if head.pos_ in ("NOUN", "PROPN") and head.dep_ == "pobj":
        head = head.head.head if head.head.head is not None else head
    tokens = subtree(head, without=(token,))
    start, end = chars(tokens, base)
    yield Candidate("according-to", speaker, start, end, verb=token)


@rule("called", [[{"LEMMA": {"IN": sorted(CALL_LEMMAS)}, "POS": "VERB"}]], 0.75)
def called_it(verb: Token, base: int):
    """A speaker's judgement: "X called the report baseless", "described it as a colossal challenge"."""
    speaker = own_subject(verb) or (subject(verb) if verb.dep_ in ("conj", "advcl") else None)
    if speaker is None and verb.dep_ == "acl":
        if verb.head.pos_ == "PROPN" or verb.head.lemma_ in ROLE_NOUNS:
            speaker = verb.head  # "the envoy on Tuesday called relations 'worrying'" misread as acl
        elif verb.tag_ == "VBG":
            # "praised the efforts of his players calling the decision a blow": the clause's subject
            speaker = subject(verb.sent.root)
    if speaker is None:
        return
    quoted = any(t.text in '“”"' for t in verb.subtree)
    if verb.dep_ == "conj" and not quoted:
        return  # "... and described the demand as unaffordable": a plain aside, not a statement
    judgements = [
        c
        for c in verb.children
        if c.dep_ in ("oprd", "ccomp", "xcomp")
        or c.dep_ == "prep"
        and c.lower_ == "as"
        and verb.lemma_ != "call"
    ]
    if not judgements and verb.lemma_ == "call":
        # 'called the new rules “cruel and unworkable”': the judgement is quoted in the object
        obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
        if obj is not None and any(t.text in '“"' for t in obj.subtree):
            tokens = subtree(obj)
            start, end = chars(tokens, base)
            after = verb.doc[tokens[-1].i + 1] if tokens[-1].i + 1 < len(verb.doc) else None
            if (
                verb.doc.text[end - base - 1] not in '”"'
                and after is not None
                and after.text in '”"'
            ):
                end = base + after.idx + 1
            yield Candidate("called", speaker, start, end, verb=verb)
            return
    for child in judgements[-1:]:
        obj = [c for c in verb.children if c.dep_ in ("dobj", "oprd") and c.i < child.i]
        tokens = subtree(child)
        if obj:
            tokens = list(verb.doc[obj[0].left_edge.i : child.right_edge.i + 1])
        start, end = chars(tokens, base)
        yield Candidate("called", speaker, start, end, verb=verb)
        return
    for child in verb.children:
        if child.dep_ == "prep" and child.lower_ == "for" and verb.lemma_ == "call":
            start, end = chars(subtree(child), base)
            yield Candidate("called-for", speaker, start, end, verb=verb)
            return


@rule(
    "statement-noun",
    [[{"LEMMA": {"IN": sorted(STATEMENT_NOUNS | DENIAL_NOUNS)}, "POS": "NOUN"}]],
    0.7,
)
def statement_noun(noun: Token, base: int):
    """A statement named by a noun with its author: "X's claim that ...", "allegations by X that ...",
    "a denial from X", "British allegations about ..."."""
    author = None
    for child in noun.children:
        if (
            child.dep_ == "poss"
            and child.pos_ in ("PROPN", "NOUN")
            or child.dep_ == "poss"
            and child.lower_ in ("his", "her", "their", "its")
        ):
            author = child
        elif child.dep_ == "prep" and child.lower_ in ("by", "from"):
            author = next((p for p in child.children if p.dep_ == "pobj"), author)
        elif child.dep_ in ("amod", "compound") and child.ent_type_ in (
            "NORP",
            "GPE",
            "ORG",
            "PERSON",
        ):
            author = author or child
    if author is None:
        return
    content = None
    for child in noun.children:
        if child.dep_ in ("acl", "relcl", "ccomp") and any(
            m.lower_ == "that" and m.dep_ == "mark" for m in child.children
        ):
            content = subtree(child)
        elif (
            child.dep_ == "prep"
            and child.lower_ in ("of", "about", "over", "on", "against")
            and content is None
            and any(t.pos_ == "VERB" for t in child.subtree)
        ):
            content = subtree(child)  # "threats of using sanctions", "allegations of fixing"
    if content is None:
        # a clause the parser hung beside the noun: "allegations by X that Y is ..."
        for ancestor in list(noun.ancestors)[:3]:
            for sibling in ancestor.children:
                if (
                    sibling.dep_ == "ccomp"
                    and sibling.i > noun.i
                    and not sibling.left_edge.i <= noun.i <= sibling.right_edge.i
                    and any(m.lower_ == "that" for m in sibling.children)
                ):
                    content = subtree(sibling)
                    break
            if content is not None:
                break
    if content is None:
        content = subtree(
            noun,
            without=tuple(
                c for c in noun.children if c.dep_ in ("prep",) and c.lower_ in ("by", "from")
            ),
        )
    clause = any(t.lower_ == "that" and t.dep_ == "mark" for t in content)
    if (
        not clause
        and noun.lemma_.lower() not in DENIAL_NOUNS
        and not any(t.pos_ in ("VERB", "AUX") for t in content)
    ):
        return  # "Craig's comments", "the statement": a speech act with no content
    start, end = chars(content, base)
    yield Candidate(
        "statement-noun",
        author,
        start,
        end,
        cue_denies=noun.lemma_.lower() in DENIAL_NOUNS,
        verb=noun,
    )


@rule("quoting", [[{"LEMMA": "quote", "TAG": "VBG"}]], 0.8)
def quoting(verb: Token, base: int):
    """'Quoting an official, a report said ...': the one quoted is the speaker, the report the
    channel."""
    speaker = next((c for c in verb.children if c.dep_ == "dobj"), None)
    said = verb.head
    if speaker is None or said.lemma_ not in SAY_LEMMAS:
        return
    content = clausal(said)
    if content is None:
        return
    start, end = chars(subtree(content), base)
    reporter = own_subject(said)
    yield Candidate(
        "quoting",
        speaker,
        start,
        end,
        verb=said,
        via=_name(reporter) if reporter is not None else None,
    )


@rule(
    "quoted-as-saying",
    [[{"LEMMA": {"IN": ["quote", "cite"]}, "TAG": "VBN"}, {"LOWER": "as"}, {"LOWER": "saying"}]],
    0.8,
)
def quoted_as_saying(verb: Token, base: int):
    """'..., the official was quoted as saying': the subject of the passive said the quotation."""
    speaker = next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
    if speaker is None:
        return
    saying = next((t for t in verb.subtree if t.lower_ == "saying"), None)
    content = (clausal(saying) if saying is not None else None) or clausal(verb)
    if content is None:
        head = _dep_after(verb)
        if head is None:
            # the quotation before the tag, which the parser may leave unattached
            sent = verb.sent
            before = [t for t in sent if t.i < verb.left_edge.i]
            start, end = chars(before, base)
        else:
            start, end = chars(subtree(head, without=(verb,)), base)
    else:
        start, end = chars(subtree(content), base)
    yield Candidate("quoted-as-saying", speaker, start, end, verb=verb, direct=True)


@rule("quoted-x-as-saying", [[{"LEMMA": {"IN": ["quote", "cite"]}, "POS": "VERB"}]], 0.8)
def quoted_x_as_saying(verb: Token, base: int):
    """'Interfax quoted the minister as saying the ships had left': the one quoted is the
    speaker, the outlet the channel; 'cited X as saying' likewise."""
    speaker = next((c for c in verb.children if c.dep_ == "dobj"), None)
    saying = next(
        (
            p
            for prep in verb.children
            if prep.dep_ == "prep" and prep.lower_ == "as"
            for p in prep.children
            if p.dep_ == "pcomp" and p.lemma_ == "say" and p.tag_ == "VBG"
        ),
        None,
    )
    if speaker is None or saying is None:
        return
    content = clausal(saying)
    tokens = (
        subtree(content)
        if content is not None
        else [t for t in saying.subtree if t.i > saying.i and not t.is_punct]
    )
    if not tokens:
        return
    start, end = chars(tokens, base)
    reporter = own_subject(verb)
    yield Candidate(
        "quoted-x-as-saying",
        speaker,
        start,
        end,
        verb=saying,
        via=_name(reporter) if reporter is not None else None,
    )


@rule("said-clause-after", _SAY, 0.7)
def said_clause_after(verb: Token, base: int):
    """'X said Monday it was accepting ...' parsed with the clause as the head of the tag: the
    statement is what follows the verb in that clause."""
    head = verb.head
    if verb.dep_ != "advcl" or head.i <= verb.i or clausal(verb) is not None:
        return
    if verb.tag_ == "VBG" or any(
        c.dep_ == "mark" and c.lower_ in ("as", "if", "because") or c.dep_ == "dobj"
        for c in verb.children
    ):
        return  # "after the Government announced the plan, ...": a time, not a tag
    speaker = own_subject(verb)
    if speaker is None or not any(c.dep_ == "nsubj" and c.i > verb.i for c in head.children):
        return
    tokens = [t for t in head.subtree if t.i > verb.i and t.dep_ != "npadvmod" or t.i > verb.i + 2]
    start, end = chars(tokens, base)
    yield Candidate("said-clause-after", speaker, start, end, verb=verb)


@rule("headline-says", _SAY + _DENY, 0.75)
def headline_says(verb: Token, base: int):
    """A headline's 'X Says No Deal', 'X Denies Report': in a title the object is the statement."""
    if not verb.doc.user_data.get("title") or clausal(verb) is not None:
        return
    speaker = own_subject(verb)
    obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
    if speaker is None or obj is None:
        return
    start, end = chars(subtree(obj), base)
    yield Candidate(
        "headline-says", speaker, start, end, cue_denies=verb.lemma_ in DENY_LEMMAS, verb=verb
    )


_PHRASAL = [
    [{"LEMMA": "bring"}, {"LOWER": "up"}],
    [{"LEMMA": "point"}, {"LOWER": {"IN": ["out", "to"]}}],
    [{"LEMMA": "make"}, {"LOWER": "it", "OP": "?"}, {"LOWER": "clear"}],
    [{"LEMMA": "speak"}, {"LOWER": {"IN": ["of", "about"]}}],
    [
        {"LEMMA": "express"},
        {
            "LOWER": {
                "IN": ["concern", "concerns", "hope", "confidence", "doubt", "doubts", "support"]
            }
        },
    ],
    [{"LEMMA": "raise"}, {"LOWER": {"IN": ["concern", "concerns", "doubts", "questions"]}}],
    [{"LEMMA": "plead"}, {"LOWER": {"IN": ["not", "guilty", "innocent"]}}],
]


@rule("phrasal-say", _PHRASAL, 0.7)
def phrasal_say(verb: Token, base: int):
    """Reporting phrases: "brought up the collaboration", "made it clear that ...",
    "pointed out that ...", "expressed concern about ..."."""
    speaker = own_subject(verb) or (subject(verb) if verb.dep_ in ("conj", "advcl") else None)
    if speaker is None:
        return
    # "made it clear that ...": the that-clause, wherever the parser hung it
    content = next(
        (
            t
            for t in verb.subtree
            if t.i > verb.i and any(c.dep_ == "mark" and c.lower_ == "that" for c in t.children)
        ),
        None,
    ) or clausal(verb)
    if content is None:
        content = next((c for c in verb.children if c.dep_ == "dobj" and c.i > verb.i + 1), None)
        if content is None:
            for child in verb.children:
                if child.dep_ in ("prep", "prt") and child.i == verb.i + 1:
                    content = next((c for c in child.children if c.dep_ == "pobj"), None)
    if content is None:
        return
    start, end = chars(subtree(content), base)
    yield Candidate("phrasal-say", speaker, start, end, verb=verb)


@rule("asked", [[{"LEMMA": "ask", "POS": "VERB"}]], 0.75)
def asked(verb: Token, base: int):
    """A quoted question with its tag: '"Where are the buses to park?" driver Nell Otto asked.'
    An indirect question ("asked if ...") has no content of its own and is left alone."""
    speaker = own_subject(verb)
    content = clausal(verb)
    if speaker is None or content is None or content.i > verb.i:
        return
    tokens = subtree(content)
    closing = next((t.i for t in tokens if t.text in '”"' and t.i > tokens[0].i + 1), None)
    if closing is not None:
        tokens = [t for t in tokens if t.i < closing]  # the parser may hang the tag on it
    if not tokens or not any(t.text == "?" for t in tokens):
        return
    start, end = chars(tokens, base)
    yield Candidate("asked", speaker, start, end, verb=verb, direct=True)


@rule("quote-next", _SAY, 0.7)
def quote_next(verb: Token, base: int):
    """A tag standing alone after a quotation: '"The figures speak for themselves." Treasurer
    Alan Voss said.'"""
    sent = verb.sent
    words = [t for t in sent if not t.is_punct]
    speaker = own_subject(verb)
    if speaker is None or sent.start == 0 or clausal(verb) is not None:
        return
    if any(t.i not in {verb.i, *(x.i for x in speaker.subtree)} for t in words):
        return  # the sentence says more than who spoke
    before = verb.doc[sent.start - 1].sent
    spans = quote_spans(before.text)
    if len(spans) == 1:
        a, b = spans[0]
        if len(before.text[a:b].split()) >= 2 and not before.text[:a].strip(' “"‘'):
            offset = base + before.start_char
            yield Candidate("quote-next", speaker, offset + a, offset + b, verb=verb, direct=True)


@rule("headline-colon", [[{"ORTH": ":"}]], 0.7)
def headline_colon(colon: Token, base: int):
    """A headline that ends with its source: 'Israel Will Continue To Act In Gaza: IDF'."""
    doc = colon.doc
    if not doc.user_data.get("title"):
        return
    after = [t for t in doc[colon.i + 1 :] if not t.is_punct]
    before = [t for t in doc[: colon.i]]
    if not 1 <= len(after) <= 4 or len(before) < 3 or not any(t.pos_ == "PROPN" for t in after):
        return
    if any(t.text == ":" for t in doc[colon.i + 1 :]):
        return
    start, end = chars(before, base)
    yield Candidate("headline-colon", after[-1], start, end)


@rule("headline-sees-as", [[{"LEMMA": {"IN": ["see", "view", "regard"]}, "POS": "VERB"}]], 0.7)
def headline_sees_as(verb: Token, base: int):
    """A headline's 'Kremlin sees US charges as pretext for sanctions': in a title, the view is
    the speaker's statement (in the body, a view without a speech verb is not one)."""
    if not verb.doc.user_data.get("title"):
        return
    speaker = own_subject(verb)
    obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
    as_ = next((c for c in verb.children if c.dep_ == "prep" and c.lower_ == "as"), None)
    if speaker is None or obj is None or as_ is None or not obj.i < as_.i:
        return
    start, _ = chars(subtree(obj), base)
    _, end = chars(subtree(as_), base)
    yield Candidate("headline-sees-as", speaker, start, end, verb=verb)
