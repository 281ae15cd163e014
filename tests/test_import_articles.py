"""`import_articles`: article files from disk or stdin, all of them or none."""

import datetime
import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError

from articles.models import Article
from articles.services import article_import
from claims.models import Attribution

pytestmark = pytest.mark.django_db

STORY = (
    "Harbour fire blamed on faulty wiring\n\n"
    "Port officials said on Monday that faulty wiring started the fire that destroyed the ferry terminal. "
    "The terminal's operator, Northline Ferries, denied that its electricians had ignored safety warnings."
)
OTHER_STORY = "Rail unions denied on Friday that the strike had been called off."

PAGE = """<!doctype html>
<html><head><title>Harbour fire blamed on faulty wiring</title>
<style>body { color: red }</style>
<script>document.cookie = "stolen"</script></head>
<body>
<h1>Harbour fire blamed on faulty wiring</h1>
<p>Port officials said on Monday that faulty wiring started the fire that destroyed the ferry terminal.</p>
<img src="x.png" onerror="alert('img')">
<p>The terminal's operator, <a href="javascript:alert('link')">Northline Ferries</a>, denied that its electricians had ignored safety warnings.</p>
<iframe src="https://ads.example/frame"><p>framed advert</p></iframe>
<script>alert('body')</script>
</body></html>
"""


def _import(*args, stdin=None) -> str:
    out = io.StringIO()
    call_command("import_articles", *map(str, args), stdout=out, stdin=stdin)
    return out.getvalue()


def _counts() -> tuple[int, int]:
    return Article.objects.count(), Attribution.objects.count()


@pytest.fixture
def earlier():
    """An article with suggestions stored before the command runs, so "unchanged" is not "empty"."""
    return article_import(text=OTHER_STORY).article


