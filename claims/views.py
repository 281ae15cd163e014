from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Case, Count, Exists, F, Max, Min, OuterRef, Q, Subquery, When
from django.db.models.functions import Coalesce
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from articles.models import Article
from claims.filters import ActorFilter, ClaimFilter
from claims.forms import ClaimEditForm, ClaimStatusForm
from claims.models import (
    STRONG_CREDIBILITY,
    Actor,
    ActorAlias,
    Attribution,
    Claim,
    ClaimRelation,
    ClaimStatus,
    Evidence,
    Relation,
    ReviewState,
    Stance,
)
from claims.search import actors_matching, articles_found, claims_matching
from claims.selectors import (
    claim_get,
    claim_stances_page,
    matrix_cell_counts,
    matrix_cell_links,
    stance_order_key,
    stance_when,
)
from claims.services import claim_check_status_right, claim_set_status, claim_update
from claims.statements import claim_stance_counts
from claims.tallies import claim_tally
from core.forms import CHOICES_LIMIT, add_errors
from core.history import with_changes
from core.pages import Sort, list_page
from core.params import parse_ids, search_words
from core.permissions import require_perm
from core.versions import StaleVersion, stale_message

PER_STANCE = 50
# A claim's page shows the earliest stances of each kind; "Show more" pages through the rest.
STANCES_PAGE = 20
SUGGESTED_SHOWN = 100
PAGE_SIZE = 25
MATRIX_CLAIMS, MATRIX_ACTORS, LINKS_PER_CELL = 12, 10, 5
CONFIRMED = Q(review_state=ReviewState.CONFIRMED)


def _with_stance_counts(claims):
    """Claims with their confirmed `asserts` and `denies` counts: from the claim's tally where it
    is current (claims/tallies.py), else counted by a subquery, which the database runs only for
    the rows a page shows whose tally is stale or missing. A claim with tens of thousands of
    stances costs one joined row, not a count of them all."""
    confirmed = (
        Attribution.objects.confirmed().filter(claim=OuterRef("pk")).order_by().values("claim")
    )
    return claims.annotate(
        **{
            name: Case(
                When(tally__stale=False, then=F(f"tally__{name}")),
                default=Coalesce(
                    Subquery(
                        confirmed.filter(stance=stance).annotate(n=Count("pk")).values("n")[:1]
                    ),
                    0,
                ),
            )
            for name, stance in (("asserts", Stance.ASSERTS), ("denies", Stance.DENIES))
        }
    )


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    recent_articles = (
        Article.objects.with_outlet().defer("text").order_by("-created_at", "-id")[:10]
    )
    # Each list picks its few rows by an index first; counts are then made for those rows only.
    contested = _with_stance_counts(Claim.objects.filter(status=ClaimStatus.CONTESTED)).order_by(
        "-updated_at"
    )[:10]
    recent_claims = Claim.objects.order_by("-updated_at")[:10]
    pending = Attribution.objects.suggested().filter(article=OuterRef("pk")).order_by()
    to_review = (
        Article.objects.defer("text")
        .filter(Exists(pending))
        .annotate(
            pending=Subquery(pending.values("article").annotate(n=Count("pk")).values("n")[:1])
        )
        .order_by("-created_at", "-id")[:5]
    )
    return render(
        request,
        "claims/home.html",
        {
            "recent_articles": recent_articles,
            "contested": contested,
            "recent_claims": recent_claims,
            "to_review": to_review,
        },
    )


@require_GET
def claim_detail(request: HttpRequest, claim_id: int) -> HttpResponse:
    claim = claim_get(claim_id=claim_id)
    if claim is None:
        raise Http404
    if claim.merged_into_id:
        # A merged claim's links keep working: they lead to the claim it became part of.
        return redirect("claim", claim.merged_into_id)
    return render(request, "claims/claim.html", _claim_context(claim))


@require_GET
def claim_stances(request: HttpRequest, claim_id: int) -> HttpResponse:
    """The next page of a claim's asserting or denying stances (htmx appends it to the list)."""
    claim = get_object_or_404(Claim, pk=claim_id)
    stance = request.GET.get("stance", Stance.ASSERTS)
    if stance not in Stance.values:
        return HttpResponse(
            "Choose stance=asserts or stance=denies.", status=400, content_type="text/plain"
        )
    rows, after = claim_stances_page(
        claim=claim, stance=stance, size=STANCES_PAGE, after=request.GET.get("after", "")[:40]
    )
    context = {"claim": claim, "stance": stance, "rows": rows, "after": after}
    if request.htmx:
        return render(request, "claims/stances.html#page", context)
    return render(request, "claims/stances.html", context)


