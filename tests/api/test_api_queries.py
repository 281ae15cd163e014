"""Every list and detail endpoint runs a fixed number of queries, however many rows there are.

Each request with a token starts with three queries: the token (with its user), then the user's
own and its groups' permissions (RolePermission).
"""

import datetime

import pytest

from claims.models import Attribution, Evidence
from claims.services import evidence_create
from tests.factories import make_actor, make_article, make_attribution

pytestmark = pytest.mark.django_db

AUTH = 3  # token + user, user permissions, group permissions


def _rows(n: int):
    """n articles, each with one attribution (new actor and claim) and one piece of evidence."""
    made = []
    for _ in range(n):
        attribution = make_attribution(actor=make_actor())
        make_actor(f"Alias owner {attribution.pk}").aliases.create(
            name=f"Other name {attribution.pk}"
        )
        evidence_create(
            article=attribution.article,
            claim=attribution.claim,
            relation="supports",
            quote="We followed every rule",
        )
        made.append(attribution)
    return made


LISTS = {
    # the page of rows
    "/api/v1/articles/": AUTH + 1,
    "/api/v1/outlets/": AUTH + 1,
    "/api/v1/attributions/": AUTH + 1,
    "/api/v1/evidence/": AUTH + 1,
    "/api/v1/suggestions/": AUTH + 1,
    # actors, their aliases
    "/api/v1/actors/": AUTH + 2,
    # claims, their confirmed attributions (actor, article, outlet joined), their evidence
    "/api/v1/claims/": AUTH + 3,
    # claims, their confirmed attributions (the export shows no evidence)
    "/api/v1/claims/claimreview/": AUTH + 2,
    # the filtered rows, streamed
    "/api/v1/attributions/csv/": AUTH + 1,
}


def _get(client, url):
    response = client.get(url)
    if response.streaming:
        b"".join(response.streaming_content)
    assert response.status_code == 200, url
    return response


def test_it_filters_claims_with_a_fixed_number_of_queries(analyst_api, django_assert_num_queries):
    made = _rows(2)
    Attribution.objects.filter(pk=made[0].pk).update(said_on=datetime.date(2023, 10, 13))
    url = (
        f"/api/v1/claims/?q=ferry&status=unverified&actor={made[0].actor_id}&stance=asserts"
        "&date_after=2023-10-01&date_before=2023-10-31"
    )
    # the actor chosen exists, then as the unfiltered list
    queries = AUTH + 1 + 3
    with django_assert_num_queries(queries):
        response = _get(analyst_api, url)
    assert [c["id"] for c in response.json()["results"]] == [made[0].claim_id]
    _rows(5)
    with django_assert_num_queries(queries):
        _get(analyst_api, url)


def test_it_builds_no_filter_set_when_the_query_names_no_filter(analyst_api, monkeypatch):
    from claims.filters import ClaimFilter

    built = []
    original = ClaimFilter.__init__

    def counted(self, *args, **kwargs):
        built.append(self)
        original(self, *args, **kwargs)

    monkeypatch.setattr(ClaimFilter, "__init__", counted)
    _get(analyst_api, "/api/v1/claims/?ordering=statement&page_size=10")
    assert built == []
    _get(analyst_api, "/api/v1/claims/?status=contested")
    assert len(built) == 1


@pytest.mark.parametrize("url,queries", LISTS.items())
def test_it_lists_with_a_fixed_number_of_queries(
    analyst_api, django_assert_num_queries, url, queries
):
    _rows(2)
    with django_assert_num_queries(queries):
        _get(analyst_api, url)
    _rows(5)
    with django_assert_num_queries(queries):
        _get(analyst_api, url)


def _details(a):
    return {
        # article, its blocks, the articles it copies or rewrites, those that copy or rewrite it
        f"/api/v1/articles/{a.article_id}/": AUTH + 4,
        # article (text deferred), its confirmed attributions, its evidence
        f"/api/v1/articles/{a.article_id}/annotations/": AUTH + 3,
        # the outlet
        f"/api/v1/outlets/{a.article.outlet_id}/": AUTH + 1,
        # actor with affiliation, aliases
        f"/api/v1/actors/{a.actor_id}/": AUTH + 2,
        # claim with its suggested status (EXISTS probes), attributions, evidence
        f"/api/v1/claims/{a.claim_id}/": AUTH + 3,
        # claim, attributions
        f"/api/v1/claims/{a.claim_id}/claimreview/": AUTH + 2,
        # the attribution with actor, claim, via and article joined
        f"/api/v1/attributions/{a.pk}/": AUTH + 1,
        f"/api/v1/attributions/{a.pk}/annotation/": AUTH + 1,
        # the evidence with claim, source and article joined
        f"/api/v1/evidence/{a.evidence_id}/": AUTH + 1,
        f"/api/v1/evidence/{a.evidence_id}/annotation/": AUTH + 1,
    }


def test_it_reads_each_record_with_a_fixed_number_of_queries(
    analyst_api, django_assert_num_queries
):
    first = make_attribution(article=make_article(outlet="Tass"))
    first.evidence_id = Evidence.objects.create(
        article=first.article, claim=first.claim, relation="supports", credibility=2
    ).pk
    for round_ in range(2):
        for url, queries in _details(first).items():
            with django_assert_num_queries(queries):
                _get(analyst_api, url)
        # More stances, evidence and aliases on the same records change nothing.
        for _ in range(3):
            make_attribution(article=first.article, claim=first.claim, actor=make_actor())
            evidence_create(
                article=first.article, claim=first.claim, relation="contradicts", whole_article=True
            )
            first.actor.aliases.create(name=f"Alias {round_}-{_}")
