"""Analysts correct a claim's wording and notes on its page; a stale form saves nothing."""

import pytest

from claims.models import Claim
from claims.services import claim_update
from tests.factories import make_claim

pytestmark = pytest.mark.django_db


def _edit(client, claim, version=None, **data):
    return client.post(
        f"/claims/{claim.pk}/edit/",
        {
            "statement": claim.statement,
            "notes": "",
            "version": claim.version if version is None else version,
            **data,
        },
    )


def test_an_analyst_corrects_the_wording_and_notes(analyst, analyst_client):
    claim = make_claim("The ferry hit rocks")
    response = _edit(
        analyst_client,
        claim,
        statement="The ferry hit rocks off the coast",
        notes="Two <outlets> disagree",
    )
    assert response.status_code == 302
    claim.refresh_from_db()
    assert (claim.statement, claim.notes, claim.version) == (
        "The ferry hit rocks off the coast",
        "Two <outlets> disagree",
        2,
    )
    body = analyst_client.get(claim.get_absolute_url()).content.decode()
    assert "Two &lt;outlets&gt; disagree" in body
    assert claim.history.first().history_user == analyst


def test_a_stale_form_saves_nothing_and_says_what_changed(analyst, analyst_client, curator):
    claim = make_claim("The ferry hit rocks")
    loaded = claim.version
    claim_update(
        claim=claim,
        expected_version=loaded,
        changes={"statement": "The ferry ran aground"},
        user=curator,
    )
    response = _edit(analyst_client, claim, version=loaded, statement="The ferry hit a rock")
    assert response.status_code == 409
    assert "The ferry ran aground" in response.content.decode()
    assert Claim.objects.get(pk=claim.pk).statement == "The ferry ran aground"


def test_an_empty_statement_is_refused(analyst_client):
    claim = make_claim("The ferry hit rocks")
    response = _edit(analyst_client, claim, statement="   ")
    assert response.status_code == 422
    assert Claim.objects.get(pk=claim.pk).statement == "The ferry hit rocks"


def test_the_status_is_not_an_analysts_to_set_here(analyst_client):
    claim = make_claim("The ferry hit rocks")
    _edit(analyst_client, claim, status="refuted", notes="n")
    claim.refresh_from_db()
    assert claim.status == "unverified" and claim.notes == "n"


def test_a_viewer_may_not_edit_and_sees_no_form(viewer_client):
    claim = make_claim("The ferry hit rocks")
    assert _edit(viewer_client, claim, statement="Changed").status_code == 403
    assert Claim.objects.get(pk=claim.pk).statement == "The ferry hit rocks"
    assert "claim-edit-form" not in viewer_client.get(claim.get_absolute_url()).content.decode()
