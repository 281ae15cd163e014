"""Rules that find attributions (who asserted or denied what) in an English news article.

Each sentence is tokenised once; speaker phrases are read leftwards from a reporting verb
or rightwards from "according to", "denied by", "denials from"; the reported content runs
from the verb (or "that") to the end of the clause. Speakers are resolved through the
per-article Registry (names, surnames, pronouns, "the report", "both countries").
"""

from __future__ import annotations

import bisect
import datetime
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from .actors import (
    DESCRIPTOR_HEADS,
    DETERMINERS,
    DOCUMENT_HEADS,
    PRONOUNS,
    ActorIndex,
    Entity,
    NounPhrase,
    Registry,
    Token,
    _is_adjective_like,
    analyse,
    collect_backward,
    collect_forward,
    is_cap,
    is_np_word,
    tokenize,
)
from .dates import find_dates, resolve_date
from .lexicon import (
    ACCUSE_VERBS,
    DEMONYMS,
    DENIAL_PATTERNS,
    DENY_VERBS,
    DISMISSIVE_WORDS,
    GROUP_NOUNS,
    NEEDS_THAT,
    PARTICIPLES,
    PHRASAL_SAY,
    SAY_VERBS,
)
from .matching import ClaimIndex, match_claim
from .models import KnownActor, KnownClaim, Suggestion
from .structure import detect_structure
from .text import Sentence, quote_spans, split_sentences

SKIPPED_BLOCKS = frozenset({"repeated", "furniture", "caption", "title", "dateline-marker"})
_DENIAL = re.compile("|".join(DENIAL_PATTERNS), re.I)


def _guarded(patterns: Sequence[str]) -> tuple[tuple[str, re.Pattern[str]], ...]:
    """Each denial pattern with the literal it opens with (when it has one), so that stance() runs
    only the patterns whose literal occurs in the content; the rest run as one alternation."""
    guarded, always = [], []
    for pattern in patterns:
        m = re.match(r"(?:\\b)?([a-z][a-z -]{3,})", pattern)
        if m:
            literal = m[1]
            if pattern[m.end() : m.end() + 1] in ("?", "*", "{"):
                literal = literal[:-1]  # "never(s)?": the last letter is optional
            guarded.append((literal, re.compile(pattern)))
        else:
            always.append(pattern)
    return (("", re.compile("|".join(always))), *guarded)


