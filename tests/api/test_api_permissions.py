"""Who may read, who may write, what is refused: per endpoint and role (DESIGN.md's roles)."""

import pytest

from claims.models import Actor, Attribution, Claim, Evidence
from claims.services import attribution_create, evidence_create
from tests.factories import make_actor, make_article, make_attribution, make_claim

pytestmark = pytest.mark.django_db


def _records(owner):
    attribution = make_attribution(article=make_article(outlet="Reuters"), user=owner)
    evidence = evidence_create(
        article=attribution.article,
        claim=attribution.claim,
        relation="supports",
        quote="We followed every rule",
        user=owner,
    )
    suggestion = attribution_create(
        article=attribution.article,
        actor=None,
        claim=None,
        stance="asserts",
        review_state="suggested",
        origin="machine",
        proposed_actor="Harbour officials",
        proposed_claim="The ferry sank",
        quote="Harbour officials said",
    )
    return {"attribution": attribution, "evidence": evidence, "suggestion": suggestion}


@pytest.fixture
def records(analyst):
    """Recorded by the analyst: theirs to correct (claims.services.passage_check_hands)."""
    return _records(analyst)


def _reads(r):
    a = r["attribution"]
    return [
        "/api/v1/articles/",
        f"/api/v1/articles/{a.article_id}/",
        f"/api/v1/articles/{a.article_id}/annotations/",
        "/api/v1/outlets/",
        f"/api/v1/outlets/{a.article.outlet_id}/",
        "/api/v1/actors/",
        f"/api/v1/actors/{a.actor_id}/",
        "/api/v1/claims/",
        f"/api/v1/claims/{a.claim_id}/",
        f"/api/v1/claims/{a.claim_id}/claimreview/",
        "/api/v1/claims/claimreview/",
        "/api/v1/attributions/",
        f"/api/v1/attributions/{a.pk}/",
        f"/api/v1/attributions/{a.pk}/annotation/",
        "/api/v1/attributions/csv/",
        "/api/v1/evidence/",
        f"/api/v1/evidence/{r['evidence'].pk}/",
        f"/api/v1/evidence/{r['evidence'].pk}/annotation/",
        "/api/v1/suggestions/",
        f"/api/v1/suggestions/{r['suggestion'].pk}/",
        "/api/schema/",
    ]


def test_it_answers_401_without_credentials(api, records):
    for url in _reads(records):
        response = api.get(url)
        assert response.status_code == 401, url
        assert response["WWW-Authenticate"] == "Token"
    response = api.post("/api/v1/claims/", {"statement": "Anything"}, format="json")
    assert response.status_code == 401
    assert not Claim.objects.filter(statement="Anything").exists()


def test_it_answers_401_for_an_unknown_token(api, records):
    api.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")
    assert api.get("/api/v1/claims/").status_code == 401


def test_it_refuses_a_signed_in_user_without_a_role(outsider_api, records):
    for url in _reads(records)[:-1]:
        assert outsider_api.get(url).status_code == 403, url


def test_it_lets_every_role_read_everything(viewer_api, analyst_api, curator_api, records):
    for client in (viewer_api, analyst_api, curator_api):
        for url in _reads(records):
            assert client.get(url).status_code == 200, url


def test_it_lets_session_logins_read(viewer_client, records):
    response = viewer_client.get("/api/v1/claims/")
    assert response.status_code == 200
    assert response.json()["results"][0]["statement"] == records["attribution"].claim.statement


def _writes(r):
    """(method, url, body) for each kind of write an analyst may make."""
    a = r["attribution"]
    return [
        ("post", "/api/v1/articles/", {"title": "New", "text": "A new article's text."}),
        ("patch", f"/api/v1/articles/{a.article_id}/", {"title": "Renamed"}),
        ("post", "/api/v1/articles/bulk/", {"articles": [{"text": "Bulk text."}]}),
        ("post", "/api/v1/outlets/", {"name": "AP"}),
        ("patch", f"/api/v1/outlets/{a.article.outlet_id}/", {"domain": "reuters.com"}),
        ("post", "/api/v1/actors/", {"name": "Mara Lind"}),
        ("patch", f"/api/v1/actors/{a.actor_id}/", {"role": "spokesperson"}),
        ("post", "/api/v1/claims/", {"statement": "The crew ignored storm warnings"}),
        ("patch", f"/api/v1/claims/{a.claim_id}/", {"notes": "Checked."}),
        (
            "post",
            "/api/v1/attributions/",
            {
                "article": a.article_id,
                "claim": a.claim_id,
                "actor": a.actor_id,
                "stance": "denies",
                "quote": "ignored storm warnings",
            },
        ),
        ("patch", f"/api/v1/attributions/{a.pk}/", {"said_on": "2024-03-04"}),
        (
            "post",
            "/api/v1/evidence/",
            {
                "article": a.article_id,
                "claim": a.claim_id,
                "relation": "contradicts",
                "whole_article": True,
            },
        ),
        ("patch", f"/api/v1/evidence/{r['evidence'].pk}/", {"credibility": 2}),
        ("post", f"/api/v1/suggestions/{r['suggestion'].pk}/review/", {"decision": "rejected"}),
    ]


