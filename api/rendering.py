from rest_framework.pagination import CursorPagination
from rest_framework.renderers import BaseRenderer, JSONRenderer


class CursorPage(CursorPagination):
    """Stable pages however many rows are added meanwhile; `ordering` picks the sort."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200
    ordering = "-id"


class JSONLDRenderer(JSONRenderer):
    media_type = "application/ld+json"
    format = "jsonld"


class CSVRenderer(BaseRenderer):
    """Lets a client ask for text/csv; the CSV itself streams past it, errors come out as JSON text."""

    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return JSONRenderer().render(data)
