"""Shared by the role migrations: make the groups hold exactly the permissions of core.roles.

Permissions of models that do not exist yet at a migration's point are skipped; a later
migration that adds models runs this again.
"""

from django.contrib.auth.management import create_permissions

from core.roles import role_permissions


def create_roles(apps, schema_editor):
    # Permissions are normally made after all migrations; the groups need them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, perms in role_permissions().items():
        group, _ = Group.objects.get_or_create(name=role)
        wanted = [
            p
            for app, codename in sorted(perms)
            for p in Permission.objects.filter(content_type__app_label=app, codename=codename)
        ]
        group.permissions.set(wanted)
