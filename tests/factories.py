"""Small builders for test data: each makes a valid row with as little as it needs."""

import itertools

from articles.models import Article
from articles.services import article_import
from claims.models import Actor, Claim
from claims.services import attribution_create

_n = itertools.count(1)

TEXT = (
    "Harbour officials said on Monday that the ferry sank after hitting rocks. "
    "The operator denied that the crew had ignored storm warnings. "
    "“We followed every rule,” the operator's chief executive Mara Lind said."
)


def make_article(text: str = TEXT, **kwargs) -> Article:
    n = next(_n)
    kwargs.setdefault("title", f"Ferry sinks off the coast ({n})")
    kwargs.setdefault("suggest", False)
    return article_import(text=f"{text}\n\nReport {n}.", **kwargs).article


def make_actor(name: str | None = None, **kwargs) -> Actor:
    return Actor.objects.create(name=name or f"Actor {next(_n)}", **kwargs)


def make_claim(statement: str | None = None, **kwargs) -> Claim:
    return Claim.objects.create(
        statement=statement or f"The ferry hit rocks ({next(_n)})", **kwargs
    )


def make_attribution(
    article=None, actor=None, claim=None, quote="the ferry sank after hitting rocks", **kwargs
):
    return attribution_create(
        article=article or make_article(),
        actor=actor or make_actor(),
        claim=claim or make_claim(),
        stance=kwargs.pop("stance", "asserts"),
        quote=quote,
        **kwargs,
    )