def _claim_context(claim: Claim, **extra) -> dict:
    """Twelve queries, however many stances and evidence the claim has (lists are pages)."""
    tally = claim_tally(claim)
    counts = {
        "asserts": tally.asserts,
        "denies": tally.denies,
        # Counted up to a limit: "100+" says enough, and the index answers it at once.
        "suggested": Attribution.objects.filter(claim=claim)
        .suggested()
        .order_by()[: SUGGESTED_SHOWN + 1]
        .count(),
    }
    evidence = (
        Evidence.objects.filter(claim=claim)
        .select_related("source", "article__outlet")
        .only(
            "relation",
            "credibility",
            "start",
            "exact",
            "note",
            "claim_id",
            "source__name",
            "article__title",
            "article__published_on",
            "article__outlet__name",
        )
        .order_by("credibility", "pk")
    )
    strong = Q(credibility__lte=STRONG_CREDIBILITY)
    evidence_counts = Evidence.objects.filter(claim=claim).aggregate(
        supports=Count("pk", filter=Q(relation=Relation.SUPPORTS)),
        contradicts=Count("pk", filter=Q(relation=Relation.CONTRADICTS)),
        strong_supports=Count("pk", filter=strong & Q(relation=Relation.SUPPORTS)),
        strong_contradicts=Count("pk", filter=strong & Q(relation=Relation.CONTRADICTS)),
    )
    # What the suggested status weighs, from the counts already read (no query of its own).
    claim.asserted, claim.denied = tally.asserts > 0, tally.denies > 0
    claim.supported = evidence_counts["strong_supports"] > 0
    claim.contradicted = evidence_counts["strong_contradicts"] > 0
    asserted, asserted_after = claim_stances_page(
        claim=claim, stance=Stance.ASSERTS, size=STANCES_PAGE
    )
    denied, denied_after = claim_stances_page(claim=claim, stance=Stance.DENIES, size=STANCES_PAGE)
    related = [
        (r.get_kind_display().lower(), r.to_claim)
        if r.from_claim_id == claim.pk
        else (f"{r.get_kind_display().lower()} (from)", r.from_claim)
        for r in ClaimRelation.objects.filter(
            Q(from_claim=claim) | Q(to_claim=claim)
        ).select_related("from_claim", "to_claim")[:50]
    ]
    context = {
        "claim": claim,
        "counts": counts,
        "stance_counts": claim_stance_counts(claim),
        "asserted": asserted,
        "asserted_after": asserted_after,
        "denied": denied,
        "denied_after": denied_after,
        "evidence_counts": evidence_counts,
        "supporting": list(evidence.filter(relation=Relation.SUPPORTS)[:STANCES_PAGE]),
        "contradicting": list(evidence.filter(relation=Relation.CONTRADICTS)[:STANCES_PAGE]),
        # The earliest of both kinds: each list holds the earliest of its kind, so the merged
        # first page is the timeline's, with no query of its own.
        "timeline": sorted(asserted + denied, key=stance_order_key)[:STANCES_PAGE],
        "related": related,
        "history": with_changes(claim.history),
        "suggested_status": ClaimStatus(claim.suggested_status()),
        "status_form": ClaimStatusForm(initial={"status": claim.status, "version": claim.version}),
        "edit_form": ClaimEditForm(
            initial={"statement": claim.statement, "notes": claim.notes, "version": claim.version}
        ),
        "suggested_shown": SUGGESTED_SHOWN,
    }
    context.update(extra)
    return context


