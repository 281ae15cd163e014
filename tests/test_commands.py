import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.django_db


def test_it_makes_the_demo_analyst_only_when_debug_is_on(settings, capsys):
    settings.DEBUG = False
    with pytest.raises(CommandError):
        call_command("demo_account")
    assert not get_user_model().objects.filter(username="analyst").exists()

    settings.DEBUG = True
    call_command("demo_account")
    call_command("demo_account")
    user = get_user_model().objects.get(username="analyst")
    assert list(user.groups.values_list("name", flat=True)) == ["analyst"]
    out = capsys.readouterr().out
    assert "Log in as analyst / read-the-sentence" in out


def test_it_logs_the_demo_analyst_in_with_the_printed_password(settings, client):
    settings.DEBUG = True
    call_command("demo_account")
    response = client.post(
        "/accounts/login/", {"username": "analyst", "password": "read-the-sentence"}
    )
    assert response.status_code == 302
    assert client.get("/").status_code == 200


def test_it_sets_one_role_for_a_user(analyst):
    call_command("set_role", analyst.username, "curator")
    assert list(analyst.groups.values_list("name", flat=True)) == ["curator"]
    with pytest.raises(CommandError):
        call_command("set_role", "nobody", "viewer")
