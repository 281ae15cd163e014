"""Webhooks out, against real receivers on 127.0.0.1 (tests/hooks/receiver.py): what is sent,
signed how, retried when, cut off when, disabled after what; and which addresses are refused."""

import datetime
import time

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.fetch import FetchError, _public_address
from claims.services import attribution_create, evidence_create
from core.events import Event
from hooks import sending
from hooks.models import Delivery, DeliveryStatus, Webhook
from hooks.services import (
    deliveries_for_events,
    deliveries_queue_due,
    webhook_create,
    webhook_update,
)
from tests.factories import make_actor, make_article, make_claim

pytestmark = pytest.mark.django_db

SECRET = "whsec_test-secret-of-the-receiver"


def _subscribe(owner, receiver, *types, secret=SECRET):
    receiver.secret = secret
    return webhook_create(owner=owner, url=receiver.url, event_types=list(types), secret=secret)


def _confirm_attribution(user, article=None, actor_name=None):
    return attribution_create(
        article=article or make_article(),
        actor=make_actor(actor_name),
        claim=make_claim(),
        stance="denies",
        quote="The operator denied that the crew had ignored storm warnings.",
        user=user,
    )


def _time_passes(webhook):
    """As if the back-off had run out: every retry of the webhook due now."""
    past = timezone.now() - datetime.timedelta(seconds=1)
    Delivery.objects.filter(webhook=webhook).update(next_attempt_at=past)
    Webhook.objects.filter(pk=webhook.pk).update(paused_until=past)


def test_a_confirmed_attribution_is_delivered_signed_to_its_subscriber_and_no_other(
    analyst, receivers, private_allowed, django_capture_on_commit_callbacks
):
    article = make_article()
    wanted, other = receivers(), receivers()
    webhook = _subscribe(analyst, wanted, "attribution.confirmed")
    _subscribe(analyst, other, "evidence.created", "claim.status_changed")

    with django_capture_on_commit_callbacks(execute=True):
        attribution = _confirm_attribution(analyst, article, "Mara Lind")

    assert other.received == []
    [request] = wanted.received
    assert request.verified
    assert request.path == "/hook"
    headers = request.headers
    delivery = Delivery.objects.get()
    assert headers["Content-Type"] == "application/json"
    assert headers["Tracker-Event"] == "attribution.confirmed"
    assert headers["Tracker-Delivery"] == str(delivery.delivery_id)
    assert headers["Tracker-Signature"].startswith(f"t={headers['Tracker-Timestamp']},v1=")
    body = request.json
    assert body["id"] == str(delivery.delivery_id)
    assert body["type"] == "attribution.confirmed"
    assert datetime.datetime.fromisoformat(body["created_at"])
    data = body["data"]["attribution"]
    assert data["id"] == attribution.pk
    assert data["stance"] == "denies"
    assert data["actor"]["name"] == "Mara Lind"
    assert data["passage"]["link"] == f"/articles/{article.pk}/#attribution-{attribution.pk}"
    assert data["confirmed_by"] == analyst.username
    assert (delivery.webhook, delivery.status, delivery.attempts) == (
        webhook,
        DeliveryStatus.SUCCEEDED,
        1,
    )
    assert delivery.response_code == 200
    assert delivery.delivered_at is not None and delivery.lease_until is None
    # The answer's body is kept only as an excerpt, its control characters escaped.
    assert delivery.response_excerpt == "answer 200 <b>\\x1b[31m"

    # A signature made with another secret, or over other bytes, does not verify.
    verify = wanted.verify
    assert not verify("whsec_another-secret-entirely", headers, request.body)
    assert not verify(SECRET, headers, request.body.replace(b"denies", b"asserts"))
    stale = {**headers, "Tracker-Signature": headers["Tracker-Signature"].replace("t=", "t=1")}
    assert not verify(SECRET, stale, request.body)


