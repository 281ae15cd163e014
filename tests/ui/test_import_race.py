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

from articles.models import Article
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
        "AND wait_event_type = 'Lock' AND query LIKE 'INSERT INTO \"articles_article\"%'"
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


# The live server's requests commit, so the test database is flushed after (the role groups come
# back with post_migrate).
@pytest.mark.django_db(transaction=True)
def test_it_answers_simultaneous_imports_of_one_text_as_the_duplicate_check_does(
    live_server, analyst
):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite runs one write at a time: the race needs PostgreSQL's concurrency.")
    cookies, token = _signed_in(live_server, analyst)
    body = urllib.parse.urlencode(
        {
            "csrfmiddlewaretoken": token,
            "step": "save",
            "text": "Ferry sinks off the coast\n\n" + TEXT,
            "title": "",
            "url": "",
            "outlet": "",
            "published_on": "",
        }
    )
    host = urllib.parse.urlsplit(live_server.url)
    answers: list[tuple[int, str]] = []

    def post() -> None:
        conn = http.client.HTTPConnection(host.hostname, host.port, timeout=60)
        conn.request(
            "POST",
            "/import/",
            body=body,
            headers={
                "Cookie": cookies,
                "Content-Type": "application/x-www-form-urlencoded",
            },
        )
        response = conn.getresponse()
        response.read()
        answers.append((response.status, response.getheader("Location", "")))

    # Every import looks for the text first and finds nothing; their INSERTs then wait on this
    # lock, all together, and meet at the unique content hash when it is released.
    with (
        psycopg.connect(_conninfo()) as lock,
        psycopg.connect(_conninfo(), autocommit=True) as poll,
    ):
        lock.execute("LOCK TABLE articles_article IN SHARE MODE")
        threads = [threading.Thread(target=post) for _ in range(IMPORTS)]
        for thread in threads:
            thread.start()
        give_up = time.monotonic() + 60
        while _waiting_on_a_lock(poll) < IMPORTS:
            assert time.monotonic() < give_up, "the imports never reached their INSERT"
            time.sleep(0.05)
        lock.commit()
        for thread in threads:
            thread.join()

    article = Article.objects.get()
    assert answers == [(302, f"/articles/{article.pk}/")] * IMPORTS
