import pytest
from django.contrib.auth.models import Group

from core.roles import role_of

pytestmark = pytest.mark.django_db


def test_it_sends_anonymous_visitors_to_the_login_page(client):
    for url in ["/", "/admin/"]:
        response = client.get(url)
        assert response.status_code == 302
        assert "login" in response["Location"]


def test_it_shows_the_login_page_to_anonymous_visitors(client):
    response = client.get("/accounts/login/")
    assert response.status_code == 200
    assert b'name="password"' in response.content


def test_it_logs_in_with_a_password_and_out_again(client, analyst):
    from tests.conftest import PASSWORD

    response = client.post("/accounts/login/", {"username": analyst.username, "password": PASSWORD})
    assert response.status_code == 302
    assert client.get("/").status_code == 200
    client.post("/accounts/logout/")
    assert client.get("/").status_code == 302


def test_it_creates_the_three_roles_with_growing_permissions():
    perms = {
        g.name: {
            f"{p.content_type.app_label}.{p.codename}"
            for p in g.permissions.select_related("content_type")
        }
        for g in Group.objects.all()
    }
    assert perms["viewer"] < perms["analyst"] < perms["curator"]
    assert not any(
        p.split(".")[1].startswith(("add_", "change_", "delete_")) for p in perms["viewer"]
    )
    assert {"claims.add_attribution", "claims.review_attribution", "articles.add_article"} <= perms[
        "analyst"
    ]
    assert (
        not {"claims.set_claim_status", "claims.merge_actor", "claims.delete_claim"}
        & perms["analyst"]
    )
    assert {
        "claims.set_claim_status",
        "claims.merge_actor",
        "claims.delete_claim",
        "claims.grade_actor",
    } <= perms["curator"]


def test_it_tells_each_persona_its_role(viewer, analyst, curator, outsider):
    assert [role_of(u) for u in (viewer, analyst, curator, outsider)] == [
        "viewer",
        "analyst",
        "curator",
        None,
    ]


def test_it_lets_a_viewer_read_but_not_write(viewer):
    assert viewer.has_perm("claims.view_claim")
    assert not viewer.has_perm("claims.add_attribution")
    assert not viewer.has_perm("articles.add_article")
