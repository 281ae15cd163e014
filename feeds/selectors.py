"""Reads of the feed pages."""

from django.db.models import Count, Q

from feeds.models import Feed, ItemStatus


def feeds_with_counts():
    """Every feed with its outlet and how many articles it brought in (one query)."""
    return (
        Feed.objects.select_related("outlet")
        .annotate(articles=Count("items", filter=Q(items__status=ItemStatus.IMPORTED)))
        .order_by("title", "url")
    )
