"""Every named constraint and trigger refuses the bad row it exists for (at the database)."""

import pytest
from django.db import IntegrityError, transaction
from django.db.models import F

from articles.models import Article, ArticleBlock, Outlet
from claims.models import (
    Actor,
    ActorAlias,
    Attribution,
    Claim,
    ClaimRelation,
    Evidence,
    ReviewState,
)
from tests.factories import make_actor, make_article, make_attribution, make_claim

pytestmark = pytest.mark.django_db


def refused(fn) -> str:
    """Run a write that must fail at the database; return the error text."""
    with pytest.raises(IntegrityError) as info, transaction.atomic():
        fn()
    return str(info.value)


def test_it_refuses_a_passage_that_ends_before_it_starts():
    attribution = make_attribution()
    refused(lambda: Attribution.objects.filter(pk=attribution.pk).update(start=F("end")))


def test_it_refuses_a_passage_outside_the_article_text():
    attribution = make_attribution()
    size = len(attribution.article.text)
    message = refused(
        lambda: Attribution.objects.filter(pk=attribution.pk).update(
            start=size + 1, end=size + 5, exact=""
        )
    )
    assert "passage_matches_article_text" in message


def test_it_refuses_a_quote_that_differs_from_the_text_at_its_offsets():
    attribution = make_attribution()
    message = refused(
        lambda: Attribution.objects.filter(pk=attribution.pk).update(exact="something else")
    )
    assert "passage_matches_article_text" in message


def test_it_refuses_an_evidence_passage_whose_quote_differs():
    article = make_article()
    claim = make_claim()
    message = refused(
        lambda: Evidence.objects.create(
            article=article, claim=claim, relation="supports", start=0, end=7, exact="Nothing"
        )
    )
    assert "passage_matches_article_text" in message


def test_it_accepts_evidence_about_a_whole_article():
    evidence = Evidence.objects.create(
        article=make_article(), claim=make_claim(), relation="supports"
    )
    assert evidence.start is None and evidence.exact == ""


def test_it_refuses_evidence_with_only_one_offset():
    article = make_article()
    refused(
        lambda: Evidence.objects.create(
            article=article, claim=make_claim(), relation="supports", start=0
        )
    )


def test_it_refuses_to_edit_an_article_text_in_place():
    article = make_article()
    message = refused(lambda: Article.objects.filter(pk=article.pk).update(text="Rewritten."))
    assert "article_text_immutable" in message
    article.refresh_from_db()
    assert article.text.startswith("Harbour officials")


def test_it_refuses_the_same_alias_spelling_twice_for_one_actor():
    actor = make_actor("Dana Whitfield")
    ActorAlias.objects.create(actor=actor, name="Whitfield")
    refused(lambda: ActorAlias.objects.create(actor=actor, name="WHITFIELD"))
    # Another actor may share the spelling (two people called Whitfield).
    ActorAlias.objects.create(actor=make_actor("Lee Whitfield"), name="Whitfield")


@pytest.mark.parametrize(
    ("field", "value"),
    [("stance", "believes"), ("review_state", "maybe"), ("origin", "oracle"), ("confidence", 1.5)],
)
def test_it_refuses_unknown_attribution_values(field, value):
    attribution = make_attribution()
    refused(lambda: Attribution.objects.filter(pk=attribution.pk).update(**{field: value}))


def test_it_refuses_a_suggestion_marked_reviewed_without_a_review_time():
    attribution = make_attribution()
    refused(lambda: Attribution.objects.filter(pk=attribution.pk).update(reviewed_at=None))


def test_it_refuses_a_confirmed_attribution_without_an_actor():
    attribution = make_attribution()
    refused(
        lambda: Attribution.objects.filter(pk=attribution.pk).update(actor=None, proposed_actor="X")
    )


def test_it_refuses_a_suggestion_that_names_no_actor():
    attribution = make_attribution(review_state=ReviewState.SUGGESTED)
    refused(lambda: Attribution.objects.filter(pk=attribution.pk).update(actor=None))


def test_it_refuses_an_attribution_relayed_by_its_own_actor():
    attribution = make_attribution()
    refused(lambda: Attribution.objects.filter(pk=attribution.pk).update(via=F("actor")))


@pytest.mark.parametrize(
    ("field", "value"), [("relation", "proves"), ("credibility", 0), ("credibility", 7)]
)
def test_it_refuses_unknown_evidence_values(field, value):
    article = make_article()
    evidence = Evidence.objects.create(article=article, claim=make_claim(), relation="supports")
    refused(lambda: Evidence.objects.filter(pk=evidence.pk).update(**{field: value}))


def test_it_refuses_an_unknown_claim_status_and_an_empty_statement():
    claim = make_claim()
    refused(lambda: Claim.objects.filter(pk=claim.pk).update(status="true-ish"))
    refused(lambda: Claim.objects.create(statement=""))


def test_it_refuses_a_claim_related_to_itself_or_twice():
    a, b = make_claim(), make_claim()
    refused(lambda: ClaimRelation.objects.create(from_claim=a, to_claim=a, kind="same_as"))
    ClaimRelation.objects.create(from_claim=a, to_claim=b, kind="same_as")
    refused(lambda: ClaimRelation.objects.create(from_claim=a, to_claim=b, kind="same_as"))
    refused(lambda: ClaimRelation.objects.create(from_claim=b, to_claim=a, kind="resembles"))


def test_it_refuses_two_actors_with_one_name_and_bad_grades():
    make_actor("Harbour Authority")
    refused(lambda: Actor.objects.create(name="harbour authority"))
    refused(lambda: Actor.objects.create(name="Port Police", reliability="Z"))
    refused(lambda: Actor.objects.create(name="Port Police", kind="planet"))
    refused(lambda: Outlet.objects.create(name="Daily", reliability="G"))


def test_it_refuses_an_actor_affiliated_with_itself():
    actor = make_actor()
    refused(lambda: Actor.objects.filter(pk=actor.pk).update(affiliation=actor))


def test_it_refuses_a_second_article_with_the_same_text():
    article = make_article()
    refused(lambda: Article.objects.create(title="Copy", text=article.text))


def test_it_refuses_an_empty_block_and_an_unknown_block_kind():
    article = make_article()
    refused(lambda: ArticleBlock.objects.create(article=article, start=5, end=5, kind="repeated"))
    refused(lambda: ArticleBlock.objects.create(article=article, start=0, end=5, kind="advert"))


def test_it_protects_an_article_actor_and_claim_that_passages_point_at():
    from django.db.models import ProtectedError

    attribution = make_attribution()
    for obj in (attribution.article, attribution.actor, attribution.claim):
        with pytest.raises(ProtectedError), transaction.atomic():
            obj.delete()
    assert Attribution.objects.filter(pk=attribution.pk).exists()


def test_it_keeps_the_integrity_triggers_after_every_migration():
    """SQLite drops a table's triggers when a migration rebuilds it; they must come back."""
    from django.db import connection

    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
            names = {row[0] for row in cursor.fetchall()}
    else:
        with connection.cursor() as cursor:
            cursor.execute("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal")
            names = {row[0] for row in cursor.fetchall()}
    assert {n for n in names if "passage_matches_text" in n or "text_immutable" in n} >= {
        "articles_article_text_immutable",
        *(
            {
                f"claims_{t}_passage_matches_text_{op}"
                for t in ("attribution", "evidence")
                for op in ("INSERT", "UPDATE")
            }
            if connection.vendor == "sqlite"
            else {"claims_attribution_passage_matches_text", "claims_evidence_passage_matches_text"}
        ),
    }
