"""The API writes names as the pages do (tests/test_names.py): hidden characters find the actor
a name reads as, a look-alike is a 400 until `confirm_confusable`, nothing invisible is stored."""

import pytest

from claims.models import Actor, ActorAlias, Attribution, Claim
from tests.factories import make_actor, make_article
from tests.test_names import LOOKALIKE, SAME_NAME

pytestmark = pytest.mark.django_db


def test_the_api_finds_the_actor_a_hidden_character_name_reads_as(analyst_api):
    mirela = make_actor("Mirela Kostova")
    for written in SAME_NAME.values():
        response = analyst_api.post("/api/v1/actors/", {"name": written}, format="json")
        assert response.status_code == 200 and response.json()["id"] == mirela.pk
    assert Actor.objects.count() == 1


def test_the_api_refuses_a_look_alike_actor_with_400_until_confirmed(analyst_api):
    mirela = make_actor("Mirela Kostova")
    response = analyst_api.post("/api/v1/actors/", {"name": LOOKALIKE}, format="json")
    assert response.status_code == 400
    assert f"actor #{mirela.pk}" in response.json()["name"][0]
    assert Actor.objects.count() == 1

    response = analyst_api.post(
        "/api/v1/actors/", {"name": LOOKALIKE, "confirm_confusable": True}, format="json"
    )
    assert response.status_code == 201 and response.json()["name"] == LOOKALIKE
    assert "confirm_confusable" not in response.json()


def test_the_api_refuses_a_look_alike_actor_named_in_an_attribution(analyst_api):
    make_actor("Mirela Kostova")
    article = make_article()
    body = {
        "article": article.pk,
        "actor_name": LOOKALIKE,
        "claim_statement": "The ferry was overloaded.",
        "stance": "asserts",
        "quote": "the ferry sank after hitting rocks",
    }
    response = analyst_api.post("/api/v1/attributions/", body, format="json")
    assert response.status_code == 400 and "looks like actor" in str(response.json())
    assert not Attribution.objects.exists() and not Claim.objects.exists()

    response = analyst_api.post(
        "/api/v1/attributions/", {**body, "confirm_confusable": True}, format="json"
    )
    assert response.status_code == 201
    assert Attribution.objects.get().actor.name == LOOKALIKE


def test_the_api_refuses_an_invisible_claim_and_an_alias_naming_another_actor(analyst_api):
    response = analyst_api.post("/api/v1/claims/", {"statement": "\u200b"}, format="json")
    assert response.status_code == 400 and "no visible characters" in str(response.json())
    assert not Claim.objects.exists()

    make_actor("Mirela Kostova")
    ivo = make_actor("Ivo Kostov")
    response = analyst_api.patch(
        f"/api/v1/actors/{ivo.pk}/", {"aliases": ["MIRELA kostova"]}, format="json"
    )
    assert response.status_code == 400 and "already names actor" in str(response.json())
    assert not ActorAlias.objects.exists()
