from django.contrib import admin

from core.roles import CURATOR


class TrackerAdminSite(admin.AdminSite):
    site_header = "Claim tracker curation"
    site_title = "Claim tracker admin"
    index_title = "Curate claims, actors and articles"

    def has_permission(self, request):
        """Curators tidy the data here without needing Django's staff flag."""
        user = request.user
        if not user.is_active:
            return False
        return user.is_staff or user.groups.filter(name=CURATOR).exists()
