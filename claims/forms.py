import functools

from django import forms
from django.core.exceptions import ValidationError
from django.utils.choices import CallableChoiceIterator

from articles.models import Outlet
from claims.models import Actor, Claim, ClaimStatus, Credibility, Relation, Stance
from core.forms import LongSelect, menu_of
from core.models import passage_check


class PassageForm(forms.Form):
    """The selected span: offsets computed in the browser, re-checked against the stored text."""

    start = forms.IntegerField(min_value=0, widget=forms.HiddenInput)
    end = forms.IntegerField(min_value=0, widget=forms.HiddenInput)
    quote = forms.CharField(required=False, strip=False, widget=forms.HiddenInput)

    def __init__(self, *args, article=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.article = article

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start is None or end is None or self.article is None:
            return data
        try:
            passage_check(self.article.text, start, end, data.get("quote") or None)
        except ValidationError as exc:
            # The offsets are hidden fields: the message goes above the form.
            raise ValidationError(exc.messages) from None
        return data


def _pick(model, pk, name: str, label: str, *, required: bool):
    """An existing record by id, or None (the name will create one); errors say which."""
    if pk:
        obj = model.objects.filter(pk=pk).first()
        if obj is None:
            raise ValidationError(
                f"The {label} chosen (#{pk}) no longer exists; choose it again or type a new name."
            )
        return obj
    if required and not " ".join((name or "").split()):
        raise ValidationError(f"Choose or type the {label}.")
    return None


class ActorClaimMixin:
    """`actor_id`/`actor_name` and `claim_id`/`claim_statement`: chosen from the list or typed new.

    A typed name that reads like another actor's is refused (code "confusable"); the form then
    offers `confirm_confusable`, which each form using this mixin declares.
    """

    @property
    def confusable(self) -> bool:
        return any(
            error.code == "confusable"
            for errors in self.errors.as_data().values()
            for error in errors
        )

    def _resolve_actor(self, data, *, prefix="actor", label="actor", required=True):
        try:
            data[prefix] = _pick(
                Actor,
                data.get(f"{prefix}_id"),
                data.get(f"{prefix}_name"),
                label,
                required=required,
            )
        except ValidationError as exc:
            self.add_error(f"{prefix}_name", exc)

    def _resolve_claim(self, data, *, required=True):
        try:
            data["claim"] = _pick(
                Claim, data.get("claim_id"), data.get("claim_statement"), "claim", required=required
            )
        except ValidationError as exc:
            self.add_error("claim_statement", exc)


class AttributionForm(ActorClaimMixin, PassageForm):
    actor_id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    actor_name = forms.CharField(required=False, max_length=200, label="Actor")
    stance = forms.ChoiceField(
        choices=Stance.choices, widget=forms.RadioSelect, initial=Stance.ASSERTS
    )
    claim_id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    claim_statement = forms.CharField(required=False, max_length=1000, label="Claim")
    said_on = forms.DateField(
        required=False, label="Said on", widget=forms.DateInput(attrs={"type": "date"})
    )
    is_direct_quote = forms.BooleanField(required=False, label="Direct quote")
    confirm_confusable = forms.BooleanField(
        required=False, label="It is another actor: create it all the same"
    )

    def clean(self):
        data = super().clean()
        self._resolve_actor(data)
        self._resolve_claim(data)
        return data


class EvidenceForm(ActorClaimMixin, PassageForm):
    claim_id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    claim_statement = forms.CharField(required=False, max_length=1000, label="Claim")
    relation = forms.ChoiceField(
        choices=Relation.choices, widget=forms.RadioSelect, initial=Relation.SUPPORTS
    )
    credibility = forms.TypedChoiceField(
        choices=Credibility.choices,
        coerce=int,
        initial=Credibility.CANNOT_JUDGE,
        label="Credibility",
    )
    source_id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    source_name = forms.CharField(required=False, max_length=200, label="Source (optional)")
    note = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))
    confirm_confusable = forms.BooleanField(
        required=False, label="It is another actor: create it all the same"
    )

    def clean(self):
        data = super().clean()
        self._resolve_claim(data)
        self._resolve_actor(data, prefix="source", label="source", required=False)
        return data


class SuggestionEditForm(ActorClaimMixin, forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    # The passage, when the analyst selected other words while editing (checked by the service).
    start = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)
    end = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)
    actor_id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    actor_name = forms.CharField(required=False, max_length=200, label="Actor")
    stance = forms.ChoiceField(choices=Stance.choices, widget=forms.RadioSelect)
    claim_id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    claim_statement = forms.CharField(required=False, max_length=1000, label="Claim")
    said_on = forms.DateField(
        required=False, label="Said on", widget=forms.DateInput(attrs={"type": "date"})
    )
    confirm_confusable = forms.BooleanField(
        required=False, label="It is another actor: create it all the same"
    )

    def clean(self):
        data = super().clean()
        self._resolve_actor(data)
        self._resolve_claim(data)
        return data


class ClaimEditForm(forms.Form):
    """A claim's wording and notes; the status is the curators' (ClaimStatusForm)."""

    statement = forms.CharField(
        max_length=Claim._meta.get_field("statement").max_length,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    notes = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}))
    version = forms.IntegerField(widget=forms.HiddenInput)


class ClaimStatusForm(forms.Form):
    status = forms.ChoiceField(choices=ClaimStatus.choices)
    version = forms.IntegerField(widget=forms.HiddenInput)


class ActorFilterForm(forms.Form):
    """The base of claims.filters.ActorFilter's form: the affiliation menu is bounded."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        menu = functools.cache(functools.partial(menu_of, Actor, "Any affiliation"))
        self.fields["affiliation"].widget = LongSelect(choices=CallableChoiceIterator(menu))


class ClaimFilterForm(forms.Form):
    """The base of claims.filters.ClaimFilter's form, which the API validates with too: the actor
    and outlet menus are drawn by LongSelect from bounded lists, queried only when rendered."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, model, empty in (("actor", Actor, "Any actor"), ("outlet", Outlet, "Any outlet")):
            # Read once per form: drawing a select reads its choices more than once.
            menu = functools.cache(functools.partial(menu_of, model, empty))
            self.fields[name].widget = LongSelect(choices=CallableChoiceIterator(menu))
