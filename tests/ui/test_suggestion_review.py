import pytest

from claims.models import Actor, Attribution, Claim, ReviewState
from claims.services import attribution_create, record_update
from tests.factories import make_actor, make_article, make_attribution, make_claim

pytestmark = pytest.mark.django_db


def _suggestion(article=None, **kwargs):
    kwargs = {
        "actor": None,
        "claim": None,
        "proposed_actor": "Harbour master",
        "proposed_claim": "The ferry hit rocks",
        **kwargs,
    }
    return attribution_create(
        article=article or make_article(),
        stance="asserts",
        quote="the ferry sank after hitting rocks",
        review_state=ReviewState.SUGGESTED,
        origin="machine",
        **kwargs,
    )


def _review(client, suggestion, decision, version=None, htmx=True, **data):
    payload = {
        "decision": decision,
        "version": suggestion.version if version is None else version,
        **data,
    }
    headers = {"HX-Request": "true", "HX-Target": "workspace"} if htmx else {}
    return client.post(f"/suggestions/{suggestion.pk}/review/", payload, headers=headers)


def test_it_confirms_a_suggestion_creating_the_actor_and_claim_it_names(analyst_client, analyst):
    suggestion = _suggestion()
    response = _review(analyst_client, suggestion, "confirmed")
    suggestion.refresh_from_db()
    assert response.status_code == 200
    assert suggestion.review_state == "confirmed" and suggestion.reviewed_by == analyst
    assert (
        suggestion.actor.name == "Harbour master"
        and suggestion.claim.statement == "The ferry hit rocks"
    )
    html = response.content.decode()
    assert f'id="attribution-{suggestion.pk}"' in html and "No suggestions for this article" in html


def test_it_rejects_a_suggestion_and_leaves_nothing_behind(analyst_client):
    suggestion = _suggestion()
    response = _review(analyst_client, suggestion, "rejected", htmx=False)
    suggestion.refresh_from_db()
    assert response.status_code == 302 and response["Location"].endswith("#queue")
    assert suggestion.review_state == "rejected"
    assert not Actor.objects.exists() and not Claim.objects.exists()


def test_it_confirms_with_the_analysts_edits(analyst_client):
    claim = make_claim("The operator ignored warnings")
    suggestion = _suggestion()
    response = _review(
        analyst_client,
        suggestion,
        "confirmed",
        edit="1",
        actor_id="",
        actor_name="Port authority",
        stance="denies",
        claim_id=claim.pk,
        claim_statement=claim.statement,
        said_on="2024-03-05",
    )
    suggestion.refresh_from_db()
    assert response.status_code == 200
    assert (
        suggestion.actor.name,
        suggestion.stance,
        suggestion.claim,
        str(suggestion.said_on),
    ) == ("Port authority", "denies", claim, "2024-03-05")


def test_it_shows_the_edit_form_in_the_queue(analyst_client):
    suggestion = _suggestion()
    response = analyst_client.get(
        f"/articles/{suggestion.article_id}/?edit={suggestion.pk}", headers={"HX-Request": "true"}
    )
    html = response.content.decode()
    assert html.lstrip().startswith('<section id="queue"')
    assert 'value="Harbour master"' in html and "Confirm with edits" in html


def test_it_explains_bad_edits_and_saves_nothing(analyst_client):
    suggestion = _suggestion()
    response = _review(
        analyst_client,
        suggestion,
        "confirmed",
        edit="1",
        actor_id="424242",
        actor_name="x",
        stance="asserts",
        claim_id="",
        claim_statement="",
    )
    suggestion.refresh_from_db()
    assert response.status_code == 422
    html = response.content.decode()
    assert (
        "The actor chosen (#424242) no longer exists" in html
        and "Choose or type the claim." in html
    )
    assert suggestion.review_state == "suggested" and suggestion.version == 1


