"""Speed of every page and API endpoint on the current database, against the raw-SQL floor."""

import multiprocessing
import random
import resource
import statistics
import time
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, connections, transaction
from django.db.models import Count
from django.test import Client
from rest_framework.authtoken.models import Token

from articles.models import Article
from claims.models import Actor, Attribution, Claim

SEEDS = Path(settings.BASE_DIR) / "seeds"


class _Rollback(Exception):
    pass


def _import_share(texts: list[str]) -> None:
    from articles.services import article_bulk_import

    try:
        with transaction.atomic():
            results = article_bulk_import(items=[{"text": text} for text in texts], suggest=True)
            if sum(r.created for r in results) != len(texts):
                raise CommandError("The import benchmark's articles were not all stored.")
            raise _Rollback
    except _Rollback:
        pass


def _import_share_in_worker(texts: list[str]) -> None:
    try:
        _import_share(texts)
    finally:
        connections.close_all()


def _rss_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def _queue_batch(texts, start: int, count: int):
    """A batch of `count` seed-like articles, its items written a chunk at a time (as the upload's
    would be, without holding them all)."""
    from articles.models import ImportBatch, ImportItem

    batch = ImportBatch.objects.create(total=count, suggest=True)
    for first in range(0, count, 500):
        ImportItem.objects.bulk_create(
            ImportItem(batch=batch, position=n, text=texts(start + n))
            for n in range(first, min(count, first + 500))
        )
    return batch


def _stream_in_worker(count: int, texts, pipe) -> None:
    """What a batch worker does with a batch of `count` articles, in a process of its own: the
    peak memory after its first 1,000 articles and after all of them. Rolled back afterwards."""
    from articles.tasks import import_batch_run

    first = min(1000, count)
    try:
        with transaction.atomic():
            report = {"articles": count, "first_articles": first}
            started = time.perf_counter()
            import_batch_run.call(_queue_batch(texts, 0, first).pk)
            report["peak_rss_mb_after_first"] = _rss_mb()
            if count > first:
                import_batch_run.call(_queue_batch(texts, first, count - first).pk)
            report["articles_per_s"] = round(count / (time.perf_counter() - started), 1)
            report["peak_rss_mb"] = _rss_mb()
            pipe.send(report)
            raise _Rollback
    except _Rollback:
        pass
    finally:
        connections.close_all()


