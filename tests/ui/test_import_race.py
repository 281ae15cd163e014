"""Eight analysts import the same text at the same moment, over real HTTP, on PostgreSQL."""

import http.client
import re
import threading
import time
import urllib.parse

import psycopg
import pytest
from django.conf import settings
from django.db import connection
from django.test import Client

from articles.models import Article, Outlet
from tests.factories import TEXT

IMPORTS = 8


def _conninfo() -> str:
    db = connection.settings_dict
    return psycopg.conninfo.make_conninfo(
        dbname=db["NAME"], user=db["USER"], host=db["HOST"], port=db["PORT"] or None
    )


def _waiting_on_a_lock(poll: psycopg.Connection) -> int:
    return poll.execute(
        "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
        "AND wait_event_type = 'Lock' AND query LIKE 'INSERT INTO %'"
    ).fetchone()[0]


def _signed_in(live_server, user) -> tuple[str, str]:
    """Cookies of a session (and its CSRF token) for `user`, from the import page itself."""
    client = Client()
    client.force_login(user)
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    host = urllib.parse.urlsplit(live_server.url)
    conn = http.client.HTTPConnection(host.hostname, host.port, timeout=30)
    conn.request("GET", "/import/", headers={"Cookie": f"{settings.SESSION_COOKIE_NAME}={session}"})
    response = conn.getresponse()
    html = response.read().decode()
    csrf_cookie = re.search(r"csrftoken=([^;]+)", response.getheader("Set-Cookie")).group(1)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    cookies = f"{settings.SESSION_COOKIE_NAME}={session}; csrftoken={csrf_cookie}"
    return cookies, token


def _import_at_once(live_server, user, forms: list[dict], tables: str) -> list[tuple[int, str]]:
    """POST each form to /import/ from its own thread, all at once; their status and Location.

    Every import looks for its text (and outlet) first and finds nothing; their INSERTs then wait
    on a lock of `tables`, all together, and meet at the unique constraints when it is released.
    """
    cookies, token = _signed_in(live_server, user)
    host = urllib.parse.urlsplit(live_server.url)
    answers: list[tuple[int, str]] = []

    def post(form: dict) -> None:
        conn = http.client.HTTPConnection(host.hostname, host.port, timeout=60)
        conn.request(
            "POST",
            "/import/",
            body=urllib.parse.urlencode({"csrfmiddlewaretoken": token, **form}),
            headers={"Cookie": cookies, "Content-Type": "application/x-www-form-urlencoded"},
        )
        response = conn.getresponse()
        response.read()
        answers.append((response.status, response.getheader("Location", "")))

    with (
        psycopg.connect(_conninfo()) as lock,
        psycopg.connect(_conninfo(), autocommit=True) as poll,
    ):
        lock.execute(f"LOCK TABLE {tables} IN SHARE MODE")
        threads = [threading.Thread(target=post, args=(form,)) for form in forms]
        for thread in threads:
            thread.start()
        give_up = time.monotonic() + 60
        while _waiting_on_a_lock(poll) < len(forms):
            assert time.monotonic() < give_up, "the imports never reached their INSERT"
            time.sleep(0.05)
        lock.commit()
        for thread in threads:
            thread.join()
    return answers


def _form(text: str, outlet: str = "") -> dict:
    return {
        "step": "save",
        "text": text,
        "title": "",
        "url": "",
        "outlet": outlet,
        "published_on": "",
    }


def _needs_postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("SQLite runs one write at a time: the race needs PostgreSQL's concurrency.")


# The live server's requests commit, so the test database is flushed after (the role groups come
# back with post_migrate).
@pytest.mark.django_db(transaction=True)
def test_it_answers_simultaneous_imports_of_one_text_as_the_duplicate_check_does(
    live_server, analyst
):
    _needs_postgresql()
    forms = [_form("Ferry sinks off the coast\n\n" + TEXT)] * IMPORTS
    answers = _import_at_once(live_server, analyst, forms, "articles_article")
    article = Article.objects.get()
    assert answers == [(302, f"/articles/{article.pk}/")] * IMPORTS


@pytest.mark.django_db(transaction=True)
def test_it_creates_a_new_outlet_once_for_simultaneous_imports_naming_it(live_server, analyst):
    _needs_postgresql()
    forms = [_form(f"Ferry report {n}\n\n{TEXT}", outlet="Coast Times") for n in range(IMPORTS)]
    answers = _import_at_once(live_server, analyst, forms, "articles_outlet")
    outlet = Outlet.objects.get()
    articles = Article.objects.filter(outlet=outlet)
    assert articles.count() == IMPORTS
    assert sorted(answers) == sorted((302, a.get_absolute_url()) for a in articles)
