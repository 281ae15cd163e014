from django.apps import AppConfig
from django.db.models.signals import post_migrate


class ClaimsConfig(AppConfig):
    name = "claims"
    verbose_name = "Claims, actors and attributions"

    def ready(self) -> None:
        from claims.triggers import install_after_migrate

        post_migrate.connect(install_after_migrate, sender=self, dispatch_uid="claims-integrity-triggers")
