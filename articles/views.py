from django.conf import settings
from django.contrib import messages
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET

from articles.filters import ArticleFilter
from articles.forms import ImportForm
from articles.models import PUBLISHED_KEY, Article, ImportBatch, content_hash
from articles.pages import page_extract
from articles.services import (
    article_import,
    article_imported_before,
    import_batch_upload,
    title_guess,
)
from articles.text import TextImportError, looks_like_html, to_article_text
from core.forms import add_errors
from core.pages import Sort, list_page
from core.permissions import require_perm

ARTICLES_PAGE = 25
ARTICLE_SORTS = {
    "published": Sort("Newest published first", "published_key", descending=True),
    "added": Sort("Newest added first", "pk", descending=True),
    "title": Sort("Title, A to Z", "title"),
}


@require_GET
def article_list(request: HttpRequest) -> HttpResponse:
    """Every article, filtered as the API's article list is (outlet, dates, text), by cursor."""
    filterset = ArticleFilter(
        request.GET or None,
        queryset=Article.objects.with_outlet()
        .only("title", "published_on", "language", "outlet__name")
        .annotate(published_key=PUBLISHED_KEY),
    )
    context = list_page(request, filterset, ARTICLE_SORTS, "published", ARTICLES_PAGE)
    if request.htmx and request.htmx.target == "article-results":
        return render(request, "articles/list.html#results", context)
    return render(request, "articles/list.html", context)


# The preview signs the hash of the page its text came from, and that text's own hash, so
# that the save step keeps a page hash only for the text extracted from that page.
PAGE_SIGNING_SALT = "articles.import.page"
PAGE_SIGNING_MAX_AGE = 24 * 3600


def _page_note(page_hash: str, text: str) -> str:
    return signing.dumps({"page": page_hash, "text": content_hash(text)}, salt=PAGE_SIGNING_SALT)


def _page_hash_signed(note: str, text: str) -> str:
    """The page hash the preview signed for `text`; SignatureExpired/BadSignature if it did not."""
    data = signing.loads(note, salt=PAGE_SIGNING_SALT, max_age=PAGE_SIGNING_MAX_AGE)
    if data.get("text") != content_hash(text):
        raise signing.BadSignature("The text is not the one the preview showed.")
    return data["page"]


def import_article(request: HttpRequest) -> HttpResponse:
    """Step one shows what was found in the text or the web page; step two saves it, with the
    analyst's corrections."""
    if request.method == "POST":
        require_perm(request, "articles.add_article")
    elif not request.user.has_perm("articles.add_article"):
        raise PermissionDenied("Your role does not allow importing articles.")
    form = ImportForm(request.POST or None, request.FILES or None)
    context: dict = {"form": form}
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if request.POST.get("step") == "save":
            return _import_save(request, form, context)
        page = None
        try:
            is_html = data["is_html"]
            if is_html is None:
                is_html = looks_like_html(data["content"])
            if is_html:
                page = page_extract(data["content"], url=data["url"] or "")
                text = page.text
            else:
                text = to_article_text(data["content"], is_html=False)
        except TextImportError as exc:
            form.add_error("url" if data["url"] and not data["text"] else "text", str(exc))
            return render(request, "articles/import.html", context, status=422)
        from suggest import detect_structure

        structure = detect_structure(text)
        # What will be saved, each editable in the preview: the analyst's own value, else what
        # the page's metadata says, else what the text says (its headline, its dateline's date
        # and agency), else a guess.
        context["fields"] = {
            "title": data["title"]
            or (page and page.title)
            or structure.title
            or title_guess(text, structure),
            "byline": data["byline"] or (page and page.author) or structure.byline,
            "published_on": data["published_on"]
            or (page and page.published_on)
            or structure.published_on,
            "outlet": data["outlet"] or (page and page.site_name) or structure.agency,
            "url": data["url"] or "",
        }
        duplicate = article_imported_before(
            content_hash=content_hash(text), page_hash=page.page_hash if page else ""
        )
        earlier = None
        if duplicate is None and page is not None and data["url"]:
            earlier = Article.objects.latest_from_address(data["url"])
        context.update(
            preview=structure,
            page=page,
            page_note=_page_note(page.page_hash, text) if page else "",
            text=text,
            duplicate=duplicate,
            same_page=bool(duplicate and page and duplicate.page_hash == page.page_hash),
            earlier=earlier,
            blocks=[(b, text[b.start : b.end]) for b in structure.blocks],
        )
    return render(request, "articles/import.html", context, status=422 if form.errors else 200)


