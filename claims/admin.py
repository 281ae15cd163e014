from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.template.response import TemplateResponse
from simple_history.admin import SimpleHistoryAdmin

from articles.admin import ArticleAdmin
from articles.models import Article
from claims.models import Actor, ActorAlias, Attribution, Claim, ClaimRelation, Evidence, Statement
from claims.services import actor_merge, claim_merge

PASSAGE_FIELDS = ["article", "start", "end", "exact", "prefix", "suffix"]


class PassageInlineMixin:
    """Passages are made in the reader, against the text; here they are shown, never retyped."""

    extra = 0
    show_change_link = True
    readonly_fields = ["start", "end", "exact"]

    def has_add_permission(self, request, obj=None):
        return False


def merge_selected(
    modeladmin, request, queryset, *, merge, template, title, context_name, help_text, done
):
    """An admin action that folds the selected records into the one the curator keeps: first a
    page to choose it, then the merge service for each of the others."""
    if queryset.count() < 2:
        modeladmin.message_user(
            request, f"Select at least two {context_name} to merge.", messages.WARNING
        )
        return None
    form = MergeForm(
        request.POST if "apply" in request.POST else None, choices=queryset, help_text=help_text
    )
    if form.is_valid():
        target = form.cleaned_data["target"]
        merged = [record for record in queryset if record.pk != target.pk]
        try:
            for source in merged:
                target = merge(source=source, target=target, user=request.user)
        except ValidationError as exc:
            modeladmin.message_user(request, "; ".join(exc.messages), messages.ERROR)
            return None
        modeladmin.message_user(request, done(merged, target), messages.SUCCESS)
        return None
    return TemplateResponse(
        request,
        template,
        {
            **modeladmin.admin_site.each_context(request),
            "title": title,
            "form": form,
            context_name: queryset,
            "opts": modeladmin.model._meta,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        },
    )


class ActorAliasInline(admin.TabularInline):
    model = ActorAlias
    extra = 1


class MergeForm(forms.Form):
    target = forms.ModelChoiceField(queryset=None, widget=forms.RadioSelect, label="Keep this one")

    def __init__(self, *args, choices=None, help_text="", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"].queryset = choices
        self.fields["target"].help_text = help_text


@admin.register(Actor)
class ActorAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "role", "affiliation", "reliability"]
    list_filter = ["kind", "reliability"]
    list_select_related = ["affiliation"]
    search_fields = ["name", "aliases__name", "role"]
    autocomplete_fields = ["affiliation"]
    inlines = [ActorAliasInline]
    actions = ["merge_actors"]
    readonly_fields = ["created_by", "created_at", "updated_at", "version"]

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not request.user.has_perm("claims.grade_actor"):
            fields.append("reliability")
        return fields

    def has_merge_permission(self, request) -> bool:
        return request.user.has_perm("claims.merge_actor")

    def save_model(self, request, obj, form, change):
        if change:
            obj.version += 1
        else:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    @admin.action(description="Merge selected actors", permissions=["merge"])
    def merge_actors(self, request, queryset):
        return merge_selected(
            self,
            request,
            queryset,
            merge=actor_merge,
            template="admin/claims/merge_actors.html",
            title="Merge actors",
            context_name="actors",
            help_text="The others become its aliases; their stances and evidence move to it.",
            done=lambda merged, target: (
                f"Merged {', '.join(a.name for a in merged)} into {target.name}."
            ),
        )


class ClaimAttributionInline(PassageInlineMixin, admin.TabularInline):
    model = Attribution
    fields = ["actor", "stance", "article", "exact", "start", "end", "review_state", "said_on"]
    readonly_fields = ["article", "start", "end", "exact"]
    autocomplete_fields = ["actor"]


class ClaimEvidenceInline(PassageInlineMixin, admin.TabularInline):
    model = Evidence
    fields = ["article", "relation", "credibility", "source", "exact", "start", "end"]
    readonly_fields = ["article", "start", "end", "exact"]
    autocomplete_fields = ["source"]


