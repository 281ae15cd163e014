"""The articles and actors lists: filters as the API's, sort, pages by cursor, bounded queries."""

import datetime
import re

import pytest

from articles.services import outlet_get_or_create
from claims.models import ActorAlias
from tests.factories import make_actor, make_article

pytestmark = pytest.mark.django_db


def _titles(response) -> list[str]:
    return [a.title for a in response.context["page"]]


def _next(response) -> str | None:
    m = re.search(r'rel="next" href="\?([^"]+)"', response.content.decode())
    return m and m[1].replace("&amp;", "&")


def _prev(response) -> str | None:
    m = re.search(r'rel="prev" href="\?([^"]+)"', response.content.decode())
    return m and m[1].replace("&amp;", "&")


@pytest.fixture
def articles():
    tass, ap = outlet_get_or_create(name="Tass"), outlet_get_or_create(name="Harbour Post")
    return {
        "old": make_article(
            title="Old ferry report", published_on=datetime.date(2021, 5, 1), outlet=ap
        ),
        "new": make_article(
            title="New ferry report", published_on=datetime.date(2024, 2, 3), outlet=tass
        ),
        "undated": make_article(title="Undated ferry note"),
        "tass": tass,
    }


def test_articles_are_newest_published_first_and_undated_last(analyst_client, articles):
    response = analyst_client.get("/articles/")
    assert response.status_code == 200
    assert _titles(response) == ["New ferry report", "Old ferry report", "Undated ferry note"]


@pytest.mark.parametrize(
    "query, expected",
    [
        ("sort=title", ["New ferry report", "Old ferry report", "Undated ferry note"]),
        ("sort=added", ["Undated ferry note", "New ferry report", "Old ferry report"]),
        ("outlet={tass}", ["New ferry report"]),
        ("published_after=2022-01-01", ["New ferry report"]),
        ("published_before=2022-01-01", ["Old ferry report"]),
        ("q=Undated", ["Undated ferry note"]),
    ],
)
def test_articles_filter_and_sort(analyst_client, articles, query, expected):
    response = analyst_client.get("/articles/?" + query.format(tass=articles["tass"].pk))
    assert response.status_code == 200
    assert _titles(response) == expected


def test_a_bad_filter_value_is_named_and_the_others_still_filter(analyst_client, articles):
    response = analyst_client.get("/articles/?outlet=not-a-number&published_after=2022-01-01")
    assert response.status_code == 200
    assert _titles(response) == ["New ferry report"]
    assert "These filters were left out" in response.content.decode()


def test_articles_page_by_cursor_forwards_and_back(analyst_client, settings, monkeypatch):
    monkeypatch.setattr("articles.views.ARTICLES_PAGE", 2)
    for day in range(1, 6):
        make_article(title=f"Report of day {day}", published_on=datetime.date(2024, 1, day))
    first = analyst_client.get("/articles/")
    assert _titles(first) == ["Report of day 5", "Report of day 4"]
    assert _prev(first) is None
    second = analyst_client.get("/articles/?" + _next(first))
    assert _titles(second) == ["Report of day 3", "Report of day 2"]
    # A new article does not shift the page a reader is on.
    make_article(title="Report of day 6", published_on=datetime.date(2024, 1, 6))
    third = analyst_client.get("/articles/?" + _next(second))
    assert _titles(third) == ["Report of day 1"]
    assert _next(third) is None
    back = analyst_client.get("/articles/?" + _prev(third))
    assert _titles(back) == ["Report of day 3", "Report of day 2"]
    back = analyst_client.get("/articles/?" + _prev(back))
    assert _titles(back) == ["Report of day 5", "Report of day 4"]
    assert _prev(back) is not None  # day 6 now comes before them


def test_the_cursor_keeps_the_filters_and_sort(analyst_client, monkeypatch):
    monkeypatch.setattr("articles.views.ARTICLES_PAGE", 1)
    for title in ("Bravo ferry", "Alpha ferry", "Charlie bus"):
        make_article(title=title)
    first = analyst_client.get("/articles/?sort=title&q=ferry")
    assert _titles(first) == ["Alpha ferry"]
    assert "sort=title" in _next(first) and "q=ferry" in _next(first)
    assert _titles(analyst_client.get("/articles/?" + _next(first))) == ["Bravo ferry"]


