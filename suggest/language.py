"""Which language an article is written in, so that suggestions are made for English text only.

    from suggest.language import detect_language, is_english
    guess = detect_language(text)   # LanguageGuess(code="de", confidence=0.99, reason="...")
    is_english(text)                # False only when another language is clearly detected

The guess is py3langid's (langid.py's naive Bayes model over byte n-grams, 97 languages and a
few more labels, shipped inside the package: nothing is downloaded). It is made on a bounded
sample, the first ~5,000 characters of prose found in the first 50,000 characters, so a
2-million-character article costs no more than a 5,000-character one (well under a
millisecond once the model is loaded; loading it takes about 0.7 s and ~75 MB, once per
process, on first use).

A text too short or with too few letters to tell (numbers, punctuation, binary noise) is
"und" (undetermined), and so is one where no language stands out; undetermined text is not
treated as foreign: the engine then finds what it finds (usually nothing).

No Django here: the engine and the command-line tools can use it as they are.
"""

import logging
import re
import threading
from dataclasses import dataclass

logger = logging.getLogger(__name__)

UNDETERMINED = "und"
# Only the first SCAN_CHARS characters are looked at, and at most SAMPLE_CHARS of them classified.
SCAN_CHARS = 50_000
SAMPLE_CHARS = 5_000
# Fewer letters than this in the sample: too little to tell.
MIN_LETTERS = 20
# A language other than English is reported only at this probability or above; below it, the
# text is undetermined (and so not refused).
MIN_CONFIDENCE = 0.80
# A line is prose when letters make at least this share of its non-space characters.
PROSE_LETTER_SHARE = 0.5

