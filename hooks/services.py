"""Webhooks: subscribing, the deliveries each event owes, and delivering them.

Every write goes through here, from the API and the admin alike. A delivery is stored in the
transaction of the change it announces (`deliveries_for_events`, listening to
core.events.events_happened) and sent after that transaction commits, by a task
(hooks.tasks.webhook_deliver); the periodic job `deliveries_queue_due` takes up retries and
anything whose task was lost. At most one worker holds a delivery at a time (its lease), so a
delivery is sent at least once and, but for a worker dying mid-attempt, once per attempt.
"""

import datetime
import json
import logging
import random
import secrets
import time
import uuid

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from core.events import EVENT_TYPES
from core.versions import StaleVersion
from hooks import sending
from hooks.models import OPEN_STATUSES, Delivery, DeliveryStatus, Webhook

logger = logging.getLogger(__name__)

# Not one of the tracker's events: sent on request, to check that a receiver is set up.
PING = "ping"
# Retries: BACKOFF_BASE seconds after the first failure, doubling each time, at most BACKOFF_CAP,
# each spread by up to a fifth either way so that many failed deliveries do not return at once.
BACKOFF_BASE = 30
BACKOFF_CAP = 3600
# Due deliveries claimed by one run of the periodic job.
CLAIM_BATCH = 200
SECRET_PREFIX = "whsec_"
EDITABLE = ("url", "description", "event_types", "active", "secret")


def _lease() -> datetime.timedelta:
    return datetime.timedelta(seconds=settings.WEBHOOK_LEASE)


def backoff(failures: int) -> datetime.timedelta:
    """How long to wait after the `failures`-th failure in a row, jitter included."""
    seconds = BACKOFF_BASE * 2 ** min(max(failures - 1, 0), 20) * random.uniform(0.8, 1.2)
    return datetime.timedelta(seconds=min(seconds, BACKOFF_CAP))


def new_secret() -> str:
    return SECRET_PREFIX + secrets.token_urlsafe(32)


# Subscribing


def _check(webhook: Webhook) -> None:
    """The webhook's fields, each refused with a message naming what is wrong."""
    errors: dict[str, list[str]] = {}
    try:
        webhook.clean_fields(exclude=["owner", "event_types", "secret"])
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if "url" not in errors:
        try:
            sending.check_target(webhook.url, allow_private=settings.WEBHOOKS_ALLOW_PRIVATE)
        except sending.AddressRefused as exc:
            errors["url"] = [str(exc)]
    types = webhook.event_types
    if not isinstance(types, list) or not types or not all(isinstance(t, str) for t in types):
        errors["event_types"] = ["Choose at least one event type."]
    else:
        unknown = sorted(set(types) - set(EVENT_TYPES))
        if unknown:
            errors["event_types"] = [
                f"Unknown event type{'s' if len(unknown) > 1 else ''}: {', '.join(unknown)}. "
                f"The types are: {', '.join(EVENT_TYPES)}."
            ]
    if not isinstance(webhook.secret, str) or not 16 <= len(webhook.secret) <= 200:
        errors["secret"] = ["A secret has 16 to 200 characters."]
    if errors:
        raise ValidationError(errors)


def _check_owner(webhook: Webhook, user) -> None:
    if webhook.owner_id != user.pk:
        raise PermissionDenied("Only the webhook's owner may change it.")


def webhook_create(
    *,
    owner,
    url: str,
    event_types: list[str],
    description: str = "",
    secret: str | None = None,
    active: bool = True,
) -> Webhook:
    """A new subscription; its secret is generated when none is given."""
    webhook = Webhook(
        owner=owner,
        url=url.strip(),
        description=description,
        event_types=sorted(set(event_types)) if isinstance(event_types, list) else event_types,
        secret=secret or new_secret(),
        active=active,
    )
    _check(webhook)
    webhook.save()
    return webhook


