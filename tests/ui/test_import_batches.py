import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from articles.models import Article, ImportBatch, ImportItem

pytestmark = pytest.mark.django_db


def _files(*texts):
    return [
        SimpleUploadedFile(f"story{n}.txt", t.encode(), content_type="text/plain")
        for n, t in enumerate(texts)
    ]


def test_it_imports_many_files_in_the_background_and_shows_progress(analyst_client):
    response = analyst_client.post(
        "/imports/",
        {
            "files": _files(
                "The mayor said on Monday that the bridge would reopen in May.",
                "Rail unions denied that the strike had been called off.",
                "\x00\x01 not text",
            )
        },
    )
    assert response.status_code == 422
    assert "story2.txt" in response.content.decode() and not ImportBatch.objects.exists()

    response = analyst_client.post(
        "/imports/",
        {
            "files": _files(
                "The mayor said on Monday that the bridge would reopen in May.",
                "Rail unions denied that the strike had been called off.",
            )
        },
    )
    batch = ImportBatch.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/imports/{batch.pk}/"
    # Tests run tasks at once; a worker does it in the background otherwise.
    assert (batch.status, batch.processed, batch.created) == ("done", 2, 2)
    page = analyst_client.get(f"/imports/{batch.pk}/").content.decode()
    assert "2 of 2 articles" in page and 'max="2" value="2"' in page
    assert Article.objects.count() == 2


def test_it_polls_a_running_batch_for_its_progress(analyst, analyst_client):
    batch = ImportBatch.objects.create(
        created_by=analyst, total=1000, processed=250, status="running"
    )
    page = analyst_client.get(f"/imports/{batch.pk}/").content.decode()
    assert 'hx-trigger="every 2s"' in page and "250 of 1000 articles" in page
    fragment = analyst_client.get(f"/imports/{batch.pk}/", HTTP_HX_REQUEST="true").content.decode()
    assert fragment.strip().startswith("<section") and "<html" not in fragment
    batch.processed, batch.status = 1000, "done"
    batch.save()
    assert "every 2s" not in analyst_client.get(f"/imports/{batch.pk}/").content.decode()


def test_it_refuses_batch_imports_to_a_viewer(viewer_client):
    assert viewer_client.get("/imports/").status_code == 403
    assert viewer_client.post("/imports/", {"files": _files("Some text.")}).status_code == 403
    assert not ImportBatch.objects.exists()


def test_it_shows_a_batch_in_a_fixed_number_of_queries(
    analyst, analyst_client, django_assert_num_queries
):
    batch = ImportBatch.objects.create(created_by=analyst, total=3, processed=0, status="running")
    # 1 session, 2 user, 3-4 permissions (whose batches one may see; the nav reuses them),
    # 5 batch, 6 failed items, 7 latest items with their articles, 8 role (groups)
    with django_assert_num_queries(8):
        analyst_client.get(f"/imports/{batch.pk}/")
    from articles.services import article_import

    for n in range(3):
        article = article_import(text=f"Story number {n} about the harbour.", suggest=False).article
        batch.items.create(position=n, status="created", article=article)
    with django_assert_num_queries(8):
        analyst_client.get(f"/imports/{batch.pk}/")


def test_it_refuses_a_batch_with_a_file_over_the_size_limit(analyst_client, settings):
    settings.MAX_UPLOAD_BYTES = 100
    response = analyst_client.post(
        "/imports/",
        {
            "files": _files(
                "The mayor said on Monday that the bridge would reopen in May.",
                "Rail unions denied that the strike had been called off. " * 3,
            )
        },
    )
    assert response.status_code == 422
    assert "story1.txt: The file is larger than 100 bytes." in response.content.decode()
    assert not ImportBatch.objects.exists() and not Article.objects.exists()


def test_it_takes_more_files_than_djangos_default_of_100(analyst_client):
    stories = [
        f"The harbour master said on Monday that berth {n} would close for {n % 9 + 2} days."
        for n in range(150)
    ]
    response = analyst_client.post("/imports/", {"files": _files(*stories)})
    assert response.status_code == 302
    batch = ImportBatch.objects.get()
    assert (batch.total, batch.created) == (150, 150)
    assert Article.objects.count() == 150


