import pytest

# Imported before any test patches the engine: a first import inside a patched test would bind
# the stand-in for good, and tests after this directory would find no suggestions at all.
import claims.suggest_db
import suggest


@pytest.fixture(autouse=True)
def no_machine_suggestions(monkeypatch):
    """Import runs the suggestion engine; these tests create suggestions themselves."""
    monkeypatch.setattr(suggest, "extract", lambda *a, **k: [])
    monkeypatch.setattr(claims.suggest_db, "extract", lambda *a, **k: [])


@pytest.fixture
def outsider_client(outsider):
    from django.test import Client

    client = Client()
    client.force_login(outsider)
    return client
