"""The feed pages: viewers read, analysts subscribe, edit, poll now, pause and remove; every
write is checked, everything from a feed is escaped, and the queries stay flat."""

import datetime

import pytest
from django.utils import timezone

from articles.models import Article
from articles.services import article_import
from feeds.models import Feed, FeedItem, FeedPoll, ItemStatus, PollResult
from feeds.polling import feed_claim, feed_poll_run
from feeds.services import feed_create
from tests.feeds.server import RSS_TYPE, rss

pytestmark = pytest.mark.django_db

HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def _feed(n: int = 1, **kwargs) -> Feed:
    kwargs.setdefault("outlet", "Harbour Gazette")
    return feed_create(url=f"http://127.0.0.1:9/feed-{n}.xml", **kwargs)


def _history(feed: Feed, polls: int, items: int) -> None:
    now = timezone.now()
    for n in range(polls):
        FeedPoll.objects.create(
            feed=feed,
            started_at=now - datetime.timedelta(minutes=n),
            finished_at=now,
            result=PollResult.OK,
            http_status=200,
            reason=f"Poll {n}",
        )
    for n in range(items):
        article = article_import(
            text=f"The harbour minister said terminal {feed.pk}-{n} would reopen.", suggest=False
        ).article
        FeedItem.objects.create(
            feed=feed,
            guid=f"urn:{feed.pk}:{n}",
            link=f"https://news.example.org/{feed.pk}/{n}",
            title=f"Item {n}",
            article=article,
            status=ItemStatus.IMPORTED,
        )


@pytest.fixture
def allow_loopback(settings):
    settings.FEEDS_ALLOW_PRIVATE = True
    return settings


def test_viewers_read_the_feeds_and_see_no_write_controls(viewer_client, allow_loopback):
    feed = _feed(title="Harbour Gazette: latest")
    _history(feed, polls=2, items=1)

    page = viewer_client.get("/feeds/").content.decode()
    assert "Harbour Gazette: latest" in page and 'href="/feeds/"' in page  # the top bar links
    assert "Follow this feed" not in page
    detail = viewer_client.get(f"/feeds/{feed.pk}/").content.decode()
    assert "Poll 0" in detail and "Item 0" not in detail  # the item shows its article's title
    assert "terminal" in detail
    assert "Poll now" not in detail and "Stop following" not in detail


def test_a_user_without_a_role_reads_no_feed(client, outsider, allow_loopback):
    client.force_login(outsider)
    feed = _feed()
    assert client.get("/feeds/").status_code == 403
    assert client.get(f"/feeds/{feed.pk}/").status_code == 403


@pytest.mark.parametrize(
    ("action", "data"),
    [
        ("edit", {"outlet": "Other", "interval_minutes": 30}),
        ("poll", {}),
        ("pause", {}),
        ("remove", {}),
    ],
)
def test_every_write_is_refused_to_a_viewer(viewer_client, allow_loopback, action, data):
    feed = _feed()
    Feed.objects.filter(pk=feed.pk).update(
        next_poll_at=timezone.now() + datetime.timedelta(hours=1)
    )
    before = Feed.objects.values().get(pk=feed.pk)

    assert viewer_client.post(f"/feeds/{feed.pk}/{action}/", data).status_code == 403
    assert (
        viewer_client.post(
            "/feeds/", {"url": "http://127.0.0.1:9/x.xml", "outlet": "X", "interval_minutes": 60}
        ).status_code
        == 403
    )

    assert Feed.objects.values().get(pk=feed.pk) == before
    assert Feed.objects.count() == 1


def test_an_analyst_follows_a_feed(analyst_client, analyst, allow_loopback):
    response = analyst_client.post(
        "/feeds/",
        {
            "url": "http://127.0.0.1:9/rss.xml",
            "outlet": "Harbour Gazette",
            "keywords": "port, ferry",
            "interval_minutes": 30,
        },
    )
    feed = Feed.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/feeds/{feed.pk}/"
    assert (feed.outlet.name, feed.keyword_list(), feed.interval_minutes) == (
        "Harbour Gazette",
        ["port", "ferry"],
        30,
    )
    assert feed.created_by == analyst and feed.active
    assert feed.next_poll_at <= timezone.now()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"interval_minutes": 2}, "greater than or equal to 5"),
        ({"url": "ftp://127.0.0.1/feed"}, "starting with http:// or https://"),
        ({"outlet": ""}, "This field is required"),
        ({"url": "http://127.0.0.1:9/feed-1.xml"}, "already follows this feed"),
    ],
)
def test_bad_input_is_refused_with_its_reason_and_nothing_stored(
    analyst_client, allow_loopback, data, message
):
    _feed(1)
    form = {
        "url": "http://127.0.0.1:9/new.xml",
        "outlet": "Harbour Gazette",
        "interval_minutes": 60,
    }
    response = analyst_client.post("/feeds/", {**form, **data})
    assert response.status_code == 422
    assert message in response.content.decode()
    assert Feed.objects.count() == 1


def test_a_private_address_is_refused_unless_the_installation_allows_it(analyst_client, settings):
    settings.FEEDS_ALLOW_PRIVATE = False
    response = analyst_client.post(
        "/feeds/",
        {"url": "http://127.0.0.1:9/rss.xml", "outlet": "Harbour Gazette", "interval_minutes": 60},
    )
    assert response.status_code == 422
    assert "local or private network address" in response.content.decode()
    assert not Feed.objects.exists()


