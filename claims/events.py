"""The events the claims app announces (core.events), with the payload each carries: enough for
a receiver to act without asking back (who, what stance, which claim, the exact passage and
where to open it), and ids to ask back with. Links are paths on the tracker's own site."""

from articles.events import article_data as _article
from core.events import Event, emit


def _claim(claim) -> dict:
    return {
        "id": claim.pk,
        "statement": claim.statement,
        "status": claim.status,
        "link": claim.get_absolute_url(),
    }


def _actor(actor) -> dict | None:
    if actor is None:
        return None
    return {"id": actor.pk, "name": actor.name, "link": actor.get_absolute_url()}


def _passage(record, kind: str) -> dict:
    return {
        "exact": record.exact,
        "start": record.start,
        "end": record.end,
        "link": f"{record.article.get_absolute_url()}#{kind}-{record.pk}",
    }


def attribution_confirmed(attribution, *, user=None) -> None:
    emit(
        Event(
            "attribution.confirmed",
            lambda: {
                "attribution": {
                    "id": attribution.pk,
                    "stance": attribution.stance,
                    "said_on": attribution.said_on.isoformat() if attribution.said_on else None,
                    "origin": attribution.origin,
                    "passage": _passage(attribution, "attribution"),
                    "actor": _actor(attribution.actor),
                    "via": _actor(attribution.via),
                    "claim": _claim(attribution.claim),
                    "article": _article(attribution.article),
                    "confirmed_by": user.get_username() if user else None,
                }
            },
            {"attribution": attribution, "user": user},
        )
    )


def evidence_created(evidence, *, user=None) -> None:
    emit(
        Event(
            "evidence.created",
            lambda: {
                "evidence": {
                    "id": evidence.pk,
                    "relation": evidence.relation,
                    "credibility": evidence.credibility,
                    "passage": _passage(evidence, "evidence") if evidence.has_passage else None,
                    "source": _actor(evidence.source),
                    "claim": _claim(evidence.claim),
                    "article": _article(evidence.article),
                    "created_by": user.get_username() if user else None,
                }
            },
            {"evidence": evidence, "user": user},
        )
    )


def claim_status_changed(claim, *, old_status: str, user=None) -> None:
    emit(
        Event(
            "claim.status_changed",
            lambda: {
                "claim": {**_claim(claim), "old_status": old_status},
                "changed_by": user.get_username() if user else None,
            },
            {"claim": claim, "user": user},
        )
    )
