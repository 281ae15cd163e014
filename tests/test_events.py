"""The tracker's events (core.events): each change that people and systems follow is announced
once, inside the transaction that made it, with a payload built only when someone reads it."""

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction

from claims.models import Attribution, Origin, ReviewState
from claims.services import attribution_create, attribution_review, claim_update, evidence_create
from core import periodic
from core.events import EVENT_TYPES, Event, events_happened
from tests.factories import make_actor, make_article, make_claim


@pytest.fixture
def heard():
    """The events announced while the test runs, and whether each came inside a transaction."""
    got = []

    def listen(sender, events, **kwargs):
        for event in events:
            got.append((event, transaction.get_connection().in_atomic_block))

    events_happened.connect(listen, dispatch_uid="test-events")
    yield got
    events_happened.disconnect(dispatch_uid="test-events")


def test_an_unknown_event_type_is_refused():
    with pytest.raises(ValueError, match="Unknown event type"):
        Event("claim.deleted", dict)


@pytest.mark.django_db
def test_an_import_announces_each_new_article_and_a_repeat_announces_nothing(heard):
    article = make_article(outlet="Harbour Gazette")
    assert [e.type for e, _ in heard] == ["article.imported"]
    event, in_transaction = heard[0]
    assert in_transaction
    assert event.data["article"]["id"] == article.pk
    assert event.data["article"]["outlet"] == "Harbour Gazette"
    assert event.data["article"]["link"] == f"/articles/{article.pk}/"
    from articles.services import article_import

    again = article_import(text=article.text, suggest=False)
    assert not again.created
    assert len(heard) == 1


@pytest.mark.django_db
def test_an_analysts_attribution_is_announced_as_confirmed(heard, analyst):
    article = make_article()
    heard.clear()
    attribution = attribution_create(
        article=article,
        actor=make_actor("Mara Lind"),
        claim=make_claim("The crew ignored storm warnings"),
        stance="denies",
        quote="The operator denied that the crew had ignored storm warnings.",
        user=analyst,
    )
    [(event, in_transaction)] = heard
    assert in_transaction
    assert event.type == "attribution.confirmed"
    data = event.data["attribution"]
    assert data["id"] == attribution.pk
    assert data["stance"] == "denies"
    assert data["actor"]["name"] == "Mara Lind"
    assert data["claim"]["statement"] == "The crew ignored storm warnings"
    assert data["passage"]["exact"].startswith("The operator denied")
    assert data["passage"]["link"] == f"/articles/{article.pk}/#attribution-{attribution.pk}"
    assert data["confirmed_by"] == analyst.username


@pytest.mark.django_db
def test_a_suggestion_is_announced_when_confirmed_not_when_made_or_rejected(heard, analyst):
    article = make_article()

    def suggestion():
        return attribution_create(
            article=article,
            proposed_actor="Harbour officials",
            proposed_claim="The ferry hit rocks",
            stance="asserts",
            quote="the ferry sank after hitting rocks",
            review_state=ReviewState.SUGGESTED,
            origin=Origin.MACHINE,
        )

    heard.clear()
    rejected = suggestion()
    attribution_review(attribution=rejected, decision=ReviewState.REJECTED, user=analyst)
    assert heard == []
    accepted = suggestion()
    attribution_review(attribution=accepted, decision=ReviewState.CONFIRMED, user=analyst)
    [(event, _)] = heard
    assert event.type == "attribution.confirmed"
    assert event.data["attribution"]["actor"]["name"] == "Harbour officials"
    assert Attribution.objects.get(pk=accepted.pk).review_state == ReviewState.CONFIRMED


@pytest.mark.django_db
def test_evidence_and_a_status_change_are_announced(heard, curator):
    article = make_article()
    claim = make_claim("The ferry hit rocks")
    heard.clear()
    evidence_create(article=article, claim=claim, relation="supports", whole_article=True)
    claim_update(claim=claim, expected_version=claim.version, changes={"notes": "x"}, user=curator)
    claim.refresh_from_db()
    claim_update(
        claim=claim, expected_version=claim.version, changes={"status": "contested"}, user=curator
    )
    assert [e.type for e, _ in heard] == ["evidence.created", "claim.status_changed"]
    assert heard[0][0].data["evidence"]["passage"] is None
    assert heard[1][0].data["claim"]["status"] == "contested"
    assert heard[1][0].data["claim"]["old_status"] == claim.status


@pytest.mark.django_db
def test_nothing_is_announced_for_a_change_that_is_refused(heard):
    article = make_article()
    heard.clear()
    with pytest.raises(ValidationError):
        attribution_create(
            article=article,
            actor_name="Mara Lind",
            claim_statement="The ferry hit rocks",
            stance="asserts",
            quote="words that are not in the article",
        )
    assert heard == []


def test_every_event_type_is_described():
    assert set(EVENT_TYPES) == {
        "article.imported",
        "attribution.confirmed",
        "evidence.created",
        "claim.status_changed",
    }
    assert all(description.endswith(".") for description in EVENT_TYPES.values())


def test_periodic_jobs_run_when_due_and_a_failing_one_stops_no_other(monkeypatch):
    monkeypatch.setattr(periodic, "_jobs", {})
    ran = []
    periodic.register("often", 5, lambda: ran.append("often"))
    periodic.register("broken", 5, lambda: 1 / 0)
    periodic.register("rarely", 60, lambda: ran.append("rarely"))
    assert periodic.run_due(now=100) == ["often", "broken", "rarely"]
    assert periodic.run_due(now=103) == []
    assert periodic.run_due(now=106) == ["often", "broken"]
    assert ran == ["often", "rarely", "often"]
    assert periodic.tick_seconds() == 5
