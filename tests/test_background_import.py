import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from articles.models import Article, ImportBatch, ImportItem
from articles.services import import_batch_create
from claims.models import Attribution

pytestmark = pytest.mark.django_db

STORIES = [
    {
        "title": "Dam inspection",
        "text": "The regional water authority said on Monday that the dam was safe.",
        "outlet": "Valley Post",
    },
    {
        "title": "Port strike",
        "text": "Dock workers' union leader Sara Quinn said the strike would continue.",
    },
]


def test_it_imports_a_batch_counting_each_outcome(analyst):
    existing = Article.objects.create(title="Known", text="Already in the archive, word for word.")
    items = [*STORIES, {"text": existing.text}, {"title": "Empty", "text": "   "}]

    batch = import_batch_create(items=items, user=analyst)

    assert (batch.status, batch.total, batch.processed) == ("done", 4, 4)
    assert (batch.created, batch.existing, batch.failed) == (2, 1, 1)
    statuses = list(ImportItem.objects.filter(batch=batch).values_list("status", flat=True))
    assert statuses == ["created", "created", "existing", "failed"]
    failed = ImportItem.objects.get(batch=batch, status="failed")
    assert "no text" in failed.error.lower()
    # Imported items hand their text to the article and keep only the link.
    assert not ImportItem.objects.filter(batch=batch, status="created").exclude(text="").exists()
    dam = Article.objects.get(title="Dam inspection")
    assert dam.outlet.name == "Valley Post" and dam.created_by == analyst
    assert Attribution.objects.filter(article=dam, review_state="suggested").exists()


def test_a_failed_item_keeps_its_error_but_not_its_text(analyst, settings):
    settings.MAX_ARTICLE_CHARS = 100
    long = "The minister said on Tuesday that the harbour would stay closed all winter. " * 3

    batch = import_batch_create(items=[{"text": long}, STORIES[0]], user=analyst)

    failed = ImportItem.objects.get(batch=batch, status="failed")
    assert "the limit is 100" in failed.error
    assert failed.text == ""


def test_it_refuses_an_empty_batch():
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        import_batch_create(items=[])
    assert not ImportBatch.objects.exists()


# The worker commits and closes its own connections, as it does in production.
@pytest.mark.django_db(transaction=True)
def test_it_queues_on_the_database_and_a_worker_runs_it(settings, analyst):
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    batch = import_batch_create(items=STORIES, user=analyst)

    assert batch.status == "queued" and batch.processed == 0
    queued = DBTaskResult.objects.get(id=batch.task_id)
    assert queued.status == "READY"
    assert not Article.objects.exists()

    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)

    batch.refresh_from_db()
    assert (batch.status, batch.processed, batch.created) == ("done", 2, 2)
    queued.refresh_from_db()
    assert queued.status == "SUCCESSFUL"
    assert Article.objects.count() == 2


@pytest.mark.django_db(transaction=True)
def test_two_workers_share_one_batch_chunk_by_chunk_and_import_each_article_once(
    settings, monkeypatch
):
    """Two workers run the same batch at once, each taking the next chunk no one holds."""
    import threading

    from django.db import connection

    import articles.services
    from articles.tasks import import_batch_run

    if connection.vendor != "postgresql":
        pytest.skip(
            "Workers share a batch through PostgreSQL's row locks: run with DATABASE_URL=postgres://…"
        )
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    monkeypatch.setattr(articles.services, "IMPORT_CHUNK", 2)
    items = [
        {
            "title": f"Report {n}",
            "text": f"The harbour master said on Monday that berth {n} would close for {n + 2} days.",
        }
        for n in range(9)
    ]
    batch = import_batch_create(items=items)
    runs = []

    def worker():
        try:
            runs.append(import_batch_run.call(batch.pk))
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    batch.refresh_from_db()
    assert len(runs) == 2
    assert (batch.status, batch.total, batch.processed, batch.created) == ("done", 9, 9, 9)
    assert Article.objects.count() == 9
    assert (
        sorted(ImportItem.objects.filter(batch=batch).values_list("status", flat=True))
        == ["created"] * 9
    )


def _abandoned(batch: ImportBatch, *, ago: datetime.timedelta) -> list:
    """The batch's queued runs as a worker that died left them: claimed (RUNNING) `ago`, with
    the batch running and its last chunk finished as long ago."""
    from django_tasks_db.models import DBTaskResult

    runs = list(DBTaskResult.objects.all())
    for run in runs:
        run.claim("dead-worker")
    then = timezone.now() - ago
    DBTaskResult.objects.update(started_at=then)
    ImportBatch.objects.filter(pk=batch.pk).update(status="running", heartbeat_at=then)
    return runs


@pytest.mark.django_db(transaction=True)
def test_a_batch_abandoned_by_its_worker_is_taken_up_once_its_lease_passes(settings, analyst):
    from django_tasks_db.models import DBTaskResult

    from articles.tasks import import_batches_resume

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.IMPORT_LEASE = 300
    batch = import_batch_create(items=STORIES, user=analyst)
    _abandoned(batch, ago=datetime.timedelta(seconds=301))

    assert import_batches_resume() == [batch.pk]

    # The same runs, READY again for any worker; no new ones.
    assert (
        list(DBTaskResult.objects.values_list("status", "worker_ids"))
        == [("READY", ["dead-worker"])] * 2
    )
    assert import_batches_resume() == []  # taken up once: the lease starts again
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    batch.refresh_from_db()
    assert (batch.status, batch.processed, batch.created, batch.existing) == ("done", 2, 2, 0)
    assert Article.objects.count() == 2
    assert set(DBTaskResult.objects.values_list("status", flat=True)) == {"SUCCESSFUL"}


@pytest.mark.django_db(transaction=True)
def test_a_batch_within_its_lease_or_waiting_for_a_worker_is_left_alone(settings, analyst):
    from django_tasks_db.models import DBTaskResult

    from articles.tasks import import_batches_resume

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.IMPORT_LEASE = 300
    running = import_batch_create(items=STORIES[:1], user=analyst)
    _abandoned(running, ago=datetime.timedelta(seconds=299))
    # Queued an hour ago, its runs still READY: no worker has come yet, none has died.
    waiting = import_batch_create(items=STORIES[1:], user=analyst)
    ImportBatch.objects.filter(pk=waiting.pk).update(
        created_at=timezone.now() - datetime.timedelta(hours=1)
    )

    assert import_batches_resume() == []
    assert sorted(DBTaskResult.objects.values_list("status", flat=True)) == [
        "READY",
        "READY",
        "RUNNING",
        "RUNNING",
    ]