def test_each_event_type_reaches_its_subscribers(
    analyst, curator, receivers, private_allowed, django_capture_on_commit_callbacks
):
    receiver = receivers()
    _subscribe(analyst, receiver, "article.imported", "evidence.created", "claim.status_changed")
    claim = make_claim("The ferry hit rocks")
    with django_capture_on_commit_callbacks(execute=True):
        article = make_article(outlet="Harbour Gazette")
    with django_capture_on_commit_callbacks(execute=True):
        evidence_create(article=article, claim=claim, relation="supports", whole_article=True)
    from claims.services import claim_update

    with django_capture_on_commit_callbacks(execute=True):
        claim_update(
            claim=claim,
            expected_version=claim.version,
            changes={"status": "contested"},
            user=curator,
        )
    assert [r.headers["Tracker-Event"] for r in receiver.received] == [
        "article.imported",
        "evidence.created",
        "claim.status_changed",
    ]
    assert all(r.verified for r in receiver.received)
    bodies = [r.json["data"] for r in receiver.received]
    assert bodies[0]["article"]["outlet"] == "Harbour Gazette"
    assert bodies[1]["evidence"]["passage"] is None
    assert bodies[2]["claim"]["status"] == "contested"
    assert bodies[2]["changed_by"] == curator.username


def test_a_failing_receiver_is_retried_with_back_off_and_then_succeeds(
    analyst, receivers, private_allowed, django_capture_on_commit_callbacks
):
    receiver = receivers(answers=[500, 503, 200])
    webhook = _subscribe(analyst, receiver, "attribution.confirmed")
    with django_capture_on_commit_callbacks(execute=True):
        _confirm_attribution(analyst)

    delivery = Delivery.objects.get()
    assert (delivery.status, delivery.attempts, delivery.response_code) == ("failed", 1, 500)
    assert delivery.last_error == "Answered 500 Internal Server Error."
    wait = (delivery.next_attempt_at - timezone.now()).total_seconds()
    assert 30 * 0.8 - 2 < wait <= 30 * 1.2  # the first back-off, jittered
    webhook.refresh_from_db()
    assert webhook.consecutive_failures == 1 and webhook.paused_until > timezone.now()

    # Not due yet: the periodic job leaves it.
    assert deliveries_queue_due() == []
    assert len(receiver.received) == 1

    _time_passes(webhook)
    assert deliveries_queue_due() == [str(delivery.delivery_id)]
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.response_code) == ("failed", 2, 503)
    wait = (delivery.next_attempt_at - timezone.now()).total_seconds()
    assert 60 * 0.8 - 2 < wait <= 60 * 1.2  # doubled

    _time_passes(webhook)
    deliveries_queue_due()
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.response_code) == ("succeeded", 3, 200)
    assert delivery.last_error == ""
    webhook.refresh_from_db()
    assert (webhook.consecutive_failures, webhook.paused_until) == (0, None)
    # Every attempt carried the same delivery id, each signed afresh.
    assert {r.headers["Tracker-Delivery"] for r in receiver.received} == {str(delivery.delivery_id)}
    assert len(receiver.received) == 3 and all(r.verified for r in receiver.received)


def test_a_receiver_that_never_answers_is_cut_off_at_the_deadline_and_holds_up_no_other(
    analyst, receivers, private_allowed, settings, django_capture_on_commit_callbacks
):
    settings.WEBHOOK_TIMEOUT = 1
    healthy = receivers()
    dead = receivers(answers=["hang"])
    _subscribe(analyst, healthy, "article.imported")
    silent = _subscribe(analyst, dead, "article.imported")

    started = time.monotonic()
    with django_capture_on_commit_callbacks(execute=True):
        # Three articles in one transaction: three deliveries to each webhook.
        from articles.services import article_bulk_import

        article_bulk_import(
            items=[{"text": f"Report {n}: the ferry sank after hitting rocks."} for n in range(3)],
            suggest=False,
        )
    took = time.monotonic() - started

    # One attempt reached the dead receiver and ended at the deadline; its other deliveries
    # waited behind its failure instead of costing a deadline each.
    assert len(dead.received) == 1
    assert took < 1 + 1.5
    failed = Delivery.objects.get(webhook=silent, attempts=1)
    assert failed.status == "failed"
    assert failed.last_error == "No complete answer within 1 second; the attempt was ended."
    assert 900 <= failed.duration_ms < 2000
    waiting = Delivery.objects.filter(webhook=silent, attempts=0)
    assert waiting.count() == 2
    assert all(d.next_attempt_at > timezone.now() for d in waiting)
    # The healthy receiver had all three.
    assert len(healthy.received) == 3
    assert set(Delivery.objects.exclude(webhook=silent).values_list("status", flat=True)) == {
        "succeeded"
    }

    # Once the dead receiver answers again, the first success sends what waited.
    dead.answers = ["hang", 200]
    dead.release()
    _time_passes(silent)
    deliveries_queue_due()  # the probe: answered, so the rest are due at once
    deliveries_queue_due()
    assert set(Delivery.objects.filter(webhook=silent).values_list("status", flat=True)) == {
        "succeeded"
    }
    assert len(dead.received) == 4


