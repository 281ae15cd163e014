"""The API enforces the services' rules and offers what the pages offer: names instead of ids."""

import pytest

from claims.models import Actor, Attribution, Claim, Evidence
from claims.services import attribution_create, claim_merge
from tests.factories import make_actor, make_article, make_claim

pytestmark = pytest.mark.django_db

QUOTE = "the ferry sank after hitting rocks"


@pytest.fixture
def merged():
    source, target = make_claim("The ferry hit rocks"), make_claim("The ferry struck a reef")
    claim_merge(source=source, target=target)
    return source, target


def test_it_refuses_an_attribution_on_a_merged_claim(analyst_api, merged):
    source, target = merged
    response = analyst_api.post(
        "/api/v1/attributions/",
        {
            "article": make_article().pk,
            "actor": make_actor().pk,
            "claim": source.pk,
            "stance": "asserts",
            "quote": QUOTE,
        },
        format="json",
    )
    assert response.status_code == 400
    assert f"merged into claim #{target.pk}" in response.json()["claim"][0]
    assert not Attribution.objects.exists()


def test_it_refuses_evidence_on_a_merged_claim(analyst_api, merged):
    source, target = merged
    response = analyst_api.post(
        "/api/v1/evidence/",
        {"article": make_article().pk, "claim": source.pk, "relation": "supports", "quote": QUOTE},
        format="json",
    )
    assert response.status_code == 400
    assert f"merged into claim #{target.pk}" in response.json()["claim"][0]
    assert not Evidence.objects.exists()


def test_it_records_an_attribution_naming_a_new_actor_and_claim(analyst_api, analyst):
    response = analyst_api.post(
        "/api/v1/attributions/",
        {
            "article": make_article().pk,
            "actor_name": "Harbour master",
            "claim_statement": "The ferry hit rocks",
            "stance": "asserts",
            "quote": QUOTE,
        },
        format="json",
    )
    assert response.status_code == 201
    body = response.json()
    assert (body["actor_name"], body["claim_statement"]) == (
        "Harbour master",
        "The ferry hit rocks",
    )
    actor, claim = Actor.objects.get(), Claim.objects.get()
    assert (actor.name, actor.created_by, claim.created_by) == ("Harbour master", analyst, analyst)
    assert (body["actor"], body["claim"]) == (actor.pk, claim.pk)


@pytest.mark.parametrize(
    "names, field",
    [
        ({"claim_statement": "The ferry hit rocks"}, "actor"),
        ({"actor_name": "Harbour master"}, "claim"),
        ({"actor_name": "   ", "claim_statement": "The ferry hit rocks"}, "actor"),
    ],
)
def test_it_asks_for_the_actor_and_the_claim(analyst_api, names, field):
    response = analyst_api.post(
        "/api/v1/attributions/",
        {"article": make_article().pk, "stance": "asserts", "quote": QUOTE, **names},
        format="json",
    )
    assert response.status_code == 400 and field in response.json()
    assert not Actor.objects.exists() and not Claim.objects.exists()


def test_it_refuses_both_an_actor_and_an_actor_name(analyst_api):
    response = analyst_api.post(
        "/api/v1/attributions/",
        {
            "article": make_article().pk,
            "actor": make_actor().pk,
            "actor_name": "Harbour master",
            "claim_statement": "The ferry hit rocks",
            "stance": "asserts",
            "quote": QUOTE,
        },
        format="json",
    )
    assert response.status_code == 400 and "actor" in response.json()
    assert not Claim.objects.exists()


def test_it_confirms_a_suggestion_with_edited_names(analyst_api):
    suggestion = attribution_create(
        article=make_article(),
        actor=None,
        claim=None,
        stance="asserts",
        quote=QUOTE,
        review_state="suggested",
        origin="machine",
        proposed_actor="Harbour officials",
        proposed_claim="The ferry sank",
    )
    response = analyst_api.post(
        f"/api/v1/suggestions/{suggestion.pk}/review/",
        {
            "decision": "confirmed",
            "actor_name": "Harbour master",
            "claim_statement": "The ferry hit rocks",
        },
        format="json",
    )
    assert response.status_code == 200
    body = response.json()
    assert (body["actor_name"], body["claim_statement"]) == (
        "Harbour master",
        "The ferry hit rocks",
    )
    assert not Actor.objects.filter(name="Harbour officials").exists()
    assert not Claim.objects.filter(statement="The ferry sank").exists()


def test_it_refuses_to_confirm_a_suggestion_on_a_merged_claim(analyst_api, merged):
    source, target = merged
    suggestion = attribution_create(
        article=make_article(),
        actor=make_actor(),
        claim=None,
        stance="asserts",
        quote=QUOTE,
        review_state="suggested",
        origin="machine",
        proposed_claim="The ferry sank",
    )
    response = analyst_api.post(
        f"/api/v1/suggestions/{suggestion.pk}/review/",
        {"decision": "confirmed", "claim": source.pk},
        format="json",
    )
    assert response.status_code == 400
    assert f"merged into claim #{target.pk}" in response.json()["claim"][0]


def test_the_schema_describes_the_names(analyst_api):
    schemas = analyst_api.get("/api/schema/?format=json").json()["components"]["schemas"]
    for name in ("AttributionWriteRequest", "SuggestionReviewRequest"):
        properties = schemas[name]["properties"]
        assert {"actor_name", "claim_statement"} <= set(properties), name
        assert properties["actor_name"].get("description"), name
    assert "actor" not in schemas["AttributionWriteRequest"].get("required", [])
