from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.urls import include, path, re_path
from django.views.decorators.csrf import csrf_exempt
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import SimpleRouter

from api import views


class Router(SimpleRouter):
    """`/api/v1/claims` and `/api/v1/claims/` both answer (no redirect that would drop a POST)."""

    def __init__(self):
        super().__init__()
        self.trailing_slash = "/?"


# Namespaced: the router's names ("suggestion-review", "claim-detail") must not shadow the pages'.
app_name = "api"

router = Router()
router.register("outlets", views.OutletViewSet, basename="outlet")
router.register("articles", views.ArticleViewSet, basename="article")
router.register("actors", views.ActorViewSet, basename="actor")
router.register("claims", views.ClaimViewSet, basename="claim")
router.register("attributions", views.AttributionViewSet, basename="attribution")
router.register("evidence", views.EvidenceViewSet, basename="evidence")
router.register("suggestions", views.SuggestionViewSet, basename="suggestion")
router.register("feeds", views.FeedViewSet, basename="feed")
router.register("webhooks", views.WebhookViewSet, basename="webhook")
router.register("watches", views.WatchViewSet, basename="watch")
router.register("saved-searches", views.SavedSearchViewSet, basename="saved-search")
router.register("inbox", views.InboxViewSet, basename="inbox")


@csrf_exempt
def not_found(request, path=""):
    """Anything else under /api/ is a JSON 404, never the HTML error page."""
    return JsonResponse({"detail": "No such endpoint or record."}, status=404)


urlpatterns = [
    path("v1/", include(router.urls)),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # A browser without a session is sent to the login page, like every other page.
    path(
        "docs/",
        login_required(
            SpectacularSwaggerSplitView.as_view(
                url_name="api:api-schema", template_name="api/swagger_ui.html"
            )
        ),
        name="api-docs",
    ),
    re_path(r"^(?P<path>(?s:.*))$", not_found),
]