def webhook_update(
    *, webhook: Webhook, changes: dict, user, expected_updated_at: datetime.datetime | None = None
) -> Webhook:
    """Change a webhook (its owner only), refused if it was saved since `expected_updated_at`
    (when given). Turning `active` back on re-enables a disabled webhook and forgets its
    failures; an empty `secret` asks for a new generated one."""
    _check_owner(webhook, user)
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise ValidationError(f"These cannot be changed: {', '.join(sorted(unknown))}.")
    with transaction.atomic():
        webhook = Webhook.objects.select_for_update().get(pk=webhook.pk)
        if expected_updated_at is not None and webhook.updated_at != expected_updated_at:
            raise StaleVersion(webhook, expected_updated_at)
        was_active = webhook.active
        for name, value in changes.items():
            if name == "url":
                value = value.strip()
            elif name == "event_types" and isinstance(value, list):
                value = sorted(set(value))
            elif name == "secret" and not value:
                value = new_secret()
            setattr(webhook, name, value)
        _check(webhook)
        if webhook.active and not was_active:
            webhook.consecutive_failures = 0
            webhook.paused_until = None
            webhook.disabled_at = None
            webhook.disabled_reason = ""
        webhook.save()
    return webhook


def webhook_delete(*, webhook: Webhook, user) -> None:
    """Remove a webhook and its delivery log (its owner only)."""
    _check_owner(webhook, user)
    webhook.delete()


def webhook_ping(*, webhook: Webhook, user) -> Delivery:
    """Queue a `ping` to the webhook now, whatever it subscribes to (its owner only)."""
    _check_owner(webhook, user)
    if not webhook.active:
        raise ValidationError("The webhook is disabled; turn it on (active) first.")
    delivery_id = uuid.uuid4()
    now = timezone.now()
    with transaction.atomic():
        delivery = Delivery.objects.create(
            webhook=webhook,
            event_type=PING,
            delivery_id=delivery_id,
            payload={
                "id": str(delivery_id),
                "type": PING,
                "created_at": now.isoformat(),
                "data": {
                    "webhook": {
                        "id": webhook.pk,
                        "url": webhook.url,
                        "event_types": webhook.event_types,
                    }
                },
            },
            next_attempt_at=now,
            lease_until=now + _lease(),
        )
        # Asked for by hand: no waiting for the back-off of earlier failures.
        Webhook.objects.filter(pk=webhook.pk).update(paused_until=None)
        _enqueue_after_commit([delivery])
    return delivery


def delivery_redeliver(*, delivery: Delivery, user) -> Delivery:
    """Send a failed or given-up delivery again, now, with the same delivery id and payload
    (its webhook's owner only); it has WEBHOOK_MAX_ATTEMPTS attempts again."""
    _check_owner(delivery.webhook, user)
    if not delivery.webhook.active:
        raise ValidationError("The webhook is disabled; turn it on (active) first.")
    now = timezone.now()
    with transaction.atomic():
        changed = Delivery.objects.filter(
            pk=delivery.pk, status__in=[DeliveryStatus.FAILED, DeliveryStatus.GIVEN_UP]
        ).update(
            status=DeliveryStatus.PENDING,
            attempts=0,
            next_attempt_at=now,
            lease_until=now + _lease(),
        )
        if not changed:
            now_status = Delivery.objects.get(pk=delivery.pk).status
            raise ValidationError(
                "Only a failed or given-up delivery can be sent again; this one "
                + ("was delivered." if now_status == DeliveryStatus.SUCCEEDED else "is pending.")
            )
        Webhook.objects.filter(pk=delivery.webhook_id).update(paused_until=None)
        delivery.refresh_from_db()
        _enqueue_after_commit([delivery])
    return delivery


# What each event owes


