"""Correcting what was recorded, in the reader: edit or remove an attribution or an evidence
link (analysts their own, curators anyone's: claims.services.passage_check_hands), and undo the
last save, removal or review from the message that reports it."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from articles.models import Article
from claims.forms import AttributionForm, EvidenceForm
from claims.models import Attribution, Evidence, ReviewState
from claims.reader import _reader_context, _workspace, undo_tag
from claims.services import (
    DuplicateAttribution,
    attribution_update,
    evidence_update,
    passage_check_hands,
    passage_history_before,
    passage_undo,
    record_delete,
)
from core.forms import add_errors
from core.params import parse_id
from core.permissions import require_perm
from core.versions import StaleVersion, stale_message

KINDS = {"attribution": Attribution, "evidence": Evidence}


def _record(kind: str, pk: int):
    model = KINDS[kind]
    rows = model.objects.select_related("article__outlet", "claim")
    if model is Attribution:
        rows = rows.select_related("actor").filter(review_state=ReviewState.CONFIRMED)
    else:
        rows = rows.select_related("source")
    return get_object_or_404(rows, pk=pk)


def _initial(record, start, end) -> dict:
    initial = {
        "start": start if start is not None else record.start,
        "end": end if end is not None else record.end,
        "claim_id": record.claim_id,
        "claim_statement": record.claim.statement,
    }
    if isinstance(record, Attribution):
        initial.update(
            actor_id=record.actor_id,
            actor_name=record.actor.name,
            stance=record.stance,
            said_on=record.said_on,
            is_direct_quote=record.is_direct_quote,
        )
    else:
        initial.update(
            relation=record.relation,
            credibility=record.credibility,
            source_id=record.source_id,
            source_name=record.source.name if record.source_id else "",
            note=record.note,
        )
    return initial


def _panel(request: HttpRequest, record, form, status: int = 200) -> HttpResponse:
    kind = "attribution" if isinstance(record, Attribution) else "evidence"
    start, end = form["start"].value(), form["end"].value()
    article = record.article
    try:
        selection = article.text[int(start) : int(end)]
    except (TypeError, ValueError):
        selection = record.exact
    context = {
        "article": article,
        "editing_record": record,
        "editing_kind": kind,
        "edit_form": form,
        "edit_url": reverse(f"{kind}-edit", args=[record.pk]),
        "selection": selection,
    }
    if request.htmx:
        return render(request, "claims/reader.html#panel", context, status=status)
    del context["article"]
    return render(
        request, "claims/reader.html", _reader_context(request, article, **context), status=status
    )


def _int(value) -> int | None:
    return parse_id(value)


@require_http_methods(["GET", "POST"])
def passage_edit(request: HttpRequest, kind: str, **ids: int) -> HttpResponse:
    """GET: the edit form in the reader's panel (a new selection while it is open moves the
    passage). POST: save it; the message offers to undo."""
    model, pk = KINDS[kind], ids[f"{kind}_id"]
    require_perm(request, f"claims.change_{model._meta.model_name}")
    record = _record(kind, pk)
    passage_check_hands(user=request.user, record=record)
    form_class = AttributionForm if model is Attribution else EvidenceForm
    if request.method == "GET":
        start, end = _int(request.GET.get("start")), _int(request.GET.get("end"))
        form = form_class(initial=_initial(record, start, end), article=record.article)
        return _panel(request, record, form)
    form = form_class(request.POST, article=record.article)
    version = _int(request.POST.get("version"))
    if not form.is_valid() or version is None:
        if version is None:
            form.add_error(None, "The form lost its version; reload the page and edit again.")
        return _panel(request, record, form, status=422)
    data = form.cleaned_data
    moved = (data["start"], data["end"]) != (record.start, record.end)
    passage = {"start": data["start"], "end": data["end"]} if moved else None
    try:
        if model is Attribution:
            changes = {
                "stance": data["stance"],
                "said_on": data["said_on"],
                "is_direct_quote": data["is_direct_quote"],
            }
            if data["actor"]:
                changes["actor"] = data["actor"]
            if data["claim"]:
                changes["claim"] = data["claim"]
            saved = attribution_update(
                attribution=record,
                expected_version=version,
                changes=changes,
                passage=passage,
                actor_name="" if data["actor"] else data["actor_name"],
                claim_statement="" if data["claim"] else data["claim_statement"],
                user=request.user,
                confirm_confusable=data["confirm_confusable"],
            )
            said = f"{saved.actor.name} {saved.stance} “{saved.claim.statement}”"
        else:
            changes = {
                "relation": data["relation"],
                "credibility": data["credibility"],
                "note": data["note"],
                "source": data["source"],
            }
            if data["claim"]:
                changes["claim"] = data["claim"]
            saved = evidence_update(
                evidence=record,
                expected_version=version,
                changes=changes,
                passage=passage,
                claim_statement="" if data["claim"] else data["claim_statement"],
                source_name="" if data["source"] else data["source_name"],
                user=request.user,
                confirm_confusable=data["confirm_confusable"],
            )
            said = f"{saved.relation} “{saved.claim.statement}”"
    except StaleVersion as exc:
        form.add_error(
            None, stale_message(exc.current, had=version, doing="editing it", then="edit it again")
        )
        return _panel(request, exc.current, form, status=409)
    except ValidationError as exc:
        add_errors(form, exc)
        # A record it would repeat is a conflict (409), as on recording; anything else a 422.
        return _panel(
            request, record, form, status=409 if isinstance(exc, DuplicateAttribution) else 422
        )
    messages.success(
        request, f"Saved: {said}.", extra_tags=undo_tag(saved, passage_history_before(saved))
    )
    return _after(request, saved.article, f"{kind}-{saved.pk}")


@require_POST
def passage_remove(request: HttpRequest, kind: str, **ids: int) -> HttpResponse:
    model, pk = KINDS[kind], ids[f"{kind}_id"]
    require_perm(request, f"claims.delete_{model._meta.model_name}")
    record = _record(kind, pk)
    version = _int(request.POST.get("version"))
    article = record.article
    try:
        record_delete(instance=record, expected_version=version, user=request.user)
    except StaleVersion as exc:
        messages.error(
            request, stale_message(exc.current, had=version, doing="removing it", then="look again")
        )
        return _after(request, article, status=409)
    messages.success(
        request,
        f"Removed the {kind} from this article.",
        extra_tags=undo_tag(record, passage_history_before(record, removed=True)),
    )
    return _after(request, article)


@require_POST
def passage_restore(request: HttpRequest, kind: str, **ids: int) -> HttpResponse:
    """Undo: put the record back as one of its history rows holds it."""
    model, pk = KINDS[kind], ids[f"{kind}_id"]
    require_perm(request, f"claims.change_{model._meta.model_name}")
    history_id = _int(request.POST.get("history_id"))
    row = model.history.filter(id=pk, history_id=history_id or 0).first()
    article = row and Article.objects.filter(pk=row.article_id).first()
    if article is None:
        messages.error(request, "That earlier version, or its article, is no longer stored.")
        return redirect("home")
    try:
        restored = passage_undo(model=model, pk=pk, history_id=history_id, user=request.user)
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
        return _after(request, article, status=409)
    messages.info(request, "Undone.")
    key = f"{kind}-{restored.pk}"
    if isinstance(restored, Attribution) and restored.review_state == ReviewState.SUGGESTED:
        key = f"suggestion-{restored.pk}"
    return _after(request, restored.article, key)


def _after(request: HttpRequest, article, key: str = "", status: int = 200) -> HttpResponse:
    if request.htmx:
        return _workspace(request, article, status=status, **({"saved_key": key} if key else {}))
    return redirect(f"{article.get_absolute_url()}{'#' + key if key else ''}")


REMOVED_SHOWN = 50


@require_http_methods(["GET"])
def removed(request: HttpRequest, article_id: int) -> HttpResponse:
    """The attributions and evidence removed from an article, newest first, each with a button
    that puts it back as it last was (from its history)."""
    article = get_object_or_404(Article.objects.with_outlet(), pk=article_id)
    rows = []
    for kind, model in KINDS.items():
        gone = (
            model.history.filter(article_id=article.pk, history_type="-")
            .exclude(id__in=model.objects.filter(article=article).values("pk"))
            .select_related("history_user")
            .order_by("-history_date")[:REMOVED_SHOWN]
        )
        rows += [(kind, row) for row in gone]
    rows.sort(key=lambda pair: pair[1].history_date, reverse=True)
    # Each put back from its last version before removal: one query per kind for all of them.
    last = {}
    for kind, model in KINDS.items():
        ids = [row.id for k, row in rows if k == kind]
        for history_id, pk in (
            model.history.filter(id__in=ids)
            .exclude(history_type="-")
            .order_by("id", "-history_date", "-history_id")
            .values_list("history_id", "id")
        ):
            last.setdefault((kind, pk), history_id)
    return render(
        request,
        "claims/removed.html",
        {
            "article": article,
            "rows": [(kind, row, last.get((kind, row.id))) for kind, row in rows[:REMOVED_SHOWN]],
        },
    )
