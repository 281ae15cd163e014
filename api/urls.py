from django.contrib.auth.decorators import login_required
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.routers import SimpleRouter

from api import views


class Router(SimpleRouter):
    """`/api/v1/claims` and `/api/v1/claims/` both answer (no redirect that would drop a POST)."""

    def __init__(self):
        super().__init__()
        self.trailing_slash = "/?"


router = Router()
router.register("outlets", views.OutletViewSet, basename="outlet")
router.register("articles", views.ArticleViewSet, basename="article")
router.register("actors", views.ActorViewSet, basename="actor")
router.register("claims", views.ClaimViewSet, basename="claim")
router.register("attributions", views.AttributionViewSet, basename="attribution")
router.register("evidence", views.EvidenceViewSet, basename="evidence")
router.register("suggestions", views.SuggestionViewSet, basename="suggestion")

urlpatterns = [
    path("v1/", include(router.urls)),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # A browser without a session is sent to the login page, like every other page.
    path(
        "docs/",
        login_required(SpectacularSwaggerView.as_view(url_name="api-schema")),
        name="api-docs",
    ),
]
