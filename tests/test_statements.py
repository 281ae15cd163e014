"""One statement, counted once: copies, rewrites, repeated blocks, the same claim across articles."""

import datetime
from collections import defaultdict
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError

from articles.models import Article, ArticleRelation
from articles.services import article_import
from claims.models import Actor, Attribution, Claim, ClaimRelation, Evidence, Statement
from claims.services import attribution_create, claim_merge
from claims.statements import claim_stance_counts
from tests.factories import make_actor, make_article, make_claim

pytestmark = pytest.mark.django_db
SEEDS = Path(__file__).resolve().parents[1] / "seeds"
DATA = Path(__file__).resolve().parent / "data"


def seed_article(prefix: str) -> Article:
    return Article.objects.get(text=next(SEEDS.glob(f"{prefix}_*.txt")).read_text(encoding="utf-8"))


def test_it_links_the_rewrite_to_its_original_and_not_the_other_story(seeded):
    relation = ArticleRelation.objects.get()
    assert (relation.article, relation.original) == (seed_article("002"), seed_article("000"))
    assert relation.kind == "rewrite_of"
    assert 0.3 <= relation.similarity <= 1


def test_it_counts_kirbys_statement_once_though_two_articles_report_it(seeded):
    kirby = Actor.objects.get(name="John Kirby")
    statement = Statement.objects.get(actor=kirby)
    reports = statement.attributions.values_list("article", flat=True)
    assert sorted(reports) == sorted([seed_article("000").pk, seed_article("002").pk])
    counts = claim_stance_counts(statement.claim)
    assert str(counts["asserts"]) == "asserted by 1 actor in 2 articles (1 copy)"


def test_it_returns_the_existing_article_for_an_exact_reimport(seeded):
    text = (SEEDS / "000_bbaa25db664ff0e3.txt").read_text(encoding="utf-8")
    result = article_import(text=text.replace("\n\n", "\n \n"), title="Again", suggest=False)
    assert not result.created and result.article == seed_article("000")
    assert Article.objects.count() == 3


def test_it_finds_a_near_copy_with_another_headline_small_edits_and_boilerplate(seeded):
    original = seed_article("003")
    body = original.text[
        original.text.index("Seoul/Moscow") : original.text.index("Lavrov in North Korea amid")
    ]
    copy = (
        "Russia's top diplomat lands in Pyongyang\n"
        + body.replace("Wednesday", "Wednesday morning")
        + "\nShare this article\n"
    )
    article = article_import(text=copy, suggest=False).article
    relation = ArticleRelation.objects.get(article=article)
    assert relation.original == original and relation.kind == "copy_of"
    assert relation.similarity >= 0.5


def test_it_makes_the_earlier_publication_the_original(seeded):
    original = seed_article("003")
    body = original.text[
        original.text.index("Seoul/Moscow") : original.text.index("Lavrov in North Korea amid")
    ]
    earlier = article_import(
        text=body, published_on=datetime.date(2023, 10, 17), suggest=False
    ).article
    relation = ArticleRelation.objects.get(original=earlier)
    assert relation.article == original


def test_it_does_not_link_different_stories_on_the_same_topic(seeded):
    text = (
        "Seoul: South Korea's military said on Friday that North Korea fired two short-range ballistic "
        "missiles into the sea off its east coast, the latest in a series of launches this year. "
        "Japan's defence ministry said the missiles fell outside its exclusive economic zone. "
        "Analysts said Pyongyang was testing weapons it may later sell abroad, including to Russia, "
        "which has been accused of using North Korean missiles in Ukraine."
    )
    article = article_import(text=text, suggest=False).article
    assert not ArticleRelation.objects.filter(article=article).exists()
    assert not ArticleRelation.objects.filter(original=article).exists()


def test_it_keeps_two_dated_remarks_apart_and_joins_one_reported_twice():
    actor, claim = make_actor("Mara Lind"), make_claim()
    first = make_article()
    a = attribution_create(
        article=first,
        actor=actor,
        claim=claim,
        stance="asserts",
        quote="the ferry sank after hitting rocks",
        said_on=datetime.date(2024, 3, 4),
    )
    b = attribution_create(
        article=make_article(),
        actor=actor,
        claim=claim,
        stance="asserts",
        quote="the ferry sank after hitting rocks",
        said_on=datetime.date(2024, 3, 9),
    )
    c = attribution_create(
        article=make_article(),
        actor=actor,
        claim=claim,
        stance="asserts",
        quote="the ferry sank after hitting rocks",
        said_on=datetime.date(2024, 3, 4),
    )
    assert a.statement == c.statement != b.statement
    assert Statement.objects.filter(actor=actor).count() == 2


def test_it_keeps_undated_remarks_in_unrelated_articles_apart():
    actor, claim = make_actor(), make_claim()
    other_story = (
        "Lawmakers debated a new budget for coastal defences on Thursday. "
        "Mara Lind repeated that the ferry sank after hitting rocks, adding that dredging was overdue."
    )
    a = attribution_create(
        article=make_article(),
        actor=actor,
        claim=claim,
        stance="asserts",
        quote="the ferry sank after hitting rocks",
    )
    b = attribution_create(
        article=make_article(other_story),
        actor=actor,
        claim=claim,
        stance="asserts",
        quote="the ferry sank after hitting rocks",
    )
    assert not ArticleRelation.objects.exists()
    assert a.statement != b.statement


