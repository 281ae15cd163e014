import pytest
from django.urls import reverse

from claims.models import Actor, ActorAlias, Attribution
from tests.factories import make_actor, make_attribution

pytestmark = pytest.mark.django_db

MODELS = [
    "articles/outlet",
    "articles/article",
    "claims/actor",
    "claims/claim",
    "claims/attribution",
    "claims/evidence",
]


@pytest.mark.parametrize("model", MODELS)
def test_it_shows_each_changelist_and_change_page_to_a_curator(curator_client, seeded, model):
    response = curator_client.get(f"/admin/{model}/")
    assert response.status_code == 200
    app_label, model_name = model.split("/")
    from django.apps import apps

    obj = apps.get_model(app_label, model_name).objects.order_by("pk").first()
    response = curator_client.get(f"/admin/{model}/{obj.pk}/change/")
    assert response.status_code == 200


def test_it_searches_actors_by_alias(curator_client, seeded):
    response = curator_client.get("/admin/claims/actor/", {"q": "Sergi Lavrov"})
    assert response.status_code == 200
    assert b"Sergei Lavrov" in response.content


def test_it_shows_passage_offsets_read_only(curator_client, seeded):
    attribution = Attribution.objects.order_by("pk").first()
    response = curator_client.get(f"/admin/claims/attribution/{attribution.pk}/change/")
    assert b'name="start"' not in response.content
    assert str(attribution.start).encode() in response.content


@pytest.mark.parametrize("persona", ["viewer_client", "analyst_client"])
def test_it_keeps_other_roles_out_of_the_admin(request, persona):
    client = request.getfixturevalue(persona)
    response = client.get("/admin/claims/claim/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_it_merges_actors_from_an_admin_action(curator_client):
    keep = make_actor("Mara Lind")
    dup = make_actor("M. Lind")
    ActorAlias.objects.create(actor=dup, name="Lind")
    attribution = make_attribution(actor=dup)
    url = reverse("admin:claims_actor_changelist")
    selected = {"action": "merge_actors", "_selected_action": [keep.pk, dup.pk]}
    confirm = curator_client.post(url, selected)
    assert confirm.status_code == 200 and b"Choose the actor to keep" in confirm.content
    response = curator_client.post(url, {**selected, "apply": "1", "target": keep.pk})
    assert response.status_code == 302
    assert not Actor.objects.filter(pk=dup.pk).exists()
    attribution.refresh_from_db()
    assert attribution.actor == keep
    assert set(keep.aliases.values_list("name", flat=True)) == {"M. Lind", "Lind"}


def test_it_refuses_the_merge_action_to_a_user_without_the_merge_permission(analyst, client):
    analyst.is_staff = True
    analyst.save()
    client.force_login(analyst)
    a, b = make_actor(), make_actor()
    url = reverse("admin:claims_actor_changelist")
    client.post(
        url,
        {"action": "merge_actors", "_selected_action": [a.pk, b.pk], "apply": "1", "target": a.pk},
    )
    assert Actor.objects.filter(pk__in=[a.pk, b.pk]).count() == 2


def test_it_merges_claims_from_an_admin_action(curator_client):
    from claims.models import Claim
    from tests.factories import make_claim

    keep, dup = make_claim("The ferry hit rocks"), make_claim("The ferry struck rocks")
    attribution = make_attribution(claim=dup)
    url = reverse("admin:claims_claim_changelist")
    selected = {"action": "merge_claims", "_selected_action": [keep.pk, dup.pk]}
    confirm = curator_client.post(url, selected)
    assert confirm.status_code == 200 and b"Choose the claim to keep" in confirm.content
    response = curator_client.post(url, {**selected, "apply": "1", "target": keep.pk})
    assert response.status_code == 302
    attribution.refresh_from_db()
    assert attribution.claim == keep
    assert Claim.objects.get(pk=dup.pk).merged_into == keep
    assert curator_client.get(f"/claims/{dup.pk}/")["Location"] == f"/claims/{keep.pk}/"


def test_it_refuses_the_claim_merge_to_an_analyst(analyst, client):
    from claims.models import Claim
    from tests.factories import make_claim

    analyst.is_staff = True
    analyst.save()
    client.force_login(analyst)
    a, b = make_claim(), make_claim()
    client.post(
        reverse("admin:claims_claim_changelist"),
        {"action": "merge_claims", "_selected_action": [a.pk, b.pk], "apply": "1", "target": a.pk},
    )
    assert not Claim.objects.exclude(merged_into=None).exists()


def test_it_shows_a_claims_stances_evidence_and_relations_inline(curator_client, seeded):
    from claims.models import Claim

    claim = Claim.objects.get(statement__startswith="North Korea supplies")
    html = curator_client.get(f"/admin/claims/claim/{claim.pk}/change/").content.decode()
    assert 'id="attributions-group"' in html and 'id="evidence-group"' in html
    assert 'id="relations_from-group"' in html
    assert (
        curator_client.get("/admin/claims/claim/", {"q": "artillery"}).context["cl"].result_count
        == 1
    )


@pytest.mark.parametrize("model", ["articles/article", "claims/actor", "claims/claim"])
def test_it_shows_a_curator_what_blocks_deleting_a_record_passages_point_at_and_keeps_it(
    curator_client, model
):
    from django.apps import apps

    attribution = make_attribution()
    app_label, model_name = model.split("/")
    record = {
        "article": attribution.article,
        "actor": attribution.actor,
        "claim": attribution.claim,
    }[model_name]
    page = curator_client.get(f"/admin/{model}/{record.pk}/delete/").content.decode()
    # Django's confirmation page lists what points at it and offers no confirm button.
    assert "protected related objects" in page and "Attribution" in page
    assert 'value="yes"' not in page and "Yes, I’m sure" not in page
    curator_client.post(f"/admin/{model}/{record.pk}/delete/", {"post": "yes"})
    assert apps.get_model(app_label, model_name).objects.filter(pk=record.pk).exists()
    assert Attribution.objects.filter(pk=attribution.pk).exists()
