from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from articles.models import Article, ArticleBlock, ArticleRelation, Outlet
from articles.services import (
    article_block_update,
    article_delete,
    article_relation_save,
    article_relations_confirm,
    article_relations_delete,
    article_update,
    outlet_create,
    outlet_delete,
    outlet_update,
)
from core.admin import ServiceAdminMixin, save_rows, take_saved


@admin.register(Outlet)
class OutletAdmin(ServiceAdminMixin, SimpleHistoryAdmin):
    list_display = ["name", "domain", "reliability"]
    list_filter = ["reliability"]
    search_fields = ["name", "domain"]

    def get_readonly_fields(self, request, obj=None):
        return [] if request.user.has_perm("articles.grade_outlet") else ["reliability"]

    def save_model(self, request, obj, form, change):
        if change:
            saved = outlet_update(
                outlet=obj,
                changes=form.service_changes(),
                expected_updated_at=form.cleaned_data["loaded_version"],
                user=request.user,
            )
        else:
            saved = outlet_create(**form.service_changes(), user=request.user)
        take_saved(obj, saved)

    def delete_record(self, request, obj):
        outlet_delete(outlet=obj, user=request.user)


class ArticleBlockInline(admin.TabularInline):
    model = ArticleBlock
    extra = 0
    fields = ["kind", "start", "end", "original_start"]
    readonly_fields = ["start", "end", "original_start"]
    # Blocks are what import detected in the text: a curator corrects a kind, never removes one.
    can_delete = False

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


@admin.register(Article)
class ArticleAdmin(ServiceAdminMixin, SimpleHistoryAdmin):
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
        "loaded_version",
    ]
    inlines = [
        ArticleRelationInline,
        ArticleBlockInline,
    ]

    def has_add_permission(self, request):
        # Articles come in through the import page, the API or load_seeds, which detect
        # blocks and suggest attributions; a bare admin form would skip all of that.
        return False

    # Every change goes through the services: the version the form was loaded with is checked,
    # and the statements of linked articles are regrouped.
    def save_model(self, request, obj, form, change):
        saved = article_update(
            article=obj,
            expected_version=form.cleaned_data["loaded_version"],
            changes=form.service_changes(),
            user=request.user,
        )
        take_saved(obj, saved)

    def save_formset(self, request, form, formset, change):
        user = request.user
        if formset.model is ArticleRelation:
            save_rows(
                formset,
                change=lambda row: article_relation_save(relation=row.instance, user=user),
                delete=lambda row: article_relations_delete(
                    relations=ArticleRelation.objects.filter(pk=row.instance.pk), user=user
                ),
            )
        elif formset.model is ArticleBlock:
            save_rows(
                formset,
                change=lambda row: article_block_update(
                    block=row.instance, kind=row.cleaned_data["kind"], user=user
                ),
                delete=None,
            )
        else:
            raise NotImplementedError(f"No service saves {formset.model.__name__} rows here.")

    def delete_record(self, request, obj):
        article_delete(article=obj, user=request.user)


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
        count = article_relations_confirm(relations=queryset, user=request.user)
        self.message_user(request, f"Confirmed {count} link(s).")

    # Every change goes through the services, which regroup the statements on both ends.
    def save_model(self, request, obj, form, change):
        article_relation_save(relation=obj, user=request.user)

    def delete_model(self, request, obj):
        article_relations_delete(
            relations=ArticleRelation.objects.filter(pk=obj.pk), user=request.user
        )

    def delete_queryset(self, request, queryset):
        article_relations_delete(relations=queryset, user=request.user)
