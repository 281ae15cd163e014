"""Bad input never breaks the suggestion engine: whatever the text, `extract` returns a list
(possibly empty), never raises, and every suggestion's quote is text[start:end].

Each case runs `extract` in a child process (this file run as a script) with a deadline. The
deadline is a hang guard, not a speed assertion: it is generous (300 s) so that an engine caught
in a loop fails its test instead of freezing the whole suite; how long each case took is printed
(`pytest -s`) and kept in the test's report, not asserted.
"""

import datetime
import json
import random
import subprocess
import sys
import time
import traceback
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DEADLINE_SECONDS = 300

# A paragraph written for these tests, with the reporting structures the engine reads.
PARAGRAPH = (
    "Harbour officials said on Tuesday that the ferry Northern Light sank after striking rocks "
    "near the breakwater. The operator, Coastline Ferries, denied that its crew had ignored the "
    "storm warnings. “We followed every rule we have,” chief executive Mara Lind told reporters, "
    "according to the Island Courier. The transport minister, Jonas Berg, said an inquiry would "
    'report within a month. "Nobody will be blamed before the facts are known," he added.\n\n'
)


def _two_million_characters() -> str:
    return PARAGRAPH * (2_000_000 // len(PARAGRAPH) + 1)


def _random_bytes() -> str:
    return random.Random(20240508).randbytes(200 * 1024).decode("utf-8", errors="replace")


def _no_sentence_ends() -> str:
    words = (
        "officials said the ferry sank after striking rocks and the operator denied that "
        "its crew ignored warnings while the minister said an inquiry would follow "
    )
    text = ""
    while len(text) < 50_000:
        text += words
    return text[:50_000]


def _ten_thousand_quotation_marks() -> str:
    marks = ['"', "\u201c", "\u201d", "'", "\u2018", "\u2019", "\u201e", "\u00ab", "\u00bb"]
    rng = random.Random(7)
    words = ["said", "the", "minister", "denied", "it", "we", "will", "not", "Lind", "."]
    parts = []
    for n in range(10_000):
        parts.append(marks[n % len(marks)] if n % 3 else rng.choice(marks))
        if n % 4 == 0:
            parts.append(" ".join(rng.choice(words) for _ in range(rng.randint(0, 4))))
    return "".join(parts)


def _unbalanced_quotes() -> str:
    opened = "\u201cWe will not go back to the harbour, the minister said. " * 200
    closed = "The operator denied it.\u201d Officials said the port reopened.\u201d " * 200
    straight = 'Lind said "the crew did nothing wrong. Berg said " it sank. ' * 200
    return opened + closed + straight + "\u201c" + PARAGRAPH


def _right_to_left() -> str:
    arabic = (
        "قال مسؤولو الميناء يوم الثلاثاء إن العبارة غرقت بعد اصطدامها بالصخور. "
        "ونفت الشركة المشغلة أن يكون طاقمها قد تجاهل تحذيرات العاصفة. "
        "«لقد اتبعنا كل القواعد»، قالت المديرة التنفيذية. "
    )
    hebrew = (
        "פקידי הנמל אמרו ביום שלישי כי המעבורת טבעה לאחר שפגעה בסלעים. "
        "המפעילה הכחישה כי הצוות התעלם מאזהרות הסערה. "
        '\u201cפעלנו לפי כל הכללים\u201d, אמרה המנכ"לית. '
    )
    # Direction marks and overrides, and an English sentence inside right-to-left text.
    mixed = "\u202eThe minister said\u202c \u200fit sank\u200f, \u2067قال الوزير\u2069. "
    return (arabic + hebrew + mixed) * 60 + PARAGRAPH


def _cjk() -> str:
    chinese = "港口官员周二表示，渡轮在撞上礁石后沉没。运营公司否认船员无视风暴警告。“我们遵守了所有规定，”首席执行官说。"
    japanese = "港湾当局は火曜日、フェリーが岩に衝突して沈没したと発表した。「規則はすべて守った」と社長は述べた。"
    korean = "항만 당국은 화요일 여객선이 암초에 부딪혀 침몰했다고 밝혔다. 운영사는 이를 부인했다."
    return (chinese + japanese + korean) * 80 + PARAGRAPH


def _nul_characters() -> str:
    return "\x00".join(PARAGRAPH.split(" ")) * 20 + "\x00" * 1000 + PARAGRAPH


def _one_very_long_word() -> str:
    return "Harbour" + "o" * 200_000 + "said"


def _surrogates_and_controls() -> str:
    noise = "\ud800\udc00\udfff\ud83d\x01\x07\x1b\x7f\x85\u2028\u2029\ufeff\ufffe\uffff"
    return noise.join(PARAGRAPH.split(", ")) * 30


CASES = {
    "two-million-characters": _two_million_characters,
    "200KB-of-random-bytes": _random_bytes,
    "50000-characters-no-sentence-ends": _no_sentence_ends,
    "10000-quotation-marks": _ten_thousand_quotation_marks,
    "unbalanced-quotes": _unbalanced_quotes,
    "right-to-left": _right_to_left,
    "cjk": _cjk,
    "nul-characters": _nul_characters,
    "one-very-long-word": _one_very_long_word,
    "lone-surrogates-and-controls": _surrogates_and_controls,
}


def run_case(name: str) -> dict:
    """Build the case's text, run the engine on it and check what it returns (in the child)."""
    from suggest import KnownActor, KnownClaim, extract

    text = CASES[name]()
    actors = [
        KnownActor(1, "Mara Lind", ("Lind",)),
        KnownActor(2, "Coastline Ferries", (), kind="organisation"),
        KnownActor(3, "Jonas Berg", ("Berg",), role="transport minister"),
    ]
    claims = [KnownClaim(1, "The ferry sank after striking rocks near the breakwater")]
    started = time.perf_counter()
    suggestions = extract(
        text, published_on=datetime.date(2024, 5, 8), actors=actors, claims=claims
    )
    seconds = time.perf_counter() - started
    assert isinstance(suggestions, list), type(suggestions)
    for s in suggestions:
        assert 0 <= s.start < s.end <= len(text), (s.start, s.end, len(text))
        assert s.quote == text[s.start : s.end], (s.start, s.end)
    return {"characters": len(text), "suggestions": len(suggestions), "seconds": seconds}


@pytest.mark.parametrize("name", list(CASES))
def test_the_engine_survives_bad_input(name, record_property):
    started = time.perf_counter()
    try:
        child = subprocess.run(
            [sys.executable, __file__, name],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=DEADLINE_SECONDS,
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"extract() had not returned after {DEADLINE_SECONDS} s on {name}: a hang")
    assert child.returncode == 0, f"extract() failed on {name}:\n{child.stderr[-4000:]}"
    result = json.loads(child.stdout.strip().splitlines()[-1])
    record_property("extract_seconds", round(result["seconds"], 2))
    print(
        f"{name}: {result['characters']:,} characters, {result['suggestions']} suggestions, "
        f"extract {result['seconds']:.2f} s, child {time.perf_counter() - started:.2f} s"
    )


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    try:
        print(json.dumps(run_case(sys.argv[1])))
    except BaseException:
        traceback.print_exc()
        sys.exit(1)
