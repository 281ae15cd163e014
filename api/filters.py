"""Filters for the list endpoints (django-filter), each with a full-text `q`."""

import django_filters as df
from django.db import connection
from django.db.models import Exists, F, OuterRef, Q
from django.db.models.functions import Coalesce
from django_filters.rest_framework import DjangoFilterBackend

from articles.models import Article, Outlet
from claims.models import (
    Actor,
    ActorAlias,
    ActorKind,
    Attribution,
    Claim,
    ClaimStatus,
    Credibility,
    Evidence,
    Origin,
    Relation,
    ReviewState,
    Stance,
)
from claims.search import full_text_filter
from core.models import SourceGrade


class FilterBackend(DjangoFilterBackend):
    """django-filter's backend, passed by when the query names none of the view's filters: the
    filter set and its form take a few milliseconds to build, only to filter nothing."""

    def filter_queryset(self, request, queryset, view):
        filterset_class = self.get_filterset_class(view, queryset)
        if (
            filterset_class
            and not request.query_params.keys() & filterset_class.base_filters.keys()
        ):
            return queryset
        return super().filter_queryset(request, queryset, view)


def _ids(model):
    # Validating an id must not load an article's text.
    return model.objects.only("pk")


class OutletFilter(df.FilterSet):
    reliability = df.ChoiceFilter(choices=SourceGrade.choices)
    q = df.CharFilter(method="search", label="Name or domain contains")

    class Meta:
        model = Outlet
        fields = ["reliability"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(name__icontains=value) | Q(domain__icontains=value))


class ArticleFilter(df.FilterSet):
    outlet = df.ModelChoiceFilter(queryset=_ids(Outlet))
    published_after = df.DateFilter(field_name="published_on", lookup_expr="gte")
    published_before = df.DateFilter(field_name="published_on", lookup_expr="lte")
    q = df.CharFilter(
        method="search",
        label="Full-text search of title and text (web-search syntax on PostgreSQL; contains on SQLite)",
    )

    class Meta:
        model = Article
        fields = ["outlet"]

    def search(self, queryset, name, value):
        if connection.vendor == "postgresql":
            return full_text_filter(queryset, "articles_article", value)
        return queryset.filter(Q(title__icontains=value) | Q(text__icontains=value))


class ActorFilter(df.FilterSet):
    kind = df.ChoiceFilter(choices=ActorKind.choices)
    affiliation = df.ModelChoiceFilter(queryset=_ids(Actor))
    q = df.CharFilter(method="search", label="Name or an alias contains")

    class Meta:
        model = Actor
        fields = ["kind", "affiliation"]

    def search(self, queryset, name, value):
        alias = ActorAlias.objects.filter(actor=OuterRef("pk"), name__icontains=value)
        return queryset.filter(Q(name__icontains=value) | Exists(alias))


class ClaimFilter(df.FilterSet):
    """Claims by status and text, and by the stances reported on them.

    actor, stance, outlet and the dates apply together to one confirmed attribution: `actor=3&stance=denies`
    is the claims actor 3 denies, not those it takes any stance on that someone else denies.
    """

    status = df.ChoiceFilter(choices=ClaimStatus.choices)
    actor = df.ModelChoiceFilter(
        field_name="attributions__actor", queryset=_ids(Actor), method="by_stance"
    )
    stance = df.ChoiceFilter(choices=Stance.choices, method="by_stance")
    outlet = df.ModelChoiceFilter(
        field_name="attributions__article__outlet", queryset=_ids(Outlet), method="by_stance"
    )
    date_after = df.DateFilter(method="by_stance", label="Said on or after (or the article's date)")
    date_before = df.DateFilter(
        method="by_stance", label="Said on or before (or the article's date)"
    )
    q = df.CharFilter(method="search", label="Statement or notes contain")

    STANCE_FILTERS = ("actor", "stance", "outlet", "date_after", "date_before")

    class Meta:
        model = Claim
        fields = ["status"]

    def by_stance(self, queryset, name, value):
        return queryset  # applied together in filter_queryset

    def search(self, queryset, name, value):
        if connection.vendor == "postgresql":
            notes = Q(notes__icontains=value)
            return queryset.filter(
                Q(pk__in=full_text_filter(Claim.objects.all(), "claims_claim", value).values("pk"))
                | notes
            )
        return queryset.filter(Q(statement__icontains=value) | Q(notes__icontains=value))

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        data = {k: self.form.cleaned_data.get(k) for k in self.STANCE_FILTERS}
        if not any(v not in (None, "") for v in data.values()):
            return queryset
        stances = Attribution.objects.confirmed().filter(claim=OuterRef("pk"))
        if data["actor"]:
            stances = stances.filter(actor=data["actor"])
        if data["stance"]:
            stances = stances.filter(stance=data["stance"])
        if data["outlet"]:
            stances = stances.filter(article__outlet=data["outlet"])
        if data["date_after"] or data["date_before"]:
            stances = stances.annotate(when=Coalesce(F("said_on"), F("article__published_on")))
            if data["date_after"]:
                stances = stances.filter(when__gte=data["date_after"])
            if data["date_before"]:
                stances = stances.filter(when__lte=data["date_before"])
        return queryset.filter(Exists(stances))


class AttributionFilter(df.FilterSet):
    actor = df.ModelChoiceFilter(queryset=_ids(Actor))
    claim = df.ModelChoiceFilter(queryset=_ids(Claim))
    article = df.ModelChoiceFilter(queryset=_ids(Article))
    outlet = df.ModelChoiceFilter(field_name="article__outlet", queryset=_ids(Outlet))
    stance = df.ChoiceFilter(choices=Stance.choices)
    review_state = df.ChoiceFilter(choices=ReviewState.choices)
    origin = df.ChoiceFilter(choices=Origin.choices)
    said_after = df.DateFilter(field_name="said_on", lookup_expr="gte")
    said_before = df.DateFilter(field_name="said_on", lookup_expr="lte")
    q = df.CharFilter(method="search", label="Quote, actor or claim contains")

    class Meta:
        model = Attribution
        fields = ["actor", "claim", "article", "stance", "review_state", "origin"]

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(exact__icontains=value)
            | Q(actor__name__icontains=value)
            | Q(proposed_actor__icontains=value)
            | Q(claim__statement__icontains=value)
            | Q(proposed_claim__icontains=value)
        )


class SuggestionFilter(df.FilterSet):
    article = df.ModelChoiceFilter(queryset=_ids(Article))

    class Meta:
        model = Attribution
        fields = ["article"]


class EvidenceFilter(df.FilterSet):
    claim = df.ModelChoiceFilter(queryset=_ids(Claim))
    article = df.ModelChoiceFilter(queryset=_ids(Article))
    source = df.ModelChoiceFilter(queryset=_ids(Actor))
    relation = df.ChoiceFilter(choices=Relation.choices)
    credibility = df.ChoiceFilter(choices=Credibility.choices)
    q = df.CharFilter(method="search", label="Quote, note or claim contains")

    class Meta:
        model = Evidence
        fields = ["claim", "article", "source", "relation", "credibility"]

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(exact__icontains=value)
            | Q(note__icontains=value)
            | Q(claim__statement__icontains=value)
        )