def _import_save(request: HttpRequest, form: ImportForm, context: dict) -> HttpResponse:
    data = form.cleaned_data
    page_hash = ""
    if data["page"]:
        try:
            page_hash = _page_hash_signed(data["page"], data["content"])
        except signing.BadSignature:  # SignatureExpired is one
            form.add_error(
                None,
                "The preview of this page could not be checked (it is a day old, or its text "
                "was changed); import the page again.",
            )
            return render(request, "articles/import.html", context, status=422)
    try:
        result = article_import(
            text=data["content"],
            title=data["title"],
            url=data["url"] or "",
            published_on=data["published_on"],
            outlet=data["outlet"],
            byline=data["byline"],
            # The preview's text, extracted from the page already, is never read as markup.
            is_html=False if page_hash else data["is_html"],
            page_hash=page_hash,
            user=request.user,
            suggest=True,
        )
    except ValidationError as exc:
        add_errors(form, exc)
        return render(request, "articles/import.html", context, status=422)
    article = result.article
    if result.created:
        messages.success(
            request,
            f"Imported “{article.title}”. Select a sentence to record who said what.",
        )
        if result.earlier is not None:
            messages.info(
                request,
                f"This address was imported before as “{result.earlier.title}”; the page has "
                "changed since, so this version is a new article.",
            )
    elif page_hash and article.page_hash == page_hash:
        messages.info(request, "This page was imported before; here it is.")
    else:
        messages.info(request, "This text was imported before; here it is.")
    return redirect(article.get_absolute_url())


def import_batches(request: HttpRequest) -> HttpResponse:
    """Many articles at once: upload .txt/.html files; they import in the background."""
    if not request.user.has_perm("articles.add_article"):
        raise PermissionDenied("Your role does not allow importing articles.")
    errors: list[str] = []
    if request.method == "POST":
        # More than settings.IMPORT_MAX_FILES, and Django refused the form (400.html) before this.
        try:
            batch = import_batch_upload(files=request.FILES.getlist("files"), user=request.user)
        except ValidationError as exc:
            errors = exc.messages
        else:
            messages.success(request, f"Importing {batch.total:,} articles in the background.")
            return redirect("import-batch", batch.pk)
    batches = (
        ImportBatch.objects.visible_to(request.user)
        .select_related("created_by")
        .order_by("-created_at")[:20]
    )
    return render(
        request,
        "articles/batches.html",
        {
            "batches": batches,
            "errors": errors,
            "import_max_files": f"{settings.IMPORT_MAX_FILES:,}",
        },
        status=422 if errors else 200,
    )


@require_GET
def import_batch(request: HttpRequest, batch_id: int) -> HttpResponse:
    """A batch's progress; the page polls this while the batch runs. Someone else's batch is
    a 404 unless one is a curator."""
    batch = get_object_or_404(ImportBatch.objects.visible_to(request.user), pk=batch_id)
    failed = list(batch.items.filter(status="failed").only("position", "error")[:50])
    recent = list(
        batch.items.exclude(article=None)
        .select_related("article")
        .only("position", "status", "article__title")
        .order_by("-position")[:10]
    )
    context = {"batch": batch, "failed": failed, "recent": recent}
    if request.htmx:
        return render(request, "articles/batch.html#progress", context)
    return render(request, "articles/batch.html", context)
