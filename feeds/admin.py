from django import forms
from django.contrib import admin

from core.admin import ServiceAdminMixin, take_saved
from feeds.models import Feed, FeedItem, FeedPoll
from feeds.services import EDITABLE, feed_create, feed_delete, feed_update


class _ReadOnly:
    """Polls and items are what the polls recorded: read here, never written."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Feed)
class FeedAdmin(ServiceAdminMixin, admin.ModelAdmin):
    # Feeds carry no version counter; the services check what they change.
    form = forms.ModelForm
    list_display = ["__str__", "outlet", "active", "last_result", "last_polled_at", "next_poll_at"]
    list_filter = ["active", "last_result"]
    list_select_related = ["outlet"]
    search_fields = ["url", "title"]
    autocomplete_fields = ["outlet"]
    fields = [
        "url",
        "title",
        "outlet",
        "keywords",
        "interval_minutes",
        "active",
        "next_poll_at",
        "lease_until",
        "consecutive_failures",
        "last_polled_at",
        "last_result",
        "last_reason",
        "etag",
        "last_modified",
        "created_by",
    ]
    readonly_fields = fields[6:]

    def get_readonly_fields(self, request, obj=None):
        # The address is the feed: another address is another feed.
        return ["url", *self.readonly_fields] if obj else self.readonly_fields

    def save_model(self, request, obj, form, change):
        data = {name: form.cleaned_data[name] for name in EDITABLE if name in form.cleaned_data}
        if change:
            saved = feed_update(feed=obj, changes=data, user=request.user)
        else:
            active = data.pop("active", True)
            saved = feed_create(url=form.cleaned_data["url"], **data, user=request.user)
            if not active:
                saved = feed_update(feed=saved, changes={"active": False}, user=request.user)
        take_saved(obj, saved)

    def delete_record(self, request, obj):
        feed_delete(feed=obj, user=request.user)


@admin.register(FeedPoll)
class FeedPollAdmin(_ReadOnly, admin.ModelAdmin):
    list_display = ["feed", "started_at", "result", "http_status", "items_new", "items_imported"]
    list_filter = ["result", "feed"]
    list_select_related = ["feed"]
    readonly_fields = [f.name for f in FeedPoll._meta.fields]


@admin.register(FeedItem)
class FeedItemAdmin(_ReadOnly, admin.ModelAdmin):
    list_display = ["__str__", "feed", "status", "article", "created_at"]
    list_filter = ["status"]
    list_select_related = ["feed", "article"]
    search_fields = ["title", "link", "guid"]
    readonly_fields = [f.name for f in FeedItem._meta.fields]
