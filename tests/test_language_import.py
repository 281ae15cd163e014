"""A text that is not English gets no suggestions, and the article says why: on every import path
(service, API, bulk, background batch, command) and on the reader page."""

import io
import json

import pytest
from django.core.management import call_command

from articles.models import Article
from articles.services import article_bulk_import, article_import, import_batch_create
from claims.models import Attribution

pytestmark = pytest.mark.django_db

# Stories written for these tests, the same news in English and in German.
ENGLISH = (
    "Ferry operator denies crew ignored warnings\n\n"
    "Harbour officials said on Monday that the ferry sank after striking rocks near the northern "
    "breakwater. The operator, Coastline Ferries, denied that its crew had ignored the storm "
    "warnings. “We followed every rule,” chief executive Mara Lind told reporters."
)
GERMAN = (
    "Fährbetreiber bestreitet Versäumnisse der Besatzung\n\n"
    "Hafenbeamte erklärten am Montag, die Fähre sei gesunken, nachdem sie vor dem nördlichen "
    "Wellenbrecher auf Felsen gelaufen war. Der Betreiber Coastline Ferries bestritt, dass die "
    "Besatzung die Sturmwarnungen missachtet habe. „Wir haben jede Regel befolgt“, sagte die "
    "Geschäftsführerin Mara Lind vor Reportern."
)
GERMAN_NOTE = (
    "No suggestions: the text reads as German (de), and suggestions are made for English only."
)


@pytest.fixture
def analyst_api(analyst):
    """An API client signed in with the analyst's token, as integrations call the API."""
    from rest_framework.authtoken.models import Token
    from rest_framework.test import APIClient

    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=analyst).key}")
    return client


def _suggestions(article: Article) -> int:
    return Attribution.objects.filter(article=article, review_state="suggested").count()


def test_a_german_article_gets_its_language_no_suggestions_and_the_reason():
    article = article_import(text=GERMAN).article
    article.refresh_from_db()
    assert article.language == "de"
    assert _suggestions(article) == 0
    assert article.suggestion_note == GERMAN_NOTE


def test_an_english_article_gets_its_language_and_its_suggestions():
    article = article_import(text=ENGLISH).article
    article.refresh_from_db()
    assert article.language == "en"
    assert article.suggestion_note == ""
    assert _suggestions(article) > 0


def test_a_language_the_caller_gives_is_kept():
    english = article_import(text=ENGLISH, language="de").article
    assert english.language == "de"
    assert _suggestions(english) == 0
    assert "given as German (de)" in english.suggestion_note

    german = article_import(text=GERMAN, language="en-GB").article
    assert german.language == "en-GB"
    assert german.suggestion_note == ""


def test_a_text_whose_language_cannot_be_told_is_not_refused():
    article = article_import(text="2024-05-08\n\n12:00 | 13:30 | 15:45\n\n+44 20 7946 0000").article
    assert article.language == "und"
    assert article.suggestion_note == ""


def test_bulk_import_decides_article_by_article():
    results = article_bulk_import(items=[{"text": GERMAN}, {"text": ENGLISH}])
    german, english = (r.article for r in results)
    assert (german.language, _suggestions(german), german.suggestion_note) == ("de", 0, GERMAN_NOTE)
    assert (english.language, english.suggestion_note) == ("en", "")
    assert _suggestions(english) > 0


def test_a_background_batch_obeys_the_same_rule(analyst):
    batch = import_batch_create(items=[{"text": GERMAN}, {"text": ENGLISH}], user=analyst)
    assert (batch.status, batch.created) == ("done", 2)
    german = Article.objects.get(language="de")
    assert _suggestions(german) == 0 and german.suggestion_note == GERMAN_NOTE
    assert _suggestions(Article.objects.get(language="en")) > 0


def test_suggesting_again_for_a_german_article_stores_nothing():
    from claims.tasks import suggestions_refresh

    article = article_import(text=GERMAN).article
    assert suggestions_refresh.call(article.pk) == 0


