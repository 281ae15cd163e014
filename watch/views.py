"""The watch app's pages: Watch buttons, saved searches, the watching page and the inbox. Every
view acts on the signed-in user's own records; another user's is a 404."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST
from django_htmx.http import trigger_client_event

from claims.models import Actor, Claim
from core.pages import Sort, cursor_page
from watch.models import DigestFrequency, InboxEntry, SavedSearch, SearchKind, Watch
from watch.services import (
    digest_preference_of,
    digest_set,
    inbox_mark_all_read,
    inbox_mark_read,
    saved_search_create,
    saved_search_delete,
    watch_add,
    watch_check_user,
    watch_delete,
    watch_remove,
)

INBOX_PAGE = 25
INBOX_SORT = Sort("Newest first", "pk", descending=True)


def _watch_toggle(request: HttpRequest, *, claim=None, actor=None) -> HttpResponse:
    target = claim or actor
    watching = request.POST.get("action") != "unwatch"
    if watching:
        watch_add(user=request.user, claim=claim, actor=actor)
    else:
        watch_remove(user=request.user, claim=claim, actor=actor)
    if request.htmx:
        return render(
            request,
            "watch/_button.html",
            {"target": target, "watching": watching, "url": request.path},
        )
    messages.success(
        request, "You are watching this now." if watching else "You no longer watch this."
    )
    return redirect(target.get_absolute_url())


@require_POST
def claim_watch(request: HttpRequest, claim_id: int) -> HttpResponse:
    watch_check_user(user=request.user)
    return _watch_toggle(request, claim=get_object_or_404(Claim, pk=claim_id))


@require_POST
def actor_watch(request: HttpRequest, actor_id: int) -> HttpResponse:
    watch_check_user(user=request.user)
    return _watch_toggle(request, actor=get_object_or_404(Actor, pk=actor_id))


def _back(request: HttpRequest, fallback: str) -> str:
    """The page a form came from (for a redirect back), if it is one of ours."""
    target = request.POST.get("next", "")
    if target.startswith("/") and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


@require_POST
def saved_search_new(request: HttpRequest) -> HttpResponse:
    kind = request.POST.get("kind", "")
    try:
        saved = saved_search_create(
            user=request.user,
            name=request.POST.get("name", ""),
            kind=kind,
            query=request.POST.get("query", ""),
        )
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, f"The search was not saved. {message}")
        return HttpResponseRedirect(_back(request, "/watching/"))
    messages.success(
        request, f"Saved as “{saved.name}”. New matches come to your inbox (see Watching)."
    )
    return redirect(saved.get_absolute_url())


@require_POST
def saved_search_remove(request: HttpRequest, saved_search_id: int) -> HttpResponse:
    saved = get_object_or_404(SavedSearch, pk=saved_search_id, user=request.user)
    saved_search_delete(saved_search=saved, user=request.user)
    messages.success(request, f"Deleted the saved search “{saved.name}”.")
    return redirect("watching")


@require_POST
def watch_remove_view(request: HttpRequest, watch_id: int) -> HttpResponse:
    watch = get_object_or_404(Watch, pk=watch_id, user=request.user)
    watch_delete(watch=watch, user=request.user)
    messages.success(request, "You no longer watch it.")
    return redirect("watching")


@require_POST
def digest_choose(request: HttpRequest) -> HttpResponse:
    try:
        preference = digest_set(user=request.user, frequency=request.POST.get("frequency", ""))
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            "No digest e-mails."
            if preference.frequency == DigestFrequency.OFF
            else f"{preference.get_frequency_display()} digest chosen.",
        )
    return redirect("watching")


@require_GET
def watching(request: HttpRequest) -> HttpResponse:
    """What the user watches, their saved searches and digest: four queries after the session's."""
    user = request.user
    watches = list(
        Watch.objects.filter(user=user)
        .select_related("claim", "actor")
        .only("claim__statement", "actor__name", "created_at", "user_id")
        .order_by("-pk")
    )
    return render(
        request,
        "watch/watching.html",
        {
            "claim_watches": [w for w in watches if w.claim_id],
            "actor_watches": [w for w in watches if w.actor_id],
            "searches": list(SavedSearch.objects.filter(user=user)),
            "preference": digest_preference_of(user),
            "frequencies": DigestFrequency.choices,
            "kinds": dict(SearchKind.choices),
        },
    )


@require_GET
def inbox(request: HttpRequest) -> HttpResponse:
    """The user's entries, newest first, a page by cursor (the page and the unread count)."""
    entries = InboxEntry.objects.filter(user=request.user).only(
        "kind", "event", "text", "link", "created_at", "read_at"
    )
    page = cursor_page(entries, INBOX_SORT, request.GET.get("cursor"), INBOX_PAGE)
    unread = InboxEntry.objects.filter(user=request.user, read_at__isnull=True).count()
    context = {"page": page, "unread": unread, "query": ""}
    if request.htmx and request.htmx.target == "inbox-results":
        return render(request, "watch/inbox.html#results", context)
    return render(request, "watch/inbox.html", context)


@require_POST
def inbox_read(request: HttpRequest, inbox_entry_id: int) -> HttpResponse:
    entry = get_object_or_404(InboxEntry, pk=inbox_entry_id, user=request.user)
    inbox_mark_read(entry=entry, user=request.user)
    if request.htmx:
        return trigger_client_event(
            render(request, "watch/inbox.html#entry", {"entry": entry}), "inbox-changed"
        )
    return redirect("inbox")


@require_POST
def inbox_read_all(request: HttpRequest) -> HttpResponse:
    count = inbox_mark_all_read(user=request.user)
    messages.success(request, f"Marked {count} entr{'y' if count == 1 else 'ies'} read.")
    return redirect("inbox")


@login_not_required
@require_GET
def inbox_count(request: HttpRequest) -> HttpResponse:
    """The top bar's Inbox link with its unread count, loaded after the page (one query). Once
    the session has ended it answers 204, which htmx leaves unswapped, rather than a redirect to
    the login page that would be drawn inside the link."""
    if not request.user.is_authenticated:
        return HttpResponse(status=204)
    unread = InboxEntry.objects.filter(user=request.user, read_at__isnull=True).count()
    return render(request, "watch/_inbox_link.html", {"unread": unread})
