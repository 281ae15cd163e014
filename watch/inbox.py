"""Inbox entries made from the tracker's events (core.events), in the transaction of the change.

One batch of events costs: one query for who follows what the batch touches (watches and saved
searches together, a UNION), then only when someone does, one query for the details of the
records to describe, one query per saved search that might match (restricted to the batch's
ids), and one bulk insert. An entry is never made for the user whose action it was, and one
user gets one entry per thing that happened (the `key`), however many of their watches and
searches it concerns.
"""

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import BigIntegerField, CharField, Q, Value

from claims.models import Attribution, Evidence
from watch.models import EntryKind, InboxEntry, SavedSearch, SearchKind, Watch
from watch.searches import articles_matching_saved, claims_matching_saved

TEXT_LIMIT = 500
_QUOTE = 160


def _cut(text: str, limit: int = _QUOTE) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


@dataclass
class _Follow:
    """A watch or a saved search, as the UNION reads it."""

    source: str  # "watch" or "search"
    pk: int
    user_id: int
    claim_id: int | None
    actor_id: int | None
    kind: str
    query: str


def _follows(watches, searches) -> list[_Follow]:
    """The watches and saved searches of the two querysets, in one query."""
    nothing = Value(None, output_field=BigIntegerField())
    parts = []
    if watches is not None:
        parts.append(
            watches.order_by()
            .annotate(
                source=Value("watch", output_field=CharField()),
                search_kind=Value("", output_field=CharField()),
                search_query=Value("", output_field=CharField()),
            )
            .values_list(
                "source", "pk", "user_id", "claim_id", "actor_id", "search_kind", "search_query"
            )
        )
    if searches is not None:
        parts.append(
            searches.order_by()
            .annotate(
                source=Value("search", output_field=CharField()),
                no_claim=nothing,
                no_actor=nothing,
            )
            .values_list("source", "pk", "user_id", "no_claim", "no_actor", "kind", "query")
        )
    if not parts:
        return []
    rows = parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]
    return [_Follow(*row) for row in rows]


class _Entries:
    """Entries being made for a batch, one per user and key."""

    def __init__(self):
        self.by_key: dict[tuple[int, str], InboxEntry] = {}

    def add(self, *, user_id: int, key: str, **fields) -> None:
        if (user_id, key) not in self.by_key:
            fields["text"] = _cut(fields["text"], TEXT_LIMIT)
            self.by_key[(user_id, key)] = InboxEntry(user_id=user_id, key=key, **fields)

    def save(self) -> None:
        if self.by_key:
            # A key already in a user's inbox (the same event announced twice) is left as it is.
            InboxEntry.objects.bulk_create(self.by_key.values(), ignore_conflicts=True)


def _actor_name(attribution) -> str:
    return attribution.actor.name if attribution.actor_id else attribution.proposed_actor


def _claim_statement(attribution) -> str:
    return attribution.claim.statement if attribution.claim_id else attribution.proposed_claim


def _article_title(article) -> str:
    return _cut(article.title, 120) or f"article {article.pk}"


def _actor_of(event) -> int | None:
    user = event.objects.get("user")
    return user.pk if user is not None else None


def on_events(sender, events, **kwargs) -> None:
    """core.events listener: the entries the batch owes, stored in its transaction."""
    by_type = defaultdict(list)
    for event in events:
        by_type[event.type].append(event)
    entries = _Entries()
    if (
        by_type["attribution.confirmed"]
        or by_type["evidence.created"]
        or by_type["claim.status_changed"]
    ):
        _claim_events(
            entries,
            by_type["attribution.confirmed"],
            by_type["evidence.created"],
            by_type["claim.status_changed"],
        )
    if by_type["article.imported"]:
        _articles_imported(entries, by_type["article.imported"])
    entries.save()


