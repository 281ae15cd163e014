from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from articles.models import Article, ArticleBlock, Outlet
from claims.admin import PassageInlineMixin
from claims.models import Attribution, Evidence


@admin.register(Outlet)
class OutletAdmin(SimpleHistoryAdmin):
    list_display = ["name", "domain", "reliability"]
    list_filter = ["reliability"]
    search_fields = ["name", "domain"]

    def get_readonly_fields(self, request, obj=None):
        return [] if request.user.has_perm("articles.grade_outlet") else ["reliability"]


class ArticleBlockInline(admin.TabularInline):
    model = ArticleBlock
    extra = 0
    fields = ["kind", "start", "end", "original_start"]
    readonly_fields = ["start", "end", "original_start"]

    def has_add_permission(self, request, obj=None):
        return False


class ArticleAttributionInline(PassageInlineMixin, admin.TabularInline):
    model = Attribution
    fields = ["actor", "stance", "claim", "exact", "start", "end", "review_state", "said_on"]
    autocomplete_fields = ["actor", "claim"]


class ArticleEvidenceInline(PassageInlineMixin, admin.TabularInline):
    model = Evidence
    fields = ["claim", "relation", "credibility", "exact", "start", "end"]
    autocomplete_fields = ["claim"]


@admin.register(Article)
class ArticleAdmin(SimpleHistoryAdmin):
    list_display = ["title", "outlet", "published_on", "language", "created_at"]
    list_filter = ["outlet", "language", "published_on"]
    list_select_related = ["outlet"]
    search_fields = ["title", "url", "byline"]
    autocomplete_fields = ["outlet"]
    date_hierarchy = "published_on"
    readonly_fields = ["text", "content_hash", "created_by", "created_at", "updated_at", "version"]
    fields = [
        "title", "outlet", "url", "published_on", "dateline", "byline", "language",
        "text", "content_hash", "created_by", "created_at", "updated_at", "version",
    ]
    inlines = [ArticleBlockInline, ArticleAttributionInline, ArticleEvidenceInline]

    def has_add_permission(self, request):
        # Articles come in through the import page, the API or load_seeds, which detect
        # blocks and suggest attributions; a bare admin form would skip all of that.
        return False

    def save_model(self, request, obj, form, change):
        if change:
            obj.version += 1
        super().save_model(request, obj, form, change)
