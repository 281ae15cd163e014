"""Correcting what was recorded: analysts edit and remove their own attributions and evidence,
curators anyone's, each change kept in the history and undoable from its message."""

import re

import pytest

from claims.models import Actor, Attribution, Claim, Evidence, ReviewState
from claims.services import attribution_create, evidence_create
from tests.factories import make_actor, make_article, make_claim

pytestmark = pytest.mark.django_db

QUOTE = "the ferry sank after hitting rocks"
OTHER = "The operator denied that the crew had ignored storm warnings"


def _mine(user, **kwargs):
    return attribution_create(
        article=kwargs.pop("article", None) or make_article(),
        actor=Actor.objects.get_or_create(name="Mara Lind")[0],
        claim=Claim.objects.get_or_create(statement="The ferry hit rocks")[0],
        stance="asserts",
        quote=QUOTE,
        user=user,
        **kwargs,
    )


def _undo(client, response_or_body):
    body = (
        response_or_body if isinstance(response_or_body, str) else response_or_body.content.decode()
    )
    m = re.search(
        r'<form method="post" action="([^"]+)" class="inline undo-form">.*?name="history_id" value="(\d+)"',
        body,
    )
    assert m, "no Undo in the message"
    return client.post(m[1], {"history_id": m[2]})


def _edit(client, record, **data):
    article = record.article
    start, end = data.pop("start", record.start), data.pop("end", record.end)
    payload = {
        "start": start,
        "end": end,
        "version": record.version,
        "actor_id": record.actor_id,
        "actor_name": record.actor.name,
        "claim_id": record.claim_id,
        "claim_statement": record.claim.statement,
        "stance": record.stance,
        **data,
    }
    return client.post(f"/attributions/{record.pk}/edit/", payload, follow=True), article


def test_an_analyst_corrects_the_stance_and_the_passage_then_undoes_it(analyst, analyst_client):
    record = _mine(analyst)
    start = record.article.text.index(OTHER)
    response, article = _edit(
        analyst_client, record, stance="denies", start=start, end=start + len(OTHER)
    )
    assert response.status_code == 200
    record.refresh_from_db()
    assert (record.stance, record.exact, record.version) == ("denies", OTHER, 2)
    assert "Saved: Mara Lind denies" in response.content.decode()
    # The history says what changed, and the message's Undo puts it back.
    _undo(analyst_client, response)
    record.refresh_from_db()
    assert (record.stance, record.exact, record.version) == ("asserts", QUOTE, 3)
    assert record.history.count() == 3


def test_the_edit_form_opens_in_the_panel_with_the_record_and_a_new_selection_moves_it(
    analyst, analyst_client
):
    record = _mine(analyst)
    panel = analyst_client.get(
        f"/attributions/{record.pk}/edit/", HTTP_HX_REQUEST="true"
    ).content.decode()
    assert f'data-edit-url="/attributions/{record.pk}/edit/"' in panel
    assert 'value="Mara Lind"' in panel and QUOTE in panel
    start = record.article.text.index(OTHER)
    moved = analyst_client.get(
        f"/attributions/{record.pk}/edit/?start={start}&end={start + len(OTHER)}",
        HTTP_HX_REQUEST="true",
    ).content.decode()
    assert OTHER in moved and f'name="start" value="{start}"' in moved


def test_an_analyst_removes_their_record_and_undo_brings_it_back(analyst, analyst_client):
    record = _mine(analyst)
    response = analyst_client.post(
        f"/attributions/{record.pk}/remove/", {"version": record.version}, follow=True
    )
    assert response.status_code == 200
    assert not Attribution.objects.filter(pk=record.pk).exists()
    _undo(analyst_client, response)
    back = Attribution.objects.get(pk=record.pk)
    assert (back.actor_id, back.claim_id, back.exact, back.review_state) == (
        record.actor_id,
        record.claim_id,
        QUOTE,
        ReviewState.CONFIRMED,
    )
    assert back.statement_id is not None


def test_an_analyst_may_not_touch_someone_elses_record(analyst_client, curator):
    record = _mine(curator)
    response, _ = _edit(analyst_client, record, stance="denies")
    assert response.status_code == 403
    assert (
        analyst_client.post(f"/attributions/{record.pk}/remove/", {"version": 1}).status_code == 403
    )
    assert analyst_client.get(f"/attributions/{record.pk}/edit/").status_code == 403
    record.refresh_from_db()
    assert record.stance == "asserts"
    # and the reader offers them no Edit or Remove for it
    body = analyst_client.get(record.article.get_absolute_url()).content.decode()
    assert f"/attributions/{record.pk}/edit/" not in body


def test_the_api_applies_the_same_rule(analyst, analyst_api, curator):
    theirs, mine = _mine(curator), _mine(analyst)
    for record, expected in ((theirs, 403), (mine, 200)):
        response = analyst_api.patch(
            f"/api/v1/attributions/{record.pk}/",
            {"stance": "denies"},
            format="json",
        )
        assert response.status_code == expected, response.content
    assert analyst_api.delete(f"/api/v1/attributions/{theirs.pk}/").status_code == 403
    assert analyst_api.delete(f"/api/v1/attributions/{mine.pk}/").status_code == 204


