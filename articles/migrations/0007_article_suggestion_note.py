from django.db import migrations, models


def drop_sqlite_triggers(apps, schema_editor):
    """SQLite rebuilds the article table to add a column, and a rename fails while the passage
    triggers of other tables name it: drop them here, install them again below (and after every
    migrate run, see claims/triggers.py)."""
    if schema_editor.connection.vendor != "sqlite":
        return
    from claims.triggers import PASSAGE_TABLES

    names = ["articles_article_text_immutable"] + [
        f"{table}_passage_matches_text_{op}"
        for table in PASSAGE_TABLES
        for op in ("INSERT", "UPDATE")
    ]
    for name in names:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {name}")


def install_triggers(apps, schema_editor):
    from claims import triggers

    triggers.install(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0006_band_key_article_index"),
    ]

    operations = [
        migrations.RunPython(drop_sqlite_triggers, migrations.RunPython.noop),
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
        migrations.RunPython(install_triggers, drop_sqlite_triggers),
    ]
