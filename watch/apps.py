from django.apps import AppConfig


class WatchConfig(AppConfig):
    name = "watch"
    verbose_name = "Watchlists and inbox"

    def ready(self) -> None:
        from django.conf import settings

        from core import periodic
        from core.events import events_happened
        from watch.digests import digests_queue_due
        from watch.inbox import on_events

        events_happened.connect(on_events, dispatch_uid="watch-inbox-entries")
        periodic.register("watch-digests", settings.DIGEST_CHECK_SECONDS, digests_queue_due)
