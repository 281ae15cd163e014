import json
import re
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import call_command

from articles.models import Article, ArticleBlock
from claims.models import Attribution, Evidence

GOLD = Path(__file__).resolve().parents[2] / "shared" / "eval" / "seeds_gold.json"
pytestmark = pytest.mark.django_db


def _norm(s: str) -> str:
    return re.sub(r"\s+", " ", s.replace("’", "'")).strip().lower()


def _snapshot() -> dict:
    """Every row of every tracker table, so a second load can be compared field by field."""
    tables = {}
    for model in [
        *apps.get_app_config("articles").get_models(),
        *apps.get_app_config("claims").get_models(),
    ]:
        tables[model._meta.label] = sorted(map(repr, model.objects.values_list()))
    return tables


def test_it_loads_the_three_seed_articles_with_their_annotations(seeded):
    assert Article.objects.count() == 3
    assert Attribution.objects.count() == 37
    assert Evidence.objects.count() == 3
    assert not Attribution.objects.exclude(review_state="confirmed").exists()


def test_it_changes_nothing_when_loaded_twice(seeded, capsys):
    before = _snapshot()
    call_command("load_seeds")
    assert "nothing changed" in capsys.readouterr().out
    assert _snapshot() == before


def test_it_keeps_the_seed_text_exactly_as_imported(seeded):
    folder = Path(__file__).resolve().parents[1] / "seeds"
    for path in sorted(folder.glob("*.txt")):
        assert Article.objects.filter(text=path.read_text(encoding="utf-8")).exists(), path.name


def test_it_marks_the_repeated_block_and_page_furniture(seeded):
    repeated = Article.objects.get(text__startswith=" date 2023-10-18")
    block = repeated.blocks.get(kind="repeated")
    # The page printed its whole body twice: the block is the second copy, word for word.
    copy = repeated.text[block.start : block.end]
    assert len(copy) > 2000
    assert repeated.text[block.original_start : block.original_start + len(copy)] == copy
    assert block.original_start < block.start
    furniture = ArticleBlock.objects.filter(kind="furniture").values_list(
        "article__text", "start", "end"
    )
    fragments = [text[start:end] for text, start, end in furniture]
    assert any("Related Articles" in f for f in fragments)
    assert any("Would you like to comment on this article?" in f for f in fragments)


def test_it_anchors_seed_passages_outside_the_repeated_copy(seeded):
    article = Article.objects.get(text__startswith=" date 2023-10-18")
    block = article.blocks.get(kind="repeated")
    assert not Attribution.objects.filter(article=article, start__gte=block.start).exists()


@pytest.mark.skipif(not GOLD.exists(), reason=f"the gold file {GOLD} is not beside the project")
def test_it_holds_every_gold_statement_with_its_actor_and_stance(seeded):
    gold = json.loads(GOLD.read_text())
    links = list(
        Attribution.objects.select_related("actor", "article").prefetch_related("actor__aliases")
    )
    missing = []
    for name, items in gold.items():
        text = (Path(__file__).resolve().parents[1] / "seeds" / name).read_text(encoding="utf-8")
        anchors_at = {item["anchor"]: text.index(item["anchor"]) for item in items}
        for item in items:
            a_start = anchors_at[item["anchor"]]
            a_end = a_start + len(item["anchor"])
            wanted = {_norm(a) for a in item["actors"]}
            found = [
                link
                for link in links
                if link.article.text == text
                and (item["stance"] == "any" or link.stance == item["stance"])
                and wanted
                & {_norm(link.actor.name), *(_norm(x.name) for x in link.actor.aliases.all())}
                and link.start < a_end
                and a_start < link.end
            ]
            if not found:
                missing.append((name, item["actors"][0], item["stance"], item["anchor"]))
    assert missing == []
