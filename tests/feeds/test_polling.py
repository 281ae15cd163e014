"""Polling feeds on a real site of the test's own: what a poll imports, skips, refuses and
records, and when it polls again."""

import datetime

import pytest
from django.utils import timezone

from articles.models import Article
from claims.models import Attribution, Origin
from feeds.models import Feed, FeedItem, FeedPoll, ItemStatus, PollResult
from feeds.polling import ABANDONED, backoff, feed_claim, feed_poll_run
from feeds.services import feed_create
from feeds.tasks import feeds_queue_due
from tests.feeds.server import ATOM_TYPE, RSS_TYPE, atom, http_date, news_page, rss, story

pytestmark = pytest.mark.django_db


def _item(site, n: int, **extra) -> dict:
    """Item n: its page served on the site, its entry for a feed."""
    link = site.serve(f"/news/{n}", news_page(f"Terminal {n} to reopen", story(n)))
    return {
        "guid": f"urn:harbour:{n}",
        "link": link,
        "title": f"Terminal {n} to reopen after storm",
        "summary": f"The harbour minister spoke about terminal {n}.",
        **extra,
    }


def _feed(site, items, *, path="/rss.xml", fmt=rss, content_type=RSS_TYPE, **kwargs) -> Feed:
    site.serve(path, fmt(items), content_type, **kwargs.pop("route", {}))
    return feed_create(url=site.url(path), outlet="Harbour Gazette", **kwargs)


def _poll(feed: Feed) -> FeedPoll:
    """Claim the feed as the periodic job would, then poll it."""
    Feed.objects.filter(pk=feed.pk).update(next_poll_at=timezone.now())
    assert feed_claim(feed_id=feed.pk)
    poll = feed_poll_run(feed_id=feed.pk)
    feed.refresh_from_db()
    return poll


def test_a_published_item_becomes_an_article_with_suggestions(site, feed_settings, analyst):
    feed = _feed(site, [_item(site, 1)], user=analyst)
    before = timezone.now()

    poll = _poll(feed)

    assert (poll.result, poll.http_status) == (PollResult.OK, 200)
    assert (poll.items_seen, poll.items_new, poll.items_imported) == (1, 1, 1)
    assert (poll.items_skipped, poll.items_failed, poll.items_left) == (0, 0, 0)
    [item] = FeedItem.objects.filter(feed=feed)
    assert (item.status, item.guid, item.poll_id) == (ItemStatus.IMPORTED, "urn:harbour:1", poll.pk)
    article = item.article
    assert article.url == site.url("/news/1")
    assert article.outlet.name == "Harbour Gazette"
    assert article.created_by == analyst
    assert "Elena Varga said on Monday" in article.text
    suggested = list(Attribution.objects.filter(article=article, origin=Origin.MACHINE))
    actors = {a.proposed_actor for a in suggested}
    assert {"Elena Varga", "Tomas Brandt"} <= actors, actors
    assert {a.stance for a in suggested} >= {"asserts", "denies"}
    # The feed is free again and due after its interval; its title came from the feed.
    assert feed.lease_until is None
    assert feed.title == "Harbour Gazette: latest"
    assert feed.last_result == PollResult.OK
    assert feed.next_poll_at >= before + datetime.timedelta(minutes=feed.interval_minutes)


def test_a_second_poll_asks_conditionally_and_a_304_imports_nothing(site, feed_settings):
    stamp = http_date(1_770_000_000)
    feed = _feed(site, [_item(site, 1)], route={"etag": '"v1"', "last_modified": stamp})
    _poll(feed)
    assert (feed.etag, feed.last_modified) == ('"v1"', stamp)
    first = site.hits("/rss.xml")[0]
    assert "if-none-match" not in first and "if-modified-since" not in first
    assert first["user-agent"].startswith("ClaimTracker/")

    poll = _poll(feed)

    again = site.hits("/rss.xml")[1]
    assert (again["if-none-match"], again["if-modified-since"]) == ('"v1"', stamp)
    assert (poll.result, poll.http_status, poll.items_seen, poll.items_new) == (
        PollResult.NOT_MODIFIED,
        304,
        0,
        0,
    )
    assert feed.last_result == PollResult.NOT_MODIFIED and feed.consecutive_failures == 0
    assert Article.objects.count() == 1
    assert len(site.hits("/news/1")) == 1


