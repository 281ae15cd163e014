"""An imported article's language, and why an article in it gets no machine suggestions."""

from suggest.language import UNDETERMINED, code_is_english, detect_language, language_name


def article_language(text: str, given: str = "") -> tuple[str, str]:
    """The language to store for an imported text, and the note to store with it saying why
    it gets no suggestions ("" when it gets them).

    A language the caller gives is kept; otherwise it is detected from the text ("und" when it
    cannot be told, which is not refused).
    """
    given = (given or "").strip()
    if given:
        return given, suggestion_note(given, given=True)
    guess = detect_language(text)
    return guess.code, suggestion_note(guess.code)


def suggestion_note(language: str, *, given: bool = False) -> str:
    """Why an article in this language gets no suggestions, or "" when it gets them: the one
    rule every import path (pages, API, background batches, commands) goes through."""
    if not language or language.lower() == UNDETERMINED or code_is_english(language):
        return ""
    how = "the article's language is given as" if given else "the text reads as"
    name = language_name(language)
    named = f"{name} ({language})" if name != language else language
    return f"No suggestions: {how} {named}, and suggestions are made for English only."