def test_a_receiver_trickling_its_answer_is_cut_off_at_the_deadline(
    analyst, settings, private_allowed, django_capture_on_commit_callbacks
):
    """A server sending its status line a byte at a time: each byte would restart a socket
    timeout, but the attempt's one deadline ends it."""
    import socket
    import threading

    settings.WEBHOOK_TIMEOUT = 1
    listener = socket.create_server(("127.0.0.1", 0))
    stop = threading.Event()

    def trickle():
        conn, _ = listener.accept()
        conn.recv(65536)
        for byte in b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok":
            if stop.wait(0.2):
                break
            try:
                conn.sendall(bytes([byte]))
            except OSError:
                break
        conn.close()

    thread = threading.Thread(target=trickle, daemon=True)
    thread.start()
    try:
        webhook_create(
            owner=analyst,
            url=f"http://127.0.0.1:{listener.getsockname()[1]}/",
            event_types=["attribution.confirmed"],
        )
        started = time.monotonic()
        with django_capture_on_commit_callbacks(execute=True):
            _confirm_attribution(analyst)
        assert time.monotonic() - started < 2.5
    finally:
        stop.set()
        listener.close()
    delivery = Delivery.objects.get()
    assert delivery.status == "failed"
    assert "No complete answer within 1 second" in delivery.last_error


def test_repeated_failures_disable_the_webhook_until_its_owner_turns_it_on(
    analyst, receivers, private_allowed, settings, django_capture_on_commit_callbacks
):
    settings.WEBHOOK_DISABLE_AFTER = 3
    receiver = receivers(answers=[500])
    webhook = _subscribe(analyst, receiver, "attribution.confirmed")
    with django_capture_on_commit_callbacks(execute=True):
        _confirm_attribution(analyst)
    for _ in range(2):
        _time_passes(webhook)
        deliveries_queue_due()
    webhook.refresh_from_db()
    assert not webhook.active
    assert webhook.disabled_at is not None
    assert webhook.disabled_reason == (
        "Disabled after 3 failed deliveries in a row; the last: Answered 500 Internal Server Error."
    )
    delivery = Delivery.objects.get()
    assert (delivery.status, delivery.attempts) == ("given_up", 3)
    assert len(receiver.received) == 3

    # Disabled: new events owe it nothing, and nothing more is sent.
    with django_capture_on_commit_callbacks(execute=True):
        _confirm_attribution(analyst)
    assert Delivery.objects.count() == 1
    _time_passes(webhook)
    assert deliveries_queue_due() == []

    # Its owner turns it on again: failures forgotten, events delivered.
    receiver.answers = [200]
    webhook = webhook_update(webhook=webhook, changes={"active": True}, user=analyst)
    assert (webhook.consecutive_failures, webhook.disabled_at, webhook.disabled_reason) == (
        0,
        None,
        "",
    )
    with django_capture_on_commit_callbacks(execute=True):
        _confirm_attribution(analyst)
    assert Delivery.objects.filter(status="succeeded").count() == 1


