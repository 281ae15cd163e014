"""Webhooks in the admin: curators see everyone's, and change only their own."""

import pytest

from hooks.models import Delivery, Webhook
from hooks.services import webhook_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def hooks_of(settings):
    settings.WEBHOOKS_ALLOW_PRIVATE = True

    def make(owner, path="hook"):
        return webhook_create(
            owner=owner, url=f"http://127.0.0.1:9/{path}", event_types=["article.imported"]
        )

    return make


def test_curators_see_every_webhook_and_its_deliveries(curator_client, analyst, hooks_of):
    theirs = hooks_of(analyst, "theirs")
    Delivery.objects.create(webhook=theirs, event_type="article.imported", payload={"id": 1})
    listing = curator_client.get("/admin/hooks/webhook/")
    assert listing.status_code == 200
    assert b"http://127.0.0.1:9/theirs" in listing.content
    assert curator_client.get(f"/admin/hooks/webhook/{theirs.pk}/change/").status_code == 200
    assert curator_client.get("/admin/hooks/delivery/").status_code == 200
    # The secret is never shown in a read.
    page = curator_client.get(f"/admin/hooks/webhook/{theirs.pk}/change/").content.decode()
    assert theirs.secret not in page


def test_a_curator_changes_only_their_own_webhooks(curator_client, curator, analyst, hooks_of):
    theirs, own = hooks_of(analyst, "theirs"), hooks_of(curator, "own")
    form = {
        "url": "http://127.0.0.1:9/changed",
        "description": "",
        "event_types": ["evidence.created"],
        "active": "on",
    }
    refused = curator_client.post(
        f"/admin/hooks/webhook/{theirs.pk}/change/",
        {**form, "loaded_version": theirs.updated_at.isoformat()},
    )
    assert refused.status_code == 403
    assert (
        curator_client.post(
            f"/admin/hooks/webhook/{theirs.pk}/delete/", {"post": "yes"}
        ).status_code
        == 403
    )
    theirs.refresh_from_db()
    assert theirs.url == "http://127.0.0.1:9/theirs"

    saved = curator_client.post(
        f"/admin/hooks/webhook/{own.pk}/change/",
        {**form, "loaded_version": own.updated_at.isoformat()},
    )
    assert saved.status_code == 302
    own.refresh_from_db()
    assert (own.url, own.event_types) == ("http://127.0.0.1:9/changed", ["evidence.created"])

    # An address the rule refuses comes back as a message; nothing is saved.
    curator_client.post(
        f"/admin/hooks/webhook/{own.pk}/change/",
        {
            **form,
            "url": "http://no-such-host.invalid/",
            "loaded_version": own.updated_at.isoformat(),
        },
    )
    own.refresh_from_db()
    assert own.url == "http://127.0.0.1:9/changed"


def test_webhooks_are_not_added_in_the_admin(curator_client):
    # The API's answer to a create is the one place a secret shows.
    assert curator_client.get("/admin/hooks/webhook/add/").status_code == 403
    assert (
        curator_client.post(
            "/admin/hooks/webhook/add/",
            {"url": "https://example.org/new", "event_types": ["article.imported"], "active": "on"},
        ).status_code
        == 403
    )
    assert not Webhook.objects.exists()


def test_analysts_and_viewers_have_no_admin(analyst_client, viewer_client):
    for client in (analyst_client, viewer_client):
        assert client.get("/admin/hooks/webhook/").status_code == 302


def test_a_stale_admin_save_is_refused_and_changes_nothing(curator_client, curator, hooks_of):
    own = hooks_of(curator, "own")
    loaded = own.updated_at.isoformat()
    from hooks.services import webhook_update

    webhook_update(webhook=own, changes={"description": "changed meanwhile"}, user=curator)
    response = curator_client.post(
        f"/admin/hooks/webhook/{own.pk}/change/",
        {
            "url": "http://127.0.0.1:9/mine",
            "event_types": ["article.imported"],
            "active": "on",
            "loaded_version": loaded,
        },
        follow=True,
    )
    assert "saved again at" in response.content.decode()
    own.refresh_from_db()
    assert (own.url, own.description) == ("http://127.0.0.1:9/own", "changed meanwhile")
