"""A realistic synthetic archive for measuring speed: outlets, actors, claims, articles, stances."""

import datetime
import random
import time

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
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


class Command(BaseCommand):
    help = (
        "Build a synthetic corpus (articles with attributions, evidence and pending suggestions)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--articles", type=int, required=True)
        parser.add_argument("--seed", type=int, default=7)
        parser.add_argument("--batch", type=int, default=500)

    def handle(self, *args, articles: int, seed: int, batch: int, **options):
        if articles < 1:
            raise CommandError("--articles must be at least 1.")
        rng = random.Random(seed)
        started = time.perf_counter()
        user = get_user_model().objects.filter(is_superuser=True).first()
        with transaction.atomic():
            outlets = self._outlets(rng)
            actors = self._actors(rng, max(60, articles // 40))
            claims = self._claims(rng, max(50, articles // 10))
        # Long tail: a few claims carry thousands of attributions, most a handful.
        weights = [1 / (rank + 1) ** 1.1 for rank in range(len(claims))]
        stats = {"articles": 0, "attributions": 0, "evidence": 0, "suggestions": 0}
        base = Article.objects.count()
        for offset in range(0, articles, batch):
            with transaction.atomic():
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
                )
            self.stdout.write(
                f"  {stats['articles']:,} articles, {stats['attributions']:,} attributions "
                f"({time.perf_counter() - started:.0f} s)"
            )
        # Bulk rows bypass the per-write bookkeeping: count every claim's tally once, as a
        # restore or a bulk load would.
        tallies_count_all()
        if connection.vendor == "postgresql" and not connection.in_atomic_block:
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

    def _batch(self, rng, first_index, size, outlets, actors, claims, weights, user, stats):
        now = timezone.now()
        texts, specs = [], []
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
                    actor, claim = rng.choice(actors), rng.choices(claims, weights)[0]
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
            texts.append(
                Article(
                    title=f"Report {n}: developments in the region",
                    outlet=rng.choice(outlets),
                    text=text,
                    content_hash=content_hash(text),
                    published_on=published,
                    created_by=user,
                )
            )
            specs.append(passages)
        created = Article.objects.bulk_create(texts)
        statements, attributions, evidence = {}, [], []
        for article, passages in zip(created, specs, strict=True):
            for index, (start, end, actor, claim, stance, said_on) in enumerate(passages):
                suggested = index % 5 == 4
                key = (actor.pk, claim.pk, stance, said_on)
                if not suggested and key not in statements:
                    statements[key] = Statement(
                        actor=actor, claim=claim, stance=stance, said_on=said_on
                    )
                attributions.append(
                    (
                        key,
                        suggested,
                        Attribution(
                            article=article,
                            start=start,
                            end=end,
                            exact=article.text[start:end],
                            actor=actor,
                            claim=claim,
                            stance=stance,
                            said_on=said_on,
                            review_state=ReviewState.SUGGESTED
                            if suggested
                            else ReviewState.CONFIRMED,
                            origin=Origin.MACHINE if suggested else Origin.ANALYST,
                            reviewed_at=None if suggested else now,
                            reviewed_by=None if suggested else user,
                            created_by=user,
                            rule="corpus" if suggested else "",
                            confidence=0.7 if suggested else None,
                        ),
                    )
                )
            if passages and rng.random() < 0.3:
                start, end, actor, claim, _, _ = passages[0]
                evidence.append(
                    Evidence(
                        article=article,
                        start=start,
                        end=end,
                        exact=article.text[start:end],
                        claim=claim,
                        relation=rng.choice(["supports", "contradicts"]),
                        credibility=rng.randint(1, 6),
                    )
                )
        Statement.objects.bulk_create(statements.values())
        rows = []
        for key, suggested, attribution in attributions:
            if not suggested:
                attribution.statement = statements[key]
            rows.append(attribution)
        Attribution.objects.bulk_create(rows, batch_size=2000)
        Evidence.objects.bulk_create(evidence)
        stats["articles"] += len(created)
        stats["attributions"] += len(rows)
        stats["suggestions"] += sum(1 for _, s, _ in attributions if s)
        stats["evidence"] += len(evidence)