@require_POST
def claim_status(request: HttpRequest, claim_id: int) -> HttpResponse:
    # The service's rule, asked before reading the form so that a refused role gets its 403
    # whatever it sent; claim_set_status applies it again for every other caller.
    claim_check_status_right(user=request.user)
    claim = get_object_or_404(Claim, pk=claim_id)
    form = ClaimStatusForm(request.POST)
    status = 200
    if form.is_valid():
        try:
            claim = claim_set_status(
                claim=claim,
                status=form.cleaned_data["status"],
                user=request.user,
                expected_version=form.cleaned_data["version"],
            )
        except StaleVersion as exc:
            form.add_error(
                None,
                stale_message(
                    exc.current,
                    had=form.cleaned_data["version"],
                    detail=f"status “{exc.current.get_status_display()}”",
                ),
            )
            claim = exc.current
            status = 409
        except ValidationError as exc:
            form.add_error("status", exc.messages)
            status = 422
        else:
            messages.success(request, f"Status set to {claim.get_status_display()}.")
            if not request.htmx:
                return redirect(claim.get_absolute_url())
            form = ClaimStatusForm(initial={"status": claim.status, "version": claim.version})
    else:
        status = 422
    if request.htmx:
        # The status box alone; a conflict still swaps in (htmx is told 200) so the message shows.
        return render(
            request,
            "claims/claim.html#status",
            {
                "claim": claim,
                "status_form": form,
                "suggested_status": ClaimStatus(claim.suggested_status()),
            },
        )
    return render(
        request, "claims/claim.html", _claim_context(claim, status_form=form), status=status
    )


@require_POST
def claim_edit(request: HttpRequest, claim_id: int) -> HttpResponse:
    """An analyst corrects a claim's wording or notes. If someone changed the claim since the
    form was loaded, nothing is saved and the form says what it holds now."""
    require_perm(request, "claims.change_claim")
    claim = get_object_or_404(Claim, pk=claim_id)
    form = ClaimEditForm(request.POST)
    status = 422
    if form.is_valid():
        data = form.cleaned_data
        try:
            claim = claim_update(
                claim=claim,
                expected_version=data["version"],
                changes={"statement": data["statement"], "notes": data["notes"]},
                user=request.user,
            )
        except StaleVersion as exc:
            form.add_error(
                None,
                stale_message(
                    exc.current, had=data["version"], detail=f"“{exc.current.statement}”"
                ),
            )
            claim, status = exc.current, 409
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, "Claim saved.")
            return redirect(claim.get_absolute_url())
    return render(
        request,
        "claims/claim.html",
        _claim_context(claim, edit_form=form, editing=True),
        status=status,
    )


ACTOR_SORTS = {
    "name": Sort("Name, A to Z", "name"),
    "added": Sort("Newest added first", "pk", descending=True),
}


@require_GET
def actor_list(request: HttpRequest) -> HttpResponse:
    """Every actor, filtered as the API's actor list is (kind, affiliation, name or alias)."""
    filterset = ActorFilter(
        request.GET or None,
        queryset=Actor.objects.select_related("affiliation")
        .only("name", "kind", "role", "reliability", "affiliation__name")
        .prefetch_related("aliases"),
    )
    context = list_page(request, filterset, ACTOR_SORTS, "name", PAGE_SIZE)
    if request.htmx and request.htmx.target == "actor-results":
        return render(request, "claims/actors.html#results", context)
    return render(request, "claims/actors.html", context)


@require_GET
def actor_detail(request: HttpRequest, actor_id: int) -> HttpResponse:
    actor = get_object_or_404(
        Actor.objects.select_related("affiliation__affiliation__affiliation"), pk=actor_id
    )
    stances = Attribution.objects.filter(actor=actor).confirmed()
    by_claim = list(
        stances.values("claim_id", "claim__statement", "claim__status")
        .annotate(
            asserts=Count("pk", filter=Q(stance=Stance.ASSERTS)),
            denies=Count("pk", filter=Q(stance=Stance.DENIES)),
            first=Min(stance_when()),
            last=Max(stance_when()),
        )
        .order_by("claim__statement")[:PER_STANCE]
    )
    totals = stances.aggregate(stances=Count("pk"), claims=Count("claim", distinct=True))
    # By the date the statement was made (undated ones last, shown with the article's date), as
    # on the claim page: an index serves it however many stances the actor has.
    timeline = list(
        stances.select_related("claim", "article__outlet", "via")
        .only(
            "stance",
            "exact",
            "said_on",
            "article_id",
            "claim__statement",
            "article__outlet__name",
            "via__name",
        )
        .annotate(when=stance_when())
        .order_by(F("said_on").asc(nulls_last=True), "pk")[:PER_STANCE]
    )
    # Links formatted once, not reversed per row in the template (a reverse costs more than
    # the rest of a row).
    claim_href = reverse("claim", args=[0]).replace("0", "{}", 1)
    reader = reverse("reader", args=[0]).replace("0", "{}", 1) + "#attribution-{}"
    for row in by_claim:
        row["stance"] = (
            "both"
            if row["asserts"] and row["denies"]
            else ("asserts" if row["asserts"] else "denies")
        )
        row["href"] = claim_href.format(row["claim_id"])
    for stance in timeline:
        stance.href = reader.format(stance.article_id, stance.pk)
    return render(
        request,
        "claims/actor.html",
        {
            "actor": actor,
            "chain": actor.affiliation_chain(),
            "aliases": list(actor.aliases.all()),
            "members": list(actor.members.all()[:PER_STANCE]),
            "by_claim": by_claim,
            "totals": totals,
            "timeline": timeline,
            "evidence": list(
                Evidence.objects.filter(source=actor)
                .select_related("claim", "article")
                .defer("article__text")[:20]
            ),
            "history": with_changes(actor.history),
            "per_stance": PER_STANCE,
        },
    )


