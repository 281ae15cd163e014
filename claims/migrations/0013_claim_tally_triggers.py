"""Claim tallies marked stale by database triggers on attributions (see claims/triggers.py).

Writes before this one that bypassed the signals (queryset updates, bulk creates) may have left
a tally wrong while marked fresh, so every tally is counted again when next read.
"""

from django.db import migrations


def create_triggers_and_recount(apps, schema_editor):
    from claims import triggers

    triggers.install(schema_editor.connection)
    apps.get_model("claims", "ClaimTally").objects.update(stale=True)


class Migration(migrations.Migration):
    dependencies = [("claims", "0012_matrix_cell_index")]
    operations = [migrations.RunPython(create_triggers_and_recount, migrations.RunPython.noop)]
