"""The filters of the claims app's lists (django-filter), each with a text search `q`.

One FilterSet per list: the API's list endpoints use them through api.filters.FilterBackend, and
the claims list page uses ClaimFilter itself, so a page link and an API call with the same
parameters find the same claims.
"""

import django_filters as df
from django import forms
from django.db.models import Exists, OuterRef, Q

from articles.models import Article, Outlet
from claims.forms import ActorFilterForm, ClaimFilterForm
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
from claims.search import claims_matching
from claims.selectors import stance_when
from core.filters import ids_only


class ActorFilter(df.FilterSet):
    kind = df.ChoiceFilter(choices=ActorKind.choices, empty_label="Any kind")
    affiliation = df.ModelChoiceFilter(queryset=ids_only(Actor))
    q = df.CharFilter(method="search", label="Name or an alias contains")

    class Meta:
        model = Actor
        fields = ["kind", "affiliation"]
        form = ActorFilterForm

    def search(self, queryset, name, value):
        alias = ActorAlias.objects.filter(actor=OuterRef("pk"), name__icontains=value)
        return queryset.filter(Q(name__icontains=value) | Exists(alias))


def _date_filter(label: str) -> df.DateFilter:
    return df.DateFilter(
        method="by_stance", label=label, widget=forms.DateInput(attrs={"type": "date"})
    )


class ClaimFilter(df.FilterSet):
    """Claims by status and text, and by the stances reported on them.

    actor, stance, outlet and the dates apply together to one confirmed attribution: `actor=3&stance=denies`
    is the claims actor 3 denies, not those it takes any stance on that someone else denies.
    """

    status = df.ChoiceFilter(choices=ClaimStatus.choices, empty_label="Any status")
    actor = df.ModelChoiceFilter(
        field_name="attributions__actor", queryset=ids_only(Actor), method="by_stance"
    )
    stance = df.ChoiceFilter(choices=Stance.choices, empty_label="Any stance", method="by_stance")
    outlet = df.ModelChoiceFilter(
        field_name="attributions__outlet", queryset=ids_only(Outlet), method="by_stance"
    )
    date_after = _date_filter("Said on or after (or the article's date)")
    date_before = _date_filter("Said on or before (or the article's date)")
    q = df.CharFilter(method="search", label="Statement or notes contain")

    STANCE_FILTERS = ("actor", "stance", "outlet", "date_after", "date_before")

    class Meta:
        model = Claim
        fields = ["status"]
        form = ClaimFilterForm

    def by_stance(self, queryset, name, value):
        return queryset  # applied together in filter_queryset

    def search(self, queryset, name, value):
        return claims_matching(value, queryset)

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
            # The outlet each stance keeps (its article's), from an index of its own.
            stances = stances.filter(outlet=data["outlet"])
        if data["date_after"] or data["date_before"]:
            stances = stances.annotate(when=stance_when())
            if data["date_after"]:
                stances = stances.filter(when__gte=data["date_after"])
            if data["date_before"]:
                stances = stances.filter(when__lte=data["date_before"])
        return queryset.filter(Exists(stances))


class AttributionFilter(df.FilterSet):
    actor = df.ModelChoiceFilter(queryset=ids_only(Actor))
    claim = df.ModelChoiceFilter(queryset=ids_only(Claim))
    article = df.ModelChoiceFilter(queryset=ids_only(Article))
    outlet = df.ModelChoiceFilter(field_name="outlet", queryset=ids_only(Outlet))
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
    """The review page's and the API's suggestions: by article, actor (known or proposed by
    name), the rule that made them and how sure it was."""

    # An id box, not a menu of every article.
    article = df.ModelChoiceFilter(
        queryset=ids_only(Article), widget=forms.NumberInput(attrs={"min": 1})
    )
    actor = df.CharFilter(method="by_actor", label="Actor (id, or name proposed)")
    rule = df.CharFilter(field_name="rule", label="Rule")
    confidence_min = df.NumberFilter(
        field_name="confidence", lookup_expr="gte", label="Confidence at least"
    )
    q = df.CharFilter(method="search", label="Quote, actor or claim contains")

    class Meta:
        model = Attribution
        fields = ["article", "rule"]

    def by_actor(self, queryset, name, value):
        value = value.strip()
        if value.isascii() and value.isdigit() and int(value) < 2**63:
            return queryset.filter(actor=int(value))
        return queryset.filter(Q(actor__name__iexact=value) | Q(proposed_actor__iexact=value))

    def search(self, queryset, name, value):
        return AttributionFilter.search(self, queryset, name, value)


class EvidenceFilter(df.FilterSet):
    claim = df.ModelChoiceFilter(queryset=ids_only(Claim))
    article = df.ModelChoiceFilter(queryset=ids_only(Article))
    source = df.ModelChoiceFilter(queryset=ids_only(Actor))
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
