from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import BadRequest
from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect, JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.views import defaults
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET


@require_GET
@login_not_required
def favicon(request: HttpRequest) -> HttpResponse:
    """Browsers ask for /favicon.ico before reading a page's icon link; send them to the icon."""
    return HttpResponsePermanentRedirect(static("favicon.svg"))


@require_GET
@never_cache
@login_not_required
def healthz(request: HttpRequest) -> JsonResponse:
    """Up when the app answers and its database does; load balancers poll this."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "unavailable", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok", "database": connection.vendor})


# Errors Django answers itself, before or outside the API's views, in the API's format there.


def _api(request: HttpRequest) -> bool:
    return request.path_info.startswith("/api/")


def _api_error(detail: str, status: int) -> JsonResponse:
    return JsonResponse({"detail": detail}, status=status)


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    """400: a request the pages refuse with a reason of their own (BadRequest), else a form Django
    could not read, most often an import of more files than it takes."""
    if _api(request):
        return _api_error(
            "The request could not be read: it is malformed, or has more fields or files than "
            "this server accepts.",
            400,
        )
    reason = str(exception) if type(exception) is BadRequest else ""
    return render(
        request,
        "400.html",
        {"import_max_files": f"{settings.IMPORT_MAX_FILES:,}", "reason": reason},
        status=400,
    )


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    if _api(request):
        return _api_error("You do not have permission to perform this action.", 403)
    return defaults.permission_denied(request, exception)


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    if _api(request):
        return _api_error("No such endpoint or record.", 404)
    return defaults.page_not_found(request, exception)


def server_error(request: HttpRequest) -> HttpResponse:
    if _api(request):
        return _api_error("The server failed to answer this request; it has been logged.", 500)
    return defaults.server_error(request)
