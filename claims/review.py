"""Reviewing suggestions across articles: /suggestions/ lists them with the API's filters
(article, actor, rule, confidence, text), and accepts or rejects several at once: those ticked,
or every one the filters match."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Value
from django.db.models.functions import Coalesce
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods

from claims.filters import SuggestionFilter
from claims.models import Attribution, ReviewState
from claims.services import BULK_REVIEW_LIMIT, suggestions_review
from core.pages import Sort, cursor_page
from core.params import parse_ids
from core.permissions import require_perm

REVIEW_PAGE = 50
# Undecided confidence sorts last; the expression matches an index of its own.
CONFIDENCE_KEY = Coalesce("confidence", Value(0.0))
ORDER = Sort("Most confident first", "confidence_key", descending=True)


def _suggestions(data):
    filterset = SuggestionFilter(
        data or None,
        queryset=Attribution.objects.suggested()
        .select_related("actor", "claim", "article__outlet")
        .only(
            "stance",
            "exact",
            "said_on",
            "rule",
            "confidence",
            "version",
            "proposed_actor",
            "proposed_claim",
            "article_id",
            "actor__name",
            "claim__statement",
            "article__title",
            "article__outlet__name",
        )
        .annotate(confidence_key=CONFIDENCE_KEY),
    )
    return filterset


@require_http_methods(["GET", "POST"])
def suggestions(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        return _review(request)
    filterset = _suggestions(request.GET)
    page = cursor_page(filterset.qs, ORDER, request.GET.get("cursor"), REVIEW_PAGE)
    query = request.GET.copy()
    query.pop("cursor", None)
    context = {
        "form": filterset.form,
        "page": page,
        "query": query.urlencode(),
        "limit": BULK_REVIEW_LIMIT,
    }
    if request.htmx and request.htmx.target == "review-results":
        return render(request, "claims/suggestions.html#results", context)
    return render(request, "claims/suggestions.html", context)


def _review(request: HttpRequest) -> HttpResponse:
    """Accept or reject the ticked suggestions, or all the filters match (up to the limit)."""
    require_perm(request, "claims.review_attribution")
    decision = request.POST.get("decision")
    if request.POST.get("scope") == "matching":
        filterset = _suggestions(request.POST)
        ids = list(
            filterset.qs.order_by("-confidence_key", "-pk").values_list("pk", flat=True)[
                :BULK_REVIEW_LIMIT
            ]
        )
    else:
        ids = parse_ids(request.POST.getlist("ids"), limit=BULK_REVIEW_LIMIT + 1)
    if not ids:
        messages.error(
            request, "Tick the suggestions to review, or choose every one the filters match."
        )
    else:
        try:
            result = suggestions_review(ids=ids, decision=decision, user=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            verb = "Accepted" if decision == ReviewState.CONFIRMED else "Rejected"
            if result.done:
                messages.success(
                    request,
                    f"{verb} {len(result.done)} suggestion{'s' if len(result.done) != 1 else ''}.",
                )
            for pk, why in result.refused[:10]:
                messages.warning(request, f"Suggestion #{pk} was left as it is: {why}")
            if len(result.refused) > 10:
                messages.warning(request, f"{len(result.refused) - 10} more were left as they are.")
    # Back to the page that asked (the reader's queue), if it is this site's; else to the list
    # as it was filtered (its query string, re-encoded: nothing else).
    after = request.POST.get("next", "")
    if after.startswith("/") and url_has_allowed_host_and_scheme(after, allowed_hosts=None):
        return redirect(after)
    back = QueryDict(request.POST.get("back", "")).urlencode()
    return redirect(f"/suggestions/?{back}" if back else "/suggestions/")
