"""Feed operations shared by the pages and the admin (polling itself is feeds.polling)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from articles.fetch import FetchError, check_address
from articles.models import Outlet
from articles.services import outlet_get_or_create
from feeds.models import MIN_INTERVAL_MINUTES, Feed

EDITABLE = ("title", "outlet", "keywords", "interval_minutes", "active")


def _outlet(value: Outlet | str) -> Outlet:
    if isinstance(value, Outlet):
        return value
    if not (value or "").strip():
        raise ValidationError({"outlet": "Name the outlet whose articles the feed brings."})
    return outlet_get_or_create(name=value)


FEED_URL_MAX_BYTES = 2000


def _check(feed: Feed) -> None:
    """The field rules and the database's constraints as messages naming the field."""
    errors = {}
    if len(feed.url.encode()) > FEED_URL_MAX_BYTES:
        # The unique index on the address must hold it on any database.
        errors["url"] = f"The address is longer than {FEED_URL_MAX_BYTES:,} bytes."
    if feed.interval_minutes is not None and feed.interval_minutes < MIN_INTERVAL_MINUTES:
        errors["interval_minutes"] = (
            f"Poll a feed at most every {MIN_INTERVAL_MINUTES} minutes: "
            "sites ask readers not to poll more often."
        )
    try:
        feed.full_clean(exclude=["outlet"] if feed.outlet_id else None)
    except ValidationError as exc:
        for name, messages in exc.message_dict.items():
            # The interval's constraint says what the field's message above says.
            messages = [m for m in messages if m != errors.get("interval_minutes")]
            if messages:
                errors.setdefault(name, messages)
    if errors:
        raise ValidationError(errors)


def feed_create(
    *,
    url: str,
    outlet: Outlet | str,
    keywords: str = "",
    interval_minutes: int = 60,
    title: str = "",
    user=None,
) -> Feed:
    """Subscribe the tracker to a feed; its first poll is due at once. An address on a local or
    private network is refused unless settings.FEEDS_ALLOW_PRIVATE is on."""
    url = url.strip()
    if Feed.objects.filter(url=url).exists():
        raise ValidationError({"url": "The tracker already follows this feed."})
    try:
        check_address(url, public_only=not settings.FEEDS_ALLOW_PRIVATE)
    except FetchError as exc:
        raise ValidationError({"url": str(exc)}) from None
    feed = Feed(
        url=url,
        title=title.strip(),
        keywords=keywords.strip(),
        interval_minutes=interval_minutes,
        created_by=user,
        next_poll_at=timezone.now(),
    )
    feed.outlet = _outlet(outlet)
    _check(feed)
    with transaction.atomic():
        feed.save()
    return feed


def feed_update(*, feed: Feed, changes: dict, user=None) -> Feed:
    """Change what an analyst may change of a feed (not its address: that is another feed)."""
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise ValidationError(f"These fields cannot be changed here: {', '.join(sorted(unknown))}.")
    for name, value in changes.items():
        if name == "outlet":
            feed.outlet = _outlet(value)
        elif isinstance(value, str):
            setattr(feed, name, value.strip())
        else:
            setattr(feed, name, value)
    _check(feed)
    fields = [name for name in changes if name != "outlet"] + (
        ["outlet"] if "outlet" in changes else []
    )
    feed.save(update_fields=[*fields, "updated_at"])
    return feed


def feed_poll_now(*, feed: Feed, user=None) -> Feed:
    """Make the feed due at once (a paused feed too is resumed): the next worker to look for
    due feeds, within settings.FEEDS_CHECK_EVERY seconds, polls it."""
    now = timezone.now()
    Feed.objects.filter(pk=feed.pk).update(next_poll_at=now, active=True, updated_at=now)
    feed.next_poll_at, feed.active = now, True
    return feed


def feed_set_active(*, feed: Feed, active: bool, user=None) -> Feed:
    """Pause a feed (no more polls) or resume it (due at once)."""
    now = timezone.now()
    changes = {"active": active, "updated_at": now}
    if active:
        changes["next_poll_at"] = now
    Feed.objects.filter(pk=feed.pk).update(**changes)
    feed.refresh_from_db()
    return feed


def feed_delete(*, feed: Feed, user=None) -> None:
    """Stop following a feed: its polls and item records go, the articles it brought stay."""
    feed.delete()
