"""What changed that people and systems follow: the tracker's events.

A service that makes one of these changes announces it with `emit`, inside its own transaction;
the apps that follow changes (`watch`: inboxes, `hooks`: webhooks) answer by storing what they
owe (an inbox entry, a delivery) in that same transaction, so a change is never saved without
its notices nor a notice without its change. Nothing here knows who listens.

Every event has a type (one of EVENT_TYPES), a JSON-ready `data` payload (what a webhook sends),
and `objects`: the saved records it is about, for listeners in this process. The payload is
given as a function and built on first use, so an event nobody subscribed to costs no query.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property

from django.dispatch import Signal
from django.utils import timezone

# The event types, with what each means. The API and README list them from here.
EVENT_TYPES: dict[str, str] = {
    "article.imported": "An article was stored: by hand, by URL, in a batch or from a feed.",
    "attribution.confirmed": (
        "An actor's stance on a claim was confirmed: recorded by an analyst, or a machine "
        "suggestion accepted."
    ),
    "evidence.created": "A passage or article was linked to a claim as evidence.",
    "claim.status_changed": "A claim's status changed (for example to disputed or false).",
}


@dataclass
class Event:
    type: str
    build: Callable[[], dict]
    objects: dict = field(default_factory=dict)
    occurred_at: object = field(default_factory=timezone.now)

    def __post_init__(self) -> None:
        if self.type not in EVENT_TYPES:
            raise ValueError(f"Unknown event type {self.type!r}.")

    @cached_property
    def data(self) -> dict:
        """The payload, built once."""
        return self.build()


# Sent with `events` (a list of Event) inside the transaction that made the change.
events_happened = Signal()


def emit(*events: Event) -> None:
    """Announce events to the listeners, now and in the caller's transaction."""
    if events:
        events_happened.send(sender=Event, events=list(events))
