"""What each user follows (a claim, an actor, a saved search), what changed for them (the inbox)
and how often they want it by e-mail (the digest)."""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.http import QueryDict


class Watch(models.Model):
    """A user follows one claim or one actor (exactly one of the two)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    claim = models.ForeignKey(
        "claims.Claim", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    actor = models.ForeignKey(
        "claims.Actor", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(claim__isnull=False, actor__isnull=True)
                | Q(claim__isnull=True, actor__isnull=False),
                name="watch_one_target",
            ),
            models.UniqueConstraint(
                fields=["user", "claim"], condition=Q(claim__isnull=False), name="watch_claim_once"
            ),
            models.UniqueConstraint(
                fields=["user", "actor"], condition=Q(actor__isnull=False), name="watch_actor_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} watches {self.target}"

    @property
    def target(self):
        """The claim or actor (a query unless loaded with select_related)."""
        return self.claim if self.claim_id else self.actor


class SearchKind(models.TextChoices):
    CLAIMS = "claims", "Claims list"
    ARTICLES = "articles", "Articles list"
    SEARCH = "search", "Search"


# The page each kind of saved search runs on.
SEARCH_PAGES = {
    SearchKind.CLAIMS: "/claims/",
    SearchKind.ARTICLES: "/articles/",
    SearchKind.SEARCH: "/search/",
}


class SavedSearch(models.Model):
    """A list's filters saved under a name: the query string the page showed, checked by that
    list's own FilterSet (watch.services.saved_search_create) so it runs what the page ran."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    name = models.CharField(max_length=100)
    kind = models.CharField(max_length=10, choices=SearchKind.choices)
    query = models.CharField(max_length=2000, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["user", "name"], name="saved_search_name_once"),
            models.CheckConstraint(
                condition=Q(kind__in=SearchKind.values), name="saved_search_kind_valid"
            ),
            models.CheckConstraint(condition=~Q(name=""), name="saved_search_name_not_empty"),
        ]
        verbose_name_plural = "saved searches"

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return SEARCH_PAGES[SearchKind(self.kind)] + (f"?{self.query}" if self.query else "")

    def params(self) -> QueryDict:
        return QueryDict(self.query)


class EntryKind(models.TextChoices):
    """Why the entry is in the inbox: what the user follows that it concerns."""

    CLAIM = "claim", "Watched claim"
    ACTOR = "actor", "Watched actor"
    SEARCH = "search", "Saved search"


class InboxEntry(models.Model):
    """One thing that changed for one user. The records it names are kept as references that
    survive the record's removal (the text and link say what it was)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=10, choices=EntryKind.choices)
    event = models.CharField(max_length=40)
    # What the entry is about, once per user: "attribution.confirmed:attribution:12".
    key = models.CharField(max_length=120)
    text = models.CharField(max_length=500)
    link = models.CharField(max_length=300)
    claim = models.ForeignKey(
        "claims.Claim", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    actor = models.ForeignKey(
        "claims.Actor", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    article = models.ForeignKey(
        "articles.Article", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    attribution = models.ForeignKey(
        "claims.Attribution", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    evidence = models.ForeignKey(
        "claims.Evidence", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    watch = models.ForeignKey(
        Watch, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    saved_search = models.ForeignKey(
        SavedSearch, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=False)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name_plural = "inbox entries"
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="inbox_entry_once"),
            models.CheckConstraint(
                condition=Q(kind__in=EntryKind.values), name="inbox_entry_kind_valid"
            ),
        ]
        indexes = [
            # The inbox, newest first, by cursor.
            models.Index(fields=["user", "-id"], name="inbox_user_recent_idx"),
            # The unread count and the digest's new entries.
            models.Index(
                fields=["user", "created_at"],
                condition=Q(read_at__isnull=True),
                name="inbox_unread_idx",
            ),
        ]

    def __str__(self) -> str:
        return self.text


class DigestFrequency(models.TextChoices):
    OFF = "off", "No e-mail"
    HOURLY = "hourly", "Hourly"
    DAILY = "daily", "Daily"
    WEEKLY = "weekly", "Weekly"


DIGEST_INTERVALS = {
    DigestFrequency.HOURLY: datetime.timedelta(hours=1),
    DigestFrequency.DAILY: datetime.timedelta(days=1),
    DigestFrequency.WEEKLY: datetime.timedelta(weeks=1),
}


class DigestPreference(models.Model):
    """How often a user gets their new unread entries by e-mail.

    `next_due_at` is when the next digest is due; a worker claims a due digest by moving it
    forward by a lease (watch.digests), so a digest whose worker died comes due again."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    frequency = models.CharField(
        max_length=10, choices=DigestFrequency.choices, default=DigestFrequency.OFF
    )
    # Entries created up to this time have been considered for a digest.
    digested_until = models.DateTimeField(null=True, blank=True)
    last_sent_at = models.DateTimeField(null=True, blank=True)
    next_due_at = models.DateTimeField(null=True, blank=True)
    # Why the last digest was not sent, if it was not (no e-mail address).
    note = models.CharField(max_length=200, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(frequency__in=DigestFrequency.values), name="digest_frequency_valid"
            ),
            models.CheckConstraint(
                condition=Q(frequency=DigestFrequency.OFF) | Q(next_due_at__isnull=False),
                name="digest_due_when_on",
            ),
        ]
        indexes = [
            models.Index(
                fields=["next_due_at"],
                condition=~Q(frequency=DigestFrequency.OFF),
                name="digest_due_idx",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_frequency_display()} digest for {self.user_id}"
