import importlib

from django.conf import settings
from django.db import migrations, models

# SQLite changes a constraint by rebuilding the table, which drops the table's triggers: the
# passage checks of 0002 are put back on the rebuilt attribution table.
_triggers = importlib.import_module("claims.migrations.0002_passage_text_triggers")


def recreate_sqlite_attribution_triggers(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    for op in ("INSERT", "UPDATE"):
        schema_editor.execute(f"DROP TRIGGER IF EXISTS claims_attribution_passage_matches_text_{op}")
        schema_editor.execute(_triggers.SQLITE_PASSAGE.format(table="claims_attribution", op=op))


class Migration(migrations.Migration):

    dependencies = [
        ('articles', '0001_initial'),
        ('claims', '0003_roles'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name='attribution',
            name='attribution_reviewed_has_actor_and_claim',
        ),
        migrations.AddConstraint(
            model_name='attribution',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('review_state', 'confirmed'), _negated=True), models.Q(('actor__isnull', False), ('claim__isnull', False)), _connector='OR'), name='attribution_confirmed_has_actor_and_claim'),
        ),
        migrations.RunPython(recreate_sqlite_attribution_triggers, recreate_sqlite_attribution_triggers),
    ]
