"""Polling a feed: claim it, ask for it conditionally, and import its new items as articles.

A poll runs as a task (feeds.tasks.feed_poll) on any `db_worker`; the periodic job
(feeds.tasks.feeds_queue_due) claims each due feed first, with a conditional UPDATE that only one
of several racing workers wins. The claim is a lease, renewed after each item: a worker killed
mid-poll leaves the feed due and leased, and once the lease runs out the feed is claimed and
polled again. Each item is imported and recorded in one transaction, so an item is either
recorded with its article or not at all, and is never imported twice: the next poll meets its
record (unique per feed and guid), its address (an article or another feed's item there), or its
text (the article's unique content hash).
"""

import datetime
import hashlib
import html
import logging
import time
import unicodedata
from dataclasses import dataclass, field

import feedparser
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.html import strip_tags

from articles.fetch import FetchError, fetch_feed, fetch_url
from articles.models import Article, UrlKey
from articles.services import article_import_url
from articles.text import TextImportError
from feeds.models import Feed, FeedItem, FeedPoll, ItemStatus, PollResult

logger = logging.getLogger(__name__)

# A failed item (its page could not be fetched or read) is tried again at the next polls that
# read the feed, this many times in all.
ITEM_ATTEMPTS = 3
# The largest back-off exponent: 2**20 intervals is far past any FEED_MAX_BACKOFF.
_MAX_DOUBLINGS = 20
ABANDONED = (
    "The worker polling the feed stopped before the poll finished; the items it had recorded "
    "are kept and the next poll took up the rest."
)


def _lease() -> datetime.timedelta:
    return datetime.timedelta(seconds=settings.FEED_POLL_LEASE)


def feed_claim(*, feed_id: int, now: datetime.datetime | None = None) -> bool:
    """Take the feed for one poll if it is due and no poll holds it: a single conditional UPDATE,
    which only one of several workers racing for the feed wins."""
    now = now or timezone.now()
    return bool(Feed.objects.due(now).filter(pk=feed_id).update(lease_until=now + _lease()))


def feeds_due(*, now: datetime.datetime | None = None, limit: int = 100) -> list[int]:
    """Ids of the feeds due for a poll that no poll holds, the longest waiting first."""
    now = now or timezone.now()
    return list(Feed.objects.due(now).order_by("next_poll_at").values_list("pk", flat=True)[:limit])


def backoff(interval_minutes: int, failures: int) -> datetime.timedelta:
    """The wait after `failures` failed polls in a row: the interval doubled for each, at most
    settings.FEED_MAX_BACKOFF (and never less than the interval)."""
    seconds = interval_minutes * 60 * 2 ** min(failures, _MAX_DOUBLINGS)
    return datetime.timedelta(
        seconds=max(min(seconds, settings.FEED_MAX_BACKOFF), interval_minutes * 60)
    )


