"""The reads compiled once (the token's user, the detail's claim) give what the ORM gives."""

import pytest
from django.contrib.auth import get_user_model
from rest_framework.authtoken.models import Token

from claims.models import Claim
from core.compiled import ByKey
from tests.factories import make_attribution, make_claim

pytestmark = pytest.mark.django_db


def test_a_claim_read_by_key_has_the_fields_and_leanings_the_orm_gives():
    asserted = make_attribution(stance="asserts").claim
    plain = make_claim("Nobody has spoken about this yet")
    by_key = ByKey(Claim.objects.with_leanings(), "pk", marker=-(2**62))
    for claim in (asserted, plain, asserted):  # the third read reuses the compiled query
        read = by_key.get(claim.pk)
        expected = Claim.objects.with_leanings().get(pk=claim.pk)
        assert isinstance(read, Claim)
        for field in ("pk", "statement", "status", "version", "updated_at"):
            assert getattr(read, field) == getattr(expected, field), field
        for leaning in ("asserted", "denied", "supported", "contradicted"):
            assert bool(getattr(read, leaning)) == bool(getattr(expected, leaning)), leaning
    assert by_key.get(asserted.pk).asserted and not by_key.get(plain.pk).asserted
    assert by_key.get(plain.pk + 1000) is None


def test_it_refuses_a_queryset_in_which_the_key_would_not_be_alone():
    marker = -(2**62)
    by_key = ByKey(Claim.objects.filter(pk=marker), "pk", marker=marker)
    with pytest.raises(ValueError, match="appear once"):
        by_key.get(1)


def test_the_claim_detail_answers_404_for_an_unknown_or_impossible_id(analyst_api):
    claim = make_claim()
    assert analyst_api.get(f"/api/v1/claims/{claim.pk}/").json()["statement"] == claim.statement
    for pk in (claim.pk + 1000, 2**63, 10**30):
        response = analyst_api.get(f"/api/v1/claims/{pk}/")
        assert response.status_code == 404, pk


def test_a_token_authenticates_its_own_user_and_no_other(api, analyst, curator):
    for user in (analyst, curator):
        token = Token.objects.create(user=user)
        api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
        response = api.post(
            "/api/v1/claims/", {"statement": f"Said by {user.username}"}, format="json"
        )
        assert response.status_code == 201
        assert Claim.objects.get(statement=f"Said by {user.username}").created_by == user


def test_an_inactive_users_token_is_refused(api, analyst):
    token = Token.objects.create(user=analyst)
    get_user_model().objects.filter(pk=analyst.pk).update(is_active=False)
    api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    response = api.get("/api/v1/claims/")
    assert response.status_code == 401
    assert response.json() == {"detail": "User inactive or deleted."}


def test_a_deleted_token_is_refused_at_once(api, analyst):
    token = Token.objects.create(user=analyst)
    api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    assert api.get("/api/v1/claims/").status_code == 200
    token.delete()
    assert api.get("/api/v1/claims/").status_code == 401
