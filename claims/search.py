"""Search across articles, claims and actors.

PostgreSQL: ranked full-text search over stored, GIN-indexed documents that the database keeps
current itself (generated columns, articles migration 0004), and trigram-indexed look-ups of
actor names and aliases. SQLite: a plain case-insensitive match, simpler ordering.
"""

from django.db import connection
from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.db.models.expressions import RawSQL

from articles.models import Article
from claims.models import Actor, ActorAlias, Claim

_TSQUERY = "websearch_to_tsquery('english', %s)"


def _postgres() -> bool:
    return connection.vendor == "postgresql"


def full_text_filter(qs: QuerySet, table: str, q: str) -> QuerySet:
    """PostgreSQL only: rows whose stored document matches `q` (web-search syntax), unranked."""
    return qs.extra(where=[f"{table}.search_document @@ {_TSQUERY}"], params=[q])


def _full_text(qs: QuerySet, table: str, q: str) -> QuerySet:
    """Rows whose stored document matches `q`, best first (the GIN index answers the match)."""
    rank = RawSQL(f"ts_rank_cd({table}.search_document, {_TSQUERY})", (q,))
    return qs.annotate(rank=rank).extra(where=[f"{table}.search_document @@ {_TSQUERY}"], params=[q])


def articles_matching(q: str) -> QuerySet[Article]:
    qs = Article.objects.with_outlet().defer("text")
    if _postgres():
        return _full_text(qs, "articles_article", q).order_by("-rank", "-id")
    return qs.filter(Q(title__icontains=q) | Q(text__icontains=q)).order_by("-published_on", "-id")


def claims_matching(q: str, qs: QuerySet[Claim] | None = None) -> QuerySet[Claim]:
    qs = Claim.objects.all() if qs is None else qs
    if _postgres():
        return _full_text(qs, "claims_claim", q).order_by("-rank", "statement", "pk")
    return qs.filter(statement__icontains=q).order_by("statement", "pk")


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
        close = Q(name__icontains=q) | Exists(alias_of.filter(name__icontains=q))
        spelled_alike = RawSQL(
            "(lower(claims_actor.name) %% %s OR EXISTS (SELECT 1 FROM claims_actoralias a "
            "WHERE a.actor_id = claims_actor.id AND lower(a.name) %% %s))",
            (lowered, lowered),
        )
        return (
            Actor.objects.annotate(rank=similar, alike=spelled_alike)
            .filter(close | Q(alike=True))
            .order_by(F("rank").desc(), "name")
        )
    return Actor.objects.filter(Q(name__icontains=q) | Exists(alias_of.filter(name__icontains=q))).order_by("name")
