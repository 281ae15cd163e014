"""A claim's stances come in one order wherever they are read: the claim page's timeline, the API's
claim detail and list, and the ClaimReview export. By the date the statement was made, undated
ones last, ties by id; the same on SQLite and PostgreSQL."""

import datetime
import re

import pytest

from tests.factories import make_actor, make_article, make_attribution, make_claim

pytestmark = pytest.mark.django_db


def _claim_with_undated_stances():
    claim = make_claim("The ferry hit rocks")
    # Undated ones first, so an order that puts NULL first (SQLite's) shows them first.
    days = [None, "2024-05-02", None, "2024-05-01", "2024-05-02"]
    made = []
    for n, day in enumerate(days):
        made.append(
            make_attribution(
                article=make_article(published_on=datetime.date(2024, 6, 1)),
                claim=claim,
                actor=make_actor(f"Speaker {n}"),
                stance="denies" if n % 2 else "asserts",
                said_on=day,
            )
        )
    expected = [a.pk for a in sorted(made, key=lambda a: (a.said_on is None, str(a.said_on), a.pk))]
    return claim, made, expected


def _timeline(html: str) -> list[int]:
    timeline = html.split('id="timeline-title"')[1].split("</ol>")[0]
    return [int(pk) for pk in re.findall(r"#attribution-(\d+)\"", timeline)]


def test_the_page_and_the_api_give_a_claims_stances_in_one_order(analyst_client, analyst_api):
    claim, made, expected = _claim_with_undated_stances()
    assert made[0].said_on is None and expected[-2:] == [made[0].pk, made[2].pk]

    page = _timeline(analyst_client.get(f"/claims/{claim.pk}/").content.decode())
    detail = analyst_api.get(f"/api/v1/claims/{claim.pk}/").json()["attributions"]
    listed = analyst_api.get("/api/v1/claims/").json()["results"][0]["attributions"]

    assert page == expected
    assert [brief["id"] for brief in detail] == expected
    assert [brief["id"] for brief in listed] == expected


def test_the_claimreview_export_names_its_authors_and_appearances_in_the_same_order(
    analyst_api,
):
    claim, made, expected = _claim_with_undated_stances()
    by_pk = {a.pk: a for a in made}
    asserting = [by_pk[pk] for pk in expected if by_pk[pk].stance == "asserts"]
    for url in (f"/api/v1/claims/{claim.pk}/claimreview/", "/api/v1/claims/claimreview/"):
        body = analyst_api.get(url).json()
        review = body["@graph"][0] if "@graph" in body else body
        item = review["itemReviewed"]
        assert [author["name"] for author in item["author"]] == [a.actor.name for a in asserting]
        assert [appearance["headline"] for appearance in item["appearance"]] == [
            by_pk[pk].article.title for pk in expected
        ]
