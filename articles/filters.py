"""The outlet and article lists' filters (django-filter), each with a text search `q`."""

import django_filters as df
from django.db import connection
from django.db.models import Q

from articles.models import Article, Outlet
from core.filters import ids_only
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


class ArticleFilter(df.FilterSet):
    outlet = df.ModelChoiceFilter(queryset=ids_only(Outlet))
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