# English names of the model's labels, for messages ("reads as German (de)").
LANGUAGE_NAMES = {
    "ace": "Acehnese",
    "af": "Afrikaans",
    "am": "Amharic",
    "an": "Aragonese",
    "ar": "Arabic",
    "ary": "Moroccan Arabic",
    "arz": "Egyptian Arabic",
    "as": "Assamese",
    "az": "Azerbaijani",
    "ba": "Bashkir",
    "bcl": "Central Bikol",
    "be": "Belarusian",
    "bg": "Bulgarian",
    "bn": "Bengali",
    "br": "Breton",
    "bs": "Bosnian",
    "ca": "Catalan",
    "crh": "Crimean Tatar",
    "cs": "Czech",
    "cy": "Welsh",
    "da": "Danish",
    "de": "German",
    "dz": "Dzongkha",
    "el": "Greek",
    "en": "English",
    "eo": "Esperanto",
    "es": "Spanish",
    "et": "Estonian",
    "eu": "Basque",
    "ext": "Extremaduran",
    "fa": "Persian",
    "fi": "Finnish",
    "fo": "Faroese",
    "fr": "French",
    "fuv": "Nigerian Fulfulde",
    "fy": "Western Frisian",
    "ga": "Irish",
    "gcf": "Guadeloupean Creole",
    "gcr": "Guianese Creole",
    "gd": "Scottish Gaelic",
    "gl": "Galician",
    "gom": "Goan Konkani",
    "grc": "Ancient Greek",
    "gu": "Gujarati",
    "gug": "Paraguayan Guarani",
    "guw": "Gun",
    "ha": "Hausa",
    "hbo": "Ancient Hebrew",
    "he": "Hebrew",
    "hi": "Hindi",
    "hr": "Croatian",
    "ht": "Haitian Creole",
    "hu": "Hungarian",
    "hy": "Armenian",
    "id": "Indonesian",
    "ig": "Igbo",
    "is": "Icelandic",
    "it": "Italian",
    "ja": "Japanese",
    "jv": "Javanese",
    "ka": "Georgian",
    "kab": "Kabyle",
    "kik": "Kikuyu",
    "kk": "Kazakh",
    "km": "Khmer",
    "kn": "Kannada",
    "ko": "Korean",
    "ku": "Kurdish",
    "ky": "Kyrgyz",
    "la": "Latin",
    "lb": "Luxembourgish",
    "lg": "Ganda",
    "lij": "Ligurian",
    "ln": "Lingala",
    "lo": "Lao",
    "lt": "Lithuanian",
    "ltg": "Latgalian",
    "lv": "Latvian",
    "mg": "Malagasy",
    "mk": "Macedonian",
    "ml": "Malayalam",
    "mn": "Mongolian",
    "mr": "Marathi",
    "ms": "Malay",
    "mt": "Maltese",
    "my": "Burmese",
    "ne": "Nepali",
    "nl": "Dutch",
    "nn": "Norwegian Nynorsk",
    "no": "Norwegian",
    "nso": "Northern Sotho",
    "oc": "Occitan",
    "om": "Oromo",
    "or": "Odia",
    "pa": "Punjabi",
    "pcm": "Nigerian Pidgin",
    "pl": "Polish",
    "ps": "Pashto",
    "pt": "Portuguese",
    "qu": "Quechua",
    "ro": "Romanian",
    "ru": "Russian",
    "rw": "Kinyarwanda",
    "sa": "Sanskrit",
    "sdh": "Southern Kurdish",
    "se": "Northern Sami",
    "si": "Sinhala",
    "sk": "Slovak",
    "sl": "Slovenian",
    "sn": "Shona",
    "so": "Somali",
    "sq": "Albanian",
    "sr": "Serbian",
    "st": "Southern Sotho",
    "sv": "Swedish",
    "sw": "Swahili",
    "ta": "Tamil",
    "te": "Telugu",
    "tg": "Tajik",
    "th": "Thai",
    "tk": "Turkmen",
    "tl": "Tagalog",
    "tr": "Turkish",
    "tt": "Tatar",
    "ug": "Uyghur",
    "uk": "Ukrainian",
    "ur": "Urdu",
    "uz": "Uzbek",
    "uzs": "Southern Uzbek",
    "vec": "Venetian",
    "vi": "Vietnamese",
    "vo": "Volapük",
    "wa": "Walloon",
    "wuu": "Wu Chinese",
    "xh": "Xhosa",
    "yo": "Yoruba",
    "yue": "Cantonese",
    "zh": "Chinese",
    "zu": "Zulu",
}
# The model's label for text with no linguistic content (random letters, code, tables).
_NO_LANGUAGE = "zxx"
# Close varieties the model tells apart share out one language's probability (a Chinese
# paragraph is zh 0.75, wuu 0.23): their probabilities are added up before the threshold.
_FAMILIES = (
    ("zh", "wuu", "yue"),
    ("ar", "ary", "arz"),
    ("he", "hbo"),
    ("el", "grc"),
    ("uz", "uzs"),
    ("ku", "sdh"),
    ("no", "nn"),
    ("hr", "bs", "sr"),
    ("id", "ms"),
)
_FAMILY_OF = {code: family[0] for family in _FAMILIES for code in family}


@dataclass(frozen=True)
class LanguageGuess:
    code: str  # ISO 639 code, or "und" when it cannot be told
    confidence: float  # the model's probability for `code` (0 when nothing was classified)
    reason: str  # one sentence a person can read: why this code
    letters: int = 0  # letters in the sample classified

    @property
    def name(self) -> str:
        return language_name(self.code)

    @property
    def undetermined(self) -> bool:
        return self.code == UNDETERMINED

    @property
    def is_english(self) -> bool:
        """False only when the text clearly reads as another language (undetermined is not)."""
        return self.code in (UNDETERMINED, "en")


def language_name(code: str) -> str:
    """The English name of a language code ("de" is German, "en-GB" English), else the code."""
    code = (code or "").strip()
    if not code or code.lower() == UNDETERMINED:
        return "undetermined"
    return LANGUAGE_NAMES.get(code.lower()) or LANGUAGE_NAMES.get(primary_subtag(code)) or code


def primary_subtag(code: str) -> str:
    """ "en" of "en-GB", "EN", "en_US"; the lowercased code up to its first - or _."""
    return re.split(r"[-_]", (code or "").strip().lower(), maxsplit=1)[0]


def code_is_english(code: str) -> bool:
    """Whether a stored or given language code means English ("en", "en-GB", "eng", "EN")."""
    return primary_subtag(code) in ("en", "eng", "english")


_lock = threading.Lock()
_identifier = None


def _model():
    """py3langid's identifier with probabilities, loaded once per process on first use."""
    global _identifier
    if _identifier is None:
        with _lock:
            if _identifier is None:
                from py3langid.langid import MODEL_FILE, LanguageIdentifier

                _identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    return _identifier