def claims_matched(request: HttpRequest):
    """The claims list's matches in its order, with their stance counts, and the FilterSet."""
    # The API's claim list filters with the same FilterSet, so both take the same parameters.
    filterset = ClaimFilter(request.GET or None, queryset=Claim.objects.current())
    # Invalid values are shown on the form and left out; the valid ones still filter.
    claims = filterset.qs
    data = filterset.form.cleaned_data if filterset.is_bound else {}
    if not data.get("q"):
        claims = claims.order_by("statement", "pk")  # a search orders by relevance
    return _with_stance_counts(claims), filterset


@require_GET
def claims_list(request: HttpRequest) -> HttpResponse:
    claims, filterset = claims_matched(request)
    data = filterset.form.cleaned_data if filterset.is_bound else {}
    page = Paginator(claims, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": filterset.form,
        "page": page,
        "query": query.urlencode(),
        "filtered": any(v not in (None, "") for v in data.values()),
    }
    if request.htmx and request.htmx.target == "claim-results":
        return render(request, "claims/list.html#results", context)
    return render(request, "claims/list.html", context)


@require_GET
def search(request: HttpRequest) -> HttpResponse:
    q = search_words(request.GET.get("q"))
    context: dict = {"q": q}
    if q:
        articles, ranked_recent = articles_found(q)
        context.update(
            articles=articles,
            ranked_recent=ranked_recent,
            claims=list(claims_matching(q, Claim.objects.current(), notes=False)[:20]),
            actors=list(actors_matching(q)[:20]),
        )
    if request.htmx and request.htmx.target == "search-results":
        return render(request, "claims/search.html#results", context)
    return render(request, "claims/search.html", context)


def _ids(request: HttpRequest, name: str) -> list[int]:
    return parse_ids(request.GET.getlist(name), limit=50)


