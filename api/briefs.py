"""A claim's first stances and evidence links in brief, read straight into the API's JSON shape.

A page of 100 claims carries up to 1,000 briefs. Read as model instances (an attribution, its
actor, article and outlet each) and serialised field by field, they cost far more than the rows
themselves; here each brief is one row of a hand-written query turned into a dict. The shape is
AttributionBriefSerializer's and EvidenceBriefSerializer's, which document it (and a test holds
the two to the same output).

On PostgreSQL a LATERAL join takes each claim's first rows from an index with a LIMIT, however
many stances the claim has; SQLite has no LATERAL, so there a window function ranks them.
"""

from collections import defaultdict
from collections.abc import Iterable

from django.db import connection

from claims.models import Claim

# Each claim's first rows of a table, by `order`: the body of the `t` in the queries below.
_FIRST_ROWS = {
    # MATERIALIZED: the page's few hundred briefs first, then their actors and articles by primary
    # key; inlined, the planner rescans the whole actor table once per claim.
    "postgresql": """
        WITH t AS MATERIALIZED (
            SELECT t.* FROM unnest(%s::bigint[]) AS c(id)
            CROSS JOIN LATERAL (
                SELECT * FROM {table} t WHERE t.claim_id = c.id {where} ORDER BY {order} LIMIT %s
            ) t
        )
    """,
    "sqlite": """
        WITH t AS (
            SELECT * FROM (
                SELECT *, ROW_NUMBER() OVER (PARTITION BY claim_id ORDER BY {order}) AS rank
                FROM {table} t WHERE t.claim_id IN ({claims}) {where}
            ) t WHERE t.rank <= %s
        )
    """,
}

# One claim (the detail endpoint): its first rows straight from the index, on either database.
# Through unnest and LATERAL the planner has to guess the array's length and plans the joins for
# several claims; with the one id it knows, and the query reads in half the time.
_ONE_CLAIM_ROWS = """
    WITH t AS {materialized} (
        SELECT * FROM {table} t WHERE t.claim_id = %s {where} ORDER BY {order} LIMIT %s
    )
"""

# A claim's stances by date (undated last on PostgreSQL, first on SQLite, as each sorts NULL),
# its evidence as recorded: the order the API always gave.
_STANCES = """
    SELECT t.claim_id, t.id, t.actor_id, ac.name, t.stance, t.exact, t.article_id, ar.title,
        ar.url, ar.published_on, o.name, t.said_on, t.is_direct_quote
    FROM t
    JOIN claims_actor ac ON ac.id = t.actor_id
    JOIN articles_article ar ON ar.id = t.article_id
    LEFT JOIN articles_outlet o ON o.id = ar.outlet_id
    ORDER BY t.claim_id, t.said_on, t.id
"""
_EVIDENCE = """
    SELECT t.claim_id, t.id, t.relation, t.credibility, t.exact, t.article_id, ar.title, ar.url,
        ar.published_on, o.name, t.source_id, s.name
    FROM t
    JOIN articles_article ar ON ar.id = t.article_id
    LEFT JOIN articles_outlet o ON o.id = ar.outlet_id
    LEFT JOIN claims_actor s ON s.id = t.source_id
    ORDER BY t.claim_id, t.id
"""


def _rows(query: str, *, table: str, where: str, order: str, claim_ids: list[int], limit: int):
    postgresql = connection.vendor == "postgresql"
    if len(claim_ids) == 1:
        first_rows = _ONE_CLAIM_ROWS.format(
            materialized="MATERIALIZED" if postgresql else "", table=table, where=where, order=order
        )
        params = [*claim_ids, limit]
    else:
        first_rows = _FIRST_ROWS[connection.vendor].format(
            table=table, where=where, order=order, claims=", ".join(["%s"] * len(claim_ids))
        )
        params = [claim_ids, limit] if postgresql else [*claim_ids, limit]
    with connection.cursor() as cursor:
        cursor.execute(first_rows + query, params)
        return cursor.fetchall()


def _date(value) -> str | None:
    # psycopg gives a date, sqlite3 the ISO text it stores; DRF's DateField gives ISO text.
    return value.isoformat() if hasattr(value, "isoformat") else value


def _article(article_id, title, url, published_on, outlet) -> dict:
    return {
        "id": article_id,
        "title": title,
        "url": url,
        "published_on": _date(published_on),
        "outlet": outlet,
    }


def stance_briefs(claim_ids: list[int], limit: int) -> dict[int, list[dict]]:
    """Each claim's first `limit` confirmed stances, by date; one query for any number of claims."""
    briefs = defaultdict(list)
    rows = _rows(
        _STANCES,
        table="claims_attribution",
        where="AND t.review_state = 'confirmed'",
        order="t.said_on, t.id",
        claim_ids=claim_ids,
        limit=limit,
    )
    for (
        claim_id,
        pk,
        actor_id,
        actor,
        stance,
        quote,
        article_id,
        title,
        url,
        published_on,
        outlet,
        said_on,
        is_direct_quote,
    ) in rows:
        briefs[claim_id].append(
            {
                "id": pk,
                "actor": {"id": actor_id, "name": actor},
                "stance": stance,
                "quote": quote,
                "article": _article(article_id, title, url, published_on, outlet),
                "said_on": _date(said_on),
                "is_direct_quote": bool(is_direct_quote),
            }
        )
    return briefs


def evidence_briefs(claim_ids: list[int], limit: int) -> dict[int, list[dict]]:
    """Each claim's first `limit` evidence links, as recorded; one query for any number of claims."""
    briefs = defaultdict(list)
    rows = _rows(
        _EVIDENCE, table="claims_evidence", where="", order="t.id", claim_ids=claim_ids, limit=limit
    )
    for (
        claim_id,
        pk,
        relation,
        credibility,
        quote,
        article_id,
        title,
        url,
        published_on,
        outlet,
        source_id,
        source,
    ) in rows:
        briefs[claim_id].append(
            {
                "id": pk,
                "relation": relation,
                "credibility": credibility,
                "quote": quote,
                "article": _article(article_id, title, url, published_on, outlet),
                "source": None if source_id is None else {"id": source_id, "name": source},
            }
        )
    return briefs


def attach_briefs(claims: Iterable[Claim], limit: int) -> None:
    """Set `claim.briefs` ({"attributions": [...], "evidence": [...]}) on each claim: two queries."""
    claims = list(claims)
    if not claims:
        return
    ids = [claim.pk for claim in claims]
    stances, evidence = stance_briefs(ids, limit), evidence_briefs(ids, limit)
    for claim in claims:
        claim.briefs = {
            "attributions": stances.get(claim.pk, []),
            "evidence": evidence.get(claim.pk, []),
        }
