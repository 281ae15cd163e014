"""The article reader: an article's text with its recorded passages highlighted, where analysts
record attributions and evidence and review the machine's suggestions."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST
from django_htmx.http import reswap, retarget

from articles.highlight import Span, render_segments, segment_text
from articles.models import Article
from claims.forms import AttributionForm, EvidenceForm, SuggestionEditForm
from claims.models import Attribution, Evidence, ReviewState
from claims.services import (
    DuplicateAttribution,
    attribution_create,
    attribution_review,
    evidence_create,
    passage_history_before,
)
from core.forms import add_errors
from core.params import parse_id
from core.permissions import require_perm
from core.versions import StaleVersion, stale_message

QUEUE_LIMIT = 50


def undo_tag(record, history_id: int | None) -> str:
    """The message's extra tag that _messages.html draws as an Undo button."""
    if history_id is None:
        return ""
    kind = "attribution" if isinstance(record, Attribution) else "evidence"
    return f"undo:{reverse(f'{kind}-undo', args=[record.pk])}:{history_id}"


def _get_article(article_id: int) -> Article:
    return get_object_or_404(Article.objects.with_outlet(), pk=article_id)


def _label(attribution: Attribution) -> str:
    state = " (suggested)" if attribution.review_state == ReviewState.SUGGESTED else ""
    return f"{attribution.actor_name} {attribution.stance}{state}: {attribution.claim_statement}"


def _reader_context(request: HttpRequest, article: Article, **extra) -> dict:
    """Everything the reader shows. Queries: blocks, attributions, evidence (three, however many rows)."""
    blocks = list(article.blocks.all())
    attributions = list(article_attributions(article).exclude(review_state=ReviewState.REJECTED))
    evidence = list(
        Evidence.objects.filter(article=article, start__isnull=False).select_related(
            "claim", "source"
        )
    )
    spans = [Span(b.start, b.end, b.kind, f"block-{b.pk}", block=True) for b in blocks if b.dimmed]
    for a in attributions:
        suggested = a.review_state == ReviewState.SUGGESTED
        key = f"suggestion-{a.pk}" if suggested else f"attribution-{a.pk}"
        spans.append(Span(a.start, a.end, "suggested" if suggested else a.stance, key, _label(a)))
    for e in evidence:
        source = f" ({e.source.name})" if e.source_id else ""
        label = f"{e.relation} (credibility {e.credibility}){source}: {e.claim.statement}"
        spans.append(Span(e.start, e.end, e.relation, f"evidence-{e.pk}", label))
    confirmed = [a for a in attributions if a.review_state == ReviewState.CONFIRMED]
    suggestions = [a for a in attributions if a.review_state == ReviewState.SUGGESTED]
    user = request.user
    any_record = user.has_perm("claims.change_any_passage")
    for record in [*confirmed, *evidence]:
        kind = "attribution" if isinstance(record, Attribution) else "evidence"
        record.can_change = user.has_perm(f"claims.change_{kind}") and (
            any_record or user.pk in (record.created_by_id, getattr(record, "reviewed_by_id", None))
        )
    passages = sorted(
        [("attribution", a.start, a) for a in confirmed]
        + [("evidence", e.start, e) for e in evidence],
        key=lambda row: row[1],
    )
    context = {
        "article": article,
        "text_html": render_segments(segment_text(article.text, spans)),
        "passages": passages,
        "suggestions": suggestions[:QUEUE_LIMIT],
        "suggestion_total": len(suggestions),
        "dimmed_blocks": [b for b in blocks if b.dimmed],
    }
    context.update(extra)
    return context


def article_attributions(article: Article):
    return Attribution.objects.filter(article=article).select_related("actor", "claim", "via")


def _selection_forms(request: HttpRequest, article: Article) -> dict:
    """The side panel's forms for ?start=&end= (the browser's selection), or nothing."""
    if "start" not in request.GET:
        return {}
    initial = {"start": request.GET.get("start"), "end": request.GET.get("end")}
    check = AttributionForm(initial, article=article)
    check.is_valid()
    start_end_errors = (
        check.non_field_errors() or check.errors.get("start") or check.errors.get("end")
    )
    if start_end_errors:
        return {"panel_error": " ".join(start_end_errors)}
    start, end = check.cleaned_data["start"], check.cleaned_data["end"]
    initial["quote"] = article.text[start:end]
    return {
        "selection": initial["quote"],
        "attribution_form": AttributionForm(initial=initial, article=article),
        "evidence_form": EvidenceForm(initial=initial, article=article),
        "panel_tab": "evidence" if request.GET.get("tab") == "evidence" else "attribution",
    }


