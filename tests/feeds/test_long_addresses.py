"""Addresses and item ids of any length and script are stored: the indexes on them hold their
first characters or a hash, never more than a database index can take."""

import pytest
from django.core.exceptions import ValidationError

from feeds.models import Feed, FeedItem, ItemStatus
from feeds.services import feed_create
from tests.feeds.server import RSS_TYPE, news_page, rss, story
from tests.feeds.test_polling import _poll

pytestmark = pytest.mark.django_db


def test_a_feed_address_longer_than_its_index_holds_is_refused_whole(feed_settings):
    url = "https://news.example.org/" + "é" * 1200  # 1,200 characters, 2,400 bytes
    with pytest.raises(ValidationError) as refused:
        feed_create(url=url, outlet="Harbour Gazette")
    assert "longer than 2,000 bytes" in str(refused.value.message_dict["url"])
    assert not Feed.objects.exists()


def test_items_with_long_addresses_and_ids_in_any_script_are_imported_once(site, feed_settings):
    path = "/news/" + "ü" * 900  # 1,800 bytes of address, in a non-Latin-1-safe index
    link = site.serve(path, news_page("Terminal 7 to reopen", story(7)))
    guid = "urn:harbour:" + "字" * 600  # 1,800 bytes
    site.serve("/rss.xml", rss([{"guid": guid, "link": link, "title": "Terminal 7"}]), RSS_TYPE)
    feed = feed_create(url=site.url("/rss.xml"), outlet="Harbour Gazette")

    first = _poll(feed)
    again = _poll(feed)

    [item] = FeedItem.objects.filter(feed=feed)
    assert item.status == ItemStatus.IMPORTED, item.reason
    assert item.guid.startswith("sha256:")
    assert item.link == link
    assert (first.items_imported, again.items_new) == (1, 0)
