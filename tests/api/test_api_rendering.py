"""The API's JSON is written by orjson but must be byte for byte what DRF's renderer writes."""

import datetime
import decimal
import uuid

from django.utils.translation import gettext_lazy
from rest_framework import renderers
from rest_framework.exceptions import ErrorDetail

from api.rendering import JSONRenderer

DATA = {
    "id": 12,
    "statement": "Kyiv said “no” — Київ\u2028next line\u2029",
    "created_at": datetime.datetime(2024, 3, 1, 12, 30, 5, 123456, tzinfo=datetime.UTC),
    "said_on": datetime.date(2024, 3, 2),
    "at": datetime.time(9, 15),
    "confidence": 0.85,
    "weight": decimal.Decimal("1.50"),
    "key": uuid.UUID("12345678-1234-5678-1234-567812345678"),
    "detail": gettext_lazy("Not found."),
    "errors": {"quote": [ErrorDetail("Give the quote.", code="required")]},
    "nested": [{"a": None, "b": True, "c": []}],
}


def test_it_writes_what_drf_writes():
    assert JSONRenderer().render(DATA) == renderers.JSONRenderer().render(DATA)


def test_it_indents_as_drf_does_when_asked():
    media_type = "application/json; indent=4"
    assert JSONRenderer().render(DATA, media_type) == renderers.JSONRenderer().render(
        DATA, media_type
    )


def test_it_writes_nothing_for_no_data():
    assert JSONRenderer().render(None) == b""
