from django.apps import AppConfig


class DevtoolsConfig(AppConfig):
    """Tools for developing the tracker (benchmarks, a load test, a synthetic corpus, the
    suggestion scorer): commands only, no models; nothing in the product imports them."""

    name = "devtools"
    verbose_name = "Development tools"
