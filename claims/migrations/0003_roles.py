"""The viewer, analyst and curator groups with the permissions DESIGN.md gives each role."""

from django.db import migrations

from core.roles import role_permissions


def create_roles(apps, schema_editor):
    from claims.migrations import _roles

    _roles.create_roles(apps, schema_editor)


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=role_permissions()).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0002_passage_text_triggers"),
        ("articles", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]
    operations = [migrations.RunPython(create_roles, remove_roles)]
