"""Exports from the pages, for hand-offs: a claim's stances and evidence as CSV and as a
citation-ready report, and the claims list and the matrix as CSV with the page's filters.

The ClaimReview JSON-LD is the API's (`/api/v1/claims/<id>/claimreview/`); the pages link to it.
CSV streams row by row however large the claim; the report shows the first REPORT_ROWS of each
stance and points at the CSV for the rest.
"""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET

from claims.models import Claim, Evidence, Stance
from claims.selectors import claim_get, claim_stance_rows
from claims.views import claims_matched, matrix_grid
from core.spreadsheet import csv_response

REPORT_ROWS = 25
CLAIM_CSV_COLUMNS = [
    "record",
    "id",
    "stance_or_relation",
    "actor_or_source",
    "quote",
    "said_on",
    "said_on_text",
    "outlet",
    "published_on",
    "article_title",
    "article_url",
    "passage_link",
    "credibility",
]


def _claim_or_404(claim_id: int) -> Claim:
    claim = claim_get(claim_id=claim_id)
    if claim is None:
        raise Http404
    return claim


def _evidence(claim: Claim):
    return (
        Evidence.objects.filter(claim=claim)
        .select_related("source", "article__outlet")
        .only(
            "relation",
            "exact",
            "start",
            "end",
            "credibility",
            "note",
            "article_id",
            "source__name",
            "article__title",
            "article__url",
            "article__published_on",
            "article__outlet__name",
        )
        .order_by("pk")
    )


def _reader_link(request: HttpRequest):
    base = request.build_absolute_uri(reverse("reader", args=[0])).replace("/0/", "/{}/", 1)
    return base + "#{}"


def _outlet(article) -> str:
    return article.outlet.name if article.outlet_id else ""


@require_GET
def claim_csv(request: HttpRequest, claim_id: int) -> HttpResponse:
    """Every confirmed stance (in the claim page's order), then every evidence link."""
    claim = _claim_or_404(claim_id)
    if claim.merged_into_id:
        return redirect("claim-csv", claim.merged_into_id)
    link = _reader_link(request)

    def rows():
        for a in claim_stance_rows(claim, reports=False).iterator(chunk_size=2000):
            yield [
                "attribution",
                a.pk,
                a.stance,
                a.actor.name + (f" (via {a.via.name})" if a.via_id else ""),
                a.exact,
                a.said_on or "",
                a.said_on_text,
                _outlet(a.article),
                a.article.published_on or "",
                a.article.title,
                a.article.url,
                link.format(a.article_id, f"attribution-{a.pk}"),
                "",
            ]
        for e in _evidence(claim).iterator(chunk_size=2000):
            yield [
                "evidence",
                e.pk,
                e.relation,
                e.source.name if e.source_id else "",
                e.exact if e.start is not None else "",
                "",
                "",
                _outlet(e.article),
                e.article.published_on or "",
                e.article.title,
                e.article.url,
                link.format(e.article_id, f"evidence-{e.pk}" if e.start is not None else ""),
                e.get_credibility_display(),
            ]

    return csv_response(CLAIM_CSV_COLUMNS, rows(), f"claim-{claim.pk}.csv")


@require_GET
def claim_report(request: HttpRequest, claim_id: int) -> HttpResponse:
    """The claim as one would cite it: its statement and status, who asserted and who denied it
    (quote, outlet, date, link), and the evidence with its grades. Printable as it is."""
    claim = _claim_or_404(claim_id)
    if claim.merged_into_id:
        return redirect("claim-report", claim.merged_into_id)
    link = _reader_link(request)
    sections = []
    for stance, title in ((Stance.ASSERTS, "Asserted by"), (Stance.DENIES, "Denied by")):
        rows = list(
            claim_stance_rows(claim, reports=False).filter(stance=stance)[: REPORT_ROWS + 1]
        )
        for a in rows:
            a.link = link.format(a.article_id, f"attribution-{a.pk}")
        sections.append(
            {
                "stance": stance,
                "title": title,
                "rows": rows[:REPORT_ROWS],
                "more": len(rows) > REPORT_ROWS,
            }
        )
    evidence = list(_evidence(claim)[: REPORT_ROWS + 1])
    for e in evidence:
        e.link = link.format(e.article_id, f"evidence-{e.pk}" if e.start is not None else "")
    return render(
        request,
        "claims/report.html",
        {
            "claim": claim,
            "sections": sections,
            "evidence": evidence[:REPORT_ROWS],
            "more_evidence": len(evidence) > REPORT_ROWS,
            "claim_url": request.build_absolute_uri(claim.get_absolute_url()),
            "report_rows": REPORT_ROWS,
        },
    )


@require_GET
def claims_csv(request: HttpRequest) -> HttpResponse:
    """The claims list's matches, with its filters, as CSV (in the list's order)."""
    claims, _form = claims_matched(request)
    base = request.build_absolute_uri("/")[:-1]
    rows = (
        [c.pk, c.statement, c.status, c.asserts, c.denies, c.notes, base + c.get_absolute_url()]
        for c in claims.iterator(chunk_size=500)
    )
    return csv_response(
        ["id", "statement", "status", "asserts", "denies", "notes", "url"], rows, "claims.csv"
    )


@require_GET
def matrix_csv(request: HttpRequest) -> HttpResponse:
    """The matrix shown for the same choice of claims and actors: a row per claim, a column per
    actor, each cell the stance (asserts, denies, both or empty) and its statement count."""
    claims, actors, grid = matrix_grid(request)
    header = ["claim_id", "claim"] + [f"{actor.name} (#{actor.pk})" for actor in actors]
    rows = (
        [claim.pk, claim.statement]
        + [
            ""
            if cell["value"] == "none"
            else f"{cell['value']} ({cell['statements']} statement{'' if cell['statements'] == 1 else 's'}"
            f"{'' if cell['total'] == cell['statements'] else ', ' + str(cell['total']) + ' reports'})"
            for cell in row
        ]
        for claim, row in grid
    )
    return csv_response(header, rows, "matrix.csv")
