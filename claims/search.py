"""Search across articles, claims and actors.

PostgreSQL: ranked full-text search over stored, GIN-indexed documents that the database keeps
current itself (generated columns, articles migration 0004), and trigram-indexed look-ups of
actor names and aliases. SQLite: a plain case-insensitive match, simpler ordering.
"""

from django.db import connection
from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Window
from django.db.models.expressions import RawSQL

from articles.models import Article
from claims.models import Actor, ActorAlias, Claim
from core.search import TSQUERY, full_text_filter


def _postgres() -> bool:
    return connection.vendor == "postgresql"


# Ranking reads each match's whole document, so a word found in most of the archive would cost
# a pass over every article; the most recently added matches are ranked instead.
RANKED_ARTICLES = 500


def articles_matching(q: str) -> QuerySet[Article]:
    """Articles matching `q`, best first. On PostgreSQL, when more than RANKED_ARTICLES match,
    the best of the most recently added RANKED_ARTICLES; each row's `candidates` says how many
    were ranked."""
    qs = Article.objects.with_outlet().defer("text")
    if _postgres():
        recent = (
            "articles_article.id IN (SELECT m.id FROM articles_article m "
            f"WHERE m.search_document @@ {TSQUERY} ORDER BY m.id DESC LIMIT %s)"
        )
        rank = RawSQL(f"ts_rank_cd(articles_article.search_document, {TSQUERY})", (q,))
        return (
            qs.extra(where=[recent], params=[q, RANKED_ARTICLES])
            .annotate(rank=rank, candidates=Window(Count("pk")))
            .order_by("-rank", "-id")
        )
    return qs.filter(Q(title__icontains=q) | Q(text__icontains=q)).order_by("-published_on", "-id")


def articles_found(q: str, limit: int = 20) -> tuple[list[Article], int | None]:
    """The best `limit` articles for `q`, and the number of most recent matches they were chosen
    from when more matched (None when every match was ranked)."""
    articles = list(articles_matching(q)[:limit])
    candidates = getattr(articles[0], "candidates", 0) if articles else 0
    return articles, RANKED_ARTICLES if candidates >= RANKED_ARTICLES else None


def claims_matching(
    q: str, qs: QuerySet[Claim] | None = None, *, notes: bool = True
) -> QuerySet[Claim]:
    """Claims whose statement matches `q` (full text on PostgreSQL, best first) or, with
    `notes`, whose notes contain it. The claims list and its API (one FilterSet) search both;
    the search page, which answers as the analyst types, searches statements only: the notes
    have no index."""
    qs = Claim.objects.all() if qs is None else qs
    if not notes:
        if _postgres():
            rank = RawSQL(f"ts_rank_cd(claims_claim.search_document, {TSQUERY})", (q,))
            return (
                full_text_filter(qs, "claims_claim", q)
                .annotate(rank=rank)
                .order_by("-rank", "statement", "pk")
            )
        return qs.filter(statement__icontains=q).order_by("statement", "pk")
    in_notes = Q(notes__icontains=q)
    if _postgres():
        # The GIN index finds the statements; a notes-only match ranks 0, after them.
        in_statement = full_text_filter(Claim.objects.all(), "claims_claim", q).values("pk")
        rank = RawSQL(f"ts_rank_cd(claims_claim.search_document, {TSQUERY})", (q,))
        return (
            qs.filter(Q(pk__in=in_statement) | in_notes)
            .annotate(rank=rank)
            .order_by("-rank", "statement", "pk")
        )
    return qs.filter(Q(statement__icontains=q) | in_notes).order_by("statement", "pk")


def actors_matching(q: str) -> QuerySet[Actor]:
    """Actors whose name or an alias contains `q`; on PostgreSQL also similar spellings
    ("Sergi Lavrov" finds "Sergei Lavrov"), through the trigram indexes, closest first."""
    alias_of = ActorAlias.objects.filter(actor=OuterRef("pk"))
    if _postgres():
        lowered = q.lower()
        similar = RawSQL(
            "GREATEST(similarity(lower(claims_actor.name), %s), COALESCE((SELECT max(similarity(lower(a.name), %s)) "
            "FROM claims_actoralias a WHERE a.actor_id = claims_actor.id), 0))",
            (lowered, lowered),
        )
        contains = "%" + lowered.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        # Names and aliases that contain `q` or are spelled alike, each found through its
        # trigram index rather than by comparing `q` with every actor.
        found = RawSQL(
            "SELECT id FROM claims_actor WHERE lower(name) LIKE %s OR lower(name) %% %s "
            "UNION SELECT actor_id FROM claims_actoralias WHERE lower(name) LIKE %s OR lower(name) %% %s",
            (contains, lowered, contains, lowered),
        )
        return (
            Actor.objects.filter(pk__in=found)
            .annotate(rank=similar)
            .order_by(F("rank").desc(), "name")
        )
    return Actor.objects.filter(
        Q(name__icontains=q) | Exists(alias_of.filter(name__icontains=q))
    ).order_by("name")
