"""The standard exports: schema.org ClaimReview and W3C Web Annotations."""

import pytest

from articles.models import Article
from claims.services import evidence_create
from tests.factories import make_actor, make_article, make_attribution, make_claim

pytestmark = pytest.mark.django_db

TEXT = (
    "Kirby said North Korea shipped shells to Russia. Peskov denied that North Korea shipped shells to Russia. "
    "Satellite images show containers at Rajin."
)
CLAIM_REVIEW_REQUIRED = {
    "@context",
    "@type",
    "url",
    "claimReviewed",
    "reviewRating",
    "itemReviewed",
    "author",
    "datePublished",
}


@pytest.fixture
def story(db):
    article = make_article(
        TEXT, outlet="Reuters", url="https://example.com/shells", published_on="2023-10-13"
    )
    claim = make_claim("North Korea shipped shells to Russia", status="contested")
    kirby, peskov = make_actor("John Kirby"), make_actor("Kremlin", kind="government")
    make_attribution(
        article=article,
        actor=kirby,
        claim=claim,
        quote="North Korea shipped shells to Russia",
        prefix="Kirby said ",
    )
    make_attribution(
        article=article, actor=peskov, claim=claim, stance="denies", quote="Peskov denied"
    )
    evidence_create(
        article=article,
        claim=claim,
        relation="supports",
        quote="Satellite images show containers",
        credibility=2,
    )
    return claim


def test_it_exports_a_claim_as_claimreview(viewer_api, story, settings):
    settings.TRACKER_ORGANISATION = "Harbour Desk"
    response = viewer_api.get(f"/api/v1/claims/{story.pk}/claimreview/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/ld+json"
    review = response.json()
    assert CLAIM_REVIEW_REQUIRED <= set(review)
    assert (review["@context"], review["@type"]) == ("https://schema.org", "ClaimReview")
    assert review["claimReviewed"] == "North Korea shipped shells to Russia"
    assert review["author"] == {"@type": "Organization", "name": "Harbour Desk"}
    assert review["reviewRating"] == {
        "@type": "Rating",
        "ratingValue": 2,
        "worstRating": 1,
        "bestRating": 4,
        "alternateName": "Contested",
    }
    item = review["itemReviewed"]
    assert item["@type"] == "Claim"
    # Only the actor who asserts it is an author of the claim; the article reporting both is one appearance.
    assert item["author"] == [{"@type": "Person", "name": "John Kirby"}]
    assert item["appearance"] == [
        {
            "@type": "NewsArticle",
            "url": "https://example.com/shells",
            "headline": Article.objects.get().title,
            "datePublished": "2023-10-13",
            "publisher": {"@type": "Organization", "name": "Reuters"},
        }
    ]
    assert item["datePublished"] == "2023-10-13"


def test_it_exports_a_filtered_list_of_claimreviews(viewer_api, story):
    make_claim("Unrelated", status="refuted")
    response = viewer_api.get("/api/v1/claims/claimreview/?status=contested")
    graph = response.json()["@graph"]
    assert [r["claimReviewed"] for r in graph] == ["North Korea shipped shells to Russia"]
    assert all(CLAIM_REVIEW_REQUIRED - {"@context"} <= set(r) for r in graph)


def _apply(selectors, text):
    by_type = {s["type"]: s for s in selectors}
    position, quote = by_type["TextPositionSelector"], by_type["TextQuoteSelector"]
    located = text[position["start"] : position["end"]]
    assert text[: position["start"]].endswith(quote["prefix"])
    assert text[position["end"] :].startswith(quote["suffix"])
    return located, quote["exact"]


def test_it_exports_attributions_as_web_annotations_that_round_trip(viewer_api, story):
    text = viewer_api.get(f"/api/v1/articles/{Article.objects.get().pk}/").json()["text"]
    for attribution in story.attributions.all():
        annotation = viewer_api.get(f"/api/v1/attributions/{attribution.pk}/annotation/").json()
        assert annotation["@context"] == "http://www.w3.org/ns/anno.jsonld"
        assert annotation["type"] == "Annotation"
        assert {
            "type": "TextualBody",
            "purpose": "classifying",
            "value": attribution.stance,
        } in annotation["body"]
        assert annotation["target"]["source"].endswith(f"/articles/{attribution.article_id}/")
        located, exact = _apply(annotation["target"]["selector"], text)
        assert located == exact == attribution.exact


def test_it_exports_an_articles_annotations_as_a_collection(viewer_api, story):
    article = Article.objects.get()
    collection = viewer_api.get(f"/api/v1/articles/{article.pk}/annotations/").json()
    assert collection["type"] == "AnnotationCollection"
    assert collection["total"] == 3
    items = collection["first"]["items"]
    kinds = sorted(
        next(b["value"] for b in a["body"] if b["purpose"] == "classifying") for a in items
    )
    assert kinds == ["asserts", "denies", "supports"]
    quotes = [_apply(a["target"]["selector"], article.text) for a in items]
    assert all(located == exact for located, exact in quotes)
    assert sorted(exact for _, exact in quotes) == [
        "North Korea shipped shells to Russia",
        "Peskov denied",
        "Satellite images show containers",
    ]


def test_it_exports_whole_article_evidence_as_an_annotation_of_the_article(viewer_api, story):
    evidence = evidence_create(
        article=Article.objects.get(), claim=story, relation="contradicts", whole_article=True
    )
    annotation = viewer_api.get(f"/api/v1/evidence/{evidence.pk}/annotation/").json()
    assert annotation["target"].endswith(f"/articles/{evidence.article_id}/")
    assert {"type": "TextualBody", "purpose": "classifying", "value": "contradicts"} in annotation[
        "body"
    ]


@pytest.mark.parametrize("url", ["/api/v1/claims/{pk}/claimreview/", "/api/v1/claims/claimreview/"])
def test_the_claimreview_export_reads_only_what_it_prints(viewer_api, story, url):
    """No quotes are printed, so none are read: a stance's columns are named, never `*`."""
    from django.db import connection

    statements = []

    def record(execute, sql, params, many, context):
        statements.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        response = viewer_api.get(url.format(pk=story.pk))
    assert response.status_code == 200
    stances = [sql for sql in statements if "claims_attribution" in sql]
    assert len(stances) == 1
    assert "exact" not in stances[0] and "is_direct_quote" not in stances[0]
    assert "SELECT *" not in stances[0] and "t.*" not in stances[0].replace(
        "SELECT t.* FROM unnest", ""
    )
