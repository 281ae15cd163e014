from django.core.exceptions import PermissionDenied
from django.http import HttpRequest


def require_perm(request: HttpRequest, perm: str) -> None:
    """Refuse the request (403) unless the user's role holds `perm`."""
    if not request.user.has_perm(perm):
        raise PermissionDenied(f"Your role does not allow this ({perm}).")
