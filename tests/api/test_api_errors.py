import pytest
from django.core.management import call_command
from rest_framework.authtoken.models import Token
from rest_framework.throttling import UserRateThrottle

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
