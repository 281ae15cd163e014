"""A claim's tally of confirmed stances stays equal to counting them afresh, whatever wrote them."""

import threading

import pytest
from django.db import connection, transaction
from django.db.models import Count

from articles.models import ArticleRelation
from claims.models import Attribution, Claim, ClaimTally
from claims.services import (
    actor_merge,
    attribution_review,
    attribution_update,
    claim_merge,
    record_delete,
)
from claims.statements import statements_regroup
from claims.tallies import claim_tally, tallies_count_all
from tests.factories import make_actor, make_article, make_attribution, make_claim

pytestmark = pytest.mark.django_db


def counted_afresh(claim: Claim) -> dict:
    """What the tally must say, counted straight from the attributions."""
    live = {}
    confirmed = Attribution.objects.filter(claim=claim, review_state="confirmed")
    for prefix, stance, total in (("assert", "asserts", "asserts"), ("deny", "denies", "denies")):
        rows = confirmed.filter(stance=stance)
        live[total] = rows.count()
        live[f"{prefix}_actors"] = rows.values("actor").distinct().count()
        live[f"{prefix}_statements"] = (
            rows.exclude(statement=None).values("statement").distinct().count()
        )
        live[f"{prefix}_articles"] = rows.values("article").distinct().count()
        live[f"{prefix}_reports"] = (
            rows.exclude(statement=None).values("statement", "article").distinct().count()
        )
    return live


def tallied(claim: Claim) -> dict:
    tally = claim_tally(Claim.objects.get(pk=claim.pk))
    return {name: getattr(tally, name) for name in counted_afresh(claim)}


def assert_current(*claims: Claim) -> None:
    for claim in claims:
        assert tallied(claim) == counted_afresh(claim)


def test_it_counts_new_stances_and_a_second_report_of_one_statement():
    claim, actor = make_claim(), make_actor()
    first = make_attribution(claim=claim, actor=actor, said_on="2024-03-04")
    assert tallied(claim)["asserts"] == 1
    make_attribution(claim=claim, actor=make_actor(), stance="denies")
    # The same remark, reported by another article on the same day: one statement, two reports.
    make_attribution(claim=claim, actor=actor, said_on="2024-03-04")
    tally = tallied(claim)
    assert (
        tally["asserts"],
        tally["assert_actors"],
        tally["assert_statements"],
        tally["assert_reports"],
    ) == (2, 1, 1, 2)
    assert (tally["denies"], tally["deny_actors"]) == (1, 1)
    assert first.statement_id is not None
    assert_current(claim)


def test_it_follows_an_edit_that_moves_a_stance_to_another_claim_and_a_delete():
    one, other = make_claim(), make_claim()
    attribution = make_attribution(claim=one)
    make_attribution(claim=one)
    assert tallied(one)["asserts"] == 2 and tallied(other)["asserts"] == 0
    attribution = Attribution.objects.get(pk=attribution.pk)
    attribution_update(
        attribution=attribution, expected_version=attribution.version, changes={"claim": other}
    )
    assert (tallied(one)["asserts"], tallied(other)["asserts"]) == (1, 1)
    record_delete(instance=Attribution.objects.get(pk=attribution.pk))
    assert tallied(other)["asserts"] == 0
    assert_current(one, other)


def test_it_counts_a_suggestion_once_it_is_confirmed_and_never_a_rejected_one(analyst):
    claim, article = make_claim(), make_article()
    suggestions = [
        make_attribution(
            article=article,
            claim=claim,
            review_state="suggested",
            origin="machine",
            proposed_actor=name,
        )
        for name in ("Harbour officials", "The operator")
    ]
    assert tallied(claim)["asserts"] + tallied(claim)["denies"] == 0
    for n, suggestion in enumerate(suggestions):
        attribution_review(
            attribution=suggestion,
            decision="confirmed" if n == 0 else "rejected",
            user=analyst,
            changes={"actor": suggestion.actor},
        )
    tally = tallied(claim)
    assert tally["asserts"] + tally["denies"] == 1
    assert_current(claim)


