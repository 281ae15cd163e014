"""Integrity the database itself enforces, on SQLite and on PostgreSQL alike.

- A passage's offsets lie inside its article's text and its `exact` equals the text there.
- An article's text is never edited in place (every passage offset depends on it).
- Every write to a claim's confirmed attributions marks the claim's tally stale, in the writer's
  own transaction: a save, a queryset update, a bulk create or a delete alike (claims/tallies.py).
- An attribution's outlet is its article's outlet, whoever writes either.

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


_OPS = ("insert", "update", "delete")
# The tally's counts start at zero (the model's defaults live in Python, not in the table).
_TALLY_COLUMNS = (
    "claim_id, stale, asserts, assert_actors, assert_statements, assert_articles, "
    "assert_reports, denies, deny_actors, deny_statements, deny_articles, deny_reports"
)
_TALLY_ZEROS = ", ".join(["0"] * 10)
# What a tally counts: a change to anything else of an attribution leaves it right.
_COUNTED = ("claim_id", "stance", "review_state", "actor_id", "statement_id", "article_id")


def _sqlite_stale(claim: str, condition: str) -> str:
    # A claim deleted in the same flush (or cascade) has no tally to keep.
    return (
        f"INSERT INTO claims_claimtally ({_TALLY_COLUMNS}) SELECT {claim}, 1, {_TALLY_ZEROS} "
        f"WHERE {condition} AND EXISTS (SELECT 1 FROM claims_claim WHERE id = {claim}) "
        "ON CONFLICT (claim_id) DO UPDATE SET stale = 1;"
    )


_SQLITE_CHANGED = " OR ".join(f"NEW.{c} IS NOT OLD.{c}" for c in _COUNTED)
_SQLITE_TALLY = [
    f"""
CREATE TRIGGER claims_attribution_tally_insert AFTER INSERT ON claims_attribution
FOR EACH ROW WHEN NEW.review_state = 'confirmed'
BEGIN
  {_sqlite_stale("NEW.claim_id", "NEW.claim_id IS NOT NULL")}
END;
""",
    f"""
CREATE TRIGGER claims_attribution_tally_update AFTER UPDATE ON claims_attribution
FOR EACH ROW WHEN (NEW.review_state = 'confirmed' OR OLD.review_state = 'confirmed')
  AND ({_SQLITE_CHANGED})
BEGIN
  {_sqlite_stale("NEW.claim_id", "NEW.claim_id IS NOT NULL")}
  {_sqlite_stale("OLD.claim_id", "OLD.claim_id IS NOT NULL AND OLD.claim_id IS NOT NEW.claim_id")}
END;
""",
    f"""
CREATE TRIGGER claims_attribution_tally_delete AFTER DELETE ON claims_attribution
FOR EACH ROW WHEN OLD.review_state = 'confirmed'
BEGIN
  {_sqlite_stale("OLD.claim_id", "OLD.claim_id IS NOT NULL")}
END;
""",
]

# PostgreSQL: once per statement, over the rows it wrote (transition tables), the claims' tallies
# taken in order of claim id, so two writers never wait on each other in a circle.
_PG_CHANGED = " OR ".join(f"n.{c} IS DISTINCT FROM o.{c}" for c in _COUNTED)
_PG_TOUCHED = {
    "insert": "SELECT claim_id FROM new_rows WHERE review_state = 'confirmed'",
    "delete": "SELECT claim_id FROM old_rows WHERE review_state = 'confirmed'",
    "update": (
        "SELECT unnest(ARRAY[n.claim_id, o.claim_id]) FROM new_rows n JOIN old_rows o ON o.id = n.id "
        f"WHERE (n.review_state = 'confirmed' OR o.review_state = 'confirmed') AND ({_PG_CHANGED})"
    ),
}
_PG_TALLY_FUNCTION = """
CREATE OR REPLACE FUNCTION claim_tally_stale_after_{op}() RETURNS trigger AS $$
BEGIN
  INSERT INTO claims_claimtally ({columns})
  SELECT claim_id, true, {zeros} FROM ({touched}) AS touched (claim_id)
  WHERE claim_id IS NOT NULL AND EXISTS (SELECT 1 FROM claims_claim c WHERE c.id = claim_id)
  GROUP BY claim_id ORDER BY claim_id
  ON CONFLICT (claim_id) DO UPDATE SET stale = true;
  RETURN NULL;
END $$ LANGUAGE plpgsql;
"""
_PG_TALLY_REFERENCING = {
    "insert": "NEW TABLE AS new_rows",
    "delete": "OLD TABLE AS old_rows",
    "update": "OLD TABLE AS old_rows NEW TABLE AS new_rows",
}
_PG_TALLY = [
    # A tally goes with its claim even when the claim is deleted by SQL alone.
    """
CREATE OR REPLACE FUNCTION claim_tally_gone_with_claim() RETURNS trigger AS $$
BEGIN
  DELETE FROM claims_claimtally WHERE claim_id IN (SELECT id FROM old_rows);
  RETURN NULL;