@pytest.mark.parametrize(
    "name, content, reason",
    [
        ("empty.txt", b"  \n", "The file is empty."),
        ("scan.txt", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "binary file"),
        ("photo.html", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file"),
        ("latin.txt", "Café owners said the tax was unfair.".encode("latin-1"), "not valid UTF-8"),
    ],
)
def test_it_refuses_a_file_that_is_not_text_and_stores_nothing(
    tmp_path, earlier, name, content, reason
):
    good = tmp_path / "good.txt"
    good.write_text(STORY)
    bad = tmp_path / name
    bad.write_bytes(content)
    before = _counts()

    with pytest.raises(CommandError) as error:
        _import(good, bad)

    message = str(error.value)
    assert f"{bad}: " in message and reason in message
    assert str(good) not in message
    assert _counts() == before


def test_it_refuses_a_file_over_the_size_limit(tmp_path, earlier, settings):
    settings.MAX_UPLOAD_BYTES = 1000
    small, large = tmp_path / "small.txt", tmp_path / "large.txt"
    small.write_text(STORY[:900])
    large.write_text(STORY * 10)
    before = _counts()

    with pytest.raises(CommandError, match=rf"{large}: The file is larger than 1,000 bytes\."):
        _import(small, large)
    assert _counts() == before


def test_it_refuses_a_directory_holding_a_bad_file(tmp_path, earlier):
    folder = tmp_path / "inbox"
    folder.mkdir()
    (folder / "good.txt").write_text(STORY)
    (folder / "bad.htm").write_bytes(b"\x89PNG\r\n\x1a\n")
    before = _counts()

    with pytest.raises(CommandError) as error:
        _import(folder)

    assert f"{folder / 'bad.htm'}: This is a binary file" in str(error.value)
    assert "1 of 2 files" in str(error.value)
    assert _counts() == before


def test_it_refuses_a_text_over_the_article_limit_and_stores_nothing(tmp_path, earlier, settings):
    # Only the import service knows the plain text's length, so this is found inside the
    # transaction, after the first file was stored there.
    settings.MAX_ARTICLE_CHARS = 300
    short, long = tmp_path / "a-short.txt", tmp_path / "b-long.txt"
    short.write_text(OTHER_STORY + " Again.")
    long.write_text(STORY * 3)
    before = _counts()

    with pytest.raises(CommandError, match=rf"{long}: The text has .* the limit is 300\."):
        _import(short, long)
    assert _counts() == before


def test_it_stores_html_as_plain_text_without_scripts_styles_or_frames(tmp_path):
    page = tmp_path / "harbour.html"
    page.write_text(PAGE)

    out = _import(page, "--outlet", "Coast Gazette", "--published-on", "2024-05-08")

    article = Article.objects.get()
    text = article.text
    for markup in (
        "<",
        ">",
        "script",
        "cookie",
        "color:",
        "onerror",
        "alert",
        "javascript:",
        "iframe",
        "framed advert",
    ):
        assert markup not in text
    assert "Port officials said on Monday that faulty wiring started the fire" in text
    assert "The terminal's operator, Northline Ferries, denied" in text
    assert (article.outlet.name, article.published_on) == (
        "Coast Gazette",
        datetime.date(2024, 5, 8),
    )
    suggestions = Attribution.objects.filter(
        article=article, review_state="suggested", origin="machine"
    )
    assert suggestions.count() >= 2
    assert out == f"{page}: created, article {article.pk}, {suggestions.count()} suggestions\n"


def test_it_stores_nothing_when_an_import_fails_part_way(tmp_path, earlier, monkeypatch):
    import claims.services

    calls = []
    real = claims.services.suggestions_build

    def fail_on_the_second(*, article, **passed):
        calls.append(article)
        if len(calls) == 2:
            raise DatabaseError("disk full")
        return real(article=article, **passed)

    monkeypatch.setattr(claims.services, "suggestions_build", fail_on_the_second)
    (tmp_path / "a.txt").write_text(STORY)
    (tmp_path / "b.txt").write_text(STORY.replace("Monday", "Tuesday"))
    before = _counts()

    with pytest.raises(CommandError, match="disk full.*nothing was stored"):
        _import(tmp_path)

    assert len(calls) == 2
    assert _counts() == before


@pytest.mark.django_db(transaction=True)
def test_it_rolls_the_database_back_when_an_import_fails_part_way(tmp_path, monkeypatch):
    """The same, committed for real: no test transaction around the command's own."""
    import claims.services

    earlier = article_import(text=OTHER_STORY).article
    real = claims.services.suggestions_build

    def fail_on_the_second(*, article, **passed):
        if Article.objects.exclude(pk=earlier.pk).count() == 2:
            raise RuntimeError("the suggester crashed")
        return real(article=article, **passed)

    monkeypatch.setattr(claims.services, "suggestions_build", fail_on_the_second)
    (tmp_path / "a.txt").write_text(STORY)
    (tmp_path / "b.txt").write_text(STORY.replace("Monday", "Tuesday"))
    before = _counts()
    assert before[1] > 0

    with pytest.raises(RuntimeError):
        _import(tmp_path)

    assert _counts() == before


def test_it_imports_the_same_files_again_without_copies(tmp_path):
    (tmp_path / "a.txt").write_text(STORY)
    (tmp_path / "b.html").write_text(f"<p>{OTHER_STORY}</p>")

    first = json.loads(_import(tmp_path, "--format", "json"))
    counts = _counts()
    second = json.loads(_import(tmp_path, "--format", "json"))

    assert [r["status"] for r in first] == ["created", "created"]
    assert [r["status"] for r in second] == ["existing", "existing"]
    assert [r["article"] for r in second] == [r["article"] for r in first]
    assert [r["suggestions"] for r in second] == [r["suggestions"] for r in first]
    assert _counts() == counts
    out = _import(tmp_path / "a.txt")
    assert (
        out
        == f"{tmp_path / 'a.txt'}: already stored, article {first[0]['article']}, {first[0]['suggestions']} suggestions\n"
    )


def test_it_imports_one_article_from_stdin(tmp_path):
    out = _import("-", "--no-suggest", stdin=io.BytesIO(STORY.encode()))

    article = Article.objects.get()
    assert article.text == STORY and article.title == "Harbour fire blamed on faulty wiring"
    assert not Attribution.objects.exists()
    assert out == f"stdin: created, article {article.pk}, 0 suggestions\n"

    with pytest.raises(CommandError, match="stdin: The file is empty."):
        _import("-", stdin=io.BytesIO(b""))