def test_it_counts_two_merged_actors_as_one():
    claim, kirby, spokesman = make_claim(), make_actor("John Kirby"), make_actor("J. Kirby")
    make_attribution(claim=claim, actor=kirby)
    make_attribution(claim=claim, actor=spokesman)
    assert tallied(claim)["assert_actors"] == 2
    actor_merge(source=spokesman, target=kirby)
    assert tallied(claim)["assert_actors"] == 1
    assert_current(claim)


def test_it_moves_the_counts_of_a_merged_claim_to_the_claim_it_joins():
    source, target = make_claim(), make_claim()
    make_attribution(claim=source)
    make_attribution(claim=target, stance="denies")
    assert (tallied(source)["asserts"], tallied(target)["asserts"]) == (1, 0)
    claim_merge(source=source, target=target)
    assert (tallied(source)["asserts"], tallied(target)["asserts"], tallied(target)["denies"]) == (
        0,
        1,
        1,
    )
    assert_current(source, target)


def test_it_counts_statements_again_when_a_curator_links_a_copy():
    claim, actor = make_claim(), make_actor()
    # Two different stories that both report the remark, until a curator says one copies the other.
    original = make_article(
        "Coastguard divers reached the wreck at dawn. Their commander, speaking to reporters at the "
        "harbour wall, said the ferry sank after hitting rocks near the old lighthouse. Families "
        "gathered at the terminal waited for news of the fourteen passengers still missing."
    )
    copy = make_article(
        "Insurers meeting in the capital on Thursday weighed claims worth millions. A broker told "
        "the gathering that the ferry sank after hitting rocks, and that premiums for coastal "
        "routes would rise before the summer season opened."
    )
    assert not ArticleRelation.objects.exists()
    make_attribution(claim=claim, actor=actor, article=original)
    make_attribution(claim=claim, actor=actor, article=copy)
    assert tallied(claim)["assert_statements"] == 2
    ArticleRelation.objects.create(article=copy, original=original, kind="copy_of", similarity=0.9)
    statements_regroup([copy.pk, original.pk])
    assert tallied(claim)["assert_statements"] == 1
    assert_current(claim)


def test_it_follows_a_queryset_update_of_a_stance_and_of_a_claim():
    one, other = make_claim(), make_claim()
    first, second = make_attribution(claim=one), make_attribution(claim=one)
    assert tallied(one)["asserts"] == 2
    # Queryset updates load no instances and send no signals.
    Attribution.objects.filter(pk=first.pk).update(stance="denies")
    assert (tallied(one)["asserts"], tallied(one)["denies"]) == (1, 1)
    assert tallied(other)["asserts"] == 0
    Attribution.objects.filter(pk=second.pk).update(claim=other)
    assert (tallied(one)["asserts"], tallied(other)["asserts"]) == (0, 1)
    assert_current(one, other)


def test_it_counts_stances_stored_by_a_bulk_create():
    claim, article = make_claim(), make_article()
    template = make_attribution(claim=claim, article=article)
    assert tallied(claim)["asserts"] == 1
    copies = []
    for actor in (make_actor(), make_actor()):
        copy = Attribution.objects.get(pk=template.pk)
        copy.pk, copy.actor, copy.statement = None, actor, None
        copies.append(copy)
    Attribution.objects.bulk_create(copies)
    assert (tallied(claim)["asserts"], tallied(claim)["assert_actors"]) == (3, 3)
    assert_current(claim)


def _delete_through_the_orm(attributions) -> None:
    attributions.delete()


def _delete_without_signals(attributions) -> None:
    # Django's fast path, taken when no receiver listens for the model's deletes.
    attributions._raw_delete(connection.alias)


