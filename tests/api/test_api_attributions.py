import pytest

from claims.models import Attribution, Evidence
from tests.factories import make_actor, make_article, make_claim

pytestmark = pytest.mark.django_db

TEXT = (
    "Kirby said the shells were shipped. Peskov said the shells were shipped? No: Peskov denied it."
)


@pytest.fixture
def parts(db):
    return {"article": make_article(TEXT), "claim": make_claim(), "actor": make_actor("John Kirby")}


def _body(parts, **extra):
    return {
        "article": parts["article"].pk,
        "claim": parts["claim"].pk,
        "actor": parts["actor"].pk,
        "stance": "asserts",
        **extra,
    }


def test_it_records_an_attribution_by_quote(analyst_api, parts, analyst):
    response = analyst_api.post(
        "/api/v1/attributions/", _body(parts, quote="Kirby said"), format="json"
    )
    assert response.status_code == 201
    body = response.json()
    assert (body["start"], body["end"], body["quote"], body["review_state"]) == (
        0,
        10,
        "Kirby said",
        "confirmed",
    )
    attribution = Attribution.objects.get()
    assert attribution.created_by == analyst
    assert parts["article"].text[attribution.start : attribution.end] == "Kirby said"


def test_it_lists_the_candidates_of_an_ambiguous_quote(analyst_api, parts):
    response = analyst_api.post(
        "/api/v1/attributions/", _body(parts, quote="the shells were shipped"), format="json"
    )
    assert response.status_code == 400
    assert response.json() == {
        "quote": [
            "The quote occurs 2 times (at 11-34, 48-71); give a prefix or suffix, or offsets."
        ]
    }
    response = analyst_api.post(
        "/api/v1/attributions/",
        _body(parts, quote="the shells were shipped", prefix="Peskov said "),
        format="json",
    )
    assert (response.status_code, response.json()["start"]) == (201, 48)


def test_it_refuses_a_quote_found_nowhere(analyst_api, parts):
    response = analyst_api.post(
        "/api/v1/attributions/", _body(parts, quote="never said"), format="json"
    )
    assert response.status_code == 400
    assert response.json() == {"quote": ["The quote does not occur in the article's text."]}
    assert not Attribution.objects.exists()


def test_it_checks_offsets_against_the_text(analyst_api, parts):
    response = analyst_api.post(
        "/api/v1/attributions/", _body(parts, start=80, end=5000), format="json"
    )
    assert response.status_code == 400
    assert "outside the article's text" in response.json()["start"][0]
    response = analyst_api.post(
        "/api/v1/attributions/", _body(parts, start=0, end=5, quote="Peskov"), format="json"
    )
    assert response.json() == {
        "quote": ["The quote does not match the article's text at these offsets."]
    }
    response = analyst_api.post(
        "/api/v1/attributions/", _body(parts, start=0, end=5), format="json"
    )
    assert (response.status_code, response.json()["quote"]) == (201, "Kirby")


def test_it_asks_for_a_passage(analyst_api, parts):
    response = analyst_api.post("/api/v1/attributions/", _body(parts), format="json")
    assert response.status_code == 400
    assert response.json() == {"quote": ["Give the quote, or start and end offsets."]}


def test_it_names_each_invalid_field(analyst_api, parts):
    response = analyst_api.post(
        "/api/v1/attributions/",
        {"article": 999999, "claim": "x", "stance": "maybe", "quote": "Kirby"},
        format="json",
    )
    assert response.status_code == 400
    assert set(response.json()) == {"article", "claim", "actor", "stance"}


def test_it_moves_an_attributions_passage(analyst_api, parts):
    created = analyst_api.post(
        "/api/v1/attributions/", _body(parts, quote="Kirby said"), format="json"
    ).json()
    response = analyst_api.patch(
        f"/api/v1/attributions/{created['id']}/",
        {"quote": "Peskov denied it", "stance": "denies"},
        format="json",
    )
    assert response.status_code == 200
    attribution = Attribution.objects.get()
    assert (attribution.exact, attribution.stance, attribution.version) == (
        "Peskov denied it",
        "denies",
        2,
    )
    assert attribution.prefix.endswith("No: ")


def test_it_filters_attributions(analyst_api, parts):
    peskov = make_actor("Dmitry Peskov")
    analyst_api.post("/api/v1/attributions/", _body(parts, quote="Kirby said"), format="json")
    analyst_api.post(
        "/api/v1/attributions/",
        _body(parts, actor=peskov.pk, stance="denies", quote="Peskov denied it"),
        format="json",
    )

    def quotes(query):
        return [
            a["quote"] for a in analyst_api.get(f"/api/v1/attributions/?{query}").json()["results"]
        ]

    assert quotes(f"actor={peskov.pk}") == ["Peskov denied it"]
    assert quotes("stance=asserts") == ["Kirby said"]
    assert quotes("q=denied") == ["Peskov denied it"]
    assert sorted(quotes(f"claim={parts['claim'].pk}&review_state=confirmed")) == [
        "Kirby said",
        "Peskov denied it",
    ]
    assert quotes("ordering=start") == ["Kirby said", "Peskov denied it"]
    assert analyst_api.get("/api/v1/attributions/?stance=maybe").status_code == 400


def test_it_pages_with_a_cursor(analyst_api, parts):
    for quote in ("Kirby said", "Peskov denied it", "No"):
        analyst_api.post("/api/v1/attributions/", _body(parts, quote=quote), format="json")
    page = analyst_api.get("/api/v1/attributions/?page_size=2").json()
    assert len(page["results"]) == 2 and "cursor=" in page["next"]
    rest = analyst_api.get(page["next"]).json()
    assert len(rest["results"]) == 1 and rest["next"] is None


def test_it_records_evidence_with_a_passage_or_the_whole_article(analyst_api, parts):
    base = {
        "article": parts["article"].pk,
        "claim": parts["claim"].pk,
        "relation": "supports",
        "credibility": 2,
    }
    response = analyst_api.post("/api/v1/evidence/", {**base, "quote": "Kirby said"}, format="json")
    assert (response.status_code, response.json()["quote"], response.json()["whole_article"]) == (
        201,
        "Kirby said",
        False,
    )
    response = analyst_api.post(
        "/api/v1/evidence/",
        {**base, "relation": "contradicts", "whole_article": True},
        format="json",
    )
    assert (response.status_code, response.json()["start"], response.json()["whole_article"]) == (
        201,
        None,
        True,
    )
    response = analyst_api.post(
        "/api/v1/evidence/", {**base, "relation": "refutes", "quote": "Kirby"}, format="json"
    )
    assert set(response.json()) == {"relation"}
    evidence = Evidence.objects.get(relation="supports")
    response = analyst_api.patch(
        f"/api/v1/evidence/{evidence.pk}/",
        {"whole_article": True, "note": "All of it."},
        format="json",
    )
    evidence.refresh_from_db()
    assert (evidence.start, evidence.exact, evidence.note) == (None, "", "All of it.")


def test_it_exports_attributions_as_csv(analyst_api, parts):
    analyst_api.post("/api/v1/attributions/", _body(parts, quote="Kirby said"), format="json")
    response = analyst_api.get(f"/api/v1/attributions/csv/?actor={parts['actor'].pk}")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    lines = b"".join(response.streaming_content).decode().splitlines()
    assert lines[0].startswith("id,article_id,article_title,outlet")
    assert len(lines) == 2
    assert ",John Kirby,asserts," in lines[1] and ",Kirby said,0,10," in lines[1]
