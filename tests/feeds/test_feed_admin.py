"""The admin writes feeds through the services and only reads polls and items."""

import pytest
from django.contrib.messages import get_messages

from articles.services import outlet_get_or_create
from feeds.models import Feed, FeedItem, FeedPoll, ItemStatus
from feeds.services import feed_create

pytestmark = pytest.mark.django_db


def _messages(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def _form(**data) -> dict:
    outlet = outlet_get_or_create(name="Harbour Gazette")
    return {
        "url": "http://127.0.0.1:9/rss.xml",
        "title": "",
        "outlet": outlet.pk,
        "keywords": "",
        "interval_minutes": 60,
        "active": "on",
        **data,
    }


def test_a_curator_adds_and_edits_a_feed_in_the_admin_through_the_services(
    curator_client, curator, settings
):
    settings.FEEDS_ALLOW_PRIVATE = True
    response = curator_client.post("/admin/feeds/feed/add/", _form())
    assert response.status_code == 302, response.content.decode()[:2000]
    feed = Feed.objects.get()
    assert feed.created_by == curator  # set by feed_create, which the form does not offer

    response = curator_client.post(
        f"/admin/feeds/feed/{feed.pk}/change/", _form(interval_minutes=15, keywords="storm")
    )
    assert response.status_code == 302
    feed.refresh_from_db()
    assert (feed.interval_minutes, feed.keywords) == (15, "storm")


def test_the_admin_refuses_what_the_services_refuse(curator_client, settings):
    settings.FEEDS_ALLOW_PRIVATE = False
    response = curator_client.post("/admin/feeds/feed/add/", _form())
    assert "local or private network address" in " ".join(_messages(response))
    assert not Feed.objects.exists()
    response = curator_client.post("/admin/feeds/feed/add/", _form(interval_minutes=1))
    assert response.status_code == 200 and "Poll a feed at most every 5 minutes" in (
        response.content.decode()
    )
    assert not Feed.objects.exists()


def test_polls_and_items_are_read_only_in_the_admin(curator_client, settings):
    settings.FEEDS_ALLOW_PRIVATE = True
    feed = feed_create(url="http://127.0.0.1:9/rss.xml", outlet="Harbour Gazette")
    poll = FeedPoll.objects.create(feed=feed, result="ok")
    item = FeedItem.objects.create(feed=feed, guid="g", status=ItemStatus.FILTERED, poll=poll)

    assert curator_client.get("/admin/feeds/feedpoll/").status_code == 200
    assert curator_client.get(f"/admin/feeds/feeditem/{item.pk}/change/").status_code == 200
    assert curator_client.get("/admin/feeds/feedpoll/add/").status_code == 403
    assert (
        curator_client.post(f"/admin/feeds/feedpoll/{poll.pk}/delete/", {"post": "yes"}).status_code
        == 403
    )
    assert (
        curator_client.post(
            f"/admin/feeds/feeditem/{item.pk}/change/", {"status": "imported"}
        ).status_code
        == 403
    )
    item.refresh_from_db()
    assert item.status == ItemStatus.FILTERED and FeedPoll.objects.count() == 1


def test_a_viewer_has_no_way_into_the_feeds_admin(viewer_client, settings):
    settings.FEEDS_ALLOW_PRIVATE = True
    response = viewer_client.post("/admin/feeds/feed/add/", _form())
    assert response.status_code in (302, 403)
    assert not Feed.objects.exists()
