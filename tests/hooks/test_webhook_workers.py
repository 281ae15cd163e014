"""Real `manage.py db_worker` processes delivering webhooks: a worker SIGKILLed while the
receiver holds its request open leaves the delivery leased; once the lease runs out another
worker's periodic job claims it and delivers it, with the same delivery id (at least once). On
a SQLite file and on PostgreSQL."""

import subprocess
import sys
import time

import pytest
from django.conf import settings
from django.db import connection

from tests.hooks.receiver import Receiver
from tests.test_background_workers import PATIENCE, ROOT, Tracker, sqlite_tracker

SECRET = "whsec_worker-test-secret-0123456789"
# Short, so that the test need not wait a minute: the lease a worker takes on a delivery, and
# the deadline of an attempt (the receiver holds the request past neither before the kill).
LEASE, TIMEOUT = 4, 3
WEBHOOK_ENV = {
    "WEBHOOKS_ALLOW_PRIVATE": "1",
    "WEBHOOK_LEASE": str(LEASE),
    "WEBHOOK_TIMEOUT": str(TIMEOUT),
}


def _subscribe_and_import(tracker: Tracker, url: str) -> None:
    """A webhook on `url` for article.imported, then an article imported: its delivery is stored
    with the article and its task queued on the database once that commits."""
    script = (
        "from django.contrib.auth import get_user_model;"
        "from articles.services import article_import;"
        "from hooks.services import webhook_create;"
        "user = get_user_model().objects.create_user('ana');"
        f"webhook_create(owner=user, url={url!r}, event_types=['article.imported'],"
        f" secret={SECRET!r});"
        "article_import(text='The mayor said the bridge would reopen.', suggest=False,"
        " user=user)"
    )
    run = subprocess.run(
        [sys.executable, "manage.py", "shell", "-v0", "-c", script],
        cwd=ROOT,
        # The lease of a new delivery is the default, held for the task queued with it.
        env=tracker.env(WEBHOOKS_ALLOW_PRIVATE="1"),
        capture_output=True,
        text=True,
        timeout=PATIENCE,
    )
    assert run.returncode == 0, run.stderr


def _delivery(tracker: Tracker) -> dict:
    [row] = tracker.query("SELECT status, attempts, response_code, delivery_id FROM hooks_delivery")
    return dict(zip(["status", "attempts", "response_code", "delivery_id"], row, strict=True))


def _killed_mid_delivery_then_delivered_by_another(tracker: Tracker) -> None:
    receiver = Receiver(secret=SECRET, answers=["hang", 200])
    try:
        _subscribe_and_import(tracker, receiver.url)
        assert _delivery(tracker)["status"] == "pending"
        first = tracker.start_worker("worker-1", **WEBHOOK_ENV)
        tracker.wait_for("the receiver to hold the first attempt", receiver.arrived.is_set)
        first.kill()
        first.wait()
        killed_at = time.monotonic()
        # The attempt never finished: nothing recorded, the delivery still leased to the dead
        # worker, whose task the queue leaves RUNNING.
        assert _delivery(tracker) | {"delivery_id": None} == {
            "status": "pending",
            "attempts": 0,
            "response_code": None,
            "delivery_id": None,
        }
        # (Had the worker been slow to start, its periodic job may have claimed the delivery
        # first and queued a task of its own; the queued one then found it held and did nothing.)
        tasks = dict(
            tracker.query(
                "SELECT status, COUNT(*) FROM django_tasks_database_dbtaskresult GROUP BY status"
            )
        )
        assert tasks.pop("RUNNING") == 1
        assert set(tasks) <= {"SUCCESSFUL"}

        # The lease was taken before the request was sent, so it has run out by now.
        time.sleep(max(0.0, killed_at + LEASE + 0.5 - time.monotonic()))
        tracker.start_worker("worker-2", **WEBHOOK_ENV)
        tracker.wait_for(
            "another worker to deliver it", lambda: _delivery(tracker)["status"] == "succeeded"
        )
    finally:
        tracker.stop_workers()
        receiver.close()

    delivery = _delivery(tracker)
    assert (delivery["attempts"], delivery["response_code"]) == (1, 200)
    # Sent twice, the same delivery each time, each signed: the receiver can tell the repeat.
    assert len(receiver.received) == 2
    assert all(r.verified for r in receiver.received)
    ids = {r.headers["Tracker-Delivery"].replace("-", "") for r in receiver.received}
    assert ids == {str(delivery["delivery_id"]).replace("-", "")}
    assert receiver.received[0].json["type"] == "article.imported"


