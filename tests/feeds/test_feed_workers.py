"""Real `manage.py db_worker` processes poll a feed from a real site on 127.0.0.1. One is
SIGKILLed while the site holds an item's page open; once the feed's lease runs out another
worker claims the feed again and finishes the poll, and every item is imported exactly once.
On PostgreSQL (the suite's database) and on a SQLite file, as `make run` uses."""

import pytest
from django.conf import settings
from django.db import connection

from tests.feeds.server import FeedSite, http_date, news_page, rss, start, story
from tests.test_background_workers import Tracker, migrated_sqlite, sqlite_tracker  # noqa: F401

# Seconds a claim holds the feed: short, so the test need not wait long for a dead worker's.
LEASE = 4
WORKER_ENV = {
    "FEEDS_ALLOW_PRIVATE": "1",  # the site is on loopback
    "FEED_ITEM_PAUSE": "0",
    "FEEDS_CHECK_EVERY": "1",
    "FEED_POLL_LEASE": str(LEASE),
    # Longer than the test holds the page: the worker is killed, not stopped by the deadline.
    "URL_FETCH_DEADLINE": "300",
}


@pytest.fixture
def site():
    site = FeedSite()
    server = start(site)
    yield site
    for route in site.routes.values():
        if route.hold is not None:
            route.hold.set()
    server.shutdown()
    server.server_close()


def _publish(site: FeedSite, hold) -> str:
    """A feed of three items, the newest first; the second item's page is held open."""
    items = []
    for n in (1, 2, 3):
        link = site.serve(
            f"/news/{n}",
            news_page(f"Terminal {n} to reopen", story(n)),
            hold=hold if n == 2 else None,
        )
        items.append(
            {
                "guid": f"urn:harbour:{n}",
                "link": link,
                "title": f"Terminal {n}",
                "published": http_date(1_770_000_000 - n * 3600),
            }
        )
    return site.serve("/rss.xml", rss(items), "application/rss+xml")


def _subscribe(tracker: Tracker, url: str) -> int:
    script = (
        "from feeds.services import feed_create;"
        f"print(feed_create(url={url!r}, outlet='Harbour Gazette').pk)"
    )
    return int(tracker.manage("shell", "-v0", "-c", script).split()[-1])


def _items(tracker: Tracker, feed_id: int) -> list[tuple]:
    return tracker.query(
        "SELECT guid, status, article_id FROM feeds_feeditem "
        f"WHERE feed_id = {feed_id} ORDER BY guid"
    )


def _kill_mid_poll_and_finish(tracker: Tracker, site: FeedSite, monkeypatch) -> None:
    for name, value in WORKER_ENV.items():
        monkeypatch.setenv(name, value)
    import threading

    hold = threading.Event()
    feed_id = _subscribe(tracker, _publish(site, hold))
    try:
        first = tracker.start_worker("worker-1", **WORKER_ENV)
        tracker.wait_for("the worker to ask for the held page", site.held.is_set)
        # The first item is in, with its record; the second is being fetched.
        tracker.wait_for("the first item", lambda: len(_items(tracker, feed_id)) == 1)
        first.kill()
        first.wait()

        [(guid, status, article_id)] = _items(tracker, feed_id)
        assert (guid, status) == ("urn:harbour:1", "imported")
        assert tracker.query("SELECT COUNT(*) FROM articles_article") == [(1,)]
        assert tracker.query(f"SELECT result FROM feeds_feedpoll WHERE feed_id = {feed_id}") == [
            ("running",)
        ]
        # The dead worker's task is left RUNNING: the queue hands it to no one.
        assert ("RUNNING",) in tracker.query(
            "SELECT status FROM django_tasks_database_dbtaskresult"
        )

        # The site answers now; another worker takes the feed once the lease runs out.
        site.routes["/news/2"].hold = None
        hold.set()
        tracker.start_worker("worker-2", **WORKER_ENV)
        tracker.wait_for(
            "the poll to be finished",
            lambda: (
                tracker.query(f"SELECT last_result FROM feeds_feed WHERE id = {feed_id}")
                == [("ok",)]
            ),
        )
    finally:
        tracker.stop_workers()

    items = _items(tracker, feed_id)
    assert [(g, s) for g, s, _ in items] == [
        ("urn:harbour:1", "imported"),
        ("urn:harbour:2", "imported"),
        ("urn:harbour:3", "imported"),
    ]
    assert len({a for _, _, a in items}) == 3
    assert items[0][2] == article_id  # the first worker's import stands
    assert tracker.query("SELECT COUNT(*) FROM articles_article") == [(3,)]
    assert tracker.query(
        "SELECT COUNT(*), COUNT(DISTINCT url), COUNT(DISTINCT content_hash) FROM articles_article"
    ) == [(3, 3, 3)]
    polls = tracker.query(
        "SELECT result, items_new, items_imported, reason FROM feeds_feedpoll "
        f"WHERE feed_id = {feed_id} ORDER BY id"
    )
    assert polls[0][0] == "failed" and "stopped before the poll finished" in polls[0][3]
    assert polls[-1][:3] == ("ok", 2, 2)
    assert all(p[0] in ("failed", "ok") for p in polls)
    # The held page was asked for twice (by the dead worker and the next), the others once.
    assert [len(site.hits(f"/news/{n}")) for n in (1, 2, 3)] == [1, 2, 1]
    assert tracker.query(f"SELECT lease_until FROM feeds_feed WHERE id = {feed_id}") == [(None,)]


@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_mid_poll_on_postgresql_and_the_feed_is_still_imported_once(
    tmp_path, site, monkeypatch
):
    if connection.vendor != "postgresql":
        pytest.skip("Run with DATABASE_URL=postgres://… (CI does).")
    db = settings.DATABASES["default"]
    url = f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"

    def query(sql: str) -> list[tuple]:
        with connection.cursor() as cursor:
            cursor.execute(sql)
            return cursor.fetchall()

    _kill_mid_poll_and_finish(Tracker(url, query, tmp_path), site, monkeypatch)


def test_a_worker_killed_mid_poll_on_sqlite_and_the_feed_is_still_imported_once(
    migrated_sqlite,  # noqa: F811
    tmp_path,
    site,
    monkeypatch,
):
    tracker, _ = sqlite_tracker(migrated_sqlite, tmp_path)
    _kill_mid_poll_and_finish(tracker, site, monkeypatch)