def test_the_same_item_in_two_feeds_is_imported_once(site, feed_settings):
    entry = _item(site, 1)
    rss_feed = _feed(site, [entry])
    atom_feed = _feed(
        site,
        [{**entry, "guid": "tag:coastal-wire,2026:1"}],
        path="/atom.xml",
        fmt=atom,
        content_type=ATOM_TYPE,
    )
    _poll(rss_feed)
    poll = _poll(atom_feed)

    assert (poll.items_new, poll.items_imported, poll.items_skipped) == (1, 0, 1)
    [article] = Article.objects.all()
    item = FeedItem.objects.get(feed=atom_feed)
    assert (item.status, item.article) == (ItemStatus.DUPLICATE, article)
    assert "already stored" in item.reason
    # Recognised by its address: its page was not even fetched again.
    assert len(site.hits("/news/1")) == 1


def test_an_item_republished_with_a_new_guid_is_not_imported_again(site, feed_settings):
    entry = _item(site, 1)
    feed = _feed(site, [entry])
    _poll(feed)
    # The same address under a new guid, and the same text at a new address.
    moved = site.serve("/news/1-updated", news_page("Terminal 1 to reopen", story(1)))
    site.serve(
        "/rss.xml",
        rss(
            [
                {**entry, "guid": "urn:harbour:1:v2"},
                {**entry, "guid": "urn:harbour:1:v3", "link": moved},
                entry,
            ]
        ),
        RSS_TYPE,
    )

    poll = _poll(feed)

    [article] = Article.objects.all()
    assert (poll.items_seen, poll.items_new, poll.items_imported, poll.items_skipped) == (
        3,
        2,
        0,
        2,
    )
    by_guid = {i.guid: i for i in FeedItem.objects.filter(feed=feed)}
    assert by_guid["urn:harbour:1:v2"].status == ItemStatus.DUPLICATE
    assert by_guid["urn:harbour:1:v2"].reason == "An article from this address is already stored."
    assert by_guid["urn:harbour:1:v3"].status == ItemStatus.DUPLICATE
    assert by_guid["urn:harbour:1:v3"].reason == "The same text is already stored."
    assert {i.article_id for i in by_guid.values()} == {article.pk}


def test_the_keyword_filter_sets_case_and_accents_aside(site, feed_settings):
    items = [
        _item(site, 1, title="Port of SÃO PAULO reopens"),
        _item(site, 2, title="Weather", summary="Storms reach the Açores"),
        _item(site, 3, title="Football results", summary="A draw"),
    ]
    feed = _feed(site, items, keywords="são paulo\nacores, nothing else")

    poll = _poll(feed)

    assert (poll.items_new, poll.items_imported, poll.items_skipped) == (3, 2, 1)
    statuses = dict(FeedItem.objects.filter(feed=feed).values_list("guid", "status"))
    assert statuses == {
        "urn:harbour:1": ItemStatus.IMPORTED,
        "urn:harbour:2": ItemStatus.IMPORTED,
        "urn:harbour:3": ItemStatus.FILTERED,
    }
    assert site.hits("/news/3") == []


def test_failed_polls_back_off_exponentially_up_to_a_cap(site, feed_settings):
    feed_settings.FEED_MAX_BACKOFF = 60 * 60
    site.serve("/rss.xml", "Internal error", "text/plain", status=500)
    feed = feed_create(url=site.url("/rss.xml"), outlet="Harbour Gazette", interval_minutes=10)

    waits = []
    for _ in range(4):
        started = timezone.now()
        poll = _poll(feed)
        assert poll.result == PollResult.FAILED
        assert poll.reason == "The site answered 500 Internal Server Error."
        waits.append(round((feed.next_poll_at - started).total_seconds() / 60))
        assert feed.lease_until is None
    assert waits == [20, 40, 60, 60]
    assert feed.consecutive_failures == 4 and feed.last_result == PollResult.FAILED
    assert backoff(10, 1) == datetime.timedelta(minutes=20)

    site.serve("/rss.xml", rss([]), RSS_TYPE)
    assert _poll(feed).result == PollResult.OK
    assert feed.consecutive_failures == 0


@pytest.mark.parametrize(
    ("body", "content_type", "reason"),
    [
        ("<html><body>A news site</body></html>", "text/html", "serves text/html, not an RSS"),
        ("this is plain text, not XML", RSS_TYPE, "does not serve an RSS or Atom feed"),
        ('<?xml version="1.0"?><catalogue><book/></catalogue>', "text/xml", "does not serve an"),
    ],
)
def test_an_address_that_is_not_a_feed_is_a_failed_poll(
    site, feed_settings, body, content_type, reason
):
    site.serve("/feed", body, content_type)
    feed = feed_create(url=site.url("/feed"), outlet="Harbour Gazette")

    poll = _poll(feed)

    assert poll.result == PollResult.FAILED and reason in poll.reason
    assert feed.last_reason == poll.reason and feed.consecutive_failures == 1
    assert not FeedItem.objects.exists() and not Article.objects.exists()


