from django.db import migrations, models


def drop_sqlite_triggers(apps, schema_editor):
    """SQLite rebuilds the article table to add a column, and a rename fails while triggers
    of other tables name it: drop every trigger that reads the article table here. The claims
    app installs its passage triggers again after every migrate run (claims/triggers.py)."""
    if schema_editor.connection.vendor != "sqlite":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(
            "SELECT name FROM sqlite_master WHERE type = 'trigger' AND sql LIKE %s",
            ["%articles_article%"],
        )
        names = [row[0] for row in cursor.fetchall()]
    for name in names:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0006_band_key_article_index"),
    ]

    operations = [
        migrations.RunPython(drop_sqlite_triggers, drop_sqlite_triggers),
        migrations.AddField(
            model_name="article",
            name="suggestion_note",
            field=models.CharField(blank=True, default="", max_length=300),
        ),
        migrations.AddField(
            model_name="historicalarticle",
            name="suggestion_note",
            field=models.CharField(blank=True, default="", max_length=300),
        ),
    ]