def test_it_refuses_every_write_to_a_viewer(viewer_api, records):
    before = (
        Attribution.objects.count(),
        Claim.objects.count(),
        Actor.objects.count(),
        Evidence.objects.count(),
    )
    for method, url, body in _writes(records):
        response = getattr(viewer_api, method)(url, body, format="json")
        assert response.status_code == 403, url
        assert "detail" in response.json()
    assert (
        Attribution.objects.count(),
        Claim.objects.count(),
        Actor.objects.count(),
        Evidence.objects.count(),
    ) == before


def test_it_lets_an_analyst_write(analyst_api, records):
    for method, url, body in _writes(records):
        response = getattr(analyst_api, method)(url, body, format="json")
        assert response.status_code in (200, 201), (url, response.json())
    records["suggestion"].refresh_from_db()
    assert records["suggestion"].review_state == "rejected"


def _deletes(r):
    return [
        f"/api/v1/evidence/{r['evidence'].pk}/",
        f"/api/v1/attributions/{r['suggestion'].pk}/",
        f"/api/v1/attributions/{r['attribution'].pk}/",
    ]


def test_it_refuses_an_analyst_deletes_of_what_others_recorded(analyst_api, curator):
    others = _records(curator)
    for url in _deletes(others) + [f"/api/v1/claims/{others['attribution'].claim_id}/"]:
        assert analyst_api.delete(url).status_code == 403, url
    assert Evidence.objects.filter(pk=others["evidence"].pk).exists()


def test_it_lets_an_analyst_delete_what_they_recorded(analyst_api, records):
    for url in _deletes(records)[0::2]:  # their evidence and attribution, not the suggestion
        assert analyst_api.delete(url).status_code == 204, url


def test_it_lets_a_curator_delete(curator_api, records):
    for url in _deletes(records):
        assert curator_api.delete(url).status_code == 204, url
    assert not Evidence.objects.exists()
    assert not Attribution.objects.exists()
    claim = records["attribution"].claim
    assert curator_api.delete(f"/api/v1/claims/{claim.pk}/").status_code == 204
    assert not Claim.objects.filter(pk=claim.pk).exists()


def test_it_refuses_to_delete_what_passages_point_at(curator_api, records):
    a = records["attribution"]
    for url in (
        f"/api/v1/claims/{a.claim_id}/",
        f"/api/v1/actors/{a.actor_id}/",
        f"/api/v1/articles/{a.article_id}/",
    ):
        response = curator_api.delete(url)
        assert response.status_code == 409, url
        assert "point at this record" in response.json()["detail"]
    assert curator_api.delete(f"/api/v1/claims/{a.claim_id}/").json()["protected"] == {
        "attributions": 1,
        "evidence": 1,
    }
    assert Claim.objects.filter(pk=a.claim_id).exists()


def test_it_lets_only_a_curator_set_a_claims_status(analyst_api, curator_api):
    claim = make_claim()
    response = analyst_api.patch(
        f"/api/v1/claims/{claim.pk}/", {"status": "refuted"}, format="json"
    )
    assert response.status_code == 403
    assert response.json() == {"detail": "Only a curator may set a claim's status."}
    response = analyst_api.post(
        "/api/v1/claims/", {"statement": "New one", "status": "corroborated"}, format="json"
    )
    assert response.status_code == 403
    assert not Claim.objects.filter(statement="New one").exists()
    claim.refresh_from_db()
    assert claim.status == "unverified"

    # Sending the status unchanged (a GET-modify-PUT round trip) is no attempt to set it.
    body = analyst_api.get(f"/api/v1/claims/{claim.pk}/").json()
    response = analyst_api.put(
        f"/api/v1/claims/{claim.pk}/", {**body, "notes": "Seen."}, format="json"
    )
    assert response.status_code == 200

    response = curator_api.patch(
        f"/api/v1/claims/{claim.pk}/", {"status": "refuted"}, format="json"
    )
    assert response.status_code == 200
    claim.refresh_from_db()
    assert claim.status == "refuted"


def test_it_lets_only_a_curator_grade_actors_and_outlets(analyst_api, curator_api):
    actor = make_actor()
    response = analyst_api.patch(f"/api/v1/actors/{actor.pk}/", {"reliability": "A"}, format="json")
    assert response.status_code == 403
    assert (
        analyst_api.post(
            "/api/v1/outlets/", {"name": "AP", "reliability": "B"}, format="json"
        ).status_code
        == 403
    )
    assert (
        curator_api.patch(
            f"/api/v1/actors/{actor.pk}/", {"reliability": "A"}, format="json"
        ).status_code
        == 200
    )
    actor.refresh_from_db()
    assert actor.reliability == "A"
    assert (
        curator_api.post(
            "/api/v1/outlets/", {"name": "AP", "reliability": "B"}, format="json"
        ).status_code
        == 201
    )


def test_it_lets_only_a_curator_merge_actors(analyst_api, curator_api):
    lavrov, typo = make_actor("Sergei Lavrov"), make_actor("Sergi Lavrov")
    make_attribution(actor=typo)
    url = f"/api/v1/actors/{typo.pk}/merge/"
    assert analyst_api.post(url, {"into": lavrov.pk}, format="json").status_code == 403
    response = curator_api.post(url, {"into": lavrov.pk}, format="json")
    assert response.status_code == 200
    assert response.json()["aliases"] == ["Sergi Lavrov"]
    assert not Actor.objects.filter(pk=typo.pk).exists()
    assert Attribution.objects.get().actor == lavrov