def test_a_feed_of_100000_items_is_refused_past_the_size_limit(site, feed_settings):
    entries = "".join(
        f"<item><guid>urn:bulk:{n}</guid><title>Item {n}</title>"
        f"<link>{site.base}/bulk/{n}</link></item>"
        for n in range(100_000)
    )
    body = f'<?xml version="1.0"?><rss version="2.0"><channel><title>Bulk</title>{entries}</channel></rss>'
    assert len(body) > feed_settings.FEED_MAX_BYTES
    site.serve("/bulk.xml", body, RSS_TYPE)
    feed = feed_create(url=site.url("/bulk.xml"), outlet="Harbour Gazette")

    poll = _poll(feed)

    assert poll.result == PollResult.FAILED
    assert "larger than 4,194,304 bytes (FEED_MAX_BYTES); nothing of it was read" in poll.reason
    assert not FeedItem.objects.exists()


def test_a_long_feed_gives_the_newest_items_per_poll_and_leaves_the_rest_for_later(
    site, feed_settings
):
    feed_settings.FEED_MAX_ITEMS_PER_POLL = 2
    # 300 items, the newest last in the document: the poll sorts them by date.
    items = [
        {
            "guid": f"urn:long:{n}",
            "link": f"{site.base}/long/{n}",
            "title": f"Item {n}",
            "published": http_date(1_760_000_000 + n * 60),
        }
        for n in range(300)
    ]
    for n in (299, 298, 297):
        site.serve(f"/long/{n}", news_page(f"Terminal {n} to reopen", story(n)))
    feed = _feed(site, items, route={"etag": '"long"'})

    poll = _poll(feed)

    assert (poll.items_seen, poll.items_new, poll.items_imported, poll.items_left) == (
        300,
        2,
        2,
        298,
    )
    assert "298 older new items were left for the next polls" in poll.reason
    assert set(FeedItem.objects.values_list("guid", flat=True)) == {"urn:long:299", "urn:long:298"}
    # The validators are not kept, so the next poll reads the feed whole and goes on.
    assert feed.etag == ""
    poll = _poll(feed)
    assert (poll.items_new, poll.items_imported, poll.items_left) == (2, 1, 296)
    assert FeedItem.objects.get(guid="urn:long:297").status == ItemStatus.IMPORTED
    assert FeedItem.objects.get(guid="urn:long:296").status == ItemStatus.FAILED
    assert "404" in FeedItem.objects.get(guid="urn:long:296").reason


def test_an_item_page_in_another_language_is_imported_without_suggestions(site, feed_settings):
    page = news_page(
        "El puerto reabre",
        [
            "La ministra del puerto, Elena Varga, dijo el lunes que la terminal reabrirá dentro "
            "de una semana, después de reparar los daños causados por la tormenta.",
            "El director de la empresa negó que los equipos hubieran ignorado los avisos de la "
            "guardia costera sobre la llegada de la tormenta a la costa.",
            "Los pescadores dijeron que las olas fueron las más altas que habían visto en treinta "
            "años y que varios barcos se perdieron durante la noche del domingo.",
        ],
        lang="es",
    )
    link = site.serve("/es/1", page)
    feed = _feed(site, [{"guid": "urn:es:1", "link": link, "title": "El puerto reabre"}])

    poll = _poll(feed)

    assert poll.items_imported == 1
    item = FeedItem.objects.get()
    assert item.status == ItemStatus.IMPORTED
    assert item.article.language == "es"
    assert item.article.suggestion_note and item.reason == item.article.suggestion_note
    assert not Attribution.objects.filter(article=item.article).exists()


def test_an_item_page_that_never_finishes_fails_at_the_deadline_and_the_others_go_on(
    site, feed_settings
):
    feed_settings.URL_FETCH_DEADLINE = 1
    slow = site.serve("/news/slow", news_page("Slow", story(9)), trickle=True)
    items = [_item(site, 1), {"guid": "urn:slow", "link": slow, "title": "Slow"}, _item(site, 2)]
    feed = _feed(site, items)

    poll = _poll(feed)

    assert poll.result == PollResult.OK
    assert (poll.items_imported, poll.items_failed) == (2, 1)
    failed = FeedItem.objects.get(guid="urn:slow")
    assert failed.status == ItemStatus.FAILED and failed.article is None
    assert "took longer than 1 second" in failed.reason and "(attempt 1 of 3)" in failed.reason
    assert Article.objects.count() == 2
    assert not Article.objects.filter(url=slow).exists()


def test_a_feed_that_never_finishes_fails_at_the_deadline(site, feed_settings):
    feed_settings.URL_FETCH_DEADLINE = 1
    site.serve("/rss.xml", rss([_item(site, 1)]), RSS_TYPE, trickle=True)
    feed = feed_create(url=site.url("/rss.xml"), outlet="Harbour Gazette")

    poll = _poll(feed)

    assert poll.result == PollResult.FAILED and "took longer than 1 second" in poll.reason
    assert not Article.objects.exists()


