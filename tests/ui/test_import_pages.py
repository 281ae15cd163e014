"""The import page with web pages: a page by its address (served by a real local server) or
an uploaded .html file is previewed as its main text and metadata, corrected, and saved with the
corrections; a re-import of the same page is recognised; the many-files import reads pages too."""

import datetime
import functools
import hashlib
import re

import pytest
from django.core import signing
from django.core.files.uploadedfile import SimpleUploadedFile

import articles.forms
from articles.fetch import fetch_url
from articles.models import Article, ImportBatch
from tests.news_pages import (
    AUTHOR,
    EMPTY_FRONT,
    FURNITURE,
    PUBLISHED,
    SITE,
    STORY,
    TITLE,
    news_page,
    serving,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def loopback_fetch(monkeypatch):
    """The import form's fetch, reaching the tests' own server on 127.0.0.1: the real fetch
    with its size limit and deadline, only the public-address check left out (its own tests
    are in test_fetch.py)."""
    monkeypatch.setattr(
        articles.forms, "fetch_url", functools.partial(fetch_url, public_only=False)
    )


@pytest.fixture
def site(loopback_fetch):
    pages = {"/news/footbridge": news_page(), "/front": EMPTY_FRONT}
    with serving(pages) as base:
        yield base, pages


def _preview(client, **data):
    return client.post(
        "/import/", {"step": "preview", "text": "", "url": "", "title": "", "outlet": "", **data}
    )


def _hidden(body: str, name: str) -> str:
    return re.search(rf'name="{name}" value="([^"]*)"', body)[1]


def _save_form(body: str, **changes) -> dict:
    """The preview's save form as the browser would post it, with the analyst's changes."""
    text = re.search(r"<textarea name=\"text\" hidden>\n(.*?)</textarea>", body, re.S)[1]
    from html import unescape

    form = {
        "step": "save",
        "text": unescape(text),
        "page": unescape(_hidden(body, "page")),
        **{
            name: unescape(_hidden(body, name))
            for name in ("title", "byline", "published_on", "outlet", "url")
        },
    }
    return {**form, **changes}


def test_the_preview_of_a_url_shows_the_main_text_and_what_the_page_says(
    analyst_client, site, django_assert_max_num_queries
):
    base, _ = site
    url = f"{base}/news/footbridge"
    # The session, the user, the user's permissions (two) and groups (the menu), the look-up
    # of the same text or page, and the look-up of the address: the same for any number of
    # stored articles.
    with django_assert_max_num_queries(7):
        response = _preview(analyst_client, url=url)
    body = response.content.decode()
    assert response.status_code == 200
    text = response.context["text"]
    assert all(p in text for p in STORY) and [f for f in FURNITURE if f in text] == []
    facts = body.split('id="page-facts"')[1].split("</dl>")[0]
    for shown in (TITLE, AUTHOR, "16 September 2025", SITE, url):
        assert shown in facts
    fields = response.context["fields"]
    assert fields == {
        "title": TITLE,
        "byline": AUTHOR,
        "published_on": datetime.date(2025, 9, 16),
        "outlet": SITE,
        "url": url,
    }
    assert 'name="byline" value="Imogen Castellane"' in body
    assert not Article.objects.exists()


def test_the_analyst_corrects_what_was_found_and_the_article_keeps_the_corrections(
    analyst_client, analyst, site
):
    base, pages = site
    url = f"{base}/news/footbridge"
    body = _preview(analyst_client, url=url).content.decode()
    response = analyst_client.post(
        "/import/",
        _save_form(
            body,
            title="Footbridge to close for six weeks",
            byline="Imogen Castellane and Omar Quist",
            published_on="2025-09-17",
            outlet="Millbrook Courier",
            url=f"{url}?edition=print",
        ),
    )
    article = Article.objects.select_related("outlet").get()
    assert response.status_code == 302 and response["Location"] == f"/articles/{article.pk}/"
    assert (
        article.title,
        article.byline,
        article.published_on,
        article.outlet.name,
        article.url,
    ) == (
        "Footbridge to close for six weeks",
        "Imogen Castellane and Omar Quist",
        datetime.date(2025, 9, 17),
        "Millbrook Courier",
        f"{url}?edition=print",
    )
    assert article.page_hash == hashlib.sha256(pages["/news/footbridge"].encode()).hexdigest()
    assert article.created_by == analyst and all(p in article.text for p in STORY)


def test_the_same_page_again_is_recognised_in_the_preview_and_on_saving(analyst_client, site):
    base, _ = site
    url = f"{base}/news/footbridge"
    first = _preview(analyst_client, url=url).content.decode()
    analyst_client.post("/import/", _save_form(first))
    stored = Article.objects.get()

    again = _preview(analyst_client, url=url).content.decode()
    assert "This page was imported before as" in again and f'href="/articles/{stored.pk}/"' in again
    response = analyst_client.post("/import/", _save_form(again), follow=True)
    assert response.redirect_chain == [(f"/articles/{stored.pk}/", 302)]
    assert "This page was imported before; here it is." in response.content.decode()
    assert Article.objects.count() == 1


def test_a_changed_page_at_the_same_address_is_offered_and_saved_as_a_new_article(
    analyst_client, site
):
    base, pages = site
    url = f"{base}/news/footbridge"
    analyst_client.post("/import/", _save_form(_preview(analyst_client, url=url).content.decode()))
    first = Article.objects.get()
    pages["/news/footbridge"] = news_page(
        story=[*STORY[:4], "Update: the shuttle bus will run from Monday, the council said."]
    )
    body = _preview(analyst_client, url=url).content.decode()
    assert "This address was imported before as" in body and "the page has changed since" in body
    response = analyst_client.post("/import/", _save_form(body), follow=True)
    second = Article.objects.exclude(pk=first.pk).get()
    assert "Update: the shuttle bus" in second.text and second.url == first.url == url
    assert "this version is a new article" in response.content.decode()


def test_a_preview_note_that_was_tampered_with_is_refused_and_nothing_is_saved(
    analyst_client, site
):
    base, _ = site
    body = _preview(analyst_client, url=f"{base}/news/footbridge").content.decode()
    forged = signing.dumps({"page": "0" * 64, "text": "x"}, salt="another.salt")
    for changes in ({"page": forged}, {"text": "A different text the page never had."}):
        response = analyst_client.post("/import/", _save_form(body, **changes))
        assert response.status_code == 422
        assert "could not be checked" in response.content.decode()
    assert not Article.objects.exists()


def test_an_uploaded_page_is_previewed_and_saved_like_a_fetched_one(analyst_client):
    markup = news_page()
    upload = SimpleUploadedFile("footbridge.html", markup.encode(), content_type="text/html")
    body = _preview(analyst_client, file=upload).content.decode()
    assert "none: an uploaded file" in body and 'name="byline" value="Imogen Castellane"' in body
    analyst_client.post("/import/", _save_form(body))
    article = Article.objects.select_related("outlet").get()
    assert (article.title, article.byline, article.outlet.name, article.url) == (
        TITLE,
        AUTHOR,
        SITE,
        "",
    )
    assert article.published_on == datetime.date.fromisoformat(PUBLISHED)
    assert article.page_hash == hashlib.sha256(markup.encode()).hexdigest()
    assert [f for f in FURNITURE if f in article.text] == []


def test_a_page_with_no_main_text_is_shown_whole_with_a_note(analyst_client, site):
    base, _ = site
    response = _preview(analyst_client, url=f"{base}/front")
    body = response.content.decode()
    assert response.status_code == 200
    assert "No main text was found on the page; all of its text was kept." in body
    assert "Copyright Millbrook Courier Media Group." in response.context["text"]


def test_a_page_that_is_not_text_gets_a_clear_error_not_a_500(analyst_client, loopback_fetch):
    with serving({"/noise": "\ufffd\x01\x02" * 50_000}) as base:
        response = _preview(analyst_client, url=f"{base}/noise")
    assert response.status_code == 422
    assert "The page is binary data, not a web page" in response.content.decode()


def test_pasted_text_is_saved_with_no_page_hash(analyst_client):
    text = "\n\n".join(STORY)
    body = _preview(analyst_client, text=text).content.decode()
    assert 'name="page"' not in body
    analyst_client.post("/import/", _save_form_pasted(body))
    assert Article.objects.get().page_hash == ""


def _save_form_pasted(body: str) -> dict:
    from html import unescape

    text = re.search(r"<textarea name=\"text\" hidden>\n(.*?)</textarea>", body, re.S)[1]
    return {"step": "save", "text": unescape(text), "title": unescape(_hidden(body, "title"))}


def test_the_many_files_import_reads_pages_and_recognises_the_same_page(analyst_client):
    def upload():
        return [
            SimpleUploadedFile("footbridge.html", news_page().encode(), content_type="text/html"),
            SimpleUploadedFile("notes.txt", b"The mayor said the bridge would reopen in May."),
        ]

    assert analyst_client.post("/imports/", {"files": upload()}).status_code == 302
    page = Article.objects.select_related("outlet").get(page_hash__gt="")
    assert (page.title, page.byline, page.outlet.name) == (TITLE, AUTHOR, SITE)
    assert page.published_on == datetime.date.fromisoformat(PUBLISHED)
    assert [f for f in FURNITURE if f in page.text] == []
    assert Article.objects.get(page_hash="").text.startswith("The mayor said")

    # The same page again, under another name: already stored.
    again = [SimpleUploadedFile("copy.html", news_page().encode(), content_type="text/html")]
    assert analyst_client.post("/imports/", {"files": again}).status_code == 302
    batch = ImportBatch.objects.order_by("-pk").first()
    assert (batch.created, batch.existing) == (0, 1)
    assert Article.objects.count() == 2


def test_the_many_files_import_refuses_a_file_that_is_not_a_page_before_queuing(analyst_client):
    files = [
        SimpleUploadedFile("footbridge.html", news_page().encode(), content_type="text/html"),
        SimpleUploadedFile("empty.html", b"<html><body><script>x()</script></body></html>"),
    ]
    response = analyst_client.post("/imports/", {"files": files})
    assert response.status_code == 422
    assert "empty.html: The page has no text to import." in response.content.decode()
    assert not ImportBatch.objects.exists() and not Article.objects.exists()
