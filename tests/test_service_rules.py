"""Each rule is decided once, in the service: whoever calls it (a page, the API, a command)."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from articles.services import passage_locate
from claims.forms import AttributionForm
from claims.models import Attribution, ReviewState
from claims.services import (
    attribution_create,
    attribution_review,
    attribution_update,
    claim_create,
    claim_merge,
    claim_set_status,
    claim_update,
    evidence_create,
    evidence_update,
)
from tests.factories import make_actor, make_article, make_attribution, make_claim

pytestmark = pytest.mark.django_db

QUOTE = "the ferry sank after hitting rocks"


# Roles


def test_it_lets_only_a_curator_set_a_claims_status(analyst, curator):
    claim = make_claim()
    with pytest.raises(PermissionDenied):
        claim_set_status(claim=claim, status="refuted", user=analyst)
    claim.refresh_from_db()
    assert claim.status == "unverified"
    claim = claim_set_status(claim=claim, status="refuted", user=curator)
    assert claim.status == "refuted"


def test_it_lets_only_a_curator_create_or_edit_a_claim_with_a_status(analyst, curator):
    with pytest.raises(PermissionDenied):
        claim_create(statement="The port was closed", status="refuted", user=analyst)
    claim, _ = claim_create(statement="The port was closed", user=analyst)
    with pytest.raises(PermissionDenied):
        claim_update(
            claim=claim, expected_version=None, changes={"status": "refuted"}, user=analyst
        )
    # The same status, or other fields, are anyone's to save.
    claim = claim_update(
        claim=claim,
        expected_version=None,
        changes={"status": "unverified", "notes": "Checked"},
        user=analyst,
    )
    assert (claim.status, claim.notes) == ("unverified", "Checked")
    claim = claim_update(
        claim=claim, expected_version=None, changes={"status": "refuted"}, user=curator
    )
    assert claim.status == "refuted"


# Merged claims


@pytest.fixture
def merged():
    source, target = make_claim("The ferry hit rocks"), make_claim("The ferry struck a reef")
    claim_merge(source=source, target=target)
    source.refresh_from_db()
    return source, target


def _names_the_target(info, target) -> None:
    message = " ".join(info.value.messages)
    assert f"merged into claim #{target.pk}" in message and target.statement in message


def test_it_refuses_a_new_attribution_on_a_merged_claim(merged):
    source, target = merged
    with pytest.raises(ValidationError) as info:
        attribution_create(
            article=make_article(), actor=make_actor(), claim=source, stance="asserts", quote=QUOTE
        )
    _names_the_target(info, target)
    assert "claim" in info.value.message_dict
    assert not Attribution.objects.exists()


def test_it_refuses_new_evidence_on_a_merged_claim(merged):
    source, target = merged
    with pytest.raises(ValidationError) as info:
        evidence_create(article=make_article(), claim=source, relation="supports", quote=QUOTE)
    _names_the_target(info, target)


def test_it_refuses_to_move_an_attribution_or_evidence_to_a_merged_claim(merged):
    source, target = merged
    attribution = make_attribution()
    with pytest.raises(ValidationError) as info:
        attribution_update(
            attribution=attribution, expected_version=None, changes={"claim": source}
        )
    _names_the_target(info, target)
    evidence = evidence_create(
        article=make_article(), claim=target, relation="supports", whole_article=True
    )
    with pytest.raises(ValidationError) as info:
        evidence_update(evidence=evidence, expected_version=None, changes={"claim": source})
    _names_the_target(info, target)
    # Saving other fields of a record on a current claim is untouched by the rule.
    evidence = evidence_update(evidence=evidence, expected_version=None, changes={"note": "ok"})
    assert evidence.note == "ok"


def test_it_refuses_to_confirm_a_suggestion_on_a_merged_claim(merged, analyst):
    source, target = merged
    suggestion = attribution_create(
        article=make_article(),
        actor=None,
        claim=None,
        proposed_actor="Harbour master",
        proposed_claim="Something",
        stance="asserts",
        quote=QUOTE,
        review_state=ReviewState.SUGGESTED,
        origin="machine",
    )
    with pytest.raises(ValidationError) as info:
        attribution_review(
            attribution=suggestion, decision="confirmed", user=analyst, changes={"claim": source}
        )
    _names_the_target(info, target)
    suggestion.refresh_from_db()
    assert suggestion.review_state == "suggested"


# Names instead of ids


def test_it_records_an_attribution_naming_a_new_actor_and_claim(analyst):
    attribution = attribution_create(
        article=make_article(),
        actor_name="  Harbour   master ",
        claim_statement="The ferry hit rocks",
        stance="asserts",
        quote=QUOTE,
        user=analyst,
    )
    assert (attribution.actor.name, attribution.claim.statement) == (
        "Harbour master",
        "The ferry hit rocks",
    )
    # The same names again find the same records.
    again = attribution_create(
        article=make_article(),
        actor_name="harbour master",
        claim_statement="the ferry hit rocks",
        stance="denies",
        quote=QUOTE,
    )
    assert (again.actor, again.claim) == (attribution.actor, attribution.claim)


def test_it_refuses_both_a_record_and_a_name():
    with pytest.raises(ValidationError) as info:
        attribution_create(
            article=make_article(),
            actor=make_actor(),
            actor_name="Someone else",
            claim=make_claim(),
            stance="asserts",
            quote=QUOTE,
        )
    assert "actor" in info.value.message_dict


def test_it_confirms_a_suggestion_with_edited_names(analyst):
    suggestion = attribution_create(
        article=make_article(),
        actor=make_actor("Port authority"),
        claim=None,
        proposed_claim="The ferry hit rocks",
        stance="asserts",
        quote=QUOTE,
        review_state=ReviewState.SUGGESTED,
        origin="machine",
    )
    reviewed = attribution_review(
        attribution=suggestion,
        decision="confirmed",
        user=analyst,
        actor_name="Harbour master",
        claim_statement="The ferry struck a reef",
    )
    assert (reviewed.actor.name, reviewed.claim.statement) == (
        "Harbour master",
        "The ferry struck a reef",
    )
    assert (reviewed.proposed_actor, reviewed.proposed_claim) == (
        "Harbour master",
        "The ferry struck a reef",
    )


# Passages: one check, one wording, whoever asks


@pytest.mark.parametrize(
    "start, end, quote",
    [(10, 999_999, None), (0, 8, "Not this"), (8, 8, None)],
)
def test_it_checks_a_passage_the_same_way_everywhere(start, end, quote):
    article = make_article()
    with pytest.raises(ValidationError) as located:
        passage_locate(article, start=start, end=end, quote=quote)
    record = Attribution(article=article, start=start, end=end, exact=quote or "")
    with pytest.raises(ValidationError) as cleaned:
        record.clean_passage()
    form = AttributionForm(
        {"start": start, "end": end, "quote": quote or "", "stance": "asserts"}, article=article
    )
    assert not form.is_valid()
    form_messages = [m for errors in form.errors.values() for m in errors]
    assert located.value.messages == cleaned.value.messages
    assert located.value.messages[0] in form_messages


@pytest.mark.parametrize("decision", ["confirmed", "rejected"])
def test_it_reviews_only_a_suggestion(analyst, decision):
    attribution = make_attribution()
    other = make_actor("Someone else")
    with pytest.raises(ValidationError) as info:
        attribution_review(
            attribution=attribution, decision=decision, user=analyst, changes={"actor": other}
        )
    assert info.value.code == "not_suggested" and "is not a suggestion" in info.value.messages[0]
    attribution.refresh_from_db()
    assert (attribution.review_state, attribution.version) == ("confirmed", 1)
    assert attribution.actor != other
