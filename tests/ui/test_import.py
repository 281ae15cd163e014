import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from articles.models import Article
from tests.factories import TEXT

pytestmark = pytest.mark.django_db

STORY = "Ferry sinks off the coast\n\n12 March 2024\n\n" + TEXT


def _preview(client, **data):
    return client.post(
        "/import/", {"step": "preview", "text": "", "url": "", "title": "", "outlet": "", **data}
    )


def test_it_shows_what_was_detected_before_saving(analyst_client):
    response = _preview(analyst_client, text=STORY, outlet="Coast Times")
    html = response.content.decode()
    assert response.status_code == 200
    assert (
        "What was found" in html and "Ferry sinks off the coast" in html and "Coast Times" in html
    )
    assert not Article.objects.exists()


def test_it_saves_the_article_and_opens_the_reader(analyst_client, analyst):
    preview = _preview(analyst_client, text=STORY, outlet="Coast Times").context
    response = analyst_client.post(
        "/import/",
        {
            "step": "save",
            "text": preview["text"],
            "title": "",
            "outlet": "Coast Times",
            "url": "",
            "published_on": "",
        },
    )
    article = Article.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/articles/{article.pk}/"
    assert article.text == preview["text"] and article.outlet.name == "Coast Times"
    assert article.created_by == analyst


def test_it_says_when_the_text_was_imported_before(analyst_client):
    from tests.factories import make_article

    existing = make_article(text=STORY)
    html = _preview(analyst_client, text=existing.text).content.decode()
    assert "This text was imported before" in html and f'href="/articles/{existing.pk}/"' in html


def test_it_imports_an_uploaded_html_file_as_plain_text(analyst_client):
    upload = SimpleUploadedFile(
        "story.html",
        b"<html><body><h1>Ferry sinks</h1><p>The operator denied it.</p><script>x()</script></body></html>",
    )
    response = analyst_client.post("/import/", {"step": "preview", "file": upload})
    assert response.status_code == 200
    # The page's headline is its title, not a line of its text (articles.pages).
    assert response.context["text"] == "The operator denied it."
    assert response.context["fields"]["title"] == "Ferry sinks"


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("scan.pdf", b"%PDF-1.4 ...", "Upload a .txt or .html file."),
        ("scan.txt", b"%PDF-1.4 ...", "binary file"),
        ("latin.txt", "Caf\u00e9".encode("latin-1"), "not valid UTF-8"),
    ],
)
def test_it_refuses_files_that_are_not_text(analyst_client, name, content, message):
    response = analyst_client.post(
        "/import/", {"step": "preview", "file": SimpleUploadedFile(name, content)}
    )
    assert response.status_code == 422
    assert message in response.content.decode()
    assert not Article.objects.exists()


def test_it_asks_for_something_to_import(analyst_client):
    response = _preview(analyst_client)
    assert response.status_code == 422
    assert b"Paste the text, upload a file or give a web address." in response.content


@pytest.mark.parametrize(
    "url, message",
    [
        ("ftp://example.com/story.txt", "starting with http:// or https://"),
        ("http://10.1.2.3/story", "local or private network address"),
        ("http://169.254.169.254/latest/meta-data", "local or private network address"),
        ("http://[::1]/story", "local or private network address"),
    ],
)
def test_it_refuses_addresses_outside_the_public_web(analyst_client, url, message):
    response = _preview(analyst_client, url=url)
    assert response.status_code == 422
    assert message in response.content.decode()


def test_it_refuses_a_viewer(viewer_client):
    assert viewer_client.get("/import/").status_code == 403
    assert _preview(viewer_client, text=STORY).status_code == 403
    response = viewer_client.post("/import/", {"step": "save", "text": STORY})
    assert response.status_code == 403
    assert not Article.objects.exists()


def test_it_refuses_a_file_over_the_size_limit(analyst_client, settings):
    settings.MAX_UPLOAD_BYTES = 100
    upload = SimpleUploadedFile("story.txt", STORY.encode())
    response = analyst_client.post("/import/", {"step": "preview", "file": upload})
    assert response.status_code == 422
    assert "The file is larger than 100 bytes." in response.content.decode()


def test_it_reads_a_paragraph_wrapped_in_the_markup_as_one_line(analyst_client):
    upload = SimpleUploadedFile(
        "story.html",
        b"<p>The operator denied\n   that the crew had ignored\nstorm warnings.</p>\n<p>Divers\nreturned.</p>",
    )
    response = analyst_client.post("/import/", {"step": "preview", "file": upload})
    assert (
        response.context["text"]
        # Paragraphs of a page are a blank line apart (articles.pages).
        == "The operator denied that the crew had ignored storm warnings.\n\nDivers returned."
    )