_DENIAL_GUARDED = _guarded(DENIAL_PATTERNS)  # the patterns are lower case: run on lowered text
_DENIAL_KEYS = (
    "not",
    "n't",
    "n’t",
    "never",
    "no ",
    "groundless",
    "baseless",
    "unfounded",
    "fabricat",
    "false",
    "untrue",
    "lie",
    "nonsense",
    "absurd",
    "inaccura",
    "incorrect",
    "wrong",
    "misleading",
    "fiction",
    "fake",
    "denie",
    "reject",
    "smear",
    "slander",
    "defamat",
    "cherry",
    "disinform",
    "without",
    "disagree",
    "nothing",
)
_DISMISSIVE = re.compile(DISMISSIVE_WORDS, re.I)
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
_AUX = frozenset(
    "has have had was were is are will would could may might did does do can should must".split()
)
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
    r"opening statement|testimony|court|filing|blog|podcast|broadcast|documents?|supporters|jury|jurors|"
    r"e-?mail|phone|telephone|video|news release|press release|op-ed|column|memo|note|text message|livestream)"
    r"(?:\s+(?:of|with|by|to|(?:published|released|posted|shared|uploaded|issued|aired)(?:\s+(?:on|to|by|in))?)"
    r"\s+(?:the\s+|a\s+|his\s+|her\s+|its\s+|their\s+)?(?:[\w’'-]+\s*){0,3}?)?(?=\s+(?:that\b|[A-Za-z“\"])|\s*[.,;]|\s*$)",
    re.I,
)
# Where a reported clause ends before the sentence does: a channel or a participle clause
# that carries a statement of its own ("..., calling the figures misleading").
# '..., the union said, in what it described as the largest strike': a comment on the clause
# before, which is the statement.
_AFTERTHOUGHT = re.compile(r"(?:in what|which)\b", re.I)
_CLAUSE_BREAK = re.compile(
    r",\s+(?:according to|as reported by|saying|adding|calling|claiming|insisting|arguing|noting|warning|"
    r"accusing|describing|denying|rejecting|dismissing)\b"
    r"|,\s+(?:though|although|but|while)\s+(?:he|she|they|it|we)\s+(?:also\s+)?"
    r"(?:said|says|added|adds|warned|warns|noted|notes|cautioned|argued|insisted|stressed)\b"
    r"|,\s+(?:an?|the)\s+(?:allegation|accusation|charge|claim|assertion)s?\s+(?:\w+\s+){0,3}?"
    r"(?:denied|rejected|dismissed|disputed|denies|rejects|dismisses|disputes)\b"
)
_TRAILING_JOIN = re.compile(
    r"(?:[\s,;:—–-]+(?:and|but|though|although|while|whereas|as|which|after|before|when))*[\s,;:—–-]*$"
)
_MEDIA_ROLE = re.compile(
    r"\b(?:news|agency|broadcaster|newspaper|television|radio|channel|outlet)\b", re.I
)
_ANON_SOURCE = (
    r"(?:\b(?:[Aa]n?|[Oo]ne|[Tt]he|[Tt]wo|[Tt]hree|[Ss]everal|[Aa]nother)\s+)(?:(?:senior|western|diplomatic|government|"
    r"industry|security|military|local|other)\s+)?(?P<head>person|people|source|sources|insider|insiders)\b"
    r"(?P<complement>\s+(?:familiar with|close to|with (?:direct )?knowledge of|briefed on|in|at|inside|within|"
    r"from|involved in)\s+(?:the\s+|a\s+|an\s+|its\s+)?[\w’'-]+(?:\s+(?!who\b|said\b|told\b)[\w’'-]+){0,2}?)?"
)
_ANON_SOURCE_END = re.compile(
    _ANON_SOURCE + r"(?:\s*\([^)]*\))?(?:,\s+(?:who|speaking)\b[^,]{0,120},)?\s*$"
)
_ANON_SOURCE_START = re.compile(_ANON_SOURCE + r"(?=\s*(?:[,.;]|$))")
_RECORD_NOUNS = frozenset(
    "records documents data figures statistics filings papers files logs transcripts minutes numbers "
    "estimates calculations tallies results".split()
)
_FILED_DOCUMENTS = frozenset(
    "complaint lawsuit suit indictment petition filing affidavit motion ruling judgment verdict charge sheet".split()
)
_AGE_ADDRESS = re.compile(
    r",\s+\d{1,3},\s+(?:of|from)\s+[A-Z][^,;.]{0,40}(?:,\s+[A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*)?)?,\s*$"
)
_QUALIFIERS = frozenset("of in from at near across around along on".split())
_DEMONSTRATIVES = frozenset("that this these those such".split())
_ACCOUNT_NOUNS = frozenset(
    "account accounts version claim claims allegation allegations accusation accusations charge charges "
    "suggestion suggestions assertion assertions characterisation characterization".split()
)
_PLACE_PHRASE = re.compile(
    r"(?:at|outside|inside|in|on|during|after|before|from|near|following|ahead of|while|when)\s+"
    r"(?:a|an|the|his|her|its|their)\b(?![^,.;]*\bthat\b)",
    re.I,
)
_GROUP_WORDS = (["both"], ["both", "sides"], ["the", "two", "sides"], ["the", "two"])
_AUDIENCE = frozenset(
    "reporters journalists lawmakers legislators parliament congress supporters jurors jury court committee "
    "briefing conference news press website newspaper radio television broadcaster audience crowd rally "
    "hearing interview podcast station channel agency summit meeting session delegates members students".split()
)
_CLAIM_NOUNS = frozenset(
    "claims claim allegations allegation assertion assertions accusations accusation".split()
)
_SUBJECT_PRONOUN = re.compile(r"(?:he|she|they|it|we|i|there)\b", re.I)
_PRESENT_VERB = re.compile(r"^[a-z]{3,}[^s]s$")
# Verbs whose object alone is the statement: "brought up the collaboration", "confirmed the deal".
_NP_OBJECT_VERBS = frozenset(
    "brought up|pointed to|spoke of|spoken of|warned of|warned against|raised concerns|expressed concern|"
    "expressed hope|expressed confidence|pleaded not guilty|spoken out against|spoke out against|confirmed|"
    "confirms|announced|announces|acknowledged|acknowledges|admitted|admits|reported|reports|revealed|"
    "disclosed|stressed|emphasised|emphasized|highlighted|reiterated|promised|pledged|vowed|predicted|alleged|"
    "urged|urges".split("|")
)
_CLAUSE_OPENER = re.compile(
    r"(?:[,;—–]\s*(?:and|but|while|whereas|though|although|after|as)?|\b(?:while|whereas|but))\s*(?:the\s+|a\s+)?\S*\s*$"
)
_OBJECT_NOUNS = frozenset(
    "charge claim accusation allegation allegations claims charges accusations assertion suggestion".split()
)
_NO_COMMENT = re.compile(
    r"(?:(?:he|she|they|it|we|i|the \w+)\s+)?(?:did not|didn[’']t|does not|doesn[’']t|would not|wouldn[’']t|"
    r"could not|couldn[’']t|was not able to|were not able to|was unable to|were unable to|declined to|refused to|"
    r"had no|has no|have no)\s+(?:want to |wish to |immediately |further )?"
    r"(?:comment|discuss|elaborate|speculate|go into details?|give details|say more|respond)\b",
    re.I,
)
_QUOTE_MARKS = re.compile(r"[“”\"]")
_CAPITALISED_WORD = re.compile(r"\b[A-Z][\w-]+")
_SPEAKING_DOCUMENTS = frozenset("report study complaint lawsuit indictment petition".split())
# Where a statement was published, and the participles that describe it ("a video posted on X").
_MEDIA_NOUNS = frozenset(
    "video videos post posts message messages letter statement note clip recording interview "
    "tweet blog podcast broadcast".split()
)
_MEDIUM_PARTICIPLES = frozenset("posted published released issued shared wrote written".split())
_SPOKES_HEADS = frozenset("spokesperson spokesman spokeswoman representative".split())
_MOTION_PARTICLES = frozenset(
    "to at out up down back into across towards toward over through off".split()
)
_FINITE = frozenset(
    "had has have was were is are would will could can may might must should did does".split()
)
_POLITICAL_SIDE = frozenset(("ruling", "governing", "opposition"))
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
    subjects: list[tuple[int, int, tuple[Entity, ...]]] = field(
        default_factory=list
    )  # token span, entities
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

    def resolve(
        self,
        phrases: Sequence[NounPhrase],
        s: _Sentence,
        position: int,
        allow_bare: bool = False,
        speaking: bool = True,
    ) -> tuple[Entity, ...]:
        entities: list[Entity] = []
        for phrase in phrases:
            if allow_bare and phrase.form == "bare-group":
                phrase.form = "name"  # "accused by athletes": an explicit agent, even unnamed
            entities.extend(self.resolve_one(phrase, s, position, speaking))
        unique: dict[int, Entity] = {id(e): e for e in entities}
        return tuple(unique.values())

    def resolve_one(
        self, phrase: NounPhrase, s: _Sentence, position: int, speaking: bool = True
    ) -> tuple[Entity, ...]:
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
            if phrase.complement is not None:  # "a spokesperson for the regulator" speaks for it
                return self.resolve_one(phrase.complement, s, position, speaking)
            words = phrase.role.lower().split()
            if len(words) >= 2 and words[-2] in DESCRIPTOR_HEADS and words[-1] != words[-2]:
                # "a council spokesman", "a ministry official": speaks for the council named before
                found = reg.description(
                    NounPhrase(
                        phrase.start, phrase.end, "description", head=words[-2], definite=True
                    ),
                    s.index,
                    position,
                    # "a company spokeswoman" speaks for the business just talked about, however
                    # it was introduced ("logistics group Brightline"); "a ministry official"
                    # only for a body named as a ministry.
                    speaking=words[-1] in _SPOKES_HEADS,
                )
                if found is not None and found.kind != "person":
                    return (found,)
            if speaking and len(words) == 1 and words[0] in _SPOKES_HEADS:
                # "said a spokesman, who declined to be named": the organisation just talked about
                body = reg.recent_organisation(s.index, position)
                if body is not None:
                    return (body,)
                return (reg.entity(" ".join(words), "person", phrase.role),)
            return ()
        if phrase.form == "description":
            found = reg.description(phrase, s.index, position, speaking=speaking)
            if found is not None:
                return (found,)
            if phrase.owner_pronoun and phrase.head in (
                "office",
                "campaign",
                "team",
                "government",
                "ministry",
            ):
                # "His office said": the office of the person just mentioned
                owners = reg.pronoun(phrase.owner_pronoun, s.index, position)
                if len(owners) == 1:
                    return (reg.entity(f"{owners[0].name}’s {phrase.head}", "organisation"),)
                return ()
            if (
                speaking
                and phrase.definite
                and phrase.head in _SPEAKING_DOCUMENTS
                and not phrase.owner_pronoun
            ):
                # "The complaint alleges that ...": nobody named behind it, so the document itself
                return (reg.entity(f"the {phrase.head}", "other"),)
            # "the ruling party", "the laboratory": a new, unnamed organisation; "the report" alone is nobody.
            if phrase.head not in _SPEAKING_DOCUMENTS and phrase.head not in (
                "report",
                "study",
                "statement",
                "company",
                "firm",
                "group",
                "operator",
                "data",
                "findings",
                "document",
                "analysis",
                "side",
                "government",
            ):
                # keep the article's own wording: "the broadcaster", "their association"
                owner = {"he": "his", "she": "her", "it": "its", "they": "their"}.get(
                    phrase.owner_pronoun, ""
                )
                name = phrase.name
                owner_name = _CAPITALISED_WORD.findall(phrase.role) if phrase.role else []
                if (
                    owner_name
                    and phrase.role.split()[-1] == owner_name[-1]
                    and not name[:1].isupper()
                ):
                    name = f"{owner_name[-1]}’s {name}"  # "Tessaria's foreign ministry"
                elif owner and not name.lower().startswith(owner + " "):
                    name = f"{owner} {name}"
                elif (
                    phrase.definite
                    and not owner
                    and name[:1].islower()
                    and not name.startswith("the ")
                ):
                    name = f"the {name}"
                return (reg.entity(name, phrase.kind, phrase.role),)
        return ()

    def speaker_before(self, s: _Sentence, end: int, allow_bare: bool = False):
        """Speaker phrase ending just before token index end: (first token, phrases, appositive role)."""
        toks = s.tokens
        if (
            end >= 2
            and toks[end - 1].lower in ("both", "all", "each")
            and is_np_word(toks[end - 2])
        ):
            end -= 1  # "The CRP and the Greens both accused": the speakers are named just before
        for width in (3, 2, 1):  # "Both", "both sides", "the two sides": a group named before
            if end >= width and [t.lower for t in toks[end - width : end]] in _GROUP_WORDS:
                return end - width, analyse(self.text, toks, end - width, end)
        if (
            end > 0
            and toks[end - 1].lower in PRONOUNS
            and (end == 1 or not is_np_word(toks[end - 2]))
        ):
            token = toks[end - 1]
            return end - 1, [NounPhrase(token.start, token.end, "pronoun", head=token.lower)]
        anonymous = self.anonymous_source_before(s, end)
        if anonymous:
            return anonymous
        if end > 0 and toks[end - 1].text == ",":
            return self._appositive_speaker(s, end - 1)
        first = collect_backward(toks, end)
        if first >= end:
            return None
        phrases = analyse(self.text, toks, first, end)
        if not phrases or any(p.form == "bare-group" for p in phrases) and not allow_bare:
            return None
        return first, phrases

    def anonymous_source(
        self, start: int, end: int, head: str, complement: str
    ) -> NounPhrase | None:
        """'a person familiar with the matter', 'sources close to the talks'; later 'the person'."""
        name = f"{head} {' '.join(complement.split())}".strip() if complement else head
        if not complement:
            if head not in self.registry._by_alias:
                return None  # "the person" with nobody introduced before
            name = self.registry._by_alias[head].name
        return NounPhrase(start, end, "name", name=name, kind="person", alias=head)

    def anonymous_source_before(self, s: _Sentence, end: int):
        if end == 0:
            return None
        toks = s.tokens
        m = _ANON_SOURCE_END.search(
            self.text, s.sentence.start, toks[end].start if end < len(toks) else s.sentence.end
        )
        if not m:
            return None
        first = next((k for k, t in enumerate(toks) if t.start >= m.start()), None)
        if first is None:
            return None
        end_at = m.end("complement") if m["complement"] else m.end("head")
        phrase = self.anonymous_source(m.start(), end_at, m["head"].lower(), m["complement"] or "")
        return (first, [phrase]) if phrase else None

    def _appositive_speaker(self, s: _Sentence, comma: int):
        """'John Kirby, a spokesperson for the NSC, said'; 'His lawyer, Karin Holm, said'."""
        toks = s.tokens
        # "Gerald Finchley, 61, of Marlow Road, Wexcombe, denies": age and address after a name
        m = _AGE_ADDRESS.search(self.text, s.sentence.start, toks[comma].end)
        if m:
            name_end = next((k for k, t in enumerate(toks) if t.start >= m.start()), None)
            if name_end:
                first = collect_backward(toks, name_end)
                phrases = analyse(self.text, toks, first, name_end) if first < name_end else []
                if len(phrases) == 1 and phrases[0].form == "name" and phrases[0].kind == "person":
                    return first, phrases
        for k in range(comma - 1, max(comma - 25, -1), -1):
            if toks[k].text != ",":
                continue
            inner = toks[k + 1 : comma]
            if not inner:
                return None
            # "Tobias Renner, a security researcher who first flagged the flaw, said": the relative
            # clause qualifies the appositive
            relative = next(
                (j for j in range(k + 2, comma) if toks[j].lower in ("who", "whose")), None
            )
            if relative is not None and inner[0].lower in ("a", "an", "the"):
                first = collect_backward(toks, k)
                main = analyse(self.text, toks, first, k) if first < k else []
                if len(main) == 1 and main[0].form == "name" and main[0].kind == "person":
                    if not main[0].role:
                        main[0].role = self.text[inner[0].start : toks[relative - 1].end]
                    return first, main
            first = collect_backward(toks, k)
            if (
                inner[0].lower == "by"
                and len(inner) > 1
                and first < k
                and toks[k - 1].lower in DOCUMENT_HEADS
            ):
                # "The report, by the Institute for Fiscal Studies, said": the author speaks
                author = (
                    analyse(self.text, toks, k + 2, comma)
                    if collect_forward(toks, k + 2, comma) == comma
                    else []
                )
                if len(author) == 1 and author[0].form == "name":
                    return k + 2, author
            appositive = (
                analyse(self.text, toks, k + 1, comma)
                if collect_forward(toks, k + 1, comma) == comma
                else []
            )
            main = analyse(self.text, toks, first, k) if first < k else []
            if not main:
                # "The developer at the centre of the case, Harold Quinn, testified"
                if (
                    len(appositive) == 1
                    and appositive[0].form == "name"
                    and appositive[0].kind == "person"
                ):
                    return k + 1, appositive
                if (
                    len(appositive) == 1
                    and appositive[0].form == "name"
                    and appositive[0].kind != "person"
                    and toks[0].lower in ("a", "an", "the")
                    and not any(self.is_verb_like(t) for t in toks[:k])
                ):
                    return (
                        k + 1,
                        appositive,
                    )  # "A trade body representing bakers, the Bakers Guild, said"
                return None
            if len(main) != 1:
                return (first, main) if main and inner[0].lower in ("who", "which") else None
            phrase = main[0]
            if inner[0].lower == "which" and phrase.form == "name" and phrase.kind == "person":
                phrase.kind = (
                    "organisation"  # "Anglo Platina, which owns the mine, said": not a person
                )
            if inner[0].lower in ("who", "which", "whose") or (
                inner[0].lower.endswith(("ed", "ing")) and inner[0].text.islower()
            ):
                return (
                    first,
                    main,
                )  # a relative or participle clause: "The study, published in ..., found"
            person_appositive = (
                len(appositive) == 1
                and appositive[0].form == "name"
                and appositive[0].kind == "person"
                and len(appositive[0].name.split()) >= 2
            )
            org_appositive = (
                phrase.form == "bare-group"
                and len(appositive) == 1
                and appositive[0].form == "name"
                and appositive[0].kind != "person"
            )
            if (
                phrase.form in ("role", "description")
                and len(appositive) == 1
                and appositive[0].form == "name"
                or person_appositive
                and phrase.kind != "person"
                or org_appositive
            ):
                named = appositive[0]
                if phrase.form == "description":
                    named.kind = phrase.kind  # "Lindqvist's team, Nordvik Cycling"
                    named.role = self.text[phrase.start : phrase.end]
                if not named.role:
                    named.role = phrase.role or self.text[phrase.start : phrase.end]
                return first, [named]
            if phrase.form == "name" and (
                inner[0].lower in DETERMINERS
                or inner[0].text[:1].isdigit()
                or is_np_word(inner[0])
                # "Acme, one of the largest exporters, said"; "Jane Roe KC, for the defendant, said"
                or inner[0].lower in ("one", "for")
                and len(inner) > 1
                or (
                    # "Mark Lyle, now a television pundit, said"
                    inner[0].lower
                    in ("now", "formerly", "once", "currently", "himself", "herself", "also")
                    and len(inner) > 1
                    and inner[1].lower in DETERMINERS
                    and phrase.kind == "person"
                )
            ):
                if not phrase.role and appositive and appositive[0].form in ("role", "description"):
                    phrase.role = self.text[inner[0].start : inner[-1].end]
                elif not phrase.role and inner[0].lower in ("a", "an", "the"):
                    phrase.role = self.text[inner[0].start : inner[-1].end]
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

    def date_starting_near(
        self, s: _Sentence, start: int, limit: int = 40
    ) -> tuple[int, int, str] | None:
        for date in s.dates:
            if (
                start <= date[0] <= start + limit
                and not self.text[start : date[0]].strip(" ,").count(" ") > 4
            ):
                return date
        return None

    def sentence_date(self, s: _Sentence) -> str:
        """A date that opens the sentence: "On Monday, ..."."""
        if s.dates and s.dates[0][0] - s.sentence.start <= 3:
            return s.dates[0][2]
        return ""

    def stance(self, verb: str, start: int, end: int) -> str:
        if verb in DENY_VERBS or verb.startswith(
            ("deny", "deni", "reject", "dismiss", "refut", "disput", "rebuff")
        ):
            return "denies"
        if verb == "pleaded not guilty":
            return "denies"
        content = self.text[start:end].lower()
        # the denial pattern is long; most contents share none of its key words
        if not any(key in content for key in _DENIAL_KEYS):
            return "asserts"
        for literal, pattern in _DENIAL_GUARDED:
            if literal in content and pattern.search(content):
                return "denies"
        return "asserts"

    def content_after(
        self, s: _Sentence, index: int, verb: str, require_clause: bool = True
    ) -> tuple[int, int, str] | None:
        """Span of the reported content after the verb ending at token index-1, and a date found on the way."""
        toks = s.tokens
        text = self.text
        if index >= len(toks):
            return None
        date_text = ""
        limit = min(len(toks), index + 14)
        for k in range(index, limit):
            if (
                self.is_verb_like(toks[k])
                or verb in ACCUSE_VERBS
                and toks[k].lower in ("of", "over", "for")
            ):
                break  # "accused the office of withholding a report that ...": the charge, not the relative
            if toks[k].lower == "that" and not any(t.text in '“"' for t in toks[index:k]):
                gap = text[toks[index].start : toks[k].start]
                if (
                    verb in ("told", "tells", "tell", "telling")
                    or "," not in gap
                    or gap.count(",") == 2
                ):
                    if date := self.date_starting_near(s, toks[index].start, 4):
                        date_text = date[2]
                    content = self._content(s, k + 1, date_text)
                    if content:
                        return content
                    break  # "rejected that claim": a demonstrative, not a clause
            if toks[k].text in ".;":
                break
        if verb in NEEDS_THAT and not self.finite_clause(s, index):
            return None
        start = toks[index].start
        if verb in ("told", "tells", "tell", "telling"):
            k = _skip_audience(toks, index)
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
        while start < s.sentence.end and text[start] in " ,:":
            start += 1
        k = next((i for i, t in enumerate(toks) if t.start >= start), len(toks))
        content = self._content(s, k, date_text)
        if (
            content
            and require_clause
            and not self.is_clause(s, content[0], content[1])
            and verb not in DENY_VERBS
            and verb not in ACCUSE_VERBS
            and verb not in _NP_OBJECT_VERBS
        ):
            return None  # "told a news briefing in Beijing", "said after Saturday's win": no statement here
        return content

    def _content(self, s: _Sentence, k: int, date_text: str) -> tuple[int, int, str] | None:
        toks = s.tokens
        if k >= len(toks):
            return None
        start = toks[k].start
        if _CHANNEL.match(self.text, start) or toks[k].lower in PARTICIPLES:
            return None
        if (
            k > 0
            and toks[k - 1].text == ","
            and toks[k].text.islower()
            and toks[k].lower.endswith("ing")
        ):
            return None  # '..., Korvath says, brushing off the question': a participle clause, not content
        end = self.clause_end(s, start)
        if len(self.text[start:end].split()) < 2:
            return None
        return start, end, date_text

    def finite_clause(self, s: _Sentence, index: int) -> bool:
        """'found he had abused a referee', 'concluded the dam was safe': a that-less clause with a
        subject and a finite auxiliary, not an object ('found the body', 'suggested a meeting')."""
        toks = s.tokens
        if (
            index >= len(toks)
            or toks[index].lower in ("to", "that", "a", "an")
            or not toks[index].text[:1].isalpha()
        ):
            return False
        for k in range(index + 1, min(len(toks), index + 8)):
            if toks[k].text in ',.;:()“”"':
                return False
            if toks[k].lower in _FINITE and toks[k].text.islower():
                return True
        return False

    def is_clause(self, s: _Sentence, start: int, end: int) -> bool:
        """Whether a span reads as a reported clause or quotation rather than a bare phrase."""
        if any(start <= a < end for a, b in s.quotes) or _SUBJECT_PRONOUN.match(self.text, start):
            return True
        return any(
            start <= t.start < end and (self.is_verb_like(t) or _PRESENT_VERB.match(t.text))
            for t in s.tokens
        )

    def is_verb_like(self, token: Token) -> bool:
        low = token.lower
        if not token.text[:1].islower():
            return False
        return (
            low in _AUX
            or low in SAY_VERBS
            or low.endswith(("n't", "n’t"))
            or low in DENY_VERBS
            or low in ACCUSE_VERBS
            or low in _IRREGULAR_PAST
            or (low.endswith("ed") and len(low) > 4)
        )


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
    if skip is None:
        skip = [(b.start, b.end) for b in structure.blocks if b.kind in SKIPPED_BLOCKS]
    if published_on is None:
        published_on = structure.published_on
    article = _Article(text, Registry(actors), structure.dateline)
    dates = find_dates(text)
    sentences = [
        _prepare(article, sentence, index, dates)
        for index, sentence in enumerate(s for s in split_sentences(text, skip) if not s.is_heading)
    ]
    for s in sentences:
        _scan_mentions(article, s)
        _find_candidates(article, s)
        for c in s.candidates:
            article.registry.note(s.index, c.speaker_start, c.entities, speaker=True)
    _attribute_bare_quotes(article, sentences)
    _merge_back_reference_denials(article, sentences)
    candidates = _finalise(article, [c for s in sentences for c in s.candidates])
    if claims and not isinstance(claims, ClaimIndex):
        claims = ClaimIndex(claims)
    matches: dict[str, KnownClaim | None] = {}
    return [
        _suggestion(article, c, e, published_on, claims, matches)
        for c in candidates
        for e in c.entities
    ]


