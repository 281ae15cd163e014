"""Background work of the hooks app: one delivery attempt per task."""

import datetime

from django.tasks import task

from hooks.services import delivery_attempt


@task
def webhook_deliver(delivery_id: str, lease: str) -> str:
    """Attempt a delivery, if the lease it was queued with still holds it (hooks.services)."""
    return delivery_attempt(delivery_id=delivery_id, lease=datetime.datetime.fromisoformat(lease))
