import pytest
from django.core.management import call_command

from articles.models import Article, ImportBatch, ImportItem
from articles.services import import_batch_create
from claims.models import Attribution

pytestmark = pytest.mark.django_db

STORIES = [
    {"title": "Dam inspection", "text": "The regional water authority said on Monday that the dam was safe.",
     "outlet": "Valley Post"},
    {"title": "Port strike", "text": "Dock workers' union leader Sara Quinn said the strike would continue."},
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
