"""Loading the curated seed articles and their annotations (seeds/annotations.yaml)."""

import datetime
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from django.core.exceptions import ValidationError
from django.db import transaction

from articles.models import Article, Outlet
from articles.services import article_import, outlet_get_or_create, passage_locate
from claims.models import Actor, Attribution, Claim, ClaimRelation, Evidence, Origin
from claims.services import actor_add_alias, attribution_create, evidence_create

SEEDS_DIR = Path(__file__).resolve().parent.parent / "seeds"


@dataclass
class SeedReport:
    created: dict[str, int] = field(default_factory=dict)

    def add(self, kind: str, was_created: bool) -> None:
        if was_created:
            self.created[kind] = self.created.get(kind, 0) + 1

    @property
    def total(self) -> int:
        return sum(self.created.values())


def _date(value) -> datetime.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, datetime.date):
        return value
    return datetime.date.fromisoformat(str(value))


@transaction.atomic
def load_seeds(folder: Path = SEEDS_DIR) -> SeedReport:
    """Load the seed articles and their curated annotations; a second run changes nothing."""
    data = yaml.safe_load((folder / "annotations.yaml").read_text(encoding="utf-8"))
    report = SeedReport()

    for spec in data.get("outlets", []):
        exists = Outlet.objects.filter(name__iexact=spec["name"]).exists()
        outlet = outlet_get_or_create(name=spec["name"])
        if not exists:
            outlet.domain = spec.get("domain", "")
            outlet.reliability = spec.get("reliability", outlet.reliability)
            outlet.save()
        report.add("outlets", not exists)

    articles: dict[str, Article] = {}
    for spec in data["articles"]:
        outlet = Outlet.objects.get(name__iexact=spec["outlet"]) if spec.get("outlet") else None
        result = article_import(
            text=(folder / spec["file"]).read_text(encoding="utf-8"),
            title=spec.get("title", ""),
            published_on=_date(spec.get("published_on")),
            outlet=outlet,
            dateline=spec.get("dateline", ""),
            byline=spec.get("byline", ""),
            is_html=False,
            suggest=False,
        )
        articles[spec["file"]] = result.article
        report.add("articles", result.created)

    actors: dict[str, Actor] = {}
    for spec in data["actors"]:
        actor = Actor.objects.filter(name__iexact=spec["name"]).first()
        report.add("actors", actor is None)
        if actor is None:
            actor = Actor(
                name=spec["name"],
                kind=spec.get("kind", "person"),
                role=spec.get("role", ""),
                reliability=spec.get("reliability", "F"),
                affiliation=actors[spec["affiliation"]] if spec.get("affiliation") else None,
            )
            actor.full_clean()
            actor.save()
        for alias in spec.get("aliases", []):
            before = actor.aliases.count()
            actor_add_alias(actor=actor, name=alias)
            report.add("aliases", actor.aliases.count() > before)
        actors[spec["name"]] = actor

    claims: dict[str, Claim] = {}
    for spec in data["claims"]:
        claim = Claim.objects.filter(statement=spec["statement"]).first()
        report.add("claims", claim is None)
        if claim is None:
            claim = Claim(statement=spec["statement"], status=spec.get("status", "unverified"))
            claim.full_clean()
            claim.save()
        claims[spec["key"]] = claim

    for spec in data.get("claim_relations", []):
        _, created = ClaimRelation.objects.get_or_create(
            from_claim=claims[spec["from"]], to_claim=claims[spec["to"]], kind=spec["kind"]
        )
        report.add("claim relations", created)

    for spec in data["attributions"]:
        article = articles[spec["article"]]
        start, end = _locate(article, spec)
        actor, claim = actors[spec["actor"]], claims[spec["claim"]]
        exists = Attribution.objects.filter(
            article=article, actor=actor, claim=claim, stance=spec["stance"], start=start, end=end
        ).exists()
        report.add("attributions", not exists)
        if not exists:
            attribution_create(
                article=article,
                actor=actor,
                claim=claim,
                stance=spec["stance"],
                start=start,
                end=end,
                said_on=_date(spec.get("said_on")),
                said_on_text=spec.get("said_on_text", ""),
                is_direct_quote=bool(spec.get("direct_quote", False)),
                via=actors[spec["via"]] if spec.get("via") else None,
                origin=Origin.SEED,
            )

    for spec in data.get("evidence", []):
        article, claim = articles[spec["article"]], claims[spec["claim"]]
        start, end = _locate(article, spec)
        exists = Evidence.objects.filter(
            article=article, claim=claim, relation=spec["relation"], start=start, end=end
        ).exists()
        report.add("evidence", not exists)
        if not exists:
            evidence_create(
                article=article,
                claim=claim,
                relation=spec["relation"],
                start=start,
                end=end,
                credibility=spec.get("credibility", 6),
                source=actors[spec["source"]] if spec.get("source") else None,
                note=spec.get("note", ""),
            )
    return report


def _locate(article: Article, spec: dict) -> tuple[int, int]:
    try:
        return passage_locate(
            article,
            quote=spec["quote"],
            prefix=spec.get("prefix", ""),
            suffix=spec.get("suffix", ""),
        )
    except ValidationError as exc:
        raise ValidationError(
            f"{spec['article']}: {'; '.join(exc.messages)} ({spec['quote'][:60]}…)"
        ) from None