def test_it_tells_of_a_stale_review_with_both_versions_and_saves_nothing(analyst_client):
    suggestion = _suggestion()
    record_update(instance=suggestion, expected_version=1, changes={"stance": "denies"})
    response = _review(analyst_client, suggestion, "confirmed", version=1)
    suggestion.refresh_from_db()
    html = response.content.decode()
    assert "you had version 1; it is now version 2" in html
    assert suggestion.review_state == "suggested" and not Actor.objects.exists()


def test_it_refuses_a_review_without_a_decision_or_version(analyst_client):
    suggestion = _suggestion()
    response = analyst_client.post(
        f"/suggestions/{suggestion.pk}/review/", {"decision": "confirmed"}
    )
    assert response.status_code == 422
    assert Attribution.objects.get().review_state == "suggested"


def test_it_refuses_a_viewer_and_an_outsider(viewer_client, outsider_client):
    suggestion = _suggestion(actor=make_actor())
    for client in (viewer_client, outsider_client):
        assert _review(client, suggestion, "confirmed").status_code == 403
    assert Attribution.objects.get().review_state == "suggested"


@pytest.mark.parametrize("htmx", [True, False])
def test_it_refuses_to_reject_a_confirmed_attribution(analyst_client, htmx):
    attribution = make_attribution()
    assert attribution.review_state == "confirmed"
    before = (attribution.version, attribution.reviewed_by_id, attribution.reviewed_at)
    response = _review(analyst_client, attribution, "rejected", htmx=htmx)
    attribution.refresh_from_db()
    assert response.status_code == 409
    assert "is not a suggestion (it is confirmed)" in response.content.decode()
    assert attribution.review_state == "confirmed"
    assert (attribution.version, attribution.reviewed_by_id, attribution.reviewed_at) == before


def test_it_refuses_to_rewrite_a_confirmed_attribution_by_confirming_with_edits(analyst_client):
    attribution = make_attribution(stance="asserts")
    actor, claim = attribution.actor, attribution.claim
    response = _review(
        analyst_client,
        attribution,
        "confirmed",
        edit="1",
        actor_id="",
        actor_name="Someone else entirely",
        stance="denies",
        claim_id="",
        claim_statement="A different claim",
        said_on="2024-03-05",
    )
    attribution.refresh_from_db()
    assert response.status_code == 409
    assert "is not a suggestion" in response.content.decode()
    assert (attribution.actor, attribution.claim, attribution.stance) == (actor, claim, "asserts")
    assert attribution.version == 1
    assert not Actor.objects.filter(name="Someone else entirely").exists()
    assert not Claim.objects.filter(statement="A different claim").exists()


def test_it_refuses_to_review_a_rejected_suggestion_again(analyst_client):
    suggestion = _suggestion()
    _review(analyst_client, suggestion, "rejected")
    suggestion.refresh_from_db()
    response = _review(analyst_client, suggestion, "confirmed")
    suggestion.refresh_from_db()
    assert response.status_code == 409
    assert suggestion.review_state == "rejected" and not Actor.objects.exists()


def test_confirming_with_edits_can_move_the_passage(analyst_client):
    from claims.models import Attribution, ReviewState
    from claims.services import attribution_create
    from tests.factories import make_article

    article = make_article()
    suggestion = attribution_create(
        article=article,
        actor=None,
        claim=None,
        stance="asserts",
        quote="Harbour officials said on Monday",
        review_state=ReviewState.SUGGESTED,
        origin="machine",
        proposed_actor="Harbour officials",
        proposed_claim="The ferry sank",
    )
    moved = "the ferry sank after hitting rocks"
    start = article.text.index(moved)
    response = analyst_client.post(
        f"/suggestions/{suggestion.pk}/review/",
        {
            "edit": "1",
            "decision": "confirmed",
            "version": suggestion.version,
            "actor_name": "Harbour officials",
            "claim_statement": "The ferry sank",
            "stance": "asserts",
            "start": start,
            "end": start + len(moved),
        },
    )
    assert response.status_code == 302
    record = Attribution.objects.get(pk=suggestion.pk)
    assert (record.review_state, record.exact) == ("confirmed", moved)