def test_a_curator_corrects_anyones_record(analyst, curator_client):
    record = _mine(analyst)
    response, _ = _edit(curator_client, record, stance="denies")
    assert response.status_code == 200
    record.refresh_from_db()
    assert record.stance == "denies"


def test_a_stale_edit_saves_nothing(analyst, analyst_client):
    record = _mine(analyst)
    version = record.version
    Attribution.objects.filter(pk=record.pk).update(version=version + 1)
    response = analyst_client.post(
        f"/attributions/{record.pk}/edit/",
        {
            "start": record.start,
            "end": record.end,
            "version": version,
            "actor_id": record.actor_id,
            "actor_name": "Mara Lind",
            "claim_id": record.claim_id,
            "claim_statement": "The ferry hit rocks",
            "stance": "denies",
        },
    )
    assert response.status_code == 409
    assert Attribution.objects.get(pk=record.pk).stance == "asserts"


def test_an_analyst_edits_and_removes_their_evidence(analyst, analyst_client):
    article = make_article()
    evidence = evidence_create(
        article=article,
        claim=make_claim("The ferry hit rocks"),
        relation="supports",
        quote=QUOTE,
        user=analyst,
    )
    response = analyst_client.post(
        f"/evidence/{evidence.pk}/edit/",
        {
            "start": evidence.start,
            "end": evidence.end,
            "version": evidence.version,
            "claim_id": evidence.claim_id,
            "claim_statement": "The ferry hit rocks",
            "relation": "contradicts",
            "credibility": 2,
            "note": "checked",
        },
        follow=True,
    )
    assert response.status_code == 200
    evidence.refresh_from_db()
    assert (evidence.relation, evidence.credibility, evidence.note) == ("contradicts", 2, "checked")
    analyst_client.post(f"/evidence/{evidence.pk}/remove/", {"version": evidence.version})
    assert not Evidence.objects.filter(pk=evidence.pk).exists()


def test_a_rejected_suggestion_can_be_undone(analyst_client):
    article = make_article()
    suggestion = attribution_create(
        article=article,
        actor=make_actor("Mara Lind"),
        claim=make_claim("The ferry hit rocks"),
        stance="asserts",
        quote=QUOTE,
        review_state=ReviewState.SUGGESTED,
        origin="machine",
        rule="said-that",
    )
    response = analyst_client.post(
        f"/suggestions/{suggestion.pk}/review/",
        {"decision": "rejected", "version": suggestion.version},
        follow=True,
    )
    suggestion.refresh_from_db()
    assert suggestion.review_state == ReviewState.REJECTED
    assert "Suggestion rejected." in response.content.decode()
    _undo(analyst_client, response)
    suggestion.refresh_from_db()
    assert suggestion.review_state == ReviewState.SUGGESTED and suggestion.reviewed_by is None


def test_an_undo_of_someone_elses_record_is_refused(
    analyst, analyst_client, curator, curator_client
):
    record = _mine(curator)
    response, _ = _edit(curator_client, record, stance="denies")
    m = re.search(r'name="history_id" value="(\d+)"', response.content.decode())
    assert (
        analyst_client.post(f"/attributions/{record.pk}/undo/", {"history_id": m[1]}).status_code
        == 403
    )
    record.refresh_from_db()
    assert record.stance == "denies"


def test_the_edit_panel_reads_a_fixed_number_of_queries(
    analyst, analyst_client, django_assert_num_queries
):
    record = _mine(analyst)
    # session, user, the record with its article, outlet, actor and claim, permissions (2)
    with django_assert_num_queries(5):
        analyst_client.get(f"/attributions/{record.pk}/edit/", HTTP_HX_REQUEST="true")


def test_a_removed_record_is_listed_and_put_back_from_its_history(
    analyst, analyst_client, django_assert_num_queries
):
    record = _mine(analyst)
    article = record.article
    analyst_client.post(f"/attributions/{record.pk}/remove/", {"version": record.version})
    # session, user, article, removed (2 kinds), their last versions (2), permissions (2)
    with django_assert_num_queries(9):
        page = analyst_client.get(f"/articles/{article.pk}/removed/")
    body = page.content.decode()
    assert f'id="removed-attribution-{record.pk}"' in body and "ana-analyst" in body
    item = body[body.index(f'id="removed-attribution-{record.pk}"') :]
    m = re.search(r'action="([^"]+)" class="inline">.*?name="history_id" value="(\d+)"', item, re.S)
    analyst_client.post(m[1], {"history_id": m[2]})  # "Put back"
    assert Attribution.objects.get(pk=record.pk).exact == QUOTE
    assert (
        f'id="removed-attribution-{record.pk}"'
        not in analyst_client.get(f"/articles/{article.pk}/removed/").content.decode()
    )


def test_an_edit_in_the_reader_that_would_repeat_a_record_is_a_conflict(analyst, analyst_client):
    first = _mine(analyst)
    second = attribution_create(
        article=first.article,
        actor=first.actor,
        claim=first.claim,
        stance="denies",
        quote=QUOTE,
        user=analyst,
    )
    response, _ = _edit(analyst_client, second, stance="asserts")
    assert response.status_code == 409 and "recorded already" in response.content.decode()
    second.refresh_from_db()
    assert second.stance == "denies"