def matrix_grid(request: HttpRequest):
    """The matrix's claims, actors and rows of cells for the request's choice (`claim`, `actor`).
    Without a choice: the most-discussed claims and the actors most heard on them."""
    claim_ids, actor_ids = _ids(request, "claim"), _ids(request, "actor")
    confirmed = Q(attributions__review_state=ReviewState.CONFIRMED)
    if claim_ids:
        claims = list(Claim.objects.current().filter(pk__in=claim_ids))
    else:
        claims = list(
            Claim.objects.current()
            .annotate(n=Count("attributions", filter=confirmed))
            .filter(n__gt=0)
            .order_by("-n", "statement")[:MATRIX_CLAIMS]
        )
    if actor_ids:
        actors = list(Actor.objects.filter(pk__in=actor_ids))
    else:
        on_claims = Q(attributions__claim__in=[c.pk for c in claims])
        actors = list(
            Actor.objects.annotate(n=Count("attributions", filter=confirmed & on_claims))
            .filter(n__gt=0)
            .order_by("-n", "name")[:MATRIX_ACTORS]
        )
    actors_by_pk = {actor.pk: actor for actor in actors}
    cells: dict[tuple[int, int], dict] = {}
    chosen = {"claim_ids": [c.pk for c in claims], "actor_ids": [a.pk for a in actors]}
    # Counted in the database, so a cell with thousands of stances costs one row, not thousands.
    for claim_id, actor_id, stance, n, statements in matrix_cell_counts(**chosen):
        cell = cells.setdefault(
            (claim_id, actor_id),
            {"stances": set(), "links": [], "more": 0, "total": 0, "statements": 0},
        )
        cell["stances"].add(stance)
        cell["total"] += n
        cell["statements"] += statements
    # The first few passages of each cell.
    first_links = matrix_cell_links(**chosen, per_cell=LINKS_PER_CELL)
    # Links are formatted here, not reversed per cell in the template: a 50 x 50 grid has
    # thousands of them.
    reader = reverse("reader", args=[0]).replace("0", "{}", 1) + "#attribution-{}"
    for pk, claim_id, actor_id, stance, article_id, outlet, when in first_links:
        if (claim_id, actor_id) not in cells:
            continue  # recorded by someone else since the cells were counted: the next view shows it
        cells[(claim_id, actor_id)]["links"].append(
            {
                "pk": pk,
                "article_id": article_id,
                "stance": stance,
                "href": reader.format(article_id, pk),
                "outlet": outlet or "unknown outlet",
                "when": when,
            }
        )
    for (_claim, actor_id), cell in cells.items():
        cell["more"] = cell["total"] - len(cell["links"])
        cell["value"] = "both" if len(cell["stances"]) == 2 else next(iter(cell["stances"]))
        cell["actor"] = actors_by_pk[actor_id]
    # Most of a large grid is empty: one "nothing recorded" cell per actor serves every row.
    empty = [(actor.pk, {"actor": actor, "value": "none"}) for actor in actors]
    grid = [
        (claim, [cells.get((claim.pk, actor_pk), nothing) for actor_pk, nothing in empty])
        for claim in claims
    ]
    return claims, actors, grid


@require_GET
def matrix(request: HttpRequest) -> HttpResponse:
    """Claims by actors, each cell linking to the passages that say so."""
    claims, actors, grid = matrix_grid(request)
    return render(
        request,
        "claims/matrix.html",
        {
            "claims": claims,
            "actors": actors,
            "grid": grid,
            "chosen_claims": {c.pk for c in claims},
            "chosen_actors": {a.pk for a in actors},
            "claim_choices": Claim.objects.current().values_list("pk", "statement")[:CHOICES_LIMIT],
            "actor_choices": Actor.objects.values_list("pk", "name")[:CHOICES_LIMIT],
        },
    )


@require_GET
def actor_options(request: HttpRequest) -> HttpResponse:
    """Autocomplete: actors whose name or an alias contains what was typed (two queries)."""
    q = _typed(request, "actor_name", "source_name")
    actors = []
    if q:
        alias_of = ActorAlias.objects.filter(name__icontains=q).values("actor_id")
        actors = list(
            Actor.objects.filter(Q(name__icontains=q) | Q(pk__in=alias_of))
            .prefetch_related("aliases")
            .order_by("name")[:8]
        )
    exact = any(
        a.name.lower() == q.lower() or any(x.name.lower() == q.lower() for x in a.aliases.all())
        for a in actors
    )
    return render(
        request,
        "claims/_options.html",
        {
            "q": q,
            "options": [
                {
                    "id": a.pk,
                    "name": a.name,
                    "detail": ", ".join([x.name for x in a.aliases.all()][:4]) or a.role,
                }
                for a in actors
            ],
            "exact": exact,
            "noun": "actor",
        },
    )


@require_GET
def claim_options(request: HttpRequest) -> HttpResponse:
    q = _typed(request, "claim_statement")
    claims = (
        list(Claim.objects.current().filter(statement__icontains=q).order_by("statement")[:8])
        if q
        else []
    )
    exact = any(c.statement.lower() == q.lower() for c in claims)
    return render(
        request,
        "claims/_options.html",
        {
            "q": q,
            "options": [
                {"id": c.pk, "name": c.statement, "detail": c.get_status_display()} for c in claims
            ],
            "exact": exact,
            "noun": "claim",
        },
    )


def _typed(request: HttpRequest, *names: str) -> str:
    for name in ("q", *names):
        value = search_words(request.GET.get(name))
        if value:
            return value
    return ""