def test_it_merges_claims_moving_attributions_evidence_and_relations(curator):
    keep, dup, other = (
        make_claim("The ferry hit rocks"),
        make_claim("Ferry struck rocks"),
        make_claim(),
    )
    article = make_article()
    attribution = attribution_create(
        article=article,
        actor=make_actor(),
        claim=dup,
        stance="asserts",
        quote="the ferry sank after hitting rocks",
    )
    evidence = Evidence.objects.create(article=article, claim=dup, relation="supports")
    ClaimRelation.objects.create(from_claim=dup, to_claim=other, kind="sub_claim_of")
    ClaimRelation.objects.create(from_claim=dup, to_claim=keep, kind="same_as")

    claim_merge(source=dup, target=keep, user=curator)

    attribution.refresh_from_db()
    evidence.refresh_from_db()
    dup.refresh_from_db()
    assert attribution.claim == keep and evidence.claim == keep
    assert attribution.statement.claim == keep
    assert dup.merged_into == keep
    assert list(ClaimRelation.objects.values_list("from_claim", "to_claim", "kind")) == [
        (keep.pk, other.pk, "sub_claim_of")
    ]
    assert list(Claim.objects.current()) == sorted([keep, other], key=lambda c: c.statement)
    with pytest.raises(ValidationError):
        claim_merge(source=keep, target=keep)
    with pytest.raises(ValidationError):
        claim_merge(source=other, target=dup)


def test_it_suggests_the_right_claims_for_a_fresh_rewrite_of_an_annotated_article(seeded):
    text = (DATA / "rewrite_of_000.txt").read_text(encoding="utf-8")
    article = article_import(text=text, suggest=True).article
    originals = set(ArticleRelation.objects.filter(article=article).values_list("original", "kind"))
    assert (seed_article("000").pk, "rewrite_of") in originals
    suggestions = Attribution.objects.filter(
        article=article, review_state="suggested"
    ).select_related("actor", "claim")
    by_actor = {(s.actor_name, s.claim.statement if s.claim else None) for s in suggestions}
    assert (
        "John Kirby",
        "Russia has attacked Ukraine with ballistic missiles supplied by North Korea",
    ) in by_actor
    assert (
        "United States",
        "North Korea supplies missiles and artillery ammunition to Russia for its war in Ukraine",
    ) in by_actor


def test_the_importers_quick_measure_agrees_with_the_full_likeness():
    from articles.similarity import features, likeness, relation

    texts = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    texts += [
        texts[0].replace("Tuesday", "Monday") + "\nSubscribe to our newsletter.",
        texts[0][: len(texts[0]) // 2],
    ]
    for a in texts:
        for b in texts:
            full = likeness(a, b)
            assert relation(features(a), features(b)) == (
                full.relation,
                full.score if full.relation else 0.0,
            )
    # Among them a copy, a rewrite and an unrelated story, so every branch is compared.
    kinds = {likeness(a, b).relation for a in texts for b in texts}
    assert kinds == {"copy_of", "rewrite_of", None}


def test_a_story_reprinted_many_times_links_each_copy_to_its_original_and_counts_one_family(seeded):
    from articles.duplicates import related_article_ids
    from articles.services import article_bulk_import

    original = seed_article("003")
    body = original.text[
        original.text.index("Seoul/Moscow") : original.text.index("Lavrov in North Korea amid")
    ]
    reprints = [
        f"Reprint {n}: Russia's top diplomat in Pyongyang\n{body}\nShared by outlet {n}\n"
        for n in range(4)
    ]
    # Two arrive one by one, two in one bulk import.
    first = article_import(text=reprints[0], suggest=False).article
    second = article_import(text=reprints[1], suggest=False).article
    results = article_bulk_import(items=[{"text": t} for t in reprints[2:]], suggest=False)
    copies = [first, second, *(r.article for r in results)]
    for copy in copies:
        assert list(
            ArticleRelation.objects.filter(article=copy).values_list("original_id", flat=True)
        ) == [original.pk]
    # Each copy's family is the original and every other copy.
    for copy in copies:
        assert related_article_ids(copy.pk) == {original.pk, *(c.pk for c in copies)} - {copy.pk}
    # So one remark reported by two copies is one statement, though the original lacks it.
    actor, claim = Actor.objects.create(name="Maria Zakharova"), make_claim()
    quote = body.split(".")[0].strip()
    one = attribution_create(
        article=copies[0], actor=actor, claim=claim, stance="asserts", quote=quote
    )
    two = attribution_create(
        article=copies[3], actor=actor, claim=claim, stance="asserts", quote=quote
    )
    assert one.statement_id == two.statement_id is not None


def test_a_copy_is_compared_with_a_storys_earliest_articles_only(seeded, monkeypatch):
    """However often a story is reprinted, an import reads a few of its articles per band (the
    earliest, its original among them), and still links each new copy to the original."""
    import articles.duplicates as duplicates
    from articles.models import ArticleBand

    monkeypatch.setattr(duplicates, "PER_KEY", 2)
    original = seed_article("003")
    body = original.text[
        original.text.index("Seoul/Moscow") : original.text.index("Lavrov in North Korea amid")
    ]
    copies = [
        article_import(
            text=f"Reprint {n}: Russia's top diplomat in Pyongyang\n{body}\nFrom outlet {n}\n",
            suggest=False,
        ).article
        for n in range(6)
    ]
    for copy in copies:
        assert list(
            ArticleRelation.objects.filter(article=copy).values_list("original_id", flat=True)
        ) == [original.pk]
    keys = set(ArticleBand.objects.filter(article=copies[-1]).values_list("key", flat=True))
    read = duplicates._earliest_by_key(keys, {copies[-1].pk})
    by_key = defaultdict(set)
    for key, pk in read:
        by_key[key].add(pk)
    assert by_key.keys() == keys
    for key, pks in by_key.items():
        sharing = ArticleBand.objects.filter(key=key).exclude(article=copies[-1])
        assert pks == set(sharing.order_by("article_id").values_list("article_id", flat=True)[:2])
    assert max(len(pks) for pks in by_key.values()) == 2
    assert original.pk in {pk for _, pk in read}