def _claim_events(entries: _Entries, confirmed, evidence_created, status_changed) -> None:
    claim_ids = {e.objects["attribution"].claim_id for e in confirmed}
    claim_ids |= {e.objects["evidence"].claim_id for e in evidence_created}
    claim_ids |= {e.objects["claim"].pk for e in status_changed}
    actor_ids = {e.objects["attribution"].actor_id for e in confirmed} - {None}
    claim_ids.discard(None)
    # Saved claims-list searches follow the claims whose stances or status changed.
    searches = (
        SavedSearch.objects.filter(kind=SearchKind.CLAIMS) if confirmed or status_changed else None
    )
    follows = _follows(
        Watch.objects.filter(Q(claim_id__in=claim_ids) | Q(actor_id__in=actor_ids)), searches
    )
    if not follows:
        return
    claim_watchers, actor_watchers = defaultdict(list), defaultdict(list)
    saved = []
    for follow in follows:
        if follow.source == "search":
            saved.append(follow)
        elif follow.claim_id:
            claim_watchers[follow.claim_id].append(follow)
        else:
            actor_watchers[follow.actor_id].append(follow)
    # Which saved claims searches find which of the claims (one query per saved search).
    search_hits: dict[int, list[_Follow]] = defaultdict(list)
    searched_claims = {e.objects["attribution"].claim_id for e in confirmed} | {
        e.objects["claim"].pk for e in status_changed
    }
    searched_claims.discard(None)
    for follow in saved:
        for claim_id in claims_matching_saved(follow.query, searched_claims):
            search_hits[claim_id].append(follow)

    wanted = [
        e
        for e in confirmed
        if claim_watchers.get(e.objects["attribution"].claim_id)
        or actor_watchers.get(e.objects["attribution"].actor_id)
        or search_hits.get(e.objects["attribution"].claim_id)
    ]
    if wanted:
        records = Attribution.objects.select_related("actor", "claim", "article").in_bulk(
            [e.objects["attribution"].pk for e in wanted]
        )
        for event in wanted:
            a = records.get(event.objects["attribution"].pk)
            if a is None:
                continue
            fields = {
                "event": event.type,
                "link": f"/articles/{a.article_id}/#attribution-{a.pk}",
                "claim_id": a.claim_id,
                "actor_id": a.actor_id,
                "article_id": a.article_id,
                "attribution_id": a.pk,
            }
            key = f"attribution.confirmed:attribution:{a.pk}"
            said = f"{_actor_name(a)} {a.stance} “{_cut(_claim_statement(a))}”"
            done_by = _actor_of(event)
            title = _article_title(a.article)
            # Who follows it, how, and what their entry says: one entry per user (the first).
            reasons = [
                (
                    claim_watchers.get(a.claim_id, []),
                    EntryKind.CLAIM,
                    "watch_id",
                    f"{said}: confirmed in “{title}”",
                ),
                (
                    actor_watchers.get(a.actor_id, []),
                    EntryKind.ACTOR,
                    "watch_id",
                    f"A new stance by {_actor_name(a)}: {said}, in “{title}”",
                ),
                (
                    search_hits.get(a.claim_id, []),
                    EntryKind.SEARCH,
                    "saved_search_id",
                    f"Your saved search finds “{_cut(_claim_statement(a))}”: {said}, in “{title}”",
                ),
            ]
            for follows, kind, cause, text in reasons:
                for follow in follows:
                    if follow.user_id != done_by:
                        entries.add(
                            user_id=follow.user_id,
                            key=key,
                            kind=kind,
                            text=text,
                            **{cause: follow.pk},
                            **fields,
                        )

    wanted_evidence = [
        e for e in evidence_created if claim_watchers.get(e.objects["evidence"].claim_id)
    ]
    if wanted_evidence:
        records = Evidence.objects.select_related("claim", "article").in_bulk(
            [e.objects["evidence"].pk for e in wanted_evidence]
        )
        for event in wanted_evidence:
            ev = records.get(event.objects["evidence"].pk)
            if ev is None:
                continue
            link = (
                f"/articles/{ev.article_id}/#evidence-{ev.pk}"
                if ev.has_passage
                else f"/articles/{ev.article_id}/"
            )
            done_by = _actor_of(event)
            for follow in claim_watchers[ev.claim_id]:
                if follow.user_id != done_by:
                    entries.add(
                        user_id=follow.user_id,
                        key=f"evidence.created:evidence:{ev.pk}",
                        kind=EntryKind.CLAIM,
                        event=event.type,
                        watch_id=follow.pk,
                        text=f"New evidence {ev.get_relation_display().lower()} "
                        f"“{_cut(ev.claim.statement)}”, in “{_article_title(ev.article)}”",
                        link=link,
                        claim_id=ev.claim_id,
                        article_id=ev.article_id,
                        evidence_id=ev.pk,
                    )

    for event in status_changed:
        claim = event.objects["claim"]
        done_by = _actor_of(event)
        key = f"claim.status_changed:claim:{claim.pk}:{claim.version}"
        text = f"“{_cut(claim.statement)}” is now {claim.get_status_display().lower()}"
        fields = {"event": event.type, "link": claim.get_absolute_url(), "claim_id": claim.pk}
        for follow in claim_watchers.get(claim.pk, []):
            if follow.user_id != done_by:
                entries.add(
                    user_id=follow.user_id,
                    key=key,
                    kind=EntryKind.CLAIM,
                    watch_id=follow.pk,
                    text=text,
                    **fields,
                )
        for follow in search_hits.get(claim.pk, []):
            if follow.user_id != done_by:
                entries.add(
                    user_id=follow.user_id,
                    key=key,
                    kind=EntryKind.SEARCH,
                    saved_search_id=follow.pk,
                    text=f"Your saved search finds {text}",
                    **fields,
                )