def test_a_delivery_is_given_up_after_the_most_attempts(
    analyst, receivers, private_allowed, settings, django_capture_on_commit_callbacks
):
    settings.WEBHOOK_MAX_ATTEMPTS = 2
    receiver = receivers(answers=[404])
    webhook = _subscribe(analyst, receiver, "attribution.confirmed")
    with django_capture_on_commit_callbacks(execute=True):
        _confirm_attribution(analyst)
    _time_passes(webhook)
    deliveries_queue_due()
    delivery = Delivery.objects.get()
    assert (delivery.status, delivery.attempts, delivery.last_error) == (
        "given_up",
        2,
        "Answered 404 Not Found.",
    )
    _time_passes(webhook)
    assert deliveries_queue_due() == []
    assert len(receiver.received) == 2


def test_a_redirect_is_a_failure_and_is_not_followed(
    analyst, receivers, private_allowed, django_capture_on_commit_callbacks
):
    receiver = receivers(answers=[302])
    _subscribe(analyst, receiver, "attribution.confirmed")
    with django_capture_on_commit_callbacks(execute=True):
        _confirm_attribution(analyst)
    delivery = Delivery.objects.get()
    assert delivery.status == "failed"
    assert "redirects are not followed" in delivery.last_error
    assert len(receiver.received) == 1


def test_a_delivery_whose_task_was_never_queued_is_taken_up_when_its_lease_runs_out(
    analyst, receivers, private_allowed
):
    receiver = receivers()
    _subscribe(analyst, receiver, "attribution.confirmed")
    # No commit callbacks run here: as if the process died between the commit and the enqueue.
    _confirm_attribution(analyst)
    delivery = Delivery.objects.get()
    assert delivery.status == "pending" and delivery.lease_until > timezone.now()
    assert deliveries_queue_due() == []  # still held by the lost enqueue
    Delivery.objects.update(lease_until=timezone.now() - datetime.timedelta(seconds=1))
    assert deliveries_queue_due() == [str(delivery.delivery_id)]
    delivery.refresh_from_db()
    assert delivery.status == "succeeded"
    assert len(receiver.received) == 1 and receiver.received[0].verified
    # Claimed once: a second run finds nothing.
    assert deliveries_queue_due() == []


def test_a_task_whose_lease_was_taken_over_sends_nothing(analyst, receivers, private_allowed):
    from hooks.services import delivery_attempt

    receiver = receivers()
    _subscribe(analyst, receiver, "attribution.confirmed")
    _confirm_attribution(analyst)
    delivery = Delivery.objects.get()
    old_lease = delivery.lease_until
    Delivery.objects.update(lease_until=timezone.now() - datetime.timedelta(seconds=1))
    taken = Delivery.objects.get().lease_until
    Delivery.objects.update(lease_until=taken + datetime.timedelta(minutes=1))
    assert delivery_attempt(delivery_id=str(delivery.delivery_id), lease=old_lease) == ("not held")
    assert receiver.received == []


def test_private_targets_are_refused_by_default_when_saved_and_when_sent(
    analyst, receivers, settings, django_capture_on_commit_callbacks
):
    receiver = receivers()
    for url in [receiver.url, "http://localhost:8000/hook", "http://10.1.2.3/hook"]:
        with pytest.raises(ValidationError) as refused:
            webhook_create(owner=analyst, url=url, event_types=["attribution.confirmed"])
        [message] = refused.value.message_dict["url"]
        assert "local or private network address" in message
    assert not Webhook.objects.exists()

    # Saved while allowed, then the rule applies again: checked at each delivery.
    settings.WEBHOOKS_ALLOW_PRIVATE = True
    _subscribe(analyst, receiver, "attribution.confirmed")
    settings.WEBHOOKS_ALLOW_PRIVATE = False
    with django_capture_on_commit_callbacks(execute=True):
        _confirm_attribution(analyst)
    delivery = Delivery.objects.get()
    assert delivery.status == "failed"
    assert delivery.last_error.startswith("Not sent: The address of “127.0.0.1”")
    assert receiver.received == []


