"""Integrity the database itself enforces, on SQLite and on PostgreSQL alike.

- A passage's offsets lie inside its article's text and its `exact` equals the text there.
- An article's text is never edited in place (every passage offset depends on it).
"""

from django.db import migrations

PASSAGE_TABLES = ("claims_attribution", "claims_evidence")

SQLITE_PASSAGE = """
CREATE TRIGGER {table}_passage_matches_text_{op} BEFORE {op} ON {table}
FOR EACH ROW WHEN NEW.start IS NOT NULL
BEGIN
  SELECT RAISE(ABORT, 'passage_matches_article_text: the passage is outside the article text or its quote differs')
  WHERE NOT EXISTS (
    SELECT 1 FROM articles_article a
    WHERE a.id = NEW.article_id AND NEW."end" <= length(a.text)
      AND substr(a.text, NEW.start + 1, NEW."end" - NEW.start) = NEW.exact
  );
END;
"""
SQLITE_TEXT = """
CREATE TRIGGER articles_article_text_immutable BEFORE UPDATE OF text ON articles_article
FOR EACH ROW WHEN NEW.text IS NOT OLD.text
BEGIN
  SELECT RAISE(ABORT, 'article_text_immutable: an article''s text is never edited in place');
END;
"""
PG_FUNCTIONS = """
CREATE OR REPLACE FUNCTION passage_matches_article_text() RETURNS trigger AS $$
BEGIN
  IF NEW.start IS NOT NULL AND NOT EXISTS (
    SELECT 1 FROM articles_article a
    WHERE a.id = NEW.article_id AND NEW."end" <= char_length(a.text)
      AND substr(a.text, NEW.start + 1, NEW."end" - NEW.start) = NEW.exact
  ) THEN
    RAISE EXCEPTION USING ERRCODE = 'check_violation',
      MESSAGE = 'passage_matches_article_text: the passage is outside the article text or its quote differs';
  END IF;
  RETURN NEW;
END $$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION article_text_immutable() RETURNS trigger AS $$
BEGIN
  IF NEW.text IS DISTINCT FROM OLD.text THEN
    RAISE EXCEPTION USING ERRCODE = 'check_violation',
      MESSAGE = 'article_text_immutable: an article''s text is never edited in place';
  END IF;
  RETURN NEW;
END $$ LANGUAGE plpgsql;

CREATE TRIGGER articles_article_text_immutable BEFORE UPDATE OF text ON articles_article
FOR EACH ROW EXECUTE FUNCTION article_text_immutable();
"""
PG_PASSAGE = """
CREATE TRIGGER {table}_passage_matches_text BEFORE INSERT OR UPDATE OF start, "end", exact, article_id
ON {table} FOR EACH ROW EXECUTE FUNCTION passage_matches_article_text();
"""


def create_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        statements = [SQLITE_TEXT] + [
            SQLITE_PASSAGE.format(table=t, op=op) for t in PASSAGE_TABLES for op in ("INSERT", "UPDATE")
        ]
    elif vendor == "postgresql":
        statements = [PG_FUNCTIONS] + [PG_PASSAGE.format(table=t) for t in PASSAGE_TABLES]
    else:
        return
    for statement in statements:
        schema_editor.execute(statement)


def drop_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        names = ["articles_article_text_immutable"] + [
            f"{t}_passage_matches_text_{op}" for t in PASSAGE_TABLES for op in ("INSERT", "UPDATE")
        ]
        for name in names:
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {name}")
    elif vendor == "postgresql":
        for t in PASSAGE_TABLES:
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {t}_passage_matches_text ON {t}")
        schema_editor.execute("DROP TRIGGER IF EXISTS articles_article_text_immutable ON articles_article")
        schema_editor.execute("DROP FUNCTION IF EXISTS passage_matches_article_text()")
        schema_editor.execute("DROP FUNCTION IF EXISTS article_text_immutable()")


class Migration(migrations.Migration):
    dependencies = [("claims", "0001_initial"), ("articles", "0001_initial")]
    operations = [migrations.RunPython(create_triggers, drop_triggers)]
