from django import forms

from feeds.models import MIN_INTERVAL_MINUTES

# A week: a feed polled less often than that is better paused.
MAX_INTERVAL_MINUTES = 7 * 24 * 60


class FeedEditForm(forms.Form):
    title = forms.CharField(
        max_length=300, required=False, help_text="Empty: the feed's own title."
    )
    outlet = forms.CharField(
        max_length=200, help_text="The outlet its articles are filed under (made if new)."
    )
    keywords = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="One a line or comma-separated: only items whose title or summary holds one "
        "of them are imported (case and accents aside). Empty: every item.",
    )
    interval_minutes = forms.IntegerField(
        label="Poll every (minutes)",
        min_value=MIN_INTERVAL_MINUTES,
        max_value=MAX_INTERVAL_MINUTES,
        initial=60,
    )


class FeedForm(FeedEditForm):
    url = forms.URLField(label="Feed address", max_length=2000, assume_scheme="https")
    field_order = ["url", "outlet", "keywords", "interval_minutes", "title"]
