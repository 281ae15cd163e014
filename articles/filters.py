"""The outlet and article lists' filters (django-filter), each with a text search `q`."""

import functools

import django_filters as df
from django import forms
from django.db import connection
from django.db.models import Q
from django.utils.choices import CallableChoiceIterator

from articles.models import Article, Outlet
from core.filters import ids_only
from core.forms import LongSelect, menu_of
from core.models import SourceGrade
from core.search import full_text_filter


class OutletFilter(df.FilterSet):
    reliability = df.ChoiceFilter(choices=SourceGrade.choices)
    q = df.CharFilter(method="search", label="Name or domain contains")

    class Meta:
        model = Outlet
        fields = ["reliability"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(name__icontains=value) | Q(domain__icontains=value))


class ArticleFilterForm(forms.Form):
    """The outlet menu is drawn by LongSelect from a bounded list, queried only when rendered."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        menu = functools.cache(functools.partial(menu_of, Outlet, "Any outlet"))
        self.fields["outlet"].widget = LongSelect(choices=CallableChoiceIterator(menu))


def _date(label: str, lookup: str) -> df.DateFilter:
    return df.DateFilter(
        field_name="published_on",
        lookup_expr=lookup,
        label=label,
        widget=forms.DateInput(attrs={"type": "date"}),
    )


class ArticleFilter(df.FilterSet):
    outlet = df.ModelChoiceFilter(queryset=ids_only(Outlet))
    published_after = _date("Published on or after", "gte")
    published_before = _date("Published on or before", "lte")
    q = df.CharFilter(
        method="search",
        label="Full-text search of title and text (web-search syntax on PostgreSQL; contains on SQLite)",
    )

    class Meta:
        model = Article
        fields = ["outlet"]
        form = ArticleFilterForm

    def search(self, queryset, name, value):
        if connection.vendor == "postgresql":
            return full_text_filter(queryset, "articles_article", value)
        return queryset.filter(Q(title__icontains=value) | Q(text__icontains=value))