def _prepare(
    article: _Article, sentence: Sentence, index: int, all_dates: list[tuple[int, int, str]]
) -> _Sentence:
    start = sentence.start
    if article.dateline and sentence.text.startswith(article.dateline):
        m = re.match(r"[^\n]{0,40}?(?::|—|–|--|\s-)\s+", sentence.text)
        if m:
            start += m.end()
    tokens = tokenize(article.text, start, sentence.end)
    first = bisect.bisect_left(all_dates, (sentence.start,))
    dates = []
    for date in all_dates[first:]:
        if date[0] >= sentence.end:
            break
        if date[1] <= sentence.end:
            dates.append(date)
    quotes = quote_spans(article.text, sentence.start, sentence.end)
    return _Sentence(
        index,
        Sentence(
            start,
            sentence.end,
            article.text[start : sentence.end],
            sentence.paragraph,
            sentence.is_heading,
        ),
        tokens,
        dates,
        quotes,
    )


def _scan_mentions(article: _Article, s: _Sentence) -> None:
    """Register every actor-like phrase, marking sentence subjects, for later pronouns and group words."""
    toks = s.tokens
    i = 0
    while i < len(toks):
        t = toks[i]
        if (
            t.lower in DEMONYMS
            and t.text[:1].isupper()
            and (i + 1 >= len(toks) or not is_cap(toks[i + 1]))
        ):
            country = DEMONYMS[t.lower]
            article.registry.note(
                s.index, t.start, (article.registry.entity(country, "state"),), weight=0.5
            )
        if (
            t.lower in ("he", "she")
            and (i == 0 or not is_np_word(toks[i - 1]))
            and _is_subject(article, s, i, i + 1)
        ):
            # "She is not a natural politician.": the pronoun carries its referent on as a subject
            entities = article.registry.pronoun(t.lower, s.index, t.start)
            if len(entities) == 1:
                article.registry.note(s.index, t.start, entities, subject=True)
            i += 1
            continue
        if not (is_np_word(t) or t.lower in DETERMINERS):
            i += 1
            continue
        end = collect_forward(toks, i)
        if end <= i:
            i += 1
            continue
        # the subject of a quoted sentence is not the narrative's: "“The people of X have spoken,” he said"
        subject = _is_subject(article, s, i, end) and not any(a < t.start < b for a, b in s.quotes)
        if not subject and not any(t.cap for t in toks[i:end]):
            i = end  # a lower-case phrase outside subject position names nobody worth remembering
            continue
        phrases = analyse(article.text, toks, i, end)
        # descriptions ("the health ministry") count only as subjects: elsewhere they are too vague
        phrases = [
            p
            for p in phrases
            if p.form == "name" or (subject and p.form in ("description", "role"))
        ]
        entities = article.resolve(phrases, s, toks[i].start, speaking=False)
        if len(entities) == 1 and not entities[0].role and entities[0].kind != "person":
            # "the governing National Unity Alliance", "the opposition CRP": kept for "the ruling party"
            side = next(
                (t.lower for t in toks[max(0, i - 1) : end] if t.lower in _POLITICAL_SIDE), ""
            )
            if side:
                entities[0].role = side
        if entities:
            article.registry.note(s.index, toks[i].start, entities, subject=subject)
            if subject:
                s.subjects.append((i, end, entities))
        i = end


