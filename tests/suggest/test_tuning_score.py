"""The shared scorer's matching over the tuning set: articles written for this package, on which
the first engine was tuned. The engine is developed on real news now (../shared/eval/news-dev);
this set stays as a regression check, its floor the figure the spaCy engine reached."""

import importlib.util
import json
from pathlib import Path

import pytest

from claims.suggest import extract

HERE = Path(__file__).resolve().parent
SCORER = Path(__file__).resolve().parents[3] / "shared" / "eval" / "score_attributions.py"


def load_scorer():
    if not SCORER.is_file():
        pytest.skip(
            f"scorer not found at {SCORER}: the shared/ folder is not beside the repository"
        )
    spec = importlib.util.spec_from_file_location("score_attributions", SCORER)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_it_keeps_its_f1_on_the_tuning_articles():
    scorer = load_scorer()
    gold_all = json.loads((HERE / "tuning" / "gold.json").read_text(encoding="utf-8"))
    matched = suggested = expected = 0
    for name, gold in gold_all.items():
        text = (HERE / "tuning" / name).read_text(encoding="utf-8")
        suggestions = [s.as_json() for s in extract(text)]
        matched += scorer.match(text, gold, suggestions)
        suggested += len(suggestions)
        expected += len(gold)
    precision, recall = matched / suggested, matched / expected
    f1 = 2 * precision * recall / (precision + recall)
    assert f1 >= 0.70, f"F1 {f1:.3f} (P {precision:.3f}, R {recall:.3f})"
