"""The admin writes through the services: a stale change form is refused, inline rows and
deletions follow the services' rules, and a merge that would loop is refused."""

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.urls import reverse

from articles.models import Article, ArticleRelation, Outlet
from articles.services import article_update, outlet_create, outlet_update
from articles.signals import relations_changed
from claims.models import Actor, Claim, ReviewState
from claims.services import actor_merge, claim_merge, record_update
from tests.factories import make_actor, make_article, make_attribution, make_claim

pytestmark = pytest.mark.django_db


def form_data(response) -> dict:
    """What the browser would post back from an admin change page, unchanged."""
    forms = [response.context["adminform"].form]
    for inline in response.context.get("inline_admin_formsets", []):
        forms += [inline.formset.management_form, *inline.formset.forms]
    data = {}
    for form in forms:
        for field in form:
            value = field.value()
            if value is None or value is False:
                continue
            data[field.html_name] = "on" if value is True else value
    return data


def messages_of(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def change_url(record) -> str:
    opts = record._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[record.pk])


# Each record: how to make one, the field the curator edits, and a newer change made meanwhile.
STALE_CASES = {
    "claim": (
        lambda: make_claim(),
        "notes",
        lambda c: record_update(instance=c, expected_version=c.version, changes={"notes": "N"}),
    ),
    "actor": (
        lambda: make_actor(),
        "role",
        lambda a: record_update(instance=a, expected_version=a.version, changes={"role": "N"}),
    ),
    "article": (
        lambda: make_article(),
        "byline",
        lambda a: article_update(article=a, expected_version=a.version, changes={"byline": "N"}),
    ),
    "outlet": (
        lambda: outlet_create(name="Harbour Post"),
        "domain",
        lambda o: outlet_update(
            outlet=o, changes={"domain": "n.example"}, expected_updated_at=o.updated_at
        ),
    ),
}


@pytest.mark.parametrize("kind", STALE_CASES)
def test_it_refuses_a_stale_admin_save_and_keeps_the_newer_change(curator_client, kind):
    make, field, newer_change = STALE_CASES[kind]
    record = make()
    page = curator_client.get(change_url(record))
    data = form_data(page)
    assert "loaded_version" in data
    newer = newer_change(record)
    response = curator_client.post(change_url(record), {**data, field: "the curator's stale edit"})
    assert response.status_code == 302
    [message] = messages_of(response)
    assert f"Someone else changed this {record._meta.verbose_name}" in message
    assert "Nothing was saved" in message
    if kind != "outlet":
        assert "you had version 1; it is now version 2" in message
    record.refresh_from_db()
    assert getattr(record, field) == getattr(newer, field)


@pytest.mark.parametrize("kind", STALE_CASES)
def test_it_saves_a_fresh_admin_change_through_the_service(curator, curator_client, kind):
    make, field, _ = STALE_CASES[kind]
    record = make()
    data = form_data(curator_client.get(change_url(record)))
    response = curator_client.post(change_url(record), {**data, field: "the curator's edit"})
    assert response.status_code == 302, response.context["errors"]
    record.refresh_from_db()
    assert getattr(record, field) == "the curator's edit"
    if kind != "outlet":
        assert record.version == 2
    assert record.history.first().history_user == curator


def test_it_uses_the_pages_wording_for_a_stale_save(curator_client):
    from core.versions import stale_message

    claim = make_claim()
    newer = record_update(instance=claim, expected_version=1, changes={"status": "contested"})
    assert stale_message(newer, had=1) == (
        "Someone else changed this claim while you were looking at it (you had version 1; it "
        "is now version 2). Nothing was saved; choose again."
    )
    response = curator_client.post(
        f"/claims/{claim.pk}/status/", {"status": "refuted", "version": 1}
    )
    page_message = stale_message(newer, had=1, detail="status “Contested”")
    assert page_message in response.content.decode()


def test_it_reverts_a_claim_to_an_earlier_version_against_the_stored_one(curator_client):
    claim = make_claim("The ferry hit rocks")
    record_update(instance=claim, expected_version=1, changes={"statement": "The ferry hit a reef"})
    first = claim.history.order_by("history_date").first()
    url = reverse("admin:claims_claim_simple_history", args=[claim.pk, first.history_id])
    data = form_data(curator_client.get(url))
    assert str(data["loaded_version"]) == "2"
    response = curator_client.post(url, data)
    assert response.status_code == 302
    claim.refresh_from_db()
    assert claim.statement == "The ferry hit rocks" and claim.version == 3


