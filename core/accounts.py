"""The demo account `make run` creates, and what keeps its published password out of production.

The password is printed by `make run` and written in README, so anyone can read it. With DEBUG
off it opens no account (`DemoPasswordRefusingBackend`), and a server will not start while the
demo account still has it (`demo_password_check`, run by `check --deploy` and by the WSGI and
ASGI entry points through `refuse_published_demo_password`).
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.hashers import check_password
from django.core import checks
from django.core.exceptions import ImproperlyConfigured
from django.db import DatabaseError

DEMO_USERNAME = "analyst"
DEMO_PASSWORD = "read-the-sentence"


class DemoPasswordRefusingBackend(ModelBackend):
    """Django's username-and-password login, except that with DEBUG off the published demo
    password opens no account, whichever user has it."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if not settings.DEBUG and password == DEMO_PASSWORD:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


def demo_password_errors() -> list[checks.Error]:
    """An error when DEBUG is off and the demo account can still log in with its published
    password. A database that cannot be read yet (not migrated, not reachable) holds no account
    to worry about here; the login refuses the password all the same."""
    if settings.DEBUG:
        return []
    try:
        user = get_user_model().objects.filter(username=DEMO_USERNAME, is_active=True).first()
    except DatabaseError:
        return []
    # Not user.check_password(): that would also rehash and save the password.
    if user is None or not check_password(DEMO_PASSWORD, user.password):
        return []
    return [
        checks.Error(
            f"The demo account “{DEMO_USERNAME}” still has its published password and DEBUG "
            "is off.",
            hint=f"Give it a password of its own (python manage.py changepassword "
            f"{DEMO_USERNAME}), or delete the account.",
            id="tracker.E001",
        )
    ]


@checks.register(checks.Tags.security, deploy=True)
def demo_password_check(app_configs=None, **kwargs) -> list[checks.Error]:
    return demo_password_errors()


def refuse_published_demo_password() -> None:
    """Stop a server from starting (gunicorn, runserver, an ASGI server) while the demo account
    has its published password with DEBUG off."""
    errors = demo_password_errors()
    if errors:
        raise ImproperlyConfigured(f"{errors[0].msg} {errors[0].hint}")