# Control characters (tab and line breaks aside), lone surrogates, the replacement character,
# private-use and noncharacters: none of them says anything about the language.
_NOISE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ue000-\uf8ff\ufdd0-\ufdef\ufff0-\uffff]+"
)
# Web and mail addresses read as no language (or as English, whatever the article's language).
_ADDRESS = re.compile(r"(?:https?://|www\.)\S+|\S+@\S+\.\w+", re.IGNORECASE)
_SPACE = re.compile(r"\s+")


def _letters(text: str) -> int:
    return sum(1 for ch in text if ch.isalpha())


def prose_sample(text: str, limit: int = SAMPLE_CHARS) -> str:
    """The first `limit` characters of prose in the text's first SCAN_CHARS characters:
    lines mostly of letters, with noise and web addresses taken out and spaces collapsed."""
    head = _ADDRESS.sub(" ", _NOISE.sub(" ", text[:SCAN_CHARS]))
    prose, other, size = [], [], 0
    for line in head.splitlines():
        line = _SPACE.sub(" ", line).strip()
        if not line:
            continue
        letters = _letters(line)
        if not letters:
            continue
        if letters >= PROSE_LETTER_SHARE * len(line.replace(" ", "")):
            prose.append(line)
            size += len(line) + 1
            if size >= limit:
                break
        else:
            other.append(line)
    sample = " ".join(prose)
    if _letters(sample) < MIN_LETTERS:
        # No line is mostly letters (a table, a list of figures): take what letters there are.
        sample = " ".join(prose + other)
    return sample[:limit]


def _as_text(text) -> str:
    if isinstance(text, str):
        return text
    if isinstance(text, bytes | bytearray | memoryview):
        return bytes(text).decode("utf-8", errors="replace")
    return "" if text is None else str(text)


def detect_language(text) -> LanguageGuess:
    """The language the text is written in, judged on its first ~5,000 characters of prose.

    Never raises for any str (nor for bytes or None): what cannot be told is "und".
    """
    text = _as_text(text)
    if not text.strip():
        return LanguageGuess(UNDETERMINED, 0.0, "There is no text.")
    sample = prose_sample(text)
    letters = _letters(sample)
    if letters < MIN_LETTERS:
        return LanguageGuess(
            UNDETERMINED,
            0.0,
            f"Too few letters to tell the language ({letters}; at least {MIN_LETTERS} are needed).",
            letters,
        )
    try:
        ranked = _model().rank(sample)
    except Exception:  # the model must never break an import; log it and carry on
        logger.exception("Language identification failed on a %d-character sample", len(sample))
        return LanguageGuess(UNDETERMINED, 0.0, "The language could not be identified.", letters)
    code, confidence = _best(ranked)
    if code == _NO_LANGUAGE:
        return LanguageGuess(UNDETERMINED, 0.0, "The letters do not read as any language.", letters)
    if code != "en" and confidence < MIN_CONFIDENCE:
        return LanguageGuess(
            UNDETERMINED,
            confidence,
            f"No language stands out (the likeliest, {language_name(code)} ({code}), "
            f"at {confidence:.2f}).",
            letters,
        )
    return LanguageGuess(
        code,
        confidence,
        f"The text reads as {language_name(code)} ({code}), with probability {confidence:.2f}.",
        letters,
    )


def _best(ranked: list[tuple[str, float]]) -> tuple[str, float]:
    """The likeliest language, with the probability of its family (best first in `ranked`)."""
    code = ranked[0][0]
    family = _FAMILY_OF.get(code)
    if family is None:
        return code, float(ranked[0][1])
    return code, min(1.0, sum(float(p) for c, p in ranked if _FAMILY_OF.get(c) == family))


def is_english(text, *, threshold: float = MIN_CONFIDENCE) -> bool:
    """Whether suggestions, which are made for English only, may be made for this text.

    False only when the text reads as another language with at least `threshold` probability;
    English, and text whose language cannot be told (too few letters, or no language standing
    out), are True: the engine then simply finds what it finds.
    """
    guess = detect_language(text)
    if guess.code in ("en", UNDETERMINED):
        return True
    return guess.confidence < threshold
