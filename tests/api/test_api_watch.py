"""The API's watches, saved searches and inbox: each user's own only, for any role."""

import pytest

from tests.factories import make_actor, make_claim
from watch.models import InboxEntry, SavedSearch, Watch
from watch.services import saved_search_create, watch_add

pytestmark = pytest.mark.django_db


def _entry(user, n):
    return InboxEntry.objects.create(
        user=user,
        kind="claim",
        event="claim.status_changed",
        key=f"k{n}",
        text=f"Entry {n}",
        link="/",
    )


def test_a_viewer_watches_a_claim_and_an_actor(viewer_api, viewer):
    claim, actor = make_claim("The ferry hit rocks"), make_actor("Mara Lind")
    response = viewer_api.post("/api/v1/watches/", {"claim": claim.pk}, format="json")
    assert response.status_code == 201
    assert response.json()["claim"] == claim.pk and response.json()["name"] == "The ferry hit rocks"
    again = viewer_api.post("/api/v1/watches/", {"claim": claim.pk}, format="json")
    assert again.json()["id"] == response.json()["id"]
    assert (
        viewer_api.post("/api/v1/watches/", {"actor": actor.pk}, format="json").status_code == 201
    )
    listed = viewer_api.get("/api/v1/watches/").json()["results"]
    assert {w["name"] for w in listed} == {"The ferry hit rocks", "Mara Lind"}
    assert Watch.objects.filter(user=viewer).count() == 2


@pytest.mark.parametrize(
    "body",
    [{}, {"claim": 1, "actor": 1}, {"claim": 999999}, {"claim": "x"}, {"actor": None}],
)
def test_it_refuses_a_watch_of_nothing_or_of_two(viewer_api, body):
    make_claim(), make_actor()
    response = viewer_api.post("/api/v1/watches/", body, format="json")
    assert response.status_code == 400
    assert not Watch.objects.exists()


def test_others_watches_searches_and_entries_are_not_found(viewer_api, analyst):
    watch = watch_add(user=analyst, claim=make_claim())
    saved = saved_search_create(user=analyst, name="Theirs", kind="claims", query="q=x")
    entry = _entry(analyst, 1)
    assert viewer_api.get("/api/v1/watches/").json()["results"] == []
    assert viewer_api.get(f"/api/v1/watches/{watch.pk}/").status_code == 404
    assert viewer_api.delete(f"/api/v1/watches/{watch.pk}/").status_code == 404
    assert viewer_api.delete(f"/api/v1/saved-searches/{saved.pk}/").status_code == 404
    assert viewer_api.get(f"/api/v1/inbox/{entry.pk}/").status_code == 404
    assert viewer_api.post(f"/api/v1/inbox/{entry.pk}/read/").status_code == 404
    assert viewer_api.post("/api/v1/inbox/read-all/").json() == {"marked": 0}
    entry.refresh_from_db()
    assert entry.read_at is None
    assert Watch.objects.count() == 1 and SavedSearch.objects.count() == 1


def test_it_saves_a_search_checked_by_the_lists_filters(viewer_api, viewer):
    response = viewer_api.post(
        "/api/v1/saved-searches/",
        {"name": "Contested", "kind": "claims", "query": "status=contested&cursor=abc"},
        format="json",
    )
    assert response.status_code == 201
    assert response.json()["query"] == "status=contested"
    assert response.json()["url"] == "/claims/?status=contested"
    bad = viewer_api.post(
        "/api/v1/saved-searches/",
        {"name": "Bad", "kind": "claims", "query": "status=sunk"},
        format="json",
    )
    assert bad.status_code == 400 and "status" in bad.json()["query"][0]
    twice = viewer_api.post(
        "/api/v1/saved-searches/", {"name": "Contested", "kind": "articles"}, format="json"
    )
    assert twice.status_code == 400 and "already have" in twice.json()["name"][0]
    assert SavedSearch.objects.filter(user=viewer).count() == 1
    saved = SavedSearch.objects.get()
    assert viewer_api.delete(f"/api/v1/saved-searches/{saved.pk}/").status_code == 204
    assert not SavedSearch.objects.exists()


def test_the_inbox_lists_marks_read_and_filters_unread(viewer_api, viewer):
    first, second = _entry(viewer, 1), _entry(viewer, 2)
    listed = viewer_api.get("/api/v1/inbox/").json()["results"]
    assert [e["id"] for e in listed] == [second.pk, first.pk]
    assert listed[0]["unread"] is True and listed[0]["text"] == "Entry 2"
    marked = viewer_api.post(f"/api/v1/inbox/{first.pk}/read/")
    assert marked.status_code == 200 and marked.json()["unread"] is False
    unread = viewer_api.get("/api/v1/inbox/?unread=true").json()["results"]
    assert [e["id"] for e in unread] == [second.pk]
    assert viewer_api.post("/api/v1/inbox/read-all/").json() == {"marked": 1}
    assert viewer_api.get("/api/v1/inbox/?unread=true").json()["results"] == []


def test_a_user_without_a_role_is_refused(outsider):
    from rest_framework.test import APIClient

    client = APIClient()
    client.force_authenticate(outsider)
    assert client.get("/api/v1/inbox/").status_code == 403
    assert (
        client.post("/api/v1/watches/", {"claim": make_claim().pk}, format="json").status_code
        == 403
    )
    assert not Watch.objects.exists()


def test_the_inbox_lists_in_a_fixed_number_of_queries(
    viewer_api, viewer, django_assert_num_queries
):
    # 1 token and user, 2 permissions (user), 3 permissions (groups), 4 the page
    for n in range(3):
        _entry(viewer, n)
    with django_assert_num_queries(4):
        assert viewer_api.get("/api/v1/inbox/").status_code == 200
    for n in range(3, 40):
        _entry(viewer, n)
    with django_assert_num_queries(4):
        assert viewer_api.get("/api/v1/inbox/").status_code == 200
    for _ in range(6):
        watch_add(user=viewer, claim=make_claim())
    with django_assert_num_queries(4):
        assert viewer_api.get("/api/v1/watches/").status_code == 200


def test_the_schema_describes_the_endpoints(viewer_api):
    schema = viewer_api.get("/api/schema/?format=json").json()
    paths = schema["paths"]
    assert {"/api/v1/watches/", "/api/v1/saved-searches/", "/api/v1/inbox/"} <= set(paths)
    assert "post" in paths["/api/v1/inbox/{id}/read/"]
    assert "post" in paths["/api/v1/inbox/read-all/"]
    params = {p["name"] for p in paths["/api/v1/inbox/"]["get"]["parameters"]}
    assert "unread" in params
    kinds = schema["components"]["schemas"]["SavedSearch"]["properties"]["kind"]
    assert kinds
