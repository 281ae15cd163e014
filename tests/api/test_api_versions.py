"""Optimistic concurrency: ETag on every detail, If-Match on every change."""

import pytest

from claims.models import Attribution, Claim
from tests.factories import make_actor, make_attribution, make_claim

pytestmark = pytest.mark.django_db


def test_it_changes_the_etag_when_the_record_changes(analyst_api):
    claim = make_claim()
    url = f"/api/v1/claims/{claim.pk}/"
    before = analyst_api.get(url)["ETag"]
    assert before == f'W/"claim-{claim.pk}-1"'
    assert analyst_api.get(url)["ETag"] == before
    response = analyst_api.patch(
        url, {"notes": "Checked twice."}, format="json", HTTP_IF_MATCH=before
    )
    assert response.status_code == 200
    assert response["ETag"] == analyst_api.get(url)["ETag"] == f'W/"claim-{claim.pk}-2"'


def test_it_refuses_a_stale_if_match_and_changes_nothing(analyst, analyst_api, curator_api):
    attribution = make_attribution(user=analyst)  # an analyst edits the records they made
    url = f"/api/v1/attributions/{attribution.pk}/"
    stale = analyst_api.get(url)["ETag"]
    assert (
        analyst_api.patch(
            url, {"said_on": "2024-01-01"}, format="json", HTTP_IF_MATCH=stale
        ).status_code
        == 200
    )

    response = analyst_api.patch(url, {"said_on": "1999-01-01"}, format="json", HTTP_IF_MATCH=stale)
    assert response.status_code == 412
    assert response.json()["current_etag"] == f'W/"attribution-{attribution.pk}-2"'
    assert curator_api.delete(url, HTTP_IF_MATCH=stale).status_code == 412
    attribution.refresh_from_db()
    assert (str(attribution.said_on), attribution.version) == ("2024-01-01", 2)

    # Without If-Match, or with `*`, the change is unconditional.
    assert curator_api.delete(url, HTTP_IF_MATCH="*").status_code == 204
    assert not Attribution.objects.exists()


@pytest.mark.parametrize("kind", ["actor", "claim", "outlet", "article", "evidence"])
def test_it_refuses_stale_puts_on_every_record(analyst, analyst_api, kind):
    from claims.services import evidence_create
    from tests.factories import make_article

    article = make_article(outlet="Reuters")
    records = {
        "actor": (make_actor(), {"role": "spokesman"}),
        "claim": (make_claim(), {"notes": "n"}),
        "outlet": (article.outlet, {"domain": "reuters.com"}),
        "article": (article, {"byline": "Staff"}),
        "evidence": (
            evidence_create(
                article=article,
                claim=make_claim(),
                relation="supports",
                whole_article=True,
                user=analyst,
            ),
            {"note": "n"},
        ),
    }
    record, change = records[kind]
    url = f"/api/v1/{'evidence' if kind == 'evidence' else kind + 's'}/{record.pk}/"
    etag = analyst_api.get(url)["ETag"]
    assert analyst_api.patch(url, change, format="json", HTTP_IF_MATCH=etag).status_code == 200
    assert analyst_api.patch(url, change, format="json", HTTP_IF_MATCH=etag).status_code == 412


def test_it_refuses_the_second_of_two_saves_of_the_same_version(analyst_api, curator_api):
    claim = make_claim()
    url = f"/api/v1/claims/{claim.pk}/"
    etag = analyst_api.get(url)["ETag"]
    assert (
        analyst_api.patch(url, {"notes": "mine"}, format="json", HTTP_IF_MATCH=etag).status_code
        == 200
    )
    assert (
        curator_api.patch(url, {"status": "refuted"}, format="json", HTTP_IF_MATCH=etag).status_code
        == 412
    )
    claim = Claim.objects.get()
    assert (claim.notes, claim.status) == ("mine", "unverified")
