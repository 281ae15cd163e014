"""Search across articles, claims and actors: ranked full-text search on PostgreSQL, a plain
case-insensitive match on SQLite (same results page, simpler ordering)."""

from django.db import connection
from django.db.models import OuterRef, Q, QuerySet, StringAgg, Subquery, TextField, Value
from django.db.models.functions import Coalesce

from articles.models import Article
from claims.models import Actor, ActorAlias, Claim


def _postgres() -> bool:
    return connection.vendor == "postgresql"


def _query(q: str):
    from django.contrib.postgres.search import SearchQuery

    return SearchQuery(q, search_type="websearch", config="english")


def articles_matching(q: str) -> QuerySet[Article]:
    qs = Article.objects.with_outlet().defer("text")
    if _postgres():
        from django.contrib.postgres.search import SearchRank, SearchVector

        vector = SearchVector("title", weight="A", config="english") + SearchVector(
            "text", weight="B", config="english"
        )
        query = _query(q)
        return (
            qs.annotate(rank=SearchRank(vector, query)).filter(rank__gt=0).order_by("-rank", "-id")
        )
    return qs.filter(Q(title__icontains=q) | Q(text__icontains=q)).order_by("-published_on", "-id")


def claims_matching(q: str, qs: QuerySet[Claim] | None = None) -> QuerySet[Claim]:
    qs = Claim.objects.all() if qs is None else qs
    if _postgres():
        from django.contrib.postgres.search import SearchRank, SearchVector

        query = _query(q)
        return (
            qs.annotate(rank=SearchRank(SearchVector("statement", config="english"), query))
            .filter(rank__gt=0)
            .order_by("-rank", "statement", "pk")
        )
    return qs.filter(statement__icontains=q).order_by("statement", "pk")


def actors_matching(q: str) -> QuerySet[Actor]:
    if _postgres():
        from django.contrib.postgres.search import SearchRank, SearchVector

        aliases = Subquery(
            ActorAlias.objects.filter(actor=OuterRef("pk"))
            .values("actor")
            .annotate(names=StringAgg("name", delimiter=Value(" ")))
            .values("names")
        )
        vector = SearchVector("name", weight="A", config="simple") + SearchVector(
            Coalesce(aliases, Value(""), output_field=TextField()), weight="B", config="simple"
        )
        query = _query(q)
        return (
            Actor.objects.annotate(rank=SearchRank(vector, query))
            .filter(Q(rank__gt=0) | Q(name__icontains=q))
            .order_by("-rank", "name")
        )
    alias_of = ActorAlias.objects.filter(name__icontains=q).values("actor_id")
    return Actor.objects.filter(Q(name__icontains=q) | Q(pk__in=alias_of))
