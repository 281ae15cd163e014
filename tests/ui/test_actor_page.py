import pytest

from tests.factories import make_actor, make_article, make_attribution, make_claim

pytestmark = pytest.mark.django_db


def _stances(actor, n):
    for _ in range(n):
        claim = make_claim()
        make_attribution(actor=actor, claim=claim)
        make_attribution(
            actor=actor,
            claim=claim,
            stance="denies",
            quote="The operator denied",
            article=make_article(),
        )


def test_it_shows_aliases_affiliation_and_every_stance_by_claim(analyst_client):
    council = make_actor("Harbour Council")
    actor = make_actor("Mara Lind", affiliation=council, role="Chief executive")
    actor.aliases.create(name="Lind")
    claim = make_claim("The crew followed every rule")
    attribution = make_attribution(actor=actor, claim=claim, quote="“We followed every rule,”")
    html = analyst_client.get(f"/actors/{actor.pk}/").content.decode()
    assert "Mara Lind" in html and '<span class="alias">Lind</span>' in html
    assert f'href="/actors/{council.pk}/"' in html
    assert f'href="/claims/{claim.pk}/"' in html
    assert f"/articles/{attribution.article_id}/#attribution-{attribution.pk}" in html


def test_it_marks_a_claim_the_actor_both_asserted_and_denied(analyst_client):
    actor = make_actor()
    _stances(actor, 1)
    html = analyst_client.get(f"/actors/{actor.pk}/").content.decode()
    assert "stance-both" in html


def _count(client, actor, django_assert_num_queries):
    # 1 session, 2 user, 3 actor (+ affiliations), 4 stances by claim, 5 totals, 6 timeline,
    # 7 aliases, 8 members, 9 evidence produced, 10 role (groups), 11-12 permissions (nav)
    with django_assert_num_queries(12):
        assert client.get(f"/actors/{actor.pk}/").status_code == 200


def test_it_shows_an_actor_in_a_fixed_number_of_queries(analyst_client, django_assert_num_queries):
    actor = make_actor()
    _stances(actor, 1)
    _count(analyst_client, actor, django_assert_num_queries)
    _stances(actor, 4)
    _count(analyst_client, actor, django_assert_num_queries)
