"""The REST API: thin views over the same services the pages use.

Each view checks what the role may do (config.permissions.RolePermission plus the finer rights:
claim status, reliability grades, reviews, merges), validates with a serializer, calls a service
in a transaction and answers with the record as it now is, and its ETag.
"""

from django.conf import settings
from django.db import transaction
from django.db.models.functions import Length
from django.http import Http404, StreamingHttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.permissions import BasePermission
from rest_framework.response import Response

from api import exports
from api import serializers as s
from api.errors import PayloadTooLarge
from api.parsers import JSONParser
from api.rendering import CSVRenderer, CursorPage, JSONLDRenderer, JSONRenderer
from api.versions import checked_version, with_etag
from articles import filters as article_filters
from articles.models import Article, Outlet
from articles.services import (
    article_bulk_import,
    article_import,
    article_update,
    outlet_create,
    outlet_update,
)
from claims import filters as claim_filters
from claims.models import (
    Actor,
    Attribution,
    Claim,
    Evidence,
    ReviewState,
)
from claims.selectors import claim_get, claims_attach_briefs
from claims.services import (
    actor_create,
    actor_merge,
    actor_update,
    attribution_create,
    attribution_review,
    attribution_update,
    claim_create,
    claim_update,
    evidence_create,
    evidence_update,
    record_delete,
    suggestions_review,
)
from core.events import EVENT_TYPES
from core.models import SourceGrade
from core.roles import role_of
from feeds.models import Feed, FeedItem, FeedPoll
from feeds.selectors import feeds_with_counts
from feeds.services import feed_create, feed_delete, feed_poll_now, feed_update
from hooks.models import Delivery, Webhook
from hooks.services import (
    delivery_redeliver,
    webhook_create,
    webhook_delete,
    webhook_ping,
    webhook_update,
)
from watch.models import InboxEntry, SavedSearch, Watch
from watch.services import (
    inbox_mark_all_read,
    inbox_mark_read,
    saved_search_create,
    saved_search_delete,
    watch_add,
    watch_delete,
)

# Exports are JSON-LD; `?format=json` (or Accept: application/json) gives the same as plain JSON.
JSON_LD = {
    (200, "application/ld+json"): OpenApiTypes.OBJECT,
    (200, "application/json"): OpenApiTypes.OBJECT,
}

IF_MATCH = OpenApiParameter(
    "If-Match",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    description="The ETag from the last GET; a stale one is refused with 412 and changes nothing.",
)


def _check_article_length(text: str, index: int | None = None) -> None:
    """Refuse a text over MAX_ARTICLE_CHARS with 413, naming the field."""
    if len(text) > settings.MAX_ARTICLE_CHARS:
        message = (
            f"The text has {len(text):,} characters; the limit is {settings.MAX_ARTICLE_CHARS:,}."
        )
        raise PayloadTooLarge({"text": [message]})


class ApiViewSet(viewsets.GenericViewSet):
    parser_classes = [JSONParser]
    renderer_classes = [JSONRenderer]
    pagination_class = CursorPage
    lookup_value_regex = "[0-9]+"
    ordering = ["-id"]

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        # DRF's JSON parser reads the stream itself, past Django's DATA_UPLOAD_MAX_MEMORY_SIZE check.
        length = request.META.get("CONTENT_LENGTH") or "0"
        if length.isdigit() and int(length) > settings.DATA_UPLOAD_MAX_MEMORY_SIZE:
            raise PayloadTooLarge()

    def require(self, permission: str, message: str) -> None:
        if not self.request.user.has_perm(permission):
            raise PermissionDenied(message)

    def read_again(self, instance):
        return self.get_queryset().get(pk=instance.pk)

    def answer(self, instance, code=status.HTTP_200_OK):
        """The record as stored now, read again through the detail query, with its ETag."""
        instance = self.read_again(instance)
        serializer = self.get_serializer(instance)
        return with_etag(Response(serializer.data, status=code), instance)

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def retrieve(self, request, *args, **kwargs):
        instance = self.get_object()
        return with_etag(Response(self.get_serializer(instance).data), instance)


