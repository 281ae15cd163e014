"""The tuning set: articles written for this package, on which the first engine was tuned. The
engine is developed on real news now (../shared/eval/news-dev); this set stays as a regression
check, its floor the figure the spaCy engine reached. It is scored with the project's own
matcher (suggest.evaluate), which test_evaluate.py holds to the shared scorer."""

import json
from pathlib import Path

from suggest import extract
from suggest.evaluate import score

HERE = Path(__file__).resolve().parent


def test_it_keeps_its_f1_on_the_tuning_articles():
    gold = json.loads((HERE / "tuning" / "gold.json").read_text(encoding="utf-8"))
    articles = {name: (HERE / "tuning" / name).read_text(encoding="utf-8") for name in gold}
    report = score(gold, articles, lambda text: [s.as_json() for s in extract(text)])
    assert report.f1 >= 0.70, report.totals_line()
