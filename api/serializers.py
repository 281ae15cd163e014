"""What the API reads and writes, in DESIGN.md's field names.

Reads never load an article's text except on the article's own detail; lists carry only what a
row needs, and a claim carries its stances and evidence in brief.
"""

from django.conf import settings
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from articles.models import Article, ArticleBlock, Outlet
from claims.models import (
    Actor,
    ActorKind,
    Attribution,
    Claim,
    ClaimStatus,
    Credibility,
    Evidence,
    Relation,
    ReviewState,
    Stance,
)
from claims.services import ACTOR_MAX_ALIASES, BULK_REVIEW_LIMIT
from core.events import EVENT_TYPES
from core.models import SourceGrade
from core.names import normalise_text
from core.params import MAX_ID, parse_id
from feeds.models import Feed, FeedItem, FeedPoll
from hooks.models import Delivery, Webhook
from watch.models import InboxEntry, SavedSearch, SearchKind, Watch


class RecordField(serializers.PrimaryKeyRelatedField):
    """A record by id; anything but a positive integer in range is refused before any query."""

    def to_internal_value(self, data):
        if isinstance(data, bool) or not isinstance(data, int | str):
            self.fail("incorrect_type", data_type=type(data).__name__)
        if isinstance(data, str):
            if not data.isascii() or not data.isdigit():
                self.fail("incorrect_type", data_type="str")
            number = parse_id(data)
            if number is None:  # past the database's range: no such record
                self.fail("does_not_exist", pk_value=data)
            data = number
        if not 0 < data <= MAX_ID:
            self.fail("does_not_exist", pk_value=data)
        return super().to_internal_value(data)


def _text(max_length: int, **kwargs):
    return serializers.CharField(
        max_length=max_length, required=False, allow_blank=True, default="", **kwargs
    )


# Briefs: the few fields a row of another record needs.


class OutletBriefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Outlet
        fields = ["id", "name"]


def _web_address():
    # Not a URLField: an article imported from pasted text has none (an empty string).
    return serializers.CharField(
        read_only=True, help_text="The article's address on the web, if known."
    )


class ArticleBriefSerializer(serializers.ModelSerializer):
    outlet = serializers.CharField(source="outlet.name", allow_null=True, read_only=True)
    url = _web_address()

    class Meta:
        model = Article
        fields = ["id", "title", "url", "published_on", "outlet"]


class ActorBriefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Actor
        fields = ["id", "name"]


class AttributionBriefSerializer(serializers.ModelSerializer):
    actor = ActorBriefSerializer(read_only=True)
    article = ArticleBriefSerializer(read_only=True)
    quote = serializers.CharField(source="exact", read_only=True)

    class Meta:
        model = Attribution
        fields = ["id", "actor", "stance", "quote", "article", "said_on", "is_direct_quote"]


class EvidenceBriefSerializer(serializers.ModelSerializer):
    article = ArticleBriefSerializer(read_only=True)
    source = ActorBriefSerializer(read_only=True, allow_null=True)
    quote = serializers.CharField(source="exact", read_only=True)

    class Meta:
        model = Evidence
        fields = ["id", "relation", "credibility", "quote", "article", "source"]


class _BriefsField(serializers.Field):
    """A claim's briefs as claims.selectors builds them, already in their JSON shape: passed through."""

    def __init__(self, **kwargs):
        super().__init__(read_only=True, **kwargs)

    def to_representation(self, value):
        return value


@extend_schema_field(AttributionBriefSerializer(many=True))
class AttributionBriefsField(_BriefsField):
    pass


@extend_schema_field(EvidenceBriefSerializer(many=True))
class EvidenceBriefsField(_BriefsField):
    pass


# Outlets


class OutletSerializer(serializers.ModelSerializer):
    name = serializers.CharField(max_length=200)
    reliability = serializers.ChoiceField(choices=SourceGrade.choices, required=False)

    class Meta:
        model = Outlet
        fields = ["id", "name", "domain", "reliability", "created_at", "updated_at"]
        read_only_fields = ["created_at", "updated_at"]

    def validate_name(self, value: str) -> str:
        value = " ".join(value.split())
        if not value:
            raise serializers.ValidationError("Name the outlet.")
        clash = Outlet.objects.filter(name__iexact=value)
        if self.instance is not None:
            clash = clash.exclude(pk=self.instance.pk)
        if clash.exists():
            raise serializers.ValidationError(f"An outlet called “{value}” already exists.")
        return value


