"""One statement is recorded once: the same actor, stance, claim and passage a second time is
refused with a link to the first, in the pages (409) and the API (409)."""

import pytest

from claims.models import Attribution, ReviewState
from claims.services import attribution_create
from tests.factories import make_article, make_attribution

pytestmark = pytest.mark.django_db

QUOTE = "the ferry sank after hitting rocks"


def _post(client, article, attribution, **extra):
    start = article.text.index(QUOTE)
    data = {
        "start": start,
        "end": start + len(QUOTE),
        "quote": QUOTE,
        "actor_id": attribution.actor_id,
        "actor_name": attribution.actor.name,
        "claim_id": attribution.claim_id,
        "claim_statement": attribution.claim.statement,
        "stance": "asserts",
        **extra,
    }
    return client.post(f"/articles/{article.pk}/attributions/", data, HTTP_HX_REQUEST="true")


def test_the_page_refuses_a_second_record_of_the_same_statement(analyst_client):
    first = make_attribution(quote=QUOTE)
    response = _post(analyst_client, first.article, first)
    assert response.status_code == 409
    body = response.content.decode()
    assert "recorded already" in body
    assert f'href="/articles/{first.article_id}/#attribution-{first.pk}"' in body
    assert Attribution.objects.count() == 1


def test_another_stance_or_passage_is_a_record_of_its_own(analyst_client):
    first = make_attribution(quote=QUOTE)
    assert _post(analyst_client, first.article, first, stance="denies").status_code == 200
    other = make_article()
    assert _post(analyst_client, other, first).status_code == 200
    assert Attribution.objects.count() == 3


def test_the_api_answers_409_naming_the_first(analyst_api):
    first = make_attribution(quote=QUOTE)
    payload = {
        "article": first.article_id,
        "actor": first.actor_id,
        "claim": first.claim_id,
        "stance": "asserts",
        "quote": QUOTE,
    }
    response = analyst_api.post("/api/v1/attributions/", payload, format="json")
    assert response.status_code == 409, response.content
    assert response.json()["existing"] == first.pk
    assert response.json()["existing_url"] == f"/api/v1/attributions/{first.pk}"
    assert Attribution.objects.count() == 1


def test_confirming_a_suggestion_that_repeats_a_record_is_refused(analyst, analyst_client):
    first = make_attribution(quote=QUOTE)
    suggestion = attribution_create(
        article=first.article,
        actor=first.actor,
        claim=first.claim,
        stance="asserts",
        quote=QUOTE,
        review_state=ReviewState.SUGGESTED,
        origin="machine",
        rule="said-that",
    )
    response = analyst_client.post(
        f"/suggestions/{suggestion.pk}/review/",
        {"decision": "confirmed", "version": suggestion.version},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 409
    suggestion.refresh_from_db()
    assert suggestion.review_state == ReviewState.SUGGESTED


def test_an_edit_that_would_repeat_a_record_is_refused(analyst, analyst_api):
    first = make_attribution(quote=QUOTE, user=analyst)
    second = make_attribution(
        article=first.article,
        actor=first.actor,
        claim=first.claim,
        stance="denies",
        quote=QUOTE,
        user=analyst,
    )
    response = analyst_api.patch(
        f"/api/v1/attributions/{second.pk}/", {"stance": "asserts"}, format="json"
    )
    assert response.status_code == 409 and response.json()["existing"] == first.pk
    second.refresh_from_db()
    assert second.stance == "denies"
