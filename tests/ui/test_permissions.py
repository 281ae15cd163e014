"""Every page needs a login; every write needs the role DESIGN.md gives it."""

import pytest

from claims.models import ReviewState
from claims.services import attribution_create
from tests.factories import make_article, make_attribution

pytestmark = pytest.mark.django_db


@pytest.fixture
def records():
    attribution = make_attribution()
    suggestion = attribution_create(
        article=attribution.article,
        actor=None,
        claim=None,
        stance="asserts",
        quote="The operator denied",
        review_state=ReviewState.SUGGESTED,
        proposed_actor="X",
        proposed_claim="Y",
    )
    return {
        "article": attribution.article.pk,
        "claim": attribution.claim_id,
        "actor": attribution.actor_id,
        "suggestion": suggestion.pk,
    }


PAGES = [
    "/",
    "/articles/{article}/",
    "/claims/",
    "/claims/{claim}/",
    "/actors/{actor}/",
    "/search/?q=ferry",
    "/matrix/",
    "/import/",
    "/actors/options/?q=a",
    "/claims/options/?q=a",
]
WRITES = [
    "/articles/{article}/attributions/",
    "/articles/{article}/evidence/",
    "/suggestions/{suggestion}/review/",
    "/claims/{claim}/status/",
    "/import/",
]


def test_it_sends_anonymous_visitors_to_log_in_from_every_page(client, records):
    for url in PAGES + WRITES:
        response = (
            client.post(url.format(**records))
            if url in WRITES
            else client.get(url.format(**records))
        )
        assert response.status_code == 302, url
        assert response["Location"].startswith("/accounts/login/"), url


def test_it_lets_a_viewer_read_every_page_but_import(viewer_client, records):
    for url in PAGES:
        expected = 403 if url == "/import/" else 200
        assert viewer_client.get(url.format(**records)).status_code == expected, url


def test_it_refuses_every_write_to_a_viewer_and_changes_nothing(viewer_client, records):
    from articles.models import Article
    from claims.models import Attribution, Claim, Evidence

    before = (
        Article.objects.count(),
        Attribution.objects.count(),
        Evidence.objects.count(),
        list(Claim.objects.values_list("status", "version")),
        Attribution.objects.get(pk=records["suggestion"]).review_state,
    )
    for url in WRITES:
        data = {
            "decision": "confirmed",
            "version": "1",
            "status": "refuted",
            "text": "Some text",
            "step": "save",
            "start": "0",
            "end": "5",
            "actor_name": "A",
            "claim_statement": "B",
            "stance": "asserts",
            "relation": "supports",
        }
        assert viewer_client.post(url.format(**records), data).status_code == 403, url
    after = (
        Article.objects.count(),
        Attribution.objects.count(),
        Evidence.objects.count(),
        list(Claim.objects.values_list("status", "version")),
        Attribution.objects.get(pk=records["suggestion"]).review_state,
    )
    assert after == before


def test_it_refuses_get_on_write_only_addresses(analyst_client, records):
    for url in WRITES[:4]:
        assert analyst_client.get(url.format(**records)).status_code == 405, url


def test_it_gives_no_page_to_a_user_without_a_role_to_write(outsider_client):
    article = make_article()
    assert outsider_client.post(f"/articles/{article.pk}/attributions/", {}).status_code == 403
