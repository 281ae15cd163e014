"""Grouping attributions into statements: one remark, however many articles report it."""

from dataclasses import dataclass

from django.db.models import Q

from articles.duplicates import related_article_ids
from claims.models import Attribution, Claim, ReviewState, Stance, Statement
from claims.tallies import claim_tally


def statement_assign(attribution: Attribution) -> Statement | None:
    """Attach a confirmed attribution to the statement it reports, making one if it is new.

    It is the same statement as an existing one by the same actor, stance and claim when both
    are reported in one article or in articles that copy or rewrite each other, or when both
    carry the same date, unless their dates differ.
    """
    if attribution.review_state != ReviewState.CONFIRMED or attribution.actor_id is None:
        statement = None
    else:
        statement = _find_statement(attribution) or Statement.objects.create(
            actor_id=attribution.actor_id,
            claim_id=attribution.claim_id,
            stance=attribution.stance,
            said_on=attribution.said_on,
        )
        if statement.said_on is None and attribution.said_on is not None:
            statement.said_on = attribution.said_on
            statement.save(update_fields=["said_on", "updated_at"])
    previous = attribution.statement_id
    if previous != (statement.pk if statement else None):
        Attribution.objects.filter(pk=attribution.pk).update(statement=statement)
        attribution.statement = statement
        if previous:
            Statement.objects.filter(pk=previous, attributions__isnull=True).delete()
    return statement


def statement_match(attribution: Attribution, related: set[int] | None = None) -> Statement | None:
    """The existing statement an attribution would join, without making one. `related` (the
    article's copies and rewrites), when the caller has it, saves a query per attribution."""
    return _find_statement(attribution, related)


def _find_statement(attribution: Attribution, related: set[int] | None = None) -> Statement | None:
    if related is None:
        related = related_article_ids(attribution.article_id)
    articles = related | {attribution.article_id}
    same_occasion = Q(attributions__article_id__in=articles)
    if attribution.said_on is not None:
        same_occasion |= Q(said_on=attribution.said_on)
    candidates = (
        Statement.objects.filter(
            actor_id=attribution.actor_id, claim_id=attribution.claim_id, stance=attribution.stance
        )
        .filter(same_occasion)
        .distinct()
        .order_by("pk")
    )
    for statement in candidates:
        if (
            attribution.said_on is None
            or statement.said_on is None
            or statement.said_on == attribution.said_on
        ):
            return statement
    return None


def statements_regroup(article_ids) -> None:
    """Group these articles' attributions into statements afresh (after a copy or rewrite link
    was added, changed or removed): each leaves its statement first, so a removed link splits
    what it had joined, and then joins the statement it reports now."""
    attributions = list(
        Attribution.objects.filter(
            article_id__in=article_ids, review_state=ReviewState.CONFIRMED
        ).order_by("pk")
    )
    previous = {a.statement_id for a in attributions} - {None}
    Attribution.objects.filter(pk__in=[a.pk for a in attributions]).update(statement=None)
    for attribution in attributions:
        attribution.statement = None
        statement_assign(attribution)
    Statement.objects.filter(pk__in=previous, attributions__isnull=True).delete()


@dataclass(frozen=True)
class StanceCount:
    stance: str
    actors: int
    statements: int
    articles: int
    repeats: int  # reports of a statement beyond its first: copies and rewrites

    def __str__(self) -> str:
        verb = "asserted" if self.stance == Stance.ASSERTS else "denied"
        actors = f"{self.actors} actor{'s' if self.actors != 1 else ''}"
        articles = f"{self.articles} article{'s' if self.articles != 1 else ''}"
        repeats = (
            f" ({self.repeats} cop{'ies' if self.repeats != 1 else 'y'})" if self.repeats else ""
        )
        return f"{verb} by {actors} in {articles}{repeats}"


def claim_stance_counts(claim: Claim) -> dict[str, StanceCount]:
    """“asserted by 3 actors in 7 articles (2 copies)”, per stance, from the claim's tally."""
    tally = claim_tally(claim)
    counts = {}
    for stance in Stance.values:
        prefix = tally.PREFIX[stance]
        statements = getattr(tally, f"{prefix}_statements")
        counts[stance] = StanceCount(
            stance=stance,
            actors=getattr(tally, f"{prefix}_actors"),
            statements=statements,
            articles=getattr(tally, f"{prefix}_articles"),
            repeats=max(0, getattr(tally, f"{prefix}_reports") - statements),
        )
    return counts