@pytest.mark.parametrize("delete", [_delete_through_the_orm, _delete_without_signals])
def test_it_follows_a_delete_of_an_articles_attributions(delete):
    claim, article = make_claim(), make_article()
    make_attribution(claim=claim, article=article)
    make_attribution(claim=claim, article=article, stance="denies")
    make_attribution(claim=claim)
    assert tallied(claim)["asserts"] + tallied(claim)["denies"] == 3
    delete(Attribution.objects.filter(article=article))
    assert (tallied(claim)["asserts"], tallied(claim)["denies"]) == (1, 0)
    assert_current(claim)


def test_it_follows_raw_sql_and_ignores_writes_that_change_no_count():
    claim = make_claim()
    attribution = make_attribution(claim=claim)
    assert tallied(claim)["asserts"] == 1
    Attribution.objects.filter(pk=attribution.pk).update(said_on_text="on Tuesday")
    assert ClaimTally.objects.get(claim=claim).stale is False
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE claims_attribution SET review_state = 'rejected' WHERE id = %s",
            [attribution.pk],
        )
    assert tallied(claim)["asserts"] == 0
    assert_current(claim)


def test_a_write_that_rolls_back_leaves_the_tally_as_it_was():
    claim = make_claim()
    make_attribution(claim=claim)
    before = tallied(claim)
    with pytest.raises(RuntimeError), transaction.atomic():
        make_attribution(claim=claim)
        raise RuntimeError("part-way failure")
    assert tallied(claim) == before
    assert ClaimTally.objects.get(claim=claim).stale is False


def test_it_counts_every_claim_after_a_bulk_load():
    claims = [make_claim() for _ in range(3)]
    for n, claim in enumerate(claims):
        for _ in range(n + 1):
            make_attribution(claim=claim)
    ClaimTally.objects.all().delete()
    assert tallies_count_all(batch=2) == Claim.objects.count()
    assert not ClaimTally.objects.filter(stale=True).exists()
    assert [ClaimTally.objects.get(claim=c).asserts for c in claims] == [1, 2, 3]


@pytest.mark.django_db(transaction=True)
def test_a_read_waits_for_a_writer_in_flight_and_counts_its_stance():
    """Another connection writes a stance and has not committed yet; a reader finding the tally
    stale must not store a count without it (it would stay wrong until the next write)."""
    if connection.vendor != "postgresql":
        pytest.skip(
            "Row locks between two connections are a PostgreSQL matter: run with DATABASE_URL=postgres://…"
        )
    claim = make_claim()
    make_attribution(claim=claim)
    assert tallied(claim)["asserts"] == 1
    make_attribution(claim=claim)  # committed, and the tally is stale until read
    written, release, done = threading.Event(), threading.Event(), threading.Event()

    def writer():
        try:
            with transaction.atomic():
                make_attribution(claim=claim)
                written.set()
                release.wait(10)
        finally:
            connection.close()
            done.set()

    result = {}

    def reader():
        try:
            result["tally"] = claim_tally(Claim.objects.get(pk=claim.pk)).asserts
        finally:
            connection.close()

    threading.Thread(target=writer).start()
    assert written.wait(10)
    reading = threading.Thread(target=reader)
    reading.start()
    reading.join(1)
    assert reading.is_alive(), "the reader waits for the writer's lock"
    release.set()
    reading.join(10)
    assert done.wait(10)
    assert result["tally"] == 3
    assert tallied(claim)["asserts"] == 3
    assert Attribution.objects.filter(claim=claim).aggregate(n=Count("pk"))["n"] == 3


def test_a_tally_goes_with_its_claim_whatever_order_sql_deletes_them_in():
    # A flush deletes table by table in any order: here the tally first, then the stances
    # (which mark the tally stale again), then the claim.
    claim = make_claim()
    make_attribution(claim=claim)
    assert tallied(claim)["asserts"] == 1
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM claims_claimtally")
        cursor.execute("DELETE FROM claims_statement")
        cursor.execute("DELETE FROM claims_attribution")
        assert ClaimTally.objects.filter(claim_id=claim.pk).exists()
        cursor.execute("DELETE FROM claims_claim WHERE id = %s", [claim.pk])
    assert not ClaimTally.objects.filter(claim_id=claim.pk).exists()
