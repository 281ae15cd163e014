from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions
from rest_framework.authtoken.models import Token

from core.compiled import ByKey

# DRF's tokens are 40 hex digits: this one can never be issued.
_USER_BY_TOKEN = ByKey(
    get_user_model().objects.all(), "auth_token__key", marker="not-a-token:" + "x" * 28
)


class TokenAuthentication(authentication.TokenAuthentication):
    """DRF's token authentication (`Authorization: Token <key>`), the user read by a query compiled
    once: integrations call the API many times a second, and building the token-and-user query
    each time took longer than running it."""

    def authenticate_credentials(self, key):
        user = _USER_BY_TOKEN.get(key)
        if user is None:
            raise exceptions.AuthenticationFailed(_("Invalid token."))
        if not user.is_active:
            raise exceptions.AuthenticationFailed(_("User inactive or deleted."))
        # The token as DRF's would give it in request.auth; nothing here reads more than its key.
        return user, Token(key=key, user=user)
