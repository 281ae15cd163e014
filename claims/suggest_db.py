"""Feeding the suggestion engine with what the database knows (actors, aliases, claims)."""

from articles.models import Article, BlockKind
from claims.models import Actor, ActorAlias, Claim
from claims.suggest import KnownActor, KnownClaim, Suggestion, extract

# Blocks the reader dims or that are not the story; nothing in them is suggested.
SKIPPED_BLOCKS = (
    BlockKind.REPEATED,
    BlockKind.FURNITURE,
    BlockKind.CAPTION,
    BlockKind.TITLE,
    BlockKind.MARKER,
)


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
    return [KnownClaim(id=pk, statement=s) for pk, s in Claim.objects.values_list("pk", "statement")]


def suggest_for_text(text: str, *, published_on=None, skip=None) -> list[Suggestion]:
    return extract(text, published_on=published_on, actors=known_actors(), claims=known_claims(), skip=skip)


def suggest_for_article(article: Article) -> list[Suggestion]:
    skip = list(
        article.blocks.filter(kind__in=SKIPPED_BLOCKS).values_list("start", "end")
    )
    return suggest_for_text(article.text, published_on=article.published_on, skip=skip)
