from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.response import TemplateResponse
from simple_history.admin import SimpleHistoryAdmin

from articles.admin import ArticleAdmin
from articles.models import Article
from claims.models import (
    Actor,
    ActorAlias,
    Attribution,
    Claim,
    ClaimRelation,
    Evidence,
    ReviewState,
    Statement,
)
from claims.services import (
    ACTOR_MAX_ALIASES,
    actor_create,
    actor_merge,
    actor_set_aliases,
    actor_update,
    attribution_review,
    attribution_update,
    claim_create,
    claim_merge,
    claim_relation_delete,
    claim_relation_save,
    evidence_update,
    record_delete,
    record_update,
)
from core.admin import ServiceAdminMixin, VersionedAdminForm, save_rows, take_saved
from core.versions import StaleVersion

PASSAGE_FIELDS = ["article", "start", "end", "exact", "prefix", "suffix"]


class PassageInlineMixin:
    """Passages are made in the reader, against the text; here they are shown, never retyped."""

    extra = 0
    show_change_link = True
    readonly_fields = ["start", "end", "exact"]
    form = VersionedAdminForm

    def has_add_permission(self, request, obj=None):
        return False


def attribution_save(form, user, *, leave=()) -> Attribution:
    """An attribution edited in an admin form: a decision on a suggestion is a review (who
    decided and when are kept), anything else an update."""
    version = form.cleaned_data["loaded_version"]
    changes = form.service_changes(leave=leave)
    decision = changes.pop("review_state", None)
    if "review_state" in form.changed_data and decision in (
        ReviewState.CONFIRMED,
        ReviewState.REJECTED,
    ):
        try:
            return attribution_review(
                attribution=form.instance,
                decision=decision,
                user=user,
                expected_version=version,
                changes=changes,
            )
        except StaleVersion as exc:
            exc.expected = version
            raise
    if decision is not None:
        changes["review_state"] = decision
    return attribution_update(
        attribution=form.instance, expected_version=version, changes=changes, user=user
    )


def evidence_save(form, user, *, leave=()) -> Evidence:
    return evidence_update(
        evidence=form.instance,
        expected_version=form.cleaned_data["loaded_version"],
        changes=form.service_changes(leave=leave),
        user=user,
    )


def save_passage_rows(formset, user) -> None:
    """The attribution and evidence rows inline in a claim or an article."""
    save = attribution_save if formset.model is Attribution else evidence_save
    save_rows(
        formset,
        change=lambda row: save(row, user, leave=[formset.fk.name]),
        delete=lambda row: record_delete(
            instance=row.instance,
            expected_version=row.cleaned_data["loaded_version"],
            user=user,
        ),
    )


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
            with transaction.atomic():
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
    max_num = ACTOR_MAX_ALIASES


class MergeForm(forms.Form):
    target = forms.ModelChoiceField(queryset=None, widget=forms.RadioSelect, label="Keep this one")

    def __init__(self, *args, choices=None, help_text="", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"].queryset = choices
        self.fields["target"].help_text = help_text


class ActorAdminForm(VersionedAdminForm):
    confirm_confusable = forms.BooleanField(
        required=False,
        label="Confirm a look-alike name",
        help_text="A new name or alias that reads like another actor's (the same letters from "
        "another script) is refused; tick this if it is another actor all the same.",
    )


@admin.register(Actor)
class ActorAdmin(ServiceAdminMixin, SimpleHistoryAdmin):
    form = ActorAdminForm
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
            saved = actor_update(
                actor=obj,
                expected_version=form.cleaned_data["loaded_version"],
                changes=form.service_changes(),
                user=request.user,
                confirm_confusable=form.cleaned_data["confirm_confusable"],
            )
        else:
            saved, created = actor_create(
                **form.service_changes(),
                user=request.user,
                confirm_confusable=form.cleaned_data["confirm_confusable"],
            )
            if not created:
                raise ValidationError(
                    f"An actor is known by this name already: “{saved.name}” (#{saved.pk})."
                )
        take_saved(obj, saved)

    def save_formset(self, request, form, formset, change):
        # The aliases are set as a whole, as the actor pages and the API set them.
        kept = [
            row.cleaned_data["name"]
            for row in formset.forms
            if row.cleaned_data.get("name") and row not in formset.deleted_forms
        ]
        actor_set_aliases(
            actor=form.instance,
            names=kept,
            confirm_confusable=form.cleaned_data.get("confirm_confusable", False),
        )
        save_rows(
            formset, change=lambda row: None, delete=lambda row: None, add=lambda row: row.instance
        )

    def delete_record(self, request, obj):
        record_delete(instance=obj, user=request.user)

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
class ClaimAdmin(ServiceAdminMixin, SimpleHistoryAdmin):
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
        # A merge is made once, through claim_merge, and not undone here.
        if obj is None or obj.merged_into_id is not None:
            fields.append("merged_into")
        return fields

    def save_model(self, request, obj, form, change):
        if not change:
            saved, created = claim_create(**form.service_changes(), user=request.user)
            if not created:
                raise ValidationError(
                    f"This claim is stored already: “{saved.statement}” (#{saved.pk})."
                )
            take_saved(obj, saved)
            return
        saved = record_update(
            instance=obj,
            expected_version=form.cleaned_data["loaded_version"],
            changes=form.service_changes(leave=["merged_into"]),
            user=request.user,
        )
        target = form.cleaned_data.get("merged_into")
        if target is not None:
            claim_merge(source=saved, target=target, user=request.user)
            saved = Claim.objects.get(pk=saved.pk)
        take_saved(obj, saved)

    def save_formset(self, request, form, formset, change):
        if formset.model is ClaimRelation:
            save_rows(
                formset,
                add=lambda row: claim_relation_save(relation=row.instance, user=request.user),
                change=lambda row: claim_relation_save(relation=row.instance, user=request.user),
                delete=lambda row: claim_relation_delete(relation=row.instance, user=request.user),
            )
        else:
            save_passage_rows(formset, request.user)

    def delete_record(self, request, obj):
        record_delete(instance=obj, user=request.user)


class PassageAdmin(ServiceAdminMixin, SimpleHistoryAdmin):
    list_select_related = ["article", "claim"]
    readonly_fields = [*PASSAGE_FIELDS, "created_by", "created_at", "updated_at", "version"]

    def has_add_permission(self, request):
        return False

    def save_model(self, request, obj, form, change):
        save = attribution_save if isinstance(obj, Attribution) else evidence_save
        take_saved(obj, save(form, request.user))

    def delete_record(self, request, obj):
        record_delete(instance=obj, user=request.user)


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

    def save_formset(self, request, form, formset, change):
        if formset.model in (Attribution, Evidence):
            save_passage_rows(formset, request.user)
        else:
            super().save_formset(request, form, formset, change)
