"""A realistic synthetic archive for measuring speed: outlets, actors, claims, articles, stances.

The bulk tables (articles, statements, attributions, evidence) are written with PostgreSQL's COPY
there, and with bulk_create on any other database; both are given the same rows, field by field.
"""

import contextlib
import datetime
import itertools
import random
import time

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, models, transaction
from django.utils import timezone

from articles.models import Article, Outlet, content_hash
from claims.models import (
    Actor,
    ActorAlias,
    Attribution,
    Claim,
    ClaimStatus,
    Evidence,
    Origin,
    ReviewState,
    Statement,
)
from claims.tallies import tallies_count_all
from claims.triggers import PASSAGE_TABLES

FIRST = """Anna Boris Carla Dmitri Elena Farid Grace Hiro Ingrid Jonas Kemal Lena Malik Nadia Omar Petra
Quentin Rosa Sven Tamar Ulrich Vera Wen Ximena Yusuf Zofia Aleksander Beatriz Chen Dario""".split()
LAST = """Abramov Becker Castillo Dlamini Eriksen Fischer Gallagher Haddad Ivanova Jensen Kowalski Larsen
Moreau Nakamura Okafor Petrov Quispe Rahman Schmidt Tanaka Umarov Varga Weber Xu Yilmaz Zhang Novak
Horvat Silva Mendes""".split()
ROLES = [
    "spokesperson",
    "foreign minister",
    "defence minister",
    "senior official",
    "ambassador",
    "analyst",
    "party leader",
    "prosecutor",
    "chief executive",
    "researcher",
]
PLACES = [
    "Ardania",
    "Belmora",
    "Cascadia",
    "Dravia",
    "Estoria",
    "Fenland",
    "Galicia Nova",
    "Halvaria",
    "Istria Minor",
    "Jorvik",
    "Kestrel Isles",
    "Lunaria",
    "Marovia",
    "Nordmark",
    "Ostland",
    "Pellucid Bay",
    "Quarry Coast",
    "Rivenmark",
    "Solvania",
    "Tervia",
]
THINGS = [
    "artillery shells",
    "fuel shipments",
    "grain exports",
    "drone parts",
    "cash transfers",
    "election ballots",
    "vaccine doses",
    "satellite images",
    "cargo containers",
    "rocket engines",
]
VERBS = ["supplied", "smuggled", "sold", "shipped", "diverted", "withheld", "seized", "delivered"]
FILLER = [
    "The talks were expected to continue later in the week.",
    "Officials gave no further details about the timing of the next meeting.",
    "Markets reacted calmly to the announcement, with shares little changed.",
    "The dispute has strained relations between the two neighbours for months.",
    "Independent observers have not been able to verify the figures.",
    "Diplomats said a joint statement could be issued after the summit.",
    "The government has faced growing criticism over its handling of the crisis.",
    "Satellite imagery reviewed by researchers showed activity at the port.",
    "Opposition lawmakers called for a full parliamentary inquiry.",
    "The ministry did not respond to a request for comment on Friday.",
]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]


class _OrmWriter:
    """Rows as model instances through bulk_create: any database. Each batch commits on its own."""

    def build(self):
        return contextlib.nullcontext()

    def batch(self):
        return transaction.atomic()

    def insert(self, model: type[models.Model], rows: list[dict]) -> list[int]:
        created = model.objects.bulk_create([model(**row) for row in rows], batch_size=2000)
        return [obj.pk for obj in created]


BULK_MODELS = (Article, Statement, Attribution, Evidence)


