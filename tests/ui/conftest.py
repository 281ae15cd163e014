import importlib

import pytest

import claims.suggest


@pytest.fixture(autouse=True)
def no_machine_suggestions(monkeypatch):
    """Import runs the suggestion engine; these tests create suggestions themselves.

    (The engine's `extract` is being written separately; until it lands this also stands in for it.)
    """
    monkeypatch.setattr(claims.suggest, "extract", lambda *a, **k: [], raising=False)
    suggest_db = importlib.import_module("claims.suggest_db")
    monkeypatch.setattr(suggest_db, "extract", lambda *a, **k: [])


@pytest.fixture
def outsider_client(outsider):
    from django.test import Client

    client = Client()
    client.force_login(outsider)
    return client
