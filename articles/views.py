from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET

from articles.filters import ArticleFilter
from articles.forms import ImportForm
from articles.models import PUBLISHED_KEY, Article, ImportBatch, content_hash
from articles.services import article_import, import_batch_upload, title_guess
from articles.text import TextImportError, to_article_text
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


def import_article(request: HttpRequest) -> HttpResponse:
    """Step one shows what was detected in the text; step two saves it."""
    if request.method == "POST":
        require_perm(request, "articles.add_article")
    elif not request.user.has_perm("articles.add_article"):
        raise PermissionDenied("Your role does not allow importing articles.")
    form = ImportForm(request.POST or None, request.FILES or None)
    context: dict = {"form": form}
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            text = to_article_text(data["content"], is_html=data["is_html"])
        except TextImportError as exc:
            form.add_error("text", str(exc))
            return render(request, "articles/import.html", context, status=422)
        if request.POST.get("step") == "save":
            try:
                result = article_import(
                    text=text,
                    title=data["title"],
                    url=data["url"] or "",
                    published_on=data["published_on"],
                    outlet=data["outlet"],
                    is_html=False,
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
            else:
                messages.info(request, "This text was imported before; here it is.")
            return redirect(article.get_absolute_url())
        from suggest import detect_structure

        structure = detect_structure(text)
        # What will be saved, each editable in the preview: the analyst's own value, else what
        # the text says (its headline, its dateline's date and agency), else a guess.
        context["fields"] = {
            "title": data["title"] or structure.title or title_guess(text, structure),
            "published_on": data["published_on"] or structure.published_on,
            "outlet": data["outlet"] or structure.agency,
            "url": data["url"] or "",
        }
        context.update(
            preview=structure,
            text=text,
            duplicate=Article.objects.filter(content_hash=content_hash(text)).first(),
            blocks=[(b, text[b.start : b.end]) for b in structure.blocks],
        )
    return render(request, "articles/import.html", context, status=422 if form.errors else 200)


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