@require_GET
def reader(request: HttpRequest, article_id: int) -> HttpResponse:
    article = _get_article(article_id)
    if request.htmx and "start" in request.GET:
        return render(
            request,
            "claims/reader.html#panel",
            {"article": article, **_selection_forms(request, article)},
        )
    editing = None
    if "edit" in request.GET:
        editing = (
            Attribution.objects.filter(
                pk=parse_id(request.GET.get("edit")),
                article=article,
                review_state=ReviewState.SUGGESTED,
            )
            .select_related("actor", "claim")
            .first()
        )
    extra = {"editing": editing}
    if editing is not None:
        extra["edit_form"] = SuggestionEditForm(initial=_edit_initial(editing))
    context = _reader_context(request, article, **extra, **_selection_forms(request, article))
    if request.htmx and editing is not None:
        return render(request, "claims/reader.html#queue", context)
    return render(request, "claims/reader.html", context)


def _edit_initial(a: Attribution) -> dict:
    return {
        "version": a.version,
        "actor_id": a.actor_id,
        "actor_name": a.actor_name,
        "stance": a.stance,
        "claim_id": a.claim_id,
        "claim_statement": a.claim_statement,
        "said_on": a.said_on,
        "start": a.start,
        "end": a.end,
    }


def _workspace(request: HttpRequest, article: Article, status: int = 200, **extra) -> HttpResponse:
    """After a write: the reader's text and side column, swapped in place for htmx."""
    context = _reader_context(request, article, **extra)
    if request.htmx:
        response = render(request, "claims/reader.html#workspace", context, status=status)
        return reswap(retarget(response, "#workspace"), "outerHTML")
    return render(request, "claims/reader.html", context, status=status)


def _invalid_panel(
    request: HttpRequest, article: Article, form, tab: str, *, status: int = 422, duplicate=None
) -> HttpResponse:
    start, end = form.data.get("start"), form.data.get("end")
    other = EvidenceForm if tab == "attribution" else AttributionForm
    context = {
        "duplicate": duplicate,
        "panel_tab": tab,
        f"{tab}_form": form,
        f"{'evidence' if tab == 'attribution' else 'attribution'}_form": other(
            initial={"start": start, "end": end, "quote": form.data.get("quote")}, article=article
        ),
        "selection": form.data.get("quote", ""),
    }
    if request.htmx:
        return render(
            request, "claims/reader.html#panel", {"article": article, **context}, status=status
        )
    return render(
        request, "claims/reader.html", _reader_context(request, article, **context), status=status
    )


def _recorded(request: HttpRequest, article: Article, key: str, message: str) -> HttpResponse:
    """After a new passage is saved: the refreshed workspace (htmx) or the reader at it."""
    messages.success(request, message)
    if request.htmx:
        return _workspace(request, article, saved_key=key)
    return redirect(f"{article.get_absolute_url()}#{key}")


