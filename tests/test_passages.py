import pytest
from django.core.exceptions import ValidationError

from articles.passages import PassageError, resolve_quote
from articles.services import passage_locate
from tests.factories import make_article

TEXT = "The minister said the bridge is safe. Later the minister said the bridge is safe again."


def test_it_finds_a_quote_that_occurs_once():
    assert resolve_quote(TEXT, "safe again") == (
        TEXT.index("safe again"),
        TEXT.index("safe again") + 10,
    )


def test_it_lists_candidates_when_a_quote_occurs_twice():
    with pytest.raises(PassageError) as info:
        resolve_quote(TEXT, "the bridge is safe")
    assert len(info.value.candidates) == 2
    assert "occurs 2 times" in str(info.value)


def test_it_chooses_among_occurrences_by_prefix_or_suffix():
    second = TEXT.rindex("the bridge is safe")
    assert resolve_quote(TEXT, "the bridge is safe", suffix=" again")[0] == second
    assert resolve_quote(TEXT, "the bridge is safe", prefix="Later the minister said ")[0] == second


def test_it_prefers_the_original_over_a_repeated_copy():
    second = TEXT.rindex("the bridge is safe")
    assert resolve_quote(TEXT, "the bridge is safe", duplicate_spans=[(second - 5, len(TEXT))])[
        0
    ] == TEXT.index("the bridge is safe")


def test_it_says_when_the_quote_is_nowhere():
    with pytest.raises(PassageError, match="does not occur"):
        resolve_quote(TEXT, "the tunnel")


@pytest.mark.django_db
def test_it_checks_offsets_against_the_article():
    article = make_article()
    with pytest.raises(ValidationError) as info:
        passage_locate(article, start=5, end=len(article.text) + 3)
    assert "start" in info.value.message_dict
    with pytest.raises(ValidationError) as info:
        passage_locate(article, start=0, end=8, quote="Not this")
    assert "quote" in info.value.message_dict
    assert passage_locate(article, start=0, end=8, quote="Harbour ") == (0, 8)
