"""The synthetic archive and the benchmark that runs on it, at a size a test can afford."""

import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count

from articles.models import Article
from claims.models import Attribution, Claim, ClaimTally, Evidence, Statement

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
        "articles_list",
        "actors_list",
        "suggestions",
        "claim_report",
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


def _shape() -> dict:
    """What an archive holds, row by row, by the names and words its rows carry (ids and
    timestamps aside, which differ between two builds)."""
    return {
        "articles": sorted(
            Article.objects.values_list(
                "title",
                "outlet__name",
                "published_on",
                "text",
                "content_hash",
                "created_by__username",
                "language",
                "url",
                "version",
            )
        ),
        "statements": sorted(
            Statement.objects.values_list(
                "actor__name", "claim__statement", "stance", "said_on"
            ).annotate(n=Count("attributions"))
        ),
        "attributions": sorted(
            Attribution.objects.values_list(
                "article__title",
                "start",
                "end",
                "exact",
                "prefix",
                "suffix",
                "actor__name",
                "claim__statement",
                "stance",
                "said_on",
                "said_on_text",
                "is_direct_quote",
                "review_state",
                "origin",
                "rule",
                "confidence",
                "reviewed_by__username",
                "created_by__username",
                "statement__actor__name",
                "statement__said_on",
                "version",
                "outlet__name",
            )
        ),
        "evidence": sorted(
            Evidence.objects.values_list(
                "article__title",
                "start",
                "end",
                "exact",
                "claim__statement",
                "relation",
                "credibility",
                "version",
            )
        ),
        "tallies": sorted(
            ClaimTally.objects.values_list(
                "claim__statement", "stale", *(f.attname for f in ClaimTally._meta.fields[2:-1])
            )
        ),
    }


def test_copy_builds_the_same_archive_as_bulk_create():
    from django.contrib.auth import get_user_model
    from django.db import connection, transaction

    if connection.vendor != "postgresql":
        pytest.skip("COPY is PostgreSQL's: run with DATABASE_URL=postgres://…")
    # A signed-in author for the rows that name one (created_by, reviewed_by).
    get_user_model().objects.create_superuser("corpus-admin", password="x-long-password-1")
    with transaction.atomic():
        call_command("generate_corpus", articles=40, bulk="orm", stdout=io.StringIO())
        by_orm = _shape()
        transaction.set_rollback(True)
    assert not Article.objects.exists()
    statements = []

    def record(execute, sql, params, many, context):
        statements.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        call_command("generate_corpus", articles=40, stdout=io.StringIO())
    # The bulk tables were written by COPY (ids taken from their sequences), not by INSERT.
    assert sum("pg_get_serial_sequence" in sql for sql in statements) == 4
    assert not [sql for sql in statements if sql.startswith('INSERT INTO "claims_attribution"')]
    by_copy = _shape()
    assert by_copy == by_orm
    assert len(by_copy["articles"]) == 40 and len(by_copy["attributions"]) > 300
    assert by_copy["statements"] and by_copy["evidence"] and by_copy["tallies"]
    assert all(
        row[16] == "corpus-admin" for row in by_copy["attributions"] if row[12] == "confirmed"
    )


def test_copy_is_refused_where_the_database_has_none():
    from django.db import connection

    if connection.vendor == "postgresql":
        pytest.skip("PostgreSQL has COPY")
    with pytest.raises(CommandError, match="needs PostgreSQL"):
        call_command("generate_corpus", articles=5, bulk="copy", stdout=io.StringIO())
    assert not Article.objects.exists()


def test_the_benchmark_compares_itself_with_an_earlier_report(tmp_path):
    call_command("generate_corpus", articles=60, stdout=io.StringIO())
    out = io.StringIO()
    call_command("bench", json=True, requests=2, pages_only=True, rounds=2, stdout=out)
    earlier = json.loads(out.getvalue())
    assert "import" not in earlier and "suggest" not in earlier and earlier["rounds"] == 2
    (tmp_path / "small.json").write_text(out.getvalue())
    # Twice the archive.
    call_command("generate_corpus", articles=60, stdout=io.StringIO())
    out = io.StringIO()
    call_command(
        "bench",
        json=True,
        requests=2,
        pages_only=True,
        compare=str(tmp_path / "small.json"),
        stdout=out,
    )
    report = json.loads(out.getvalue())
    comparison = report["compare"]
    assert comparison["articles"] == [60, 120]
    assert set(comparison["pages"]) == set(earlier["pages"])
    assert set(comparison["api"]) == set(earlier["api"])
    for group in ("pages", "api"):
        for name, row in comparison[group].items():
            assert row["p95_ms"] == [earlier[group][name]["p95_ms"], report[group][name]["p95_ms"]]
            assert row["p95_growth"] == round(row["p95_ms"][1] / row["p95_ms"][0], 2)
            # Every page and endpoint reads the same number of queries at twice the size.
            assert row["queries"][0] == row["queries"][1] > 0, name
            assert row["queries_change"] == 0


def _report(path, articles: int, pages: dict, api: dict):
    def rows(items):
        return {
            name: {
                "p50_ms": p95 / 2,
                "p95_ms": p95,
                "queries": queries,
                "floor_ms": 1.0,
                "ratio_to_floor": p95 / 2,
            }
            for name, (p95, queries) in items.items()
        }

    path.write_text(json.dumps({"articles": articles, "pages": rows(pages), "api": rows(api)}))
    return str(path)


def test_the_comparison_of_two_saved_reports_is_a_table_and_json(tmp_path):
    old = _report(
        tmp_path / "old.json",
        20000,
        {"claim": (10.0, 12), "matrix": (40.0, 8)},
        {"detail": (4.0, 4)},
    )
    new = _report(
        tmp_path / "new.json",
        200000,
        {"claim": (25.0, 12), "matrix": (80.0, 9), "home": (9.0, 6)},
        {"detail": (4.4, 4)},
    )
    out = io.StringIO()
    call_command("bench", compare=old, current=new, stdout=out)
    table = out.getvalue()
    assert "| 20,000 → 200,000 articles | p95 ms at 20,000 | p95 ms at 200,000 |" in table
    assert "| page: claim | 10.0 | 25.0 | ×2.5 | 12 | 12 | flat |" in table
    assert "| page: matrix | 40.0 | 80.0 | ×2.0 | 8 | 9 | +1 |" in table
    assert "| page: home | - | 9.0 | - | - | 6 | - |" in table
    assert "| API: detail | 4.0 | 4.4 | ×1.1 | 4 | 4 | flat |" in table
    out = io.StringIO()
    call_command("bench", json=True, compare=old, current=new, stdout=out)
    comparison = json.loads(out.getvalue())["compare"]
    assert comparison["pages"]["matrix"] == {
        "p95_ms": [40.0, 80.0],
        "queries": [8, 9],
        "ratio_to_floor": [20.0, 40.0],
        "p95_growth": 2.0,
        "queries_change": 1,
    }
    assert comparison["pages"]["home"]["p95_growth"] is None


def test_the_benchmark_refuses_no_rounds():
    with pytest.raises(CommandError, match="at least 1"):
        call_command("bench", rounds=0)


def test_the_comparison_needs_an_earlier_report(tmp_path):
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("bench", compare=str(tmp_path / "missing.json"), current=str(tmp_path / "x"))
    (tmp_path / "other.json").write_text('{"articles": 3}')
    with pytest.raises(CommandError, match="not a bench --json report"):
        call_command("bench", compare=str(tmp_path / "other.json"), current=str(tmp_path / "x"))
    with pytest.raises(CommandError, match="goes with --compare"):
        call_command("bench", current=str(tmp_path / "other.json"))
