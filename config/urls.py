from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from articles import views as article_views
from claims import corrections, exports, reader, review
from claims import views as claim_views
from config import views
from feeds import views as feed_views
from watch import views as watch_views

urlpatterns = [
    path("", claim_views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("favicon.ico", views.favicon, name="favicon"),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(redirect_authenticated_user=True),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    # Pages analysts share by URL (DESIGN.md).
    path("articles/", article_views.article_list, name="articles"),
    path("articles/<int:article_id>/", reader.reader, name="reader"),
    path(
        "articles/<int:article_id>/attributions/",
        reader.attribution_new,
        name="attribution-new",
    ),
    path("articles/<int:article_id>/evidence/", reader.evidence_new, name="evidence-new"),
    path("articles/<int:article_id>/removed/", corrections.removed, name="article-removed"),
    path(
        "attributions/<int:attribution_id>/edit/",
        corrections.passage_edit,
        {"kind": "attribution"},
        name="attribution-edit",
    ),
    path(
        "attributions/<int:attribution_id>/remove/",
        corrections.passage_remove,
        {"kind": "attribution"},
        name="attribution-remove",
    ),
    path(
        "attributions/<int:attribution_id>/undo/",
        corrections.passage_restore,
        {"kind": "attribution"},
        name="attribution-undo",
    ),
    path(
        "evidence/<int:evidence_id>/edit/",
        corrections.passage_edit,
        {"kind": "evidence"},
        name="evidence-edit",
    ),
    path(
        "evidence/<int:evidence_id>/remove/",
        corrections.passage_remove,
        {"kind": "evidence"},
        name="evidence-remove",
    ),
    path(
        "evidence/<int:evidence_id>/undo/",
        corrections.passage_restore,
        {"kind": "evidence"},
        name="evidence-undo",
    ),
    path("suggestions/", review.suggestions, name="suggestions"),
    path(
        "suggestions/<int:attribution_id>/review/",
        reader.suggestion_review,
        name="suggestion-review",
    ),
    path("import/", article_views.import_article, name="import"),
    path("imports/", article_views.import_batches, name="import-batches"),
    path("imports/<int:batch_id>/", article_views.import_batch, name="import-batch"),
    path("feeds/", feed_views.feed_list, name="feeds"),
    path("feeds/<int:feed_id>/", feed_views.feed_detail, name="feed"),
    path("feeds/<int:feed_id>/edit/", feed_views.feed_edit, name="feed-edit"),
    path("feeds/<int:feed_id>/poll/", feed_views.feed_poll, name="feed-poll"),
    path("feeds/<int:feed_id>/pause/", feed_views.feed_pause, name="feed-pause"),
    path("feeds/<int:feed_id>/remove/", feed_views.feed_remove, name="feed-remove"),
    path("claims/", claim_views.claims_list, name="claims"),
    path("claims/export.csv", exports.claims_csv, name="claims-csv"),
    path("claims/<int:claim_id>/export.csv", exports.claim_csv, name="claim-csv"),
    path("claims/<int:claim_id>/report/", exports.claim_report, name="claim-report"),
    path("claims/options/", claim_views.claim_options, name="claim-options"),
    path("claims/<int:claim_id>/", claim_views.claim_detail, name="claim"),
    path("claims/<int:claim_id>/stances/", claim_views.claim_stances, name="claim-stances"),
    path("claims/<int:claim_id>/status/", claim_views.claim_status, name="claim-status"),
    path("claims/<int:claim_id>/edit/", claim_views.claim_edit, name="claim-edit"),
    path("actors/", claim_views.actor_list, name="actors"),
    path("actors/options/", claim_views.actor_options, name="actor-options"),
    path("actors/<int:actor_id>/", claim_views.actor_detail, name="actor"),
    path("search/", claim_views.search, name="search"),
    path("matrix/", claim_views.matrix, name="matrix"),
    path("matrix/export.csv", exports.matrix_csv, name="matrix-csv"),
    # Watchlists and the inbox (the user's own only).
    path("claims/<int:claim_id>/watch/", watch_views.claim_watch, name="claim-watch"),
    path("actors/<int:actor_id>/watch/", watch_views.actor_watch, name="actor-watch"),
    path("watching/", watch_views.watching, name="watching"),
    path("watching/searches/", watch_views.saved_search_new, name="saved-search-new"),
    path(
        "watching/searches/<int:saved_search_id>/delete/",
        watch_views.saved_search_remove,
        name="saved-search-remove",
    ),
    path("watching/<int:watch_id>/delete/", watch_views.watch_remove_view, name="watch-remove"),
    path("watching/digest/", watch_views.digest_choose, name="digest"),
    path("inbox/", watch_views.inbox, name="inbox"),
    path("inbox/count/", watch_views.inbox_count, name="inbox-count"),
    path("inbox/read-all/", watch_views.inbox_read_all, name="inbox-read-all"),
    path("inbox/<int:inbox_entry_id>/read/", watch_views.inbox_read, name="inbox-read"),
    path("admin/", admin.site.urls),
    path("api/", include("api.urls")),
]
handler400 = "config.views.bad_request"
handler403 = "config.views.permission_denied"
handler404 = "config.views.page_not_found"
handler500 = "config.views.server_error"