def test_an_analyst_edits_polls_now_pauses_resumes_and_removes_a_feed(
    analyst_client, allow_loopback
):
    feed = _feed()
    _history(feed, polls=1, items=2)
    later = timezone.now() + datetime.timedelta(hours=3)
    Feed.objects.filter(pk=feed.pk).update(next_poll_at=later)

    response = analyst_client.post(
        f"/feeds/{feed.pk}/edit/",
        {"title": "Gazette", "outlet": "Coastal Wire", "keywords": "storm", "interval_minutes": 15},
    )
    assert response.status_code == 302
    feed.refresh_from_db()
    assert (feed.title, feed.outlet.name, feed.keywords, feed.interval_minutes) == (
        "Gazette",
        "Coastal Wire",
        "storm",
        15,
    )
    bad = analyst_client.post(f"/feeds/{feed.pk}/edit/", {"outlet": "X", "interval_minutes": 1})
    assert bad.status_code == 422 and "Nothing was saved" in bad.content.decode()
    feed.refresh_from_db()
    assert feed.interval_minutes == 15

    analyst_client.post(f"/feeds/{feed.pk}/pause/", {"active": "0"})
    feed.refresh_from_db()
    assert not feed.active
    assert "Paused" in analyst_client.get(f"/feeds/{feed.pk}/").content.decode()
    analyst_client.post(f"/feeds/{feed.pk}/pause/", {"active": "1"})
    feed.refresh_from_db()
    assert feed.active and feed.next_poll_at <= timezone.now()

    Feed.objects.filter(pk=feed.pk).update(next_poll_at=later)
    analyst_client.post(f"/feeds/{feed.pk}/poll/")
    feed.refresh_from_db()
    assert feed.next_poll_at <= timezone.now()

    response = analyst_client.post(f"/feeds/{feed.pk}/remove/")
    assert response.status_code == 302 and response["Location"] == "/feeds/"
    assert not Feed.objects.exists() and not FeedItem.objects.exists()
    assert not FeedPoll.objects.exists()
    assert Article.objects.count() == 2  # the articles it brought stay


def test_everything_from_a_feed_is_escaped(analyst_client, allow_loopback):
    feed = _feed(title=HOSTILE, keywords=HOSTILE)
    Feed.objects.filter(pk=feed.pk).update(last_result=PollResult.FAILED, last_reason=HOSTILE)
    FeedPoll.objects.create(feed=feed, result=PollResult.FAILED, reason=HOSTILE)
    FeedItem.objects.create(
        feed=feed, guid=HOSTILE, title=HOSTILE, status=ItemStatus.FAILED, reason=HOSTILE
    )

    for url in ("/feeds/", f"/feeds/{feed.pk}/"):
        page = analyst_client.get(url).content.decode()
        assert "<script>alert" not in page and "<img src=x" not in page
        assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page


def test_an_items_link_that_is_not_a_web_address_is_neither_kept_nor_linked(
    analyst_client, site, feed_settings
):
    site.serve(
        "/rss.xml",
        rss([{"guid": "urn:js", "link": "javascript:alert(1)", "title": "Click me"}]),
        RSS_TYPE,
    )
    feed = feed_create(url=site.url("/rss.xml"), outlet="Harbour Gazette")
    assert feed_claim(feed_id=feed.pk)
    feed_poll_run(feed_id=feed.pk)

    item = FeedItem.objects.get()
    assert (item.status, item.link) == (ItemStatus.FAILED, "")
    assert item.reason == "The item has no web address to import its page from."
    page = analyst_client.get(f"/feeds/{feed.pk}/").content.decode()
    assert "Click me" in page and "javascript:" not in page and ">source</a>" not in page


def _queries(client, url, django_assert_max_num_queries, most):
    with django_assert_max_num_queries(most) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_feed_list_reads_the_same_few_queries_however_many_feeds(
    analyst_client, allow_loopback, django_assert_max_num_queries
):
    # session, user, the user's own and their groups' permissions (the checks and the top bar),
    # the feeds with their outlet and article counts, the user's groups (the role badge).
    _feed(1)
    few = _queries(analyst_client, "/feeds/", django_assert_max_num_queries, 6)
    for n in range(2, 12):
        _history(_feed(n), polls=2, items=2)
    assert _queries(analyst_client, "/feeds/", django_assert_max_num_queries, 6) == few


def test_a_feeds_page_reads_the_same_few_queries_however_long_its_history(
    analyst_client, allow_loopback, django_assert_max_num_queries
):
    # session, user, the user's own and their groups' permissions, the feed with its outlet,
    # its latest polls, its latest items with their articles, the user's groups (role badge).
    feed = _feed()
    _history(feed, polls=1, items=1)
    few = _queries(analyst_client, f"/feeds/{feed.pk}/", django_assert_max_num_queries, 8)
    _history(feed, polls=30, items=0)
    for n in range(60):
        FeedItem.objects.create(feed=feed, guid=f"more-{n}", title=f"More {n}", status="filtered")
    assert _queries(analyst_client, f"/feeds/{feed.pk}/", django_assert_max_num_queries, 8) == few
    page = analyst_client.get(f"/feeds/{feed.pk}/", headers={"HX-Request": "true"})
    assert page.status_code == 200 and "<html" not in page.content.decode()
    assert page.content.decode().count("<tr>") == 20 + 1  # header row and the latest 20 polls
