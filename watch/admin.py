"""Watches, saved searches, inbox entries and digest preferences in the admin: read-only, and each
user sees only their own (they change them on /watching/ and /inbox/, through watch.services)."""

from django.contrib import admin

from watch.models import DigestPreference, InboxEntry, SavedSearch, Watch


class OwnReadOnlyAdmin(admin.ModelAdmin):
    def get_queryset(self, request):
        return super().get_queryset(request).filter(user=request.user)

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and (obj is None or obj.user_id == request.user.pk)

    def has_module_permission(self, request):
        return request.user.is_active

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Watch)
class WatchAdmin(OwnReadOnlyAdmin):
    list_display = ["__str__", "claim", "actor", "created_at"]
    list_select_related = ["claim", "actor"]
    raw_id_fields = ["claim", "actor"]


@admin.register(SavedSearch)
class SavedSearchAdmin(OwnReadOnlyAdmin):
    list_display = ["name", "kind", "query", "created_at"]


@admin.register(InboxEntry)
class InboxEntryAdmin(OwnReadOnlyAdmin):
    list_display = ["text", "kind", "event", "created_at", "read_at"]
    list_filter = ["kind", "event"]
    raw_id_fields = [
        "claim",
        "actor",
        "article",
        "attribution",
        "evidence",
        "watch",
        "saved_search",
    ]


@admin.register(DigestPreference)
class DigestPreferenceAdmin(OwnReadOnlyAdmin):
    list_display = ["user", "frequency", "last_sent_at", "next_due_at", "note"]
