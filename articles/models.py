import datetime
import hashlib
import re
import unicodedata

from django.conf import settings
from django.db import models
from django.db.models import F, Q, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from simple_history.models import HistoricalRecords

from core.models import SourceGrade, Timestamped, Versioned


class Outlet(Timestamped):
    name = models.CharField(max_length=200)
    domain = models.CharField(max_length=253, blank=True)
    reliability = models.CharField(max_length=1, choices=SourceGrade.choices, default=SourceGrade.F)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        permissions = [("grade_outlet", "Can set an outlet's reliability grade")]
        constraints = [
            models.UniqueConstraint(models.functions.Lower("name"), name="outlet_name_unique"),
            models.CheckConstraint(
                condition=Q(reliability__in=SourceGrade.values), name="outlet_reliability_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.name


def normalise_for_hash(text: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text)).strip()


def content_hash(text: str) -> str:
    """Identifies exact re-imports: the same words, whatever the whitespace."""
    return hashlib.sha256(normalise_for_hash(text).encode()).hexdigest()


# An article without a date sorts as the oldest (the articles list's default order, indexed).
PUBLISHED_KEY = Coalesce("published_on", Value(datetime.date(1, 1, 1)))


class UrlKey(models.Func):
    """The first 300 characters of an address: what its index holds. The bounds are written
    into the SQL (not passed as parameters) so that SQLite sees the index's own expression."""

    function = "SUBSTR"
    template = "%(function)s(%(expressions)s, 1, 300)"
    output_field = models.CharField()


URL_KEY = UrlKey("url")


class ArticleQuerySet(models.QuerySet):
    def with_outlet(self):
        return self.select_related("outlet")

    def latest_from_address(self, url: str) -> "Article | None":
        """The latest article imported from `url`, found through the address index (one query).
        The full address is compared here rather than in SQL: given both, SQLite puts the
        address into the indexed expression and no longer uses the index."""
        same_start = (
            self.alias(url_key=URL_KEY)
            .filter(url_key=url[:300])
            .only("title", "url", "published_on")
            .order_by("-pk")
        )
        return next((a for a in same_start[:50] if a.url == url), None)


class Article(Timestamped, Versioned):
    title = models.CharField(max_length=500)
    outlet = models.ForeignKey(
        Outlet, on_delete=models.PROTECT, null=True, blank=True, related_name="articles"
    )
    url = models.URLField(max_length=2000, blank=True)
    published_on = models.DateField(null=True, blank=True)
    dateline = models.CharField(max_length=200, blank=True)
    byline = models.CharField(max_length=300, blank=True)
    language = models.CharField(max_length=16, default="en")
    # Why the machine made no suggestions for it (its language is not English), for the reader
    # and the API; empty when suggestions were made.
    suggestion_note = models.CharField(max_length=300, blank=True, default="")
    # Stored as imported and never edited in place (a database trigger refuses it), so every
    # passage offset stays valid.
    text = models.TextField()
    content_hash = models.CharField(max_length=64, editable=False)
    # sha256 of the web page as fetched or uploaded (before its main text was extracted), by
    # which a re-import of the same page is recognised; blank for text pasted or given as such.
    page_hash = models.CharField(max_length=64, blank=True, default="", editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    history = HistoricalRecords(excluded_fields=["text"])
    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-published_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["content_hash"], name="article_content_unique"),
            models.CheckConstraint(condition=~Q(text=""), name="article_text_not_empty"),
            models.CheckConstraint(condition=~Q(title=""), name="article_title_not_empty"),
        ]
        indexes = [
            models.Index(fields=["published_on"], name="article_published_idx"),
            models.Index(fields=["-created_at", "-id"], name="article_recent_idx"),
            # The articles list's orders.
            models.Index(PUBLISHED_KEY, F("id"), name="article_published_key_idx"),
            models.Index(fields=["title", "id"], name="article_title_idx"),
            models.Index(fields=["page_hash"], name="article_page_hash_idx"),
            # Re-imports from the same address; on its first characters, which any database
            # indexes whatever the characters (a whole 2,000-character address may not fit).
            models.Index(URL_KEY, name="article_url_key_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        self.content_hash = content_hash(self.text)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return f"/articles/{self.pk}/"


class BlockKind(models.TextChoices):
    REPEATED = "repeated", "Repeated block"
    FURNITURE = "furniture", "Page furniture"
    CAPTION = "caption", "Photo caption"
    TITLE = "title", "Title line"
    MARKER = "dateline-marker", "Date marker"


class ArticleBlock(models.Model):
    """A span of an article found on import that is not part of the story proper."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="blocks")
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    kind = models.CharField(max_length=20, choices=BlockKind.choices)
    # For a repeated block: where the first copy starts.
    original_start = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["article", "start"]
        constraints = [
            models.CheckConstraint(
                condition=Q(start__lt=models.F("end")), name="block_start_before_end"
            ),
            models.CheckConstraint(condition=Q(kind__in=BlockKind.values), name="block_kind_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.start}-{self.end}"

    @property
    def dimmed(self) -> bool:
        return self.kind in (BlockKind.REPEATED, BlockKind.FURNITURE)


class RelationKind(models.TextChoices):
    COPY_OF = "copy_of", "copy of"
    REWRITE_OF = "rewrite_of", "rewrite of"


class ArticleRelation(Timestamped):
    """`article` copies or rewrites `original` (the earlier one where the dates tell)."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="relations")
    original = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="retellings")
    kind = models.CharField(max_length=12, choices=RelationKind.choices)
    similarity = models.FloatField()
    # Detected on import; a curator confirms (or removes) it.
    confirmed = models.BooleanField(default=False)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-similarity"]
        constraints = [
            models.UniqueConstraint(fields=["article", "original"], name="article_relation_unique"),
            models.CheckConstraint(
                condition=~Q(article=models.F("original")), name="article_relation_not_self"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=RelationKind.values), name="article_relation_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(similarity__gte=0, similarity__lte=1),
                name="article_relation_similarity_range",
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.article_id} {self.get_kind_display()} #{self.original_id} ({self.similarity:.2f})"


class ArticleBand(models.Model):
    """One locality-sensitive hash band of an article's words: the index near-copies are found by."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="+")
    key = models.BigIntegerField()

    class Meta:
        # A key's earliest articles first: a new copy is compared with a story's original.
        indexes = [models.Index(fields=["key", "article"], name="article_band_key_article_idx")]

    def __str__(self) -> str:
        return f"band {self.key} of #{self.article_id}"


class ImportStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    RUNNING = "running", "Running"
    DONE = "done", "Done"
    FAILED = "failed", "Failed"


class ImportBatchQuerySet(models.QuerySet):
    def abandoned(self, lease: datetime.timedelta) -> "ImportBatchQuerySet":
        """Unfinished batches with items to import that no worker has reported on within
        `lease`: their worker died (or never took them up)."""
        cutoff = timezone.now() - lease
        pending = ImportItem.objects.filter(
            batch=models.OuterRef("pk"), status=ImportItemStatus.PENDING
        )
        return self.filter(
            Q(heartbeat_at__lt=cutoff) | Q(heartbeat_at=None, created_at__lt=cutoff),
            models.Exists(pending),
            status__in=[ImportStatus.QUEUED, ImportStatus.RUNNING],
        )

    def visible_to(self, user) -> "ImportBatchQuerySet":
        """The batches `user` may see: their own, or every batch for a curator (who holds
        articles.view_importbatch). The permission check reuses the user's cached permissions."""
        if user.has_perm("articles.view_importbatch"):
            return self.all()
        if not user.is_authenticated:
            return self.none()
        return self.filter(created_by=user)


class ImportBatch(Timestamped):
    """Many articles imported in the background, with progress the import page shows."""

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    status = models.CharField(
        max_length=10, choices=ImportStatus.choices, default=ImportStatus.QUEUED
    )
    total = models.PositiveIntegerField(default=0)
    processed = models.PositiveIntegerField(default=0)
    created = models.PositiveIntegerField(default=0)
    existing = models.PositiveIntegerField(default=0)
    failed = models.PositiveIntegerField(default=0)
    suggest = models.BooleanField(default=True)
    task_id = models.CharField(max_length=64, blank=True)
    # When a worker last started a run or finished a chunk: the lease on the batch, which
    # `db_worker` takes for abandoned once it is settings.IMPORT_LEASE seconds old.
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    objects = ImportBatchQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=ImportStatus.values), name="import_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(processed__lte=models.F("total")), name="import_progress_bounded"
            ),
        ]

    def __str__(self) -> str:
        return f"Import #{self.pk}: {self.processed}/{self.total}"

    @property
    def percent(self) -> int:
        return round(100 * self.processed / self.total) if self.total else 100


class ImportItemStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    CREATED = "created", "Imported"
    EXISTING = "existing", "Already stored"
    FAILED = "failed", "Failed"


class ImportItem(models.Model):
    batch = models.ForeignKey(ImportBatch, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveIntegerField()
    title = models.CharField(max_length=500, blank=True)
    # Emptied once imported (the article keeps the text) or once it failed (the error says why).
    text = models.TextField(blank=True)
    url = models.URLField(max_length=2000, blank=True)
    published_on = models.DateField(null=True, blank=True)
    outlet = models.CharField(max_length=200, blank=True)
    # What a web page gave: its author, and the page's hash (articles.Article.page_hash).
    byline = models.CharField(max_length=300, blank=True, default="")
    page_hash = models.CharField(max_length=64, blank=True, default="")
    status = models.CharField(
        max_length=10, choices=ImportItemStatus.choices, default=ImportItemStatus.PENDING
    )
    article = models.ForeignKey(
        Article, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["batch", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["batch", "position"], name="import_item_position_unique"
            ),
            models.CheckConstraint(
                condition=Q(status__in=ImportItemStatus.values), name="import_item_status_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.batch_id}#{self.position} {self.status}"
