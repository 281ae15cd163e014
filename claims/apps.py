from django.apps import AppConfig
from django.db.models.signals import post_migrate


class ClaimsConfig(AppConfig):
    name = "claims"
    verbose_name = "Claims, actors and attributions"

    def ready(self) -> None:
        from django.conf import settings

        from claims import tallies
        from claims.suggest import pipeline
        from claims.triggers import install_after_migrate
        from config.roles import sync_role_groups

        post_migrate.connect(
            install_after_migrate, sender=self, dispatch_uid="claims-integrity-triggers"
        )
        # Also after a flush (which empties the groups the role migration made).
        post_migrate.connect(sync_role_groups, sender=self, dispatch_uid="claims-role-groups")
        tallies.connect()
        # The English pipeline the suggestion engine parses with (loaded on first use).
        pipeline.use_model(settings.SUGGEST_SPACY_MODEL)
