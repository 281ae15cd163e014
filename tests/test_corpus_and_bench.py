"""The synthetic archive and the benchmark that runs on it, at a size a test can afford."""

import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count

from articles.models import Article
from claims.models import Attribution, Claim, ClaimTally, Evidence

pytestmark = pytest.mark.django_db


def test_it_builds_a_long_tailed_archive_with_valid_passages_and_current_tallies():
    call_command("generate_corpus", articles=120, stdout=io.StringIO())
    assert Article.objects.count() == 120
    confirmed = Attribution.objects.filter(review_state="confirmed")
    assert confirmed.count() > 600
    assert Attribution.objects.filter(review_state="suggested").exists()
    assert Evidence.objects.exists()
    # Every passage quotes its article's text exactly where it points.
    for attribution in Attribution.objects.select_related("article")[:300]:
        assert attribution.article.text[attribution.start : attribution.end] == attribution.exact
    # A long tail: the busiest claim carries far more stances than the typical one.
    sizes = sorted(confirmed.values("claim").annotate(n=Count("pk")).values_list("n", flat=True))
    assert sizes[-1] >= 8 * sizes[len(sizes) // 2]
    # Bulk rows skip per-write bookkeeping; the command counts every tally at the end.
    assert not ClaimTally.objects.filter(stale=True).exists()
    assert ClaimTally.objects.count() == Claim.objects.count()
    for tally in ClaimTally.objects.all()[:20]:
        assert tally.asserts == confirmed.filter(claim_id=tally.claim_id, stance="asserts").count()


def test_it_refuses_an_empty_archive_size():
    with pytest.raises(CommandError, match="at least 1"):
        call_command("generate_corpus", articles=0)


def test_the_benchmark_reports_every_page_and_endpoint_in_the_documented_layout():
    call_command("generate_corpus", articles=60, stdout=io.StringIO())
    out = io.StringIO()
    call_command("bench", json=True, requests=2, imports=3, import_workers=1, stdout=out)
    report = json.loads(out.getvalue())
    assert set(report["pages"]) == {
        "claim",
        "article_reader",
        "actor",
        "claims_list_filtered",
        "search",
        "matrix_50x50",
        "home",
    }
    assert set(report["api"]) == {
        "claims_list_100",
        "claim_detail",
        "attributions_filtered",
        "claimreview_export",
    }
    for row in [*report["pages"].values(), *report["api"].values()]:
        assert {"p50_ms", "p95_ms", "queries", "floor_ms", "ratio_to_floor"} <= set(row)
        assert row["p95_ms"] >= row["p50_ms"] > 0 and row["queries"] > 0
    assert report["import"]["articles_per_s"] > 0 and report["suggest"]["articles_per_s"] > 0
    assert report["peak_rss_mb"] > 0
    # The import it times is rolled back.
    assert Article.objects.count() == 60


def test_the_benchmark_needs_data():
    with pytest.raises(CommandError, match="generate_corpus"):
        call_command("bench", json=True)


# Earlier tests leave threads behind (the live server's, the browser driver's); the forked
# worker only opens its own database connection and runs the import, touching none of them.
@pytest.mark.filterwarnings("ignore:This process .* is multi-threaded:DeprecationWarning")
@pytest.mark.django_db(transaction=True)
def test_the_benchmark_streams_a_batch_through_a_worker_process_and_rolls_it_back():
    from django.db import connection

    from articles.models import ImportBatch

    if connection.vendor != "postgresql":
        pytest.skip(
            "The streaming worker is a forked process with its own connection, which the suite's "
            "in-memory SQLite database cannot have: run with DATABASE_URL=postgres://…"
        )
    call_command("generate_corpus", articles=30, stdout=io.StringIO())
    articles = Article.objects.count()
    out = io.StringIO()
    call_command("bench", json=True, requests=1, imports=2, import_workers=1, stream=40, stdout=out)
    stream = json.loads(out.getvalue())["stream"]
    assert (stream["articles"], stream["first_articles"]) == (40, 40)
    assert stream["peak_rss_mb"] >= stream["peak_rss_mb_after_first"] > 0
    assert stream["articles_per_s"] > 0
    assert Article.objects.count() == articles and not ImportBatch.objects.exists()
