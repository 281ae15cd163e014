"""Reviewing many suggestions at once: /suggestions/ with the API's filters, the ticked ones or
every match, and the API's POST /api/v1/suggestions/review/; one history entry per record."""

import pytest

from claims.models import Attribution, ReviewState
from claims.services import attribution_create
from tests.factories import make_actor, make_article, make_attribution, make_claim

pytestmark = pytest.mark.django_db

QUOTES = (
    "Harbour officials said on Monday that the ferry sank after hitting rocks.",
    "The operator denied that the crew had ignored storm warnings.",
    "“We followed every rule,” the operator's chief executive Mara Lind said.",
)


def _suggest(article, quote, rule, confidence, actor="Harbour officials"):
    return attribution_create(
        article=article,
        actor=None,
        claim=None,
        stance="asserts",
        quote=quote,
        review_state=ReviewState.SUGGESTED,
        origin="machine",
        proposed_actor=actor,
        proposed_claim="The ferry hit rocks",
        rule=rule,
        confidence=confidence,
    )


@pytest.fixture
def queue():
    one, two = make_article(), make_article()
    return [
        _suggest(one, QUOTES[0], "said-that", 0.9),
        _suggest(one, QUOTES[1], "denied", 0.6, actor="The operator"),
        _suggest(two, QUOTES[0], "said-that", 0.8),
        _suggest(two, QUOTES[2], "quote-tag", 0.4, actor="Mara Lind"),
    ]


def _shown(response) -> list[int]:
    return [s.pk for s in response.context["page"]]


def test_the_page_lists_suggestions_most_confident_first_and_filters_them(analyst_client, queue):
    a, b, c, d = queue
    assert _shown(analyst_client.get("/suggestions/")) == [a.pk, c.pk, b.pk, d.pk]
    assert _shown(analyst_client.get("/suggestions/?rule=said-that")) == [a.pk, c.pk]
    assert _shown(analyst_client.get("/suggestions/?confidence_min=0.7")) == [a.pk, c.pk]
    assert _shown(analyst_client.get(f"/suggestions/?article={b.article_id}")) == [a.pk, b.pk]
    assert _shown(analyst_client.get("/suggestions/?actor=mara lind")) == [d.pk]


def test_ticked_suggestions_are_accepted_together(analyst, analyst_client, queue):
    a, b, c, d = queue
    response = analyst_client.post(
        "/suggestions/",
        {"decision": "confirmed", "scope": "ticked", "ids": [a.pk, d.pk]},
        follow=True,
    )
    assert "Accepted 2 suggestions." in response.content.decode()
    states = dict(Attribution.objects.values_list("pk", "review_state"))
    assert states == {a.pk: "confirmed", b.pk: "suggested", c.pk: "suggested", d.pk: "confirmed"}
    for pk in (a.pk, d.pk):
        record = Attribution.objects.get(pk=pk)
        assert record.reviewed_by == analyst and record.actor is not None
        assert record.history.count() == 2  # made, then reviewed: one entry each


def test_every_suggestion_a_filter_matches_is_rejected(analyst_client, queue):
    a, b, c, d = queue
    analyst_client.post(
        "/suggestions/", {"decision": "rejected", "scope": "matching", "rule": "said-that"}
    )
    states = dict(Attribution.objects.values_list("pk", "review_state"))
    assert states == {a.pk: "rejected", b.pk: "suggested", c.pk: "rejected", d.pk: "suggested"}


def test_one_that_cannot_be_accepted_is_reported_and_the_rest_go_through(analyst_client, queue):
    a, b, *_ = queue
    # b repeats a record already made of the same passage.
    make_attribution(
        article=b.article,
        actor=make_actor("The operator"),
        claim=make_claim("The ferry hit rocks"),
        quote=QUOTES[1],
    )
    response = analyst_client.post(
        "/suggestions/", {"decision": "confirmed", "ids": [a.pk, b.pk]}, follow=True
    )
    body = response.content.decode()
    assert "Accepted 1 suggestion." in body and f"Suggestion #{b.pk} was left as it is" in body
    assert Attribution.objects.get(pk=b.pk).review_state == "suggested"


def test_a_viewer_may_look_but_not_review(viewer_client, queue):
    assert viewer_client.get("/suggestions/").status_code == 200
    assert (
        viewer_client.post(
            "/suggestions/", {"decision": "rejected", "ids": [queue[0].pk]}
        ).status_code
        == 403
    )
    assert Attribution.objects.filter(review_state="suggested").count() == 4


def test_the_page_reads_a_fixed_number_of_queries(analyst_client, queue, django_assert_num_queries):
    # session, user, suggestions, permissions (2) and role
    with django_assert_num_queries(6):
        analyst_client.get("/suggestions/")
    for n in range(20):
        _suggest(make_article(), QUOTES[n % 3], f"rule-{n}", 0.5)
    with django_assert_num_queries(6):
        analyst_client.get("/suggestions/")


def test_the_api_reviews_many_and_reports_what_it_could_not(analyst_api, queue):
    a, b, *_ = queue
    response = analyst_api.post(
        "/api/v1/suggestions/review/",
        {"ids": [a.pk, b.pk, 999999], "decision": "rejected"},
        format="json",
    )
    assert response.status_code == 200, response.content
    assert response.json() == {
        "done": [a.pk, b.pk],
        "refused": [{"id": 999999, "detail": "No such suggestion."}],
    }
    over = analyst_api.post(
        "/api/v1/suggestions/review/",
        {"ids": list(range(1, 502)), "decision": "rejected"},
        format="json",
    )
    assert over.status_code == 400 and "ids" in over.json()
    assert Attribution.objects.get(pk=queue[2].pk).review_state == "suggested"


def test_the_api_filters_suggestions_as_the_page_does(analyst_api, queue):
    a, _, c, _ = queue
    ids = [
        s["id"] for s in analyst_api.get("/api/v1/suggestions/?rule=said-that").json()["results"]
    ]
    assert sorted(ids) == sorted([a.pk, c.pk])


def test_a_viewer_may_not_review_through_the_api(viewer_api, queue):
    response = viewer_api.post(
        "/api/v1/suggestions/review/", {"ids": [queue[0].pk], "decision": "rejected"}, format="json"
    )
    assert response.status_code == 403


def test_the_reader_takes_all_of_its_articles_suggestions_at_once(analyst_client, queue):
    a, b, c, d = queue
    reader = f"/articles/{a.article_id}/"
    assert 'name="scope" value="matching"' in analyst_client.get(reader).content.decode()
    response = analyst_client.post(
        "/suggestions/",
        {
            "decision": "confirmed",
            "scope": "matching",
            "article": a.article_id,
            "next": reader + "#queue",
        },
    )
    assert response.status_code == 302 and response["Location"] == reader + "#queue"
    states = dict(Attribution.objects.values_list("pk", "review_state"))
    assert states == {a.pk: "confirmed", b.pk: "confirmed", c.pk: "suggested", d.pk: "suggested"}


def test_a_next_address_off_the_site_is_not_followed(analyst_client, queue):
    response = analyst_client.post(
        "/suggestions/",
        {"decision": "rejected", "ids": [queue[0].pk], "next": "//elsewhere.example/x"},
    )
    assert response["Location"] == "/suggestions/"