def fold(text: str) -> str:
    """`text` with case and accents set aside, for the keyword filter."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def _entry_guid(entry) -> str:
    guid = (entry.get("id") or entry.get("link") or "").strip()
    if not guid:
        guid = (
            "sha256:"
            + hashlib.sha256(
                (entry.get("title", "") + "\n" + entry.get("summary", "")).encode()
            ).hexdigest()
        )
    # Counted in bytes: the (feed, guid) index must hold it on any database.
    if len(guid.encode()) > 1000:
        guid = "sha256:" + hashlib.sha256(guid.encode()).hexdigest()
    return guid


def _entry_date(entry) -> tuple:
    stamp = entry.get("published_parsed") or entry.get("updated_parsed")
    return tuple(stamp)[:6] if stamp else ()


def _entry_text(entry) -> str:
    return html.unescape(strip_tags(f"{entry.get('title', '')}\n{entry.get('summary', '')}"))


@dataclass
class _Tally:
    imported: int = 0
    skipped: int = 0
    failed: int = 0
    retry: list[str] = field(default_factory=list)


def feed_poll_run(*, feed_id: int) -> FeedPoll | None:
    """Poll a feed this worker has claimed, record the poll, and free the feed with its next
    poll time: the interval after a poll that worked, a back-off after one that failed."""
    feed = Feed.objects.select_related("outlet", "created_by").filter(pk=feed_id).first()
    if feed is None:
        return None  # Removed since it was claimed.
    now = timezone.now()
    if feed.next_poll_at > now:
        # Polled since this poll was queued (a queue slower than the lease let the feed be
        # claimed twice): nothing to do.
        return None
    if not feed.active:
        Feed.objects.filter(pk=feed.pk).update(lease_until=None)
        return None
    Feed.objects.filter(pk=feed.pk).update(lease_until=now + _lease())
    FeedPoll.objects.filter(feed=feed, result=PollResult.RUNNING).update(
        result=PollResult.FAILED, finished_at=now, reason=ABANDONED
    )
    poll = FeedPoll.objects.create(feed=feed, started_at=now)
    try:
        return _poll(feed, poll)
    except Exception as exc:
        logger.exception("Polling feed %s failed.", feed.pk)
        return _finish(
            feed, poll, PollResult.FAILED, f"The poll failed unexpectedly ({type(exc).__name__})."
        )


def _poll(feed: Feed, poll: FeedPoll) -> FeedPoll:
    public_only = not settings.FEEDS_ALLOW_PRIVATE
    try:
        response = fetch_feed(
            feed.url, etag=feed.etag, last_modified=feed.last_modified, public_only=public_only
        )
    except FetchError as exc:
        return _finish(feed, poll, PollResult.FAILED, str(exc))
    poll.http_status = response.status
    if response.not_modified:
        return _finish(
            feed,
            poll,
            PollResult.NOT_MODIFIED,
            "The feed has not changed since the last poll (304).",
            validators=(response.etag, response.last_modified),
        )
    parsed = feedparser.parse(
        response.body, response_headers={"content-type": response.content_type}
    )
    if not parsed.get("version") and not parsed.entries:
        problem = parsed.get("bozo_exception")
        return _finish(
            feed,
            poll,
            PollResult.FAILED,
            "The address does not serve an RSS or Atom feed"
            + (f" ({str(problem)[:300]})." if problem else "."),
        )
    title = (parsed.feed.get("title") or "").strip()[:300]
    if title and not feed.title:
        Feed.objects.filter(pk=feed.pk).update(title=title)
    # Newest first: an undated entry keeps its place in the feed (sorting is stable).
    entries = sorted(parsed.entries, key=_entry_date, reverse=True)
    unseen = _unseen(feed, entries)
    limit = settings.FEED_MAX_ITEMS_PER_POLL
    take = unseen[:limit]
    poll.items_seen, poll.items_new, poll.items_left = (
        len(entries),
        len(take),
        len(unseen) - len(take),
    )
    poll.save(update_fields=["http_status", "items_seen", "items_new", "items_left"])

    tally = _Tally()
    keywords = [fold(k) for k in feed.keyword_list()]
    fetched = False
    for guid, entry, earlier in take:
        if fetched and settings.FEED_ITEM_PAUSE:
            time.sleep(settings.FEED_ITEM_PAUSE)  # politeness between item pages
        fetched = _take(feed, poll, guid, entry, earlier, keywords, public_only, tally)
        poll.items_imported, poll.items_skipped, poll.items_failed = (
            tally.imported,
            tally.skipped,
            tally.failed,
        )
        poll.save(update_fields=["items_imported", "items_skipped", "items_failed"])
        # Still at work: the lease runs from the last finished item.
        Feed.objects.filter(pk=feed.pk).update(lease_until=timezone.now() + _lease())

    parts = [
        f"{len(entries):,} item{'s' if len(entries) != 1 else ''} in the feed, "
        f"{len(take):,} new: {tally.imported:,} imported, {tally.skipped:,} skipped "
        f"(already stored or filtered out), {tally.failed:,} failed."
    ]
    if poll.items_left:
        parts.append(
            f"{poll.items_left:,} older new items were left for the next polls "
            f"(at most {limit:,} a poll, FEED_MAX_ITEMS_PER_POLL)."
        )
    if tally.retry:
        parts.append(f"{len(tally.retry):,} failed items are tried again at the next poll.")
    # The feed's validators are kept only when nothing waits: a feed answering 304 would
    # otherwise never hand over the items left for later or to try again.
    waiting = poll.items_left or tally.retry
    return _finish(
        feed,
        poll,
        PollResult.OK,
        " ".join(parts),
        validators=("", "") if waiting else (response.etag, response.last_modified),
    )


def _unseen(feed: Feed, entries) -> list[tuple[str, dict, FeedItem | None]]:
    """(guid, entry, earlier failed record or None) for the entries this feed has not recorded,
    or recorded as failed fewer than ITEM_ATTEMPTS times, in the order given."""
    keyed: dict[str, dict] = {}
    for entry in entries:
        keyed.setdefault(_entry_guid(entry), entry)
    guids = list(keyed)
    known: dict[str, FeedItem | None] = {}
    for start in range(0, len(guids), 500):
        for item in FeedItem.objects.filter(feed=feed, guid__in=guids[start : start + 500]).only(
            "guid", "status", "attempts"
        ):
            retry = item.status == ItemStatus.FAILED and item.attempts < ITEM_ATTEMPTS
            known[item.guid] = item if retry else None
    return [
        (guid, entry, known.get(guid))
        for guid, entry in keyed.items()
        if guid not in known or known[guid] is not None
    ]


def _stored_at(link: str) -> Article | None:
    """The article already stored from this address: imported from it, or by another feed."""
    article = Article.objects.latest_from_address(link)
    if article is None:
        # Through the index of the address's first characters, the whole compared here (as
        # Article.objects.latest_from_address does).
        items = (
            FeedItem.objects.alias(link_key=UrlKey("link"))
            .filter(link_key=link[:300], article__isnull=False)
            .select_related("article")
            .only("link", "article__id", "article__title")
        )
        article = next((i.article for i in items[:50] if i.link == link), None)
    return article


def _take(feed, poll, guid, entry, earlier, keywords, public_only, tally) -> bool:
    """Record one new item, importing its page when it passes the filter and is not stored
    yet. True when its page was fetched."""
    link = (entry.get("link") or "").strip()[:2000]
    web = link.startswith(("http://", "https://"))
    # Only a web address is kept (and shown as a link): never a javascript: or data: one.
    fields = {
        "link": link if web else "",
        "title": (entry.get("title") or "").strip()[:500],
        "poll": poll,
    }
    if keywords and not any(k in fold(_entry_text(entry)) for k in keywords):
        tally.skipped += 1
        _record_once(
            feed,
            guid,
            earlier,
            status=ItemStatus.FILTERED,
            reason="Its title and summary hold none of the feed's keywords.",
            **fields,
        )
        return False
    if not web:
        tally.failed += 1
        _record_once(
            feed,
            guid,
            earlier,
            status=ItemStatus.FAILED,
            reason="The item has no web address to import its page from.",
            attempts=ITEM_ATTEMPTS,
            **fields,
        )
        return False
    stored = _stored_at(link)
    if stored is not None:
        tally.skipped += 1
        _record_once(
            feed,
            guid,
            earlier,
            status=ItemStatus.DUPLICATE,
            article=stored,
            reason="An article from this address is already stored.",
            **fields,
        )
        return False
    try:
        # The page is fetched before the transaction: no write lock waits on a remote site.
        fetched = fetch_url(link, public_only=public_only)
        # The article and the item's record together or neither: a worker killed here leaves
        # nothing of the item, and the next poll imports it.
        with transaction.atomic():
            result = article_import_url(
                url=link,
                outlet=feed.outlet,
                user=feed.created_by,
                public_only=public_only,
                fetched=fetched,
            )
            if result.created:
                status = ItemStatus.IMPORTED
                reason = result.article.suggestion_note
            else:
                status = ItemStatus.DUPLICATE
                reason = "The same text is already stored."
            _record(
                feed, guid, earlier, status=status, article=result.article, reason=reason, **fields
            )
    except (FetchError, TextImportError, ValidationError) as exc:
        tally.failed += 1
        attempts = (earlier.attempts if earlier else 0) + 1
        message = "; ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
        if attempts < ITEM_ATTEMPTS:
            tally.retry.append(guid)
            message += f" (attempt {attempts} of {ITEM_ATTEMPTS})"
        _record_once(
            feed,
            guid,
            earlier,
            status=ItemStatus.FAILED,
            reason=message,
            attempts=attempts,
            **fields,
        )
        return True
    except IntegrityError:
        # Another poll of the feed (one whose lease ran out while it worked) recorded the item
        # first; its transaction's article stands and this one's was rolled back.
        tally.skipped += 1
        return True
    if status == ItemStatus.IMPORTED:
        tally.imported += 1
    else:
        tally.skipped += 1
    return True


def _record(feed, guid, earlier, **fields) -> None:
    """Store the item's record, or update the earlier failed one it is tried again for."""
    if earlier is not None:
        FeedItem.objects.filter(pk=earlier.pk).update(**fields)
    else:
        FeedItem.objects.create(feed=feed, guid=guid, **fields)


def _record_once(feed, guid, earlier, **fields) -> None:
    """`_record` for an item with no article of its own: should another poll of the feed have
    recorded it at the same moment, that record stands."""
    try:
        with transaction.atomic():
            _record(feed, guid, earlier, **fields)
    except IntegrityError:
        pass


def _finish(feed, poll, result, reason, *, validators=None) -> FeedPoll:
    now = timezone.now()
    poll.result, poll.reason, poll.finished_at = result, reason, now
    poll.save()
    if result == PollResult.FAILED:
        failures = feed.consecutive_failures + 1
        wait = backoff(feed.interval_minutes, failures)
    else:
        failures = 0
        wait = datetime.timedelta(minutes=feed.interval_minutes)
    changes = {
        "next_poll_at": now + wait,
        "lease_until": None,
        "consecutive_failures": failures,
        "last_polled_at": now,
        "last_result": result,
        "last_reason": reason,
    }
    if validators is not None:
        changes["etag"], changes["last_modified"] = validators
    Feed.objects.filter(pk=feed.pk).update(**changes)
    feed.consecutive_failures = failures
    return poll
