"""Exports from the pages: a claim as CSV and as a report to cite, the claims list and the
matrix as CSV with the page's filters, and the ClaimReview link."""

import csv
import datetime
import io

import pytest

from articles.services import outlet_get_or_create
from claims.services import evidence_create
from tests.factories import make_actor, make_article, make_attribution, make_claim

pytestmark = pytest.mark.django_db


def _csv(response) -> list[dict]:
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"].startswith("attachment;")
    return list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))


@pytest.fixture
def claim():
    claim = make_claim("The ferry hit rocks", status="contested")
    harbour = outlet_get_or_create(name="Harbour Post")
    article = make_article(
        outlet=harbour, url="https://example.org/ferry", published_on=datetime.date(2024, 3, 1)
    )
    make_attribution(
        article=article,
        claim=claim,
        actor=make_actor("=HYPERLINK(evil)"),
        said_on=datetime.date(2024, 3, 2),
    )
    make_attribution(
        article=article,
        claim=claim,
        actor=make_actor("Mara Lind"),
        stance="denies",
        quote="The operator denied that the crew had ignored storm warnings",
    )
    evidence_create(
        article=article,
        claim=claim,
        relation="supports",
        quote="the ferry sank after hitting rocks",
        credibility=2,
    )
    return claim


def test_a_claims_csv_holds_its_stances_in_order_then_its_evidence(analyst_client, claim):
    rows = _csv(analyst_client.get(f"/claims/{claim.pk}/export.csv"))
    assert [(r["record"], r["stance_or_relation"]) for r in rows] == [
        ("attribution", "asserts"),
        ("attribution", "denies"),
        ("evidence", "supports"),
    ]
    first = rows[0]
    assert first["actor_or_source"] == "'=HYPERLINK(evil)"  # never read as a formula
    assert first["quote"] == "the ferry sank after hitting rocks"
    assert first["said_on"] == "2024-03-02" and first["outlet"] == "Harbour Post"
    assert first["article_url"] == "https://example.org/ferry"
    assert first["passage_link"].startswith("http://testserver/articles/")
    assert first["passage_link"].endswith(f"#attribution-{first['id']}")
    assert rows[2]["credibility"].startswith("2")


def test_the_report_cites_each_stance_and_the_evidence(analyst_client, claim):
    response = analyst_client.get(f"/claims/{claim.pk}/report/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "<strong>Status:</strong> Contested" in body
    asserted, denied = body.index("<h2>Asserted by</h2>"), body.index("<h2>Denied by</h2>")
    assert asserted < body.index("=HYPERLINK(evil)") < denied < body.index("Mara Lind")
    assert "“the ferry sank after hitting rocks”" in body
    assert "2 March 2024" in body and "Harbour Post" in body
    assert 'href="https://example.org/ferry"' in body
    assert "<h2>Evidence</h2>" in body and "Supports" in body


def test_the_report_and_csv_cost_a_fixed_number_of_queries(
    analyst_client, claim, django_assert_num_queries
):
    def count():
        # session, user, claim, asserts, denies, evidence (+ role and 2 permissions for the page)
        with django_assert_num_queries(9):
            analyst_client.get(f"/claims/{claim.pk}/report/")
        with django_assert_num_queries(5):
            _csv(analyst_client.get(f"/claims/{claim.pk}/export.csv"))

    count()
    for _ in range(5):
        make_attribution(
            claim=claim,
            actor=make_actor(),
            article=make_article(outlet=outlet_get_or_create(name="Other")),
        )
    count()


def test_the_claim_page_links_to_every_export(analyst_client, claim):
    body = analyst_client.get(f"/claims/{claim.pk}/").content.decode()
    for href in (
        f"/claims/{claim.pk}/report/",
        f"/claims/{claim.pk}/export.csv",
        f"/api/v1/claims/{claim.pk}/claimreview",
    ):
        assert f'href="{href}"' in body, href
    response = analyst_client.get(f"/api/v1/claims/{claim.pk}/claimreview")
    assert response.status_code == 200 and response.json()["@type"] == "ClaimReview"


def test_the_claims_csv_keeps_the_lists_filters(analyst_client, claim):
    make_claim("Lavrov visited Pyongyang")
    everything = _csv(analyst_client.get("/claims/export.csv"))
    assert [r["statement"] for r in everything] == [
        "Lavrov visited Pyongyang",
        "The ferry hit rocks",
    ]
    contested = _csv(analyst_client.get("/claims/export.csv?status=contested"))
    assert [(r["statement"], r["asserts"], r["denies"]) for r in contested] == [
        ("The ferry hit rocks", "1", "1")
    ]
    # The list page links to the export with the same filters.
    body = analyst_client.get("/claims/?status=contested").content.decode()
    assert 'href="/claims/export.csv?status=contested"' in body


def test_the_matrix_csv_is_the_matrix_shown(analyst_client, claim):
    lind = claim.attributions.get(stance="denies").actor
    rows = _csv(analyst_client.get(f"/matrix/export.csv?claim={claim.pk}&actor={lind.pk}"))
    assert rows == [
        {
            "claim_id": str(claim.pk),
            "claim": "The ferry hit rocks",
            f"Mara Lind (#{lind.pk})": "denies (1 statement)",
        }
    ]
    body = analyst_client.get(f"/matrix/?claim={claim.pk}&actor={lind.pk}").content.decode()
    assert f'href="/matrix/export.csv?claim={claim.pk}&amp;actor={lind.pk}"' in body


def test_a_viewer_may_export_and_an_anonymous_visitor_may_not(viewer_client, client, claim):
    assert viewer_client.get(f"/claims/{claim.pk}/export.csv").status_code == 200
    assert client.get(f"/claims/{claim.pk}/export.csv").status_code == 302
    assert client.get("/matrix/export.csv").status_code == 302


def test_the_list_and_matrix_csv_cost_a_fixed_number_of_queries(
    analyst_client, claim, django_assert_num_queries
):
    def count():
        with django_assert_num_queries(3):  # session, user, the claims with their counts
            _csv(analyst_client.get("/claims/export.csv"))
        # session, user, claims, actors, cells, first links
        with django_assert_num_queries(6):
            _csv(analyst_client.get("/matrix/export.csv"))

    count()
    for n in range(5):
        make_attribution(claim=make_claim(f"Another claim {n}"), actor=make_actor())
    count()


def test_the_report_lists_the_first_of_each_stance_and_points_at_the_csv(
    analyst_client, claim, monkeypatch
):
    monkeypatch.setattr("claims.exports.REPORT_ROWS", 1)
    make_attribution(claim=claim, actor=make_actor("Second Speaker"), article=make_article())
    body = analyst_client.get(f"/claims/{claim.pk}/report/").content.decode()
    assert "Second Speaker" not in body
    assert (
        f'The first 1 are listed; <a href="/claims/{claim.pk}/export.csv">the CSV</a> holds them all.'
        in body
    )