def test_the_api_imports_a_german_article_with_its_language_and_the_note(analyst_api):
    response = analyst_api.post("/api/v1/articles/", {"text": GERMAN}, format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["language"] == "de"
    assert body["suggestion_note"] == GERMAN_NOTE
    assert _suggestions(Article.objects.get(pk=body["id"])) == 0

    detail = analyst_api.get(f"/api/v1/articles/{body['id']}/").json()
    assert detail["suggestion_note"] == GERMAN_NOTE


def test_the_api_detects_english_and_keeps_a_given_language(analyst_api):
    english = analyst_api.post("/api/v1/articles/", {"text": ENGLISH}, format="json").json()
    assert (english["language"], english["suggestion_note"]) == ("en", "")
    assert _suggestions(Article.objects.get(pk=english["id"])) > 0

    given = analyst_api.post(
        "/api/v1/articles/", {"text": GERMAN, "language": "en"}, format="json"
    ).json()
    assert (given["language"], given["suggestion_note"]) == ("en", "")


def test_the_api_bulk_import_obeys_the_same_rule(analyst_api):
    response = analyst_api.post(
        "/api/v1/articles/bulk/",
        {"articles": [{"text": GERMAN}, {"text": ENGLISH}]},
        format="json",
    )
    assert response.status_code in (200, 201, 207), response.content
    german, english = (
        Article.objects.get(pk=r["article"]["id"]) for r in response.json()["results"]
    )
    assert (german.language, german.suggestion_note, _suggestions(german)) == ("de", GERMAN_NOTE, 0)
    assert english.language == "en" and _suggestions(english) > 0


def test_the_note_is_read_only_in_the_api(analyst_api):
    article = article_import(text=GERMAN).article
    response = analyst_api.patch(
        f"/api/v1/articles/{article.pk}/",
        {"suggestion_note": "changed", "title": "Fähre gesunken"},
        format="json",
    )
    assert response.status_code == 200, response.content
    article.refresh_from_db()
    assert article.suggestion_note == GERMAN_NOTE


def test_the_reader_shows_the_note_where_the_suggestions_would_be(analyst_client):
    article = article_import(text=GERMAN).article
    page = analyst_client.get(f"/articles/{article.pk}/").content.decode()
    queue = page[page.index('id="queue"') :]
    assert GERMAN_NOTE in queue
    assert "No suggestions for this article." not in queue


def test_the_reader_escapes_the_note(analyst_client):
    article = article_import(text=ENGLISH, language="<b>x</b>").article
    assert "<b>x</b>" in article.suggestion_note
    page = analyst_client.get(f"/articles/{article.pk}/").content.decode()
    assert "given as &lt;b&gt;x&lt;/b&gt;" in page
    assert "<b>x</b>" not in page


def test_the_import_command_stores_no_suggestions_for_a_german_file(tmp_path):
    (tmp_path / "faehre.txt").write_text(GERMAN, encoding="utf-8")
    (tmp_path / "ferry.txt").write_text(ENGLISH, encoding="utf-8")
    out = io.StringIO()
    call_command("import_articles", str(tmp_path), "--format", "json", stdout=out)
    rows = {row["file"].rsplit("/", 1)[-1]: row for row in json.loads(out.getvalue())}
    assert rows["faehre.txt"]["suggestions"] == 0
    assert rows["ferry.txt"]["suggestions"] > 0
    assert Article.objects.get(pk=rows["faehre.txt"]["article"]).suggestion_note == GERMAN_NOTE


def test_the_suggest_command_prints_an_empty_list_for_a_german_file(tmp_path):
    german, english = tmp_path / "faehre.txt", tmp_path / "ferry.txt"
    german.write_text(GERMAN, encoding="utf-8")
    english.write_text(ENGLISH, encoding="utf-8")
    out = io.StringIO()
    call_command("suggest_attributions", str(german), str(english), stdout=out)
    first, second = out.getvalue().splitlines()
    assert first == "[]"
    assert json.loads(second)
