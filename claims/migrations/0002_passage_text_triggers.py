"""Database-enforced passage and article-text integrity (see claims/triggers.py)."""

from django.db import migrations


def create_triggers(apps, schema_editor):
    from claims import triggers

    triggers.install(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("claims", "0001_initial"), ("articles", "0001_initial")]
    operations = [migrations.RunPython(create_triggers, migrations.RunPython.noop)]
