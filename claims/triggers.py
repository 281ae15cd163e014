"""Integrity the database itself enforces, on SQLite and on PostgreSQL alike.

- A passage's offsets lie inside its article's text and its `exact` equals the text there.
- An article's text is never edited in place (every passage offset depends on it).

SQLite rebuilds a table when a migration alters it, dropping its triggers, so they are
(re)installed after every migrate run as well as by the migration that introduced them.
"""

PASSAGE_TABLES = ("claims_attribution", "claims_evidence")

_SQLITE_PASSAGE = """
CREATE TRIGGER IF NOT EXISTS {table}_passage_matches_text_{op} BEFORE {op} ON {table}
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
_SQLITE_TEXT = """
CREATE TRIGGER IF NOT EXISTS articles_article_text_immutable BEFORE UPDATE OF text ON articles_article
FOR EACH ROW WHEN NEW.text IS NOT OLD.text
BEGIN
  SELECT RAISE(ABORT, 'article_text_immutable: an article''s text is never edited in place');
END;
"""
_PG_FUNCTIONS = """
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
"""
_PG_TRIGGERS = [
    "DROP TRIGGER IF EXISTS articles_article_text_immutable ON articles_article",
    "CREATE TRIGGER articles_article_text_immutable BEFORE UPDATE OF text ON articles_article "
    "FOR EACH ROW EXECUTE FUNCTION article_text_immutable()",
]
for _table in PASSAGE_TABLES:
    _PG_TRIGGERS += [
        f"DROP TRIGGER IF EXISTS {_table}_passage_matches_text ON {_table}",
        f'CREATE TRIGGER {_table}_passage_matches_text BEFORE INSERT OR UPDATE OF start, "end", exact, '
        f"article_id ON {_table} FOR EACH ROW EXECUTE FUNCTION passage_matches_article_text()",
    ]


def install(connection) -> None:
    if connection.vendor == "sqlite":
        statements = [_SQLITE_TEXT] + [
            _SQLITE_PASSAGE.format(table=t, op=op)
            for t in PASSAGE_TABLES
            for op in ("INSERT", "UPDATE")
        ]
    elif connection.vendor == "postgresql":
        statements = [_PG_FUNCTIONS, *_PG_TRIGGERS]
    else:
        return
    tables = set(connection.introspection.table_names())
    if not {"articles_article", *PASSAGE_TABLES} <= tables:
        return
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def install_after_migrate(sender, using, **kwargs) -> None:
    from django.db import connections

    install(connections[using])
