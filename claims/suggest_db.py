"""Feeding the suggestion engine with what the database knows (actors, aliases, claims).

The engine's prepared indexes (ClaimIndex, ActorIndex) are built once per process and rebuilt
only when the claims or actors change: a cheap aggregate query (count, latest change) tells.
"""

import threading

from django.db.models import Count, Max, Sum
from django.db.models.functions import Length

from articles.models import Article, BlockKind
from claims.models import Actor, ActorAlias, Claim
from claims.suggest import ActorIndex, ClaimIndex, KnownActor, KnownClaim, Suggestion, extract

# Blocks the reader dims or that are not the story; nothing in them is suggested.
SKIPPED_BLOCKS = (
    BlockKind.REPEATED,
    BlockKind.FURNITURE,
    BlockKind.CAPTION,
    BlockKind.TITLE,
    BlockKind.MARKER,
)

_lock = threading.Lock()
_indexes: dict[str, tuple[tuple, object]] = {}


def known_actors() -> list[KnownActor]:
    """Every actor with its aliases: two queries."""
    aliases: dict[int, list[str]] = {}
    for actor_id, name in ActorAlias.objects.values_list("actor_id", "name"):
        aliases.setdefault(actor_id, []).append(name)
    return [
        KnownActor(id=pk, name=name, aliases=tuple(aliases.get(pk, ())), kind=kind, role=role)
        for pk, name, kind, role in Actor.objects.values_list("pk", "name", "kind", "role")
    ]


def known_claims() -> list[KnownClaim]:
    """Claims a statement may be matched to: merged claims live on in the claim they joined."""
    return [
        KnownClaim(id=pk, statement=s)
        for pk, s in Claim.objects.current().values_list("pk", "statement")
    ]


def _cached(name: str, version: tuple, build):
    with _lock:
        held = _indexes.get(name)
        if held is not None and held[0] == version:
            return held[1]
    index = build()
    with _lock:
        _indexes[name] = (version, index)
    return index


def actor_index() -> ActorIndex:
    actors = Actor.objects.aggregate(n=Count("pk"), last=Max("updated_at"))
    # Aliases carry no timestamp: their count, newest id and total length stand for a change.
    aliases = ActorAlias.objects.aggregate(n=Count("pk"), last=Max("pk"), size=Sum(Length("name")))
    version = (actors["n"], actors["last"], aliases["n"], aliases["last"], aliases["size"])
    return _cached("actors", version, lambda: ActorIndex(known_actors()))


def claim_index() -> ClaimIndex:
    claims = Claim.objects.aggregate(n=Count("pk"), last=Max("updated_at"))
    return _cached("claims", (claims["n"], claims["last"]), lambda: ClaimIndex(known_claims()))


def suggest_for_text(text: str, *, published_on=None, skip=None) -> list[Suggestion]:
    return extract(text, published_on=published_on, actors=actor_index(), claims=claim_index(), skip=skip)


def suggest_for_article(article: Article, blocks=None) -> list[Suggestion]:
    if blocks is None:
        skip = list(article.blocks.filter(kind__in=SKIPPED_BLOCKS).values_list("start", "end"))
    else:
        skip = [(b.start, b.end) for b in blocks if b.kind in SKIPPED_BLOCKS]
    return suggest_for_text(article.text, published_on=article.published_on, skip=skip)