class ClaimRelationInline(admin.TabularInline):
    model = ClaimRelation
    fk_name = "from_claim"
    extra = 0
    autocomplete_fields = ["to_claim"]
    fields = ["kind", "to_claim"]


@admin.register(Claim)
class ClaimAdmin(SimpleHistoryAdmin):
    list_display = ["statement", "status", "merged_into", "updated_at"]
    list_filter = ["status", ("merged_into", admin.EmptyFieldListFilter)]
    search_fields = ["statement", "notes"]
    readonly_fields = ["created_by", "created_at", "updated_at", "version"]
    inlines = [ClaimRelationInline, ClaimAttributionInline, ClaimEvidenceInline]
    actions = ["merge_claims"]

    def has_merge_permission(self, request) -> bool:
        return request.user.has_perm("claims.merge_claim")

    @admin.action(description="Merge selected claims", permissions=["merge"])
    def merge_claims(self, request, queryset):
        """The others' stances, evidence and relations move to the kept claim; their old
        pages redirect to it."""
        return merge_selected(
            self,
            request,
            queryset.filter(merged_into__isnull=True),
            merge=claim_merge,
            template="admin/claims/merge_claims.html",
            title="Merge claims",
            context_name="claims",
            help_text="The others' stances, evidence and relations move to it; their links redirect to it.",
            done=lambda merged, target: f"Merged {len(merged)} claim(s) into “{target.statement}”.",
        )

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not request.user.has_perm("claims.set_claim_status"):
            fields.append("status")
        return fields

    def save_model(self, request, obj, form, change):
        if change:
            obj.version += 1
        else:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)


class PassageAdmin(SimpleHistoryAdmin):
    list_select_related = ["article", "claim"]
    readonly_fields = [*PASSAGE_FIELDS, "created_by", "created_at", "updated_at", "version"]

    def has_add_permission(self, request):
        return False

    def save_model(self, request, obj, form, change):
        obj.version += 1
        super().save_model(request, obj, form, change)


@admin.register(Attribution)
class AttributionAdmin(PassageAdmin):
    list_display = ["__str__", "article", "stance", "review_state", "origin", "said_on"]
    list_filter = ["stance", "review_state", "origin"]
    list_select_related = ["article", "claim", "actor"]
    search_fields = ["actor__name", "claim__statement", "exact", "proposed_actor", "proposed_claim"]
    autocomplete_fields = ["actor", "claim", "via"]
    readonly_fields = [
        *PassageAdmin.readonly_fields,
        "reviewed_by",
        "reviewed_at",
        "rule",
        "confidence",
        "origin",
    ]


@admin.register(Evidence)
class EvidenceAdmin(PassageAdmin):
    list_display = ["__str__", "relation", "credibility", "source"]
    list_filter = ["relation", "credibility"]
    list_select_related = ["article", "claim", "source"]
    search_fields = ["claim__statement", "exact", "note", "source__name"]
    autocomplete_fields = ["claim", "source"]


@admin.register(Statement)
class StatementAdmin(admin.ModelAdmin):
    """Derived from attributions (one remark, all its reports); shown for checking, not edited."""

    list_display = ["__str__", "actor", "stance", "claim", "said_on"]
    list_filter = ["stance"]
    list_select_related = ["actor", "claim"]
    search_fields = ["actor__name", "claim__statement"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class ArticleAttributionInline(PassageInlineMixin, admin.TabularInline):
    model = Attribution
    fields = ["actor", "stance", "claim", "exact", "start", "end", "review_state", "said_on"]
    autocomplete_fields = ["actor", "claim"]


class ArticleEvidenceInline(PassageInlineMixin, admin.TabularInline):
    model = Evidence
    fields = ["claim", "relation", "credibility", "exact", "start", "end"]
    autocomplete_fields = ["claim"]


# The article admin of the articles app, with the passages recorded in each article (this app's
# records) inline: articles know nothing of claims, so claims adds them.
admin.site.unregister(Article)


@admin.register(Article)
class ArticleWithPassagesAdmin(ArticleAdmin):
    inlines = [*ArticleAdmin.inlines, ArticleAttributionInline, ArticleEvidenceInline]
