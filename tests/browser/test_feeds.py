"""An analyst follows a feed in a real browser, presses Poll now, and watches the feed's page
update itself with the poll and the article it brought in."""

import re

import pytest

from feeds.models import Feed, FeedItem
from feeds.tasks import feeds_queue_due
from tests.browser.conftest import log_in, screenshot
from tests.feeds.server import RSS_TYPE, FeedSite, news_page, rss, start, story

pytestmark = pytest.mark.browser


@pytest.fixture
def site():
    site = FeedSite()
    server = start(site)
    yield site
    server.shutdown()
    server.server_close()


def test_an_analyst_follows_a_feed_and_sees_what_its_poll_brought(page, analyst, site, settings):
    settings.FEEDS_ALLOW_PRIVATE = True
    settings.FEED_ITEM_PAUSE = 0
    link = site.serve("/news/1", news_page("Terminal 1 to reopen", story(1)))
    site.serve(
        "/rss.xml",
        rss([{"guid": "urn:harbour:1", "link": link, "title": "Terminal 1 to reopen"}]),
        RSS_TYPE,
    )
    log_in(page, analyst)
    page.click("nav.mainnav >> text=Feeds")
    page.wait_for_url("**/feeds/")
    page.fill("#id_url", site.url("/rss.xml"))
    page.fill("#id_outlet", "Harbour Gazette")
    page.fill("#id_keywords", "terminal")
    page.fill("#id_interval_minutes", "30")
    page.click("button:has-text('Follow this feed')")
    page.wait_for_url(re.compile(r".*/feeds/\d+/$"))
    feed = Feed.objects.get()
    assert "Not polled yet." in page.locator("#feed-activity").inner_text()

    page.click("button:has-text('Poll now')")
    page.wait_for_url(f"**/feeds/{feed.pk}/")
    assert "a worker polls it within seconds" in page.locator("#messages").inner_text()
    # What a worker's periodic job does (the test backend runs the queued poll at once).
    assert feeds_queue_due() == [feed.pk]

    # The page asks for its polls and items every 10 seconds and shows the new ones.
    article = FeedItem.objects.get().article
    page.locator("#feed-activity a", has_text=article.title).wait_for(timeout=20_000)
    assert "OK" in page.locator("#feed-activity table").inner_text()
    screenshot(page, "feed")
    page.locator("#feed-activity a", has_text=article.title).click()
    page.wait_for_url(f"**/articles/{article.pk}/")

    page.goto("/feeds/")
    row = page.locator(f"#feed-{feed.pk}")
    assert "Harbour Gazette: latest" in row.inner_text() and "OK" in row.inner_text()