def deliveries_for_events(sender, events, **kwargs) -> list[Delivery]:
    """Store a delivery per (subscribed active webhook, event), in the caller's transaction,
    and queue their sending for after it commits. One query when no webhook subscribes."""
    types = {event.type for event in events}
    # The active webhooks are few: read in one query and matched here (whether a JSON list
    # holds a value is not asked the same way of SQLite and PostgreSQL).
    webhooks = [
        webhook
        for webhook in Webhook.objects.filter(active=True).only("pk", "event_types")
        if types.intersection(webhook.event_types)
    ]
    if not webhooks:
        return []
    now = timezone.now()
    lease = now + _lease()
    deliveries = []
    for event in events:
        for webhook in webhooks:
            if event.type not in webhook.event_types:
                continue
            delivery_id = uuid.uuid4()
            deliveries.append(
                Delivery(
                    webhook_id=webhook.pk,
                    event_type=event.type,
                    delivery_id=delivery_id,
                    payload={
                        "id": str(delivery_id),
                        "type": event.type,
                        "created_at": event.occurred_at.isoformat(),
                        "data": event.data,
                    },
                    created_at=now,
                    next_attempt_at=now,
                    # Held for the task queued after the commit; should that never be queued
                    # (the process died first), the lease runs out and the periodic job takes it.
                    lease_until=lease,
                )
            )
    Delivery.objects.bulk_create(deliveries)
    _enqueue_after_commit(deliveries)
    return deliveries


def _enqueue_after_commit(deliveries: list[Delivery]) -> None:
    held = [(str(d.delivery_id), d.lease_until.isoformat()) for d in deliveries]

    def enqueue():
        from hooks.tasks import webhook_deliver

        for delivery_id, lease in held:
            webhook_deliver.enqueue(delivery_id, lease)

    transaction.on_commit(enqueue)


def deliveries_queue_due() -> list[str]:
    """The periodic job: claim the deliveries that are due (a retry's time has come, or a lease
    ran out: its worker died, or its task was never queued) and queue them. Each is claimed by a
    conditional UPDATE that only one of several racing workers wins. Returns the ids queued."""
    from hooks.tasks import webhook_deliver

    now = timezone.now()
    due = (
        Delivery.objects.filter(status__in=OPEN_STATUSES, next_attempt_at__lte=now)
        .filter(Q(lease_until__isnull=True) | Q(lease_until__lt=now))
        .order_by("next_attempt_at", "id")
        .values_list("pk", "delivery_id", "lease_until")[:CLAIM_BATCH]
    )
    lease = now + _lease()
    queued = []
    for pk, delivery_id, held_until in list(due):
        row = Delivery.objects.filter(pk=pk, status__in=OPEN_STATUSES)
        row = (
            row.filter(lease_until__isnull=True)
            if held_until is None
            else row.filter(lease_until=held_until)
        )
        if row.update(lease_until=lease):
            webhook_deliver.enqueue(str(delivery_id), lease.isoformat())
            queued.append(str(delivery_id))
    if queued:
        logger.info("Queued %d due webhook deliveries.", len(queued))
    return queued


# Delivering


def headers_for(delivery: Delivery, secret: str, body: bytes, timestamp: int) -> dict[str, str]:
    return {
        "Content-Type": "application/json",
        "Tracker-Delivery": str(delivery.delivery_id),
        "Tracker-Event": delivery.event_type,
        "Tracker-Timestamp": str(timestamp),
        "Tracker-Signature": f"t={timestamp},v1={sending.sign(secret, timestamp, body)}",
    }


