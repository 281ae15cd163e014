"""Scoring suggestions rule by rule, on short texts and gold sets written for these tests."""

import importlib.util
import json
import random
import re
import subprocess
import sys
from pathlib import Path

import pytest

from suggest.evaluate import (
    EvaluationError,
    actor_matches,
    matching,
    parse_only,
    score,
)

ROOT = Path(__file__).resolve().parents[2]
SCORER = Path(__file__).resolve().parents[3] / "shared" / "eval" / "score_attributions.py"

BRIDGE = (
    "The Ashdown council said the old river bridge will reopen in May and the tolls will be "
    "scrapped. Its leader, Priya Okafor, denied that the repairs had gone over budget."
)
FERRY = "The ferry company said the crossing was safe. The union said nothing had changed."


def sug(text, quote, actor, stance="asserts", rule="said-that"):
    """A suggestion as the engine's as_json() gives it, its span found in the text."""
    start = text.index(quote)
    return {
        "actor": actor,
        "stance": stance,
        "quote": quote,
        "start": start,
        "end": start + len(quote),
        "rule": rule,
    }


def item(actors, anchor, stance="asserts"):
    return {"actors": actors, "stance": stance, "anchor": anchor}


def fake(table):
    """A suggest callable returning the hand-made suggestions listed for each text."""
    return lambda text: table[text]


# --- per-rule counts -------------------------------------------------------------------------


def test_it_counts_per_rule_fired_matched_precision_and_unique():
    gold = {
        "a.txt": [
            item(["council", "Ashdown council"], "bridge will reopen in May"),
            item(["Priya Okafor", "Okafor"], "repairs had gone over budget", "denies"),
        ],
        "b.txt": [
            item(["ferry company"], "the crossing was safe"),
            item(["union"], "nothing had changed"),
        ],
    }
    articles = {"a.txt": BRIDGE, "b.txt": FERRY}
    suggestions = {
        BRIDGE: [
            sug(BRIDGE, "the old river bridge will reopen in May", "Ashdown council"),
            sug(BRIDGE, "the repairs had gone over budget", "Priya Okafor", "denies", "denied"),
            # a second rule suggesting the same denial: neither rule is needed for it alone
            sug(BRIDGE, "the repairs had gone over budget", "Okafor", "denies", "participle"),
            sug(BRIDGE, "the tolls will be scrapped", "Ashdown council"),  # not in the gold
        ],
        FERRY: [
            sug(FERRY, "the crossing was safe", "The ferry company"),
            sug(FERRY, "nothing had changed", "The union", "denies", "denied"),  # wrong stance
        ],
    }
    report = score(gold, articles, fake(suggestions))

    assert (report.matched, report.suggested, report.gold) == (3, 6, 4)
    assert report.totals_line() == "F1 0.600 P 0.500 R 0.750 (3 matched, 6 suggested, 4 gold)"
    assert [(f.name, f.matched, f.suggested, f.gold) for f in report.files] == [
        ("a.txt", 2, 4, 2),
        ("b.txt", 1, 2, 2),
    ]
    rows = {r.rule: (r.fired, r.matched, round(r.precision, 3), r.unique) for r in report.rules}
    assert rows == {
        "said-that": (3, 2, 0.667, 2),
        "denied": (2, 1, 0.5, 0),
        "participle": (1, 0, 0.0, 0),
    }
    assert [r.rule for r in report.rules] == ["said-that", "denied", "participle"]
    wrong = sorted((fp.file, fp.rule, fp.quote) for fp in report.false_positives)
    assert wrong == [
        ("a.txt", "participle", "the repairs had gone over budget"),
        ("a.txt", "said-that", "the tolls will be scrapped"),
        ("b.txt", "denied", "nothing had changed"),
    ]


def test_unique_is_what_dropping_the_rule_loses():
    """Rule wide's one suggestion can match both items, rule narrow's only the first: the
    matching needs both, so dropping either loses an item."""
    gold = {
        "a.txt": [
            item(["council"], "bridge will reopen in May"),
            item(["council"], "tolls will be scrapped"),
        ]
    }
    whole = "the old river bridge will reopen in May and the tolls will be scrapped"
    suggestions = [
        sug(BRIDGE, whole, "Ashdown council", rule="wide"),
        sug(BRIDGE, "the old river bridge will reopen in May", "Ashdown council", rule="narrow"),
    ]
    report = score(gold, {"a.txt": BRIDGE}, lambda text: suggestions)
    assert report.matched == 2
    assert {r.rule: r.unique for r in report.rules} == {"wide": 1, "narrow": 1}


# --- the matching ----------------------------------------------------------------------------


