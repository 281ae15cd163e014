import datetime

import pytest

from articles.services import outlet_get_or_create
from tests.factories import make_actor, make_article, make_attribution, make_claim

pytestmark = pytest.mark.django_db


@pytest.fixture
def claims():
    reuters = outlet_get_or_create(name="Reuters")
    peskov, kirby = make_actor("Dmitry Peskov"), make_actor("John Kirby")
    shipped = make_claim("North Korea shipped shells to Russia", status="contested")
    visit = make_claim("Lavrov visited Pyongyang")
    make_attribution(
        actor=kirby,
        claim=shipped,
        said_on=datetime.date(2023, 10, 13),
        article=make_article(outlet=reuters),
    )
    make_attribution(
        actor=peskov,
        claim=shipped,
        stance="denies",
        quote="The operator denied",
        said_on=datetime.date(2023, 10, 17),
    )
    make_attribution(actor=peskov, claim=visit, said_on=datetime.date(2023, 10, 18))
    return {
        "shipped": shipped,
        "visit": visit,
        "peskov": peskov,
        "kirby": kirby,
        "reuters": reuters,
    }


def _statements(response):
    return [c.statement for c in response.context["page"]]


@pytest.mark.parametrize(
    "query, expected",
    [
        ("", ["Lavrov visited Pyongyang", "North Korea shipped shells to Russia"]),
        ("status=contested", ["North Korea shipped shells to Russia"]),
        ("actor={peskov}&stance=denies", ["North Korea shipped shells to Russia"]),
        ("actor={peskov}&stance=asserts", ["Lavrov visited Pyongyang"]),
        ("outlet={reuters}", ["North Korea shipped shells to Russia"]),
        ("date_after=2023-10-18", ["Lavrov visited Pyongyang"]),
        ("date_before=2023-10-14", ["North Korea shipped shells to Russia"]),
        ("q=shells", ["North Korea shipped shells to Russia"]),
    ],
)
def test_it_filters_claims(analyst_client, claims, query, expected):
    ids = {k: v.pk for k, v in claims.items()}
    response = analyst_client.get("/claims/?" + query.format(**ids))
    assert response.status_code == 200
    assert _statements(response) == expected


def test_it_updates_the_results_in_place_for_htmx(analyst_client, claims):
    response = analyst_client.get(
        "/claims/?status=contested", headers={"HX-Request": "true", "HX-Target": "claim-results"}
    )
    html = response.content.decode()
    assert html.lstrip().startswith('<section id="claim-results"')
    assert "North Korea shipped shells" in html and "Lavrov visited" not in html


def test_it_keeps_filters_in_the_page_links(analyst_client, monkeypatch):
    import claims.views

    monkeypatch.setattr(claims.views, "PAGE_SIZE", 1)
    make_claim("A one"), make_claim("B two")
    html = analyst_client.get("/claims/?status=unverified").content.decode()
    assert 'href="?status=unverified&amp;page=2"' in html


def test_it_ignores_bad_filter_values_instead_of_failing(analyst_client, claims):
    response = analyst_client.get("/claims/?date_after=yesterday&actor=abc&status=contested")
    assert response.status_code == 200
    assert b"Enter a valid date" in response.content
    assert b"Select a valid choice" in response.content
    # the valid filter still applies
    assert _statements(response) == ["North Korea shipped shells to Russia"]


def test_it_searches_the_notes_as_the_api_does(analyst_client, claims):
    claims["visit"].notes = "Seen on state television"
    claims["visit"].save(update_fields=["notes"])
    response = analyst_client.get("/claims/?q=television")
    assert _statements(response) == ["Lavrov visited Pyongyang"]


def _count(client, django_assert_num_queries):
    # 1 session, 2 user, 3 count, 4 page of claims with their tallies, 5 actors and 6 outlets for
    # the filter menus, 7 role (groups), 8-9 permissions (nav)
    with django_assert_num_queries(9):
        assert client.get("/claims/?status=unverified").status_code == 200


def test_it_lists_claims_in_a_fixed_number_of_queries(analyst_client, django_assert_num_queries):
    make_attribution()
    _count(analyst_client, django_assert_num_queries)
    for _ in range(5):
        make_attribution()
    _count(analyst_client, django_assert_num_queries)


