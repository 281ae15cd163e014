from django.contrib.auth.middleware import LoginRequiredMiddleware
from django.utils.cache import patch_vary_headers


class LoginRequiredForPagesMiddleware(LoginRequiredMiddleware):
    """Every page needs a login; the API answers 401 itself instead of redirecting."""

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.path_info.startswith("/api/"):
            return None
        return super().process_view(request, view_func, view_args, view_kwargs)


def vary_on_htmx(get_response):
    """Pages answer an htmx request with a fragment and a plain one with the whole page, at the
    same address: `Vary: HX-Request` keeps the browser's cache from showing the fragment as the
    page on Back."""

    def middleware(request):
        response = get_response(request)
        patch_vary_headers(response, ("HX-Request",))
        return response

    return middleware