@pytest.mark.parametrize(
    ("url", "field_message"),
    [
        ("ftp://example.org/hook", "Give an address starting with http:// or https://."),
        ("http://user:pw@example.org/hook", "Put no user name or password in the address"),
        ("http://no-such-host.invalid/hook", "could not be found"),
    ],
)
def test_addresses_that_are_not_public_http_are_refused(analyst, url, field_message):
    with pytest.raises(ValidationError) as refused:
        webhook_create(owner=analyst, url=url, event_types=["article.imported"])
    assert field_message in " ".join(refused.value.message_dict["url"])
    assert not Webhook.objects.exists()


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1",
        "10.0.0.8",
        "172.16.4.4",
        "192.168.1.1",
        "169.254.169.254",
        "0.0.0.0",
        "224.0.0.1",
        "240.0.0.1",
        "100.64.0.1",
        "::1",
        "fc00::1",
        "fe80::1",
        "::ffff:127.0.0.1",
        "8.8.8.8",
        "2606:4700:4700::1111",
        "1.1.1.1",
    ],
)
def test_the_address_rule_is_the_one_imports_by_url_follow(address):
    try:
        _public_address(address, 80)
        imports_refuse = False
    except FetchError:
        imports_refuse = True
    try:
        sending.resolve(address, 80, allow_private=False)
        webhooks_refuse = False
    except sending.AddressRefused:
        webhooks_refuse = True
    assert webhooks_refuse == imports_refuse


def test_unknown_event_types_and_short_secrets_are_refused(analyst, private_allowed):
    with pytest.raises(ValidationError) as refused:
        webhook_create(
            owner=analyst,
            url="http://127.0.0.1:9/hook",
            event_types=["claim.deleted", "attribution.confirmed"],
            secret="short",
        )
    errors = refused.value.message_dict
    assert errors["event_types"] == [
        "Unknown event type: claim.deleted. The types are: article.imported, "
        "attribution.confirmed, evidence.created, claim.status_changed."
    ]
    assert errors["secret"] == ["A secret has 16 to 200 characters."]
    with pytest.raises(ValidationError, match="Choose at least one event type"):
        webhook_create(owner=analyst, url="http://127.0.0.1:9/hook", event_types=[])
    assert not Webhook.objects.exists()


def test_a_generated_secret_signs_and_is_unique(analyst, private_allowed):
    one = webhook_create(
        owner=analyst, url="http://127.0.0.1:9/a", event_types=["ping"][:0] or ["article.imported"]
    )
    two = webhook_create(
        owner=analyst, url="http://127.0.0.1:9/b", event_types=["article.imported"]
    )
    assert one.secret.startswith("whsec_") and len(one.secret) > 40
    assert one.secret != two.secret


def test_events_nobody_subscribed_to_cost_one_query_and_store_nothing(analyst, private_allowed):
    events = [Event("article.imported", lambda: {"article": {"id": 1}}) for _ in range(5)]
    with CaptureQueriesContext(connection) as queries:
        assert deliveries_for_events(None, events) == []
    assert len(queries) == 1  # the active webhooks
    webhook_create(owner=analyst, url="http://127.0.0.1:9/a", event_types=["evidence.created"])
    webhook_create(owner=analyst, url="http://127.0.0.1:9/b", event_types=["article.imported"])
    with CaptureQueriesContext(connection) as queries:
        stored = deliveries_for_events(None, events)
    # The active webhooks, then one insert of all five deliveries.
    assert len(queries) == 2
    assert len(stored) == 5 and Delivery.objects.count() == 5


def test_the_back_off_doubles_with_jitter_up_to_an_hour():
    from hooks.services import backoff

    for failures, base in [(1, 30), (2, 60), (3, 120), (7, 1920)]:
        waits = {backoff(failures).total_seconds() for _ in range(50)}
        assert all(base * 0.8 <= wait <= base * 1.2 for wait in waits)
        assert len(waits) > 1  # spread, so that failed deliveries do not all return at once
    assert {backoff(n).total_seconds() for n in (9, 12, 400) for _ in range(20)} == {3600}
    assert max(backoff(7).total_seconds() for _ in range(200)) <= 3600
