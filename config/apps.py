from django.contrib.admin.apps import AdminConfig


class TrackerAdminConfig(AdminConfig):
    default_site = "config.admin.TrackerAdminSite"
