"""PostgreSQL: stored, GIN-indexed search documents kept current by the database itself.

Generated columns (not model fields: SQLite has no tsvector) hold each article's and claim's
weighted full-text vector; pg_trgm indexes serve actor and alias look-ups by similar spelling.
On SQLite this migration does nothing and search falls back to simple matching.
"""

from django.db import migrations

POSTGRES = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    # tsvector holds at most 1 MB; the first 200,000 characters of an article are plenty to find it.
    "ALTER TABLE articles_article ADD COLUMN search_document tsvector GENERATED ALWAYS AS ("
    "setweight(to_tsvector('english'::regconfig, coalesce(title, '')), 'A') || "
    "setweight(to_tsvector('english'::regconfig, left(coalesce(text, ''), 200000)), 'B')) STORED",
    "CREATE INDEX article_search_document_idx ON articles_article USING GIN (search_document)",
    "ALTER TABLE claims_claim ADD COLUMN search_document tsvector GENERATED ALWAYS AS ("
    "to_tsvector('english'::regconfig, coalesce(statement, ''))) STORED",
    "CREATE INDEX claim_search_document_idx ON claims_claim USING GIN (search_document)",
    "CREATE INDEX actor_name_trgm_idx ON claims_actor USING GIN (lower(name) gin_trgm_ops)",
    "CREATE INDEX actoralias_name_trgm_idx ON claims_actoralias USING GIN (lower(name) gin_trgm_ops)",
]
POSTGRES_REVERSE = [
    "DROP INDEX IF EXISTS actoralias_name_trgm_idx",
    "DROP INDEX IF EXISTS actor_name_trgm_idx",
    "ALTER TABLE claims_claim DROP COLUMN IF EXISTS search_document",
    "ALTER TABLE articles_article DROP COLUMN IF EXISTS search_document",
]


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in POSTGRES:
            schema_editor.execute(statement)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in POSTGRES_REVERSE:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0003_import_batches"),
        ("claims", "0006_confirmed_attribution_has_actor_and_claim"),
    ]
    operations = [migrations.RunPython(forwards, backwards)]
