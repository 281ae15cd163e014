"""Per-claim counts of confirmed stances, kept ahead of reading.

Counting the distinct actors, statements and articles behind a claim with tens of thousands
of stances takes longer than a page may; so each claim has a ClaimTally row. Every write to a
claim's confirmed attributions marks its tally stale inside the writer's transaction, which also
locks the row until the writer commits or rolls back. The database does the marking, by triggers
on the attribution table (claims/triggers.py), so no way of writing can skip it: a save, a
queryset update, a bulk create, a delete, raw SQL. A read that finds the tally stale (or missing)
counts again while holding the same lock: it either waits for a writer in flight and then sees
its rows, or counts first and is followed by the writer marking the tally stale again. Either
way no committed write is left out of a count, and a rolled-back write leaves nothing behind.
"""

from collections.abc import Iterable

from django.db import connection, transaction
from django.db.models import Count
from django.utils import timezone

from claims.models import Attribution, Claim, ClaimTally, ReviewState

COUNTED = [
    "asserts",
    "denies",
    *(
        f"{p}_{k}"
        for p in ClaimTally.PREFIX.values()
        for k in ("actors", "statements", "articles", "reports")
    ),
]


def _tallies_lock(ids: list[int]) -> None:
    """Mark these claims' tallies stale (creating missing rows), locking them until the caller's
    transaction ends, as a writer's trigger does: a count waits for a writer in flight."""
    if ids:
        ClaimTally.objects.bulk_create(
            [ClaimTally(claim_id=pk, stale=True) for pk in ids],
            update_conflicts=True,
            update_fields=["stale"],
            unique_fields=["claim"],
        )


def claim_tally(claim: Claim) -> ClaimTally:
    """The claim's current tally: one query when it is fresh, a count when it is stale. Kept on
    the claim object for the rest of the request."""
    tally = claim.__dict__.get("_tally")
    if tally is None:
        tally = ClaimTally.objects.filter(claim_id=claim.pk, stale=False).first()
        if tally is None:
            tally = tallies_count([claim.pk])[claim.pk]
        claim.__dict__["_tally"] = tally
    return tally


def tallies_count(claim_ids: Iterable[int]) -> dict[int, ClaimTally]:
    """Count these claims' confirmed stances again and store the tallies; four queries for any
    number of claims."""
    ids = sorted(set(claim_ids))
    with transaction.atomic():
        _tallies_lock(ids)
        tallies = {pk: ClaimTally(claim_id=pk) for pk in ids}
        confirmed = Attribution.objects.filter(claim_id__in=ids, review_state=ReviewState.CONFIRMED)
        rows = (
            confirmed.order_by()
            .values("claim_id", "stance")
            .annotate(
                total=Count("pk"),
                actors=Count("actor", distinct=True),
                statements=Count("statement", distinct=True),
                articles=Count("article", distinct=True),
            )
        )
        for row in rows:
            tally, prefix = tallies[row["claim_id"]], ClaimTally.PREFIX[row["stance"]]
            setattr(tally, ClaimTally.TOTAL[row["stance"]], row["total"])
            for key in ("actors", "statements", "articles"):
                setattr(tally, f"{prefix}_{key}", row[key])
        for claim_id, stance, reports in _reports(ids):
            setattr(tallies[claim_id], f"{ClaimTally.PREFIX[stance]}_reports", reports)
        now = timezone.now()
        for tally in tallies.values():
            tally.stale, tally.counted_at = False, now
        # Written back as one upsert of whole rows (each exists, locked above): bulk_update's
        # CASE per column and claim costs more to build than the counting does.
        ClaimTally.objects.bulk_create(
            tallies.values(),
            update_conflicts=True,
            update_fields=[*COUNTED, "stale", "counted_at"],
            unique_fields=["claim"],
        )
    return tallies


def tallies_count_all(batch: int = 500) -> int:
    """Count every claim's tally (after a bulk load or a restore); returns how many."""
    ids = list(Claim.objects.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), batch):
        tallies_count(ids[start : start + batch])
    return len(ids)


def _reports(ids: list[int]) -> list[tuple[int, str, int]]:
    """Distinct (statement, article) pairs per claim and stance: each is one report of a statement."""
    table = Attribution._meta.db_table
    marks = ", ".join(["%s"] * len(ids))
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT claim_id, stance, COUNT(*) FROM (SELECT DISTINCT claim_id, stance, statement_id, article_id "
            f"FROM {table} WHERE claim_id IN ({marks}) AND review_state = %s AND statement_id IS NOT NULL) reports "
            "GROUP BY claim_id, stance",
            [*ids, ReviewState.CONFIRMED],
        )
        return cursor.fetchall()
