from django.apps import AppConfig


class CoreConfig(AppConfig):
    """The shared bases every other app builds on; this app imports no other app of the project."""

    name = "core"
    verbose_name = "Shared bases"