def test_it_adds_a_claim_and_an_actor_through_the_services(curator, curator_client):
    response = curator_client.post(
        reverse("admin:claims_claim_add"),
        {
            "statement": "  The ferry   hit rocks ",
            "status": "unverified",
            "notes": "",
            **{  # fmt: skip
                f"{p}-{k}": v
                for p in ("relations_from", "attributions", "evidence")
                for k, v in (("TOTAL_FORMS", "0"), ("INITIAL_FORMS", "0"))
            },
        },
    )
    assert response.status_code == 302, response.context["errors"]
    claim = Claim.objects.get()
    # claim_create tidies the spacing, as the pages and the API do.
    assert claim.statement == "The ferry hit rocks" and claim.created_by == curator
    # An actor known by this alias is the same actor (actor_create finds it).
    make_actor("Mara Lind").aliases.create(name="M. Lind")
    response = curator_client.post(
        reverse("admin:claims_actor_add"),
        {
            "name": "m. lind",
            "kind": "person",
            "reliability": "F",
            "aliases-TOTAL_FORMS": "0",
            "aliases-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.context["errors"]
    assert "An actor is known by this name already" in " ".join(messages_of(response))
    assert Actor.objects.count() == 1


def test_it_edits_aliases_inline_through_the_service(curator_client):
    actor = make_actor("Mara Lind")
    actor.aliases.create(name="M. Lind")
    data = form_data(curator_client.get(change_url(actor)))
    data.update({"aliases-1-name": "Mara Lind", "aliases-TOTAL_FORMS": "2"})
    data["aliases-0-name"] = "M Lind"
    response = curator_client.post(change_url(actor), data)
    assert response.status_code == 302, response.context["errors"]
    # The actor's own name is never an alias (actor_set_aliases drops it).
    assert list(actor.aliases.values_list("name", flat=True)) == ["M Lind"]


def test_it_confirms_a_suggestion_inline_with_the_reviewer_recorded(curator, curator_client):
    attribution = make_attribution(review_state=ReviewState.SUGGESTED, origin="machine")
    claim = attribution.claim
    data = form_data(curator_client.get(change_url(claim)))
    data["attributions-0-review_state"] = ReviewState.CONFIRMED
    response = curator_client.post(change_url(claim), data)
    assert response.status_code == 302, response.context["errors"]
    attribution.refresh_from_db()
    assert attribution.review_state == ReviewState.CONFIRMED
    assert attribution.reviewed_by == curator and attribution.version == 2


def test_it_refuses_a_stale_inline_row(curator_client):
    attribution = make_attribution()
    claim = attribution.claim
    data = form_data(curator_client.get(change_url(claim)))
    record_update(instance=attribution, expected_version=1, changes={"stance": "denies"})
    data["attributions-0-said_on"] = "2024-01-01"
    response = curator_client.post(change_url(claim), data)
    assert response.status_code == 302, response.context["errors"]
    assert "Someone else changed this attribution" in " ".join(messages_of(response))
    attribution.refresh_from_db()
    claim.refresh_from_db()
    assert attribution.stance == "denies" and attribution.said_on is None
    assert claim.version == 1


def test_it_regroups_statements_when_a_link_is_removed_inline(curator_client):
    original, copy = make_article(), make_article()
    relation, _ = ArticleRelation.objects.update_or_create(
        article=copy, original=original, defaults={"kind": "copy_of", "similarity": 1.0}
    )
    regrouped = []

    def receiver(sender, article_ids, **kwargs):
        regrouped.append(sorted(article_ids))

    relations_changed.connect(receiver, dispatch_uid="test-admin-writes")
    try:
        data = form_data(curator_client.get(change_url(copy)))
        data["relations-0-DELETE"] = "on"
        response = curator_client.post(change_url(copy), data)
    finally:
        relations_changed.disconnect(dispatch_uid="test-admin-writes")
    assert response.status_code == 302, response.context["errors"]
    assert not ArticleRelation.objects.filter(pk=relation.pk).exists()
    assert sorted([original.pk, copy.pk]) in regrouped


def test_it_deletes_an_outlet_and_an_actor_through_the_services(curator_client):
    outlet = outlet_create(name="Harbour Post")
    actor = make_actor()
    for record in (outlet, actor):
        opts = record._meta
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_delete", args=[record.pk])
        assert curator_client.post(url, {"post": "yes"}).status_code == 302
    assert not Outlet.objects.exists() and not Actor.objects.filter(pk=actor.pk).exists()


def test_it_deletes_an_article_and_regroups_the_family_it_was_in(curator_client):
    original, copy = make_article(), make_article()
    ArticleRelation.objects.update_or_create(
        article=copy, original=original, defaults={"kind": "copy_of", "similarity": 1.0}
    )
    regrouped = []

    def receiver(sender, article_ids, **kwargs):
        regrouped.append(sorted(article_ids))

    relations_changed.connect(receiver, dispatch_uid="test-admin-writes")
    try:
        url = reverse("admin:articles_article_delete", args=[copy.pk])
        response = curator_client.post(url, {"post": "yes"})
    finally:
        relations_changed.disconnect(dispatch_uid="test-admin-writes")
    assert response.status_code == 302
    assert not Article.objects.filter(pk=copy.pk).exists()
    assert [original.pk] in regrouped or sorted([original.pk, copy.pk]) in regrouped


# Merges that would loop or repeat.


def test_it_refuses_to_merge_a_claim_back_into_the_one_it_went_to():
    a, b = make_claim(), make_claim()
    stale_a = Claim.objects.get(pk=a.pk)
    claim_merge(source=a, target=b)
    with pytest.raises(ValidationError, match="was itself merged"):
        claim_merge(source=b, target=stale_a)
    a.refresh_from_db()
    b.refresh_from_db()
    assert a.merged_into == b and b.merged_into is None and b.version == 2


def test_it_refuses_to_merge_a_claim_already_merged_away():
    a, b, c = make_claim(), make_claim(), make_claim()
    stale_a = Claim.objects.get(pk=a.pk)
    attribution = make_attribution(claim=c)
    claim_merge(source=a, target=b)
    with pytest.raises(ValidationError, match="already merged"):
        claim_merge(source=stale_a, target=c)
    a.refresh_from_db()
    attribution.refresh_from_db()
    assert a.merged_into == b and attribution.claim == c


def test_it_refuses_to_merge_a_claim_into_itself():
    a = make_claim()
    with pytest.raises(ValidationError, match="two different claims"):
        claim_merge(source=a, target=Claim.objects.get(pk=a.pk))


def test_it_refuses_to_merge_an_actor_already_merged_away():
    a, b, c = make_actor(), make_actor(), make_actor()
    stale_a = Actor.objects.get(pk=a.pk)
    actor_merge(source=a, target=b)
    with pytest.raises(ValidationError, match="already merged"):
        actor_merge(source=stale_a, target=c)
    with pytest.raises(ValidationError, match="already merged"):
        actor_merge(source=c, target=stale_a)
    assert not c.aliases.exists()


def test_it_merges_a_claim_from_its_change_form_through_the_service(curator_client):
    a, b = make_claim(), make_claim()
    attribution = make_attribution(claim=a)
    data = form_data(curator_client.get(change_url(a)))
    response = curator_client.post(change_url(a), {**data, "merged_into": b.pk})
    assert response.status_code == 302, response.context["errors"]
    attribution.refresh_from_db()
    assert attribution.claim == b
    assert Claim.objects.get(pk=a.pk).merged_into == b


def test_it_tells_a_curator_in_the_admin_that_a_merge_would_loop(curator_client):
    a, b = make_claim(), make_claim()
    b_page = form_data(curator_client.get(change_url(b)))
    changelist = reverse("admin:claims_claim_changelist")
    curator_client.post(
        changelist,
        {"action": "merge_claims", "_selected_action": [a.pk, b.pk], "apply": "1", "target": b.pk},
    )
    assert Claim.objects.get(pk=a.pk).merged_into_id == b.pk
    b_page["loaded_version"] = str(Claim.objects.get(pk=b.pk).version)
    response = curator_client.post(change_url(b), {**b_page, "merged_into": a.pk})
    assert response.status_code == 302
    assert any("was itself merged" in m for m in messages_of(response))
    b = Claim.objects.get(pk=b.pk)
    assert b.merged_into is None and b.version == 2
    # Both pages do not redirect to each other: b's page shows b.
    assert curator_client.get(f"/claims/{b.pk}/").status_code == 200


def test_delete_selected_on_copy_links_splits_the_statements_they_joined(curator_client):
    from claims.statements import statements_regroup

    original, copy = make_article(), make_article()
    relation, _ = ArticleRelation.objects.update_or_create(
        article=copy, original=original, defaults={"kind": "copy_of", "similarity": 1.0}
    )
    actor, claim = make_actor(), make_claim()
    # undated, so only the copy link makes them one statement
    first = make_attribution(article=original, actor=actor, claim=claim, said_on=None)
    second = make_attribution(article=copy, actor=actor, claim=claim, said_on=None)
    statements_regroup([original.pk, copy.pk])
    first.refresh_from_db(), second.refresh_from_db()
    assert first.statement_id is not None and first.statement_id == second.statement_id
    response = curator_client.post(
        reverse("admin:articles_articlerelation_changelist"),
        {"action": "delete_selected", "_selected_action": [relation.pk], "post": "yes"},
    )
    assert response.status_code == 302
    assert not ArticleRelation.objects.filter(pk=relation.pk).exists()
    first.refresh_from_db(), second.refresh_from_db()
    assert first.statement_id != second.statement_id
