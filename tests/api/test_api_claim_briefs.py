"""A claim's briefs are read by hand-written SQL (claims.selectors) and its suggested status by
EXISTS probes (for speed over claims with tens of thousands of stances); they must say exactly
what the brief serializers and Claim.suggested_status() say of the same records."""

import datetime
import itertools

import pytest
from rest_framework import serializers

from api.serializers import (
    AttributionBriefSerializer,
    ClaimDetailSerializer,
    ClaimSerializer,
    EvidenceBriefSerializer,
)
from api.views import BRIEFS_IN_LIST, with_detail
from claims.models import Attribution, Claim, Evidence, ReviewState
from claims.selectors import STANCE_ORDER, claim_get, claims_attach_briefs
from claims.services import evidence_create
from tests.factories import make_actor, make_article, make_attribution, make_claim

pytestmark = pytest.mark.django_db


def _varied_claim():
    """A claim whose stances and evidence cover what a brief may hold or leave empty."""
    claim = make_claim()
    with_outlet = make_article(
        outlet="Tass", published_on=datetime.date(2024, 3, 1), url="https://tass.example/1"
    )
    without_outlet = make_article()
    make_attribution(
        article=with_outlet, claim=claim, said_on=datetime.date(2024, 3, 2), is_direct_quote=True
    )
    make_attribution(article=without_outlet, claim=claim, stance="denies")
    make_attribution(article=without_outlet, claim=claim, said_on=datetime.date(2024, 2, 1))
    make_attribution(
        article=with_outlet,
        claim=claim,
        review_state=ReviewState.SUGGESTED,
        proposed_actor="Someone",
    )
    evidence_create(
        article=with_outlet,
        claim=claim,
        relation="supports",
        quote="We followed every rule",
        source=make_actor(),
        credibility=2,
    )
    evidence_create(article=without_outlet, claim=claim, relation="contradicts", whole_article=True)
    return claim


def test_it_gives_the_brief_serializers_output():
    claim, other = _varied_claim(), _varied_claim()
    claims_attach_briefs(claims=[claim, other], limit=50)

    stances = (
        Attribution.objects.confirmed()
        .filter(claim=claim)
        .select_related("actor", "article__outlet")
        .order_by(*STANCE_ORDER)
    )
    evidence = (
        Evidence.objects.filter(claim=claim)
        .select_related("source", "article__outlet")
        .order_by("id")
    )
    assert claim.briefs == {
        "attributions": AttributionBriefSerializer(stances, many=True).data,
        "evidence": EvidenceBriefSerializer(evidence, many=True).data,
    }
    assert len(claim.briefs["attributions"]) == 3
    # JSON true and false, not the 1 and 0 SQLite stores (which compare equal above).
    assert {type(brief["is_direct_quote"]) for brief in claim.briefs["attributions"]} == {bool}
    assert [brief["id"] for brief in other.briefs["attributions"]] == list(
        Attribution.objects.confirmed()
        .filter(claim=other)
        .order_by(*STANCE_ORDER)
        .values_list("id", flat=True)
    )


def test_it_gives_each_claim_its_first_stances_only():
    busy, quiet, silent = make_claim(), make_claim(), make_claim()
    article = make_article()
    for day in range(BRIEFS_IN_LIST + 3, 0, -1):
        make_attribution(article=article, claim=busy, said_on=datetime.date(2024, 1, day))
    make_attribution(article=article, claim=quiet)

    claims_attach_briefs(claims=[busy, quiet, silent], limit=BRIEFS_IN_LIST)

    dates = [brief["said_on"] for brief in busy.briefs["attributions"]]
    assert dates == [f"2024-01-0{day}" for day in range(1, BRIEFS_IN_LIST + 1)]
    assert len(quiet.briefs["attributions"]) == 1
    assert silent.briefs == {"attributions": [], "evidence": []}


@pytest.mark.parametrize(
    "stances,evidence",
    list(
        itertools.product(
            [(), ("asserts",), ("denies",), ("asserts", "denies")],
            [
                (),
                (("supports", 1),),
                (("contradicts", 2),),
                (("supports", 2), ("contradicts", 1)),
                (("contradicts", 3),),
            ],
        )
    ),
)
def test_it_suggests_the_status_the_model_suggests(stances, evidence):
    claim, article = make_claim(), make_article()
    for stance in stances:
        make_attribution(article=article, claim=claim, stance=stance)
    # A suggestion is no stance yet.
    make_attribution(
        article=article, claim=claim, stance="denies", review_state=ReviewState.SUGGESTED
    )
    for relation, credibility in evidence:
        evidence_create(
            article=article,
            claim=claim,
            relation=relation,
            whole_article=True,
            credibility=credibility,
        )

    strong = {relation for relation, credibility in evidence if credibility <= 2}
    if strong == {"supports"}:
        expected = "corroborated"
    elif strong == {"contradicts"}:
        expected = "refuted"
    elif set(stances) == {"asserts", "denies"} or len(strong) == 2:
        expected = "contested"
    else:
        expected = "unverified"
    # Read with the probes in the claim's query, or by a query of its own: the same answer.
    assert claim_get(claim_id=claim.pk, leanings=True).suggested_status() == expected
    assert Claim.objects.get(pk=claim.pk).suggested_status() == expected


@pytest.mark.parametrize("serializer_class", [ClaimSerializer, ClaimDetailSerializer])
def test_its_claim_serializers_give_what_their_fields_give(serializer_class):
    claim = with_detail(claim_get(claim_id=_varied_claim().pk, leanings=True))
    serializer = serializer_class(claim)

    by_fields = serializers.Serializer.to_representation(serializer, claim)
    assert serializer.data == by_fields
    assert list(serializer.data) == list(by_fields)
