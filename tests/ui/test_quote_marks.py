"""A passage is shown between one pair of quotation marks, whatever marks it was selected with."""

import pytest

from claims.templatetags.quotes import quoted
from tests.factories import make_article, make_attribution


@pytest.mark.parametrize(
    "passage, shown",
    [
        ("the ferry sank", "“the ferry sank”"),
        ("“We followed every rule,”", "“We followed every rule,”"),
        ("“We followed every", "“We followed every”"),
        ('"Plain marks"', "“Plain marks”"),
        ("« Nous avons suivi »", "“Nous avons suivi”"),
        # A quotation that closes before the passage ends keeps its own, balanced marks.
        ("“We followed every rule,” the chief said", "“We followed every rule,” the chief said"),
        ("", "“”"),
    ],
)
def test_quoted(passage, shown):
    assert quoted(passage) == shown


@pytest.mark.django_db
def test_the_claim_and_actor_pages_do_not_double_the_opening_mark(analyst_client):
    article = make_article("The chief said: “We followed every rule,” and left.")
    attribution = make_attribution(article=article, quote="“We followed every rule,”")
    for url in (attribution.claim.get_absolute_url(), attribution.actor.get_absolute_url()):
        body = analyst_client.get(url).content.decode()
        assert "“We followed every rule,”" in body, url
        assert "““" not in body and "””" not in body, url
