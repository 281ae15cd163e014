"""Stance: does a statement deny a claim, or assert one?

A statement denies when its cue is a denial (denied, rejected, dismissed, a denial noun), when
the speaker calls something false ("baseless", "untrue"), or when it negates a claim in the
past or present ("had not asked", "did not happen"); everything else asserts, including
warnings, demands, promises and negative sentences that reject nothing ("will not comment").
"""

from __future__ import annotations

import re

from spacy.tokens import Span

from .lexicon import DENIAL_PATTERNS, DISMISSIVE_WORDS

DENY_LEMMAS = frozenset(
    "deny reject dismiss refute rebut repudiate dispute contradict contest rebuff debunk "
    "disavow disclaim".split()
)
DENIAL_NOUNS = frozenset("denial rejection rebuttal refutation".split())
# Denial verbs inside a statement are read from the parse (whose denial it is), not by wording.
_DENIAL = re.compile(
    "|".join(
        p for p in DENIAL_PATTERNS if p not in (r"\bdenied\b", r"\bdenies\b", r"\brejected\b")
    ),
    re.I,
)
_SAME_SPEAKER = frozenset("it we i they he she".split())
_DISMISSIVE = re.compile(DISMISSIVE_WORDS, re.I)
# Negated verbs that reject nothing: refusals, intentions, opinions of the future, and what the
# speaker has seen ("I have never seen so many mistakes" is emphasis, not a rejected claim).
_NOT_A_DENIAL = frozenset(
    "comment elaborate speculate say discuss disclose reveal respond confirm give offer "
    "hesitate stop wait rule see witness".split()
)


def content_denies(text: str) -> bool:
    """Wording inside a statement that rejects a claim ("is untrue", "no evidence"). A negated
    verb ("had never supplied") is not wording: ``negates`` reads it from the parse."""
    return bool(_DENIAL.search(text.lower())) or bool(_DISMISSIVE.search(text))


def denies_within(span: Span) -> bool:
    """A denial verb in the statement whose subject is the speaker ("said it rejected ...")."""
    for token in span:
        if token.lemma_.lower() in DENY_LEMMAS and token.pos_ == "VERB":
            subjects = [c for c in token.children if c.dep_ in ("nsubj", "nsubjpass")]
            if not subjects or subjects[0].lower_ in _SAME_SPEAKER:
                return True
    return False


def negates(span: Span) -> bool:
    """The main clause of the statement negates what happened or is ("had not asked", "is not
    a spy", "we don't have patients"), not what will be done, what the speaker will say
    ("will not comment"), what they personally saw ("I have never seen"), or a condition."""
    for token in span:
        if token.lower_ not in NEGATORS or token.dep_ != "neg":
            continue
        verb = token.head
        if verb.pos_ not in ("VERB", "AUX"):
            # "Not one ballot was touched": a negated subject negates its clause;
            # "a program for ten years, not ten weeks" negates nothing
            subject = verb if verb.dep_ in ("nsubj", "nsubjpass") else verb.head
            if subject.dep_ not in ("nsubj", "nsubjpass"):
                continue
            verb = subject.head
        if not span.start <= verb.i < span.end or verb.lemma_.lower() in _NOT_A_DENIAL:
            continue
        top = verb.head if verb.dep_ == "conj" else verb
        if not (top.head is top or not span.start <= top.head.i < span.end):
            continue  # not the statement's own clause: "if they never intend ...", "think that ..."
        aux = {c.lower_ for c in verb.children if c.dep_ in ("aux", "auxpass")}
        if aux & _MODALS:
            continue
        if verb.tag_ == "VB" and not aux & {"do", "did", "does"}:
            continue  # imperatives and infinitives
        subjects = [c.lower_ for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
        if subjects and subjects[0] in ("you",):
            continue
        return True
    for token in span:
        # "Neither the club nor its players knew of ...": a negated subject, as "no" is below
        if token.lower_ == "neither" and token.dep_ in ("preconj", "det"):
            noun = token.head
            verb = noun.head
            if noun.dep_ in ("nsubj", "nsubjpass") and verb.dep_ in MAIN_CLAUSE:
                aux = {c.lower_ for c in verb.children if c.dep_ in ("aux", "auxpass")}
                if not aux & _MODALS:
                    return True
        # "no ceasefire had been agreed", "No Deal": nothing of the kind happened or exists
        if token.lower_ == "no" and token.dep_ == "det":
            noun = token.head
            verb = noun.head
            if noun.dep_ in ("nsubj", "nsubjpass") and verb.dep_ in MAIN_CLAUSE:
                aux = {c.lower_ for c in verb.children if c.dep_ in ("aux", "auxpass")}
                if not aux & _MODALS:
                    return True
            elif token.i == span.start or noun.dep_ == "ROOT":
                return True
    return False


NEGATORS = frozenset({"not", "n't", "n’t", "never"})
MAIN_CLAUSE = frozenset({"ROOT", "ccomp", "conj", "parataxis", "xcomp"})
_MODALS = frozenset("will wo would should must shall can ca could may might".split())