class WritableViewSet(ApiViewSet):
    # Create, update (PUT/PATCH, conditional on If-Match) and delete, besides reading.

    def partial_update(self, request, *args, **kwargs):
        return self.update(request, *args, partial=True, **kwargs)

    def destroy(self, request, *args, **kwargs):
        instance = self.get_object()
        version = checked_version(request, instance)
        record_delete(
            instance=instance,
            expected_version=version if hasattr(instance, "version") else None,
            user=request.user,
        )
        return Response(status=status.HTTP_204_NO_CONTENT)


def _grade_check(view: ApiViewSet, data: dict, current: str, permission: str, what: str) -> None:
    if "reliability" in data and data["reliability"] != current:
        view.require(permission, f"Only a curator may set {what}'s reliability grade.")


DETAIL_WRITES = {
    "update": extend_schema(parameters=[IF_MATCH]),
    "partial_update": extend_schema(parameters=[IF_MATCH]),
    "destroy": extend_schema(parameters=[IF_MATCH], responses={204: None}),
}


@extend_schema_view(**DETAIL_WRITES)
class OutletViewSet(WritableViewSet):
    serializer_class = s.OutletSerializer
    filterset_class = article_filters.OutletFilter
    ordering_fields = ["id", "name", "created_at", "updated_at"]
    queryset = Outlet.objects.all()

    @extend_schema(responses={201: s.OutletSerializer})
    def create(self, request):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        _grade_check(
            self, serializer.validated_data, SourceGrade.F, "articles.grade_outlet", "an outlet"
        )
        with transaction.atomic():
            outlet = outlet_create(**serializer.validated_data, user=request.user)
        return self.answer(outlet, status.HTTP_201_CREATED)

    def update(self, request, *args, partial=False, **kwargs):
        outlet = self.get_object()
        version = checked_version(request, outlet)
        serializer = self.get_serializer(outlet, data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        _grade_check(
            self,
            serializer.validated_data,
            outlet.reliability,
            "articles.grade_outlet",
            "an outlet",
        )
        outlet = outlet_update(
            outlet=outlet,
            changes=serializer.validated_data,
            expected_updated_at=outlet.updated_at if version is not None else None,
            user=request.user,
        )
        return self.answer(outlet)


@extend_schema_view(
    list=extend_schema(responses=s.ArticleSerializer),
    retrieve=extend_schema(responses=s.ArticleDetailSerializer),
    update=extend_schema(
        parameters=[IF_MATCH],
        request=s.ArticleUpdateSerializer,
        responses=s.ArticleDetailSerializer,
    ),
    partial_update=extend_schema(
        parameters=[IF_MATCH],
        request=s.ArticleUpdateSerializer,
        responses=s.ArticleDetailSerializer,
    ),
    destroy=DETAIL_WRITES["destroy"],
)
class ArticleViewSet(WritableViewSet):
    filterset_class = article_filters.ArticleFilter
    ordering_fields = ["id", "title", "created_at", "updated_at"]
    queryset = Article.objects.all()

    def get_queryset(self):
        articles = Article.objects.select_related("outlet").annotate(length=Length("text"))
        if self.action in ("retrieve", "update", "partial_update"):
            return articles.prefetch_related("blocks", "relations", "retellings")
        return articles.defer("text")

    def get_serializer_class(self):
        if self.action in ("retrieve", "update", "partial_update"):
            return s.ArticleDetailSerializer
        return s.ArticleSerializer

    @extend_schema(
        request=s.ArticleCreateSerializer,
        responses={
            201: OpenApiResponse(s.ArticleDetailSerializer, description="Imported."),
            200: OpenApiResponse(
                s.ArticleDetailSerializer, description="The same text was already stored."
            ),
        },
    )
    def create(self, request):
        serializer = s.ArticleCreateSerializer(data=request.data)
        if isinstance(request.data, dict) and isinstance(request.data.get("text"), str):
            _check_article_length(request.data["text"])
        serializer.is_valid(raise_exception=True)
        result = article_import(**serializer.validated_data, user=request.user, suggest=True)
        self.action = "retrieve"
        return self.answer(
            result.article, status.HTTP_201_CREATED if result.created else status.HTTP_200_OK
        )

    @extend_schema(request=s.ArticleBulkSerializer, responses=s.ArticleBulkResultSerializer)
    @action(detail=False, methods=["post"])
    def bulk(self, request):
        """Import several articles, each in its own transaction; one result per item, in order."""
        items = request.data.get("articles") if isinstance(request.data, dict) else None
        if not isinstance(items, list) or not items:
            raise ValidationError({"articles": ["Give a non-empty list of articles."]})
        if len(items) > s.BULK_LIMIT:
            raise ValidationError({"articles": [f"At most {s.BULK_LIMIT} articles at a time."]})
        valid, results = {}, {}
        for index, item in enumerate(items):
            serializer = s.ArticleCreateSerializer(data=item)
            if isinstance(item, dict) and isinstance(item.get("text"), str):
                try:
                    _check_article_length(item["text"])
                except PayloadTooLarge as exc:
                    results[index] = {
                        "index": index,
                        "status": "invalid",
                        "article": None,
                        "errors": exc.detail,
                    }
                    continue
            if serializer.is_valid():
                valid[index] = serializer.validated_data
            else:
                results[index] = {
                    "index": index,
                    "status": "invalid",
                    "article": None,
                    "errors": serializer.errors,
                }
        imported = article_bulk_import(items=list(valid.values()), user=request.user, suggest=True)
        for index, outcome in zip(valid, imported, strict=True):
            results[index] = {
                "index": index,
                "status": "invalid"
                if outcome.article is None
                else "created"
                if outcome.created
                else "existing",
                "article": s.ArticleBriefSerializer(outcome.article).data
                if outcome.article
                else None,
                "errors": outcome.errors,
            }
        return Response({"results": [results[i] for i in range(len(items))]})

    def update(self, request, *args, partial=False, **kwargs):
        article = self.get_object()
        version = checked_version(request, article)
        serializer = s.ArticleUpdateSerializer(data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        article = article_update(
            article=article,
            expected_version=version,
            changes=serializer.validated_data,
            user=request.user,
        )
        return self.answer(article)

    @extend_schema(responses=JSON_LD)
    @action(detail=True, renderer_classes=[JSONLDRenderer, JSONRenderer])
    def annotations(self, request, pk=None):
        """The article's confirmed attributions and its evidence as a W3C AnnotationCollection."""
        article = self.get_object()
        attributions = list(
            Attribution.objects.confirmed().filter(article=article).select_related("actor", "claim")
        )
        evidence = list(Evidence.objects.filter(article=article).select_related("claim"))
        for link in [*attributions, *evidence]:
            link.article = article
        return Response(exports.annotation_collection(article, attributions, evidence, request))


@extend_schema_view(**DETAIL_WRITES)
class ActorViewSet(WritableViewSet):
    serializer_class = s.ActorSerializer
    filterset_class = claim_filters.ActorFilter
    ordering_fields = ["id", "name", "created_at", "updated_at"]
    queryset = Actor.objects.select_related("affiliation").prefetch_related("aliases")

    @extend_schema(
        responses={
            201: OpenApiResponse(s.ActorSerializer, description="Created."),
            200: OpenApiResponse(
                s.ActorSerializer, description="An actor with this name or alias exists."
            ),
        }
    )
    def create(self, request):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        _grade_check(
            self, serializer.validated_data, SourceGrade.F, "claims.grade_actor", "an actor"
        )
        with transaction.atomic():
            actor, created = actor_create(**serializer.validated_data, user=request.user)
        return self.answer(actor, status.HTTP_201_CREATED if created else status.HTTP_200_OK)

    def update(self, request, *args, partial=False, **kwargs):
        actor = self.get_object()
        version = checked_version(request, actor)
        serializer = self.get_serializer(actor, data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        changes = dict(serializer.validated_data)
        _grade_check(self, changes, actor.reliability, "claims.grade_actor", "an actor")
        aliases = changes.pop("aliases", None)
        confirm_confusable = changes.pop("confirm_confusable", False)
        actor = actor_update(
            actor=actor,
            expected_version=version,
            changes=changes,
            aliases=aliases,
            user=request.user,
            confirm_confusable=confirm_confusable,
        )
        return self.answer(actor)

    @extend_schema(
        request=s.ActorMergeSerializer, responses=s.ActorSerializer, parameters=[IF_MATCH]
    )
    @action(detail=True, methods=["post"])
    def merge(self, request, pk=None):
        """Fold this actor into `into` (curators): names become aliases, stances move over."""
        self.require("claims.merge_actor", "Only a curator may merge actors.")
        source = self.get_object()
        checked_version(request, source)
        serializer = s.ActorMergeSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        target = actor_merge(
            source=source, target=serializer.validated_data["into"], user=request.user
        )
        return self.answer(target)


# A claim carries its earliest stances and evidence links in brief: a few in a list, more in
# its detail; the rest page through /api/v1/attributions/?claim=ID and /api/v1/evidence/?claim=ID.
BRIEFS_IN_LIST = 5
BRIEFS_IN_DETAIL = 50


def with_detail(claim: Claim) -> Claim:
    """A claim read with its leanings as its detail shows it: its suggested status, and its
    briefs (two queries)."""
    claim.suggested = claim.suggested_status()
    claims_attach_briefs(claims=[claim], limit=BRIEFS_IN_DETAIL)
    return claim


def _claim_or_404(claim_id: int, *, leanings: bool = False) -> Claim:
    claim = claim_get(claim_id=claim_id, leanings=leanings)
    if claim is None:
        raise Http404
    return claim


@extend_schema_view(
    retrieve=extend_schema(responses=s.ClaimDetailSerializer),
    update=extend_schema(parameters=[IF_MATCH], responses=s.ClaimDetailSerializer),
    partial_update=extend_schema(parameters=[IF_MATCH], responses=s.ClaimDetailSerializer),
    destroy=DETAIL_WRITES["destroy"],
)
class ClaimViewSet(WritableViewSet):
    filterset_class = claim_filters.ClaimFilter
    ordering_fields = ["id", "statement", "status", "created_at", "updated_at"]
    queryset = Claim.objects.all()

    def get_object(self):
        # Every read of one claim goes through claims.selectors, as the claim page's does.
        claim = _claim_or_404(int(self.kwargs["pk"]), leanings=self.action == "retrieve")
        self.check_object_permissions(self.request, claim)
        return claim

    def read_again(self, instance):
        return with_detail(_claim_or_404(instance.pk, leanings=True))

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        claims_attach_briefs(claims=page, limit=BRIEFS_IN_LIST)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def retrieve(self, request, *args, **kwargs):
        claim = with_detail(self.get_object())
        return with_etag(Response(self.get_serializer(claim).data), claim)

    def get_serializer_class(self):
        if self.action in ("retrieve", "update", "partial_update"):
            return s.ClaimDetailSerializer
        return s.ClaimSerializer

    @extend_schema(
        responses={
            201: OpenApiResponse(s.ClaimSerializer, description="Created."),
            200: OpenApiResponse(
                s.ClaimSerializer, description="A claim with this statement exists."
            ),
        }
    )
    def create(self, request):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        with transaction.atomic():
            claim, created = claim_create(**serializer.validated_data, user=request.user)
        return self.answer(claim, status.HTTP_201_CREATED if created else status.HTTP_200_OK)

    def update(self, request, *args, partial=False, **kwargs):
        claim = self.get_object()
        version = checked_version(request, claim)
        serializer = self.get_serializer(claim, data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        claim = claim_update(
            claim=claim,
            expected_version=version,
            changes=serializer.validated_data,
            user=request.user,
        )
        return self.answer(claim)

    @extend_schema(responses=JSON_LD)
    @action(detail=True, renderer_classes=[JSONLDRenderer, JSONRenderer])
    def claimreview(self, request, pk=None):
        """The claim as schema.org ClaimReview (JSON-LD)."""
        claim = self.get_object()
        # It prints no quotes: the query reads none.
        claims_attach_briefs(
            claims=[claim], limit=BRIEFS_IN_DETAIL, evidence=False, actor_kind=True, quotes=False
        )
        return Response(exports.claim_review(claim, request))

    @extend_schema(
        operation_id="claims_claimreview_list",
        filters=True,
        responses=JSON_LD,
    )
    @action(detail=False, url_path="claimreview", renderer_classes=[JSONLDRenderer, JSONRenderer])
    def claimreviews(self, request):
        """The filtered claims as ClaimReviews in one JSON-LD `@graph`, a page at a time (`next`)."""
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        claims_attach_briefs(
            claims=page, limit=BRIEFS_IN_LIST, evidence=False, actor_kind=True, quotes=False
        )
        return Response(
            {
                "@context": exports.SCHEMA_ORG,
                "@graph": [exports.claim_review(claim, request, context=False) for claim in page],
                "next": self.paginator.get_next_link(),
                "previous": self.paginator.get_previous_link(),
            }
        )


def attributions_with_related():
    return Attribution.objects.select_related("actor", "claim", "via", "article").defer(
        "article__text"
    )


@extend_schema_view(
    list=extend_schema(responses=s.AttributionSerializer),
    retrieve=extend_schema(responses=s.AttributionSerializer),
    update=extend_schema(
        parameters=[IF_MATCH],
        request=s.AttributionWriteSerializer,
        responses=s.AttributionSerializer,
    ),
    partial_update=extend_schema(
        parameters=[IF_MATCH],
        request=s.AttributionWriteSerializer,
        responses=s.AttributionSerializer,
    ),
    destroy=DETAIL_WRITES["destroy"],
)
class AttributionViewSet(WritableViewSet):
    serializer_class = s.AttributionSerializer
    filterset_class = claim_filters.AttributionFilter
    ordering_fields = ["id", "start", "created_at", "updated_at"]
    queryset = Attribution.objects.all()

    def get_queryset(self):
        return attributions_with_related()

    @extend_schema(
        request=s.AttributionWriteSerializer,
        responses={
            201: s.AttributionSerializer,
            409: OpenApiResponse(
                OpenApiTypes.OBJECT,
                description="The same actor, stance, claim and passage are recorded already: "
                "`existing` and `existing_url` name that record.",
            ),
        },
    )
    def create(self, request):
        serializer = s.AttributionWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        with transaction.atomic():
            attribution = attribution_create(
                **serializer.changes(),
                **serializer.names(),
                **serializer.passage(),
                user=request.user,
            )
        return self.answer(attribution, status.HTTP_201_CREATED)

    def update(self, request, *args, partial=False, **kwargs):
        attribution = self.get_object()
        version = checked_version(request, attribution)
        serializer = s.AttributionWriteSerializer(attribution, data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        attribution = attribution_update(
            attribution=attribution,
            expected_version=version,
            changes=serializer.changes(),
            passage=serializer.passage(),
            **serializer.names(),
            user=request.user,
        )
        return self.answer(attribution)

    @extend_schema(responses=JSON_LD)
    @action(detail=True, renderer_classes=[JSONLDRenderer, JSONRenderer])
    def annotation(self, request, pk=None):
        """The attribution as a W3C Web Annotation (JSON-LD)."""
        return Response(exports.attribution_annotation(self.get_object(), request))

    @extend_schema(filters=True, responses={(200, "text/csv"): OpenApiTypes.STR})
    @action(detail=False, url_path="csv", renderer_classes=[JSONRenderer, CSVRenderer])
    def csv(self, request):
        """The filtered attributions as CSV, every row (no pages), for spreadsheets."""
        attributions = (
            self.filter_queryset(self.get_queryset())
            .select_related("article__outlet")
            .order_by("article_id", "start", "id")
        )
        response = StreamingHttpResponse(
            exports.attributions_csv_rows(attributions.iterator(chunk_size=2000)),
            content_type="text/csv; charset=utf-8",
        )
        response["Content-Disposition"] = 'attachment; filename="attributions.csv"'
        return response


@extend_schema_view(
    list=extend_schema(responses=s.AttributionSerializer),
    retrieve=extend_schema(responses=s.AttributionSerializer),
)
class SuggestionViewSet(ApiViewSet):
    """The machine's suggested attributions, waiting for an analyst's review."""

    serializer_class = s.AttributionSerializer
    filterset_class = claim_filters.SuggestionFilter
    ordering_fields = ["id", "start", "created_at"]
    queryset = Attribution.objects.all()

    def get_queryset(self):
        return attributions_with_related().filter(review_state=ReviewState.SUGGESTED)

    @extend_schema(
        request=s.SuggestionReviewSerializer,
        responses=s.AttributionSerializer,
        parameters=[IF_MATCH],
    )
    @action(detail=True, methods=["post"])
    def review(self, request, pk=None):
        """Confirm (with optional edits: actor or actor_name, claim or claim_statement, stance,
        said_on) or reject a suggestion."""
        self.require("claims.review_attribution", "Your role may not review suggestions.")
        suggestion = self.get_object()
        version = checked_version(request, suggestion)
        serializer = s.SuggestionReviewSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        attribution = attribution_review(
            attribution=suggestion,
            decision=serializer.validated_data["decision"],
            user=request.user,
            expected_version=version,
            changes=serializer.changes(),
            **serializer.names(),
        )
        attribution = attributions_with_related().get(pk=attribution.pk)
        return with_etag(Response(s.AttributionSerializer(attribution).data), attribution)

    @extend_schema(
        operation_id="suggestions_review_many",
        request=s.BulkReviewSerializer,
        responses=s.BulkReviewResultSerializer,
    )
    @action(detail=False, methods=["post"], url_path="review")
    def review_many(self, request):
        """Confirm or reject several suggestions as they stand (at most 500): each in its own
        transaction, with its own history entry; one that cannot be decided is reported."""
        self.require("claims.review_attribution", "Your role may not review suggestions.")
        serializer = s.BulkReviewSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        result = suggestions_review(user=request.user, **serializer.validated_data)
        return Response(
            {
                "done": [a.pk for a in result.done],
                "refused": [{"id": pk, "detail": why} for pk, why in result.refused],
            }
        )


@extend_schema_view(
    list=extend_schema(responses=s.EvidenceSerializer),
    retrieve=extend_schema(responses=s.EvidenceSerializer),
    update=extend_schema(
        parameters=[IF_MATCH], request=s.EvidenceWriteSerializer, responses=s.EvidenceSerializer
    ),
    partial_update=extend_schema(
        parameters=[IF_MATCH], request=s.EvidenceWriteSerializer, responses=s.EvidenceSerializer
    ),
    destroy=DETAIL_WRITES["destroy"],
)
class EvidenceViewSet(WritableViewSet):
    serializer_class = s.EvidenceSerializer
    filterset_class = claim_filters.EvidenceFilter
    ordering_fields = ["id", "credibility", "created_at", "updated_at"]
    queryset = Evidence.objects.all()

    def get_queryset(self):
        return Evidence.objects.select_related("claim", "source", "article").defer("article__text")

    @extend_schema(request=s.EvidenceWriteSerializer, responses={201: s.EvidenceSerializer})
    def create(self, request):
        serializer = s.EvidenceWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        with transaction.atomic():
            evidence = evidence_create(
                **serializer.changes(),
                **serializer.names(),
                **serializer.passage(),
                user=request.user,
            )
        return self.answer(evidence, status.HTTP_201_CREATED)

    def update(self, request, *args, partial=False, **kwargs):
        evidence = self.get_object()
        version = checked_version(request, evidence)
        serializer = s.EvidenceWriteSerializer(evidence, data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        passage = serializer.passage()
        whole_article = passage.pop("whole_article", False)
        evidence = evidence_update(
            evidence=evidence,
            expected_version=version,
            changes=serializer.changes(),
            passage=passage,
            whole_article=whole_article,
            **serializer.names(),
            user=request.user,
        )
        return self.answer(evidence)

    @extend_schema(responses=JSON_LD)
    @action(detail=True, renderer_classes=[JSONLDRenderer, JSONRenderer])
    def annotation(self, request, pk=None):
        """The evidence as a W3C Web Annotation (JSON-LD)."""
        return Response(exports.evidence_annotation(self.get_object(), request))


class HasRole(BasePermission):
    """Any signed-in user with a role (viewer, analyst, curator)."""

    def has_permission(self, request, view):
        return bool(request.user and request.user.is_authenticated and role_of(request.user))


REDELIVER_PATH = r"deliveries/(?P<delivery_id>[0-9a-fA-F-]{36})/redeliver"


@extend_schema_view(
    create=extend_schema(
        request=s.WebhookSerializer,
        responses={
            201: OpenApiResponse(
                s.WebhookWithSecretSerializer,
                description="Created; the only answer that shows the secret.",
            )
        },
    ),
    update=extend_schema(responses=s.WebhookWithSecretSerializer),
    partial_update=extend_schema(responses=s.WebhookWithSecretSerializer),
    destroy=extend_schema(responses={204: None}),
)
class WebhookViewSet(ApiViewSet):
    """Your webhooks: the tracker's events, sent as signed JSON to an address of yours. Each user
    sees and changes only their own."""

    serializer_class = s.WebhookSerializer
    permission_classes = [HasRole]
    filter_backends = []
    queryset = Webhook.objects.none()

    def get_queryset(self):
        return Webhook.objects.filter(owner=self.request.user)

    def create(self, request):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        webhook = webhook_create(owner=request.user, **serializer.validated_data)
        return Response(s.WebhookWithSecretSerializer(webhook).data, status.HTTP_201_CREATED)

    def update(self, request, *args, partial=False, **kwargs):
        webhook = self.get_object()
        serializer = self.get_serializer(webhook, data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        changes = serializer.validated_data
        webhook = webhook_update(webhook=webhook, changes=changes, user=request.user)
        answer = s.WebhookWithSecretSerializer if "secret" in changes else s.WebhookSerializer
        return Response(answer(webhook).data)

    def partial_update(self, request, *args, **kwargs):
        return self.update(request, *args, partial=True, **kwargs)

    def destroy(self, request, *args, **kwargs):
        webhook_delete(webhook=self.get_object(), user=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(responses=s.EventTypeSerializer(many=True))
    @action(detail=False, pagination_class=None)
    def events(self, request):
        """The event types a webhook may subscribe to, with what each means."""
        return Response([{"type": name, "description": text} for name, text in EVENT_TYPES.items()])

    @extend_schema(responses=s.DeliverySerializer(many=True))
    @action(detail=True)
    def deliveries(self, request, pk=None):
        """The webhook's delivery log, newest first, a page at a time."""
        webhook = self.get_object()
        page = self.paginate_queryset(Delivery.objects.filter(webhook=webhook))
        return self.get_paginated_response(s.DeliverySerializer(page, many=True).data)

    @extend_schema(request=None, responses={202: s.DeliverySerializer})
    @action(detail=True, methods=["post"])
    def test(self, request, pk=None):
        """Send a `ping` event to the webhook now; the delivery follows in its log."""
        delivery = webhook_ping(webhook=self.get_object(), user=request.user)
        return Response(s.DeliverySerializer(delivery).data, status.HTTP_202_ACCEPTED)

    @extend_schema(request=None, responses={202: s.DeliverySerializer})
    @action(detail=True, methods=["post"], url_path=REDELIVER_PATH)
    def redeliver(self, request, pk=None, delivery_id=None):
        """Send a failed or given-up delivery again, with the same delivery id."""
        webhook = self.get_object()
        delivery = Delivery.objects.filter(webhook=webhook, delivery_id=delivery_id).first()
        if delivery is None:
            raise Http404
        delivery.webhook = webhook
        delivery = delivery_redeliver(delivery=delivery, user=request.user)
        return Response(s.DeliverySerializer(delivery).data, status.HTTP_202_ACCEPTED)


@extend_schema_view(
    create=extend_schema(responses={201: s.FeedSerializer}),
    destroy=extend_schema(responses={204: None}),
)
class FeedViewSet(ApiViewSet):
    """The RSS and Atom feeds the tracker follows: every worker polls each one when due and
    imports its new items, with suggestions. Viewers read; analysts subscribe, change and stop
    following (the feed pages' rules)."""

    serializer_class = s.FeedSerializer
    filter_backends = []
    queryset = Feed.objects.none()

    def get_queryset(self):
        return feeds_with_counts().order_by("-id")

    def create(self, request):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        data["outlet"] = data.pop("outlet")["name"]
        active = data.pop("active", True)
        with transaction.atomic():
            feed = feed_create(**data, user=request.user)
            if not active:
                feed = feed_update(feed=feed, changes={"active": False}, user=request.user)
        return Response(
            self.get_serializer(self.read_again(feed)).data, status=status.HTTP_201_CREATED
        )

    def update(self, request, *args, partial=False, **kwargs):
        feed = self.get_object()
        serializer = self.get_serializer(feed, data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        changes = dict(serializer.validated_data)
        if changes.get("url", feed.url) != feed.url:
            raise ValidationError({"url": "A feed's address is fixed: follow the new one instead."})
        changes.pop("url", None)
        if "outlet" in changes:
            changes["outlet"] = changes.pop("outlet")["name"]
        feed = feed_update(feed=feed, changes=changes, user=request.user)
        return Response(self.get_serializer(self.read_again(feed)).data)

    def partial_update(self, request, *args, **kwargs):
        return self.update(request, *args, partial=True, **kwargs)

    def destroy(self, request, *args, **kwargs):
        feed_delete(feed=self.get_object(), user=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(responses=s.FeedPollSerializer(many=True))
    @action(detail=True)
    def polls(self, request, pk=None):
        """The feed's polls, newest first, a page at a time."""
        feed = self.get_object()
        page = self.paginate_queryset(FeedPoll.objects.filter(feed=feed))
        return self.get_paginated_response(s.FeedPollSerializer(page, many=True).data)

    @extend_schema(responses=s.FeedItemSerializer(many=True))
    @action(detail=True)
    def items(self, request, pk=None):
        """The feed's items (imported, duplicate, filtered out or failed, with the reason),
        newest first, a page at a time."""
        feed = self.get_object()
        page = self.paginate_queryset(FeedItem.objects.filter(feed=feed))
        return self.get_paginated_response(s.FeedItemSerializer(page, many=True).data)

    @extend_schema(request=None, responses={202: s.FeedSerializer})
    @action(detail=True, methods=["post"], url_path="poll-now")
    def poll_now(self, request, pk=None):
        """Make the feed due at once (resuming it if paused): a worker polls it within
        FEEDS_CHECK_EVERY seconds."""
        self.require("feeds.change_feed", "Your role does not allow polling feeds.")
        feed = feed_poll_now(feed=self.get_object(), user=request.user)
        return Response(self.get_serializer(self.read_again(feed)).data, status.HTTP_202_ACCEPTED)


# Watchlists and the inbox: each user's own, for any role.


class OwnFollowing(BasePermission):
    """Any role follows things; what it reads and changes is its own (the querysets)."""

    message = "Your account has no role: ask a curator for one."

    def has_permission(self, request, view):
        return bool(
            request.user
            and request.user.is_authenticated
            and request.user.has_perm("claims.view_claim")
        )


@extend_schema_view(destroy=extend_schema(responses={204: None}))
class WatchViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ApiViewSet):
    """The claims and actors you watch: changes to them come to your inbox."""

    serializer_class = s.WatchSerializer
    permission_classes = [OwnFollowing]
    queryset = Watch.objects.none()

    def get_queryset(self):
        return Watch.objects.filter(user=self.request.user).select_related("claim", "actor")

    @extend_schema(request=s.WatchSerializer, responses={201: s.WatchSerializer})
    def create(self, request):
        """Watch a claim (`{"claim": 12}`) or an actor (`{"actor": 3}`); watching it again
        answers the same watch."""
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        watch = watch_add(user=request.user, **serializer.validated_data)
        return Response(
            self.get_serializer(self.get_queryset().get(pk=watch.pk)).data,
            status=status.HTTP_201_CREATED,
        )

    def destroy(self, request, pk=None):
        watch_delete(watch=self.get_object(), user=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


@extend_schema_view(destroy=extend_schema(responses={204: None}))
class SavedSearchViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ApiViewSet):
    """Your saved searches: new articles or claims they find come to your inbox."""

    serializer_class = s.SavedSearchSerializer
    permission_classes = [OwnFollowing]
    queryset = SavedSearch.objects.none()

    def get_queryset(self):
        return SavedSearch.objects.filter(user=self.request.user)

    @extend_schema(request=s.SavedSearchSerializer, responses={201: s.SavedSearchSerializer})
    def create(self, request):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        saved = saved_search_create(user=request.user, **serializer.validated_data)
        return Response(self.get_serializer(saved).data, status=status.HTTP_201_CREATED)

    def destroy(self, request, pk=None):
        saved_search_delete(saved_search=self.get_object(), user=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


@extend_schema_view(
    list=extend_schema(
        parameters=[
            OpenApiParameter(
                "unread", OpenApiTypes.BOOL, description="true: only the entries not yet read."
            )
        ]
    )
)
class InboxViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ApiViewSet):
    """What changed in what you watch, newest first."""

    serializer_class = s.InboxEntrySerializer
    permission_classes = [OwnFollowing]
    queryset = InboxEntry.objects.none()

    def get_queryset(self):
        entries = InboxEntry.objects.filter(user=self.request.user)
        if self.action == "list" and self.request.query_params.get("unread") in ("true", "1"):
            entries = entries.filter(read_at__isnull=True)
        return entries

    @extend_schema(request=None, responses=s.InboxEntrySerializer)
    @action(detail=True, methods=["post"])
    def read(self, request, pk=None):
        """Mark the entry read."""
        entry = inbox_mark_read(entry=self.get_object(), user=request.user)
        return Response(self.get_serializer(entry).data)

    @extend_schema(request=None, responses=s.InboxReadAllSerializer)
    @action(detail=False, methods=["post"], url_path="read-all")
    def read_all(self, request):
        """Mark every unread entry read."""
        return Response({"marked": inbox_mark_all_read(user=request.user)})
