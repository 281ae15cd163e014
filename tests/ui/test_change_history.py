"""The change history on claim and actor pages says which fields changed, from what to what."""

import pytest

from claims.services import actor_update, claim_update
from core.history import with_changes
from tests.factories import make_actor, make_claim

pytestmark = pytest.mark.django_db


def test_a_claims_history_names_each_changed_field_with_old_and_new(curator, curator_client):
    claim = make_claim("The ferry hit rocks")
    claim = claim_update(
        claim=claim,
        expected_version=claim.version,
        changes={"statement": "The ferry hit <rocks>", "status": "contested"},
        user=curator,
    )
    rows = curator_client.get(claim.get_absolute_url()).context["history"]
    assert sorted((c.field, c.old, c.new) for c in rows[0].changes) == [
        ("statement", "The ferry hit rocks", "The ferry hit <rocks>"),
        ("status", "Unverified", "Contested"),
    ]
    body = curator_client.get(claim.get_absolute_url()).content.decode()
    assert "<del>Unverified</del> → <ins>Contested</ins>" in body
    assert "<ins>The ferry hit &lt;rocks&gt;</ins>" in body  # article text is escaped
    assert rows[-1].get_history_type_display() == "Created" and rows[-1].changes == []


def test_an_actors_history_shows_an_emptied_field_and_leaves_out_bookkeeping(
    analyst, analyst_client
):
    actor = make_actor("Mara Lind", role="chief executive")
    actor = actor_update(
        actor=actor, expected_version=actor.version, changes={"role": ""}, user=analyst
    )
    rows = analyst_client.get(actor.get_absolute_url()).context["history"]
    assert [(c.field, c.old, c.new) for c in rows[0].changes] == [
        ("role", "chief executive", "(empty)")
    ]


def test_the_history_costs_one_query_however_long(
    analyst, analyst_client, django_assert_num_queries
):
    actor = make_actor("Mara Lind")
    for n in range(25):
        actor = actor_update(
            actor=actor, expected_version=actor.version, changes={"role": f"role {n}"}, user=analyst
        )
    with django_assert_num_queries(1):
        rows = with_changes(actor.history)
    assert len(rows) == 20 and rows[0].changes[0].new == "role 24" and rows[19].changes


def test_a_record_without_history_rows_has_an_empty_history():
    actor = make_actor("Mara Lind")
    actor.history.all().delete()
    assert with_changes(actor.history) == []