def test_a_worker_killed_mid_delivery_on_sqlite_and_another_delivers_after_the_lease(
    migrated_sqlite, tmp_path
):
    tracker, _ = sqlite_tracker(migrated_sqlite, tmp_path)
    _killed_mid_delivery_then_delivered_by_another(tracker)


@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_mid_delivery_on_postgresql_and_another_delivers_after_the_lease(
    tmp_path,
):
    if connection.vendor != "postgresql":
        pytest.skip("Run with DATABASE_URL=postgres://… (CI does).")
    db = settings.DATABASES["default"]
    url = f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"

    def query(sql: str) -> list[tuple]:
        with connection.cursor() as cursor:
            cursor.execute(sql)
            return cursor.fetchall()

    _killed_mid_delivery_then_delivered_by_another(Tracker(url, query, tmp_path))


def _many_due(tracker: Tracker, url: str, n: int) -> None:
    """`n` deliveries due and held by no one, as after a stretch with no worker: their tasks
    gone from the queue, so only the workers' periodic jobs can send them."""
    script = (
        "from django.contrib.auth import get_user_model;"
        "from django_tasks_db.models import DBTaskResult;"
        "from articles.services import article_bulk_import;"
        "from hooks.models import Delivery;"
        "from hooks.services import webhook_create;"
        "user = get_user_model().objects.create_user('ana');"
        f"webhook_create(owner=user, url={url!r}, event_types=['article.imported'],"
        f" secret={SECRET!r});"
        "article_bulk_import(items=[{'text': f'Report {i}: the bridge would reopen.'}"
        f" for i in range({n})], suggest=False, user=user);"
        "DBTaskResult.objects.all().delete();"
        "print(Delivery.objects.update(lease_until=None))"
    )
    run = subprocess.run(
        [sys.executable, "manage.py", "shell", "-v0", "-c", script],
        cwd=ROOT,
        env=tracker.env(**WEBHOOK_ENV),
        capture_output=True,
        text=True,
        timeout=PATIENCE,
    )
    assert run.returncode == 0, run.stderr
    assert run.stdout.split()[-1] == str(n)


def _racing_workers_send_each_once(tracker: Tracker, workers: int, n: int) -> None:
    receiver = Receiver(secret=SECRET)
    # A lease far longer than the run, so that only the claims decide who sends what.
    env = {**WEBHOOK_ENV, "WEBHOOK_LEASE": "120"}
    try:
        _many_due(tracker, receiver.url, n)
        for i in range(workers):
            tracker.start_worker(f"worker-{i}", **env)
        tracker.wait_for(
            "every delivery to be sent",
            lambda: (
                tracker.query("SELECT COUNT(*) FROM hooks_delivery WHERE status = 'succeeded'")
                == [(n,)]
            ),
        )
    finally:
        tracker.stop_workers()
        receiver.close()
    # Each delivery was claimed by one worker's job and queued once, and sent once.
    [(queued,)] = tracker.query(
        "SELECT COUNT(*) FROM django_tasks_database_dbtaskresult "
        "WHERE task_path = 'hooks.tasks.webhook_deliver'"
    )
    assert queued == n
    assert len(receiver.received) == n
    assert len({r.headers["Tracker-Delivery"] for r in receiver.received}) == n
    assert all(r.verified for r in receiver.received)


def test_workers_racing_for_due_deliveries_on_sqlite_send_each_once(migrated_sqlite, tmp_path):
    tracker, _ = sqlite_tracker(migrated_sqlite, tmp_path)
    _racing_workers_send_each_once(tracker, workers=2, n=60)


@pytest.mark.django_db(transaction=True)
def test_workers_racing_for_due_deliveries_on_postgresql_send_each_once(tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("Run with DATABASE_URL=postgres://… (CI does).")
    db = settings.DATABASES["default"]
    url = f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"

    def query(sql: str) -> list[tuple]:
        with connection.cursor() as cursor:
            cursor.execute(sql)
            return cursor.fetchall()

    _racing_workers_send_each_once(Tracker(url, query, tmp_path), workers=3, n=150)
