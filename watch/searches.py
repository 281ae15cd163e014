"""Saved searches run through the list's own filters: the claims list's ClaimFilter, the articles
list's ArticleFilter, the search page's article search (claims.search). Saving checks the query
string with them; matching runs them restricted to the new records' ids."""

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import QueryDict

from articles.filters import ArticleFilter
from articles.models import Article
from claims.filters import ClaimFilter
from claims.models import Claim
from claims.search import articles_matching
from core.params import search_words
from watch.models import SearchKind

# What a page's query string holds beyond its filters that is worth keeping: its order. The
# cursor or page number is where one was, not what one searched for.
_KEPT = {SearchKind.ARTICLES: {"sort"}, SearchKind.CLAIMS: set(), SearchKind.SEARCH: set()}
_FILTERSETS = {SearchKind.CLAIMS: ClaimFilter, SearchKind.ARTICLES: ArticleFilter}


def _filterset(kind: str, params: QueryDict, queryset: QuerySet | None = None):
    filterset_class = _FILTERSETS[SearchKind(kind)]
    if queryset is None:
        queryset = filterset_class._meta.model.objects.none()
    return filterset_class(params, queryset=queryset)


def search_query_clean(*, kind: str, query: str) -> str:
    """The query string as it will be saved: only the list's own parameters, each checked by the
    list's filters. Raises ValidationError with the filters' messages when one is not valid."""
    if kind not in SearchKind.values:
        raise ValidationError({"kind": "Choose the claims list, the articles list or search."})
    params = QueryDict(query[:2000])
    if kind == SearchKind.SEARCH:
        q = search_words(params.get("q"))
        if not q:
            raise ValidationError({"query": "Type the words to search for before saving."})
        kept = QueryDict(mutable=True)
        kept["q"] = q
        return kept.urlencode()
    filterset = _filterset(kind, params)
    names = set(filterset.filters) | _KEPT[SearchKind(kind)]
    kept = QueryDict(mutable=True)
    for name in params:
        if name in names:
            values = [v for v in params.getlist(name) if v != ""]
            if values:
                kept.setlist(name, values)
    if not filterset.form.is_valid():
        errors = "; ".join(
            f"{field}: {' '.join(messages)}" for field, messages in filterset.form.errors.items()
        )
        raise ValidationError({"query": f"These filters are not valid: {errors}"})
    return kept.urlencode()


def claims_matching_saved(query: str, claim_ids) -> set[int]:
    """The claims among `claim_ids` that a saved claims-list search finds (one query, and one
    more to check each actor or outlet it names still exists)."""
    filterset = _filterset(
        SearchKind.CLAIMS, QueryDict(query), Claim.objects.current().filter(pk__in=claim_ids)
    )
    return _found(filterset)


def _found(filterset) -> set[int]:
    # A saved search whose actor or outlet has since been removed (or merged) no longer runs as
    # it was saved: the list would leave that filter out and find far more. It finds nothing.
    if not filterset.is_valid():
        return set()
    return set(filterset.qs.order_by().values_list("pk", flat=True))


def articles_matching_saved(kind: str, query: str, article_ids) -> set[int]:
    """The articles among `article_ids` that a saved articles-list or search-page search finds
    (one query)."""
    params = QueryDict(query)
    if kind == SearchKind.SEARCH:
        q = search_words(params.get("q"))
        if not q:
            return set()
        # The search page ranks the most recently added matches; new articles are those.
        found = articles_matching(q).filter(pk__in=article_ids).order_by()
        return set(found.values_list("pk", flat=True))
    return _found(_filterset(kind, params, Article.objects.filter(pk__in=article_ids)))
