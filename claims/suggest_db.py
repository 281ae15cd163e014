"""Feeding the suggestion engine with what the database knows (actors, aliases, claims).

The engine's prepared indexes (ClaimIndex, ActorIndex) are built once per process and rebuilt
only when the claims or actors change: one cheap aggregate query (counts, latest change) tells.
"""

import threading

from django.db import connection

from articles.language import suggestion_note
from articles.models import Article, BlockKind
from claims.models import Actor, ActorAlias, Claim
from suggest import ActorIndex, ClaimIndex, KnownActor, KnownClaim, Suggestion, extract
from suggest.language import detect_language

# Blocks that are not the story; nothing in them is suggested. A title is read (a headline
# such as "Kremlin denies ..." attributes a statement), as the engine's own structure finds it.
SKIPPED_BLOCKS = (
    BlockKind.REPEATED,
    BlockKind.FURNITURE,
    BlockKind.CAPTION,
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


def _versions() -> tuple[tuple, tuple]:
    """What stands for a change of the actors (with aliases) and of the claims: one query.

    Actors and claims carry their last change; aliases do not, so their count, newest id and
    total length stand for one.
    """
    actor, alias, claim = Actor._meta.db_table, ActorAlias._meta.db_table, Claim._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT (SELECT COUNT(*) FROM {actor}), (SELECT MAX(updated_at) FROM {actor}), "
            f"(SELECT COUNT(*) FROM {alias}), (SELECT MAX(id) FROM {alias}), "
            f"(SELECT SUM(LENGTH(name)) FROM {alias}), "
            f"(SELECT COUNT(*) FROM {claim}), (SELECT MAX(updated_at) FROM {claim})"
        )
        row = cursor.fetchone()
    return tuple(row[:5]), tuple(row[5:])


def indexes() -> tuple[ActorIndex, ClaimIndex]:
    """The prepared actor and claim indexes, rebuilt only when what they hold has changed."""
    actors, claims = _versions()
    return (
        _cached("actors", actors, lambda: ActorIndex(known_actors())),
        _cached("claims", claims, lambda: ClaimIndex(known_claims())),
    )


def actor_index() -> ActorIndex:
    return indexes()[0]


def claim_index() -> ClaimIndex:
    return indexes()[1]


def suggest_for_text(
    text: str, *, published_on=None, skip=None, prepared=None, language: str | None = None
) -> list[Suggestion]:
    """The engine's suggestions for a text: none when it is not English (`language`, or the
    language detected in the text when it is None)."""
    if suggestion_note(detect_language(text).code if language is None else language):
        return []
    actors, claims = prepared or indexes()
    return extract(text, published_on=published_on, actors=actors, claims=claims, skip=skip)


def suggest_for_article(article: Article, blocks=None, indexes=None) -> list[Suggestion]:
    """Suggestions for a stored article: none when its language is not English."""
    if suggestion_note(article.language):
        return []
    if blocks is None:
        skip = list(article.blocks.filter(kind__in=SKIPPED_BLOCKS).values_list("start", "end"))
    else:
        skip = [(b.start, b.end) for b in blocks if b.kind in SKIPPED_BLOCKS]
    return suggest_for_text(
        article.text,
        published_on=article.published_on,
        skip=skip,
        prepared=indexes,
        language=article.language,
    )
