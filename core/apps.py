from django.apps import AppConfig


class CoreConfig(AppConfig):
    """The shared bases every other app builds on; this app imports no other app of the project."""

    name = "core"
    verbose_name = "Shared bases"

    def ready(self) -> None:
        # Registers the check that a production start has no demo password left.
        from core import accounts  # noqa: F401
