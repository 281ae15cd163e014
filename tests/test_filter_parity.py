"""The claims list page and the API's claim list take the same filters and find the same claims."""

import datetime

import pytest
from django.db import connection

from articles.services import outlet_get_or_create
from tests.factories import make_actor, make_article, make_attribution, make_claim

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    reuters, tass = outlet_get_or_create(name="Reuters"), outlet_get_or_create(name="TASS")
    kirby, peskov, lind = (
        make_actor("John Kirby"),
        make_actor("Dmitry Peskov"),
        make_actor("Mara Lind"),
    )
    depot = make_claim(
        "Drones struck the fuel depot", status="contested", notes="Satellite images pending"
    )
    ferry = make_claim("The ferry sank after hitting rocks")
    shells = make_claim(
        "Shells were shipped by rail", status="corroborated", notes="Seen in drone footage"
    )
    wall = make_claim("The harbour wall was repaired")
    make_attribution(
        actor=kirby,
        claim=depot,
        said_on=datetime.date(2023, 10, 13),
        article=make_article(outlet=reuters),
    )
    make_attribution(
        actor=peskov,
        claim=depot,
        stance="denies",
        said_on=datetime.date(2023, 10, 17),
        article=make_article(outlet=tass),
    )
    # Undated: the article's date stands in for it.
    make_attribution(
        actor=peskov,
        claim=shells,
        article=make_article(outlet=tass, published_on=datetime.date(2023, 10, 20)),
    )
    make_attribution(
        actor=lind,
        claim=ferry,
        said_on=datetime.date(2023, 10, 18),
        article=make_article(outlet=reuters),
    )
    # Only suggested: no filter counts it.
    make_attribution(
        actor=kirby,
        claim=wall,
        stance="denies",
        said_on=datetime.date(2023, 10, 18),
        review_state="suggested",
    )
    return {
        "reuters": reuters,
        "tass": tass,
        "kirby": kirby,
        "peskov": peskov,
        "lind": lind,
        "depot": depot,
        "ferry": ferry,
        "shells": shells,
        "wall": wall,
    }


# Each query with the claims it must find, by the page's order (statement, then id).
CASES = [
    ("", ["depot", "shells", "ferry", "wall"]),
    ("status=contested", ["depot"]),
    ("status=unverified", ["ferry", "wall"]),
    ("stance=denies", ["depot"]),
    ("actor={peskov}", ["depot", "shells"]),
    ("actor={peskov}&stance=asserts", ["shells"]),
    ("actor={kirby}&stance=denies", []),
    ("outlet={reuters}", ["depot", "ferry"]),
    ("outlet={tass}&stance=asserts", ["shells"]),
    ("date_after=2023-10-18", ["shells", "ferry"]),
    ("date_before=2023-10-14", ["depot"]),
    ("date_after=2023-10-14&date_before=2023-10-18", ["depot", "ferry"]),
    ("date_after=2023-10-19&outlet={reuters}", []),
    ("q=depot", ["depot"]),
    ("q=footage", ["shells"]),
    ("q=drone", ["depot", "shells"]),
    ("q=drone&actor={peskov}&stance=asserts", ["shells"]),
    ("status=unverified&outlet={reuters}", ["ferry"]),
    ("status=contested&date_after=2023-10-18", []),
]


def _page_ids(client, query):
    response = client.get("/claims/?" + query)
    assert response.status_code == 200
    assert not response.context["form"].errors
    return [claim.pk for claim in response.context["page"]]


def _api_ids(client, query):
    response = client.get("/api/v1/claims/?ordering=statement,id&page_size=200&" + query)
    assert response.status_code == 200, response.content
    return [claim["id"] for claim in response.json()["results"]]


@pytest.mark.parametrize("query, expected", CASES)
def test_the_page_and_the_api_find_the_same_claims(analyst_client, world, query, expected):
    query = query.format(**{k: v.pk for k, v in world.items()})
    expected_ids = [world[name].pk for name in expected]
    page, api = _page_ids(analyst_client, query), _api_ids(analyst_client, query)
    if "q=" in query and connection.vendor == "postgresql":
        # The page ranks what a search finds; the API keeps the order it was asked for.
        assert sorted(page) == sorted(api) == sorted(expected_ids)
    else:
        assert page == api == expected_ids
