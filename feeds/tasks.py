"""Background work of the feeds app: the periodic job that claims due feeds, and the poll."""

import logging

from django.db import transaction
from django.tasks import task

from feeds.polling import feed_claim, feed_poll_run, feeds_due

logger = logging.getLogger(__name__)


@task
def feed_poll(feed_id: int) -> dict:
    """Poll one feed this worker's periodic job claimed (feeds.polling.feed_poll_run)."""
    poll = feed_poll_run(feed_id=feed_id)
    if poll is None:
        return {"feed": feed_id, "result": None}
    return {
        "feed": feed_id,
        "result": poll.result,
        "imported": poll.items_imported,
        "failed": poll.items_failed,
    }


def feeds_queue_due() -> list[int]:
    """Claim every due feed no poll holds and queue its poll; the ids of those queued.

    Every `db_worker` runs this every settings.FEEDS_CHECK_EVERY seconds (core.periodic); the
    claim is a conditional UPDATE, so of several workers looking at once each feed goes to one.
    The claim and the queued task are committed together: a worker dying between them leaves
    neither, and the feed stays due."""
    queued = []
    for feed_id in feeds_due():
        with transaction.atomic():
            if feed_claim(feed_id=feed_id):
                feed_poll.enqueue(feed_id)
                queued.append(feed_id)
    if queued:
        logger.info("Feeds %s are due; their polls are queued.", queued)
    return queued
