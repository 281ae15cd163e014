"""/api/v1/webhooks/: each user's own subscriptions, their delivery log, a test ping and a
redelivery, with bad input refused whole and others' webhooks out of sight."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from hooks.models import Delivery, DeliveryStatus, Webhook
from hooks.services import webhook_create
from tests.hooks.receiver import Receiver

pytestmark = pytest.mark.django_db

URL = "/api/v1/webhooks/"


@pytest.fixture
def private_allowed(settings):
    settings.WEBHOOKS_ALLOW_PRIVATE = True
    settings.WEBHOOK_TIMEOUT = 2


@pytest.fixture
def receiver():
    receiver = Receiver()
    yield receiver
    receiver.close()


def _create(api, url="http://127.0.0.1:9/hook", types=("attribution.confirmed",), **extra):
    return api.post(URL, {"url": url, "event_types": list(types), **extra}, format="json")


def test_any_role_subscribes_and_sees_the_secret_once(viewer_api, viewer, private_allowed):
    response = _create(viewer_api, description="Newsroom bot")
    assert response.status_code == 201, response.json()
    created = response.json()
    assert created["secret"].startswith("whsec_")
    assert created["event_types"] == ["attribution.confirmed"]
    assert created["active"] is True
    webhook = Webhook.objects.get()
    assert (webhook.owner, webhook.secret) == (viewer, created["secret"])

    read = viewer_api.get(f"{URL}{webhook.pk}/").json()
    assert "secret" not in read
    assert read["deliveries"] == f"/api/v1/webhooks/{webhook.pk}/deliveries/"
    assert "secret" not in viewer_api.get(URL).json()["results"][0]

    # A new secret on request, shown in that answer only.
    renewed = viewer_api.patch(f"{URL}{webhook.pk}/", {"secret": ""}, format="json").json()
    assert renewed["secret"].startswith("whsec_") and renewed["secret"] != created["secret"]
    webhook.refresh_from_db()
    assert webhook.secret == renewed["secret"]
    unchanged = viewer_api.patch(f"{URL}{webhook.pk}/", {"description": "x"}, format="json")
    assert "secret" not in unchanged.json()


def test_a_given_secret_is_kept(analyst_api, private_allowed):
    response = _create(analyst_api, secret="a-secret-of-my-own-choosing")
    assert response.json()["secret"] == "a-secret-of-my-own-choosing"


def test_anonymous_and_roleless_users_are_refused(api, outsider_api, private_allowed):
    assert api.get(URL).status_code == 401
    assert outsider_api.get(URL).status_code == 403
    assert _create(outsider_api).status_code == 403
    assert not Webhook.objects.exists()


def test_anothers_webhooks_are_not_found(
    analyst_api, curator_api, analyst, curator, private_allowed
):
    theirs = webhook_create(
        owner=analyst, url="http://127.0.0.1:9/hook", event_types=["article.imported"]
    )
    Delivery.objects.create(webhook=theirs, event_type="article.imported", payload={})
    # Curators included: webhooks hold their owner's secret; curators see them in the admin.
    for path in ["", "deliveries/"]:
        assert curator_api.get(f"{URL}{theirs.pk}/{path}").status_code == 404
    assert curator_api.get(URL).json()["results"] == []
    assert (
        curator_api.patch(f"{URL}{theirs.pk}/", {"active": False}, format="json").status_code == 404
    )
    assert curator_api.post(f"{URL}{theirs.pk}/test/").status_code == 404
    delivery = Delivery.objects.get()
    redeliver = f"{URL}{theirs.pk}/deliveries/{delivery.delivery_id}/redeliver/"
    assert curator_api.post(redeliver).status_code == 404
    assert curator_api.delete(f"{URL}{theirs.pk}/").status_code == 404
    theirs.refresh_from_db()
    assert theirs.active and Delivery.objects.filter(pk=delivery.pk, status="pending").exists()
    assert analyst_api.get(f"{URL}{theirs.pk}/").status_code == 200


@pytest.mark.parametrize(
    ("body", "errors"),
    [
        (
            {"url": "ftp://example.org/", "event_types": ["article.imported"]},
            {"url": ["Give an address starting with http:// or https://."]},
        ),
        (
            {"url": "http://127.0.0.1:9/hook", "event_types": ["article.imported"]},
            {
                "url": [
                    "The address of “127.0.0.1” (127.0.0.1) is a local or private network "
                    "address; webhooks are sent to public addresses only."
                ]
            },
        ),
        (
            {"url": "http://8.8.8.8/hook", "event_types": ["claim.deleted"]},
            {"event_types": {"0": ['"claim.deleted" is not a valid choice.']}},
        ),
        (
            {"url": "http://8.8.8.8/hook", "event_types": []},
            {"event_types": ["This list may not be empty."]},
        ),
        ({"url": "http://8.8.8.8/hook"}, {"event_types": ["This field is required."]}),
    ],
)
def test_bad_input_is_refused_with_a_clear_message_and_nothing_saved(analyst_api, body, errors):
    response = analyst_api.post(URL, body, format="json")
    assert response.status_code == 400
    assert response.json() == errors
    assert not Webhook.objects.exists()


def test_a_bad_change_leaves_the_webhook_as_it_was(analyst_api, analyst, private_allowed):
    webhook = webhook_create(
        owner=analyst, url="http://127.0.0.1:9/hook", event_types=["article.imported"]
    )
    response = analyst_api.patch(
        f"{URL}{webhook.pk}/",
        {"url": "http://nowhere.invalid/", "event_types": ["evidence.created"]},
        format="json",
    )
    assert response.status_code == 400
    assert "could not be found" in response.json()["url"][0]
    webhook.refresh_from_db()
    assert (webhook.url, webhook.event_types) == ("http://127.0.0.1:9/hook", ["article.imported"])


def test_it_lists_the_event_types(viewer_api):
    response = viewer_api.get(f"{URL}events/")
    assert response.status_code == 200
    types = [row["type"] for row in response.json()]
    assert types == [
        "article.imported",
        "attribution.confirmed",
        "evidence.created",
        "claim.status_changed",
    ]
    assert all(row["description"] for row in response.json())


def test_a_test_ping_reaches_the_receiver_signed_with_the_secret(
    analyst_api, receiver, private_allowed, django_capture_on_commit_callbacks
):
    created = _create(analyst_api, url=receiver.url).json()
    receiver.secret = created["secret"]
    with django_capture_on_commit_callbacks(execute=True):
        response = analyst_api.post(f"{URL}{created['id']}/test/")
    assert response.status_code == 202
    assert response.json()["event_type"] == "ping"
    [request] = receiver.received
    assert request.verified
    assert request.headers["Tracker-Event"] == "ping"
    assert request.json["data"]["webhook"]["id"] == created["id"]
    log = analyst_api.get(f"{URL}{created['id']}/deliveries/").json()["results"]
    assert [(d["event_type"], d["status"], d["response_code"], d["attempts"]) for d in log] == [
        ("ping", "succeeded", 200, 1)
    ]
    assert log[0]["id"] == request.headers["Tracker-Delivery"]


def test_a_failed_delivery_is_redelivered_with_the_same_id(
    analyst_api, analyst, receiver, private_allowed, django_capture_on_commit_callbacks
):
    receiver.answers = [500, 200]
    created = _create(analyst_api, url=receiver.url).json()
    receiver.secret = created["secret"]
    with django_capture_on_commit_callbacks(execute=True):
        analyst_api.post(f"{URL}{created['id']}/test/")
    delivery = Delivery.objects.get()
    assert delivery.status == DeliveryStatus.FAILED
    path = f"{URL}{created['id']}/deliveries/{delivery.delivery_id}/redeliver/"
    with django_capture_on_commit_callbacks(execute=True):
        response = analyst_api.post(path)
    assert response.status_code == 202
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == ("succeeded", 1)
    assert [r.headers["Tracker-Delivery"] for r in receiver.received] == [
        str(delivery.delivery_id)
    ] * 2
    # A delivery that succeeded is not sent again.
    again = analyst_api.post(path)
    assert again.status_code == 400
    assert again.json() == {
        "non_field_errors": [
            "Only a failed or given-up delivery can be sent again; this one was delivered."
        ]
    }
    missing = f"{URL}{created['id']}/deliveries/00000000-0000-0000-0000-000000000000/redeliver/"
    assert analyst_api.post(missing).status_code == 404


def test_a_disabled_webhook_is_turned_on_again_by_its_owner(analyst_api, analyst, private_allowed):
    webhook = webhook_create(
        owner=analyst, url="http://127.0.0.1:9/hook", event_types=["article.imported"]
    )
    Webhook.objects.filter(pk=webhook.pk).update(
        active=False, consecutive_failures=20, disabled_reason="Disabled after 20 failed …"
    )
    shown = analyst_api.get(f"{URL}{webhook.pk}/").json()
    assert (shown["active"], shown["consecutive_failures"]) == (False, 20)
    assert shown["disabled_reason"].startswith("Disabled after 20")
    assert analyst_api.post(f"{URL}{webhook.pk}/test/").status_code == 400
    response = analyst_api.patch(f"{URL}{webhook.pk}/", {"active": True}, format="json")
    assert response.status_code == 200
    assert (response.json()["active"], response.json()["consecutive_failures"]) == (True, 0)
    assert response.json()["disabled_reason"] == ""


def test_the_owner_deletes_a_webhook_and_its_log(analyst_api, analyst, private_allowed):
    webhook = webhook_create(
        owner=analyst, url="http://127.0.0.1:9/hook", event_types=["article.imported"]
    )
    Delivery.objects.create(webhook=webhook, event_type="article.imported", payload={})
    assert analyst_api.delete(f"{URL}{webhook.pk}/").status_code == 204
    assert not Webhook.objects.exists() and not Delivery.objects.exists()


def _queries(api, path) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert api.get(path).status_code == 200
    return len(queries)


def test_the_list_and_the_log_take_a_fixed_number_of_queries(analyst_api, analyst, private_allowed):
    webhook = webhook_create(
        owner=analyst, url="http://127.0.0.1:9/hook", event_types=["article.imported"]
    )
    Delivery.objects.create(webhook=webhook, event_type="article.imported", payload={"id": 1})
    # The token and its user, the user's groups (the role), the page.
    assert _queries(analyst_api, URL) == 3
    # The token and its user, the groups, the webhook, the page.
    assert _queries(analyst_api, f"{URL}{webhook.pk}/deliveries/") == 4
    for n in range(30):
        webhook_create(
            owner=analyst, url=f"http://127.0.0.1:9/{n}", event_types=["article.imported"]
        )
    Delivery.objects.bulk_create(
        Delivery(webhook=webhook, event_type="article.imported", payload={"id": n})
        for n in range(60)
    )
    assert _queries(analyst_api, URL) == 3
    assert _queries(analyst_api, f"{URL}{webhook.pk}/deliveries/") == 4
    page = analyst_api.get(f"{URL}{webhook.pk}/deliveries/?page_size=20").json()
    assert len(page["results"]) == 20 and page["next"]
    assert len(analyst_api.get(page["next"]).json()["results"]) == 20
