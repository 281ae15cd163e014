import pytest

from claims.models import Actor, Attribution, Claim
from claims.services import attribution_create
from tests.factories import make_actor, make_article, make_attribution, make_claim

pytestmark = pytest.mark.django_db


def _suggest(
    article, quote="Harbour officials said", actor="Harbour officials", claim="The ferry sank"
):
    return attribution_create(
        article=article,
        actor=None,
        claim=None,
        stance="asserts",
        quote=quote,
        review_state="suggested",
        origin="machine",
        proposed_actor=actor,
        proposed_claim=claim,
        rule="said-that",
        confidence=0.8,
    )


def test_it_lists_the_suggestions_of_an_article(viewer_api):
    article, other = make_article(), make_article()
    mine, _ = _suggest(article), _suggest(other)
    response = viewer_api.get(f"/api/v1/suggestions/?article={article.pk}")
    assert response.status_code == 200
    assert [
        (s["id"], s["actor_name"], s["claim_statement"]) for s in response.json()["results"]
    ] == [(mine.pk, "Harbour officials", "The ferry sank")]


def test_it_confirms_a_suggestion_creating_its_actor_and_claim(analyst_api, analyst):
    suggestion = _suggest(make_article())
    response = analyst_api.post(
        f"/api/v1/suggestions/{suggestion.pk}/review/",
        {"decision": "confirmed", "said_on": "2024-03-04"},
        format="json",
    )
    assert response.status_code == 200
    assert response.json()["review_state"] == "confirmed"
    attribution = Attribution.objects.get()
    assert (attribution.actor.name, attribution.claim.statement, str(attribution.said_on)) == (
        "Harbour officials",
        "The ferry sank",
        "2024-03-04",
    )
    assert attribution.reviewed_by == analyst
    # Reviewed, it leaves the queue.
    assert analyst_api.get("/api/v1/suggestions/").json()["results"] == []
    assert (
        analyst_api.post(
            f"/api/v1/suggestions/{suggestion.pk}/review/", {"decision": "rejected"}, format="json"
        ).status_code
        == 404
    )


def test_it_confirms_with_the_analysts_edits(analyst_api):
    suggestion = _suggest(make_article())
    actor, claim = make_actor("Port authority"), make_claim("The ferry hit rocks")
    response = analyst_api.post(
        f"/api/v1/suggestions/{suggestion.pk}/review/",
        {"decision": "confirmed", "actor": actor.pk, "claim": claim.pk, "stance": "denies"},
        format="json",
    )
    assert response.status_code == 200
    attribution = Attribution.objects.get()
    assert (attribution.actor, attribution.claim, attribution.stance) == (actor, claim, "denies")
    assert not Actor.objects.filter(name="Harbour officials").exists()


def test_it_rejects_a_suggestion_leaving_nothing_behind(analyst_api):
    suggestion = _suggest(make_article())
    response = analyst_api.post(
        f"/api/v1/suggestions/{suggestion.pk}/review/", {"decision": "rejected"}, format="json"
    )
    assert response.status_code == 200
    suggestion.refresh_from_db()
    assert (suggestion.review_state, suggestion.actor, suggestion.claim) == ("rejected", None, None)
    assert not Actor.objects.exists() and not Claim.objects.exists()


def test_it_refuses_reviews_to_a_viewer_and_stale_reviews(viewer_api, analyst_api):
    suggestion = _suggest(make_article())
    url = f"/api/v1/suggestions/{suggestion.pk}/review/"
    assert viewer_api.post(url, {"decision": "confirmed"}, format="json").status_code == 403
    assert analyst_api.post(url, {"decision": "maybe"}, format="json").status_code == 400
    stale = f'W/"attribution-{suggestion.pk}-0"'
    assert (
        analyst_api.post(
            url, {"decision": "confirmed"}, format="json", HTTP_IF_MATCH=stale
        ).status_code
        == 412
    )
    suggestion.refresh_from_db()
    assert suggestion.review_state == "suggested"


@pytest.mark.parametrize("decision", ["confirmed", "rejected"])
def test_it_refuses_to_review_a_confirmed_attribution(analyst_api, decision):
    attribution = make_attribution()
    response = analyst_api.post(
        f"/api/v1/suggestions/{attribution.pk}/review/",
        {"decision": decision, "stance": "denies"},
        format="json",
    )
    assert response.status_code == 404
    attribution.refresh_from_db()
    assert (attribution.review_state, attribution.stance, attribution.version) == (
        "confirmed",
        "asserts",
        1,
    )
