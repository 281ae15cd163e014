"""Web pages imported as published: the main text without the page's furniture, its title,
author, date and site name, the page's hash kept, and a re-import of the same page (by its hash
or its address) recognised, on every import path (service, URL, command, API)."""

import datetime
import hashlib
import io
import json
import os
import time

import pytest
from django.core.management import call_command

from articles.models import Article, ArticleRelation
from articles.pages import NO_MAIN_TEXT, page_extract
from articles.services import article_import, article_import_url
from articles.text import TextImportError
from claims.models import Attribution
from tests.news_pages import (
    AUTHOR,
    EMPTY_FRONT,
    FURNITURE,
    PUBLISHED,
    SITE,
    SPANISH_STORY,
    STORY,
    TITLE,
    news_page,
    serving,
)

pytestmark = pytest.mark.django_db


def _sha(markup: str) -> str:
    return hashlib.sha256(markup.encode()).hexdigest()


def _assert_main_text_only(text: str, story=STORY):
    for paragraph in story:
        assert paragraph in text
    leaked = [piece for piece in FURNITURE if piece in text]
    assert leaked == []


@pytest.mark.parametrize("json_ld", [True, False], ids=["json-ld-and-meta", "meta-tags-only"])
def test_it_reads_the_main_text_and_the_metadata_of_a_news_page(json_ld):
    markup = news_page(json_ld=json_ld)
    page = page_extract(markup, url="https://courier.example/news/footbridge")
    _assert_main_text_only(page.text)
    assert "window.analyticsQueue" not in page.text and "position: fixed" not in page.text
    assert (page.title, page.author, page.published_on, page.site_name) == (
        TITLE,
        AUTHOR,
        datetime.date.fromisoformat(PUBLISHED),
        SITE,
    )
    assert page.page_hash == _sha(markup) and page.note == ""


def test_a_page_with_no_main_text_keeps_all_of_its_text_and_says_so():
    page = page_extract(EMPTY_FRONT)
    assert page.note == NO_MAIN_TEXT
    assert "Home" in page.text and "Copyright Millbrook Courier Media Group." in page.text


def test_a_page_with_no_text_at_all_is_refused():
    with pytest.raises(TextImportError, match="The page has no text to import."):
        page_extract("<html><head><script>x()</script></head><body><div></div></body></html>")


def test_two_megabytes_of_nested_junk_end_in_a_clear_error_within_seconds():
    # Before extraction was bounded, flattening this took minutes (the sanitiser's time grows
    # with the square of the nesting).
    junk = "<html><body>" + "<div>" * 200_000 + "x" + "</div>" * 200_000 + "</body></html>"
    started = time.monotonic()
    with pytest.raises(TextImportError, match="no text to import"):
        page_extract(junk)
    assert time.monotonic() - started < 30


def test_binary_noise_served_as_a_page_is_refused_as_binary():
    noise = os.urandom(2_000_000).decode("utf-8", errors="replace")
    with pytest.raises(TextImportError, match="binary data, not a web page"):
        page_extract(noise)


def test_a_page_with_too_many_elements_keeps_all_of_its_text_within_seconds(settings):
    settings.PAGE_MAX_ELEMENTS = 15_000
    rows = "".join(f"<li><a href='/t/{n}'>Topic {n}</a></li>" for n in range(40_000))
    markup = f"<html><head><title>Index</title></head><body><ul>{rows}</ul></body></html>"
    started = time.monotonic()
    page = page_extract(markup)
    assert time.monotonic() - started < 30
    assert (
        page.note.startswith("The page has 80,00") and "too many to find its main text" in page.note
    )
    assert "Topic 39999" in page.text and page.title == "Index"