def test_a_suggestion_matches_at_most_one_gold_item():
    gold = [
        item(["council"], "bridge will reopen in May"),
        item(["council"], "tolls will be scrapped"),
    ]
    whole = "the old river bridge will reopen in May and the tolls will be scrapped"
    assert matching(BRIDGE, gold, [sug(BRIDGE, whole, "Ashdown council")]) in ({0: 0}, {1: 0})


def test_maximum_matching_beats_either_greedy_order():
    """Suggestion 0 can match both items, suggestion 1 only the first. Greedy by gold item
    (item 0 takes suggestion 0) or by suggestion (suggestion 0 takes item 0) matches one;
    the maximum matching pairs item 0 with suggestion 1 and item 1 with suggestion 0."""
    gold = [
        item(["council"], "bridge will reopen in May"),
        item(["council"], "tolls will be scrapped"),
    ]
    whole = "the old river bridge will reopen in May and the tolls will be scrapped"
    sugs = [
        sug(BRIDGE, whole, "Ashdown council"),
        sug(BRIDGE, "the old river bridge will reopen in May", "Ashdown council"),
    ]
    assert matching(BRIDGE, gold, sugs) == {0: 1, 1: 0}


def test_any_stance_takes_either_stance_and_a_set_stance_only_its_own():
    gold_any = [item(["Okafor"], "repairs had gone over budget", "any")]
    gold_denies = [item(["Okafor"], "repairs had gone over budget", "denies")]
    for stance in ("asserts", "denies"):
        s = sug(BRIDGE, "the repairs had gone over budget", "Priya Okafor", stance)
        assert len(matching(BRIDGE, gold_any, [s])) == 1
        assert len(matching(BRIDGE, gold_denies, [s])) == (stance == "denies")


def test_an_alias_matches_whole_words_only():
    assert actor_matches(["Lee"], "Mayor Lee of Ashdown")
    assert actor_matches(["Lee"], "Lee")
    assert not actor_matches(["Lee"], "Leeds United")
    assert not actor_matches(["Lee"], "Ashdown Leeward Trust")
    text = "Leeds United said the stadium would be sold."
    s = sug(text, "the stadium would be sold", "Leeds United")
    assert matching(text, [item(["Lee"], "stadium would be sold")], [s]) == {}


def test_curly_apostrophes_and_spacing_are_normalised():
    assert actor_matches(["O'Hara"], "Niamh O’Hara")
    assert actor_matches(["Niamh  O’Hara"], "niamh o'hara")
    # With no usable span, the anchor must occur in the quote, after normalising both.
    text = "Ms O’Hara said: “We don’t close libraries.”"
    s = {"actor": "O’Hara", "stance": "asserts", "quote": "We don’t  close libraries"}
    assert len(matching(text, [item(["O'Hara"], "We don't close libraries")], [s])) == 1


def test_the_anchor_may_lie_anywhere_the_span_overlaps():
    gold = [item(["union"], "nothing had changed")]
    overlapping = sug(FERRY, "The union said nothing", "union")  # overlaps the anchor's start
    beside = sug(FERRY, "The union said", "union")  # touches it, no overlap
    assert len(matching(FERRY, gold, [overlapping])) == 1
    assert matching(FERRY, gold, [beside]) == {}


# --- misses ----------------------------------------------------------------------------------


def test_a_miss_says_which_suggestion_came_close_and_why_it_failed():
    gold = {
        "b.txt": [
            item(["ferry company"], "the crossing was safe", "denies"),
            item(["union"], "nothing had changed"),
            item(["coastguard"], "crossing"),  # only the ferry company's span overlaps it
        ]
    }
    suggestions = [
        sug(FERRY, "the crossing was safe", "The ferry company", "asserts", "said-that"),
        sug(FERRY, "nothing had changed", "The harbour master", "asserts", "said-trailing"),
    ]
    report = score(gold, {"b.txt": FERRY}, lambda text: suggestions)
    assert report.matched == 0
    misses = {m.anchor: m for m in report.misses}
    assert len(misses) == 3

    stance = misses["the crossing was safe"]
    assert (stance.file, stance.index, stance.stance, stance.actors) == (
        "b.txt",
        0,
        "denies",
        ["ferry company"],
    )
    assert [(n.actor, n.stance, n.rule, n.reasons) for n in stance.near] == [
        ("The ferry company", "asserts", "said-that", ["stance"])
    ]
    actor = misses["nothing had changed"]
    assert [(n.actor, n.rule, n.reasons) for n in actor.near] == [
        ("The harbour master", "said-trailing", ["actor"])
    ]
    both = misses["crossing"]
    assert [n.reasons for n in both.near] == [["actor"]]


