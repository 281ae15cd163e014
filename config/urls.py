from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from claims import views as claim_views
from config import views

urlpatterns = [
    path("", claim_views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("accounts/login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("admin/", admin.site.urls),
    path("api/", include("api.urls")),
]
