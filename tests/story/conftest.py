# The feed site and the webhook receivers of the feeds' and the webhooks' own tests.
from tests.feeds.conftest import feed_settings, site  # noqa: F401
from tests.hooks.conftest import private_allowed, receivers  # noqa: F401
