"""Several workers look for due feeds at the same moment: each feed goes to exactly one."""

import threading

import pytest
from django.db import connection, connections
from django.utils import timezone

from articles.services import outlet_get_or_create
from feeds.models import Feed
from feeds.polling import feed_claim, feeds_due

WORKERS = 8


@pytest.mark.django_db(transaction=True)
def test_workers_racing_for_due_feeds_claim_each_one_once():
    outlet = outlet_get_or_create(name="Harbour Gazette")
    feeds = [
        Feed.objects.create(url=f"https://news.example.org/{n}.xml", outlet=outlet)
        for n in range(3)
    ]
    now = timezone.now()
    start = threading.Barrier(WORKERS)
    won: list[int] = []
    errors: list[BaseException] = []

    def worker():
        try:
            # Every worker reads the same due list before any of them claims.
            due = feeds_due(now=now)
            start.wait()
            for feed_id in due:
                if feed_claim(feed_id=feed_id, now=now):
                    won.append(feed_id)
        except BaseException as exc:  # reported below, not lost in the thread
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker) for _ in range(WORKERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert not errors, errors
    assert sorted(won) == sorted(f.pk for f in feeds), f"{connection.vendor}: {won}"
    assert not Feed.objects.filter(lease_until__isnull=True).exists()
    assert feeds_due(now=now) == []