class _CopyWriter:
    """Rows through PostgreSQL's COPY, with their ids taken from the table's sequence first (the
    attributions point at the articles and statements of the same batch).

    The build follows PostgreSQL's advice for populating a database: in one transaction, the bulk
    tables' secondary indexes and foreign keys are dropped, the rows copied, then each index is
    built once (one sort, where millions of inserts into it cost many times more) and each foreign
    key added back (one join checks every row). The per-row triggers that check a passage against
    its article's text and set a stance's outlet are replaced by one query that checks every
    copied row; constraints and the tally trigger apply as on any insert. A build that fails
    leaves nothing behind, rows and schema alike, and the four tables are locked while it runs.
    """

    # Triggers run for each row, whose work one query over all the rows does instead.
    ROW_TRIGGERS = [
        *((table, f"{table}_passage_matches_text") for table in PASSAGE_TABLES),
        ("claims_attribution", "claims_attribution_outlet"),
    ]

    def __init__(self, now):
        self.now = now
        self._columns = {}
        self._indexes, self._foreign_keys, self._first_ids = [], [], {}

    @contextlib.contextmanager
    def build(self):
        with transaction.atomic(), connection.cursor() as cursor:
            self._set_aside(cursor)
            yield
            self._restore(cursor)

    def batch(self):
        return contextlib.nullcontext()

    def _set_aside(self, cursor) -> None:
        # Index builds sort in memory up to this much (the default is 64 MB).
        cursor.execute("SET LOCAL maintenance_work_mem = '512MB'")
        # Foreign keys still to check from earlier in the transaction (Django's are deferred to
        # the commit) are checked now: a table with checks pending cannot be altered.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        for model in BULK_MODELS:
            table = model._meta.db_table
            cursor.execute(
                "SELECT c.relname, pg_get_indexdef(i.indexrelid) FROM pg_index i "
                "JOIN pg_class c ON c.oid = i.indexrelid WHERE i.indrelid = %s::regclass "
                "AND NOT i.indisprimary "
                "AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid)",
                [table],
            )
            self._indexes += cursor.fetchall()
            cursor.execute(
                "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
                "WHERE conrelid = %s::regclass AND contype = 'f'",
                [table],
            )
            self._foreign_keys += [(table, name, definition) for name, definition in cursor]
        quote = connection.ops.quote_name
        for table, name, _ in self._foreign_keys:
            cursor.execute(f"ALTER TABLE {quote(table)} DROP CONSTRAINT {quote(name)}")
        for name, _ in self._indexes:
            cursor.execute(f"DROP INDEX {quote(name)}")
        for table, trigger in self.ROW_TRIGGERS:
            cursor.execute(f"ALTER TABLE {table} DISABLE TRIGGER {trigger}")

    def _restore(self, cursor) -> None:
        for table in PASSAGE_TABLES:
            first = self._first_ids.get(table)
            if first is None:
                continue
            # What the row triggers check or set (claims/triggers.py), for all rows at once.
            outlet = (
                " OR t.outlet_id IS DISTINCT FROM a.outlet_id"
                if table == Attribution._meta.db_table
                else ""
            )
            cursor.execute(
                f"SELECT t.id FROM {table} t JOIN articles_article a ON a.id = t.article_id "
                'WHERE t.id >= %s AND (t.start IS NOT NULL AND NOT (t."end" <= char_length(a.text) '
                f'AND substr(a.text, t.start + 1, t."end" - t.start) = t.exact){outlet}) LIMIT 1',
                [first],
            )
            wrong = cursor.fetchone()
            if wrong is not None:
                raise CommandError(
                    f"Row {table} #{wrong[0]} does not match its article (its passage or its "
                    "outlet); nothing was stored."
                )
        for table, trigger in self.ROW_TRIGGERS:
            cursor.execute(f"ALTER TABLE {table} ENABLE TRIGGER {trigger}")
        for _, definition in self._indexes:
            cursor.execute(definition)
        quote = connection.ops.quote_name
        for table, name, definition in self._foreign_keys:
            cursor.execute(f"ALTER TABLE {quote(table)} ADD CONSTRAINT {quote(name)} {definition}")
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        # Statistics for the planner before the tallies are counted: without them it takes the
        # tables for the empty ones it last saw.
        for model in BULK_MODELS:
            cursor.execute(f"ANALYZE {quote(model._meta.db_table)}")

    def _fields(self, model):
        fields = self._columns.get(model)
        if fields is None:
            fields = []
            for field in model._meta.concrete_fields:
                if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
                    default = self.now
                else:
                    # What the model would be given when a row leaves the field out.
                    default = field.get_default()
                fields.append((field.attname, field.column, default))
            self._columns[model] = fields
        return fields

    def insert(self, model: type[models.Model], rows: list[dict]) -> list[int]:
        if not rows:
            return []
        table = model._meta.db_table
        fields = self._fields(model)
        quote = connection.ops.quote_name
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [table, model._meta.pk.column, len(rows)],
            )
            ids = [pk for (pk,) in cursor.fetchall()]
            self._first_ids.setdefault(table, ids[0])
            columns = ", ".join(quote(column) for _, column, _ in fields)
            pk_name = model._meta.pk.attname
            with cursor.copy(f"COPY {quote(table)} ({columns}) FROM STDIN") as copy:
                for pk, row in zip(ids, rows, strict=True):
                    row[pk_name] = pk
                    copy.write_row([row.get(attname, default) for attname, _, default in fields])
        return ids


