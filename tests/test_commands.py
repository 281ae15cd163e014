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


def _demo_account(settings):
    settings.DEBUG = True
    call_command("demo_account")
    return get_user_model().objects.get(username="analyst")


def test_it_refuses_the_demo_password_at_login_when_debug_is_off(settings, client):
    _demo_account(settings)
    settings.DEBUG = False
    credentials = {"username": "analyst", "password": "read-the-sentence"}

    response = client.post("/accounts/login/", credentials)

    assert response.status_code == 200 and "_auth_user_id" not in client.session
    assert client.get("/").status_code == 302
    # Nor through the admin's own login form.
    response = client.post("/admin/login/", credentials)
    assert response.status_code == 200 and "_auth_user_id" not in client.session


def test_it_logs_the_demo_account_in_with_debug_off_once_its_password_is_changed(settings, client):
    user = _demo_account(settings)
    user.set_password("a-password-of-its-own-51")
    user.save()
    settings.DEBUG = False

    response = client.post(
        "/accounts/login/", {"username": "analyst", "password": "a-password-of-its-own-51"}
    )

    assert response.status_code == 302 and client.get("/").status_code == 200


def test_the_deployment_check_fails_while_the_demo_password_is_left_with_debug_off(settings):
    from django.core.management.base import SystemCheckError

    from core.accounts import demo_password_errors

    user = _demo_account(settings)
    assert demo_password_errors() == []  # DEBUG on: a laptop

    settings.DEBUG = False
    assert [e.id for e in demo_password_errors()] == ["tracker.E001"]
    with pytest.raises(SystemCheckError, match="tracker.E001"):
        call_command("check", "--deploy", "--tag", "security")

    user.set_password("a-password-of-its-own-51")
    user.save()
    assert demo_password_errors() == []
    call_command("check", "--deploy", "--tag", "security")