def _is_subject(article: _Article, s: _Sentence, first: int, end: int) -> bool:
    toks = s.tokens
    k = end
    auxiliary = False
    while k < len(toks) and (
        toks[k].lower in _BETWEEN
        or article.date_ending_at(s, toks[k].end)
        or any(d[0] <= toks[k].start < d[1] for d in s.dates)
    ):
        auxiliary = auxiliary or toks[k].lower in _AUX
        k += 1
    if k >= len(toks):
        return False
    if auxiliary and toks[k].text.isalpha() and toks[k].text.islower():
        return True  # "He has done it", "The council will vote"
    included = first >= 1 and toks[first - 1].lower in ("including", "as")
    if (
        toks[k].text == ","
        and k + 3 < len(toks)
        and toks[k + 1].text.isdigit()
        and toks[k + 2].text == ","
        and article.is_verb_like(toks[k + 3])
    ):
        return True  # "Korvath, 52, took over the ministry"
    if (
        toks[k].text == ","
        and first >= 2
        and toks[first - 1].text == ","
        and all(t.text[:1].isupper() for t in toks[first:end])
        and k + 1 < len(toks)
        and (
            article.is_verb_like(toks[k + 1])
            or _PRESENT_VERB.match(toks[k + 1].text)
            and k + 2 < len(toks)
            and (toks[k + 2].lower in DETERMINERS or toks[k + 2].lower in _MOTION_PARTICLES)
        )
        and not any(article.is_verb_like(t) or t.text in ",;:" for t in toks[: first - 1])
    ):
        return True  # "The farmer in the pickup, Tomas Reyl, has his own complaints": an appositive name
    if toks[k].text == ",":
        nxt = toks[k + 1] if k + 1 < len(toks) else None
        if nxt is None:
            return False
        if included and article.is_verb_like(nxt):
            return True
        if (
            nxt.lower in DETERMINERS
            or nxt.lower in ("who", "which", "including")
            or is_np_word(nxt)
        ):
            for j in range(k + 1, min(len(toks), k + 25)):
                if toks[j].text == ",":
                    after = j + 1
                    while after < len(toks) and toks[after].lower in _BETWEEN:
                        after += 1
                    return after < len(toks) and article.is_verb_like(toks[after])
        return False
    if article.is_verb_like(toks[k]):
        return True
    # present-tense narrative: "the minister smiles", "the farmer shrugs"
    return bool(
        _PRESENT_VERB.match(toks[k].text)
        and toks[k].lower
        not in ("has", "was", "is", "this", "its", "us", "as", "plus", "less", "across", "unless")
        and k + 1 < len(toks)
        and (
            toks[k + 1].lower.endswith("ly")
            or toks[k + 1].lower in DETERMINERS
            or toks[k + 1].lower in _MOTION_PARTICLES
            and all(t.text[:1].isupper() for t in toks[first:end])
        )
    )