def test_a_miss_notes_a_suggestion_taken_by_another_item_and_an_anchor_not_in_the_text():
    gold = {
        "a.txt": [
            item(["council"], "bridge will reopen in May"),
            item(["council"], "tolls will be scrapped"),
            item(["council"], "a sentence the article does not have"),
        ]
    }
    whole = "the old river bridge will reopen in May and the tolls will be scrapped"
    report = score(gold, {"a.txt": BRIDGE}, lambda text: [sug(BRIDGE, whole, "council")])
    assert report.matched == 1
    taken = next(m for m in report.misses if m.anchor_in_text)
    assert [n.reasons for n in taken.near] == [["taken"]]
    assert taken.near[0].taken_by == "bridge will reopen in May"
    absent = next(m for m in report.misses if not m.anchor_in_text)
    assert absent.near == []


def test_an_article_missing_from_the_texts_is_an_error():
    with pytest.raises(EvaluationError):
        score({"a.txt": []}, {}, lambda text: [])


# --- --only ----------------------------------------------------------------------------------

NAMES = ["d01.txt", "d02.txt", "d09.txt", "d10.txt", "d16.txt", "d17.txt", "e03.txt", "x-1.txt"]


def test_only_takes_a_range_of_stems():
    assert parse_only("d01-d16", NAMES) == ["d01.txt", "d02.txt", "d09.txt", "d10.txt", "d16.txt"]
    assert parse_only("d2-d10", NAMES) == ["d02.txt", "d09.txt", "d10.txt"]
    assert parse_only("d17-d40", NAMES) == ["d17.txt"]


def test_only_takes_a_comma_list_of_names_or_stems_and_ranges():
    assert parse_only("d17.txt,d02.txt", NAMES) == ["d02.txt", "d17.txt"]
    assert parse_only("d17, d02", NAMES) == ["d02.txt", "d17.txt"]
    assert parse_only("d01-d02,e03", NAMES) == ["d01.txt", "d02.txt", "e03.txt"]
    assert parse_only("x-1", NAMES) == ["x-1.txt"]  # a name wins over a range


@pytest.mark.parametrize("spec", ["d18.txt", "d20-d30", "d16-d01", "d01-e03", "d01-", ","])
def test_only_refuses_what_selects_nothing(spec):
    with pytest.raises(EvaluationError):
        parse_only(spec, NAMES)


# --- agreement with the shared scorer --------------------------------------------------------


def load_scorer():
    if not SCORER.is_file():
        pytest.skip(
            f"shared scorer not found at {SCORER}: the shared/ folder is not beside the "
            "repository, so agreement with it cannot be checked"
        )
    spec = importlib.util.spec_from_file_location("score_attributions", SCORER)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_it_counts_the_same_matches_as_the_shared_scorer():
    scorer = load_scorer()
    whole = "the old river bridge will reopen in May and the tolls will be scrapped"
    two = [
        item(["council"], "bridge will reopen in May"),
        item(["council"], "tolls will be scrapped"),
    ]
    cases = [
        (BRIDGE, two, [sug(BRIDGE, whole, "Ashdown council")]),
        (
            BRIDGE,
            two,
            [sug(BRIDGE, whole, "council"), sug(BRIDGE, "old river bridge", "council")],
        ),
        (
            BRIDGE,
            [item(["Okafor"], "repairs had gone over budget", "any")],
            [sug(BRIDGE, "the repairs had gone over budget", "Priya Okafor", "asserts")],
        ),
        (
            FERRY,
            [item(["Lee"], "crossing was safe")],
            [sug(FERRY, "the crossing was safe", "Leeds ferry company")],
        ),
        (
            "Ms O’Hara said: “We don’t close libraries.”",
            [item(["O'Hara"], "We don't close libraries")],
            [{"actor": "O’Hara", "stance": "asserts", "quote": "We don’t close libraries"}],
        ),
    ]
    for text, gold, sugs in cases:
        assert len(matching(text, gold, sugs)) == scorer.match(text, gold, sugs)

    # Random suggestions over the same texts: spans, actors and stances drawn at random.
    rng = random.Random(20240518)
    actors = ["council", "Ashdown council", "Okafor", "Priya Okafor", "union", "Leeds", "Lee"]
    anchors = {
        BRIDGE: ["bridge will reopen", "tolls will be scrapped", "over budget", "Okafor"],
        FERRY: ["crossing was safe", "nothing had changed", "said"],
    }
    for _ in range(300):
        text = rng.choice([BRIDGE, FERRY])
        gold = [
            item(rng.sample(actors, 2), rng.choice(anchors[text]), rng.choice(["asserts", "any"]))
            for _ in range(rng.randint(1, 5))
        ]
        sugs = []
        for _ in range(rng.randint(0, 6)):
            start = rng.randrange(len(text) - 1)
            end = rng.randint(start + 1, min(len(text), start + 60))
            sugs.append(
                {
                    "actor": rng.choice(actors),
                    "stance": rng.choice(["asserts", "denies"]),
                    "quote": text[start:end],
                    "start": start,
                    "end": end,
                }
            )
        assert len(matching(text, gold, sugs)) == scorer.match(text, gold, sugs)