def body_of(payload: dict) -> bytes:
    # Keys sorted: the same bytes whichever database stored the payload.
    return json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def delivery_attempt(*, delivery_id: str, lease: datetime.datetime) -> str:
    """One attempt at a delivery, by the holder of `lease`; what happened, in a word."""
    now = timezone.now()
    held = now + _lease()
    # Still ours? Taken over (our lease ran out and the job claimed it), done, or removed: no.
    if not Delivery.objects.filter(
        delivery_id=delivery_id, lease_until=lease, status__in=OPEN_STATUSES
    ).update(lease_until=held):
        return "not held"
    delivery = Delivery.objects.select_related("webhook").get(delivery_id=delivery_id)
    webhook = delivery.webhook
    if not webhook.active:
        Delivery.objects.filter(pk=delivery.pk).update(
            status=DeliveryStatus.GIVEN_UP,
            lease_until=None,
            last_error=delivery.last_error or "Not sent: the webhook is disabled.",
        )
        return "given up"
    if webhook.consecutive_failures and not Webhook.objects.filter(
        Q(paused_until__isnull=True) | Q(paused_until__lte=now), pk=webhook.pk
    ).update(paused_until=held):
        # The receiver has been failing: another delivery is trying it, or its back-off runs.
        # This one waits until then, its attempts untouched.
        until = Webhook.objects.filter(pk=webhook.pk).values_list("paused_until", flat=True)
        later = max(until.first() or now, now + datetime.timedelta(seconds=1))
        Delivery.objects.filter(pk=delivery.pk, lease_until=held).update(
            next_attempt_at=later, lease_until=None
        )
        return "postponed"

    timestamp = int(time.time())
    body = body_of(delivery.payload)
    outcome = sending.post(
        webhook.url,
        body=body,
        headers=headers_for(delivery, webhook.secret, body, timestamp),
        timeout=settings.WEBHOOK_TIMEOUT,
        allow_private=settings.WEBHOOKS_ALLOW_PRIVATE,
    )
    return _record(delivery, outcome)


def _record(delivery: Delivery, outcome: sending.Outcome) -> str:
    now = timezone.now()
    attempts = delivery.attempts + 1
    result = {
        "attempts": attempts,
        "response_code": outcome.status,
        "response_excerpt": outcome.excerpt,
        "duration_ms": outcome.duration_ms,
        "lease_until": None,
    }
    with transaction.atomic():
        if outcome.ok:
            Delivery.objects.filter(pk=delivery.pk).update(
                **result, status=DeliveryStatus.SUCCEEDED, last_error="", delivered_at=now
            )
            healed = Webhook.objects.filter(
                Q(consecutive_failures__gt=0) | Q(paused_until__isnull=False),
                pk=delivery.webhook_id,
            ).update(consecutive_failures=0, paused_until=None)
            if healed:
                # The receiver answers again: what waited behind its failures is due now.
                Delivery.objects.filter(
                    webhook_id=delivery.webhook_id,
                    status__in=OPEN_STATUSES,
                    next_attempt_at__gt=now,
                ).update(next_attempt_at=now)
            return "succeeded"
        given_up = attempts >= settings.WEBHOOK_MAX_ATTEMPTS
        Delivery.objects.filter(pk=delivery.pk).update(
            **result,
            status=DeliveryStatus.GIVEN_UP if given_up else DeliveryStatus.FAILED,
            last_error=outcome.error[:500],
            next_attempt_at=now + backoff(attempts),
        )
        webhook = Webhook.objects.select_for_update().filter(pk=delivery.webhook_id).first()
        if webhook is None:
            return "removed"  # deleted during the attempt, its log with it
        webhook.consecutive_failures = F("consecutive_failures") + 1
        webhook.save(update_fields=["consecutive_failures"])
        webhook.refresh_from_db(fields=["consecutive_failures"])
        failures = webhook.consecutive_failures
        Webhook.objects.filter(pk=webhook.pk).update(paused_until=now + backoff(failures))
        if webhook.active and failures >= settings.WEBHOOK_DISABLE_AFTER:
            _disable(webhook, failures, outcome.error, now)
    return "given up" if given_up else "failed"


def _disable(webhook: Webhook, failures: int, error: str, now) -> None:
    reason = (f"Disabled after {failures} failed deliveries in a row; the last: {error}")[:500]
    Webhook.objects.filter(pk=webhook.pk).update(
        active=False, disabled_at=now, disabled_reason=reason, updated_at=now
    )
    owed = Delivery.objects.filter(webhook_id=webhook.pk, status__in=OPEN_STATUSES)
    owed.filter(attempts=0).update(
        status=DeliveryStatus.GIVEN_UP, lease_until=None, last_error="Not sent: " + reason[:480]
    )
    owed.update(status=DeliveryStatus.GIVEN_UP, lease_until=None)
    logger.warning("Webhook %s disabled: %s", webhook.pk, reason)