def _find_candidates(article: _Article, s: _Sentence) -> None:
    toks = s.tokens
    i = 0
    while i < len(toks):
        low = toks[i].lower
        phrasal = _phrasal_at(toks, i) if low in _PHRASAL_FIRST else None
        if phrasal:
            _verb_rule(article, s, i, i + len(phrasal.split()), phrasal)
        elif low in _CLAIM_NOUNS and (
            i > 0
            and toks[i - 1].text.endswith(("’s", "'s"))
            or i + 1 < len(toks)
            and toks[i + 1].lower in ("by", "from")
        ):
            _claim_noun_rule(article, s, i)
        elif (
            (
                low in SAY_VERBS
                or low in DENY_VERBS
                or low in ACCUSE_VERBS
                or low in ("called", "calls", "call", "described", "describes", "branded", "brands")
            )
            and toks[i].text[:1].islower()  # "United States", "Claims Court" are not verbs
            and not (i > 0 and low in _MEDIUM_PARTICIPLES and toks[i - 1].lower in _MEDIA_NOUNS)
        ):  # "said in a video posted on Instagram": the video was posted, nobody says "on ..."
            _verb_rule(article, s, i, i + 1, low)
        elif (
            low in ("asked", "asks", "wondered")
            and i > 0
            and toks[i].text.islower()
            and (i + 1 >= len(toks) or toks[i + 1].text in ".,;!?")
        ):
            _verb_rule(article, s, i, i + 1, low)  # '“Where are we to go?” she asked.'
        elif (
            low in PARTICIPLES
            and i > 0
            and (
                toks[i - 1].text == ","
                or toks[i - 1].lower == "by"
                or toks[i - 1].lower in DOCUMENT_HEADS
            )
        ):
            _participle_rule(article, s, i)
        elif low == "according" and i + 1 < len(toks) and toks[i + 1].lower == "to":
            _according_rule(article, s, i)
        elif low in ("denials", "denial", "rejection", "rejections"):
            _denial_noun_rule(article, s, i)
        elif low in _CLAIM_NOUNS:
            _claim_noun_rule(article, s, i)
        elif (
            low == "what"
            and i + 2 < len(toks)
            and toks[i + 1].lower in ("they", "he", "she", "it")
            and toks[i + 2].lower
            in ("say", "says", "said", "call", "calls", "called", "describe", "described")
        ):
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
    if (
        before > 0
        and toks[before - 1].lower in _NEGATION | {"to", "n’t"}
        and verb != "pleaded not guilty"
    ):
        return
    if before > 0 and toks[before - 1].lower in _PASSIVE_AUX:
        _passive_rule(article, s, before - 1, v, after, verb)
        return
    if (
        before > 1
        and toks[before - 1].lower in _OBJECT_NOUNS
        and verb in DENY_VERBS
        and after < len(toks)
        and toks[after].lower == "by"
    ):
        _denied_noun_rule(article, s, before - 1, after)
        return
    if before > 0 and toks[before - 1].text.endswith(("’s", "'s")):
        return  # "Otieno's claims": a noun, not a verb
    if verb in ("call", "calls", "called") and (
        after < len(toks) and toks[after].lower in ("for", "on", "off", "in", "up")
    ):
        return
    # Coordinated predicate: "Veltrix rejected the allegations ... and said it would sue."
    if (
        before > 0
        and toks[before - 1].lower in ("and", "but")
        and s.candidates
        and s.candidates[-1].speaker_start < toks[v].start
    ):
        inherited = s.candidates[-1]
        conjunction = toks[before - 1].start
        if inherited.start < conjunction < inherited.end:
            # "said the talks had failed and urged both sides ...": the first statement ends at "and"
            inherited.end = conjunction
            if inherited.verb:
                inherited.stance = article.stance(inherited.verb, inherited.start, inherited.end)
        if verb in ("urged", "urges"):
            return  # "said ... and urged both sides to talk": annotators keep the statement, not the appeal
        if verb in ("described", "describes", "branded", "brands"):
            # "... and described the demand as “unaffordable”": only a quoted or dismissive judgement
            _called_rule(article, s, inherited.entities, after, date_text, toks[before - 1].start)
            return
        content = article.content_after(s, after, verb)
        if content is None and verb in NEEDS_THAT:
            # "said the rider would appeal, and suggested the sample was contaminated"
            content = article._content(s, after, "")
            if content and not (
                _SUBJECT_PRONOUN.match(text, content[0])
                or any(
                    content[0] <= t.start < content[1] and t.lower in _AUX
                    for t in toks[after : after + 8]
                )
            ):
                content = None
        if content:
            _add(
                s,
                _make(
                    article,
                    s,
                    inherited.entities,
                    verb,
                    content,
                    "coordinated",
                    0.7,
                    date_text,
                    toks[before - 1].start,
                ),
            )
        return
    # The same with no statement before: "Marinescu thanked voters and said the result ...",
    # "He did not mention the protests, but said ...": the clause's subject speaks.
    if (
        before > 0
        and toks[before - 1].lower in ("and", "but")
        and (verb in SAY_VERBS or verb in DENY_VERBS)  # not "charged them with ..."
        and verb not in ("urged", "urges")
    ):
        subject = next(
            ((first, found) for first, end, found in reversed(s.subjects) if end < before - 1),
            None,
        )
        content = article.content_after(s, after, verb) if subject and subject[1] else None
        if content:
            first, entities = subject
            _add(
                s,
                _make(
                    article,
                    s,
                    entities,
                    verb,
                    content,
                    "coordinated",
                    0.65,
                    date_text,
                    toks[first].start,
                ),
            )
        return
    # Relative clauses: "Putin, who says ...", "the ruling party, which called them ...".
    if before > 1 and toks[before - 1].lower in ("who", "which") and toks[before - 2].text == ",":
        found = article.speaker_before(s, before - 2)
        if found:
            first, phrases = found
            entities = article.resolve(phrases, s, toks[first].start)
            content = _relative_content(article, s, after, verb)
            if content:
                _add(
                    s,
                    _make(
                        article,
                        s,
                        entities,
                        verb,
                        content,
                        "who-said",
                        0.75,
                        date_text,
                        toks[first].start,
                    ),
                )
        return
    # "... that it said show ...": the pronoun stands for the subject of the main clause.
    if (
        before > 1
        and toks[before - 1].lower in PRONOUNS
        and toks[before - 2].lower in ("that", "which")
    ):
        entities = _main_subject(s, toks[before - 1].lower, before - 2)
        content = article.content_after(s, after, verb, require_clause=False)
        if entities and content:
            _add(
                s,
                _make(
                    article,
                    s,
                    entities,
                    verb,
                    content,
                    "relative-said",
                    0.7,
                    date_text or article.sentence_date(s),
                    toks[before - 1].start,
                ),
            )
        return
    found = article.speaker_before(s, before)
    if (
        found
        and found[0] > 0
        and toks[found[0] - 1].lower in ("something", "anything", "everything", "what")
    ):
        return  # "something she once insisted she would never do": the statement is elsewhere
    # Object relative: "..., which the company denied."
    if (
        found
        and before - found[0] > 2
        and toks[found[0]].lower in ("a", "an", "the")
        and toks[found[0] + 1].lower in _OBJECT_NOUNS
    ):
        # ", a charge Velnia called “pure fabrication”": the speaker follows the object noun
        phrases = analyse(text, toks, found[0] + 2, before)
        found = (found[0] + 2, phrases) if phrases else None
    relative_at = _object_relative(toks, found[0]) if found else None
    if (
        found
        and relative_at is not None
        and verb in SAY_VERBS
        and toks[relative_at + 1].lower == "which"
        and after < len(toks)
        and toks[after].lower in _AUX | {"been"}
    ):
        # "the demolition, which their association said had been rushed": the clause after the verb
        first, phrases = found
        entities = article.resolve(phrases, s, toks[first].start)
        content = article._content(s, after, date_text)
        if entities and content:
            candidate = _make(
                article, s, entities, verb, content, "which-said", 0.7, date_text, toks[first].start
            )
            antecedent = collect_backward(toks, relative_at)
            if antecedent < relative_at:
                subject = article.text[toks[antecedent].start : toks[relative_at - 1].end]
                candidate.claim_text = f"{subject} {article.text[content[0] : content[1]]}"
            _add(s, candidate)
        return
    if found and relative_at is not None:
        first, phrases = found
        entities = article.resolve(phrases, s, toks[first].start)
        comma = toks[relative_at].start
        # what is denied is the clause just before: the previous statement's content if there is one
        previous = next((c for c in reversed(s.candidates) if c.start < comma <= c.end + 2), None)
        start = previous.start if previous else s.tokens[0].start
        if previous:
            previous.end = min(previous.end, comma)
            previous.stance = article.stance(previous.verb, previous.start, previous.end)
        _add(
            s,
            Candidate(
                entities,
                (
                    "denies"
                    if verb in ("called", "calls", "described", "describes", "branded", "brands")
                    and _DISMISSIVE.search(
                        text, toks[after].start if after < len(toks) else comma, s.sentence.end
                    )
                    else article.stance(verb, start, comma)
                ),
                start,
                comma,
                "which-denied",
                0.65,
                date_text,
                speaker_start=toks[relative_at + 1].start,
                verb=verb,
            ),
        )
        return
    if not found and verb in (
        "say",
        "said",
        "says",
        "told",
        "warn",
        "warned",
        "claim",
        "claimed",
        "believe",
        "fear",
    ):
        found = _long_group_subject(article, s, before)
    if not found:
        _inverted_rule(article, s, v, after, verb)
        return
    first, phrases = found
    entities = article.resolve(phrases, s, toks[first].start)
    if not entities:
        return
    if verb in ("called", "calls", "call", "described", "describes", "branded", "brands"):
        _called_rule(article, s, entities, after, date_text, toks[first].start)
        return
    content = article.content_after(s, after, verb)
    if (
        content is not None
        and first > 0
        and toks[first - 1].text in ',”"’'
        and verb not in DENY_VERBS
        and verb not in ACCUSE_VERBS
        and (_PLACE_PHRASE.match(text, content[0]) or _AFTERTHOUGHT.match(text, content[0]))
    ):
        # '“...,” X told reporters outside the court.' / '..., prosecutors alleged at the trial':
        # what follows the verb is where it was said; the statement is the clause before.
        content = None
    if content is None:
        _trailing_rule(article, s, entities, first, v, after, verb, date_text)
        return
    start, end, later_date = content
    if _NO_COMMENT.match(text, start, end):
        # "said he did not want to comment on ...": no statement to check, but still the speaker
        article.registry.note(s.index, toks[first].start, entities, speaker=True)
        return
    if verb == "pleaded not guilty":
        start = toks[v].start  # the plea itself is the denial
        content = (start, end, later_date)
    via = _told_media(article, s, after) if verb in ("told", "tells") else None
    rule = "accused" if verb in ACCUSE_VERBS else ("denied" if verb in DENY_VERBS else "said-that")
    when = (
        date_text or later_date or _date_after_verb(article, s, after) or article.sentence_date(s)
    )
    # "said X and that Y" stays one suggestion: annotators mostly record one statement per
    # reporting verb, and the span covers both clauses for the analyst to split if needed.
    candidate = _make(
        article, s, entities, verb, (start, end, ""), rule, 0.85, when, toks[first].start
    )
    candidate.via = via
    _add(s, candidate)


def _agents_after_by(article: _Article, s: _Sentence, by: int) -> tuple[tuple[Entity, ...], int]:
    """'by the broadcaster and by the ruling party': every agent, and where the first starts."""
    toks = s.tokens
    entities: list[Entity] = []
    first_start = -1
    k = by
    while k < len(toks) and toks[k].lower == "by":
        start = k + 1 + (k + 1 < len(toks) and toks[k + 1].lower == "both")
        end = collect_forward(toks, start)
        if end <= start:
            break
        found = article.resolve(
            analyse(article.text, toks, start, end), s, toks[start].start, allow_bare=True
        )
        entities.extend(e for e in found if e not in entities)
        if first_start < 0:
            first_start = toks[start].start
        k = end
        if k + 1 < len(toks) and toks[k].lower in ("and", "or") and toks[k + 1].lower == "by":
            k += 1
    return tuple(entities), first_start


def _denied_noun_rule(article: _Article, s: _Sentence, noun: int, by: int) -> None:
    """'X accused Y of Z, an allegation denied by Y and by W': the agents deny the accusation."""
    toks = s.tokens
    entities, speaker_start = _agents_after_by(article, s, by)
    if not entities:
        return
    comma = next((k for k in range(noun - 1, max(noun - 4, -1), -1) if toks[k].text == ","), None)
    if comma is None:
        return
    cut = toks[comma].start
    previous = next((c for c in reversed(s.candidates) if c.start < cut <= c.end + 2), None)
    start = previous.start if previous else toks[0].start
    if previous:
        previous.end = min(previous.end, cut)
        if previous.verb:
            previous.stance = article.stance(previous.verb, previous.start, previous.end)
    if len(article.text[start:cut].split()) < 2:
        return
    _add(
        s,
        Candidate(
            entities,
            "denies",
            start,
            cut,
            "denied-by",
            0.7,
            article.sentence_date(s),
            speaker_start=speaker_start,
            claim_text=previous.claim_text if previous else "",
        ),
    )


