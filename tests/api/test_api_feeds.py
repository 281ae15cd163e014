"""/api/v1/feeds/: the feeds the tracker follows, for integrations: viewers read, analysts
subscribe, change, poll now and stop following; bad input is refused whole; a feed's polls and
items read a page at a time."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from feeds.models import Feed, FeedItem, ItemStatus
from feeds.polling import feed_claim, feed_poll_run
from feeds.services import feed_create
from tests.feeds.conftest import feed_settings, site  # noqa: F401
from tests.feeds.server import RSS_TYPE, news_page, rss, story

pytestmark = pytest.mark.django_db

URL = "/api/v1/feeds/"


@pytest.fixture
def loopback(settings):
    settings.FEEDS_ALLOW_PRIVATE = True


def _new(api, url="http://127.0.0.1:9/rss.xml", **extra):
    body = {"url": url, "outlet": "Harbour Gazette", **extra}
    return api.post(URL, body, format="json")


def test_an_analyst_subscribes_and_a_viewer_reads(analyst_api, viewer_api, analyst, loopback):
    response = _new(analyst_api, keywords="harbour, storm", interval_minutes=30)
    assert response.status_code == 201, response.json()
    created = response.json()
    assert created["outlet"] == "Harbour Gazette"
    assert (created["keywords"], created["interval_minutes"]) == ("harbour, storm", 30)
    assert (created["active"], created["articles"], created["last_result"]) == (True, 0, "")
    feed = Feed.objects.get(pk=created["id"])
    assert feed.created_by == analyst
    listed = viewer_api.get(URL).json()["results"]
    assert [f["id"] for f in listed] == [feed.pk]
    assert viewer_api.get(f"{URL}{feed.pk}/").json()["url"] == "http://127.0.0.1:9/rss.xml"


def test_a_viewer_changes_nothing(viewer_api, loopback):
    feed = feed_create(url="http://127.0.0.1:9/rss.xml", outlet="Harbour Gazette")
    before = list(Feed.objects.values())
    assert _new(viewer_api, url="http://127.0.0.1:9/other.xml").status_code == 403
    assert viewer_api.patch(f"{URL}{feed.pk}/", {"keywords": "x"}, format="json").status_code == 403
    assert viewer_api.post(f"{URL}{feed.pk}/poll-now/").status_code == 403
    assert viewer_api.delete(f"{URL}{feed.pk}/").status_code == 403
    assert list(Feed.objects.values()) == before


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"url": "ftp://example.org/rss.xml"}, "url"),
        ({"url": "http://127.0.0.1:99999/rss.xml"}, "url"),
        ({"outlet": ""}, "outlet"),
        ({"interval_minutes": 1}, "interval_minutes"),
        ({"url": "http://127.0.0.1:9/" + "é" * 1200}, "url"),
    ],
)
def test_bad_input_is_refused_with_the_field_and_nothing_saved(analyst_api, loopback, body, field):
    response = _new(analyst_api, **body)
    assert response.status_code == 400, response.json()
    assert field in str(response.json()), response.json()
    assert not Feed.objects.exists()


def test_a_private_address_is_refused_unless_the_installation_allows_it(analyst_api):
    response = _new(analyst_api)
    assert response.status_code == 400
    assert "private network" in str(response.json()) or "local" in str(response.json())
    assert not Feed.objects.exists()


def test_the_same_feed_twice_is_refused(analyst_api, loopback):
    assert _new(analyst_api).status_code == 201
    again = _new(analyst_api)
    assert again.status_code == 400
    assert "already follows" in str(again.json())
    assert Feed.objects.count() == 1


def test_an_analyst_changes_pauses_polls_now_and_stops_following(analyst_api, loopback):
    feed = feed_create(url="http://127.0.0.1:9/rss.xml", outlet="Harbour Gazette")
    detail = f"{URL}{feed.pk}/"
    changed = analyst_api.patch(
        detail, {"keywords": "ferry", "outlet": "Coast Wire", "active": False}, format="json"
    )
    assert changed.status_code == 200, changed.json()
    assert (changed.json()["keywords"], changed.json()["outlet"]) == ("ferry", "Coast Wire")
    assert changed.json()["active"] is False
    moved = analyst_api.patch(detail, {"url": "http://127.0.0.1:9/new.xml"}, format="json")
    assert moved.status_code == 400 and "fixed" in str(moved.json())
    Feed.objects.filter(pk=feed.pk).update(next_poll_at=timezone.now() + timezone.timedelta(days=1))
    polled = analyst_api.post(f"{detail}poll-now/")
    assert polled.status_code == 202
    feed.refresh_from_db()
    assert feed.active and feed.next_poll_at <= timezone.now()
    assert analyst_api.delete(detail).status_code == 204
    assert not Feed.objects.filter(pk=feed.pk).exists()


def test_a_feeds_polls_and_items_read_a_page_at_a_time(site, feed_settings, viewer_api):  # noqa: F811
    items = []
    for n in (1, 2):
        link = site.serve(f"/news/{n}", news_page(f"Terminal {n} to reopen", story(n)))
        items.append({"guid": f"urn:harbour:{n}", "link": link, "title": f"Terminal {n}"})
    site.serve("/rss.xml", rss(items), RSS_TYPE)
    feed = feed_create(url=site.url("/rss.xml"), outlet="Harbour Gazette")
    assert feed_claim(feed_id=feed.pk)
    feed_poll_run(feed_id=feed.pk)

    polls = viewer_api.get(f"{URL}{feed.pk}/polls/").json()["results"]
    assert [(p["result"], p["items_imported"]) for p in polls] == [("ok", 2)]
    first = viewer_api.get(f"{URL}{feed.pk}/items/?page_size=1").json()
    assert len(first["results"]) == 1 and first["next"]
    second = viewer_api.get(first["next"]).json()
    got = first["results"] + second["results"]
    assert {i["status"] for i in got} == {ItemStatus.IMPORTED}
    assert {i["article"] for i in got} == set(
        FeedItem.objects.filter(feed=feed).values_list("article", flat=True)
    )
    assert viewer_api.get(URL).json()["results"][0]["articles"] == 2


def test_the_list_reads_in_the_same_queries_however_many_feeds(viewer_api, loopback):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert viewer_api.get(URL).status_code == 200
        return len(captured)

    feed_create(url="http://127.0.0.1:9/1.xml", outlet="Harbour Gazette")
    one = queries()
    for n in range(2, 12):
        feed_create(url=f"http://127.0.0.1:9/{n}.xml", outlet=f"Outlet {n}")
    assert queries() == one
    assert one <= 4
