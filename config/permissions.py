from rest_framework.permissions import SAFE_METHODS, BasePermission, DjangoModelPermissions


class RolePermission(DjangoModelPermissions):
    """The roles' model permissions, reads included: a user in no role reads nothing."""

    perms_map = {
        **DjangoModelPermissions.perms_map,
        "GET": ["%(app_label)s.view_%(model_name)s"],
        "HEAD": ["%(app_label)s.view_%(model_name)s"],
        "OPTIONS": ["%(app_label)s.view_%(model_name)s"],
    }

    def has_permission(self, request, view):
        if getattr(view, "queryset", None) is None and not hasattr(view, "get_queryset"):
            return bool(request.user and request.user.is_authenticated)
        return super().has_permission(request, view)


class ReadOnlyForRoles(BasePermission):
    """For views without a model: any signed-in user with a role may read."""

    def has_permission(self, request, view):
        return bool(
            request.user and request.user.is_authenticated and request.method in SAFE_METHODS
        )