# Articles


class ArticleSerializer(serializers.ModelSerializer):
    outlet = serializers.CharField(source="outlet.name", allow_null=True, read_only=True)
    url = _web_address()
    outlet_id = serializers.IntegerField(allow_null=True, read_only=True)
    length = serializers.IntegerField(read_only=True, help_text="Characters in the text.")

    class Meta:
        model = Article
        fields = [
            "id",
            "title",
            "url",
            "published_on",
            "outlet",
            "outlet_id",
            "dateline",
            "byline",
            "language",
            "length",
            "content_hash",
            "version",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class ArticleBlockSerializer(serializers.ModelSerializer):
    class Meta:
        model = ArticleBlock
        fields = ["start", "end", "kind", "original_start"]


class RelatedArticleSerializer(serializers.Serializer):
    article = serializers.IntegerField(help_text="The other article's id.")
    # A plain string in the schema: an enum here would collide with evidence's `relation`.
    relation = serializers.CharField(
        help_text="copy_of / rewrite_of: this article retells the other (the original); "
        "copied_by / rewritten_by: the other retells this one.",
    )
    similarity = serializers.FloatField()
    confirmed = serializers.BooleanField(help_text="A curator confirmed the link.")


class ArticleDetailSerializer(ArticleSerializer):
    blocks = ArticleBlockSerializer(many=True, read_only=True)
    related = serializers.SerializerMethodField()
    suggestion_note = serializers.CharField(
        read_only=True,
        help_text="Why the machine made no suggestions for this article (its language is not "
        "English); empty when it made them.",
    )

    class Meta(ArticleSerializer.Meta):
        fields = [*ArticleSerializer.Meta.fields, "suggestion_note", "text", "blocks", "related"]
        read_only_fields = fields

    @extend_schema_field(RelatedArticleSerializer(many=True))
    def get_related(self, article) -> list[dict]:
        """Copies and rewrites in both directions (from the prefetched relations)."""
        inverse = {"copy_of": "copied_by", "rewrite_of": "rewritten_by"}
        related = [
            {
                "article": r.original_id,
                "relation": r.kind,
                "similarity": r.similarity,
                "confirmed": r.confirmed,
            }
            for r in article.relations.all()
        ] + [
            {
                "article": r.article_id,
                "relation": inverse[r.kind],
                "similarity": r.similarity,
                "confirmed": r.confirmed,
            }
            for r in article.retellings.all()
        ]
        return sorted(related, key=lambda item: -item["similarity"])


class ArticleCreateSerializer(serializers.Serializer):
    title = _text(500, help_text="Left empty, the title the text shows (or its first line).")
    # Its length is checked against MAX_ARTICLE_CHARS by the view (413, naming `text`).
    text = serializers.CharField(
        trim_whitespace=False,
        help_text="Plain text, stored as given; or HTML, read as a web page: its main "
        "text is stored, and its title, author, date and site name fill in the fields not "
        "given. The same page again answers 200 with the stored article.",
    )
    url = serializers.URLField(max_length=2000, required=False, allow_blank=True, default="")
    published_on = serializers.DateField(required=False, allow_null=True, default=None)
    outlet = serializers.CharField(
        max_length=200,
        required=False,
        allow_blank=True,
        allow_null=True,
        default=None,
        help_text="The outlet's name; an outlet not known yet is created.",
    )
    byline = _text(300)
    dateline = _text(200)
    language = serializers.CharField(
        max_length=16,
        required=False,
        allow_blank=True,
        default="",
        help_text="Left empty, the language detected in the text (und when it cannot be told). "
        "Suggestions are made for English only.",
    )


# Most articles one bulk call may import: the call is answered only once all are stored.
BULK_LIMIT = 100


class ArticleBulkSerializer(serializers.Serializer):
    # A list field rather than many=True, so that the schema states the limit (maxItems).
    articles = serializers.ListField(
        child=ArticleCreateSerializer(),
        min_length=1,
        max_length=BULK_LIMIT,
        help_text=f"At most {BULK_LIMIT} articles; more is refused whole (400).",
    )


class ArticleBulkItemSerializer(serializers.Serializer):
    index = serializers.IntegerField()
    status = serializers.ChoiceField(choices=["created", "existing", "invalid"])
    article = ArticleBriefSerializer(allow_null=True)
    errors = serializers.DictField(allow_null=True, child=serializers.JSONField())


class ArticleBulkResultSerializer(serializers.Serializer):
    results = ArticleBulkItemSerializer(many=True)


class ArticleUpdateSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=500)
    url = serializers.URLField(max_length=2000, required=False, allow_blank=True)
    published_on = serializers.DateField(required=False, allow_null=True)
    outlet = serializers.CharField(
        max_length=200, required=False, allow_blank=True, allow_null=True
    )
    byline = serializers.CharField(max_length=300, required=False, allow_blank=True)
    dateline = serializers.CharField(max_length=200, required=False, allow_blank=True)
    language = serializers.CharField(max_length=16, required=False)

    def validate_title(self, value: str) -> str:
        if not value.strip():
            raise serializers.ValidationError("Give the article a title.")
        return value


