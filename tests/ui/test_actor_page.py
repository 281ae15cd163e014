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
    # 7 aliases, 8 members, 9 evidence produced, 10 change history, 11 role (groups),
    # 12-13 permissions (nav), 14 whether the user watches the actor (the Watch button)
    with django_assert_num_queries(14):
        assert client.get(f"/actors/{actor.pk}/").status_code == 200


def test_it_shows_an_actor_in_a_fixed_number_of_queries(analyst_client, django_assert_num_queries):
    actor = make_actor()
    _stances(actor, 1)
    _count(analyst_client, actor, django_assert_num_queries)
    _stances(actor, 4)
    _count(analyst_client, actor, django_assert_num_queries)


def test_it_shows_who_changed_the_actor(analyst_client, curator_client):
    from claims.models import Actor

    actor = Actor.objects.create(name="Mara Lind", role="chief executive")
    response = curator_client.post(
        f"/admin/claims/actor/{actor.pk}/change/",
        {
            "name": "Mara Lind",
            "kind": "person",
            "role": "former chief executive",
            "reliability": "C",
            "description": "",
            "loaded_version": actor.version,
            "aliases-TOTAL_FORMS": "0",
            "aliases-INITIAL_FORMS": "0",
            "aliases-MIN_NUM_FORMS": "0",
            "aliases-MAX_NUM_FORMS": "1000",
        },
    )
    assert response.status_code == 302, response.content[:500]
    html = analyst_client.get(f"/actors/{actor.pk}/").content.decode()
    assert "Change history" in html and "cora-curator" in html and "former chief executive" in html


def test_it_lets_a_curator_restore_an_earlier_version(curator_client):
    from claims.models import Claim

    claim = Claim.objects.create(statement="The ferry hit rocks")
    claim.statement = "The ferry hit a reef"
    claim.save()
    first = claim.history.order_by("history_date").first()
    page = curator_client.get(f"/admin/claims/claim/{claim.pk}/history/{first.history_id}/")
    assert page.status_code == 200 and b"Revert" in page.content
    # The history page offers the earlier version, prefilled, for the curator to save.
    assert b'value="The ferry hit rocks"' in page.content
    response = curator_client.post(
        f"/admin/claims/claim/{claim.pk}/history/{first.history_id}/",
        {
            "statement": "The ferry hit rocks",
            "status": "unverified",
            "notes": "",
            "loaded_version": claim.version,
            "relations_from-TOTAL_FORMS": "0",
            "relations_from-INITIAL_FORMS": "0",
            "relations_from-MIN_NUM_FORMS": "0",
            "relations_from-MAX_NUM_FORMS": "1000",
            "attributions-TOTAL_FORMS": "0",
            "attributions-INITIAL_FORMS": "0",
            "attributions-MIN_NUM_FORMS": "0",
            "attributions-MAX_NUM_FORMS": "1000",
            "evidence-TOTAL_FORMS": "0",
            "evidence-INITIAL_FORMS": "0",
            "evidence-MIN_NUM_FORMS": "0",
            "evidence-MAX_NUM_FORMS": "1000",
        },
    )
    assert response.status_code == 302, response.content[:800]
    claim.refresh_from_db()
    assert claim.statement == "The ferry hit rocks"


def test_it_lists_stances_by_the_date_they_were_made_with_undated_ones_last(analyst_client):
    import datetime

    actor = make_actor()
    undated = make_attribution(actor=actor)
    later = make_attribution(actor=actor, said_on=datetime.date(2024, 5, 2))
    earlier = make_attribution(actor=actor, said_on=datetime.date(2023, 1, 9))
    timeline = analyst_client.get(f"/actors/{actor.pk}/").context["timeline"]
    assert [a.pk for a in timeline] == [earlier.pk, later.pk, undated.pk]
    html = analyst_client.get(f"/actors/{actor.pk}/").content.decode()
    assert f'href="/articles/{later.article_id}/#attribution-{later.pk}"' in html


def test_it_shows_each_claims_stance_count_and_months_escaped(analyst_client):
    import datetime

    actor = make_actor()
    claim = make_claim("The <b>ferry</b> & the wall")
    make_attribution(actor=actor, claim=claim, said_on=datetime.date(2023, 1, 9))
    make_attribution(actor=actor, claim=claim, said_on=datetime.date(2024, 5, 2))
    other = make_claim("The harbour reopened")
    make_attribution(actor=actor, claim=other, said_on=datetime.date(2024, 5, 2))
    make_attribution(actor=actor, claim=other, stance="denies", quote="The operator denied")
    html = analyst_client.get(f"/actors/{actor.pk}/").content.decode()
    assert "The &lt;b&gt;ferry&lt;/b&gt; &amp; the wall" in html and "<b>ferry</b>" not in html
    assert '<span class="meta-inline">2×</span>' in html and "Jan 2023–May 2024" in html
    assert '<span class="meta-inline">1×/1×</span>' in html
    assert "2 May 2024" in html