def _long_group_subject(article: _Article, s: _Sentence, before: int):
    """'Residents of a village near the mine in the north say ...': a group noun opening the
    sentence, qualified by prepositional phrases, as the subject of a reporting verb."""
    toks = s.tokens
    if before < 3 or before > 30:
        return None
    k = 0
    while k < before and (toks[k].lower in DETERMINERS or _is_adjective_like(toks[k]) and k < 2):
        k += 1
    if (
        k >= before
        or _base_lower(toks[k]) not in GROUP_NOUNS
        or k + 1 >= before
        or toks[k + 1].lower not in _QUALIFIERS
    ):
        return None
    for t in toks[k + 1 : before]:
        if t.text in ',;:“”"()' or t.lower in ("that", "who", "which") or article.is_verb_like(t):
            return None
    phrase = NounPhrase(
        toks[0].start,
        toks[k].end,
        "name",
        name=article.text[toks[0].start : toks[k].end],
        kind="other",
    )
    return 0, [phrase]


def _base_lower(token: Token) -> str:
    return token.lower[:-2] if token.lower.endswith(("’s", "'s")) else token.lower


def _skip_audience(toks: list[Token], index: int) -> int:
    """After 'told': skip 'reporters', 'a regular news briefing in Beijing', 'the club's website'."""
    k = index
    if k < len(toks) and toks[k].lower in DETERMINERS:
        k += 1
    while k < len(toks) and (
        is_np_word(toks[k])
        or toks[k].lower in _AUDIENCE
        or toks[k].text.endswith(("’s", "'s"))
        or (
            toks[k].text.isalpha()
            and toks[k].text.islower()
            and k + 1 < len(toks)
            and toks[k + 1].lower in _AUDIENCE
        )
    ):
        k += 1
    return max(k, index + 1)


def _object_relative(toks: list[Token], first: int) -> int | None:
    """Index of the comma before ', which X denied' or ', a charge X has denied', else None."""
    k = first - 1
    if k >= 1 and toks[k].lower in ("which", "that"):
        k -= 1
    elif (
        k >= 2
        and toks[k].lower in _OBJECT_NOUNS
        and toks[k - 1].lower in ("a", "an", "the", "claims", "allegations")
    ):
        k -= 2
    else:
        return None
    return k if k >= 0 and toks[k].text == "," else None


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


def _make(
    article: _Article,
    s: _Sentence,
    entities: tuple[Entity, ...],
    verb: str,
    content: tuple[int, int, str],
    rule: str,
    confidence: float,
    date_text: str,
    speaker_start: int,
) -> Candidate:
    start, end, later = content
    return Candidate(
        entities,
        article.stance(verb, start, end),
        start,
        end,
        rule,
        confidence,
        date_text or later,
        direct=_direct(article, s, start, end),
        speaker_start=speaker_start,
        verb=verb,
    )


def _relative_content(
    article: _Article, s: _Sentence, after: int, verb: str
) -> tuple[int, int, str] | None:
    content = article.content_after(s, after, verb)
    if content is None:
        return None
    start, end, date_text = content
    comma = article.text.find(",", start, end)
    return (start, comma if comma > 0 else end, date_text)


def _main_subject(s: _Sentence, pronoun: str, before: int) -> tuple[Entity, ...]:
    for _first, end, entities in reversed(s.subjects):
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


def _called_rule(
    article: _Article,
    s: _Sentence,
    entities: tuple[Entity, ...],
    after: int,
    date_text: str,
    speaker_start: int,
) -> None:
    """'X called relations "worrying"': the object and the quoted or judging words after it."""
    toks = s.tokens
    if after < len(toks):
        date = article.date_starting_near(s, toks[after].start, 1)
    for k in range(after, min(len(toks), after + 16)):
        if toks[k].text in ".;" or (toks[k].text == "," and k > after):
            break
        if toks[k].text in '“"':
            quote = next(((a, b) for a, b in s.quotes if a == toks[k].start), None)
            if quote:
                start = toks[after].start
                stance = (
                    "denies" if _DISMISSIVE.search(article.text, start, quote[1]) else "asserts"
                )
                candidate = Candidate(
                    entities,
                    stance,
                    start,
                    quote[1],
                    "called",
                    0.8,
                    date_text or (date[2] if after < len(toks) and date else ""),
                    direct=True,
                    speaker_start=speaker_start,
                )
                _add(s, candidate)
            return
    end = article.clause_end(s, toks[after].start) if after < len(toks) else 0
    if after < len(toks) and _DENIAL.search(article.text, toks[after].start, end):
        _add(
            s,
            Candidate(
                entities,
                "denies",
                toks[after].start,
                end,
                "called",
                0.7,
                date_text,
                speaker_start=speaker_start,
            ),
        )


def _trailing_rule(
    article: _Article,
    s: _Sentence,
    entities: tuple[Entity, ...],
    first: int,
    v: int,
    after: int,
    verb: str,
    date_text: str,
) -> None:
    """'“...,” Choe said.' and '..., the report said.': the content comes before the speaker."""
    toks = s.tokens
    text = article.text
    speaker_start = toks[first].start
    if first == 0:
        s.orphan_speaker = entities
        return
    k = first
    while (
        k > 1
        and first - k < 2
        and (toks[first].text.islower() or len(entities) == 1 and entities[0].kind == "person")
        and _is_adjective_like(toks[k - 1])
        and not article.is_verb_like(toks[k - 1])
        and toks[k - 1].lower not in SAY_VERBS
    ):
        k -= 1  # '“...,” cooperative chairman Lukas Brenner said.'
    if k < first and toks[k - 1].text in ',”"’' and entities and entities[0].kind == "person":
        first, speaker_start = k, toks[k].start
    prev = toks[first - 1].text
    if prev not in ',”"’':
        return
    date_text = date_text or _date_after_verb(article, s, after)
    opening = next(
        ((a, b) for a, b in s.quotes if a == s.tokens[0].start and b <= speaker_start), None
    )
    if opening:
        start, end, direct = opening[0] + 1, opening[1] - 1, True
    else:
        start, end, direct = s.tokens[0].start, toks[first - 1].start, False
        m = re.match(
            r"(?:(?:However|But|Meanwhile|And|In addition|Still|Yet)\s*,?\s*)", text[start:end]
        )
        if m:
            start += m.end()
    while end > start and text[end - 1] in ",;: ":
        end -= 1
    if len(text[start:end].split()) < 2:
        return
    via = _via_after(article, s, after)
    inner = [c for c in s.candidates if start <= c.speaker_start < speaker_start]
    carrier = verb in ("reported", "reports") or all(
        e.kind == "media" or _MEDIA_ROLE.search(e.role) for e in entities
    )
    if inner and carrier:
        # "Antal said the talks had failed, KTNA reported": the agency only carries the statement
        for c in inner:
            c.via = c.via or ", ".join(e.name for e in entities)
            c.end = min(c.end, end)
        return
    stance = article.stance(verb, start, end)
    _add(
        s,
        Candidate(
            entities,
            stance,
            start,
            end,
            "quote-said" if direct else "said-trailing",
            0.85,
            date_text,
            via=via,
            direct=direct,
            speaker_start=speaker_start,
        ),
    )


def _via_after(article: _Article, s: _Sentence, after: int) -> str | None:
    toks = s.tokens
    for k in range(after, min(len(toks) - 2, after + 6)):
        if toks[k].lower == "according" and toks[k + 1].lower == "to":
            end = collect_forward(toks, k + 2)
            phrases = analyse(article.text, toks, k + 2, end)
            if phrases:
                return phrases[0].name or article.text[toks[k + 2].start : toks[end - 1].end]
    return None


def _inverted_rule(article: _Article, s: _Sentence, v: int, after: int, verb: str) -> None:
    """'..., said John Smith, a spokesman.'"""
    toks = s.tokens
    if v == 0 or toks[v - 1].text not in ',”"' or verb in DENY_VERBS:
        return
    end = collect_forward(toks, after)
    if end <= after:
        # "said community leader Thabo Mokoena": lower-case descriptors before a role or title
        j = after
        while j < len(toks) and j - after < 3 and _is_adjective_like(toks[j]):
            j += 1
        if j > after and j < len(toks) and is_np_word(toks[j]):
            end = collect_forward(toks, j)
            if end <= j or not any(is_cap(t) for t in toks[j:end]):
                return
    if end <= after or (end < len(toks) and toks[end].text not in ",."):
        return
    phrases = analyse(article.text, toks, after, end)
    entities = article.resolve(phrases, s, toks[after].start)
    if not entities:
        return
    opening = next(((a, b) for a, b in s.quotes if a == toks[0].start and b <= toks[v].start), None)
    start, stop, direct = (
        (opening[0] + 1, opening[1] - 1, True)
        if opening
        else (toks[0].start, toks[v - 1].start, False)
    )
    while stop > start and article.text[stop - 1] in ",;: ":
        stop -= 1
    if len(article.text[start:stop].split()) >= 2:
        _add(
            s,
            Candidate(
                entities,
                article.stance(verb, start, stop),
                start,
                stop,
                "said-inverted",
                0.8,
                direct=direct,
                speaker_start=toks[after].start,
            ),
        )


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
    if any(c.start <= toks[aux].start < c.end for c in s.candidates):
        # "The agency said ... the result had been confirmed by a second laboratory": the
        # confirmation is part of the agency's statement, not one of the laboratory's own.
        return
    clause_start = toks[_clause_start(toks, aux)].start
    if verb in ACCUSE_VERBS:
        if end < len(toks) and toks[end].lower in ("of", "for", "over", "with"):
            content_end = article.clause_end(s, toks[end].start)
            subject = article.text[clause_start : toks[aux].start].strip()
            claim = (
                f"{subject} {article.text[toks[end + 1].start : content_end]}"
                if end + 1 < len(toks)
                else ""
            )
            _add(
                s,
                Candidate(
                    entities,
                    "asserts",
                    clause_start,
                    content_end,
                    "accused-by",
                    0.75,
                    _date_after_verb(article, s, end) or article.sentence_date(s),
                    speaker_start=toks[agent_start].start,
                    claim_text=claim,
                ),
            )
        return
    stance = "denies" if verb in DENY_VERBS else "asserts"
    _add(
        s,
        Candidate(
            entities,
            stance,
            clause_start,
            toks[end - 1].end,
            f"{'denied' if stance == 'denies' else 'said'}-by",
            0.75,
            article.sentence_date(s),
            speaker_start=toks[agent_start].start,
            claim_text=article.text[clause_start : toks[aux].start].strip(),
        ),
    )


