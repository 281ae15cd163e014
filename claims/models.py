from django.conf import settings
from django.db import models
from django.db.models import Exists, F, OuterRef, Q, Value
from django.db.models.functions import Coalesce, Lower
from simple_history.models import HistoricalRecords

from core.models import Passage, SourceGrade, Timestamped, Versioned


class ActorKind(models.TextChoices):
    PERSON = "person", "Person"
    ORGANISATION = "organisation", "Organisation"
    GOVERNMENT = "government", "Government body"
    STATE = "state", "State"
    MEDIA = "media", "Media outlet"
    OTHER = "other", "Other"


class ActorQuerySet(models.QuerySet):
    def matching_name(self, name: str):
        """Actors whose name or one of whose aliases is `name`, ignoring case."""
        return self.filter(Q(name__iexact=name) | Q(aliases__name__iexact=name)).distinct()


class Actor(Timestamped, Versioned):
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=ActorKind.choices, default=ActorKind.PERSON)
    role = models.CharField(max_length=300, blank=True)
    affiliation = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="members"
    )
    reliability = models.CharField(max_length=1, choices=SourceGrade.choices, default=SourceGrade.F)
    description = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    history = HistoricalRecords()
    objects = ActorQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        permissions = [
            ("merge_actor", "Can merge two actors"),
            ("grade_actor", "Can set an actor's reliability grade"),
        ]
        constraints = [
            models.UniqueConstraint(Lower("name"), name="actor_name_unique"),
            models.CheckConstraint(condition=~Q(name=""), name="actor_name_not_empty"),
            models.CheckConstraint(condition=Q(kind__in=ActorKind.values), name="actor_kind_valid"),
            models.CheckConstraint(
                condition=Q(reliability__in=SourceGrade.values), name="actor_reliability_valid"
            ),
            models.CheckConstraint(
                condition=~Q(affiliation=F("pk")), name="actor_not_affiliated_with_itself"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return f"/actors/{self.pk}/"

    def affiliation_chain(self) -> list["Actor"]:
        """Kirby -> US National Security Council -> United States. One query per level."""
        chain, seen, current = [], {self.pk}, self.affiliation
        while current is not None and current.pk not in seen:
            chain.append(current)
            seen.add(current.pk)
            current = current.affiliation
        return chain


class ActorAlias(models.Model):
    actor = models.ForeignKey(Actor, on_delete=models.CASCADE, related_name="aliases")
    name = models.CharField(max_length=200)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "actor aliases"
        constraints = [
            models.UniqueConstraint(Lower("name"), "actor", name="one_alias_spelling_per_actor"),
            models.CheckConstraint(condition=~Q(name=""), name="alias_not_empty"),
        ]

    def __str__(self) -> str:
        return self.name


class ClaimStatus(models.TextChoices):
    UNVERIFIED = "unverified", "Unverified"
    CONTESTED = "contested", "Contested"
    CORROBORATED = "corroborated", "Corroborated"
    REFUTED = "refuted", "Refuted"


LEANINGS = ("asserted", "denied", "supported", "contradicted")
# Evidence graded Admiralty 1-2 (confirmed or probably true) weighs in a claim's suggested status.
STRONG_CREDIBILITY = 2


class ClaimQuerySet(models.QuerySet):
    def current(self):
        """Claims that were not merged into another."""
        return self.filter(merged_into__isnull=True)

    def with_leanings(self):
        """Claims with what suggested_status() weighs, as four EXISTS probes in the claim's own
        query: each stops at its first row, where listing the distinct stances would read every
        stance of a claim with tens of thousands."""
        confirmed = Attribution.objects.filter(
            claim=OuterRef("pk"), review_state=ReviewState.CONFIRMED
        )
        strong = Evidence.objects.filter(claim=OuterRef("pk"), credibility__lte=STRONG_CREDIBILITY)
        return self.annotate(
            asserted=Exists(confirmed.filter(stance=Stance.ASSERTS)),
            denied=Exists(confirmed.filter(stance=Stance.DENIES)),
            supported=Exists(strong.filter(relation=Relation.SUPPORTS)),
            contradicted=Exists(strong.filter(relation=Relation.CONTRADICTS)),
        )


class Claim(Timestamped, Versioned):
    statement = models.CharField(max_length=1000)
    status = models.CharField(
        max_length=20, choices=ClaimStatus.choices, default=ClaimStatus.UNVERIFIED
    )
    notes = models.TextField(blank=True)
    # Set when a curator merged this claim into another: its old URL redirects there.
    merged_into = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="merged_claims"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    history = HistoricalRecords()
    objects = ClaimQuerySet.as_manager()

    class Meta:
        ordering = ["statement"]
        permissions = [
            ("merge_claim", "Can merge two claims"),
            ("set_claim_status", "Can set a claim's status"),
        ]
        constraints = [
            models.CheckConstraint(condition=~Q(statement=""), name="claim_statement_not_empty"),
            models.CheckConstraint(
                condition=Q(status__in=ClaimStatus.values), name="claim_status_valid"
            ),
            models.CheckConstraint(
                condition=~Q(merged_into=F("pk")), name="claim_not_merged_into_itself"
            ),
        ]
        indexes = [
            models.Index(fields=["status", "-updated_at"], name="claim_status_recent_idx"),
            models.Index(fields=["-updated_at"], name="claim_recent_idx"),
        ]

    def __str__(self) -> str:
        return self.statement

    def get_absolute_url(self) -> str:
        return f"/claims/{self.pk}/"

    def suggested_status(self) -> str:
        """The status the confirmed stances and graded evidence point to; the analyst decides.

        Free on a claim read through Claim.objects.with_leanings(); one query otherwise.
        """
        if not hasattr(self, "asserted"):
            leanings = Claim.objects.with_leanings().filter(pk=self.pk).values(*LEANINGS).get()
            for name, value in leanings.items():
                setattr(self, name, value)
        # Admiralty 1-2 evidence: confirmed or probably true information.
        strong = {
            r
            for r, present in (
                (Relation.SUPPORTS, self.supported),
                (Relation.CONTRADICTS, self.contradicted),
            )
            if present
        }
        if strong == {Relation.SUPPORTS}:
            return ClaimStatus.CORROBORATED
        if strong == {Relation.CONTRADICTS}:
            return ClaimStatus.REFUTED
        if (self.asserted and self.denied) or len(strong) == 2:
            return ClaimStatus.CONTESTED
        return ClaimStatus.UNVERIFIED


class ClaimRelationKind(models.TextChoices):
    SAME_AS = "same_as", "Same as"
    SUB_CLAIM_OF = "sub_claim_of", "Sub-claim of"
    CONTRADICTS = "contradicts", "Contradicts"


class ClaimRelation(Timestamped):
    from_claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="relations_from")
    to_claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="relations_to")
    kind = models.CharField(max_length=20, choices=ClaimRelationKind.choices)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["from_claim", "to_claim", "kind"], name="claim_relation_unique"
            ),
            models.CheckConstraint(
                condition=~Q(from_claim=F("to_claim")), name="claim_relation_not_self"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=ClaimRelationKind.values), name="claim_relation_kind_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.from_claim_id} {self.kind} {self.to_claim_id}"


