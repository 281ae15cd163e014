import pytest

from tests.hooks.receiver import Receiver

# A migrated SQLite file for real workers, as the import workers' tests use.
from tests.test_background_workers import migrated_sqlite  # noqa: F401


@pytest.fixture
def receivers():
    """Start receivers with `receivers(answers=[...])`; all are shut at the end."""
    started = []

    def start(**kwargs) -> Receiver:
        receiver = Receiver(**kwargs)
        started.append(receiver)
        return receiver

    yield start
    for receiver in started:
        receiver.close()


@pytest.fixture
def private_allowed(settings):
    # The receivers listen on 127.0.0.1, which the address rule refuses by default.
    settings.WEBHOOKS_ALLOW_PRIVATE = True
    settings.WEBHOOK_TIMEOUT = 2