CONFIRM_CONFUSABLE = (
    "A new actor name or alias that reads like another actor's (the same letters from another "
    "script, such as a Cyrillic “а” in a Latin name, or a zero for an “o”) is refused with a 400 "
    "naming that actor; send true to create it all the same."
)


def _confirm_confusable():
    return serializers.BooleanField(
        required=False, default=False, write_only=True, help_text=CONFIRM_CONFUSABLE
    )


# Actors


class AliasNamesField(serializers.ListField):
    child = serializers.CharField(max_length=200)

    def get_attribute(self, instance):
        return [alias.name for alias in instance.aliases.all()]


class ActorSerializer(serializers.ModelSerializer):
    name = serializers.CharField(max_length=200)
    kind = serializers.ChoiceField(choices=ActorKind.choices, required=False)
    affiliation = RecordField(queryset=Actor.objects.all(), allow_null=True, required=False)
    affiliation_name = serializers.CharField(
        source="affiliation.name", allow_null=True, read_only=True
    )
    reliability = serializers.ChoiceField(
        choices=SourceGrade.choices, required=False, help_text="Only a curator may set it."
    )
    aliases = AliasNamesField(
        required=False,
        max_length=ACTOR_MAX_ALIASES,
        help_text=f"Other spellings; writing it replaces them all. At most {ACTOR_MAX_ALIASES}; "
        "an alias that names another actor is refused.",
    )
    confirm_confusable = _confirm_confusable()

    class Meta:
        model = Actor
        fields = [
            "id",
            "name",
            "kind",
            "role",
            "affiliation",
            "affiliation_name",
            "reliability",
            "description",
            "aliases",
            "confirm_confusable",
            "version",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["version", "created_at", "updated_at"]

    def validate_name(self, value: str) -> str:
        value = normalise_text(value)
        if not value:
            raise serializers.ValidationError("Name the actor (with visible characters).")
        if self.instance is not None:
            clash = Actor.objects.filter(name__iexact=value).exclude(pk=self.instance.pk).first()
            if clash is not None:
                raise serializers.ValidationError(
                    f"Another actor (#{clash.pk}) is called “{clash.name}”."
                )
        return value


class ActorMergeSerializer(serializers.Serializer):
    into = RecordField(queryset=Actor.objects.all(), help_text="The actor that remains.")


# Claims

_TIMESTAMP = serializers.DateTimeField(read_only=True)


class ClaimSerializer(serializers.ModelSerializer):
    statement = serializers.CharField(max_length=1000)
    status = serializers.ChoiceField(
        choices=ClaimStatus.choices,
        required=False,
        help_text="Only a curator may set or change it (403 for anyone else).",
    )
    attributions = AttributionBriefsField(
        source="briefs.attributions",
        help_text="The earliest confirmed stances in brief (5 in a list, 50 in a claim's detail); /api/v1/attributions/?claim=ID pages through all of them in full.",
    )
    evidence = EvidenceBriefsField(
        source="briefs.evidence",
        help_text="The first evidence links in brief (5 in a list, 50 in a claim's detail); /api/v1/evidence/?claim=ID pages through all of them in full.",
    )

    class Meta:
        model = Claim
        fields = [
            "id",
            "statement",
            "status",
            "notes",
            "attributions",
            "evidence",
            "version",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["version", "created_at", "updated_at"]

    def validate_statement(self, value: str) -> str:
        value = " ".join(value.split())
        if not value:
            raise serializers.ValidationError("Write the claim.")
        return value

    def to_representation(self, claim) -> dict:
        # A list gives a hundred claims: plain reads rather than nine fields' lookups each. The
        # fields above still validate writes and document the schema; a test holds both to the
        # same output.
        return {
            "id": claim.pk,
            "statement": claim.statement,
            "status": claim.status,
            "notes": claim.notes,
            "attributions": claim.briefs["attributions"],
            "evidence": claim.briefs["evidence"],
            "version": claim.version,
            "created_at": _TIMESTAMP.to_representation(claim.created_at),
            "updated_at": _TIMESTAMP.to_representation(claim.updated_at),
        }


class ClaimDetailSerializer(ClaimSerializer):
    suggested_status = serializers.ChoiceField(
        choices=ClaimStatus.choices,
        read_only=True,
        source="suggested",
        help_text="The status the confirmed stances and graded evidence point to.",
    )

    class Meta(ClaimSerializer.Meta):
        fields = [*ClaimSerializer.Meta.fields, "suggested_status"]

    def to_representation(self, claim) -> dict:
        return {**super().to_representation(claim), "suggested_status": claim.suggested}


# Passages, attributions and evidence


class PassageWriteSerializer(serializers.Serializer):
    """A passage by `quote` (with optional `prefix`/`suffix`) or by `start`/`end` offsets."""

    quote = serializers.CharField(
        required=False, trim_whitespace=False, max_length=settings.MAX_ARTICLE_CHARS
    )
    prefix = serializers.CharField(
        required=False, allow_blank=True, trim_whitespace=False, max_length=1000
    )
    suffix = serializers.CharField(
        required=False, allow_blank=True, trim_whitespace=False, max_length=1000
    )
    start = serializers.IntegerField(required=False, min_value=0, max_value=MAX_ID)
    end = serializers.IntegerField(required=False, min_value=0, max_value=MAX_ID)

    PASSAGE_FIELDS = ("quote", "prefix", "suffix", "start", "end")
    # A record given by name rather than id: the service finds it or creates it.
    NAME_FIELDS: tuple[str, ...] = ()

    def passage(self) -> dict:
        return {k: self.validated_data[k] for k in self.PASSAGE_FIELDS if k in self.validated_data}

    def names(self) -> dict:
        return {k: self.validated_data[k] for k in self.NAME_FIELDS if k in self.validated_data}

    def changes(self) -> dict:
        return {
            k: v
            for k, v in self.validated_data.items()
            if k not in self.PASSAGE_FIELDS and k not in self.NAME_FIELDS
        }


def _name(max_length: int, help_text: str):
    return serializers.CharField(
        max_length=max_length, required=False, allow_blank=True, help_text=help_text
    )


ACTOR_NAME = (
    "Instead of `actor`: the actor's name (or an alias); an actor not known yet is created."
)
CLAIM_STATEMENT = (
    "Instead of `claim`: the claim's wording; a claim not known yet is created (one merged "
    "into another gives that one)."
)


def _one_of_errors(data, pairs, *, required: bool) -> dict:
    """For each (record, name) pair: the record's id or its name, not both; on a whole write,
    one of them. Read from the request's data, so these errors come with every other field's."""
    errors = {}
    if not isinstance(data, dict):
        return errors
    for record, name, needed in pairs:
        given = data.get(record) not in (None, "")
        typed = data.get(name)
        named = isinstance(typed, str) and bool(typed.strip())
        if given and named:
            errors[record] = [f"Give `{record}` or `{name}`, not both."]
        elif required and needed and not given and not named:
            errors[record] = [f"Give `{record}` or `{name}`."]
    return errors


class NamedRecordsMixin:
    """Records that may be given by id or by name (ONE_OF: record, name, needed)."""

    ONE_OF: tuple[tuple[str, str, bool], ...] = ()

    def to_internal_value(self, data):
        errors = _one_of_errors(data, self.ONE_OF, required=not self.partial)
        try:
            value = super().to_internal_value(data)
        except serializers.ValidationError as exc:
            raise serializers.ValidationError({**errors, **exc.detail}) from None
        if errors:
            raise serializers.ValidationError(errors)
        return value


class AttributionWriteSerializer(NamedRecordsMixin, PassageWriteSerializer):
    article = RecordField(queryset=Article.objects.all())
    claim = RecordField(queryset=Claim.objects.all(), required=False)
    claim_statement = _name(1000, CLAIM_STATEMENT)
    actor = RecordField(queryset=Actor.objects.all(), required=False)
    actor_name = _name(200, ACTOR_NAME)
    stance = serializers.ChoiceField(choices=Stance.choices)
    said_on = serializers.DateField(required=False, allow_null=True)
    said_on_text = serializers.CharField(max_length=100, required=False, allow_blank=True)
    is_direct_quote = serializers.BooleanField(required=False)
    via = RecordField(
        queryset=Actor.objects.all(), required=False, allow_null=True, help_text="Reporting chain."
    )
    confirm_confusable = _confirm_confusable()

    NAME_FIELDS = ("actor_name", "claim_statement", "confirm_confusable")
    ONE_OF = (("actor", "actor_name", True), ("claim", "claim_statement", True))

    def validate(self, attrs):
        if (
            self.instance is None
            and "quote" not in attrs
            and "start" not in attrs
            and "end" not in attrs
        ):
            raise serializers.ValidationError(
                {"quote": "Give the quote, or start and end offsets."}
            )
        return attrs


class AttributionSerializer(serializers.ModelSerializer):
    quote = serializers.CharField(source="exact", read_only=True)
    article_title = serializers.CharField(source="article.title", read_only=True)
    actor_name = serializers.CharField(read_only=True)
    claim_statement = serializers.CharField(read_only=True)
    via_name = serializers.CharField(source="via.name", allow_null=True, read_only=True)

    class Meta:
        model = Attribution
        fields = [
            "id",
            "article",
            "article_title",
            "claim",
            "claim_statement",
            "actor",
            "actor_name",
            "stance",
            "quote",
            "prefix",
            "suffix",
            "start",
            "end",
            "said_on",
            "said_on_text",
            "is_direct_quote",
            "via",
            "via_name",
            "review_state",
            "origin",
            "proposed_actor",
            "proposed_claim",
            "rule",
            "confidence",
            "reviewed_at",
            "version",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class SuggestionReviewSerializer(NamedRecordsMixin, serializers.Serializer):
    decision = serializers.ChoiceField(choices=[ReviewState.CONFIRMED, ReviewState.REJECTED])
    actor = RecordField(queryset=Actor.objects.all(), required=False)
    actor_name = _name(
        200, f"{ACTOR_NAME} Replaces the name the suggestion proposed; created on confirming."
    )
    claim = RecordField(queryset=Claim.objects.all(), required=False)
    claim_statement = _name(
        1000,
        f"{CLAIM_STATEMENT} Replaces the wording the suggestion proposed; created on confirming.",
    )
    stance = serializers.ChoiceField(choices=Stance.choices, required=False)
    said_on = serializers.DateField(required=False, allow_null=True)
    confirm_confusable = _confirm_confusable()

    NAME_FIELDS = ("actor_name", "claim_statement", "confirm_confusable")
    ONE_OF = (("actor", "actor_name", False), ("claim", "claim_statement", False))

    def names(self) -> dict:
        return {k: self.validated_data[k] for k in self.NAME_FIELDS if k in self.validated_data}

    def changes(self) -> dict:
        return {
            k: v
            for k, v in self.validated_data.items()
            if k != "decision" and k not in self.NAME_FIELDS
        }


class EvidenceWriteSerializer(NamedRecordsMixin, PassageWriteSerializer):
    article = RecordField(queryset=Article.objects.all())
    claim = RecordField(queryset=Claim.objects.all(), required=False)
    claim_statement = _name(1000, CLAIM_STATEMENT)
    relation = serializers.ChoiceField(choices=Relation.choices)
    credibility = serializers.ChoiceField(choices=Credibility.choices, required=False)
    source = RecordField(queryset=Actor.objects.all(), required=False, allow_null=True)
    source_name = _name(
        200, "Instead of `source`: its name (or an alias); an actor not known yet is created."
    )
    note = serializers.CharField(required=False, allow_blank=True, max_length=10000)
    whole_article = serializers.BooleanField(
        required=False, default=False, help_text="The whole article is the evidence: no passage."
    )

    PASSAGE_FIELDS = (*PassageWriteSerializer.PASSAGE_FIELDS, "whole_article")
    confirm_confusable = _confirm_confusable()

    NAME_FIELDS = ("claim_statement", "source_name", "confirm_confusable")
    ONE_OF = (("claim", "claim_statement", True), ("source", "source_name", False))

    def validate(self, attrs):
        given = any(k in attrs for k in ("quote", "start", "end"))
        if attrs.get("whole_article") and given:
            raise serializers.ValidationError(
                {"whole_article": "Give a passage or whole_article, not both."}
            )
        if self.instance is None and not given and not attrs.get("whole_article"):
            raise serializers.ValidationError(
                {"quote": "Give the quote, or start and end offsets, or whole_article."}
            )
        return attrs


class EvidenceSerializer(serializers.ModelSerializer):
    quote = serializers.CharField(source="exact", read_only=True)
    article_title = serializers.CharField(source="article.title", read_only=True)
    claim_statement = serializers.CharField(source="claim.statement", read_only=True)
    source_name = serializers.CharField(source="source.name", allow_null=True, read_only=True)
    whole_article = serializers.SerializerMethodField()

    class Meta:
        model = Evidence
        fields = [
            "id",
            "article",
            "article_title",
            "claim",
            "claim_statement",
            "relation",
            "credibility",
            "source",
            "source_name",
            "note",
            "whole_article",
            "quote",
            "prefix",
            "suffix",
            "start",
            "end",
            "version",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    def get_whole_article(self, evidence) -> bool:
        return evidence.start is None


class BulkReviewSerializer(serializers.Serializer):
    ids = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=MAX_ID),
        min_length=1,
        max_length=BULK_REVIEW_LIMIT,
        help_text=f"The suggestions to decide, at most {BULK_REVIEW_LIMIT}.",
    )
    decision = serializers.ChoiceField(choices=[ReviewState.CONFIRMED, ReviewState.REJECTED])


class _Refused(serializers.Serializer):
    id = serializers.IntegerField()
    detail = serializers.CharField()


class BulkReviewResultSerializer(serializers.Serializer):
    done = serializers.ListField(child=serializers.IntegerField())
    refused = _Refused(many=True)


# Webhooks


class WebhookSerializer(serializers.ModelSerializer):
    url = serializers.CharField(max_length=2000, help_text="http(s) address the events go to.")
    event_types = serializers.ListField(
        child=serializers.ChoiceField(choices=list(EVENT_TYPES)),
        allow_empty=False,
        help_text="The events sent (see `/api/v1/webhooks/events/`).",
    )
    secret = serializers.CharField(
        write_only=True,
        required=False,
        allow_blank=True,
        max_length=200,
        help_text="Signs each delivery. Generated when not given (an empty one on update asks "
        "for a new one); shown only in the answer to the create or change that set it.",
    )
    active = serializers.BooleanField(
        required=False, help_text="Set it back to true to re-enable a disabled webhook."
    )
    deliveries = serializers.SerializerMethodField()

    class Meta:
        model = Webhook
        fields = [
            "id",
            "url",
            "description",
            "event_types",
            "active",
            "secret",
            "consecutive_failures",
            "disabled_at",
            "disabled_reason",
            "created_at",
            "updated_at",
            "deliveries",
        ]
        read_only_fields = [
            "consecutive_failures",
            "disabled_at",
            "disabled_reason",
            "created_at",
            "updated_at",
        ]

    def get_deliveries(self, webhook) -> str:
        return f"/api/v1/webhooks/{webhook.pk}/deliveries/"


class WebhookWithSecretSerializer(WebhookSerializer):
    """The webhook with its secret: the answer to the request that set the secret, only."""

    secret = serializers.CharField(read_only=True)


class DeliverySerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="delivery_id", read_only=True)

    class Meta:
        model = Delivery
        fields = [
            "id",
            "event_type",
            "status",
            "attempts",
            "response_code",
            "response_excerpt",
            "last_error",
            "duration_ms",
            "created_at",
            "next_attempt_at",
            "delivered_at",
            "payload",
        ]
        read_only_fields = fields


# Feeds


class FeedSerializer(serializers.ModelSerializer):
    url = serializers.CharField(
        max_length=2000, help_text="The RSS or Atom feed's http(s) address; fixed once followed."
    )
    outlet = serializers.CharField(
        source="outlet.name",
        max_length=200,
        help_text="The outlet its articles are filed under; created if new.",
    )
    articles = serializers.IntegerField(
        read_only=True, help_text="How many articles the feed brought in."
    )

    class Meta:
        model = Feed
        fields = [
            "id",
            "url",
            "title",
            "outlet",
            "keywords",
            "interval_minutes",
            "active",
            "next_poll_at",
            "last_polled_at",
            "last_result",
            "last_reason",
            "consecutive_failures",
            "articles",
            "created_at",
            "updated_at",
        ]
        read_only_fields = [
            "next_poll_at",
            "last_polled_at",
            "last_result",
            "last_reason",
            "consecutive_failures",
            "created_at",
            "updated_at",
        ]
        extra_kwargs = {
            "keywords": {
                "help_text": "Comma-separated; an item is imported only if its title "
                "or summary holds one (case and accents aside). Empty: every item."
            },
        }


class FeedPollSerializer(serializers.ModelSerializer):
    class Meta:
        model = FeedPoll
        fields = [
            "id",
            "started_at",
            "finished_at",
            "result",
            "http_status",
            "items_seen",
            "items_new",
            "items_imported",
            "items_skipped",
            "items_failed",
            "items_left",
            "reason",
        ]
        read_only_fields = fields


class FeedItemSerializer(serializers.ModelSerializer):
    class Meta:
        model = FeedItem
        fields = ["id", "guid", "link", "title", "status", "reason", "article", "created_at"]
        read_only_fields = fields


class EventTypeSerializer(serializers.Serializer):
    type = serializers.CharField()
    description = serializers.CharField()


# Watchlists and the inbox (each user's own)


class WatchSerializer(serializers.ModelSerializer):
    claim = RecordField(
        queryset=Claim.objects.only("pk"),
        required=False,
        allow_null=True,
        help_text="A claim's id.",
    )
    actor = RecordField(
        queryset=Actor.objects.only("pk"),
        required=False,
        allow_null=True,
        help_text="An actor's id.",
    )
    name = serializers.SerializerMethodField(help_text="The claim's statement or the actor's name.")

    class Meta:
        model = Watch
        fields = ["id", "claim", "actor", "name", "created_at"]
        read_only_fields = ["created_at"]

    def get_name(self, watch) -> str:
        return watch.claim.statement if watch.claim_id else watch.actor.name

    def validate(self, data):
        if (data.get("claim") is None) == (data.get("actor") is None):
            raise serializers.ValidationError("Give a claim or an actor to watch (one of them).")
        return data


class SavedSearchSerializer(serializers.ModelSerializer):
    kind = serializers.ChoiceField(
        choices=SearchKind.choices,
        help_text="The list it runs on: the claims list, the articles list or the search page.",
    )
    query = serializers.CharField(
        max_length=2000,
        allow_blank=True,
        required=False,
        help_text="The list's query string (status=contested&actor=3), checked by the list's "
        "own filters; only those are kept.",
    )
    url = serializers.CharField(source="get_absolute_url", read_only=True)

    class Meta:
        model = SavedSearch
        fields = ["id", "name", "kind", "query", "url", "created_at"]
        read_only_fields = ["created_at"]
        # The service checks a repeated name (and says which).
        validators = []


class InboxEntrySerializer(serializers.ModelSerializer):
    unread = serializers.SerializerMethodField()

    class Meta:
        model = InboxEntry
        fields = [
            "id",
            "kind",
            "event",
            "text",
            "link",
            "claim",
            "actor",
            "article",
            "attribution",
            "evidence",
            "watch",
            "saved_search",
            "created_at",
            "read_at",
            "unread",
        ]
        read_only_fields = fields

    def get_unread(self, entry) -> bool:
        return entry.read_at is None


class InboxReadAllSerializer(serializers.Serializer):
    marked = serializers.IntegerField(help_text="How many entries were unread.")