class Stance(models.TextChoices):
    ASSERTS = "asserts", "asserts"
    DENIES = "denies", "denies"


class ReviewState(models.TextChoices):
    SUGGESTED = "suggested", "Suggested"
    CONFIRMED = "confirmed", "Confirmed"
    REJECTED = "rejected", "Rejected"


class Origin(models.TextChoices):
    ANALYST = "analyst", "Recorded by an analyst"
    MACHINE = "machine", "Suggested by the machine"
    SEED = "seed", "Curated seed data"


class AttributionQuerySet(models.QuerySet):
    def confirmed(self):
        return self.filter(review_state=ReviewState.CONFIRMED)

    def suggested(self):
        return self.filter(review_state=ReviewState.SUGGESTED)

    def with_related(self):
        return self.select_related("actor", "claim", "article__outlet", "via")


class Attribution(Passage, Timestamped, Versioned):
    """An actor asserts or denies a claim, as the article's passage reports."""

    # A machine suggestion may name an actor or a claim the tracker does not know yet; they are
    # created when an analyst confirms it, so rejected suggestions leave nothing behind.
    actor = models.ForeignKey(
        Actor, on_delete=models.PROTECT, null=True, blank=True, related_name="attributions"
    )
    claim = models.ForeignKey(
        Claim, on_delete=models.PROTECT, null=True, blank=True, related_name="attributions"
    )
    proposed_actor = models.CharField(max_length=200, blank=True)
    proposed_actor_kind = models.CharField(max_length=20, choices=ActorKind.choices, blank=True)
    proposed_actor_role = models.CharField(max_length=300, blank=True)
    proposed_claim = models.CharField(max_length=1000, blank=True)
    # The occasion this passage reports; copies and rewrites of one story report the same one.
    statement = models.ForeignKey(
        "Statement", on_delete=models.SET_NULL, null=True, blank=True, related_name="attributions"
    )
    stance = models.CharField(max_length=10, choices=Stance.choices)
    said_on = models.DateField(null=True, blank=True)
    # The article's own wording of the date ("on Tuesday"), kept beside the resolved date.
    said_on_text = models.CharField(max_length=100, blank=True)
    is_direct_quote = models.BooleanField(default=False)
    # Reporting chain: "Peskov said, according to Tass" is Peskov via Tass.
    via = models.ForeignKey(
        Actor, on_delete=models.PROTECT, null=True, blank=True, related_name="relayed_attributions"
    )
    review_state = models.CharField(
        max_length=10, choices=ReviewState.choices, default=ReviewState.CONFIRMED
    )
    origin = models.CharField(max_length=10, choices=Origin.choices, default=Origin.ANALYST)
    rule = models.CharField(max_length=100, blank=True, help_text="Extraction rule that fired.")
    confidence = models.FloatField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    # The article's outlet, kept by the database (a trigger on each table, claims/triggers.py):
    # stances are filtered by outlet from an index of their own, not through every article the
    # outlet published.
    outlet = models.ForeignKey(
        "articles.Outlet",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        db_index=False,
        related_name="+",
    )

    history = HistoricalRecords(excluded_fields=["outlet"])
    objects = AttributionQuerySet.as_manager()

    class Meta:
        ordering = ["article", "start"]
        permissions = [
            ("review_attribution", "Can confirm or reject suggested attributions"),
            (
                "change_any_passage",
                "Can correct or remove anyone's attributions and evidence, not only one's own",
            ),
        ]
        constraints = [
            *Passage.Meta.constraints,
            models.CheckConstraint(
                condition=Q(start__isnull=False), name="attribution_has_passage"
            ),
            models.CheckConstraint(
                condition=Q(stance__in=Stance.values), name="attribution_stance_valid"
            ),
            models.CheckConstraint(
                condition=Q(review_state__in=ReviewState.values),
                name="attribution_review_state_valid",
            ),
            models.CheckConstraint(
                condition=Q(origin__in=Origin.values), name="attribution_origin_valid"
            ),
            models.CheckConstraint(
                condition=Q(confidence__isnull=True) | Q(confidence__gte=0, confidence__lte=1),
                name="attribution_confidence_range",
            ),
            models.CheckConstraint(
                condition=Q(review_state=ReviewState.SUGGESTED, reviewed_at__isnull=True)
                | (~Q(review_state=ReviewState.SUGGESTED) & Q(reviewed_at__isnull=False)),
                name="attribution_reviewed_when_not_suggested",
            ),
            models.CheckConstraint(
                condition=~Q(via=F("actor")), name="attribution_via_other_actor"
            ),
            # Only a confirmed stance needs a real actor and claim; a rejected suggestion keeps
            # just the names it proposed.
            models.CheckConstraint(
                condition=~Q(review_state=ReviewState.CONFIRMED)
                | Q(actor__isnull=False, claim__isnull=False),
                name="attribution_confirmed_has_actor_and_claim",
            ),
            models.CheckConstraint(
                condition=Q(actor__isnull=False) | ~Q(proposed_actor=""),
                name="attribution_names_an_actor",
            ),
            models.CheckConstraint(
                condition=Q(claim__isnull=False) | ~Q(proposed_claim=""),
                name="attribution_names_a_claim",
            ),
        ]
        indexes = [
            models.Index(fields=["claim", "review_state"], name="attribution_claim_state_idx"),
            models.Index(fields=["actor", "review_state"], name="attribution_actor_state_idx"),
            models.Index(fields=["article", "review_state"], name="attribution_article_state_idx"),
            # A claim's earliest statements per stance, and an actor's, without sorting them all.
            models.Index(
                fields=["claim", "stance", "said_on", "id"],
                condition=Q(review_state=ReviewState.CONFIRMED),
                name="attribution_claim_dated_idx",
            ),
            models.Index(
                fields=["claim", "said_on", "id"],
                condition=Q(review_state=ReviewState.CONFIRMED),
                name="attribution_claim_timeline_idx",
            ),
            models.Index(
                fields=["actor", "said_on", "id"],
                condition=Q(review_state=ReviewState.CONFIRMED),
                name="attribution_actor_dated_idx",
            ),
            # The review page's queue, most confident first (claims.review.CONFIDENCE_KEY).
            models.Index(
                Coalesce("confidence", Value(0.0)),
                F("id"),
                condition=Q(review_state=ReviewState.SUGGESTED),
                name="attribution_review_queue_idx",
            ),
            # The claims an outlet reported with a stance (the claims list's outlet filter),
            # from the index alone.
            models.Index(
                fields=["outlet", "stance", "review_state", "claim"],
                name="attribution_outlet_stance_idx",
            ),
            # The matrix's cells (claims x actors): counted and linked from the index alone
            # (statement and article as key columns: SQLite has no INCLUDE).
            models.Index(
                fields=["claim", "actor", "stance", "id", "statement", "article"],
                condition=Q(review_state=ReviewState.CONFIRMED),
                name="attribution_matrix_cell_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.actor_name} {self.stance} “{self.claim_statement}”"

    def clean(self) -> None:
        self.clean_passage()

    @property
    def kind(self) -> str:
        return self.stance

    @property
    def actor_name(self) -> str:
        return self.actor.name if self.actor_id else self.proposed_actor

    @property
    def claim_statement(self) -> str:
        return self.claim.statement if self.claim_id else self.proposed_claim


class Relation(models.TextChoices):
    SUPPORTS = "supports", "supports"
    CONTRADICTS = "contradicts", "contradicts"


class Credibility(models.IntegerChoices):
    """Admiralty code, information credibility."""

    CONFIRMED = 1, "1: confirmed by other sources"
    PROBABLY_TRUE = 2, "2: probably true"
    POSSIBLY_TRUE = 3, "3: possibly true"
    DOUBTFUL = 4, "4: doubtful"
    IMPROBABLE = 5, "5: improbable"
    CANNOT_JUDGE = 6, "6: truth cannot be judged"


class EvidenceQuerySet(models.QuerySet):
    def with_related(self):
        return self.select_related("claim", "source", "article__outlet")


class Evidence(Passage, Timestamped, Versioned):
    """A passage (or a whole article) that supports or contradicts a claim."""

    claim = models.ForeignKey(Claim, on_delete=models.PROTECT, related_name="evidence")
    relation = models.CharField(max_length=12, choices=Relation.choices)
    credibility = models.PositiveSmallIntegerField(
        choices=Credibility.choices, default=Credibility.CANNOT_JUDGE
    )
    source = models.ForeignKey(
        Actor,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="evidence",
        help_text="Who produced the evidence (e.g. the institute that published the imagery).",
    )
    note = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    history = HistoricalRecords()
    objects = EvidenceQuerySet.as_manager()

    class Meta:
        verbose_name_plural = "evidence"
        ordering = ["claim", "article", "start"]
        constraints = [
            *Passage.Meta.constraints,
            models.CheckConstraint(
                condition=Q(relation__in=Relation.values), name="evidence_relation_valid"
            ),
            models.CheckConstraint(
                condition=Q(credibility__gte=1, credibility__lte=6),
                name="evidence_credibility_range",
            ),
        ]
        indexes = [
            # A claim's page lists its most credible evidence of each relation first.
            models.Index(
                fields=["claim", "relation", "credibility", "id"],
                name="evidence_claim_credible_idx",
            ),
            # The API's briefs: a claim's first evidence links as recorded, without sorting them all.
            models.Index(fields=["claim", "id"], name="evidence_claim_recorded_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.article} {self.relation} “{self.claim}”"

    def clean(self) -> None:
        self.clean_passage()

    @property
    def kind(self) -> str:
        return self.relation


class Statement(Timestamped):
    """One actor's stance on one claim on one occasion, however many articles report it.

    Attributions in copies and rewrites of a story that report the same statement share one
    Statement, so counting statements never counts one remark twice.
    """

    # Derived from attributions (which protect their actor and claim), so it goes with them.
    actor = models.ForeignKey(Actor, on_delete=models.CASCADE, related_name="statements")
    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="statements")
    stance = models.CharField(max_length=10, choices=Stance.choices)
    said_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["said_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(stance__in=Stance.values), name="statement_stance_valid"
            ),
        ]
        indexes = [models.Index(fields=["claim", "stance"], name="statement_claim_stance_idx")]

    def __str__(self) -> str:
        return f"{self.actor} {self.stance} “{self.claim}” ({self.said_on or 'undated'})"


class ClaimTally(models.Model):
    """A claim's confirmed stances counted ahead of reading, so its page opens at once however
    many stances it has.

    Every write to the claim's confirmed attributions marks the tally stale in the same
    transaction (a database trigger, which locks its row); the next read counts again, under that
    lock, so a count never misses a write that committed before it. See claims/tallies.py.
    """

    claim = models.OneToOneField(
        Claim, on_delete=models.CASCADE, primary_key=True, related_name="tally"
    )
    stale = models.BooleanField(default=True)
    asserts = models.PositiveIntegerField(default=0)
    assert_actors = models.PositiveIntegerField(default=0)
    assert_statements = models.PositiveIntegerField(default=0)
    assert_articles = models.PositiveIntegerField(default=0)
    assert_reports = models.PositiveIntegerField(default=0)
    denies = models.PositiveIntegerField(default=0)
    deny_actors = models.PositiveIntegerField(default=0)
    deny_statements = models.PositiveIntegerField(default=0)
    deny_articles = models.PositiveIntegerField(default=0)
    deny_reports = models.PositiveIntegerField(default=0)
    counted_at = models.DateTimeField(null=True, blank=True)

    # The column prefix of each stance.
    PREFIX = {Stance.ASSERTS: "assert", Stance.DENIES: "deny"}
    TOTAL = {Stance.ASSERTS: "asserts", Stance.DENIES: "denies"}

    def __str__(self) -> str:
        return f"Tally of claim {self.claim_id}{' (stale)' if self.stale else ''}"