@pytest.mark.parametrize("cursor", ["zzz", "WyJuIiwgMSwgMV0", "a" * 500])
def test_a_tampered_cursor_is_a_400_not_an_error(analyst_client, articles, cursor):
    response = analyst_client.get(f"/articles/?cursor={cursor}")
    assert response.status_code == 400
    response = analyst_client.get(f"/actors/?cursor={cursor}")
    assert response.status_code == 400


def test_a_cursor_of_another_sort_is_refused(analyst_client, monkeypatch):
    """A cursor names a position in one order; read under another it would skip rows."""
    monkeypatch.setattr("articles.views.ARTICLES_PAGE", 1)
    make_article(title="Alpha ferry", published_on=datetime.date(2024, 1, 1))
    make_article(title="Bravo ferry", published_on=datetime.date(2024, 1, 2))
    cursor = _next(analyst_client.get("/articles/?sort=added"))
    assert analyst_client.get("/articles/?" + cursor).status_code == 200
    response = analyst_client.get("/articles/?" + cursor.replace("sort=added", "sort=title"))
    assert response.status_code == 400
    assert "not valid" in response.content.decode()


def test_article_text_is_escaped_in_the_list(analyst_client):
    make_article(title="<script>alert(1)</script> ferry")
    body = analyst_client.get("/articles/").content.decode()
    assert "<script>alert(1)</script>" not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt; ferry" in body


def test_the_articles_list_reads_a_fixed_number_of_queries(
    analyst_client, django_assert_num_queries
):
    outlet = outlet_get_or_create(name="Harbour Post")
    make_article(title="One", outlet=outlet)
    # session, user, the page's rows, the user's permissions (2) and role, the outlet menu
    with django_assert_num_queries(7):
        analyst_client.get("/articles/")
    for n in range(30):
        make_article(title=f"More {n}", outlet=outlet_get_or_create(name=f"Outlet {n}"))
    with django_assert_num_queries(7):
        analyst_client.get("/articles/")


@pytest.fixture
def actors():
    state = make_actor("Ardania", kind="state")
    ministry = make_actor("Ardanian Foreign Ministry", kind="government", affiliation=state)
    person = make_actor("Mara Lind", role="chief executive")
    ActorAlias.objects.create(actor=person, name="Lind")
    return {"state": state, "ministry": ministry, "person": person}


def _names(response) -> list[str]:
    return [a.name for a in response.context["page"]]


@pytest.mark.parametrize(
    "query, expected",
    [
        ("", ["Ardania", "Ardanian Foreign Ministry", "Mara Lind"]),
        ("sort=added", ["Mara Lind", "Ardanian Foreign Ministry", "Ardania"]),
        ("kind=state", ["Ardania"]),
        ("affiliation={state}", ["Ardanian Foreign Ministry"]),
        ("q=lind", ["Mara Lind"]),
    ],
)
def test_actors_filter_and_sort(analyst_client, actors, query, expected):
    response = analyst_client.get("/actors/?" + query.format(state=actors["state"].pk))
    assert response.status_code == 200
    assert _names(response) == expected


def test_the_actors_list_shows_aliases_and_affiliation(analyst_client, actors):
    body = analyst_client.get("/actors/").content.decode()
    assert "“Lind”" in body
    assert "of Ardania" in body


def test_the_actors_list_reads_a_fixed_number_of_queries(analyst_client, django_assert_num_queries):
    make_actor("Solo")
    # session, user, the page's rows, their aliases, permissions (2) and role, the affiliation menu
    with django_assert_num_queries(8):
        analyst_client.get("/actors/")
    for n in range(30):
        actor = make_actor(f"Actor {n}", affiliation=make_actor(f"Body {n}"))
        ActorAlias.objects.create(actor=actor, name=f"A{n}")
    with django_assert_num_queries(8):
        analyst_client.get("/actors/")


@pytest.mark.parametrize("url", ["/articles/", "/actors/"])
def test_the_lists_are_behind_the_login(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_the_top_bar_names_every_list(viewer_client):
    body = viewer_client.get("/claims/").content.decode()
    nav = body[body.index('class="mainnav"') : body.index("</nav>")]
    for label, href in (
        ("Articles", "/articles/"),
        ("Actors", "/actors/"),
        ("Claims", "/claims/"),
        ("Matrix", "/matrix/"),
    ):
        assert f'href="{href}"' in nav and label in nav
    assert "Imports" not in nav  # a viewer imports nothing


def test_pages_vary_on_htmx_so_back_never_shows_a_fragment(analyst_client):
    for url in ("/claims/", "/articles/", "/actors/"):
        assert "HX-Request" in analyst_client.get(url)["Vary"], url
