"""Which language a text is written in: suggestions are made for English text only."""

import random
import time

import pytest

from suggest.language import (
    SAMPLE_CHARS,
    LanguageGuess,
    detect_language,
    is_english,
    language_name,
    prose_sample,
)

# Sentences written for these tests: one short news paragraph in each language.
PARAGRAPHS = {
    "en": (
        "Harbour officials said on Monday that the ferry sank after striking rocks near the "
        "northern breakwater. The operator denied that its crew had ignored the storm warnings, "
        "and the transport minister promised an independent inquiry before the end of the month."
    ),
    "de": (
        "Hafenbeamte erklärten am Montag, die Fähre sei gesunken, nachdem sie vor dem nördlichen "
        "Wellenbrecher auf Felsen gelaufen war. Der Betreiber bestritt, dass die Besatzung die "
        "Sturmwarnungen missachtet habe, und der Verkehrsminister kündigte eine unabhängige "
        "Untersuchung an."
    ),
    "fr": (
        "Les responsables du port ont déclaré lundi que le ferry avait coulé après avoir heurté "
        "des rochers près de la digue nord. L'exploitant a nié que son équipage ait ignoré les "
        "avis de tempête, et le ministre des transports a promis une enquête indépendante."
    ),
    "es": (
        "Los funcionarios del puerto dijeron el lunes que el transbordador se hundió tras chocar "
        "contra unas rocas cerca del rompeolas norte. La empresa negó que su tripulación hubiera "
        "ignorado los avisos de tormenta, y el ministro de transportes prometió una investigación."
    ),
    "ru": (
        "Сотрудники порта заявили в понедельник, что паром затонул, налетев на скалы у северного "
        "волнореза. Оператор отрицает, что экипаж проигнорировал штормовые предупреждения, а "
        "министр транспорта пообещал провести независимое расследование."
    ),
    "zh": (
        "港口官员周一表示，渡轮在北防波堤附近撞上礁石后沉没。运营公司否认船员无视了风暴警告，"
        "交通部长承诺在月底前展开独立调查。"
    ),
    "ar": (
        "قال مسؤولو الميناء يوم الاثنين إن العبارة غرقت بعد اصطدامها بالصخور قرب حاجز الأمواج "
        "الشمالي. ونفت الشركة المشغلة أن يكون طاقمها قد تجاهل تحذيرات العاصفة، ووعد وزير النقل "
        "بإجراء تحقيق مستقل."
    ),
}


@pytest.mark.parametrize("code", sorted(PARAGRAPHS))
def test_it_tells_the_language_of_a_news_paragraph(code):
    guess = detect_language(PARAGRAPHS[code])
    assert isinstance(guess, LanguageGuess)
    assert guess.code == code
    assert 0.8 <= guess.confidence <= 1.0
    assert language_name(code) in guess.reason
    assert is_english(PARAGRAPHS[code]) is (code == "en")


def test_a_whole_article_is_judged_on_a_bounded_sample_of_its_prose():
    article = "\n\n".join([PARAGRAPHS["de"]] * 200)
    assert len(prose_sample(article)) <= SAMPLE_CHARS
    assert detect_language(article).code == "de"


def test_title_lines_figures_and_addresses_do_not_outvote_the_prose():
    article = (
        "BERLIN, 4 March 2024 — 14:05 CET\n"
        "https://example.org/nachrichten/2024/03/04/faehre\n"
        "| 2023 | 12,5 | 13,1 |\n\n"
        f"{PARAGRAPHS['de']}\n\n{PARAGRAPHS['de']}"
    )
    assert detect_language(article).code == "de"


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   \n\t  ",
        "12 345 678 90.12 -- 44 / 2024-05-08 +1 (555) 0100\n" * 40,
        "!!! ??? ... --- *** ### $$$ %%% ((( ))) [[[ ]]] {{{ }}}" * 10,
        "Report 12.",
        "\x00" * 500,
    ],
    ids=["empty", "spaces", "numbers", "punctuation", "very-short", "nul"],
)
def test_text_with_too_few_letters_is_undetermined_and_not_refused(text):
    guess = detect_language(text)
    assert guess.code == "und"
    assert guess.reason
    assert guess.is_english and is_english(text)


def test_binary_noise_is_undetermined_and_not_refused():
    noise = random.Random(11).randbytes(50_000).decode("utf-8", errors="replace")
    guess = detect_language(noise)
    assert guess.code == "und"
    assert is_english(noise)


def test_a_list_of_names_is_undetermined_rather_than_foreign():
    names = "Mara Lind, Jonas Berg, Ilse Varga, Tomas Novak, Petra Kallio, Anders Holm."
    assert detect_language(names).code in ("und", "en")
    assert is_english(names)


@pytest.mark.parametrize(
    "text",
    [
        PARAGRAPHS["en"] + "\x00\x01\x02" + PARAGRAPHS["en"],
        PARAGRAPHS["en"] + "\ud800\udfff\ud83d" + PARAGRAPHS["en"],
        "\ufffd\ufeff\u200b" * 300 + PARAGRAPHS["en"],
        PARAGRAPHS["en"].upper(),
    ],
    ids=["nul-and-controls", "lone-surrogates", "replacement-chars", "all-capitals"],
)
def test_odd_characters_do_not_break_detection(text):
    assert detect_language(text).code == "en"


def test_any_argument_gives_a_guess_rather_than_an_error():
    assert detect_language(None).code == "und"
    assert detect_language(PARAGRAPHS["de"].encode()).code == "de"
    assert detect_language(b"\xff\xfe\x00").code == "und"


def test_two_million_characters_take_no_longer_than_a_short_article():
    detect_language(PARAGRAPHS["en"])  # the model is loaded once per process
    huge = (PARAGRAPHS["es"] + "\n\n") * (2_000_000 // len(PARAGRAPHS["es"]))
    assert len(huge) >= 1_990_000
    started = time.perf_counter()
    assert detect_language(huge).code == "es"
    # Only the first 50,000 characters are ever scanned; a generous bound, not a benchmark.
    assert time.perf_counter() - started < 2.0


def test_language_names_for_messages():
    assert language_name("de") == "German"
    assert language_name("en-GB") == "English"
    assert language_name("und") == "undetermined"
    assert language_name("xx-unknown") == "xx-unknown"
