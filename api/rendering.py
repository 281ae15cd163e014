import orjson
from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import renderers
from rest_framework.exceptions import NotFound
from rest_framework.pagination import CursorPagination
from rest_framework.renderers import BaseRenderer
from rest_framework.utils.encoders import JSONEncoder

# Datetimes, lazy strings, decimals and the rest go to DRF's own encoder, as before.
_ORJSON_OPTIONS = orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_NON_STR_KEYS
_drf_default = JSONEncoder().default
_LINE_SEPARATOR, _PARAGRAPH_SEPARATOR = "\u2028".encode(), "\u2029".encode()


class CursorPage(CursorPagination):
    """Stable pages however many rows are added meanwhile; `ordering` picks the sort."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200
    ordering = "-id"

    def paginate_queryset(self, queryset, request, view=None):
        self.model = queryset.model
        return super().paginate_queryset(queryset, request, view)

    def decode_cursor(self, request):
        """The cursor, its position checked as a value of the field the page is sorted by: a
        cursor is only base64, and one edited by hand must be refused (404, as DRF refuses a
        cursor it cannot read), not reach the database."""
        cursor = super().decode_cursor(request)
        if cursor is None or cursor.position is None:
            return cursor
        field = self.model._meta.get_field(self.ordering[0].lstrip("-"))
        try:
            value = field.to_python(cursor.position)
            field.run_validators(value)
        except DjangoValidationError:
            raise NotFound(self.invalid_cursor_message) from None
        if isinstance(value, str) and "\x00" in value:
            raise NotFound(self.invalid_cursor_message)
        return cursor


class JSONRenderer(renderers.JSONRenderer):
    """DRF's compact JSON, written by orjson: a page of 100 claims in a tenth of the time."""

    def render(self, data, accepted_media_type=None, renderer_context=None):
        indent = self.get_indent(accepted_media_type, renderer_context or {})
        if data is None or indent is not None or self.ensure_ascii or not self.compact:
            return super().render(data, accepted_media_type, renderer_context)
        ret = orjson.dumps(data, default=_drf_default, option=_ORJSON_OPTIONS)
        # As DRF does, so the JSON stays a strict JavaScript subset.
        return ret.replace(_LINE_SEPARATOR, b"\\u2028").replace(_PARAGRAPH_SEPARATOR, b"\\u2029")


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
