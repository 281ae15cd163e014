"""Property-based fuzzing of the whole API with schemathesis, against its own OpenAPI schema.

In-process WSGI, authenticated as an analyst, over the seed data: no response may be a server
error, and every response must be one the schema documents (status, content type, body).
Bounded (25 derandomised examples per operation, valid and invalid data mixed) so the suite
stays fast.
"""

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rest_framework.authtoken.models import Token
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]


def _load_schema():
    """The schema as /api/schema/ serves it, generated in-process (no request, no database)."""
    import json

    from drf_spectacular.generators import SchemaGenerator
    from drf_spectacular.renderers import OpenApiJsonRenderer

    document = SchemaGenerator().get_schema(request=None, public=True)
    loaded = schemathesis.openapi.from_dict(json.loads(OpenApiJsonRenderer().render(document)))
    loaded.app = WSGIHandler()
    return loaded


schema = _load_schema()


@pytest.fixture
def analyst_token(seeded, analyst) -> str:
    return Token.objects.create(user=analyst).key


@pytest.fixture
def wsgi_requests(db):
    # A real WSGI handler ends each request by closing old connections, which inside the test's
    # transaction would break it; Django's own test client unhooks the same signal.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def test_it_answers_every_operation_without_server_errors_and_as_documented(
    analyst_token, wsgi_requests
):
    # One test over every operation rather than one per operation, so the seed data and the
    # analyst are made once: the run stays near half a minute.
    headers = {"Authorization": f"Token {analyst_token}"}
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) > 40
    for operation in operations:
        strategy = st.one_of(
            operation.as_strategy(GenerationMode.POSITIVE),
            operation.as_strategy(GenerationMode.NEGATIVE),
        )

        @given(case=strategy)
        @settings(
            max_examples=25,
            derandomize=True,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def check(case):
            case.call_and_validate(headers=headers, checks=CHECKS)

        try:
            check()
        except Exception as exc:
            exc.add_note(f"Operation: {operation.label}")
            raise
