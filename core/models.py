"""Bases shared by the tracker's apps: timestamps, the edit counter, the source grade and the
passage (an exact span of an article's text). Nothing here imports another app of the project;
the passage names its article by label."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q


class Timestamped(models.Model):
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class Versioned(models.Model):
    """A counter bumped on every edit, so a second analyst's stale save is refused."""

    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        abstract = True


class SourceGrade(models.TextChoices):
    """Admiralty code, source reliability."""

    A = "A", "A: completely reliable"
    B = "B", "B: usually reliable"
    C = "C", "C: fairly reliable"
    D = "D", "D: not usually reliable"
    E = "E", "E: unreliable"
    F = "F", "F: reliability cannot be judged"


def passage_check(
    text: str, start: int, end: int, quote: str | None = None, *, quote_field: str = "quote"
) -> None:
    """The application's one check of a passage against its article's text, for every caller
    (the model's clean, the services locating a passage, the reader's forms); the database's
    trigger repeats it as the last guard. Raises ValidationError naming the field at fault."""
    if not 0 <= start < end <= len(text):
        raise ValidationError(
            {"start": f"The passage {start}-{end} is outside the article's text (0-{len(text)})."}
        )
    if quote is not None and text[start:end] != quote:
        raise ValidationError(
            {quote_field: "The quote does not match the article's text at these offsets."}
        )


class Passage(models.Model):
    """An exact span of an article's text: a W3C text-quote selector plus a text-position selector.

    Offsets count Python characters (Unicode code points) into Article.text; `exact` must equal
    the text there, which the database itself checks on every write (a trigger).
    """

    article = models.ForeignKey("articles.Article", on_delete=models.PROTECT, related_name="+")
    start = models.PositiveIntegerField(null=True, blank=True)
    end = models.PositiveIntegerField(null=True, blank=True)
    exact = models.TextField(blank=True)
    prefix = models.CharField(max_length=64, blank=True)
    suffix = models.CharField(max_length=64, blank=True)

    CONTEXT = 32

    class Meta:
        abstract = True
        constraints = [
            models.CheckConstraint(
                condition=Q(start__isnull=True, end__isnull=True, exact="")
                | Q(start__isnull=False, end__isnull=False, start__lt=models.F("end")),
                name="%(class)s_passage_start_before_end",
            ),
        ]

    @property
    def has_passage(self) -> bool:
        return self.start is not None

    def clean_passage(self) -> None:
        """Friendly form of the database's own passage checks."""
        if self.article_id is None or self.start is None or self.end is None:
            return
        passage_check(self.article.text, self.start, self.end, self.exact, quote_field="exact")

    def fill_context(self) -> None:
        text = self.article.text
        self.exact = text[self.start : self.end]
        self.prefix = text[max(0, self.start - self.CONTEXT) : self.start]
        self.suffix = text[self.end : self.end + self.CONTEXT]

    def text_quote_selector(self) -> dict:
        return {
            "type": "TextQuoteSelector",
            "exact": self.exact,
            "prefix": self.prefix,
            "suffix": self.suffix,
        }

    def text_position_selector(self) -> dict:
        return {"type": "TextPositionSelector", "start": self.start, "end": self.end}
