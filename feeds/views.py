"""The feed pages: every feed the tracker follows, and one feed's polls and items. Analysts
subscribe, edit, pause, poll now and remove; viewers read."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.forms import add_errors
from core.permissions import require_perm
from feeds.forms import FeedEditForm, FeedForm
from feeds.models import Feed, FeedItem, FeedPoll
from feeds.selectors import feeds_with_counts
from feeds.services import feed_create, feed_delete, feed_poll_now, feed_set_active, feed_update

POLLS_SHOWN = 20
ITEMS_SHOWN = 50


@require_http_methods(["GET", "POST"])
def feed_list(request: HttpRequest) -> HttpResponse:
    """Every feed with its last poll and next; analysts subscribe to a new one here."""
    require_perm(request, "feeds.view_feed")
    form = FeedForm(initial={"interval_minutes": 60})
    status = 200
    if request.method == "POST":
        require_perm(request, "feeds.add_feed")
        form = FeedForm(request.POST)
        status = 422
        if form.is_valid():
            try:
                feed = feed_create(**form.cleaned_data, user=request.user)
            except ValidationError as exc:
                add_errors(form, exc)
            else:
                messages.success(request, "Feed added; its first poll is due now.")
                return redirect(feed.get_absolute_url())
    context = {"feeds": feeds_with_counts(), "form": form}
    if request.htmx and request.method == "GET":
        return render(request, "feeds/list.html#feeds", context)
    return render(request, "feeds/list.html", context, status=status)


def _detail_context(feed: Feed, edit_form=None) -> dict:
    return {
        "feed": feed,
        "polls": list(FeedPoll.objects.filter(feed=feed)[:POLLS_SHOWN]),
        "items": list(
            FeedItem.objects.filter(feed=feed)
            .select_related("article")
            .only(
                "guid",
                "link",
                "title",
                "status",
                "reason",
                "created_at",
                "article__id",
                "article__title",
            )[:ITEMS_SHOWN]
        ),
        "edit_form": edit_form
        or FeedEditForm(
            initial={
                "title": feed.title,
                "outlet": feed.outlet.name,
                "keywords": feed.keywords,
                "interval_minutes": feed.interval_minutes,
            }
        ),
    }


def _feed(feed_id: int) -> Feed:
    return get_object_or_404(Feed.objects.select_related("outlet"), pk=feed_id)


@require_GET
def feed_detail(request: HttpRequest, feed_id: int) -> HttpResponse:
    """A feed's polls with their result and reason, and the items it brought in."""
    require_perm(request, "feeds.view_feed")
    context = _detail_context(_feed(feed_id))
    if request.htmx:
        return render(request, "feeds/detail.html#activity", context)
    return render(request, "feeds/detail.html", context)


@require_POST
def feed_edit(request: HttpRequest, feed_id: int) -> HttpResponse:
    require_perm(request, "feeds.change_feed")
    feed = _feed(feed_id)
    form = FeedEditForm(request.POST)
    if form.is_valid():
        try:
            feed_update(feed=feed, changes=form.cleaned_data, user=request.user)
        except ValidationError as exc:
            add_errors(form, exc)
            feed.refresh_from_db()
        else:
            messages.success(request, "Feed saved.")
            return redirect(feed.get_absolute_url())
    context = _detail_context(feed, edit_form=form)
    context["editing"] = True
    return render(request, "feeds/detail.html", context, status=422)


@require_POST
def feed_poll(request: HttpRequest, feed_id: int) -> HttpResponse:
    require_perm(request, "feeds.change_feed")
    feed = feed_poll_now(feed=_feed(feed_id), user=request.user)
    messages.success(request, "The feed is due now: a worker polls it within seconds.")
    return redirect(feed.get_absolute_url())


@require_POST
def feed_pause(request: HttpRequest, feed_id: int) -> HttpResponse:
    require_perm(request, "feeds.change_feed")
    active = request.POST.get("active") == "1"
    feed = feed_set_active(feed=_feed(feed_id), active=active, user=request.user)
    messages.success(request, "Feed resumed: it is due now." if active else "Feed paused.")
    return redirect(feed.get_absolute_url())


@require_POST
def feed_remove(request: HttpRequest, feed_id: int) -> HttpResponse:
    require_perm(request, "feeds.delete_feed")
    feed = _feed(feed_id)
    feed_delete(feed=feed, user=request.user)
    messages.success(request, f"No longer following {feed}. The articles it brought in stay.")
    return redirect("feeds")