def test_a_url_import_stores_the_main_text_the_metadata_and_the_pages_hash(analyst):
    markup = news_page()
    with serving({"/news/footbridge": markup}) as base:
        url = f"{base}/news/footbridge"
        result = article_import_url(url=url, user=analyst, public_only=False)
    article = Article.objects.select_related("outlet").get()
    assert result.created and result.article == article and result.earlier is None
    _assert_main_text_only(article.text)
    assert (article.title, article.byline, article.published_on, article.outlet.name) == (
        TITLE,
        AUTHOR,
        datetime.date.fromisoformat(PUBLISHED),
        SITE,
    )
    assert (article.url, article.page_hash) == (url, _sha(markup))


def test_a_given_outlet_wins_over_the_pages_site_name(analyst):
    with serving({"/a": news_page()}) as base:
        result = article_import_url(url=f"{base}/a", outlet="Wire copy desk", public_only=False)
    assert result.article.outlet.name == "Wire copy desk"


def test_the_same_page_again_is_recognised_by_its_address_and_by_its_hash(analyst):
    markup = news_page()
    pages = {"/news/footbridge": markup, "/amp/footbridge": markup}
    with serving(pages) as base:
        first = article_import_url(url=f"{base}/news/footbridge", public_only=False)
        again = article_import_url(url=f"{base}/news/footbridge", public_only=False)
        elsewhere = article_import_url(url=f"{base}/amp/footbridge", public_only=False)
    assert first.created and not again.created and not elsewhere.created
    assert again.article == first.article == elsewhere.article
    assert Article.objects.count() == 1


def test_the_same_page_hash_is_recognised_even_when_the_main_text_reads_differently(analyst):
    # What identifies the page is the page: a stored article whose hash matches is the answer,
    # whatever text is given with it.
    stored = article_import(text="\n\n".join(STORY[:3]), page_hash=_sha(news_page()), is_html=False)
    result = article_import(text=news_page(), is_html=True)
    assert not result.created and result.article == stored.article


def test_an_address_whose_page_changed_is_imported_again_as_a_new_article(analyst):
    pages = {"/news/footbridge": news_page()}
    corrected = [*STORY[:4], "Correction: the council will decide on the shuttle bus next week."]
    with serving(pages) as base:
        url = f"{base}/news/footbridge"
        first = article_import_url(url=url, public_only=False)
        pages["/news/footbridge"] = news_page(story=corrected)
        second = article_import_url(url=url, public_only=False)
    assert second.created and second.earlier == first.article
    assert second.article.text != first.article.text and second.article.url == url
    assert "Correction: the council" in second.article.text
    # The copy/rewrite detection relates the new version to the first.
    assert ArticleRelation.objects.filter(article=second.article, original=first.article).exists()


def test_a_page_whose_furniture_changed_but_not_its_text_is_the_same_article(analyst):
    pages = {"/p": news_page()}
    with serving(pages) as base:
        first = article_import_url(url=f"{base}/p", public_only=False)
        pages["/p"] = news_page().replace("Harvest fair", "Autumn fair")  # a related headline
        again = article_import_url(url=f"{base}/p", public_only=False)
    assert not again.created and again.article == first.article


def test_a_page_in_another_language_is_imported_without_suggestions_and_says_why(analyst):
    markup = news_page(
        story=SPANISH_STORY,
        title="Villaserena cierra el puente peatonal",
        site="El Heraldo de Villaserena",
        lang="es",
    )
    with serving({"/es": markup}) as base:
        result = article_import_url(url=f"{base}/es", user=analyst, public_only=False)
    article = result.article
    assert result.created and article.language == "es"
    assert SPANISH_STORY[0] in article.text and "Share on Facebook" not in article.text
    assert "Spanish (es)" in article.suggestion_note and "English only" in article.suggestion_note
    assert not Attribution.objects.filter(article=article).exists()


def test_an_english_page_gets_suggestions(analyst):
    with serving({"/en": news_page()}) as base:
        result = article_import_url(url=f"{base}/en", user=analyst, public_only=False)
    assert result.article.suggestion_note == ""
    assert Attribution.objects.filter(article=result.article).exists()


