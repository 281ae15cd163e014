"""RSS and Atom feeds the tracker follows by itself, each poll of them, and each item they
brought (feeds.polling does the polling)."""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from articles.models import UrlKey
from core.models import Timestamped

# Politeness: no feed is asked more often than this, whatever an analyst sets.
MIN_INTERVAL_MINUTES = 5


class PollResult(models.TextChoices):
    RUNNING = "running", "Running"
    OK = "ok", "OK"
    NOT_MODIFIED = "not_modified", "Not modified"
    FAILED = "failed", "Failed"


class ItemStatus(models.TextChoices):
    IMPORTED = "imported", "Imported"
    DUPLICATE = "duplicate", "Already stored"
    FILTERED = "filtered", "Filtered out"
    FAILED = "failed", "Failed"


class FeedQuerySet(models.QuerySet):
    def free(self, now: datetime.datetime):
        """Feeds no poll holds: no lease, or one that has run out (its worker died)."""
        return self.filter(Q(lease_until__isnull=True) | Q(lease_until__lte=now))

    def due(self, now: datetime.datetime):
        return self.filter(active=True, next_poll_at__lte=now).free(now)


class Feed(Timestamped):
    """An RSS or Atom feed whose new items are imported as articles of `outlet`."""

    url = models.URLField("feed address", max_length=2000, unique=True)
    title = models.CharField(max_length=300, blank=True)
    outlet = models.ForeignKey("articles.Outlet", on_delete=models.PROTECT, related_name="feeds")
    # One a line (or comma-separated): an item is imported only when its title or summary holds
    # one of them, case and accents aside. Empty: every item.
    keywords = models.TextField(blank=True)
    interval_minutes = models.PositiveIntegerField("poll every (minutes)", default=60)
    active = models.BooleanField(default=True)
    # The validators of the feed's last answer, sent back so an unchanged feed answers 304.
    etag = models.CharField(max_length=500, blank=True)
    last_modified = models.CharField(max_length=100, blank=True)
    next_poll_at = models.DateTimeField(default=timezone.now)
    # Until when a claimed poll holds the feed; renewed after each item (FEED_POLL_LEASE).
    lease_until = models.DateTimeField(null=True, blank=True)
    consecutive_failures = models.PositiveIntegerField(default=0)
    last_polled_at = models.DateTimeField(null=True, blank=True)
    last_result = models.CharField(max_length=12, choices=PollResult.choices, blank=True)
    last_reason = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = FeedQuerySet.as_manager()

    class Meta:
        ordering = ["title", "url"]
        constraints = [
            models.CheckConstraint(
                condition=Q(interval_minutes__gte=MIN_INTERVAL_MINUTES),
                name="feed_interval_floor",
                violation_error_message=(
                    f"Poll a feed at most every {MIN_INTERVAL_MINUTES} minutes: "
                    "sites ask readers not to poll more often."
                ),
            ),
            models.CheckConstraint(
                condition=Q(last_result__in=["", *PollResult.values]),
                name="feed_last_result_valid",
            ),
        ]
        indexes = [models.Index(fields=["active", "next_poll_at"], name="feed_due_idx")]

    def __str__(self) -> str:
        return self.title or self.url

    def get_absolute_url(self) -> str:
        return f"/feeds/{self.pk}/"

    def keyword_list(self) -> list[str]:
        return [k.strip() for k in self.keywords.replace(",", "\n").splitlines() if k.strip()]


class FeedPoll(models.Model):
    """One poll of a feed: what the site answered and what came of its items."""

    feed = models.ForeignKey(Feed, on_delete=models.CASCADE, related_name="polls")
    started_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    result = models.CharField(max_length=12, choices=PollResult.choices, default=PollResult.RUNNING)
    http_status = models.PositiveSmallIntegerField(null=True, blank=True)
    items_seen = models.PositiveIntegerField(default=0)
    items_new = models.PositiveIntegerField(default=0)
    items_imported = models.PositiveIntegerField(default=0)
    items_skipped = models.PositiveIntegerField(default=0)
    items_failed = models.PositiveIntegerField(default=0)
    # New items beyond FEED_MAX_ITEMS_PER_POLL, left for the next polls.
    items_left = models.PositiveIntegerField(default=0)
    reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-started_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(result__in=PollResult.values), name="feedpoll_result_valid"
            )
        ]
        indexes = [models.Index(fields=["feed", "-started_at"], name="feedpoll_recent_idx")]

    def __str__(self) -> str:
        return f"Poll of {self.feed_id} at {self.started_at:%Y-%m-%d %H:%M}: {self.result}"


class FeedItem(models.Model):
    """An item a feed listed, once per feed: imported, recognised as already stored, filtered
    out or failed, with why."""

    feed = models.ForeignKey(Feed, on_delete=models.CASCADE, related_name="items")
    poll = models.ForeignKey(
        FeedPoll, on_delete=models.SET_NULL, null=True, blank=True, related_name="items"
    )
    # The entry's id, or its link when it has none.
    guid = models.CharField(max_length=1000)
    link = models.URLField(max_length=2000, blank=True)
    title = models.CharField(max_length=500, blank=True)
    article = models.ForeignKey(
        "articles.Article",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="feed_items",
    )
    status = models.CharField(max_length=10, choices=ItemStatus.choices)
    reason = models.TextField(blank=True)
    # Tries at its page so far; a failed item is tried again up to feeds.polling.ITEM_ATTEMPTS.
    attempts = models.PositiveSmallIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["feed", "guid"], name="feeditem_once_per_feed"),
            models.CheckConstraint(
                condition=Q(status__in=ItemStatus.values), name="feeditem_status_valid"
            ),
        ]
        indexes = [
            # Another feed's item at the same address is recognised without fetching it.
            # On its first characters, which any database indexes whatever they are.
            models.Index(UrlKey("link"), name="feeditem_link_key_idx"),
            models.Index(fields=["feed", "-created_at"], name="feeditem_recent_idx"),
        ]

    def __str__(self) -> str:
        return self.title or self.link or self.guid
