from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from articles.models import Article, ArticleBlock, ArticleRelation, Outlet
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


class ArticleRelationInline(admin.TabularInline):
    model = ArticleRelation
    fk_name = "article"
    extra = 0
    fields = ["kind", "original", "similarity", "confirmed", "reviewed_by"]
    readonly_fields = ["original", "similarity", "reviewed_by"]

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
        "title",
        "outlet",
        "url",
        "published_on",
        "dateline",
        "byline",
        "language",
        "text",
        "content_hash",
        "created_by",
        "created_at",
        "updated_at",
        "version",
    ]
    inlines = [
        ArticleRelationInline,
        ArticleBlockInline,
        ArticleAttributionInline,
        ArticleEvidenceInline,
    ]

    def has_add_permission(self, request):
        # Articles come in through the import page, the API or load_seeds, which detect
        # blocks and suggest attributions; a bare admin form would skip all of that.
        return False

    def save_model(self, request, obj, form, change):
        if change:
            obj.version += 1
        super().save_model(request, obj, form, change)


@admin.register(ArticleRelation)
class ArticleRelationAdmin(admin.ModelAdmin):
    """Copies and rewrites found on import, for a curator to confirm or remove."""

    list_display = ["article", "kind", "original", "similarity", "confirmed", "reviewed_by"]
    list_filter = ["kind", "confirmed"]
    list_select_related = ["article", "original", "reviewed_by"]
    search_fields = ["article__title", "original__title"]
    autocomplete_fields = ["article", "original"]
    readonly_fields = ["similarity", "reviewed_by", "created_at", "updated_at"]
    actions = ["confirm_relations"]

    @admin.action(description="Confirm selected copy/rewrite links", permissions=["change"])
    def confirm_relations(self, request, queryset):
        count = queryset.update(confirmed=True, reviewed_by=request.user)
        self.message_user(request, f"Confirmed {count} link(s).")

    def save_model(self, request, obj, form, change):
        obj.reviewed_by = request.user
        super().save_model(request, obj, form, change)
        from claims.statements import statements_regroup

        statements_regroup([obj.article_id, obj.original_id])

    def delete_model(self, request, obj):
        ids = [obj.article_id, obj.original_id]
        super().delete_model(request, obj)
        from claims.statements import statements_regroup

        statements_regroup(ids)
