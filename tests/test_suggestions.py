"""Machine suggestions stored on import, reviewed by an analyst, printed by the command."""

import json
from pathlib import Path

import pytest
from django.core.management import call_command

from articles.models import Article
from articles.services import article_import
from claims.models import Actor, Attribution, Claim, Statement
from claims.services import attribution_review

pytestmark = pytest.mark.django_db
SEEDS = Path(__file__).resolve().parents[1] / "seeds"

STORY = (
    "Harbour fire blamed on faulty wiring\n\n"
    "Port officials said on Monday that faulty wiring started the fire that destroyed the ferry terminal. "
    "The terminal's operator, Northline Ferries, denied that its electricians had ignored safety warnings. "
    "“We have nothing to hide,” chief executive Mara Lind told reporters, according to the Coast Gazette."
)


def test_it_stores_suggestions_with_their_provenance_on_import():
    article = article_import(
        text=STORY, published_on=__import__("datetime").date(2024, 5, 8)
    ).article
    suggestions = Attribution.objects.filter(article=article)
    assert suggestions.exists()
    assert set(suggestions.values_list("review_state", "origin").distinct()) == {
        ("suggested", "machine")
    }
    for s in suggestions:
        assert article.text[s.start : s.end] == s.exact
        assert s.rule and 0 <= s.confidence <= 1
        assert s.actor_id or s.proposed_actor
        assert s.claim_id or s.proposed_claim
    denial = suggestions.get(stance="denies")
    assert "Northline" in denial.actor_name
    # Suggestions create no actors or claims until an analyst confirms one.
    assert not Actor.objects.exists() and not Claim.objects.exists()


def test_it_resolves_the_date_a_statement_was_made():
    import datetime

    article = article_import(text=STORY, published_on=datetime.date(2024, 5, 8)).article
    officials = Attribution.objects.filter(article=article, exact__contains="faulty wiring").first()
    assert officials is not None
    assert officials.said_on == datetime.date(2024, 5, 6)
    assert officials.said_on_text.lower() == "on monday"


def test_it_makes_the_named_actor_and_claim_when_a_suggestion_is_confirmed(analyst):
    article = article_import(text=STORY).article
    suggestion = Attribution.objects.filter(article=article, stance="denies").first()
    confirmed = attribution_review(attribution=suggestion, decision="confirmed", user=analyst)
    assert confirmed.review_state == "confirmed"
    assert confirmed.reviewed_by == analyst and confirmed.reviewed_at is not None
    assert confirmed.actor.name == suggestion.proposed_actor
    assert confirmed.claim.statement
    assert Statement.objects.filter(attributions=confirmed).exists()


def test_it_leaves_nothing_behind_when_a_suggestion_is_rejected(analyst):
    article = article_import(text=STORY).article
    suggestion = Attribution.objects.filter(article=article).first()
    rejected = attribution_review(attribution=suggestion, decision="rejected", user=analyst)
    assert rejected.review_state == "rejected" and rejected.reviewed_by == analyst
    assert (
        not Actor.objects.exists() and not Claim.objects.exists() and not Statement.objects.exists()
    )


def test_it_suggests_nothing_inside_a_repeated_block_or_furniture():
    text = (SEEDS / "003_2a3e1a2e15cc564d.txt").read_text(encoding="utf-8")
    article = article_import(text=text).article
    skipped = list(
        article.blocks.filter(kind__in=["repeated", "furniture"]).values_list("start", "end")
    )
    assert skipped
    for s in Attribution.objects.filter(article=article):
        assert not any(a < s.end and s.start < b for a, b in skipped), s.exact


def test_it_links_suggestions_to_known_actors_claims_and_the_relay(seeded):
    text = (SEEDS / "003_2a3e1a2e15cc564d.txt").read_text(encoding="utf-8")
    article = Article.objects.get(text=text)
    from claims.services import suggestions_create

    stored = suggestions_create(article=article)
    peskov = [
        s
        for s in stored
        if s.actor and s.actor.name == "Dmitry Peskov" and "any evidence" in s.exact
    ]
    assert peskov and peskov[0].via.name == "Tass"
    assert peskov[0].stance == "denies"


def test_it_prints_suggestions_for_files_without_saving(tmp_path, capsys):
    first, second = tmp_path / "a.txt", tmp_path / "b.txt"
    first.write_text(STORY, encoding="utf-8")
    second.write_text("No one said anything of note today.", encoding="utf-8")
    call_command("suggest_attributions", str(first), str(second), "--format", "json")
    lines = capsys.readouterr().out.strip().splitlines()
    assert len(lines) == 2
    items = json.loads(lines[0])
    assert items and json.loads(lines[1]) == []
    for item in items:
        assert {"actor", "stance", "quote", "start", "end", "said_on", "claim", "claim_id"} <= set(
            item
        )
        assert STORY[item["start"] : item["end"]] == item["quote"]
    assert not Article.objects.exists() and not Attribution.objects.exists()


def test_it_rebuilds_the_engines_indexes_only_when_actors_or_claims_change(
    django_assert_num_queries,
):
    from claims.models import ActorAlias
    from claims.suggest_db import actor_index, claim_index

    Claim.objects.create(statement="The ferry operator ignored storm warnings")
    first = claim_index()
    with django_assert_num_queries(1):
        assert claim_index() is first
    Claim.objects.create(statement="The harbour master closed the port")
    assert claim_index() is not first
    assert len(claim_index().claims) == 2

    actor = Actor.objects.create(name="Mara Lind")
    actors = actor_index()
    assert actor_index() is actors
    ActorAlias.objects.create(actor=actor, name="Lind")
    assert actor_index() is not actors


def test_a_headline_that_attributes_a_statement_is_suggested_on_import():
    text = (
        "Valdoria Denies Fuel Shortage In Northern Towns\n\n"
        "The energy ministry of Valdoria said on Monday that every depot was full.\n"
    )
    article = article_import(text=text).article
    assert article.blocks.filter(kind="title").exists()
    headline = Attribution.objects.get(article=article, start__lt=text.index("\n"))
    assert (headline.stance, headline.exact) == ("denies", "Fuel Shortage In Northern Towns")
    assert "Valdoria" in headline.actor_name


def test_the_engine_parses_with_the_pipeline_the_setting_names(settings):
    from suggest import pipeline

    assert pipeline.model_name() == settings.SUGGEST_SPACY_MODEL
    assert pipeline.nlp().meta["name"] in settings.SUGGEST_SPACY_MODEL
