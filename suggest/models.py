"""Plain data types shared by the suggestion engine and its callers."""

from __future__ import annotations

import datetime
from dataclasses import asdict, dataclass, field


@dataclass(frozen=True)
class KnownActor:
    id: int | None
    name: str
    aliases: tuple[str, ...] = ()
    kind: str = "person"  # person | organisation | government | state | media | other
    role: str = ""


@dataclass(frozen=True)
class KnownClaim:
    id: int
    statement: str


@dataclass
class Suggestion:
    actor: str
    actor_id: int | None
    actor_kind: str
    actor_role: str
    stance: str  # "asserts" | "denies"
    quote: str  # always text[start:end]
    start: int
    end: int
    said_on: datetime.date | None
    said_on_text: str
    claim: str
    claim_id: int | None
    via: str | None
    is_direct_quote: bool
    rule: str
    confidence: float

    def as_json(self) -> dict:
        data = asdict(self)
        data["said_on"] = self.said_on.isoformat() if self.said_on else None
        return data


@dataclass(frozen=True)
class Block:
    start: int
    end: int
    kind: str  # repeated | furniture | caption | title | dateline-marker
    original_start: int | None = None


@dataclass
class Structure:
    title: str = ""
    published_on: datetime.date | None = None
    dateline: str = ""
    byline: str = ""
    agency: str = ""  # the publisher a wire dateline names: "(Reuters)"
    blocks: list[Block] = field(default_factory=list)
