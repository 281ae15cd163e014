"""Import metadata: the preview finds the title, date and outlet that wire and newspaper layouts
carry, and lets the analyst correct each before saving."""

import datetime
import re

import pytest

from articles.models import Article
from suggest import detect_structure

pytestmark = pytest.mark.django_db

WIRE = (
    "HARBOURTON, March 12 2024 (Coastal Wire) - Port officials said on Tuesday that a ferry ran "
    "aground near the northern breakwater, and the operator denied that its crew had ignored "
    "the storm warnings issued the night before. The inquiry opens next week.\n\n"
    "The ministry said repairs to the breakwater were under way."
)
PAPER = (
    "Ferry inquiry opens\nBy Ana Reyes\nPublished 3 May 2024\n\n"
    "Officials said the inquiry would hear from the crew first."
)


@pytest.mark.parametrize(
    "text, dateline, agency, published_on",
    [
        (WIRE, "HARBOURTON", "Coastal Wire", datetime.date(2024, 3, 12)),
        (
            "LISBON, 4 June, 2023 (Tide Agency) -- Officials said so.",
            "LISBON",
            "Tide Agency",
            datetime.date(2023, 6, 4),
        ),
        (
            "OSLO, Oct 17 (Nordwire) - Officials said so.",
            "OSLO",
            "Nordwire",
            None,
        ),  # no year: no date
        ("OSLO - Officials said so.", "OSLO", "", None),
    ],
)
def test_the_wire_dateline_gives_place_date_and_agency(text, dateline, agency, published_on):
    structure = detect_structure(text)
    assert (structure.dateline, structure.agency, structure.published_on) == (
        dateline,
        agency,
        published_on,
    )


def _preview(client, text, **extra):
    return client.post("/import/", {"step": "preview", "text": text, **extra})


def test_the_preview_offers_what_the_wire_layout_says_and_a_short_title(analyst_client):
    body = _preview(analyst_client, WIRE).content.decode()
    title = re.search(r'name="title" value="([^"]*)"', body)[1]
    # The first sentence, cut at a word: not the first 200 characters of the paragraph.
    assert title.startswith("Port officials said on Tuesday that a ferry ran aground")
    assert title.endswith("…") and len(title) <= 120 and "HARBOURTON" not in title
    assert 'name="published_on" value="2024-03-12"' in body
    assert 'name="outlet" value="Coastal Wire"' in body
    assert "No headline was found" in body


def test_the_preview_takes_a_newspapers_headline_byline_and_published_line(analyst_client):
    body = _preview(analyst_client, PAPER).content.decode()
    assert 'name="title" value="Ferry inquiry opens"' in body
    assert 'name="published_on" value="2024-05-03"' in body
    assert "Ana Reyes" in body


def test_what_the_analyst_typed_wins_over_what_was_found(analyst_client):
    body = _preview(
        analyst_client, WIRE, title="Ferry aground", outlet="Harbour Post"
    ).content.decode()
    assert (
        'name="title" value="Ferry aground"' in body
        and 'name="outlet" value="Harbour Post"' in body
    )


def test_the_analyst_corrects_title_date_outlet_and_address_before_saving(analyst_client):
    response = analyst_client.post(
        "/import/",
        {
            "step": "save",
            "text": WIRE,
            "title": "Ferry runs aground at Harbourton",
            "published_on": "2024-03-13",
            "outlet": "Coastal Wire",
            "url": "https://example.org/ferry-aground",
        },
    )
    assert response.status_code == 302
    article = Article.objects.get()
    assert (article.title, article.published_on, article.outlet.name, article.url) == (
        "Ferry runs aground at Harbourton",
        datetime.date(2024, 3, 13),
        "Coastal Wire",
        "https://example.org/ferry-aground",
    )


def test_a_title_found_nowhere_is_the_first_sentence_not_200_characters(analyst_client):
    analyst_client.post("/import/", {"step": "save", "text": WIRE, "title": ""})
    title = Article.objects.get().title
    assert title.startswith("Port officials said") and len(title) <= 120
