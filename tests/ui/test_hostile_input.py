"""Values a page reads from the query string or form itself (ids, versions, search words): a
hostile one is read as "none" or refused with a message, never a server error."""

import pytest

from articles.models import Article
from claims.models import ReviewState
from claims.services import attribution_create
from core.params import parse_id, search_words
from tests.factories import make_actor, make_article, make_attribution, make_claim

pytestmark = pytest.mark.django_db

# "²" passes str.isdigit() and fails int(); "٣" passes both (int() reads it as 3).
SUPERSCRIPT_TWO, ARABIC_THREE = "\u00b2", "\u0663"
PAST_64_BITS = str(2**64 + 1)


@pytest.mark.parametrize(
    "value, expected",
    [
        ("12", 12),
        (str(2**63 - 1), 2**63 - 1),
        ("007", 7),
        (SUPERSCRIPT_TWO, None),
        (ARABIC_THREE, None),
        (PAST_64_BITS, None),
        ("0" * 5000 + "1", 1),
        ("9" * 5000, None),  # past int()'s digit limit, which raises rather than reads
        ("0", None),
        ("-1", None),
        ("", None),
        (None, None),
        ("1\x00", None),
    ],
)
def test_it_reads_only_ascii_ids_in_the_databases_range(value, expected):
    assert parse_id(value) == expected


def test_it_keeps_the_words_of_a_search_and_drops_control_characters():
    assert search_words("  Peskov\x00 said\u200f\n\tit ") == "Peskov said\u200f it"
    assert search_words("\x00\x01") == ""
    assert search_words("\ud800 Kirby") == "Kirby"
    assert search_words("a" * 1000) == "a" * 200


def _suggestion(article):
    return attribution_create(
        article=article,
        stance="asserts",
        quote="the ferry sank after hitting rocks",
        review_state=ReviewState.SUGGESTED,
        origin="machine",
        actor=None,
        claim=None,
        proposed_actor="Harbour master",
        proposed_claim="The ferry hit rocks",
    )


@pytest.mark.parametrize("digit", [SUPERSCRIPT_TWO, ARABIC_THREE, PAST_64_BITS])
def test_it_opens_the_reader_without_an_edit_form_for_an_id_it_cannot_read(analyst_client, digit):
    article = make_article()
    _suggestion(article)
    response = analyst_client.get(f"/articles/{article.pk}/", {"edit": digit})
    assert response.status_code == 200
    assert response.context["editing"] is None


@pytest.mark.parametrize("digit", [SUPERSCRIPT_TWO, PAST_64_BITS])
def test_it_shows_the_matrix_leaving_out_ids_it_cannot_read(analyst_client, digit):
    attribution = make_attribution()
    claim, actor = attribution.claim, attribution.actor
    response = analyst_client.get("/matrix/", {"claim": [digit, claim.pk], "actor": digit})
    assert response.status_code == 200
    assert response.context["claims"] == [claim]
    # No actor id could be read: the actors most heard on the chosen claims.
    assert response.context["actors"] == [actor]
    response = analyst_client.get("/matrix/", {"actor": PAST_64_BITS})
    assert response.status_code == 200


@pytest.mark.parametrize("after", [f"~{SUPERSCRIPT_TWO}", f"2024-03-01~{SUPERSCRIPT_TWO}"])
def test_it_answers_a_stances_cursor_it_cannot_read_with_the_first_page(analyst_client, after):
    attribution = make_attribution()
    response = analyst_client.get(
        f"/claims/{attribution.claim_id}/stances/", {"stance": "asserts", "after": after}
    )
    assert response.status_code == 200
    assert response.context["rows"] == [attribution]


@pytest.mark.parametrize("version", [SUPERSCRIPT_TWO, ARABIC_THREE, PAST_64_BITS])
def test_it_refuses_a_review_whose_version_it_cannot_read(analyst_client, version):
    suggestion = _suggestion(make_article())
    response = analyst_client.post(
        f"/suggestions/{suggestion.pk}/review/", {"decision": "confirmed", "version": version}
    )
    assert response.status_code == 422
    assert "That review could not be read" in response.content.decode()
    suggestion.refresh_from_db()
    assert suggestion.review_state == ReviewState.SUGGESTED


@pytest.mark.parametrize(
    "url, expected",
    [
        ("/search/?q=Pes%00kov", "Dmitry Peskov"),
        ("/actors/options/?q=Pes%00kov", "Dmitry Peskov"),
        ("/claims/options/?q=shells%00", "North Korea shipped artillery shells"),
    ],
)
def test_it_searches_for_words_typed_with_nul_bytes(analyst_client, url, expected):
    # PostgreSQL refuses NUL in any text it is given, a search term included.
    make_actor("Dmitry Peskov")
    make_claim("North Korea shipped artillery shells")
    response = analyst_client.get(url)
    assert response.status_code == 200
    assert expected in response.content.decode()


def test_it_refuses_a_web_address_with_a_port_past_65535(analyst_client):
    response = analyst_client.post(
        "/import/", {"step": "preview", "url": "http://example.com:99999/story"}
    )
    assert response.status_code == 422
    assert "a port is at most 65535" in response.content.decode()
    assert not Article.objects.exists()
