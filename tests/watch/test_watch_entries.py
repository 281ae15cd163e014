"""Inbox entries made from the tracker's events, in the change's own transaction: for each watcher
of the claim or actor, each saved search that now finds it, never for the user who did it."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.services import article_import
from claims.models import Attribution, ClaimStatus, ReviewState
from claims.services import (
    attribution_create,
    attribution_review,
    claim_set_status,
    evidence_create,
)
from tests.factories import make_actor, make_article, make_claim
from watch.models import EntryKind, InboxEntry, Watch
from watch.services import saved_search_create, watch_add

QUOTE = "the ferry sank after hitting rocks"


def entries_of(user):
    return list(InboxEntry.objects.filter(user=user).order_by("pk"))


@pytest.mark.django_db
def test_it_tells_a_claims_watcher_of_a_confirmed_stance_with_a_link_to_the_passage(
    watcher, analyst
):
    claim = make_claim("The ferry hit rocks")
    watch = watch_add(user=watcher, claim=claim)
    article = make_article(title="Ferry sinks at dawn")
    attribution = attribution_create(
        article=article,
        actor=make_actor("Mara Lind"),
        claim=claim,
        stance="asserts",
        quote=QUOTE,
        user=analyst,
    )
    [entry] = entries_of(watcher)
    assert entry.kind == EntryKind.CLAIM and entry.event == "attribution.confirmed"
    assert (
        entry.text == "Mara Lind asserts “The ferry hit rocks”: confirmed in “Ferry sinks at dawn”"
    )
    assert entry.link == f"/articles/{article.pk}/#attribution-{attribution.pk}"
    assert (entry.claim, entry.attribution, entry.article, entry.watch) == (
        claim,
        attribution,
        article,
        watch,
    )
    assert entry.read_at is None
    assert entries_of(analyst) == []


@pytest.mark.django_db
def test_it_tells_an_actors_watcher_of_a_new_stance(watcher, analyst):
    actor = make_actor("Mara Lind")
    watch_add(user=watcher, actor=actor)
    attribution = attribution_create(
        article=make_article(),
        actor=actor,
        claim=make_claim("The crew ignored storm warnings"),
        stance="denies",
        quote=QUOTE,
        user=analyst,
    )
    [entry] = entries_of(watcher)
    assert entry.kind == EntryKind.ACTOR and entry.actor == actor
    assert entry.text.startswith("A new stance by Mara Lind: Mara Lind denies “The crew ignored")
    assert entry.attribution == attribution


@pytest.mark.django_db
def test_watching_the_claim_and_the_actor_makes_one_entry(watcher, analyst):
    actor, claim = make_actor(), make_claim()
    watch_add(user=watcher, actor=actor)
    watch_add(user=watcher, claim=claim)
    attribution_create(
        article=make_article(),
        actor=actor,
        claim=claim,
        stance="asserts",
        quote=QUOTE,
        user=analyst,
    )
    [entry] = entries_of(watcher)
    assert entry.kind == EntryKind.CLAIM


@pytest.mark.django_db
def test_ones_own_action_makes_no_entry(watcher):
    claim = make_claim()
    watch_add(user=watcher, claim=claim)
    # Not a role's right in the pages, but the rule is the listener's: the event's own user.
    attribution_create(
        article=make_article(),
        actor=make_actor(),
        claim=claim,
        stance="asserts",
        quote=QUOTE,
        user=watcher,
    )
    assert entries_of(watcher) == []


@pytest.mark.django_db
def test_a_confirmed_suggestion_tells_the_watcher_once(watcher, analyst):
    claim = make_claim()
    watch_add(user=watcher, claim=claim)
    suggestion = attribution_create(
        article=make_article(),
        actor=make_actor(),
        claim=claim,
        stance="asserts",
        quote=QUOTE,
        review_state=ReviewState.SUGGESTED,
        origin="machine",
    )
    assert entries_of(watcher) == []  # a suggestion is not a stance until confirmed
    attribution_review(attribution=suggestion, decision=ReviewState.CONFIRMED, user=analyst)
    [entry] = entries_of(watcher)
    assert entry.attribution == suggestion
    # The same event announced again makes no second entry.
    from claims.events import attribution_confirmed

    attribution_confirmed(Attribution.objects.get(pk=suggestion.pk), user=analyst)
    assert len(entries_of(watcher)) == 1


@pytest.mark.django_db
def test_it_tells_a_claims_watcher_of_new_evidence(watcher, analyst):
    claim = make_claim("The ferry hit rocks")
    watch_add(user=watcher, claim=claim)
    article = make_article(title="Divers find the hull")
    evidence = evidence_create(
        article=article, claim=claim, relation="supports", quote=QUOTE, user=analyst
    )
    [entry] = entries_of(watcher)
    assert entry.event == "evidence.created" and entry.evidence == evidence
    assert entry.text == "New evidence supports “The ferry hit rocks”, in “Divers find the hull”"
    assert entry.link == f"/articles/{article.pk}/#evidence-{evidence.pk}"


@pytest.mark.django_db
def test_it_tells_a_claims_watcher_of_each_status_change(watcher, curator):
    claim = make_claim("The ferry hit rocks")
    watch_add(user=watcher, claim=claim)
    claim = claim_set_status(claim=claim, status=ClaimStatus.CONTESTED, user=curator)
    claim = claim_set_status(claim=claim, status=ClaimStatus.REFUTED, user=curator)
    texts = [e.text for e in entries_of(watcher)]
    assert texts == [
        "“The ferry hit rocks” is now contested",
        "“The ferry hit rocks” is now refuted",
    ]
    assert {e.link for e in entries_of(watcher)} == {f"/claims/{claim.pk}/"}


@pytest.mark.django_db
def test_an_entry_outlives_the_record_it_names(watcher, analyst):
    from claims.services import record_delete

    claim = make_claim()
    watch_add(user=watcher, claim=claim)
    attribution = attribution_create(
        article=make_article(),
        actor=make_actor(),
        claim=claim,
        stance="asserts",
        quote=QUOTE,
        user=analyst,
    )
    record_delete(instance=attribution, user=analyst)
    [entry] = entries_of(watcher)
    assert entry.attribution is None and entry.text and entry.claim == claim


@pytest.mark.django_db
def test_a_saved_claims_search_hears_of_a_claim_it_now_finds(watcher, analyst):
    actor = make_actor("Mara Lind")
    found, other = make_claim("The ferry hit rocks"), make_claim("The ferry was overloaded")
    saved = saved_search_create(
        user=watcher, name="Lind denies", kind="claims", query=f"actor={actor.pk}&stance=denies"
    )
    article = make_article()
    attribution_create(
        article=article, actor=actor, claim=other, stance="asserts", quote=QUOTE, user=analyst
    )
    assert entries_of(watcher) == []  # an assertion: the search asks for denials
    attribution_create(
        article=article, actor=actor, claim=found, stance="denies", quote=QUOTE, user=analyst
    )
    [entry] = entries_of(watcher)
    assert entry.kind == EntryKind.SEARCH and entry.saved_search == saved and entry.claim == found


def _story(n: int, words: str) -> str:
    return (
        f"Harbour officials said on Monday that {words} after hitting rocks, report {n}. "
        "The operator denied that the crew had ignored storm warnings."
    )


@pytest.mark.django_db
def test_a_saved_articles_search_hears_of_new_articles_it_finds(watcher, analyst):
    saved = saved_search_create(user=watcher, name="Ferries", kind="articles", query="q=ferry")
    words = saved_search_create(user=watcher, name="Ferry words", kind="search", query="q=ferry")
    matching = article_import(
        text=_story(1, "the ferry sank"), title="A", user=analyst, suggest=False
    )
    article_import(text=_story(2, "the barge sank"), title="B", user=analyst, suggest=False)
    [entry] = entries_of(watcher)
    # Both searches find it: one entry, named by the first that did.
    assert entry.article == matching.article and entry.kind == EntryKind.SEARCH
    assert entry.saved_search in (saved, words)
    assert entry.link == f"/articles/{matching.article.pk}/"
    assert "A new article matches your saved search: “A”" == entry.text


@pytest.mark.django_db
def test_a_new_articles_machine_suggestion_tells_the_watchers_before_review(watcher, analyst):
    """The real engine: Kirby, known by name, asserts a known claim in a new article."""
    kirby = make_actor("John Kirby")
    shells = make_claim("North Korea shipped artillery shells to Russia")
    watch_add(user=watcher, actor=kirby)
    watch_add(user=analyst, claim=shells)
    imported = article_import(
        text="WASHINGTON (Reuters) - White House spokesman John Kirby said on Tuesday that "
        "North Korea shipped artillery shells to Russia.",
        title="Kirby on shells",
        suggest=True,
    )
    suggestion = Attribution.objects.suggested().get(article=imported.article, actor=kirby)
    for user, kind in ((watcher, EntryKind.ACTOR), (analyst, EntryKind.CLAIM)):
        [entry] = entries_of(user)
        assert entry.kind == kind and entry.attribution == suggestion
        assert entry.text == (
            "A new article suggests John Kirby asserts “North Korea shipped artillery shells to "
            "Russia”, to review: “Kirby on shells”"
        )
        assert entry.link == f"/articles/{imported.article.pk}/#suggestion-{suggestion.pk}"


@pytest.mark.django_db
def test_no_entry_for_ones_own_import(watcher):
    saved_search_create(user=watcher, name="Ferries", kind="articles", query="q=ferry")
    article_import(text=_story(1, "the ferry sank"), title="A", user=watcher, suggest=False)
    assert entries_of(watcher) == []


@pytest.mark.django_db
def test_a_change_nobody_follows_costs_one_query(analyst, listener_queries):
    article, actor, claim = make_article(), make_actor(), make_claim()
    listener_queries.clear()
    attribution_create(
        article=article, actor=actor, claim=claim, stance="asserts", quote=QUOTE, user=analyst
    )
    # Who follows it (watches and saved claims searches, one UNION), nothing else.
    [[query]] = listener_queries
    assert "UNION" in query and "watch_watch" in query and "watch_savedsearch" in query
    listener_queries.clear()
    make_article()
    [[query]] = listener_queries
    assert "UNION" in query


KIRBY = (
    "WASHINGTON (Reuters) - White House spokesman John Kirby said on Tuesday that North Korea "
    "shipped artillery shells to Russia. Report {n}."
)


@pytest.fixture
def listener_queries():
    """The queries the inbox listener itself runs, batch by batch: the listener is connected
    through a wrapper that counts what it runs."""
    from core.events import events_happened
    from watch.inbox import on_events

    batches: list[list[str]] = []

    def counted(sender, events, **kwargs):
        with CaptureQueriesContext(connection) as queries:
            on_events(sender, events, **kwargs)
        batches.append([q["sql"] for q in queries.captured_queries])

    events_happened.disconnect(dispatch_uid="watch-inbox-entries")
    events_happened.connect(counted, dispatch_uid="watch-inbox-entries")
    yield batches
    events_happened.disconnect(dispatch_uid="watch-inbox-entries")
    events_happened.connect(on_events, dispatch_uid="watch-inbox-entries")


@pytest.mark.django_db
def test_an_import_of_many_articles_with_many_watchers_costs_a_bounded_number_of_queries(
    django_user_model, analyst, listener_queries
):
    """N articles with a machine suggestion each, W users watching its actor and its claim, two
    saved searches: the listener's queries grow with neither N nor W."""
    from articles.services import article_bulk_import

    kirby = make_actor("John Kirby")
    shells = make_claim("North Korea shipped artillery shells to Russia")
    saved_search_create(user=analyst, name="Shells", kind="search", query="q=shells")
    saved_search_create(user=analyst, name="Reuters", kind="articles", query="q=Reuters")
    made = iter(range(1000))

    def run(n_articles: int, n_watchers: int) -> int:
        users = [django_user_model.objects.create_user(f"w{next(made)}") for _ in range(n_watchers)]
        Watch.objects.bulk_create(
            [Watch(user=u, claim=shells) for u in users]
            + [Watch(user=u, actor=kirby) for u in users]
        )
        items = [{"text": KIRBY.format(n=next(made)), "title": "Kirby"} for _ in range(n_articles)]
        listener_queries.clear()
        results = article_bulk_import(items=items, user=analyst)
        assert all(r.created for r in results)
        # One entry per user and suggestion, though each watches both its actor and its claim.
        for user in users:
            assert InboxEntry.objects.filter(user=user, kind=EntryKind.CLAIM).count() == n_articles
            assert InboxEntry.objects.filter(user=user).count() == n_articles
        [batch] = listener_queries  # one chunk, one batch of events
        return len(batch)

    # Who follows (one UNION), the watched suggestions, one per saved search, one insert.
    assert run(2, 2) == run(8, 12) == 1 + 1 + 2 + 1


@pytest.mark.django_db
def test_a_saved_search_whose_actor_is_gone_finds_nothing(watcher, analyst):
    """Its filter could no longer be applied: rather than find every denial, it finds none."""
    gone, actor = make_actor("Gone"), make_actor("Mara Lind")
    saved_search_create(
        user=watcher, name="Gone denies", kind="claims", query=f"actor={gone.pk}&stance=denies"
    )
    gone.delete()
    attribution_create(
        article=make_article(),
        actor=actor,
        claim=make_claim(),
        stance="denies",
        quote=QUOTE,
        user=analyst,
    )
    assert entries_of(watcher) == []
