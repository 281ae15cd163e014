"""articles.fetch.fetch_feed against a real site on 127.0.0.1: conditional requests, the types
a feed is served as, the size limit, redirects and the public-address rule."""

import pytest

from articles.fetch import FEED_TYPES, FetchError, fetch_feed
from tests.feeds.server import rss


@pytest.mark.parametrize("content_type", FEED_TYPES)
def test_a_feed_is_fetched_with_its_validators(site, settings, content_type):
    site.serve("/feed", rss([]), f"{content_type}; charset=utf-8", etag='"a1"')
    answer = fetch_feed(site.url("/feed"), public_only=False)
    assert (answer.status, answer.etag, answer.not_modified) == (200, '"a1"', False)
    assert answer.body == rss([]).encode()
    assert site.hits("/feed")[0]["accept"].startswith("application/rss+xml")


def test_an_unchanged_feed_answers_304_with_nothing(site):
    site.serve(
        "/feed",
        rss([]),
        "application/rss+xml",
        etag='"a1"',
        last_modified="Sat, 01 Mar 2026 10:00:00 GMT",
    )
    answer = fetch_feed(site.url("/feed"), etag='"a1"', public_only=False)
    assert (answer.status, answer.not_modified, answer.body) == (304, True, b"")
    assert (answer.etag, answer.last_modified) == ('"a1"', "Sat, 01 Mar 2026 10:00:00 GMT")
    # A changed ETag: the whole feed again.
    assert fetch_feed(site.url("/feed"), etag='"old"', public_only=False).status == 200


def test_a_feed_past_the_size_limit_is_refused(site, settings):
    settings.FEED_MAX_BYTES = 1000
    site.serve("/feed", "<rss>" + "x" * 1000 + "</rss>", "application/rss+xml")
    with pytest.raises(FetchError, match="larger than 1,000 bytes"):
        fetch_feed(site.url("/feed"), public_only=False)


def test_a_page_and_a_redirect_are_refused_with_their_reason(site):
    site.serve("/page", "<html><body>News</body></html>", "text/html")
    with pytest.raises(FetchError, match="serves text/html, not an RSS or Atom feed"):
        fetch_feed(site.url("/page"), public_only=False)
    site.serve("/moved", "", status=301, headers={"Location": "http://10.0.0.1/feed"})
    with pytest.raises(FetchError, match="redirects to http://10.0.0.1/feed"):
        fetch_feed(site.url("/moved"), public_only=False)


def test_a_feed_on_a_private_address_is_refused_by_default(site):
    site.serve("/feed", rss([]), "application/rss+xml")
    with pytest.raises(FetchError, match="local or private network address"):
        fetch_feed(site.url("/feed"))
    assert site.hits("/feed") == []
