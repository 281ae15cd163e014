"""An analyst imports 1,000 articles from the many-files page and watches them arrive, in a real
browser, while a real database-queue worker imports them in the background."""

import re
import threading
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django_tasks_db.management.commands.db_worker import Worker

from articles.models import Article, ImportBatch
from claims.models import Attribution, ReviewState
from tests.browser.conftest import log_in, screenshot

pytestmark = pytest.mark.browser

ARTICLES = 1000
SEEDS = sorted((Path(settings.BASE_DIR) / "seeds").glob("*.txt"))


def _files() -> list[dict]:
    """Seed-like news stories, each made a new text by its dateline and numbers."""
    seeds = [path.read_text(encoding="utf-8") for path in SEEDS]
    return [
        {
            "name": f"story-{n:04}.txt",
            "mimeType": "text/plain",
            "buffer": f"Bulletin {n}\n\nPublished on day {n % 28 + 1}.\n\n{seeds[n % len(seeds)]}".encode(),
        }
        for n in range(ARTICLES)
    ]


def _worker(errors: list) -> None:
    try:
        # The loop `manage.py db_worker --batch` runs (it stops when the queue is empty), without
        # the command's signal handlers, which only the main thread may install.
        Worker(
            queue_names=["default"],
            interval=0.1,
            batch=True,
            backend_name="default",
            startup_delay=False,
            max_tasks=None,
            worker_id="browser-test-worker",
            excluded_queue_names=[],
        ).run()
    except Exception as exc:  # reported by the test, not lost in the thread
        errors.append(exc)
    finally:
        connection.close()


def test_an_analyst_imports_1000_articles_and_watches_the_progress(page, analyst, settings):
    if connection.vendor != "postgresql":
        pytest.skip(
            "Background workers share PostgreSQL with the app; the suite's in-memory SQLite "
            "database locks whole tables while the worker writes, so the page's polls would "
            "fail. Run with DATABASE_URL=postgres://… (CI does)."
        )
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    log_in(page, analyst)
    page.goto("/imports/")
    page.set_input_files("#id_files", _files())
    page.click("button:has-text('Import in the background')")
    page.wait_for_url(re.compile(r".*/imports/\d+/$"), timeout=60_000)

    batch = ImportBatch.objects.get()
    heading = page.locator("#batch-progress h2")
    assert heading.inner_text() == f"Queued: 0 of {ARTICLES} articles"
    assert not Article.objects.exists()  # nothing imported in the request itself

    errors: list = []
    worker = threading.Thread(target=_worker, args=(errors,))
    worker.start()
    seen = []
    stopped = None
    # Suggestions parse every article with spaCy (about ten articles a second on one core
    # here), so the worker needs minutes for a thousand; the deadline only guards a hang.
    deadline = time.monotonic() + 1500
    while time.monotonic() < deadline:
        match = re.fullmatch(r"(\w+): (\d+) of (\d+) articles", heading.inner_text())
        assert match, heading.inner_text()
        seen.append((match[1], int(match[2])))
        if match[1] == "Done":
            break
        if worker.is_alive():
            stopped = None
        elif stopped is None:
            stopped = time.monotonic()
        elif time.monotonic() - stopped > 30 and len(set(seen[-8:])) == 1:
            # the worker stopped half a minute ago and the page has not changed since: a poll
            # can lag behind the worker by a few seconds, never by this much
            break
        page.wait_for_timeout(500)
    worker.join(60)
    assert not errors, errors

    # The page followed the import as it went (htmx polls every 2 s), and stopped polling at the end.
    assert seen[-1] == ("Done", ARTICLES), seen[-1]
    running = [n for state, n in seen if state == "Running" and 0 < n < ARTICLES]
    assert running, seen
    assert [n for _, n in seen] == sorted(n for _, n in seen)
    assert page.locator("#batch-progress[hx-trigger]").count() == 0
    assert page.locator("#batch-progress progress").get_attribute("value") == str(ARTICLES)
    assert f"{ARTICLES} imported · 0 already stored · 0 failed" in page.inner_text(
        "#batch-progress"
    )
    screenshot(page, "import-1000-done", full_page=False)

    batch.refresh_from_db()
    assert (batch.status, batch.processed, batch.created, batch.failed) == (
        "done",
        ARTICLES,
        ARTICLES,
        0,
    )
    assert Article.objects.count() == ARTICLES
    # Each article came with its suggestions for review.
    suggested = Attribution.objects.filter(review_state=ReviewState.SUGGESTED)
    assert suggested.values("article").distinct().count() == ARTICLES
