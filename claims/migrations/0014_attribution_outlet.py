"""An attribution keeps its article's outlet (a database trigger on each table keeps it right,
claims/triggers.py), with an index for the claims list's outlet filter."""

import django.db.models.deletion
from django.db import migrations, models


def fill_outlets_and_install_triggers(apps, schema_editor):
    from claims import triggers

    with schema_editor.connection.cursor() as cursor:
        cursor.execute(
            "UPDATE claims_attribution SET outlet_id = "
            "(SELECT a.outlet_id FROM articles_article a WHERE a.id = claims_attribution.article_id)"
        )
    triggers.install(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0007_article_suggestion_note"),
        ("claims", "0013_claim_tally_triggers"),
    ]

    operations = [
        migrations.AddField(
            model_name="attribution",
            name="outlet",
            field=models.ForeignKey(
                blank=True,
                db_index=False,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="articles.outlet",
            ),
        ),
        migrations.RunPython(fill_outlets_and_install_triggers, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name="attribution",
            index=models.Index(
                fields=["outlet", "stance", "review_state", "claim"],
                name="attribution_outlet_stance_idx",
            ),
        ),
    ]