# --- command line and manage.py --------------------------------------------------------------

TOTALS = re.compile(
    r"^F1 \d\.\d{3} P \d\.\d{3} R \d\.\d{3} \(\d+ matched, \d+ suggested, \d+ gold\)$", re.M
)


def write_gold_set(folder: Path) -> tuple[Path, Path]:
    articles = folder / "articles"
    articles.mkdir()
    (articles / "t01.txt").write_text(
        "Bridge to reopen, council says\n\n"
        "The Ashdown borough council said on Monday that the old river bridge would reopen in "
        "May. Its leader, Priya Okafor, denied that the repairs had gone over budget.\n\n"
        "“We have kept every promise we made,” Okafor told the Ashdown Courier.\n",
        encoding="utf-8",
    )
    (articles / "t02.txt").write_text(
        "Ferry crossing declared safe\n\n"
        "The Brackwell Ferry Company said on Friday that the crossing was safe for passengers.\n",
        encoding="utf-8",
    )
    gold = {
        "t01.txt": [
            item(["Ashdown borough council", "council"], "bridge would reopen in May"),
            item(["Priya Okafor", "Okafor"], "repairs had gone over budget", "denies"),
            item(["Priya Okafor", "Okafor"], "kept every promise we made"),
            item(["Ashdown Courier"], "a line nobody wrote"),
        ],
        "t02.txt": [item(["Brackwell Ferry Company"], "the crossing was safe")],
    }
    path = folder / "gold.json"
    path.write_text(json.dumps(gold), encoding="utf-8")
    return path, articles


def run_cli(*args):
    return subprocess.run(
        [sys.executable, "-m", "suggest.evaluate", *map(str, args)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_command_line_prints_files_totals_and_a_rule_table(tmp_path):
    gold, articles = write_gold_set(tmp_path)
    run = run_cli(gold, articles, "--misses")
    assert run.returncode == 0, run.stderr
    out = run.stdout
    lines = out.splitlines()
    assert re.match(r"t01\.txt: \d+ matched, \d+ suggested, 4 gold$", lines[0])
    assert re.match(r"t02\.txt: \d+ matched, \d+ suggested, 1 gold$", lines[1])
    assert TOTALS.match(lines[2]), lines[2]
    header = lines[4].split()
    assert header == ["rule", "fired", "matched", "precision", "unique"]
    rows = [line.split() for line in lines[5:] if line.strip()]
    fired = []
    for row in rows:
        if row[0].startswith("Missed"):
            break
        assert len(row) == 5 and 0 <= float(row[3]) <= 1
        fired.append(int(row[1]))
    assert fired and fired == sorted(fired, reverse=True)
    assert "Missed gold items" in out and "a line nobody wrote" in out


def test_the_command_line_scores_only_what_only_selects_and_prints_json(tmp_path):
    gold, articles = write_gold_set(tmp_path)
    run = run_cli(gold, articles, "--only", "t02", "--json")
    assert run.returncode == 0, run.stderr
    report = json.loads(run.stdout)
    assert [f["name"] for f in report["files"]] == ["t02.txt"]
    assert report["totals"] == {
        "matched": 1,
        "suggested": 1,
        "gold": 1,
        "precision": 1.0,
        "recall": 1.0,
        "f1": 1.0,
    }
    assert {"rule", "fired", "matched", "precision", "unique"} <= set(report["rules"][0])

    bad = run_cli(gold, articles, "--only", "t05-t09")
    assert bad.returncode == 2 and "no gold file" in bad.stderr


@pytest.mark.django_db
def test_manage_py_scores_through_the_database(tmp_path, capsys):
    from django.core.management import CommandError, call_command

    gold, articles = write_gold_set(tmp_path)
    call_command("score_suggestions", str(gold), str(articles), "--false-positives", "said-that")
    out = capsys.readouterr().out
    assert TOTALS.search(out)
    assert "rule" in out and "fired" in out and "unique" in out
    assert "False positives of said-that" in out
    with pytest.raises(CommandError):
        call_command("score_suggestions", str(gold), str(articles), "--only", "t99")