END $$ LANGUAGE plpgsql;
""",
    "DROP TRIGGER IF EXISTS claims_claim_tally_gone ON claims_claim",
    "CREATE TRIGGER claims_claim_tally_gone AFTER DELETE ON claims_claim "
    "REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT "
    "EXECUTE FUNCTION claim_tally_gone_with_claim()",
]
for _op, _touched in _PG_TOUCHED.items():
    _PG_TALLY += [
        _PG_TALLY_FUNCTION.format(
            op=_op, columns=_TALLY_COLUMNS, zeros=_TALLY_ZEROS, touched=_touched
        ),
        f"DROP TRIGGER IF EXISTS claims_attribution_tally_{_op} ON claims_attribution",
        f"CREATE TRIGGER claims_attribution_tally_{_op} AFTER {_op.upper()} ON claims_attribution "
        f"REFERENCING {_PG_TALLY_REFERENCING[_op]} FOR EACH STATEMENT "
        f"EXECUTE FUNCTION claim_tally_stale_after_{_op}()",
    ]


# An attribution's outlet is its article's: set on every write of the attribution, and followed
# when the article's outlet changes.
_SQLITE_OUTLET = [
    "DROP TRIGGER IF EXISTS claims_attribution_outlet_insert",
    """
CREATE TRIGGER claims_attribution_outlet_insert AFTER INSERT ON claims_attribution
FOR EACH ROW WHEN NEW.outlet_id IS NOT (SELECT outlet_id FROM articles_article WHERE id = NEW.article_id)
BEGIN
  UPDATE claims_attribution SET outlet_id = (SELECT outlet_id FROM articles_article WHERE id = NEW.article_id)
  WHERE id = NEW.id;
END;
""",
    "DROP TRIGGER IF EXISTS claims_attribution_outlet_update",
    """
CREATE TRIGGER claims_attribution_outlet_update AFTER UPDATE OF article_id, outlet_id ON claims_attribution
FOR EACH ROW WHEN NEW.outlet_id IS NOT (SELECT outlet_id FROM articles_article WHERE id = NEW.article_id)
BEGIN
  UPDATE claims_attribution SET outlet_id = (SELECT outlet_id FROM articles_article WHERE id = NEW.article_id)
  WHERE id = NEW.id;
END;
""",
    "DROP TRIGGER IF EXISTS articles_article_outlet_to_attributions",
    """
CREATE TRIGGER articles_article_outlet_to_attributions AFTER UPDATE OF outlet_id ON articles_article
FOR EACH ROW WHEN NEW.outlet_id IS NOT OLD.outlet_id
BEGIN
  UPDATE claims_attribution SET outlet_id = NEW.outlet_id WHERE article_id = NEW.id;
END;
""",
]
_PG_OUTLET = [
    """
CREATE OR REPLACE FUNCTION attribution_outlet_from_article() RETURNS trigger AS $$
BEGIN
  NEW.outlet_id := (SELECT a.outlet_id FROM articles_article a WHERE a.id = NEW.article_id);
  RETURN NEW;
END $$ LANGUAGE plpgsql;
""",
    "DROP TRIGGER IF EXISTS claims_attribution_outlet ON claims_attribution",
    "CREATE TRIGGER claims_attribution_outlet BEFORE INSERT OR UPDATE OF article_id, outlet_id "
    "ON claims_attribution FOR EACH ROW EXECUTE FUNCTION attribution_outlet_from_article()",
    """
CREATE OR REPLACE FUNCTION article_outlet_to_attributions() RETURNS trigger AS $$
BEGIN
  UPDATE claims_attribution SET outlet_id = NEW.outlet_id WHERE article_id = NEW.id;
  RETURN NULL;
END $$ LANGUAGE plpgsql;
""",
    "DROP TRIGGER IF EXISTS articles_article_outlet_to_attributions ON articles_article",
    "CREATE TRIGGER articles_article_outlet_to_attributions AFTER UPDATE OF outlet_id "
    "ON articles_article FOR EACH ROW WHEN (OLD.outlet_id IS DISTINCT FROM NEW.outlet_id) "
    "EXECUTE FUNCTION article_outlet_to_attributions()",
]


def install(connection) -> None:
    if connection.vendor == "sqlite":
        passages = [_SQLITE_TEXT] + [
            _SQLITE_PASSAGE.format(table=t, op=op)
            for t in PASSAGE_TABLES
            for op in ("INSERT", "UPDATE")
        ]
        # dropped first, so that a changed definition replaces the stored one
        tallies = [
            *(f"DROP TRIGGER IF EXISTS claims_attribution_tally_{op}" for op in _OPS),
            *_SQLITE_TALLY,
            # A tally goes with its claim even when the claim is deleted by SQL alone (a flush
            # deletes table by table, in any order, and an attribution deleted before its claim
            # has just marked the claim's tally stale).
            "DROP TRIGGER IF EXISTS claims_claim_tally_gone",
            "CREATE TRIGGER claims_claim_tally_gone AFTER DELETE ON claims_claim FOR EACH ROW "
            "BEGIN DELETE FROM claims_claimtally WHERE claim_id = OLD.id; END;",
        ]
        outlets = _SQLITE_OUTLET
    elif connection.vendor == "postgresql":
        passages, tallies, outlets = [_PG_FUNCTIONS, *_PG_TRIGGERS], _PG_TALLY, _PG_OUTLET
    else:
        return
    # A migration before the one that made a table installs what it can; a later run the rest.
    tables = set(connection.introspection.table_names())
    statements = []
    if {"articles_article", *PASSAGE_TABLES} <= tables:
        statements += passages
    if {"claims_attribution", "claims_claimtally"} <= tables:
        statements += tallies
    if "claims_attribution" in tables and "outlet_id" in {
        c.name
        for c in connection.introspection.get_table_description(
            connection.cursor(), "claims_attribution"
        )
    }:
        statements += outlets
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def install_after_migrate(sender, using, **kwargs) -> None:
    from django.db import connections

    install(connections[using])
