"""The API's filter backend. The FilterSets live with the app that owns each model
(articles.filters, claims.filters), where the pages use them too."""

from django_filters.rest_framework import DjangoFilterBackend


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