@require_POST
def attribution_new(request: HttpRequest, article_id: int) -> HttpResponse:
    require_perm(request, "claims.add_attribution")
    article = _get_article(article_id)
    form = AttributionForm(request.POST, article=article)
    if form.is_valid():
        data = form.cleaned_data
        try:
            attribution = attribution_create(
                article=article,
                actor=data["actor"],
                # A name picked from the list comes with its id; only a typed one is new.
                actor_name="" if data["actor"] else data["actor_name"],
                claim=data["claim"],
                claim_statement="" if data["claim"] else data["claim_statement"],
                stance=data["stance"],
                start=data["start"],
                end=data["end"],
                quote=data["quote"] or None,
                said_on=data["said_on"],
                is_direct_quote=data["is_direct_quote"],
                user=request.user,
                confirm_confusable=data["confirm_confusable"],
            )
        except DuplicateAttribution as exc:
            add_errors(form, exc)
            return _invalid_panel(
                request, article, form, "attribution", status=409, duplicate=exc.existing
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            return _recorded(
                request,
                article,
                f"attribution-{attribution.pk}",
                f"Recorded: {attribution.actor.name} {attribution.stance} "
                f"“{attribution.claim.statement}”.",
            )
    return _invalid_panel(request, article, form, "attribution")


@require_POST
def evidence_new(request: HttpRequest, article_id: int) -> HttpResponse:
    require_perm(request, "claims.add_evidence")
    article = _get_article(article_id)
    form = EvidenceForm(request.POST, article=article)
    if form.is_valid():
        data = form.cleaned_data
        try:
            evidence = evidence_create(
                article=article,
                claim=data["claim"],
                claim_statement="" if data["claim"] else data["claim_statement"],
                relation=data["relation"],
                start=data["start"],
                end=data["end"],
                quote=data["quote"] or None,
                credibility=data["credibility"],
                source=data["source"],
                source_name="" if data["source"] else data["source_name"],
                note=data["note"],
                user=request.user,
                confirm_confusable=data["confirm_confusable"],
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            return _recorded(
                request,
                article,
                f"evidence-{evidence.pk}",
                f"Recorded evidence that {evidence.relation} “{evidence.claim.statement}”.",
            )
    return _invalid_panel(request, article, form, "evidence")


@require_POST
def suggestion_review(request: HttpRequest, attribution_id: int) -> HttpResponse:
    """Confirm (as suggested, or with the analyst's edits) or reject one machine suggestion."""
    require_perm(request, "claims.review_attribution")
    suggestion = get_object_or_404(
        Attribution.objects.select_related("article__outlet"), pk=attribution_id
    )
    article = suggestion.article
    decision = request.POST.get("decision")
    version = parse_id(request.POST.get("version"))
    if decision not in (ReviewState.CONFIRMED, ReviewState.REJECTED) or version is None:
        messages.error(
            request, "That review could not be read (no decision or version); nothing was saved."
        )
        return _workspace(request, article, status=422)
    changes: dict = {}
    names: dict = {}
    if "edit" in request.POST:
        form = SuggestionEditForm(request.POST)
        if not form.is_valid():
            return _workspace(request, article, status=422, editing=suggestion, edit_form=form)
        data = form.cleaned_data
        changes = {"stance": data["stance"], "said_on": data["said_on"]}
        names["confirm_confusable"] = data["confirm_confusable"]
        # A record picked from the list, or the name typed for one.
        if data["actor"] is not None:
            changes["actor"] = data["actor"]
        else:
            names["actor_name"] = data["actor_name"]
        if data["claim"] is not None:
            changes["claim"] = data["claim"]
        else:
            names["claim_statement"] = data["claim_statement"]
        if data["start"] is not None and data["end"] is not None:
            names["passage"] = {"start": data["start"], "end": data["end"]}
    try:
        reviewed = attribution_review(
            attribution=suggestion,
            decision=decision,
            user=request.user,
            expected_version=version,
            changes=changes,
            **names,
        )
    except StaleVersion as exc:
        current = exc.current
        messages.error(
            request,
            stale_message(
                current,
                had=version,
                what="suggestion",
                doing="reviewing it",
                detail=current.get_review_state_display().lower(),
                then="review it again below",
            ),
        )
        return _workspace(request, article, status=409 if not request.htmx else 200)
    except ValidationError as exc:
        if isinstance(exc, DuplicateAttribution) or getattr(exc, "code", None) == "not_suggested":
            messages.error(request, exc.messages[0])
            return _workspace(request, article, status=409)
        form = SuggestionEditForm(request.POST or None, initial=_edit_initial(suggestion))
        form.is_valid()
        add_errors(form, exc)
        return _workspace(request, article, status=422, editing=suggestion, edit_form=form)
    undo = undo_tag(reviewed, passage_history_before(reviewed))
    if reviewed.review_state == ReviewState.CONFIRMED:
        messages.success(
            request,
            f"Confirmed: {reviewed.actor.name} {reviewed.stance} “{reviewed.claim.statement}”.",
            extra_tags=undo,
        )
    else:
        messages.info(request, "Suggestion rejected.", extra_tags=undo)
    if request.htmx:
        return _workspace(request, article)
    return redirect(f"{article.get_absolute_url()}#queue")
