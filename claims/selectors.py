"""Reads of a claim that need a fast path, shared by the claim page and the API.

A claim's stances are always in one order, on SQLite and PostgreSQL alike: by the date the
statement was made (`said_on`), undated ones last, then by id. The page's lists and timeline,
the API's briefs (claim list and detail) and the ClaimReview export all read them here.

The briefs are a hand-written query turned straight into dicts (the shape the API's
AttributionBriefSerializer and EvidenceBriefSerializer document): a page of 100 claims carries
up to 1,000 of them, and read as model instances they cost far more than the rows themselves.
On PostgreSQL a LATERAL join takes each claim's first rows from an index with a LIMIT, however
many stances the claim has; SQLite has no LATERAL, so there a window function ranks them.
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable

from django.db import connection
from django.db.models import Count, F, OuterRef, Q, Subquery, Window
from django.db.models.functions import Coalesce, RowNumber

from claims.models import Attribution, Claim, ReviewState
from core.compiled import ByKey
from core.params import parse_id

# The one order of a claim's stances, for the ORM, for Python and for hand-written SQL.
STANCE_ORDER = [F("said_on").asc(nulls_last=True), F("id").asc()]


def stance_order_key(attribution: Attribution) -> tuple:
    return (attribution.said_on is None, attribution.said_on or datetime.date.min, attribution.pk)


# Both databases read it straight from the timeline index, no sort (SQLite since 3.30 as well:
# its index keeps NULLs first, and it reads the dated ones, then the undated).
_STANCE_ORDER_SQL = "t.said_on ASC NULLS LAST, t.id ASC"


# A claim by id

# Compiled once: the API reads a claim with its four EXISTS probes on every GET of its detail,
# and building that query takes longer than the database takes to answer it.
_CLAIM_WITH_LEANINGS = ByKey(Claim.objects.with_leanings(), "pk", marker=-(2**62))


def claim_get(*, claim_id: int, leanings: bool = False) -> Claim | None:
    """The claim, or None. With `leanings`, what suggested_status() weighs comes in the same
    query (the API's detail); the page works them out from counts it reads anyway."""
    if not -(2**63) < claim_id < 2**63:
        return None
    if leanings:
        return _CLAIM_WITH_LEANINGS.get(claim_id)
    return Claim.objects.filter(pk=claim_id).first()


# The page's stances: model instances, a page at a time


def stance_when():
    """The date a statement was made, else the article's publication date."""
    return Coalesce("said_on", "article__published_on")


def _reports():
    """How many confirmed passages report the same statement (copies and rewrites included)."""
    # Counted with a filter rather than a WHERE, so the statement's own index answers it.
    same = Attribution.objects.filter(statement=OuterRef("statement"))
    confirmed = Count("pk", filter=Q(review_state=ReviewState.CONFIRMED))
    return Subquery(same.order_by().values("statement").annotate(n=confirmed).values("n")[:1])


def claim_stance_rows(claim: Claim, *, reports: bool = True):
    """A claim's confirmed stances in STANCE_ORDER with what the page, the report and the CSV
    show of each (only those columns: a row read whole is four records of a dozen fields each);
    `reports` adds how many passages report the same statement (the page's "reported N times")."""
    rows = (
        Attribution.objects.filter(claim=claim)
        .confirmed()
        .select_related("actor", "article__outlet", "via")
        .only(
            "stance",
            "exact",
            "said_on",
            "said_on_text",
            "is_direct_quote",
            "statement_id",
            "claim_id",
            "article_id",
            "actor__name",
            "via__name",
            "article__title",
            "article__url",
            "article__published_on",
            "article__outlet__name",
        )
        .annotate(when=stance_when())
        .order_by(*STANCE_ORDER)
    )
    return rows.annotate(reports=_reports()) if reports else rows


def claim_stances_page(
    *, claim: Claim, stance: str, size: int, after: str = ""
) -> tuple[list[Attribution], str]:
    """One page of a claim's confirmed stances of one kind in STANCE_ORDER, and the cursor of
    the next page ("" at the end). The cursor is the last row's date and id, so a page costs the
    same however deep it is."""
    rows = claim_stance_rows(claim).filter(stance=stance)
    said_on, _, pk_text = after.partition("~")
    pk = parse_id(pk_text)
    if pk is not None:
        if said_on:
            try:
                day = datetime.date.fromisoformat(said_on)
            except ValueError:
                day = None
            if day is not None:
                rows = rows.filter(Q(said_on__gt=day) | Q(said_on=day, pk__gt=pk) | Q(said_on=None))
        else:
            rows = rows.filter(said_on=None, pk__gt=pk)
    page = list(rows.order_by(*STANCE_ORDER)[: size + 1])
    if len(page) <= size:
        return page, ""
    page = page[:size]
    last = page[-1]
    return page, f"{last.said_on.isoformat() if last.said_on else ''}~{last.pk}"


# Briefs: each claim's first confirmed stances and evidence links, as dicts

# Each claim's first rows of a table, by `order`: the body of the `t` in the queries below.
_FIRST_ROWS = {
    # MATERIALIZED: the page's few hundred briefs first, then their actors and articles by primary
    # key; inlined, the planner rescans the whole actor table once per claim.
    "postgresql": """
        WITH t AS MATERIALIZED (
            SELECT t.* FROM unnest(%s::bigint[]) AS c(id)
            CROSS JOIN LATERAL (
                SELECT {columns} FROM {table} t WHERE t.claim_id = c.id {where}
                ORDER BY {order} LIMIT %s
            ) t
        )
    """,
    "sqlite": """
        WITH t AS (
            SELECT * FROM (
                SELECT {columns}, ROW_NUMBER() OVER (PARTITION BY claim_id ORDER BY {order}) AS rank
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
        SELECT {columns} FROM {table} t WHERE t.claim_id = %s {where} ORDER BY {order} LIMIT %s
    )
"""

# Only the columns a brief shows are read: the ClaimReview export prints no quotes, so it reads
# none. Several claims' briefs join their actors; one claim's (the detail and the export) look
# each of its few actors up by primary key, where a join would hash the whole actor table.
_STANCE_COLUMNS = "t.claim_id, t.id, t.actor_id, t.stance, t.article_id, t.said_on"
_QUOTE_COLUMNS = ", t.exact, t.is_direct_quote"
_STANCES = """
    SELECT t.claim_id, t.id, t.actor_id, {actor}, {kind}, t.stance, {quote}, t.article_id,
        ar.title, ar.url, ar.published_on, o.name, t.said_on, {direct}
    FROM t
    {actors}
    JOIN articles_article ar ON ar.id = t.article_id
    LEFT JOIN articles_outlet o ON o.id = ar.outlet_id
    ORDER BY t.claim_id, {order}
"""
# Evidence as recorded; its sources as the stances' actors.
_EVIDENCE = """
    SELECT t.claim_id, t.id, t.relation, t.credibility, t.exact, t.article_id, ar.title, ar.url,
        ar.published_on, o.name, t.source_id, {source}
    FROM t
    JOIN articles_article ar ON ar.id = t.article_id
    LEFT JOIN articles_outlet o ON o.id = ar.outlet_id
    {sources}
    ORDER BY t.claim_id, t.id
"""


_EVIDENCE_COLUMNS = (
    "t.claim_id, t.id, t.relation, t.credibility, t.exact, t.article_id, t.source_id"
)


def _rows(
    query: str,
    *,
    table: str,
    columns: str,
    where: str,
    order: str,
    claim_ids: list[int],
    limit: int,
):
    postgresql = connection.vendor == "postgresql"
    if len(claim_ids) == 1:
        first_rows = _ONE_CLAIM_ROWS.format(
            materialized="MATERIALIZED" if postgresql else "",
            table=table,
            columns=columns,
            where=where,
            order=order,
        )
        params = [*claim_ids, limit]
    else:
        first_rows = _FIRST_ROWS[connection.vendor].format(
            table=table,
            columns=columns,
            where=where,
            order=order,
            claims=", ".join(["%s"] * len(claim_ids)),
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


def claims_stance_briefs(
    *, claim_ids: list[int], limit: int, actor_kind: bool = False, quotes: bool = True
) -> dict[int, list[dict]]:
    """Each claim's first `limit` confirmed stances in STANCE_ORDER; one query for any number of
    claims. `actor_kind` adds the actor's kind (the ClaimReview export tells people from
    organisations); without `quotes` the briefs have no `quote` and `is_direct_quote`, and the
    query reads neither."""
    briefs = defaultdict(list)
    if len(claim_ids) == 1:
        actor = "(SELECT ac.name FROM claims_actor ac WHERE ac.id = t.actor_id)"
        kind, actors = "(SELECT ac.kind FROM claims_actor ac WHERE ac.id = t.actor_id)", ""
    else:
        actor, kind, actors = "ac.name", "ac.kind", "JOIN claims_actor ac ON ac.id = t.actor_id"
    query = _STANCES.format(
        order=_STANCE_ORDER_SQL,
        actor=actor,
        kind=kind if actor_kind else "NULL",
        actors=actors,
        quote="t.exact" if quotes else "NULL",
        direct="t.is_direct_quote" if quotes else "NULL",
    )
    rows = _rows(
        query,
        table="claims_attribution",
        columns=_STANCE_COLUMNS + (_QUOTE_COLUMNS if quotes else ""),
        where="AND t.review_state = 'confirmed'",
        order=_STANCE_ORDER_SQL,
        claim_ids=claim_ids,
        limit=limit,
    )
    for (
        claim_id,
        pk,
        actor_id,
        actor,
        kind,
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
        brief_actor = {"id": actor_id, "name": actor}
        if actor_kind:
            brief_actor["kind"] = kind
        brief = {
            "id": pk,
            "actor": brief_actor,
            "stance": stance,
            "article": _article(article_id, title, url, published_on, outlet),
            "said_on": _date(said_on),
        }
        if quotes:
            brief["quote"] = quote
            brief["is_direct_quote"] = bool(is_direct_quote)
        briefs[claim_id].append(brief)
    return briefs


def claims_evidence_briefs(*, claim_ids: list[int], limit: int) -> dict[int, list[dict]]:
    """Each claim's first `limit` evidence links, as recorded; one query for any number of claims."""
    briefs = defaultdict(list)
    if len(claim_ids) == 1:
        source, sources = "(SELECT s.name FROM claims_actor s WHERE s.id = t.source_id)", ""
    else:
        source, sources = "s.name", "LEFT JOIN claims_actor s ON s.id = t.source_id"
    rows = _rows(
        _EVIDENCE.format(source=source, sources=sources),
        table="claims_evidence",
        columns=_EVIDENCE_COLUMNS,
        where="",
        order="t.id",
        claim_ids=claim_ids,
        limit=limit,
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


def claims_attach_briefs(
    *,
    claims: Iterable[Claim],
    limit: int,
    evidence: bool = True,
    actor_kind: bool = False,
    quotes: bool = True,
) -> None:
    """Set `claim.briefs` ({"attributions": [...], "evidence": [...]}) on each claim: a query for
    the stances and, with `evidence`, one for the evidence."""
    claims = list(claims)
    if not claims:
        return
    ids = [claim.pk for claim in claims]
    stances = claims_stance_briefs(claim_ids=ids, limit=limit, actor_kind=actor_kind, quotes=quotes)
    links = claims_evidence_briefs(claim_ids=ids, limit=limit) if evidence else {}
    for claim in claims:
        claim.briefs = {
            "attributions": stances.get(claim.pk, []),
            "evidence": links.get(claim.pk, []),
        }


# The matrix: claims x actors


# On PostgreSQL, each chosen (claim, actor) pair is looked up in the cell index on both columns:
# 2,500 short reads for a 50 x 50 grid, however many stances the claims carry with other actors.
# Given both lists as `= ANY`, the planner reads every stance of the claims and filters the actors.
_PG_CELLS = """
    SELECT c.id, a.id, s.stance, s.n, s.statements
    FROM unnest(%s::bigint[]) AS c(id) CROSS JOIN unnest(%s::bigint[]) AS a(id)
    CROSS JOIN LATERAL (
        SELECT t.stance, COUNT(*) AS n, COUNT(DISTINCT t.statement_id) AS statements
        FROM claims_attribution t
        WHERE t.claim_id = c.id AND t.actor_id = a.id AND t.review_state = 'confirmed'
        GROUP BY t.stance
    ) s
"""
_PG_CELL_LINKS = """
    SELECT l.id, c.id, a.id, l.stance, l.article_id, o.name, COALESCE(l.said_on, ar.published_on)
    FROM unnest(%s::bigint[]) AS c(id) CROSS JOIN unnest(%s::bigint[]) AS a(id)
    CROSS JOIN LATERAL (
        SELECT t.id, t.stance, t.article_id, t.said_on FROM claims_attribution t
        WHERE t.claim_id = c.id AND t.actor_id = a.id AND t.review_state = 'confirmed'
        ORDER BY t.id LIMIT %s
    ) l
    JOIN articles_article ar ON ar.id = l.article_id
    LEFT JOIN articles_outlet o ON o.id = ar.outlet_id
    ORDER BY l.id
"""


def matrix_cell_counts(*, claim_ids: list[int], actor_ids: list[int]) -> list[tuple]:
    """(claim, actor, stance, confirmed stances, statements) for each cell of the grid that has
    any; one query."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(_PG_CELLS, [claim_ids, actor_ids])
            return cursor.fetchall()
    return list(
        Attribution.objects.confirmed()
        .filter(claim__in=claim_ids, actor__in=actor_ids)
        .values_list("claim_id", "actor_id", "stance")
        .annotate(n=Count("pk"), statements=Count("statement", distinct=True))
        .order_by()
    )


def matrix_cell_links(*, claim_ids: list[int], actor_ids: list[int], per_cell: int) -> list[tuple]:
    """(stance id, claim, actor, stance, article, outlet name, date said or published) of the
    first `per_cell` confirmed stances of each cell, by id; one query."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(_PG_CELL_LINKS, [claim_ids, actor_ids, per_cell])
            return cursor.fetchall()
    return list(
        Attribution.objects.confirmed()
        .filter(claim__in=claim_ids, actor__in=actor_ids)
        .annotate(
            place=Window(
                RowNumber(), partition_by=[F("claim_id"), F("actor_id")], order_by=F("pk").asc()
            )
        )
        .filter(place__lte=per_cell)
        .annotate(when=stance_when())
        .values_list(
            "pk", "claim_id", "actor_id", "stance", "article_id", "article__outlet__name", "when"
        )
        .order_by("pk")
    )