def test_a_failed_item_is_tried_again_at_the_next_poll(site, feed_settings):
    feed = _feed(site, [{"guid": "urn:later", "link": site.url("/news/later"), "title": "Later"}])
    poll = _poll(feed)
    assert poll.items_failed == 1 and "1 failed items are tried again" in poll.reason
    site.serve("/news/later", news_page("Terminal 5 to reopen", story(5)))

    poll = _poll(feed)

    assert (poll.items_new, poll.items_imported) == (1, 1)
    item = FeedItem.objects.get()
    assert item.status == ItemStatus.IMPORTED and item.article.url == site.url("/news/later")


def test_feeds_on_private_addresses_are_refused_unless_allowed(site, settings):
    settings.FEEDS_ALLOW_PRIVATE = False
    site.serve("/rss.xml", rss([]), RSS_TYPE)
    with pytest.raises(Exception, match="local or private network address") as refused:
        feed_create(url=site.url("/rss.xml"), outlet="Harbour Gazette")
    assert refused.type.__name__ == "ValidationError"
    assert not Feed.objects.exists()

    # Subscribed while allowed, then polled where it is not: the poll fails and says why.
    settings.FEEDS_ALLOW_PRIVATE = True
    feed = feed_create(url=site.url("/rss.xml"), outlet="Harbour Gazette")
    settings.FEEDS_ALLOW_PRIVATE = False
    poll = _poll(feed)
    assert poll.result == PollResult.FAILED and "local or private network" in poll.reason
    assert site.hits("/rss.xml") == []


def test_the_periodic_job_claims_due_feeds_only_and_a_held_feed_waits_for_its_lease(
    site, feed_settings
):
    due = _feed(site, [_item(site, 1)])
    later = feed_create(url=site.url("/other.xml"), outlet="Harbour Gazette")
    Feed.objects.filter(pk=later.pk).update(
        next_poll_at=timezone.now() + datetime.timedelta(hours=1)
    )
    paused = feed_create(url=site.url("/paused.xml"), outlet="Harbour Gazette")
    Feed.objects.filter(pk=paused.pk).update(active=False)

    # The immediate task backend runs the queued poll at once.
    assert feeds_queue_due() == [due.pk]
    assert FeedPoll.objects.filter(feed=due).count() == 1
    assert not FeedPoll.objects.exclude(feed=due).exists()

    # A feed held by a poll (its worker died) is claimed again only once the lease runs out.
    now = timezone.now()
    Feed.objects.filter(pk=due.pk).update(
        next_poll_at=now, lease_until=now + datetime.timedelta(seconds=30)
    )
    FeedPoll.objects.filter(feed=due).update(result=PollResult.RUNNING, finished_at=None)
    assert feeds_queue_due() == []
    assert feed_claim(feed_id=due.pk, now=now + datetime.timedelta(seconds=31))
    feed_poll_run(feed_id=due.pk)
    first, second = FeedPoll.objects.filter(feed=due).order_by("pk")
    assert (first.result, first.reason) == (PollResult.FAILED, ABANDONED)
    assert second.result == PollResult.OK
    assert Article.objects.count() == 1


def test_a_second_queued_poll_of_a_feed_polled_meanwhile_does_nothing(site, feed_settings):
    # A queue slower than the lease: the feed was claimed and queued twice.
    feed = _feed(site, [_item(site, 1)])
    assert feed_claim(feed_id=feed.pk)
    assert feed_poll_run(feed_id=feed.pk).result == PollResult.OK

    assert feed_poll_run(feed_id=feed.pk) is None

    assert FeedPoll.objects.filter(feed=feed).count() == 1
    assert len(site.hits("/rss.xml")) == 1


def test_the_services_refuse_what_a_feed_may_not_be(feed_settings):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as refused:
        feed_create(url="http://127.0.0.1:9/a.xml", outlet="Gazette", interval_minutes=2)
    assert refused.value.message_dict == {
        "interval_minutes": [
            "Poll a feed at most every 5 minutes: sites ask readers not to poll more often."
        ]
    }
    with pytest.raises(ValidationError, match="Name the outlet"):
        feed_create(url="http://127.0.0.1:9/a.xml", outlet=" ")
    feed = feed_create(url="http://127.0.0.1:9/a.xml", outlet="Gazette")
    from feeds.services import feed_update

    with pytest.raises(ValidationError, match="cannot be changed here: url"):
        feed_update(feed=feed, changes={"url": "http://127.0.0.1:9/b.xml"})
    assert Feed.objects.get().url == "http://127.0.0.1:9/a.xml"
