from django.apps import AppConfig
from django.db.models.signals import post_migrate


class FeedsConfig(AppConfig):
    name = "feeds"
    verbose_name = "Feeds"

    def ready(self) -> None:
        from django.conf import settings

        from core import periodic
        from core.roles import sync_role_groups
        from feeds.tasks import feeds_queue_due

        periodic.register("feeds-due", settings.FEEDS_CHECK_EVERY, feeds_queue_due)
        # The roles' groups are made once this app's permissions exist (it migrates after claims).
        post_migrate.connect(sync_role_groups, sender=self, dispatch_uid="feeds-role-groups")
