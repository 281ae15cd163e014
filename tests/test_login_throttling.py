import pytest

from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def _login(client, username, password):
    return client.post("/accounts/login/", {"username": username, "password": password})


def test_it_locks_out_a_username_after_five_wrong_passwords(client, analyst):
    for _ in range(4):
        assert _login(client, analyst.username, "guess-123").status_code == 200
    assert _login(client, analyst.username, "guess-123").status_code == 429
    # Even the right password is refused during the cool-off.
    response = _login(client, analyst.username, PASSWORD)
    assert response.status_code == 429
    assert client.get("/").status_code == 302


def test_it_does_not_lock_out_other_users(client, analyst, viewer):
    for _ in range(6):
        _login(client, analyst.username, "guess-123")
    assert _login(client, viewer.username, PASSWORD).status_code == 302


def test_it_forgives_earlier_failures_after_a_success(client, analyst):
    for _ in range(4):
        _login(client, analyst.username, "guess-123")
    assert _login(client, analyst.username, PASSWORD).status_code == 302
    client.post("/accounts/logout/")
    for _ in range(4):
        _login(client, analyst.username, "guess-123")
    assert _login(client, analyst.username, PASSWORD).status_code == 302