def _clause_start(toks: list[Token], index: int) -> int:
    for k in range(index - 1, -1, -1):
        if toks[k].text in ",;—–":
            return k + 1
    return 0


def _participle_rule(article: _Article, s: _Sentence, p: int) -> None:
    """', saying they go counter to UN sanctions' and 'by saying ...': the clause subject speaks."""
    toks = s.tokens
    verb = toks[p].lower
    previous = next(
        (
            c
            for c in reversed(s.candidates)
            if c.speaker_start < toks[p].start
            and c.rule in ("quote-said", "said-trailing", "said-inverted")
        ),
        None,
    )
    entities: tuple[Entity, ...] = ()
    speaker_start = -1
    if previous is not None:  # '..., the company said in a statement, adding that ...'
        entities, speaker_start = previous.entities, previous.speaker_start
    else:
        for first, end, found in reversed(s.subjects):
            if end <= p:
                entities, speaker_start = found, toks[first].start
                break
    if not entities:
        # "She accused the board of delay, adding: ...": the speaker of the statement just before
        earlier = next(
            (c for c in reversed(s.candidates) if c.end <= toks[p].start and c.speaker_start >= 0),
            None,
        )
        if earlier is not None:
            entities, speaker_start = earlier.entities, earlier.speaker_start
    if not entities:
        # "Chief executive Ann Lee struck a similar tone, saying ...": the name opening the sentence
        end = collect_forward(toks, 0)
        if 0 < end < p and toks[end].text[:1].islower() and toks[end].lower not in _QUALIFIERS:
            phrases = [ph for ph in analyse(article.text, toks, 0, end) if ph.form == "name"]
            entities = article.resolve(phrases, s, toks[0].start)
            speaker_start = toks[0].start
    if not entities:
        return
    if verb in ("calling", "describing"):
        _called_rule(article, s, entities, p + 1, "", speaker_start)
        return
    if verb == "adding" and p + 1 < len(toks) and toks[p + 1].lower == "to":
        return  # "adding to costs": not a statement
    stance_verb = {"denying": "denied", "rejecting": "rejected", "dismissing": "dismissed"}.get(
        verb, verb
    )
    # "X rejected that account, saying ...": the participle clause is what the denial says.
    denial = next(
        (
            c
            for c in reversed(s.candidates)
            if c.rule == "denied"
            and c.end <= toks[p].start
            and not article.text[c.end : toks[p].start].strip(" ,")
        ),
        None,
    )
    if denial is not None and verb in (
        "saying",
        "adding",
        "insisting",
        "arguing",
        "claiming",
        "noting",
    ):
        words = article.text[denial.start : denial.end].lower().split()
        if not (
            len(words) <= 3
            and (
                words[0] in _DEMONSTRATIVES
                or len(words) == 2
                and words[0] == "the"
                and words[1] in _ACCOUNT_NOUNS
            )
        ):
            # "denied receiving the data, saying it only had totals": the reason belongs to the denial
            content = article.content_after(s, p + 1, verb)
            if content:
                denial.end = max(denial.end, content[1])
            return
        else:
            entities, speaker_start, stance_verb = denial.entities, denial.speaker_start, "denied"
    else:
        denial = None
    back_reference = (
        denial is None
        and verb in ("saying", "adding", "insisting", "arguing", "noting")
        and p >= 3
        and toks[p - 1].text == ","
        and toks[p - 2].lower in ("that", "this", "it", "them", "those", "these")
        and toks[p - 3].lower in DENY_VERBS
    )
    if back_reference:
        stance_verb = "denied"  # "X disputed that, saying ...": the reason given is the denial
    content = article.content_after(s, p + 1, verb)
    if content:
        candidate = _make(
            article,
            s,
            entities,
            stance_verb,
            content,
            "participle",
            0.7,
            article.sentence_date(s),
            speaker_start,
        )
        if denial is not None:  # one denial: from "rejected that account" to the end of its reason
            s.candidates.remove(denial)
            candidate.claim_text = article.text[candidate.start : candidate.end]
            candidate.start, candidate.rule, candidate.direct = denial.start, "denied-saying", False
            candidate.date_text = denial.date_text or candidate.date_text
        _add(s, candidate)


def _according_rule(article: _Article, s: _Sentence, i: int) -> None:
    toks = s.tokens
    text = article.text
    np_start = i + 2
    if np_start >= len(toks):
        return
    anonymous = _ANON_SOURCE_START.match(text, toks[np_start].start)
    document = ""
    if anonymous:
        phrase_end = (
            anonymous.end("complement") if anonymous["complement"] else anonymous.end("head")
        )
        end = next((k for k, t in enumerate(toks) if t.start >= phrase_end), len(toks))
        source = article.anonymous_source(
            anonymous.start(), phrase_end, anonymous["head"].lower(), anonymous["complement"] or ""
        )
        if source is None:
            return
        phrases = [source]
    else:
        end = collect_forward(toks, np_start)
        phrases = analyse(text, toks, np_start, end) if end > np_start else []
        if end <= np_start:
            # "according to a complaint filed by ...": a document that only points to its author
            j = np_start + (toks[np_start].lower in DETERMINERS)
            if (
                j + 1 < len(toks)
                and _is_adjective_like(toks[j])
                and toks[j + 1].lower in _FILED_DOCUMENTS
            ):
                j += 1  # "a civil complaint"
            if j >= len(toks) or toks[j].lower not in _FILED_DOCUMENTS:
                return
            end = j + 1
            document = toks[j].lower
    # "according to data published by the ministry", "according to a report by RUSI"
    k = end
    while k < len(toks):
        if toks[k].lower in (
            "published",
            "released",
            "issued",
            "compiled",
            "gathered",
            "filed",
            "submitted",
            "prepared",
            "commissioned",
            "conducted",
            "from",
            "by",
            "in",
        ):
            k += 1
        elif k > end and (date := article.date_starting_near(s, toks[k].start, 1)):
            k = next((j for j in range(k, len(toks)) if toks[j].start >= date[1]), len(toks))
        else:
            break
    if k > end and k < len(toks) and toks[k - 1].lower in ("by", "from", "in"):
        if toks[end - 1].lower in _FILED_DOCUMENTS or toks[end - 1].lower in _SPEAKING_DOCUMENTS:
            document = toks[end - 1].lower  # "a complaint filed by the commissioner"
        inner_end = collect_forward(toks, k)
        if inner_end > k:
            phrases = analyse(text, toks, k, inner_end)
            end = inner_end
    elif not phrases and end < len(toks):
        return
    elif (
        toks[end - 1].lower in _RECORD_NOUNS or end < len(toks) and toks[end].lower in _RECORD_NOUNS
    ):
        return  # "according to court records": documents speak only through whoever is named
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
                    if collect_forward(toks, after + 1, j) == j or any(
                        t.lower in ("for", "of") for t in toks[after + 1 : j]
                    ):
                        for phrase in phrases:
                            if phrase.form == "name" and not phrase.role:
                                phrase.role = text[toks[after + 1].start : toks[j - 1].end]
                        after = j
                break
    entities = article.resolve(phrases, s, toks[np_start].start)
    if not entities:
        return
    if document and len(entities) == 1:
        article.registry.describe(
            document, entities[0]
        )  # later "the complaint" is the commissioner's
    # "According to X, content" (perhaps after a short opener) or "content, according to X"
    leading = i == 0 or (
        i <= 5 and toks[i - 1].text == "," and after < len(toks) and toks[after].text == ","
    )
    if leading:
        if after < len(toks) and toks[after].text == ",":
            after += 1
        if after >= len(toks):
            return
        start, stop = toks[after].start, article.clause_end(s, toks[after].start)
    else:
        start, stop = toks[0].start, toks[i - 1].start
        opening = next(
            ((a, b) for a, b in s.quotes if a == toks[0].start and b <= toks[i].start), None
        )
        if opening:
            start, stop = opening[0] + 1, opening[1] - 1
    while stop > start and text[stop - 1] in ",;:. ":
        stop -= 1
    if len(text[start:stop].split()) < 2:
        return
    _add(
        s,
        Candidate(
            entities,
            article.stance("according", start, stop),
            start,
            stop,
            "according-to",
            0.8,
            article.sentence_date(s),
            direct=_direct(article, s, start, stop),
            speaker_start=toks[np_start].start,
        ),
    )


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
            entities = article.resolve(
                analyse(article.text, toks, start, end), s, toks[start].start
            )
            speaker_start = toks[start].start
    elif i > 0 and toks[i - 1].text.endswith(("’s", "'s")):
        first = collect_backward(toks, i)
        if first < i:
            entities = article.resolve(analyse(article.text, toks, first, i), s, toks[first].start)
            speaker_start = toks[first].start
    if entities:
        start, end = toks[0].start, article.clause_end(s, toks[0].start)
        claim = article.text[start:end]
        _add(
            s,
            Candidate(
                entities,
                "denies",
                start,
                end,
                "denials-from",
                0.7,
                article.sentence_date(s),
                speaker_start=speaker_start,
                claim_text=claim,
            ),
        )


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
    elif (
        i > 0
        and toks[i - 1].text[:1].isupper()
        and (toks[i - 1].lower in DEMONYMS or is_cap(toks[i - 1]))
    ):
        first = collect_backward(toks, i)
        phrases = [
            p
            for p in analyse(article.text, toks, first, i)
            if p.form == "name" and p.kind != "person"
        ]
        entities = article.resolve(phrases, s, toks[first].start)
        if not entities and toks[i - 1].lower in DEMONYMS:
            entities = (article.registry.entity(DEMONYMS[toks[i - 1].lower], "state"),)
        speaker_start = toks[first].start
    elif k + 1 < len(toks) and toks[k].lower in ("by", "from"):
        end = collect_forward(toks, k + 1)
        if end > k + 1:
            phrases = analyse(article.text, toks, k + 1, end)
            entities = article.resolve(phrases, s, toks[k + 1].start)
            speaker_start = toks[k + 1].start
            k = end
    if not entities or k >= len(toks) or toks[k].lower != "that":
        return
    content = article._content(s, k + 1, "")
    if content and len(article.text[content[0] : content[1]].split()) >= 3:
        _add(
            s,
            _make(article, s, entities, "claims", content, "claims-that", 0.65, "", speaker_start),
        )


