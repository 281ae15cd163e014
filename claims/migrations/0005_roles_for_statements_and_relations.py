"""Give the roles their rights on statements and article relations (added after the roles)."""

from django.db import migrations


def sync_roles(apps, schema_editor):
    from claims.migrations import _roles

    _roles.create_roles(apps, schema_editor)


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0004_statement_claim_merged_into_and_more"),
        ("articles", "0002_articleband_articlerelation"),
    ]
    operations = [migrations.RunPython(sync_roles, migrations.RunPython.noop)]