def test_it_filters_by_everything_at_once_in_a_fixed_number_of_queries(
    analyst_client, claims, django_assert_num_queries
):
    url = (
        "/claims/?q=shells&status=contested&actor={kirby}&stance=asserts&outlet={reuters}"
        "&date_after=2023-10-01&date_before=2023-10-31"
    ).format(kirby=claims["kirby"].pk, reuters=claims["reuters"].pk)
    for _ in range(2):
        # 1 session, 2 user, 3 the actor and 4 the outlet chosen exist, 5 count, 6 page, 7 actors
        # and 8 outlets for the filter menus, 9 role (groups), 10-11 permissions (nav)
        with django_assert_num_queries(11):
            response = analyst_client.get(url)
        assert _statements(response) == ["North Korea shipped shells to Russia"]
        make_attribution(claim=claims["shipped"], actor=claims["kirby"])


def test_its_htmx_results_skip_the_filter_menus(analyst_client, claims, django_assert_num_queries):
    # 1 session, 2 user, 3 count, 4 page of claims with their tallies
    with django_assert_num_queries(4):
        response = analyst_client.get(
            "/claims/?status=contested",
            headers={"HX-Request": "true", "HX-Target": "claim-results"},
        )
    assert _statements(response) == ["North Korea shipped shells to Russia"]


def test_it_counts_zero_for_a_claim_no_one_has_taken_a_stance_on(analyst_client):
    from tests.factories import make_claim

    make_claim("The harbour wall was repaired in spring")
    html = analyst_client.get("/claims/").content.decode()
    assert "0 asserts" in html and "0 denies" in html


def test_it_offers_the_actors_to_filter_by_with_the_chosen_one_selected(analyst_client):
    actor = make_actor("<b>Kim</b> & Co")
    html = analyst_client.get(f"/claims/?actor={actor.pk}").content.decode()
    assert f'<option value="{actor.pk}" selected>&lt;b&gt;Kim&lt;/b&gt; &amp; Co</option>' in html


@pytest.mark.parametrize("value", [None, "", "5", 5, "7"])
def test_its_long_select_draws_what_djangos_select_draws(value):
    from django import forms

    from core.forms import LongSelect

    choices = [("", "Any actor"), (5, "A & <B>"), (6, "C")]
    attrs = {"id": "id_actor", "required": True, "disabled": False, "data-x": '"<x>"'}
    expected = forms.Select(choices=choices).render("actor", value, attrs)
    assert LongSelect(choices=choices).render("actor", value, attrs) == expected


def test_it_shows_a_claims_kept_tally_and_counts_a_stale_one(analyst_client, claims):
    from claims.models import ClaimTally
    from claims.tallies import tallies_count

    shipped = claims["shipped"]
    tallies_count([shipped.pk])
    # A current tally is read as kept, not counted again (a claim with tens of thousands of
    # stances costs one row): the list shows what the tally holds.
    ClaimTally.objects.filter(claim=shipped).update(asserts=4321, denies=1234)
    html = analyst_client.get("/claims/?status=contested").content.decode()
    assert "4321 asserts" in html and "1234 denies" in html
    # A write marks it stale (the trigger); the list then counts the stances themselves.
    make_attribution(claim=shipped, actor=claims["kirby"])
    assert ClaimTally.objects.get(claim=shipped).stale
    html = analyst_client.get("/claims/?status=contested").content.decode()
    assert "2 asserts" in html and "1 deny" in html


def test_a_stance_is_found_by_its_articles_outlet_whoever_changes_it(analyst_client, claims):
    from articles.models import Article, Outlet
    from claims.models import Attribution

    # Each stance keeps its article's outlet (a trigger), set when the stance is written ...
    assert set(
        Attribution.objects.filter(claim=claims["shipped"]).values_list("outlet", "article__outlet")
    ) == {(claims["reuters"].pk, claims["reuters"].pk), (None, None)}
    tass = Outlet.objects.create(name="Tass")
    url = f"/claims/?outlet={tass.pk}"
    assert _statements(analyst_client.get(url)) == []
    # ... and followed when the article's outlet changes, by any kind of write.
    article = Attribution.objects.get(actor=claims["peskov"], claim=claims["visit"]).article
    Article.objects.filter(pk=article.pk).update(outlet=tass)
    assert _statements(analyst_client.get(url)) == ["Lavrov visited Pyongyang"]
    # A stance moved to another article takes that article's outlet, whatever it is told.
    moved = Attribution.objects.get(actor=claims["kirby"], claim=claims["shipped"])
    Attribution.objects.filter(pk=moved.pk).update(outlet=None)
    assert Attribution.objects.get(pk=moved.pk).outlet_id == claims["reuters"].pk
    Attribution.objects.filter(pk=moved.pk).update(article=article)
    assert Attribution.objects.get(pk=moved.pk).outlet_id == tass.pk
