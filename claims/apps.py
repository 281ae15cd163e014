from django.apps import AppConfig
from django.db.models.signals import post_migrate


class ClaimsConfig(AppConfig):
    name = "claims"
    verbose_name = "Claims, actors and attributions"

    def ready(self) -> None:
        from django.conf import settings

        from articles.signals import articles_stored, relations_changed
        from claims.services import suggestions_for_stored
        from claims.statements import statements_regroup
        from claims.triggers import install_after_migrate
        from core.roles import sync_role_groups
        from suggest import pipeline

        post_migrate.connect(
            install_after_migrate, sender=self, dispatch_uid="claims-integrity-triggers"
        )
        # Also after a flush (which empties the groups the role migration made).
        post_migrate.connect(sync_role_groups, sender=self, dispatch_uid="claims-role-groups")
        # Articles announce what they store; claims answers with suggestions and regrouping.
        articles_stored.connect(suggestions_for_stored, dispatch_uid="claims-suggestions")
        relations_changed.connect(
            lambda sender, article_ids, **_: statements_regroup(article_ids),
            weak=False,
            dispatch_uid="claims-regroup-statements",
        )
        # The English pipeline the suggestion engine parses with (loaded on first use).
        pipeline.use_model(settings.SUGGEST_SPACY_MODEL)