def _what_they_say_rule(article: _Article, s: _Sentence, i: int) -> None:
    """'... documented what they say are North Korean weapons shipments'."""
    toks = s.tokens
    entities = _main_subject(s, toks[i + 1].lower, i)
    if not entities:
        # the speakers may sit inside the subject phrase: "reports by the US government and Western researchers"
        for _first, _end, found in reversed(
            [(a, b, e) for a, b, e in _all_mentions(article, s) if b <= i]
        ):
            if len(found) > 1 or toks[i + 1].lower != "they":
                entities = found
                break
    k = i + 3
    if k < len(toks) and toks[k].lower in ("is", "are", "was", "were", "to", "as"):
        k += 1
    content = article._content(s, k, "")
    if entities and content:
        _add(
            s,
            _make(
                article,
                s,
                entities,
                "say",
                content,
                "what-they-say",
                0.6,
                article.sentence_date(s),
                toks[i + 1].start,
            ),
        )


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
            yield (
                i,
                end,
                tuple(article.registry.entity(p.name, p.kind, p.role, p.alias) for p in phrases),
            )
        i = end


def _attribute_bare_quotes(article: _Article, sentences: list[_Sentence]) -> None:
    """A sentence that is only a quotation takes its speaker from the sentence before or after."""
    for n, s in enumerate(sentences):
        if s.candidates or not s.tokens:
            continue
        quote = next(
            ((a, b) for a, b in s.quotes if a == s.sentence.start and b >= s.sentence.end - 1), None
        )
        if quote is None:
            continue
        previous = sentences[n - 1] if n > 0 else None
        following = sentences[n + 1] if n + 1 < len(sentences) else None
        entities: tuple[Entity, ...] = ()
        rule = ""
        if (
            previous
            and previous.candidates
            and previous.sentence.paragraph >= s.sentence.paragraph - 1
        ):
            speakers = {tuple(id(e) for e in c.entities) for c in previous.candidates}
            last = previous.candidates[-1]
            if len(speakers) == 1 and len(last.entities) == 1:
                # A follow-on quotation with no speaker tag of its own ('“A,” she said. “B.”')
                # is a statement of its own by the same speaker: each passage is one exact
                # stretch of quotation, not one running across the tag between them.
                entities, rule = last.entities, "quote-previous"
        if not entities and following and following.orphan_speaker:
            entities, rule = following.orphan_speaker, "quote-next"
        if entities:
            start, end = quote[0] + 1, quote[1] - 1
            while end > start and article.text[end - 1] in ",.;: ":
                end -= 1
            s.candidates.append(
                Candidate(
                    entities,
                    article.stance("", start, end),
                    start,
                    end,
                    rule,
                    0.6,
                    direct=True,
                    speaker_start=-1,
                    sentence=s.index,
                )
            )


def _is_back_reference(article: _Article, c: Candidate) -> bool:
    """'dismissed the claims as baseless', 'rejected that account': a denial naming nothing new."""
    words = article.text[c.start : c.end].lower().split()
    if (
        len(words) >= 3
        and words[0] == "what"
        and words[1] in PRONOUNS
        and words[2] in ("called", "calls", "termed")
    ):
        return len(words) <= 6  # "rejected what it called “alarmist” conclusions"
    if not words or len(words) > 5:
        return False
    if words[0] in _DEMONSTRATIVES:  # "rejects that view", "dismissed those claims as absurd"
        rest = words[2:] if len(words) > 1 else []
    elif len(words) >= 2 and words[0] in ("the", "these", "those") and words[1] in _ACCOUNT_NOUNS:
        rest = words[2:]
    else:
        return False
    return not rest or rest[0] == "as"


def _merge_back_reference_denials(article: _Article, sentences: list[_Sentence]) -> None:
    """'X dismissed the claims as baseless. “There was no tampering,” she said.': one denial, whose
    wording is the statement that follows from the same speaker in the same paragraph."""
    for n, s in enumerate(sentences[:-1]):
        following = sentences[n + 1]
        if following.sentence.paragraph != s.sentence.paragraph:
            continue
        for c in list(s.candidates):
            if c.rule != "denied" or not _is_back_reference(article, c):
                continue
            ids = {id(e) for e in c.entities}
            if any(o.start >= c.start and {id(e) for e in o.entities} != ids for o in s.candidates):
                continue  # someone else speaks after the denial in the same sentence
            d = next((d for d in following.candidates if {id(e) for e in d.entities} == ids), None)
            if d is None or following.candidates.index(d) != 0:
                continue
            d.claim_text = d.claim_text or article.text[d.start : d.end]
            d.stance, d.start, d.direct = "denies", c.start, False
            for o in [o for o in s.candidates if o.start >= c.start]:
                s.candidates.remove(o)


def _finalise(article: _Article, candidates: list[Candidate]) -> list[Candidate]:
    """End each content where another speaker starts; turn channels into 'via'; drop duplicates."""
    by_sentence: dict[int, list[Candidate]] = {}
    for c in candidates:
        by_sentence.setdefault(c.sentence, []).append(c)
    kept: list[Candidate] = []
    for group in by_sentence.values():
        nested = {
            id(c)
            for c in group
            for o in group
            if o is not c
            and o.start <= c.speaker_start < o.end
            and o.speaker_start < c.speaker_start <= c.start
            and o.speaker_start <= o.start
            and c.rule != "coordinated"
            and not _CLAUSE_OPENER.search(article.text, o.start, c.speaker_start)
        }
        group = [c for c in group if id(c) not in nested]
        for c in group:
            for other in group:
                # only a speaker who opens a new clause ends this content; passive agents sit inside it
                if (
                    other is not c
                    and c.start < other.speaker_start < c.end
                    and other.rule != "according-to"
                    and other.start >= other.speaker_start
                ):
                    c.end = other.speaker_start
                    if c.verb:
                        c.stance = article.stance(c.verb, c.start, c.end)
        # "Peskov said, according to Tass": Tass is the channel, not a second speaker.
        others = [c for c in group if c.rule != "according-to"]
        for c in group:
            if c.rule == "according-to" and any(
                o.start < c.speaker_start and o.end >= c.start or o.start <= c.start < o.end
                for o in others
            ):
                for o in others:
                    if o.via is None and {e.kind for e in c.entities} <= {"media"}:
                        o.via = c.entities[0].name
                continue
            kept.append(c)
    result: list[Candidate] = []
    seen: list[Candidate] = []
    for c in sorted(kept, key=lambda c: (c.start, -c.confidence)):
        duplicate = next(
            (
                o
                for o in seen
                if {id(e) for e in o.entities} & {id(e) for e in c.entities}
                and o.start < c.end
                and c.start < o.end
                and o.stance == c.stance
            ),
            None,
        )
        if duplicate is not None:
            continue
        seen.append(c)
        result.append(c)
    return result


def _suggestion(
    article: _Article,
    c: Candidate,
    entity: Entity,
    published_on: datetime.date | None,
    claims: ClaimIndex | Sequence[KnownClaim],
    matches: dict[str, KnownClaim | None],
) -> Suggestion:
    text = article.text
    start, end = c.start, c.end
    end = start + len(_TRAILING_JOIN.sub("", text[start:end]))
    content = c.claim_text or text[start:end]
    claim = _plain_claim(content)
    if claim not in matches:
        matches[claim] = match_claim(claim, claims)[0] if claims else None
    matched = matches[claim]
    role = entity.role
    return Suggestion(
        actor=entity.name,
        actor_id=entity.actor_id,
        actor_kind=entity.kind,
        actor_role=role,
        stance=c.stance,
        quote=text[start:end],
        start=start,
        end=end,
        said_on=resolve_date(c.date_text, published_on) if c.date_text else None,
        said_on_text=c.date_text,
        claim=matched.statement if matched else claim,
        claim_id=matched.id if matched else None,
        via=c.via,
        is_direct_quote=c.direct,
        rule=c.rule,
        confidence=round(c.confidence * (0.9 if entity.actor_id is None else 1.0), 2),
    )


def _plain_claim(content: str) -> str:
    claim = _QUOTE_MARKS.sub("", content)
    claim = _STOP_WORDS_FOR_CLAIM.sub("", " ".join(claim.split())).strip(" ,.;:—-")
    return claim[:1].upper() + claim[1:]