def _articles_imported(entries: _Entries, events) -> None:
    articles = {e.objects["article"].pk: e.objects["article"] for e in events}
    imported_by = {e.objects["article"].pk: _actor_of(e) for e in events}
    suggestions = Attribution.objects.suggested().filter(article_id__in=list(articles))
    watches = Watch.objects.filter(
        Q(claim_id__in=suggestions.values("claim_id"))
        | Q(actor_id__in=suggestions.values("actor_id"))
    )
    searches = SavedSearch.objects.filter(kind__in=[SearchKind.ARTICLES, SearchKind.SEARCH])
    follows = _follows(watches, searches)
    if not follows:
        return

    claim_watchers, actor_watchers = defaultdict(list), defaultdict(list)
    for follow in follows:
        if follow.source == "search":
            # Each saved search run once over the whole batch, restricted to its new articles.
            for article_id in sorted(articles_matching_saved(follow.kind, follow.query, articles)):
                if follow.user_id == imported_by[article_id]:
                    continue
                article = articles[article_id]
                entries.add(
                    user_id=follow.user_id,
                    key=f"article.imported:article:{article_id}",
                    kind=EntryKind.SEARCH,
                    event="article.imported",
                    saved_search_id=follow.pk,
                    text=f"A new article matches your saved search: “{_article_title(article)}”",
                    link=f"/articles/{article_id}/",
                    article_id=article_id,
                )
        elif follow.claim_id:
            claim_watchers[follow.claim_id].append(follow)
        else:
            actor_watchers[follow.actor_id].append(follow)
    if not claim_watchers and not actor_watchers:
        return
    found = (
        suggestions.filter(
            Q(claim_id__in=list(claim_watchers)) | Q(actor_id__in=list(actor_watchers))
        )
        .select_related("actor", "claim")
        .order_by("article_id", "start", "pk")
    )
    for s in found:
        article = articles[s.article_id]
        said = f"{_actor_name(s)} {s.stance} “{_cut(_claim_statement(s))}”"
        text = f"A new article suggests {said}, to review: “{_article_title(article)}”"
        common = {
            "key": f"article.imported:suggestion:{s.pk}",
            "event": "article.imported",
            "text": text,
            "link": f"/articles/{s.article_id}/#suggestion-{s.pk}",
            "claim_id": s.claim_id,
            "actor_id": s.actor_id,
            "article_id": s.article_id,
            "attribution_id": s.pk,
        }
        for follow, kind in [
            *((f, EntryKind.CLAIM) for f in claim_watchers.get(s.claim_id, [])),
            *((f, EntryKind.ACTOR) for f in actor_watchers.get(s.actor_id, [])),
        ]:
            if follow.user_id != imported_by[s.article_id]:
                entries.add(user_id=follow.user_id, kind=kind, watch_id=follow.pk, **common)