class Command(BaseCommand):
    help = (
        "Build a synthetic corpus (articles with attributions, evidence and pending suggestions)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--articles", type=int, required=True)
        parser.add_argument("--seed", type=int, default=7)
        parser.add_argument("--batch", type=int, default=500)
        parser.add_argument(
            "--bulk",
            choices=["copy", "orm"],
            default=None,
            help="How the bulk tables are written: PostgreSQL's COPY (the default there) or "
            "bulk_create (the default, and the only way, elsewhere)",
        )

    def handle(self, *args, articles: int, seed: int, batch: int, bulk: str | None, **options):
        if articles < 1:
            raise CommandError("--articles must be at least 1.")
        postgresql = connection.vendor == "postgresql"
        if bulk == "copy" and not postgresql:
            raise CommandError("--bulk copy needs PostgreSQL; this database takes --bulk orm.")
        rng = random.Random(seed)
        started = time.perf_counter()
        user = get_user_model().objects.filter(is_superuser=True).first()
        with transaction.atomic():
            outlets = self._outlets(rng)
            actors = self._actors(rng, max(60, articles // 40))
            claims = self._claims(rng, max(50, articles // 10))
        # Long tail: a few claims carry thousands of attributions, most a handful. Accumulated
        # once: rng.choices accumulates its weights on every call, tens of thousands of them.
        weights = list(itertools.accumulate(1 / (rank + 1) ** 1.1 for rank in range(len(claims))))
        writer = (
            _CopyWriter(timezone.now())
            if (bulk or "copy") == "copy" and postgresql
            else _OrmWriter()
        )
        stats = {"articles": 0, "attributions": 0, "evidence": 0, "suggestions": 0}
        base = Article.objects.count()
        with writer.build():
            for offset in range(0, articles, batch):
                with writer.batch():
                    self._batch(
                        rng,
                        base + offset,
                        min(batch, articles - offset),
                        outlets,
                        actors,
                        claims,
                        weights,
                        user,
                        stats,
                        writer,
                    )
                self.stdout.write(
                    f"  {stats['articles']:,} articles, {stats['attributions']:,} attributions "
                    f"({time.perf_counter() - started:.0f} s)"
                )
            if isinstance(writer, _CopyWriter):
                self.stdout.write("  building the indexes and checking the rows")
        self.stdout.write(f"  stored ({time.perf_counter() - started:.0f} s)")
        # Bulk rows bypass the per-write bookkeeping: count every claim's tally once, as a
        # restore or a bulk load would.
        tallies_count_all()
        self.stdout.write(f"  tallies counted ({time.perf_counter() - started:.0f} s)")
        if postgresql and not connection.in_atomic_block:
            # Fresh statistics and visibility maps, as autovacuum would make them in time: the
            # planner needs the one, index-only scans the other.
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE")
        elapsed = time.perf_counter() - started
        self.stdout.write(
            self.style.SUCCESS(
                f"Built {stats['articles']:,} articles, {stats['attributions']:,} attributions, "
                f"{stats['suggestions']:,} pending suggestions and {stats['evidence']:,} evidence links "
                f"in {elapsed:.0f} s."
            )
        )

    def _outlets(self, rng):
        names = [f"{place} {kind}" for place in PLACES for kind in ("Herald", "Times", "Wire")]
        existing = {o.name for o in Outlet.objects.all()}
        Outlet.objects.bulk_create(
            [Outlet(name=n, reliability=rng.choice("ABCDEF")) for n in names if n not in existing]
        )
        return list(Outlet.objects.all())

    def _actors(self, rng, count):
        start = Actor.objects.count()
        states = [Actor(name=f"Republic of {p} ({start})", kind="state") for p in PLACES]
        Actor.objects.bulk_create(states)
        people = []
        for i in range(count):
            first, last = rng.choice(FIRST), rng.choice(LAST)
            people.append(
                Actor(
                    name=f"{first} {last} {start + i}",
                    kind="person",
                    role=rng.choice(ROLES),
                    affiliation=rng.choice(states),
                    reliability=rng.choice("ABCDEF"),
                )
            )
        Actor.objects.bulk_create(people)
        ActorAlias.objects.bulk_create(
            [ActorAlias(actor=a, name=a.name.split()[1] + f" {a.name.split()[2]}") for a in people]
            + [ActorAlias(actor=s, name=s.name.replace("Republic of ", "")) for s in states]
        )
        return states + people

    def _claims(self, rng, count):
        start = Claim.objects.count()
        claims = [
            Claim(
                statement=f"{rng.choice(PLACES)} {rng.choice(VERBS)} {rng.choice(THINGS)} to "
                f"{rng.choice(PLACES)} (case {start + i})",
                status=rng.choice(ClaimStatus.values),
            )
            for i in range(count)
        ]
        return Claim.objects.bulk_create(claims)

    def _batch(self, rng, first_index, size, outlets, actors, claims, weights, user, stats, writer):
        now = timezone.now()
        user_id = user.pk if user else None
        articles, specs = [], []
        for n in range(first_index, first_index + size):
            published = datetime.date(2022, 1, 1) + datetime.timedelta(days=rng.randrange(1000))
            parts, passages, length = (
                [f"Report {n}: developments in {rng.choice(PLACES)}\n\n"],
                [],
                0,
            )
            length = len(parts[0])
            while length < 2800:
                if rng.random() < 0.3:
                    actor, claim = rng.choice(actors), rng.choices(claims, cum_weights=weights)[0]
                    stance = "denies" if rng.random() < 0.3 else "asserts"
                    day = rng.choice(WEEKDAYS)
                    verb = "denied that" if stance == "denies" else "said on " + day + " that"
                    sentence = (
                        f"{actor.name} {verb} {claim.statement[0].lower()}{claim.statement[1:]}."
                    )
                    passages.append(
                        (length, length + len(sentence), actor, claim, stance, published)
                    )
                else:
                    sentence = rng.choice(FILLER)
                parts.append(sentence + (" " if rng.random() < 0.8 else "\n\n"))
                length += len(parts[-1])
            text = "".join(parts).rstrip()
            articles.append(
                {
                    "title": f"Report {n}: developments in the region",
                    "outlet_id": rng.choice(outlets).pk,
                    "text": text,
                    "content_hash": content_hash(text),
                    "published_on": published,
                    "created_by_id": user_id,
                    "created_at": now,
                    "updated_at": now,
                }
            )
            specs.append(passages)
        article_ids = writer.insert(Article, articles)
        statements, attributions, evidence = {}, [], []
        for article_id, article, passages in zip(article_ids, articles, specs, strict=True):
            text = article["text"]
            for index, (start, end, actor, claim, stance, said_on) in enumerate(passages):
                suggested = index % 5 == 4
                key = (actor.pk, claim.pk, stance, said_on)
                if not suggested and key not in statements:
                    statements[key] = {
                        "actor_id": actor.pk,
                        "claim_id": claim.pk,
                        "stance": stance,
                        "said_on": said_on,
                        "created_at": now,
                        "updated_at": now,
                    }
                attributions.append(
                    (
                        key,
                        suggested,
                        {
                            "article_id": article_id,
                            "outlet_id": article["outlet_id"],
                            "start": start,
                            "end": end,
                            "exact": text[start:end],
                            "actor_id": actor.pk,
                            "claim_id": claim.pk,
                            "stance": stance,
                            "said_on": said_on,
                            "review_state": ReviewState.SUGGESTED.value
                            if suggested
                            else ReviewState.CONFIRMED.value,
                            "origin": Origin.MACHINE.value if suggested else Origin.ANALYST.value,
                            "reviewed_at": None if suggested else now,
                            "reviewed_by_id": None if suggested else user_id,
                            "created_by_id": user_id,
                            "rule": "corpus" if suggested else "",
                            "confidence": 0.7 if suggested else None,
                            "created_at": now,
                            "updated_at": now,
                        },
                    )
                )
            if passages and rng.random() < 0.3:
                start, end, actor, claim, _, _ = passages[0]
                evidence.append(
                    {
                        "article_id": article_id,
                        "start": start,
                        "end": end,
                        "exact": text[start:end],
                        "claim_id": claim.pk,
                        "relation": rng.choice(["supports", "contradicts"]),
                        "credibility": rng.randint(1, 6),
                        "created_at": now,
                        "updated_at": now,
                    }
                )
        statement_ids = dict(
            zip(statements, writer.insert(Statement, list(statements.values())), strict=True)
        )
        rows = []
        for key, suggested, attribution in attributions:
            if not suggested:
                attribution["statement_id"] = statement_ids[key]
            rows.append(attribution)
        writer.insert(Attribution, rows)
        writer.insert(Evidence, evidence)
        stats["articles"] += len(article_ids)
        stats["attributions"] += len(rows)
        stats["suggestions"] += sum(1 for _, s, _ in attributions if s)
        stats["evidence"] += len(evidence)
