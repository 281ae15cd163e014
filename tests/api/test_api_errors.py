import base64
import json

import pytest
from django.core.management import call_command
from rest_framework.authtoken.models import Token
from rest_framework.throttling import UserRateThrottle

from claims.models import Claim
from tests.factories import make_claim

pytestmark = pytest.mark.django_db


def test_it_answers_json_404s(analyst_api):
    for url in ("/api/v1/claims/999999/", "/api/v1/no-such-thing/", "/api/v1/claims/abc/"):
        response = analyst_api.get(url)
        assert response.status_code == 404, url
        assert "detail" in response.json()


def test_it_answers_405_for_a_method_not_allowed(analyst_api, curator_api):
    claim = make_claim()
    response = analyst_api.post(f"/api/v1/claims/{claim.pk}/", {}, format="json")
    assert response.status_code == 405
    assert response.json() == {"detail": 'Method "POST" not allowed.'}
    # The role is checked first: an analyst may not delete a claim at all.
    assert analyst_api.delete("/api/v1/claims/").status_code == 403
    assert curator_api.delete("/api/v1/claims/").status_code == 405


def test_it_answers_400_for_malformed_json(analyst_api):
    response = analyst_api.post("/api/v1/claims/", "{not json", content_type="application/json")
    assert response.status_code == 400
    assert "JSON parse error" in response.json()["detail"]


def test_it_throttles_a_client_past_its_rate(analyst_api, monkeypatch):
    monkeypatch.setattr(UserRateThrottle, "rate", "2/min", raising=False)
    statuses = [analyst_api.get("/api/v1/claims/").status_code for _ in range(3)]
    assert statuses == [200, 200, 429]


def test_it_makes_a_token_with_the_management_command(analyst, api, capsys):
    call_command("drf_create_token", analyst.username)
    key = Token.objects.get(user=analyst).key
    assert key in capsys.readouterr().out
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert api.get("/api/v1/claims/").status_code == 200


def test_it_serves_the_schema_and_local_docs(analyst_api, analyst_client, client):
    schema = analyst_api.get("/api/schema/?format=json").json()
    assert schema["openapi"].startswith("3.")
    assert {"/api/v1/claims/", "/api/v1/attributions/", "/api/v1/suggestions/{id}/review/"} <= set(
        schema["paths"]
    )
    docs = analyst_client.get("/api/docs/")
    assert docs.status_code == 200
    html = docs.content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in html
    assert "cdn" not in html.lower()
    assert client.get("/api/docs/").status_code == 302  # to the login page


def _cursor(query: str) -> str:
    return base64.b64encode(query.encode()).decode()


@pytest.mark.parametrize(
    "query",
    [
        "p=%C2%B2",  # a position by id that is not a number ("²", as a cursor encodes it)
        "p=x&r=1",
        "p=2024-03-01T00:00:00",
        f"p={2**64 + 1}",  # past the database's integers
    ],
)
def test_it_refuses_a_cursor_edited_by_hand(analyst_api, query):
    make_claim(), make_claim()
    response = analyst_api.get("/api/v1/claims/", {"cursor": _cursor(query)})
    assert response.status_code == 404
    assert response.json() == {"detail": "Invalid cursor"}


def test_it_refuses_a_cursor_edited_by_hand_on_any_ordering(analyst_api):
    make_claim("Ferries sink")
    for ordering, query in (("statement", "p=a\x00b"), ("created_at", "p=yesterday")):
        response = analyst_api.get(
            "/api/v1/claims/", {"ordering": ordering, "cursor": _cursor(query)}
        )
        assert response.status_code == 404, ordering
        assert response.json() == {"detail": "Invalid cursor"}


def test_it_still_follows_the_cursors_it_made(analyst_api):
    claims = [make_claim() for _ in range(3)]
    first = analyst_api.get("/api/v1/claims/", {"page_size": 2}).json()
    second = analyst_api.get(first["next"]).json()
    assert [c["id"] for c in first["results"] + second["results"]] == [
        c.pk for c in reversed(claims)
    ]
    first = analyst_api.get("/api/v1/claims/", {"page_size": 2, "ordering": "created_at"}).json()
    assert analyst_api.get(first["next"]).json()["results"][0]["id"] == claims[2].pk


def test_it_answers_400_for_json_nested_too_deeply(analyst_api):
    body = "[" * 100_000 + "]" * 100_000
    response = analyst_api.post("/api/v1/claims/", body, content_type="application/json")
    assert response.status_code == 400
    assert response.json() == {"detail": "JSON parse error - the document is nested too deeply."}
    assert not Claim.objects.exists()


def test_it_answers_json_when_django_refuses_the_request_before_the_api_reads_it(analyst_api):
    # More query parameters than DATA_UPLOAD_MAX_NUMBER_FIELDS: Django's own 400.
    query = "&".join(f"f{n}=1" for n in range(1100))
    response = analyst_api.get(f"/api/v1/claims/?{query}")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert "more fields or files than this server accepts" in response.json()["detail"]


@pytest.mark.parametrize("status", [400, 403, 404, 500])
def test_it_answers_json_for_errors_django_answers_itself(status):
    # The handlers Django calls for an exception no view handled: JSON under /api/ only.
    from django.core.exceptions import PermissionDenied, SuspiciousOperation
    from django.http import Http404
    from django.test import RequestFactory
    from django.urls import get_resolver

    handler = get_resolver().resolve_error_handler(status)
    exception = {400: SuspiciousOperation(), 403: PermissionDenied(), 404: Http404()}.get(status)
    args = (exception,) if exception else ()
    api = handler(RequestFactory().get("/api/v1/claims/"), *args)
    assert api.status_code == status
    assert api["Content-Type"] == "application/json"
    assert json.loads(api.content)["detail"]
    page = handler(RequestFactory().get("/claims/"), *args)
    assert page.status_code == status
    assert page["Content-Type"].startswith("text/html")
