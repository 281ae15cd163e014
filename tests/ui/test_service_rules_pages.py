"""The reader and the claim page answer with the services' rules, shown on their forms."""

import pytest

from claims.models import Attribution, Evidence, ReviewState
from claims.services import attribution_create, claim_merge
from tests.factories import TEXT, make_actor, make_article, make_claim

pytestmark = pytest.mark.django_db

QUOTE = "the ferry sank after hitting rocks"
START = TEXT.index(QUOTE)
PASSAGE = {"start": START, "end": START + len(QUOTE), "quote": QUOTE}
HTMX = {"HX-Request": "true", "HX-Target": "panel"}


@pytest.fixture
def merged():
    source, target = make_claim("The ferry hit rocks"), make_claim("The ferry struck a reef")
    claim_merge(source=source, target=target)
    return source, target


def test_it_explains_on_the_form_that_a_claim_was_merged(analyst_client, merged):
    source, target = merged
    article = make_article()
    response = analyst_client.post(
        f"/articles/{article.pk}/attributions/",
        {
            **PASSAGE,
            "stance": "asserts",
            "actor_id": make_actor().pk,
            "actor_name": "",
            "claim_id": source.pk,
            "claim_statement": "",
        },
        headers=HTMX,
    )
    html = response.content.decode()
    assert response.status_code == 422 and "Nothing was saved" in html
    assert f"merged into claim #{target.pk}" in html
    assert not Attribution.objects.exists()


def test_it_explains_on_the_evidence_form_that_a_claim_was_merged(analyst_client, merged):
    source, target = merged
    article = make_article()
    response = analyst_client.post(
        f"/articles/{article.pk}/evidence/",
        {
            **PASSAGE,
            "relation": "supports",
            "credibility": "2",
            "claim_id": source.pk,
            "claim_statement": "",
            "source_id": "",
            "source_name": "",
            "note": "",
        },
        headers=HTMX,
    )
    assert response.status_code == 422
    assert f"merged into claim #{target.pk}" in response.content.decode()
    assert not Evidence.objects.exists()


def test_it_explains_a_merged_claim_while_reviewing_a_suggestion(analyst_client, merged):
    source, target = merged
    suggestion = attribution_create(
        article=make_article(),
        actor=None,
        claim=None,
        proposed_actor="Harbour master",
        proposed_claim="Something",
        stance="asserts",
        quote=QUOTE,
        review_state=ReviewState.SUGGESTED,
        origin="machine",
    )
    response = analyst_client.post(
        f"/suggestions/{suggestion.pk}/review/",
        {
            "decision": "confirmed",
            "version": suggestion.version,
            "edit": "1",
            "actor_id": "",
            "actor_name": "Harbour master",
            "stance": "asserts",
            "claim_id": source.pk,
            "claim_statement": "",
        },
        headers={"HX-Request": "true", "HX-Target": "workspace"},
    )
    suggestion.refresh_from_db()
    assert response.status_code == 422
    assert f"merged into claim #{target.pk}" in response.content.decode()
    assert suggestion.review_state == "suggested"


def test_it_leaves_a_claims_status_to_curators(analyst_client, curator_client):
    claim = make_claim()
    response = analyst_client.post(
        f"/claims/{claim.pk}/status/", {"status": "refuted", "version": claim.version}
    )
    assert response.status_code == 403
    claim.refresh_from_db()
    assert claim.status == "unverified"
    response = curator_client.post(
        f"/claims/{claim.pk}/status/", {"status": "refuted", "version": claim.version}
    )
    claim.refresh_from_db()
    assert response.status_code == 302 and claim.status == "refuted"