def test_a_url_import_of_a_page_with_no_text_is_refused_and_stores_nothing():
    with serving({"/empty": "<html><body><script>x()</script></body></html>"}) as base:
        with pytest.raises(TextImportError, match="The page has no text to import."):
            article_import_url(url=f"{base}/empty", public_only=False)
    assert not Article.objects.exists()


def test_pasted_text_has_no_page_hash():
    result = article_import(text="\n\n".join(STORY))
    assert result.article.page_hash == ""


def test_the_command_imports_a_saved_page_and_recognises_it_again(tmp_path):
    (tmp_path / "footbridge.html").write_text(news_page())
    (tmp_path / "copy-of-footbridge.htm").write_text(news_page())
    out = io.StringIO()
    call_command("import_articles", str(tmp_path), "--format", "json", stdout=out)
    results = json.loads(out.getvalue())
    article = Article.objects.select_related("outlet").get()
    # Sorted by path: the copy first, then the same page under its own name.
    assert [(r["file"].rsplit("/", 1)[1], r["status"]) for r in results] == [
        ("copy-of-footbridge.htm", "created"),
        ("footbridge.html", "existing"),
    ]
    _assert_main_text_only(article.text)
    assert (article.title, article.byline, article.outlet.name) == (TITLE, AUTHOR, SITE)
    assert article.page_hash == _sha(news_page())


@pytest.fixture
def analyst_api(analyst):
    from rest_framework.authtoken.models import Token
    from rest_framework.test import APIClient

    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=analyst).key}")
    return client


def test_the_api_imports_html_as_a_page_and_answers_a_repeat_with_the_stored_article(
    analyst_api,
):
    markup = news_page()
    created = analyst_api.post("/api/v1/articles/", {"text": markup}, format="json")
    assert created.status_code == 201, created.content
    body = created.json()
    _assert_main_text_only(body["text"])
    assert (body["title"], body["byline"], body["published_on"]) == (TITLE, AUTHOR, PUBLISHED)
    assert Article.objects.get().page_hash == _sha(markup)
    again = analyst_api.post(
        "/api/v1/articles/", {"text": markup, "title": "Another title"}, format="json"
    )
    assert again.status_code == 200 and again.json()["id"] == body["id"]
    assert Article.objects.count() == 1


def test_the_api_cannot_set_a_page_hash():
    # The API's serializer has no page_hash field: a client cannot claim a page's identity.
    from api.serializers import ArticleCreateSerializer

    assert "page_hash" not in ArticleCreateSerializer().fields


def test_the_address_look_up_uses_its_index():
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        Article.objects.latest_from_address("https://courier.example/news/footbridge")
    (query,) = queries.captured_queries
    explain = "EXPLAIN QUERY PLAN " if connection.vendor == "sqlite" else "EXPLAIN "
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL enable_seqscan = off")  # a table this small is scanned
        cursor.execute(explain + query["sql"])
        plan = " ".join(str(row) for row in cursor.fetchall())
    assert "article_url_key_idx" in plan


def test_the_api_bulk_import_reads_pages_and_recognises_a_stored_one(analyst_api):
    stored = article_import(text=news_page()).article
    other = news_page(
        story=[
            "The county library will stay open until nine on weekdays from October, its "
            "director Harriet Oyelaran said on Wednesday, after a survey of readers.",
            "\u201cPeople asked for evenings, so evenings they get,\u201d she said.",
        ],
        title="Library opens late on weekdays",
    )
    response = analyst_api.post(
        "/api/v1/articles/bulk/",
        {"articles": [{"text": news_page()}, {"text": other}, {"text": other}]},
        format="json",
    )
    assert response.status_code == 200, response.content
    results = response.json()["results"]
    assert [r["status"] for r in results] == ["existing", "created", "existing"]
    assert results[0]["article"]["id"] == stored.pk
    new = Article.objects.get(pk=results[1]["article"]["id"])
    assert new.title == "Library opens late on weekdays" and new.byline == AUTHOR
    assert new.page_hash == _sha(other) and "Share on Facebook" not in new.text
