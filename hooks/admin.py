"""Webhooks in the admin: curators see everyone's webhooks and deliveries; only a webhook's
owner changes, removes or redelivers it, through hooks.services as the API does."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError

from core.admin import ServiceAdminMixin, VersionedAdminForm, take_saved
from core.events import EVENT_TYPES
from core.roles import CURATOR, role_of
from hooks.models import Delivery, Webhook
from hooks.services import delivery_redeliver, webhook_delete, webhook_update


def _curator(request) -> bool:
    return role_of(request.user) == CURATOR


class WebhookForm(VersionedAdminForm):
    event_types = forms.MultipleChoiceField(
        choices=[(name, f"{name}: {text}") for name, text in EVENT_TYPES.items()],
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Webhook
        fields = ["url", "description", "event_types", "active"]


@admin.register(Webhook)
class WebhookAdmin(ServiceAdminMixin, admin.ModelAdmin):
    form = WebhookForm
    list_display = ["url", "owner", "active", "consecutive_failures", "disabled_at"]
    list_filter = ["active"]
    list_select_related = ["owner"]
    search_fields = ["url", "description", "owner__username"]
    readonly_fields = [
        "owner",
        "consecutive_failures",
        "paused_until",
        "disabled_at",
        "disabled_reason",
        "created_at",
        "updated_at",
    ]

    def has_module_permission(self, request):
        return _curator(request)

    def has_view_permission(self, request, obj=None):
        return _curator(request)

    def has_add_permission(self, request):
        # Subscribing is done through the API, whose answer is the one place the secret shows.
        return False

    def has_change_permission(self, request, obj=None):
        return _curator(request) and (obj is None or obj.owner_id == request.user.pk)

    def has_delete_permission(self, request, obj=None):
        return _curator(request) and (obj is None or obj.owner_id == request.user.pk)

    def save_model(self, request, obj, form, change):
        saved = webhook_update(
            webhook=obj,
            changes=form.service_changes(),
            user=request.user,
            expected_updated_at=form.cleaned_data["loaded_version"],
        )
        take_saved(obj, saved)

    def delete_record(self, request, obj):
        webhook_delete(webhook=obj, user=request.user)


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = [
        "delivery_id",
        "webhook",
        "event_type",
        "status",
        "attempts",
        "response_code",
        "created_at",
    ]
    list_filter = ["status", "event_type"]
    list_select_related = ["webhook"]
    search_fields = ["=delivery_id", "webhook__url"]
    actions = ["send_again"]

    def has_module_permission(self, request):
        return _curator(request)

    def has_view_permission(self, request, obj=None):
        return _curator(request)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description="Send the selected deliveries again (your own webhooks')")
    def send_again(self, request, queryset):
        sent, refused = 0, []
        for delivery in queryset.select_related("webhook"):
            try:
                delivery_redeliver(delivery=delivery, user=request.user)
                sent += 1
            except (PermissionDenied, ValidationError) as exc:
                reason = exc.messages[0] if isinstance(exc, ValidationError) else str(exc)
                refused.append(f"{delivery.delivery_id}: {reason}")
        if sent:
            self.message_user(request, f"{sent} sent again.", messages.SUCCESS)
        for line in refused:
            self.message_user(request, line, messages.ERROR)
