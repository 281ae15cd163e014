import pytest

from claims.models import Actor, Evidence
from tests.factories import TEXT, make_article, make_claim

pytestmark = pytest.mark.django_db

QUOTE = "the ferry sank after hitting rocks"


def _post(client, article, **data):
    start = TEXT.index(QUOTE)
    payload = {
        "start": start,
        "end": start + len(QUOTE),
        "quote": QUOTE,
        "relation": "supports",
        "credibility": "2",
        "claim_id": "",
        "claim_statement": "",
        "source_id": "",
        "source_name": "",
        "note": "",
    }
    payload.update(data)
    return client.post(f"/articles/{article.pk}/evidence/", payload, headers={"HX-Request": "true"})


def test_it_records_evidence_with_a_grade_and_a_new_source(analyst_client):
    article, claim = make_article(), make_claim()
    response = _post(
        analyst_client, article, claim_id=claim.pk, source_name="Coastguard", note="Survey photos"
    )
    evidence = Evidence.objects.get()
    assert response.status_code == 200
    assert f'id="evidence-{evidence.pk}"' in response.content.decode()
    assert (evidence.claim, evidence.relation, evidence.credibility, evidence.source.name) == (
        claim,
        "supports",
        2,
        "Coastguard",
    )
    assert evidence.exact == QUOTE


def test_it_explains_an_empty_claim_and_saves_nothing(analyst_client):
    response = _post(analyst_client, make_article(), claim_statement="", source_name="Coastguard")
    assert response.status_code == 422
    assert b"Choose or type the claim." in response.content
    assert not Evidence.objects.exists() and not Actor.objects.exists()


def test_it_refuses_a_credibility_outside_the_scale(analyst_client):
    response = _post(analyst_client, make_article(), claim_id=make_claim().pk, credibility="9")
    assert response.status_code == 422
    assert not Evidence.objects.exists()


def test_it_refuses_a_viewer(viewer_client):
    assert _post(viewer_client, make_article(), claim_id=make_claim().pk).status_code == 403
    assert not Evidence.objects.exists()
