import pytest

from tests.feeds.server import FeedSite, start


@pytest.fixture
def site():
    """A feed site of the test's own on 127.0.0.1."""
    site = FeedSite()
    server = start(site)
    yield site
    for route in site.routes.values():
        if route.hold is not None:
            route.hold.set()
    server.shutdown()
    server.server_close()


@pytest.fixture
def feed_settings(settings):
    """Feeds may be on loopback (the test's own site), polled without pauses."""
    settings.FEEDS_ALLOW_PRIVATE = True
    settings.FEED_ITEM_PAUSE = 0
    return settings
