"""Webhooks: integrations that receive the tracker's events (core.events) as signed JSON, and
the log of every delivery made to them."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", "Pending"  # not yet attempted (or an attempt is under way)
    SUCCEEDED = "succeeded", "Succeeded"
    FAILED = "failed", "Failed, to be retried"
    GIVEN_UP = "given_up", "Given up"


# A delivery still owed: due at its next_attempt_at.
OPEN_STATUSES = [DeliveryStatus.PENDING, DeliveryStatus.FAILED]


class Webhook(models.Model):
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="webhooks"
    )
    url = models.URLField("target URL", max_length=2000)
    description = models.CharField(max_length=200, blank=True)
    # Signs every delivery (HMAC-SHA256); the subscriber keeps a copy to verify with.
    secret = models.CharField(max_length=200)
    # A subset of core.events.EVENT_TYPES, checked by hooks.services.
    event_types = models.JSONField(default=list)
    active = models.BooleanField(default=True)
    consecutive_failures = models.PositiveIntegerField(default=0)
    # While deliveries fail, none is attempted before this time but one probe at a time, so a
    # dead receiver costs one attempt per back-off, not one per event.
    paused_until = models.DateTimeField(null=True, blank=True)
    disabled_at = models.DateTimeField(null=True, blank=True)
    disabled_reason = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-id"]
        indexes = [models.Index(fields=["owner", "-id"], name="hooks_webhook_owner")]
        constraints = [
            # A webhook disabled after its failures is off until its owner turns it on again.
            models.CheckConstraint(
                condition=Q(active=False) | Q(disabled_at__isnull=True),
                name="hooks_webhook_disabled_is_off",
            ),
        ]

    def __str__(self) -> str:
        return self.url


class Delivery(models.Model):
    webhook = models.ForeignKey(Webhook, on_delete=models.CASCADE, related_name="deliveries")
    event_type = models.CharField(max_length=64)
    # Sent with every attempt (and a redelivery): the receiver recognises a repeat by it.
    delivery_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    payload = models.JSONField()
    status = models.CharField(
        max_length=16, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    # Whoever holds an unexpired lease is delivering it (or about to); a lease left by a worker
    # that died expires, and the periodic job claims the delivery again.
    lease_until = models.DateTimeField(null=True, blank=True)
    response_code = models.PositiveSmallIntegerField(null=True, blank=True)
    # The start of the last answer's body, with control characters escaped; no more is kept.
    response_excerpt = models.CharField(max_length=600, blank=True)
    last_error = models.CharField(max_length=500, blank=True)
    duration_ms = models.PositiveIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    delivered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-id"]
        verbose_name_plural = "deliveries"
        indexes = [
            # The periodic job's "due" query reads only deliveries still owed.
            models.Index(
                fields=["next_attempt_at"],
                condition=Q(status__in=OPEN_STATUSES),
                name="hooks_delivery_due",
            ),
            # A webhook's delivery log, newest first.
            models.Index(fields=["webhook", "-id"], name="hooks_delivery_log"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=DeliveryStatus.values), name="hooks_delivery_status_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.event_type} {self.delivery_id}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES
