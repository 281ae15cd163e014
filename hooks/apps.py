from django.apps import AppConfig


class HooksConfig(AppConfig):
    name = "hooks"
    verbose_name = "Webhooks"

    def ready(self) -> None:
        from core import periodic
        from core.events import events_happened
        from hooks.services import deliveries_for_events, deliveries_queue_due

        # A delivery per subscribed webhook, stored in the transaction of the change.
        events_happened.connect(deliveries_for_events, dispatch_uid="hooks-deliveries")
        # Retries, and deliveries whose worker died or whose task was never queued.
        periodic.register("webhook-deliveries-due", 10, deliveries_queue_due)
