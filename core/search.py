"""PostgreSQL full-text matching over a table's stored `search_document` column."""

from django.db.models import QuerySet

TSQUERY = "websearch_to_tsquery('english', %s)"


def full_text_filter(qs: QuerySet, table: str, q: str) -> QuerySet:
    """PostgreSQL only: rows whose stored document matches `q` (web-search syntax), unranked."""
    return qs.extra(where=[f"{table}.search_document @@ {TSQUERY}"], params=[q])
