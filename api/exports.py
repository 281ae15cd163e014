"""Standard exports: schema.org ClaimReview, W3C Web Annotations, CSV of attributions."""

from django.conf import settings
from django.urls import reverse

from claims.models import ActorKind, ClaimStatus, Stance
from core.spreadsheet import csv_lines

SCHEMA_ORG = "https://schema.org"
ANNO_CONTEXT = "http://www.w3.org/ns/anno.jsonld"

# ClaimReview's reviewRating: 1 (false) to 4 (true), the status as its textual rating.
RATINGS = {
    ClaimStatus.REFUTED: 1,
    ClaimStatus.CONTESTED: 2,
    ClaimStatus.UNVERIFIED: 3,
    ClaimStatus.CORROBORATED: 4,
}


def _organisation() -> dict:
    return {"@type": "Organization", "name": settings.TRACKER_ORGANISATION}


def _actor_node(actor: dict) -> dict:
    kind = "Person" if actor["kind"] == ActorKind.PERSON else "Organization"
    return {"@type": kind, "name": actor["name"]}


def _appearance(article: dict, request) -> dict:
    node = {
        "@type": "NewsArticle",
        "url": article["url"]
        or request.build_absolute_uri(reverse("reader", args=[article["id"]])),
        "headline": article["title"],
    }
    if article["published_on"]:
        node["datePublished"] = article["published_on"]
    if article["outlet"] is not None:
        node["publisher"] = {"@type": "Organization", "name": article["outlet"]}
    return node


def claim_review(claim, request, *, context: bool = True) -> dict:
    """A claim as schema.org ClaimReview.

    Reads `claim.briefs["attributions"]` (claims.selectors.claims_attach_briefs, with the actors'
    kinds): the actors who assert the claim are its authors; every article reporting a stance on
    it is an appearance.
    """
    authors, appearances, seen_actors, seen_articles = [], [], set(), set()
    dates = []
    for brief in claim.briefs["attributions"]:
        actor, article = brief["actor"], brief["article"]
        if brief["stance"] == Stance.ASSERTS and actor["id"] not in seen_actors:
            seen_actors.add(actor["id"])
            authors.append(_actor_node(actor))
        if article["id"] not in seen_articles:
            seen_articles.add(article["id"])
            appearances.append(_appearance(article, request))
        if brief["stance"] == Stance.ASSERTS:
            # ISO dates, which sort as the dates do.
            when = brief["said_on"] or article["published_on"]
            if when:
                dates.append(when)
    item = {"@type": "Claim", "appearance": appearances, "author": authors}
    if dates:
        item["datePublished"] = min(dates)
    review = {
        "@type": "ClaimReview",
        "url": request.build_absolute_uri(claim.get_absolute_url()),
        "claimReviewed": claim.statement,
        "itemReviewed": item,
        "reviewRating": {
            "@type": "Rating",
            "ratingValue": RATINGS[claim.status],
            "worstRating": 1,
            "bestRating": 4,
            "alternateName": claim.get_status_display(),
        },
        "datePublished": claim.updated_at.date().isoformat(),
        "author": _organisation(),
    }
    return {"@context": SCHEMA_ORG, **review} if context else review


def _target(link, request) -> dict | str:
    source = request.build_absolute_uri(link.article.get_absolute_url())
    if link.start is None:
        return source
    return {
        "type": "SpecificResource",
        "source": source,
        "selector": [link.text_quote_selector(), link.text_position_selector()],
    }


def _claim_body(claim, request) -> dict:
    return {
        "type": "SpecificResource",
        "purpose": "linking",
        "source": request.build_absolute_uri(claim.get_absolute_url()),
    }


def attribution_annotation(attribution, request, *, context: bool = True) -> dict:
    """An attribution as a W3C Web Annotation: the stance classifies the passage."""
    body = [
        {"type": "TextualBody", "purpose": "classifying", "value": attribution.stance},
        {
            "type": "TextualBody",
            "purpose": "describing",
            "value": f"{attribution.actor_name} {attribution.stance}: {attribution.claim_statement}",
        },
    ]
    if attribution.claim_id:
        body.append(_claim_body(attribution.claim, request))
    annotation = {
        "id": request.build_absolute_uri(f"/api/v1/attributions/{attribution.pk}/annotation/"),
        "type": "Annotation",
        "motivation": "classifying",
        "created": attribution.created_at.isoformat(),
        "modified": attribution.updated_at.isoformat(),
        "body": body,
        "target": _target(attribution, request),
    }
    return {"@context": ANNO_CONTEXT, **annotation} if context else annotation


def evidence_annotation(evidence, request, *, context: bool = True) -> dict:
    """Evidence as a W3C Web Annotation: the relation classifies the passage (or the article)."""
    body = [
        {"type": "TextualBody", "purpose": "classifying", "value": evidence.relation},
        {
            "type": "TextualBody",
            "purpose": "describing",
            "value": f"{evidence.relation}: {evidence.claim.statement}",
        },
        {
            "type": "TextualBody",
            "purpose": "assessing",
            "value": evidence.get_credibility_display(),
        },
        _claim_body(evidence.claim, request),
    ]
    annotation = {
        "id": request.build_absolute_uri(f"/api/v1/evidence/{evidence.pk}/annotation/"),
        "type": "Annotation",
        "motivation": "classifying",
        "created": evidence.created_at.isoformat(),
        "modified": evidence.updated_at.isoformat(),
        "body": body,
        "target": _target(evidence, request),
    }
    return {"@context": ANNO_CONTEXT, **annotation} if context else annotation


def annotation_collection(article, attributions, evidence, request) -> dict:
    """Every confirmed attribution and every piece of evidence in an article, in one page."""
    items = [attribution_annotation(a, request, context=False) for a in attributions]
    items += [evidence_annotation(e, request, context=False) for e in evidence]
    url = request.build_absolute_uri(f"/api/v1/articles/{article.pk}/annotations/")
    return {
        "@context": ANNO_CONTEXT,
        "id": url,
        "type": "AnnotationCollection",
        "label": article.title,
        "total": len(items),
        "first": {"id": f"{url}#page-1", "type": "AnnotationPage", "startIndex": 0, "items": items},
    }


CSV_COLUMNS = [
    "id",
    "article_id",
    "article_title",
    "outlet",
    "article_url",
    "published_on",
    "actor_id",
    "actor",
    "stance",
    "claim_id",
    "claim",
    "quote",
    "start",
    "end",
    "said_on",
    "said_on_text",
    "is_direct_quote",
    "via",
    "review_state",
    "origin",
]


def attributions_csv_rows(attributions):
    """CSV lines for `attributions` (with actor, claim, via and article__outlet selected)."""
    return csv_lines(
        CSV_COLUMNS,
        (
            [
                a.pk,
                a.article_id,
                a.article.title,
                a.article.outlet.name if a.article.outlet_id else "",
                a.article.url,
                a.article.published_on or "",
                a.actor_id or "",
                a.actor_name,
                a.stance,
                a.claim_id or "",
                a.claim_statement,
                a.exact,
                a.start,
                a.end,
                a.said_on or "",
                a.said_on_text,
                int(a.is_direct_quote),
                a.via.name if a.via_id else "",
                a.review_state,
                a.origin,
            ]
            for a in attributions
        ),
    )
