from django.utils.functional import SimpleLazyObject

from core.roles import role_of


def roles(request):
    """`role` in every template: viewer, analyst, curator or None (one query, on first use)."""
    return {"role": SimpleLazyObject(lambda: role_of(request.user) or "")}