def _percentile(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def _first_rows(claims: str, table: str, where: str, order: str, limit: int) -> str:
    """`t`: the first `limit` rows of `table` for each claim `claims` selects (by `order`), read from
    an index per claim on PostgreSQL (LATERAL), ranked by a window function on SQLite."""
    if connection.vendor == "postgresql":
        return (
            f"WITH t AS MATERIALIZED (SELECT t.* FROM ({claims}) c CROSS JOIN LATERAL "
            f"(SELECT * FROM {table} t WHERE t.claim_id = c.id {where} ORDER BY {order} LIMIT {limit}) t) "
        )
    return (
        f"WITH t AS (SELECT * FROM (SELECT *, ROW_NUMBER() OVER (PARTITION BY claim_id ORDER BY {order}) AS n "
        f"FROM {table} t WHERE t.claim_id IN ({claims}) {where}) t WHERE n <= {limit}) "
    )


def _brief_floors(claims: str, limit: int) -> list[str]:
    """The claims' first confirmed stances and evidence links with what their briefs show."""
    return [
        _first_rows(
            claims,
            "claims_attribution",
            "AND t.review_state = 'confirmed'",
            "t.said_on, t.id",
            limit,
        )
        + "SELECT t.claim_id, t.id, t.stance, t.exact, t.said_on, t.is_direct_quote, ac.id, ac.name, ar.id, "
        "ar.title, ar.url, ar.published_on, o.name FROM t JOIN claims_actor ac ON ac.id = t.actor_id "
        "JOIN articles_article ar ON ar.id = t.article_id LEFT JOIN articles_outlet o ON o.id = ar.outlet_id",
        _first_rows(claims, "claims_evidence", "", "t.id", limit)
        + "SELECT t.claim_id, t.id, t.relation, t.credibility, t.exact, s.id, s.name, ar.id, ar.title, ar.url, "
        "ar.published_on, o.name FROM t JOIN articles_article ar ON ar.id = t.article_id "
        "LEFT JOIN articles_outlet o ON o.id = ar.outlet_id LEFT JOIN claims_actor s ON s.id = t.source_id",
    ]


def _read_report(path: str) -> dict:
    try:
        report = __import__("json").loads(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise CommandError(f"Cannot read {path}: {exc.strerror}.") from None
    except ValueError as exc:
        raise CommandError(f"{path} is not JSON: {exc}.") from None
    if not isinstance(report, dict) or not all(
        isinstance(report.get(group), dict) for group in ("pages", "api")
    ):
        raise CommandError(f"{path} is not a bench --json report (it has no pages and api).")
    return report


def compare_reports(old: dict, new: dict) -> dict:
    """How each page's and endpoint's p95 and query count changed from `old` to `new` (two
    bench --json reports, typically at two archive sizes). A page or endpoint measured in one
    report only is listed with None for the other."""
    rows = {}
    for group in ("pages", "api"):
        rows[group] = {}
        for name in [*new[group], *(n for n in old[group] if n not in new[group])]:
            before, after = old[group].get(name), new[group].get(name)
            row = {
                "p95_ms": [before and before["p95_ms"], after and after["p95_ms"]],
                "queries": [before and before["queries"], after and after["queries"]],
                "ratio_to_floor": [
                    before and before.get("ratio_to_floor"),
                    after and after.get("ratio_to_floor"),
                ],
                "p95_growth": None,
                "queries_change": None,
            }
            if before and after:
                if before["p95_ms"]:
                    row["p95_growth"] = round(after["p95_ms"] / before["p95_ms"], 2)
                row["queries_change"] = after["queries"] - before["queries"]
            rows[group][name] = row
    return {
        "articles": [old.get("articles"), new.get("articles")],
        "attributions": [old.get("attributions"), new.get("attributions")],
        **rows,
    }


def compare_table(comparison: dict) -> str:
    """The comparison as a Markdown table: p95 and queries at each size, and how they grew."""

    def size(n):
        return "?" if n is None else f"{n:,}"

    def ms(value):
        return "-" if value is None else f"{value:.1f}"

    old, new = (size(n) for n in comparison["articles"])
    lines = [
        f"| {old} → {new} articles | p95 ms at {old} | p95 ms at {new} | p95 growth "
        f"| queries at {old} | queries at {new} | queries change |",
        "|---|---|---|---|---|---|---|",
    ]
    for group, label in (("pages", "page"), ("api", "API")):
        for name, row in comparison[group].items():
            growth = "-" if row["p95_growth"] is None else f"×{row['p95_growth']}"
            change = row["queries_change"]
            change = "-" if change is None else ("flat" if change == 0 else f"{change:+d}")
            queries = ["-" if q is None else str(q) for q in row["queries"]]
            lines.append(
                f"| {label}: {name} | {ms(row['p95_ms'][0])} | {ms(row['p95_ms'][1])} | {growth} "
                f"| {queries[0]} | {queries[1]} | {change} |"
            )
    return "\n".join(lines)


class Command(BaseCommand):
    help = "Measure p50/p95 latency and query counts of pages and API endpoints, import and suggestion throughput."

    def add_arguments(self, parser):
        parser.add_argument("--json", action="store_true", help="Print one JSON document")
        parser.add_argument(
            "--requests", type=int, default=40, help="Timed requests per page or endpoint"
        )
        parser.add_argument(
            "--imports", type=int, default=1000, help="Seed-like articles imported (rolled back)"
        )
        parser.add_argument(
            "--import-workers",
            type=int,
            default=settings.IMPORT_WORKERS,
            help="Import processes sharing them, as batch workers do (1: in this process)",
        )
        parser.add_argument(
            "--stream",
            type=int,
            default=0,
            metavar="N",
            help="Also stream N seed-like articles through one batch worker and report its memory "
            "after the first 1,000 and at the end (rolled back; 20000 takes some minutes)",
        )
        parser.add_argument(
            "--rounds",
            type=int,
            default=1,
            help="Measure every page and endpoint this many times in turn and keep each one's "
            "round with the lowest p95 (for a machine shared with other work)",
        )
        parser.add_argument(
            "--pages-only",
            action="store_true",
            help="Measure the pages and API endpoints only (no import, suggestion or stream)",
        )
        parser.add_argument(
            "--compare",
            metavar="OLD.json",
            help="Report how each page's and endpoint's p95 and query count changed since this "
            "earlier --json output (another archive size, say)",
        )
        parser.add_argument(
            "--current",
            metavar="NEW.json",
            help="With --compare: compare this saved --json output instead of measuring now",
        )

    def handle(
        self,
        *args,
        json: bool,
        requests: int,
        imports: int,
        import_workers: int,
        stream: int,
        pages_only: bool = False,
        rounds: int = 1,
        compare: str | None = None,
        current: str | None = None,
        **options,
    ):
        if current and not compare:
            raise CommandError("--current goes with --compare OLD.json.")
        earlier = _read_report(compare) if compare else None
        if current:
            report = _read_report(current)
            report["compare"] = compare_reports(earlier, report)
            self._print(report, json=json, pages_only=True)
            return
        if rounds < 1:
            raise CommandError("--rounds must be at least 1.")
        if not Attribution.objects.exists():
            raise CommandError(
                "The database holds no attributions: run generate_corpus or load_seeds first."
            )
        self.requests = requests
        # Pages as an analyst opens them (a signed-in session), the API as integrations call it
        # (a token, one query to authenticate).
        user = self._bench_user()
        client = Client()
        client.force_login(user)
        token, _ = Token.objects.get_or_create(user=user)
        clients = {"pages": client, "api": Client(headers={"Authorization": f"Token {token.key}"})}
        targets = self._targets()
        report = {
            "database": connection.vendor,
            "articles": Article.objects.count(),
            "attributions": Attribution.objects.count(),
            "pages": {},
            "api": {},
        }
        # Each round measures every page and endpoint in turn; each keeps its quietest round (the
        # lowest p95): on a machine shared with other work, a round that met a burst of someone
        # else's says more about them than about the page.
        for _ in range(rounds):
            for group, items in targets.items():
                for name, (url, floor_sql) in items.items():
                    row = self._measure(clients[group], url, floor_sql)
                    kept = report[group].get(name)
                    if kept is None or row["p95_ms"] < kept["p95_ms"]:
                        report[group][name] = row
        report["rounds"] = rounds
        if not pages_only:
            report["import"] = {
                "articles_per_s": self._import_rate(imports, import_workers),
                "workers": import_workers,
                "articles": imports,
            }
            report["suggest"] = {"articles_per_s": self._suggest_rate()}
            report["peak_rss_mb"] = _rss_mb()
            if stream:
                report["stream"] = self._stream(stream)
        if earlier is not None:
            report["compare"] = compare_reports(earlier, report)
        self._print(report, json=json, pages_only=pages_only)

    def _print(self, report: dict, *, json: bool, pages_only: bool) -> None:
        if json:
            self.stdout.write(__import__("json").dumps(report, indent=2))
            return
        for group in ("pages", "api"):
            for name, row in report[group].items():
                self.stdout.write(
                    f"{group:5} {name:24} p50 {row['p50_ms']:7.1f} ms  p95 {row['p95_ms']:7.1f} ms  "
                    f"{row['queries']:3} queries  floor {row['floor_ms']:6.2f} ms  x{row['ratio_to_floor']}"
                )
        if not pages_only:
            self.stdout.write(
                f"import {report['import']['articles_per_s']} articles/s, suggest "
                f"{report['suggest']['articles_per_s']} articles/s, peak {report['peak_rss_mb']} MB"
            )
            if "stream" in report:
                self.stdout.write(f"stream {report['stream']}")
        if "compare" in report:
            self.stdout.write("")
            self.stdout.write(compare_table(report["compare"]))

    def _bench_user(self):
        User = get_user_model()
        user, _ = User.objects.get_or_create(
            username="bench-curator", defaults={"is_superuser": True, "is_staff": True}
        )
        return user

    def _targets(self) -> dict:
        confirmed = Attribution.objects.filter(review_state="confirmed")
        big_claim = Claim.objects.annotate(n=Count("attributions")).order_by("-n").first()
        big_actor = Actor.objects.annotate(n=Count("attributions")).order_by("-n").first()
        article = Article.objects.order_by("-pk").first()
        outlet_id = Article.objects.exclude(outlet=None).values_list("outlet_id", flat=True).first()
        word = (
            Claim.objects.order_by("pk").values_list("statement", flat=True).first() or "claim"
        ).split()[0]
        _ = confirmed
        # An analyst's 50 x 50 choice: claims and actors from the middle of the archive.
        # (From the start of a small archive.)
        claim_skip = min(100, max(0, Claim.objects.count() - 50))
        actor_skip = min(50, max(0, Actor.objects.count() - 50))
        matrix_claims = list(
            Claim.objects.order_by("pk").values_list("pk", flat=True)[claim_skip : claim_skip + 50]
        )
        matrix_actors = list(
            Actor.objects.order_by("pk").values_list("pk", flat=True)[actor_skip : actor_skip + 50]
        )
        c, a, art = big_claim.pk, big_actor.pk, article.pk
        att = "claims_attribution"
        pages = {
            "claim": (
                f"/claims/{c}/",
                [
                    f"SELECT id, statement, status FROM claims_claim WHERE id = {c}",
                    f"SELECT t.id, t.stance, t.exact, t.said_on, ac.name, ar.title, o.name FROM {att} t "
                    f"JOIN claims_actor ac ON ac.id = t.actor_id JOIN articles_article ar ON ar.id = t.article_id "
                    f"LEFT JOIN articles_outlet o ON o.id = ar.outlet_id WHERE t.claim_id = {c} "
                    f"AND t.review_state = 'confirmed' ORDER BY t.said_on, t.id LIMIT 50",
                    f"SELECT stance, count(*) FROM {att} WHERE claim_id = {c} AND review_state = 'confirmed' GROUP BY stance",
                ],
            ),
            "article_reader": (
                f"/articles/{art}/",
                [
                    f"SELECT id, title, text, published_on FROM articles_article WHERE id = {art}",
                    f"SELECT t.id, t.start, t.end, t.stance, ac.name, cl.statement FROM {att} t "
                    f"LEFT JOIN claims_actor ac ON ac.id = t.actor_id LEFT JOIN claims_claim cl ON cl.id = t.claim_id "
                    f"WHERE t.article_id = {art}",
                ],
            ),
            "actor": (
                f"/actors/{a}/",
                [
                    f"SELECT id, name, role FROM claims_actor WHERE id = {a}",
                    f"SELECT t.id, t.stance, t.said_on, cl.statement FROM {att} t JOIN claims_claim cl ON cl.id = t.claim_id "
                    f"WHERE t.actor_id = {a} AND t.review_state = 'confirmed' ORDER BY t.said_on DESC, t.id LIMIT 50",
                ],
            ),
            "claims_list_filtered": (
                f"/claims/?status=contested&stance=asserts&outlet={outlet_id or ''}",
                [
                    "SELECT id, statement, status FROM claims_claim WHERE status = 'contested' ORDER BY statement LIMIT 50",
                ],
            ),
            "search": (
                f"/search/?q={word}",
                [
                    f"SELECT id, statement FROM claims_claim WHERE statement LIKE '%{word}%' LIMIT 20",
                    f"SELECT id, title FROM articles_article WHERE title LIKE '%{word}%' LIMIT 20",
                ],
            ),
            "matrix_50x50": (
                "/matrix/?"
                + "&".join(
                    [f"claim={pk}" for pk in matrix_claims]
                    + [f"actor={pk}" for pk in matrix_actors]
                ),
                [
                    f"SELECT claim_id, actor_id, stance, count(*), count(DISTINCT statement_id) FROM {att} "
                    f"WHERE review_state = 'confirmed' AND claim_id IN ({','.join(map(str, matrix_claims))}) "
                    f"AND actor_id IN ({','.join(map(str, matrix_actors))}) GROUP BY claim_id, actor_id, stance",
                ],
            ),
            "articles_list": (
                "/articles/",
                [
                    "SELECT a.id, a.title, a.published_on, o.name FROM articles_article a "
                    "LEFT JOIN articles_outlet o ON o.id = a.outlet_id "
                    "ORDER BY COALESCE(a.published_on, '0001-01-01') DESC, a.id DESC LIMIT 26",
                ],
            ),
            "actors_list": (
                "/actors/?sort=added",
                [
                    "SELECT id, name, kind, role FROM claims_actor ORDER BY id DESC LIMIT 26",
                ],
            ),
            "suggestions": (
                "/suggestions/",
                [
                    f"SELECT t.id, t.exact, t.rule, t.confidence FROM {att} t "
                    "WHERE t.review_state = 'suggested' ORDER BY COALESCE(t.confidence, 0) DESC, t.id DESC "
                    "LIMIT 51",
                ],
            ),
            "claim_report": (
                f"/claims/{c}/report/",
                [
                    f"SELECT t.id, t.stance, t.exact, t.said_on, ac.name, ar.title, o.name FROM {att} t "
                    f"JOIN claims_actor ac ON ac.id = t.actor_id JOIN articles_article ar ON ar.id = t.article_id "
                    f"LEFT JOIN articles_outlet o ON o.id = ar.outlet_id WHERE t.claim_id = {c} "
                    f"AND t.review_state = 'confirmed' AND t.stance = 'asserts' ORDER BY t.said_on, t.id LIMIT 201",
                ],
            ),
            "home": (
                "/",
                [
                    "SELECT id, title FROM articles_article ORDER BY created_at DESC LIMIT 10",
                    "SELECT id, statement FROM claims_claim WHERE status = 'contested' ORDER BY updated_at DESC LIMIT 10",
                ],
            ),
        }
        # The API's floors read the rows the endpoint answers with: a cursor page (one row more
        # than asked, to know if there is a next), each claim's briefs, the detail's
        # suggested-status probes.
        page = "SELECT id FROM claims_claim ORDER BY id DESC LIMIT 100"
        api = {
            "claims_list_100": (
                "/api/v1/claims/?page_size=100",
                [
                    "SELECT id, statement, status, notes, version, created_at, updated_at FROM claims_claim "
                    "ORDER BY id DESC LIMIT 101",
                    *_brief_floors(page, 5),
                ],
            ),
            "claim_detail": (
                f"/api/v1/claims/{c}/",
                [
                    f"SELECT c.id, c.statement, c.status, c.notes, c.version, c.created_at, c.updated_at, "
                    f"EXISTS (SELECT 1 FROM {att} t WHERE t.claim_id = c.id AND t.review_state = 'confirmed' "
                    f"AND t.stance = 'asserts'), "
                    f"EXISTS (SELECT 1 FROM {att} t WHERE t.claim_id = c.id AND t.review_state = 'confirmed' "
                    f"AND t.stance = 'denies'), "
                    f"EXISTS (SELECT 1 FROM claims_evidence e WHERE e.claim_id = c.id AND e.credibility <= 2 "
                    f"AND e.relation = 'supports'), "
                    f"EXISTS (SELECT 1 FROM claims_evidence e WHERE e.claim_id = c.id AND e.credibility <= 2 "
                    f"AND e.relation = 'contradicts') "
                    f"FROM claims_claim c WHERE c.id = {c}",
                    *_brief_floors(f"SELECT {c} AS id", 50),
                ],
            ),
            "attributions_filtered": (
                f"/api/v1/attributions/?actor={a}&stance=asserts",
                [
                    f"SELECT t.*, ac.name, cl.statement, via.name, ar.title FROM {att} t "
                    f"JOIN claims_actor ac ON ac.id = t.actor_id JOIN articles_article ar ON ar.id = t.article_id "
                    f"LEFT JOIN claims_claim cl ON cl.id = t.claim_id LEFT JOIN claims_actor via ON via.id = t.via_id "
                    f"WHERE t.actor_id = {a} AND t.stance = 'asserts' ORDER BY t.id DESC LIMIT 51",
                ],
            ),
            "claimreview_export": (
                f"/api/v1/claims/{c}/claimreview/",
                [
                    f"SELECT id, statement, status, updated_at FROM claims_claim WHERE id = {c}",
                    f"SELECT t.id, ac.name, ar.url, ar.title, ar.published_on FROM {att} t "
                    f"JOIN claims_actor ac ON ac.id = t.actor_id JOIN articles_article ar ON ar.id = t.article_id "
                    f"WHERE t.claim_id = {c} AND t.review_state = 'confirmed' ORDER BY t.id LIMIT 50",
                ],
            ),
        }
        return {"pages": pages, "api": api}

    def _measure(self, client: Client, url: str, floor_sql: list[str]) -> dict:
        for _ in range(3):
            response = client.get(url)
        if response.status_code != 200:
            raise CommandError(f"{url} answered {response.status_code}")
        executed = []

        def count(execute, sql, params, many, context):
            executed.append(sql)
            return execute(sql, params, many, context)

        with connection.execute_wrapper(count):
            client.get(url)
        timings = []
        for _ in range(self.requests):
            started = time.perf_counter()
            client.get(url)
            timings.append((time.perf_counter() - started) * 1000)
        floor = self._floor(floor_sql)
        p50 = statistics.median(timings)
        return {
            "url": url,
            "p50_ms": round(p50, 2),
            "p95_ms": round(_percentile(timings, 0.95), 2),
            "queries": len(executed),
            "floor_ms": round(floor, 3),
            "ratio_to_floor": round(p50 / floor, 1) if floor else None,
        }

    def _floor(self, statements: list[str]) -> float:
        """The same rows by hand-written SQL through the driver itself (psycopg or sqlite3)."""
        raw = connection.connection if connection.connection is not None else None
        if raw is None:
            connection.ensure_connection()
            raw = connection.connection
        sql = [s.replace(" t.end", ' t."end"') for s in statements]
        timings = []
        for _ in range(max(10, self.requests)):
            started = time.perf_counter()
            cursor = raw.cursor()
            for statement in sql:
                cursor.execute(statement)
                cursor.fetchall()
            cursor.close()
            timings.append((time.perf_counter() - started) * 1000)
        return statistics.median(timings)

    def _seed_like(self, count: int) -> list[str]:
        """Seed articles with their names and numbers varied, so each is a new text."""
        rng = random.Random(11)
        seeds = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
        texts = []
        for n in range(count):
            text = seeds[n % len(seeds)]
            text = text.replace(
                "Tuesday", rng.choice(["Monday", "Wednesday", "Thursday", "Friday"])
            )
            texts.append(f"Bulletin {n}-{rng.randrange(10**9)}\n\n{text}")
        return texts

    def _import_rate(self, count: int, workers: int) -> float:
        """Seed-like articles through the bulk import (the API's, the batch workers'), with
        suggestions, copy detection and history; all rolled back afterwards. With more than one
        worker, each is a process of its own importing its share in its own transaction, as
        import workers sharing a batch do; the rate is all articles over the wall time."""
        texts = self._seed_like(count)
        if workers <= 1:
            started = time.perf_counter()
            _import_share(texts)
            return round(count / (time.perf_counter() - started), 1)
        connections.close_all()
        context = multiprocessing.get_context("fork")
        shares = [texts[n::workers] for n in range(workers)]
        started = time.perf_counter()
        with context.Pool(workers) as pool:
            pool.map(_import_share_in_worker, shares)
        return round(count / (time.perf_counter() - started), 1)

    def _stream(self, count: int) -> dict:
        seeds = self._seed_like(300)
        rng = random.Random(13)

        def texts(n: int) -> str:
            # Each a new text, made when its item is written: the batch is never held whole.
            return f"Dispatch {n}-{rng.randrange(10**9)}\n\n{seeds[n % len(seeds)]}"

        connections.close_all()
        context = multiprocessing.get_context("fork")
        receive, send = context.Pipe(duplex=False)
        worker = context.Process(target=_stream_in_worker, args=(count, texts, send))
        worker.start()
        send.close()  # so that a worker which fails ends the wait
        try:
            report = receive.recv()
        except EOFError:
            raise CommandError("The streaming worker stopped before reporting.") from None
        finally:
            worker.join()
            if connection.vendor == "postgresql":
                # The rolled-back rows stay behind as dead tuples until vacuumed (autovacuum
                # may come much later, or be off): later benchmarks would read through them.
                with connection.cursor() as cursor:
                    cursor.execute("VACUUM ANALYZE")
        return report

    def _suggest_rate(self) -> float:
        from claims.suggest_db import actor_index, claim_index
        from suggest import extract

        texts = self._seed_like(300)
        actors, claims = actor_index(), claim_index()
        started = time.perf_counter()
        for text in texts:
            extract(text, actors=actors, claims=claims)
        return round(len(texts) / (time.perf_counter() - started), 1)
