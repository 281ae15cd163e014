"""Shared bases for the admin of versioned records: the change form carries the version it was
loaded with, and a save the services refuse (a stale version, a broken rule) comes back as a
message with nothing written."""

import datetime

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpResponseRedirect

from core.versions import StaleVersion, stale_message


def version_of(instance):
    """What an editor's copy is checked against: the counter, or the last change time for
    records that have none."""
    return instance.version if hasattr(instance, "version") else instance.updated_at


class VersionedAdminForm(forms.ModelForm):
    """A change form (or inline row) that posts back the version it was loaded with."""

    loaded_version = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, stored_version=None, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            version = stored_version if stored_version is not None else version_of(self.instance)
            self.initial["loaded_version"] = (
                version.isoformat() if isinstance(version, datetime.datetime) else version
            )

    def clean_loaded_version(self):
        value = self.cleaned_data["loaded_version"]
        if self.instance.pk is None:
            return None
        if not value:
            raise ValidationError("Reload the page: the form lacks the version it was loaded with.")
        try:
            if hasattr(self.instance, "version"):
                return int(value)
            return datetime.datetime.fromisoformat(value)
        except ValueError:
            raise ValidationError("Reload the page: the form's version is unreadable.") from None

    def service_changes(self, *, leave=()) -> dict:
        """The model fields the form edits, as the keyword `changes` of an update service."""
        names = {f.name for f in self.instance._meta.concrete_fields}
        leave = {*leave, self.instance._meta.pk.name}
        return {
            name: value
            for name, value in self.cleaned_data.items()
            if name in names and name not in leave
        }


def take_saved(obj, saved) -> None:
    """Copy what a service stored onto the admin's own instance, which the inlines, the log and
    the redirect go on using."""
    for field in obj._meta.concrete_fields:
        setattr(obj, field.attname, getattr(saved, field.attname))
    obj._state.adding = False
    obj._state.db = saved._state.db


def save_rows(formset, *, change, delete, add=None) -> None:
    """Hand each row an inline formset deletes, changes or adds to its service, and record on
    the formset what was done, as formset.save() would (the admin's change message reads it)."""
    deleted = list(formset.deleted_forms)
    changed, new = [], []
    for form in deleted:
        delete(form)
    for form in formset.initial_forms:
        if form not in deleted and form.has_changed():
            change(form)
            changed.append((form.instance, form.changed_data))
    for form in formset.extra_forms:
        if form not in deleted and form.has_changed():
            new.append(add(form))
    formset.new_objects = new
    formset.changed_objects = changed
    formset.deleted_objects = [form.instance for form in deleted]


class ServiceAdminMixin:
    """For a ModelAdmin whose save_model, save_formset and delete_* call services.

    The admin's save runs in one transaction; a StaleVersion or ValidationError raised by a
    service rolls all of it back and is shown as an error on the page reloaded.
    """

    form = VersionedAdminForm

    def delete_record(self, request, obj) -> None:
        raise NotImplementedError("Name the service that deletes this record.")

    def delete_model(self, request, obj):
        self.delete_record(request, obj)

    def delete_queryset(self, request, queryset):
        with transaction.atomic():
            for obj in queryset:
                self.delete_record(request, obj)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except (StaleVersion, ValidationError) as exc:
            return self.refused(request, exc)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        # A revert's form holds the old copy; it is checked against the version stored now.
        request.reverting_object_id = object_id
        try:
            return super().history_form_view(request, object_id, version_id, extra_context)
        except (StaleVersion, ValidationError) as exc:
            return self.refused(request, exc)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        if obj is None or getattr(request, "reverting_object_id", None) is None:
            return form
        stored = version_of(type(obj)._default_manager.get(pk=obj.pk))

        class RevertForm(form):
            def __init__(self, *args, **kwargs):
                super().__init__(*args, stored_version=stored, **kwargs)

        return RevertForm

    def refused(self, request, exc):
        if isinstance(exc, StaleVersion):
            had = exc.expected
            if had is None:
                had = request.POST.get("loaded_version", "?")
            message = stale_message(
                exc.current, had=had, then="its current state is shown; make your change again"
            )
        else:
            message = " ".join(exc.messages)
        self.message_user(request, message, messages.ERROR)
        return HttpResponseRedirect(request.get_full_path())