def test_it_refuses_more_files_than_an_import_takes_with_a_page_that_says_so(
    analyst_client, settings
):
    settings.DATA_UPLOAD_MAX_NUMBER_FILES = 3
    settings.IMPORT_MAX_FILES = 3
    response = analyst_client.post(
        "/imports/", {"files": _files("One story.", "Two.", "Three.", "Four.")}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "An import takes at most 3 files at once" in page and 'href="/imports/"' in page
    assert not ImportBatch.objects.exists() and not Article.objects.exists()
    assert "up to 3 at once" in analyst_client.get("/imports/").content.decode()


@pytest.fixture
def other_analyst_client(django_user_model):
    from django.contrib.auth.models import Group
    from django.test import Client

    other = django_user_model.objects.create_user("otis-analyst", password="x-long-pass-42")
    other.groups.add(Group.objects.get(name="analyst"))
    client = Client()
    client.force_login(other)
    return client


@pytest.mark.parametrize("htmx", [False, True], ids=["page", "fragment"])
def test_it_shows_a_batch_to_its_owner_and_curators_only(
    analyst, analyst_client, other_analyst_client, curator_client, viewer_client, htmx
):
    batch = ImportBatch.objects.create(created_by=analyst, total=10, processed=4, status="running")
    headers = {"HX-Request": "true"} if htmx else {}
    for client, status in (
        (analyst_client, 200),
        (curator_client, 200),
        (other_analyst_client, 404),
        (viewer_client, 404),
    ):
        response = client.get(f"/imports/{batch.pk}/", headers=headers)
        assert response.status_code == status
        assert ("4 of 10 articles" in response.content.decode()) is (status == 200)


def test_it_lists_ones_own_batches_and_all_of_them_to_a_curator(
    analyst, curator, analyst_client, other_analyst_client, curator_client
):
    mine = ImportBatch.objects.create(created_by=analyst, total=1)
    theirs = ImportBatch.objects.create(created_by=curator, total=1)

    def listed(client):
        html = client.get("/imports/").content.decode()
        return {b.pk for b in (mine, theirs) if f'href="/imports/{b.pk}/"' in html}

    assert listed(analyst_client) == {mine.pk}
    assert listed(other_analyst_client) == set()
    assert listed(curator_client) == {mine.pk, theirs.pk}
    assert "by ana-analyst" in curator_client.get("/imports/").content.decode()


def test_it_refuses_a_file_over_the_character_limit_before_queuing_anything(
    analyst_client, settings
):
    settings.MAX_ARTICLE_CHARS = 80
    long = "The minister said on Tuesday that the port would reopen after the repairs. " * 2
    # Markup does not count: the limit applies to the text, as the one-article import sees it.
    marked_up = f"<html><body><p>{'<b>The</b> ' * 8}bridge reopened.</p></body></html>"
    response = analyst_client.post(
        "/imports/",
        {
            "files": [
                *_files("The mayor said on Monday that the bridge would reopen in May.", long),
                SimpleUploadedFile("page.html", marked_up.encode(), content_type="text/html"),
            ]
        },
    )
    assert response.status_code == 422
    page = response.content.decode()
    assert f"story1.txt: The text has {len(long):,} characters; the limit is 80." in page
    assert "story0.txt" not in page and "page.html" not in page
    assert not ImportBatch.objects.exists() and not ImportItem.objects.exists()
    assert not Article.objects.exists()


@pytest.mark.parametrize(
    "name, content_type",
    [("briefing.pdf", "application/pdf"), ("notes.docx", "text/plain"), ("story", "text/plain")],
)
def test_it_refuses_a_file_that_is_not_txt_or_html_before_queuing_anything(
    analyst_client, name, content_type
):
    response = analyst_client.post(
        "/imports/",
        {
            "files": [
                *_files("Rail unions denied that the strike had been called off."),
                SimpleUploadedFile(name, b"Plain words in a file of another kind.", content_type),
            ]
        },
    )
    assert response.status_code == 422
    assert f"{name}: Upload a .txt or .html file." in response.content.decode()
    assert not ImportBatch.objects.exists() and not ImportItem.objects.exists()


def test_it_names_every_refused_file(analyst_client):
    response = analyst_client.post(
        "/imports/",
        {
            "files": [
                *_files("A fine story about the harbour.", "   "),
                SimpleUploadedFile("scan.txt", b"%PDF-1.7 binary", content_type="text/plain"),
                SimpleUploadedFile("latin1.txt", "Caf\xe9 owners said so.".encode("latin-1")),
            ]
        },
    )
    page = response.content.decode()
    assert "story1.txt: The file is empty." in page
    assert "scan.txt: This is a binary file" in page
    assert "latin1.txt: The file is not valid UTF-8" in page
    assert "story0.txt" not in page
    assert not ImportItem.objects.exists()


def _post_files(analyst, texts):
    """The many-files page handling a real multipart body, the request kept to look at."""
    from django.contrib.messages.storage.cookie import CookieStorage
    from django.test import RequestFactory

    from articles.views import import_batches

    request = RequestFactory().post("/imports/", {"files": _files(*texts)})
    request.user = analyst
    request._messages = CookieStorage(request)
    response = import_batches(request)
    return request, response


def test_it_streams_an_upload_over_the_memory_threshold_to_temporary_files(analyst, settings):
    from django.core.files.uploadedfile import InMemoryUploadedFile, TemporaryUploadedFile

    texts = [f"Story {n}: the harbour master said berth {n} would close." * 20 for n in range(3)]
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 1024  # the whole body is larger than this
    request, response = _post_files(analyst, texts)
    uploads = request.FILES.getlist("files")
    assert {type(upload) for upload in uploads} == {TemporaryUploadedFile}
    assert response.status_code == 302
    batch = ImportBatch.objects.get()
    assert (batch.total, batch.created) == (3, 3)
    assert sorted(Article.objects.values_list("text", flat=True)) == sorted(texts)

    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024
    request, response = _post_files(analyst, ["A short one about the dam."])
    assert {type(u) for u in request.FILES.getlist("files")} == {InMemoryUploadedFile}


def test_uploads_larger_than_a_few_megabytes_go_to_disk_by_default():
    from django.conf import settings

    from config import settings as configured

    # One full-size file already goes to disk, not into the server's memory.
    assert configured.FILE_UPLOAD_MAX_MEMORY_SIZE < settings.MAX_UPLOAD_BYTES
