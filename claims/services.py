"""Operations on claims, actors, attributions and evidence.

The pages, the API, the admin and the commands all call these, so each rule lives once.
"""

import datetime
from contextlib import nullcontext
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models import F, Q
from django.utils import timezone

from articles.duplicates import related_article_ids
from articles.models import Article, ArticleRelation
from articles.services import passage_locate
from claims import events
from claims.models import (
    Actor,
    ActorAlias,
    ActorKind,
    Attribution,
    Claim,
    ClaimRelation,
    ClaimStatus,
    Evidence,
    Origin,
    ReviewState,
    Statement,
)
from claims.statements import statement_assign, statement_match
from core.names import NAME_SKELETON_CANDIDATES, name_skeleton, normalise_text
from core.versions import StaleVersion, versioned_update


def record_update(
    *, instance: models.Model, expected_version: int | None, changes: dict, user=None
):
    """Apply `changes` to a versioned record unless someone else saved it since
    `expected_version`; an attribution's statement group follows its new fields, and neither an
    attribution nor evidence moves to a merged claim."""
    if isinstance(instance, Attribution | Evidence):
        passage_check_hands(user=user, record=instance)
        if "claim" in changes:
            claim_check_open(claim=changes["claim"])
    if isinstance(instance, Claim) and "statement" in changes:
        changes = {**changes, "statement": _text(changes["statement"], "statement", "claim")}
    if isinstance(instance, Actor) and "name" in changes:
        changes = {**changes, "name": _text(changes["name"], "name", "actor's name")}
    old_status = instance.status if isinstance(instance, Claim) else None
    with transaction.atomic():
        current = versioned_update(
            instance=instance, expected_version=expected_version, changes=changes
        )
        if isinstance(current, Attribution):
            statement_assign(current)
        if isinstance(current, Claim) and current.status != old_status:
            events.claim_status_changed(current, old_status=old_status, user=user)
    return current


def claim_check_open(*, claim: Claim | None, field: str = "claim") -> None:
    """Refuse a merged claim as the claim of new or moved data: its page leads to the claim it
    was merged into, so anything recorded on it would show nowhere.

    Actors need no such check: a merged actor is deleted, so nothing can name it.
    """
    if claim is None or claim.merged_into_id is None:
        return
    target = claim.merged_into
    raise ValidationError(
        {
            field: f"Claim #{claim.pk} “{claim.statement}” was merged into claim #{target.pk} "
            f"“{target.statement}”; record it there."
        }
    )


def claim_check_status_right(*, user) -> None:
    """Only a curator sets or changes a claim's status (PermissionDenied: a 403 for the page and
    the API alike)."""
    if user is None or not user.has_perm("claims.set_claim_status"):
        raise PermissionDenied("Only a curator may set a claim's status.")


def _one_of(record, name: str, field: str, required: bool, label: str) -> str:
    """The typed name when no record is given; both is a contradiction, neither a gap."""
    name = _text(name, field, label, required=False)
    if record is not None and name:
        raise ValidationError({field: f"Give the {label} or its name, not both."})
    if required and record is None and not name:
        raise ValidationError({field: f"Choose or type the {label}."})
    return name


def _text(value: str | None, field: str, label: str, *, required: bool = True) -> str:
    """A name, alias or statement as the tracker stores it (core.names.normalise_text: NFKC,
    no invisible or control characters, single spaces); one with nothing visible is refused,
    as is an empty one when `required`."""
    text = normalise_text(value or "")
    if not text and (required or (value or "").strip()):
        raise ValidationError({field: f"The {label} has no visible characters; type it again."})
    return text


def actor_lookalike(*, name: str, exclude: Actor | None = None) -> tuple[Actor, str] | None:
    """Another actor whose name or an alias reads like `name` (the same skeleton: a Cyrillic "а"
    for a Latin "a", a zero for an "o"), with that name; None when there is none.

    Two queries: names and aliases that equal the skeleton, or that hold characters beyond
    printable ASCII or digits (only those can look like something other than themselves).
    """
    skeleton = name_skeleton(name)
    near = Q(name__iexact=skeleton) | Q(name__regex=NAME_SKELETON_CANDIDATES)
    others = Actor.objects.exclude(pk=exclude.pk) if exclude is not None else Actor.objects
    found = [(pk, n) for pk, n in others.filter(near).values_list("pk", "name")]
    aliases = ActorAlias.objects.filter(near)
    if exclude is not None:
        aliases = aliases.exclude(actor=exclude)
    found += list(aliases.values_list("actor_id", "name"))
    for pk, other in sorted(found):
        if name_skeleton(other) == skeleton:
            return Actor.objects.get(pk=pk), other
    return None


def _check_lookalike(name: str, *, field: str, exclude: Actor | None = None, confirmed: bool):
    """Refuse a new name or alias that reads like another actor's, unless the analyst confirmed
    that it is a different one (`confirm_confusable`); the error's code is "confusable"."""
    if confirmed:
        return
    found = actor_lookalike(name=name, exclude=exclude)
    if found is None:
        return
    actor, other = found
    same = "" if other == actor.name else f" (an alias of “{actor.name}”)"
    raise ValidationError(
        {
            field: ValidationError(
                f"“{name}” looks like actor #{actor.pk} “{other}”{same}: they read the same "
                "but are written with different characters. Choose that actor, or confirm "
                "that this is another one.",
                code="confusable",
            )
        }
    )


def actor_get_or_create(
    *,
    name: str,
    kind: str = ActorKind.PERSON,
    role: str = "",
    user=None,
    field: str = "actor",
    confirm_confusable: bool = False,
) -> Actor:
    """The actor called `name` (by name or alias), created when there is none; a new name that
    reads like another actor's is refused unless `confirm_confusable`."""
    name = _text(name, field, "actor's name")
    actor = Actor.objects.matching_name(name).order_by("pk").first()
    if actor is None:
        _check_lookalike(name, field=field, confirmed=confirm_confusable)
        actor = Actor(name=name, kind=kind or ActorKind.PERSON, role=role, created_by=user)
        actor.full_clean()
        actor.save()
    return actor


def actor_add_alias(
    *, actor: Actor, name: str, confirm_confusable: bool = False
) -> ActorAlias | None:
    """Another spelling of the actor's name. One that names another actor (its name or an
    alias, ignoring case) is refused; one that reads like another actor's is refused unless
    `confirm_confusable`."""
    name = _text(name, "aliases", "alias", required=False)
    if not name or name.lower() == actor.name.lower():
        return None
    alias = actor.aliases.filter(name__iexact=name).first()
    if alias is None:
        other = Actor.objects.matching_name(name).exclude(pk=actor.pk).first()
        if other is not None:
            raise ValidationError(
                {
                    "aliases": f"“{name}” already names actor #{other.pk} “{other.name}”; an "
                    "alias names one actor only (merge the two if they are one)."
                }
            )
        _check_lookalike(name, field="aliases", exclude=actor, confirmed=confirm_confusable)
        alias = ActorAlias(actor=actor, name=name)
        alias.full_clean()
        alias.save()
    return alias


def claim_get_or_create(*, statement: str, user=None) -> Claim:
    """The claim worded `statement`, created when there is none; a claim merged into another
    gives the one it was merged into (its wording is that claim's too)."""
    statement = _text(statement, "claim", "claim")
    claim = (
        Claim.objects.filter(statement__iexact=statement)
        .select_related("merged_into")
        .order_by(F("merged_into").asc(nulls_first=True), "pk")
        .first()
    )
    if claim is not None and claim.merged_into_id is not None:
        claim = claim.merged_into
    if claim is None:
        claim = Claim(statement=statement, created_by=user)
        claim.full_clean()
        claim.save()
    return claim


def attribution_create(
    *,
    article: Article,
    actor: Actor | None = None,
    actor_name: str = "",
    claim: Claim | None = None,
    claim_statement: str = "",
    stance: str,
    start: int | None = None,
    end: int | None = None,
    quote: str | None = None,
    prefix: str = "",
    suffix: str = "",
    said_on: datetime.date | None = None,
    said_on_text: str = "",
    is_direct_quote: bool = False,
    via: Actor | None = None,
    user=None,
    review_state: str = ReviewState.CONFIRMED,
    origin: str = Origin.ANALYST,
    proposed_actor: str = "",
    proposed_actor_kind: str = "",
    proposed_actor_role: str = "",
    proposed_claim: str = "",
    rule: str = "",
    confidence: float | None = None,
    confirm_confusable: bool = False,
) -> Attribution:
    """Record an attribution. The actor and the claim are records or, for an analyst's own
    attribution, names (`actor_name`, `claim_statement`): one not known yet is created, in the
    same transaction. A suggestion may instead carry only the names it proposes."""
    analyst = review_state != ReviewState.SUGGESTED
    actor_name = _one_of(actor, actor_name, "actor", analyst and not proposed_actor, "actor")
    claim_statement = _one_of(
        claim, claim_statement, "claim", analyst and not proposed_claim, "claim"
    )
    claim_check_open(claim=claim)
    start, end = passage_locate(
        article, start=start, end=end, quote=quote, prefix=prefix, suffix=suffix
    )
    # Names resolved to new records are saved with the attribution or not at all.
    with transaction.atomic():
        if actor_name:
            actor = actor_get_or_create(
                name=actor_name, user=user, confirm_confusable=confirm_confusable
            )
        if claim_statement:
            claim = claim_get_or_create(statement=claim_statement, user=user)
        attribution = Attribution(
            article=article,
            start=start,
            end=end,
            actor=actor,
            claim=claim,
            stance=stance,
            said_on=said_on,
            said_on_text=said_on_text,
            is_direct_quote=is_direct_quote,
            via=via,
            review_state=review_state,
            origin=origin,
            proposed_actor=proposed_actor,
            proposed_actor_kind=proposed_actor_kind,
            proposed_actor_role=proposed_actor_role,
            proposed_claim=proposed_claim,
            rule=rule,
            confidence=confidence,
            created_by=user,
        )
        attribution.fill_context()
        if analyst:
            attribution.reviewed_by = user
            attribution.reviewed_at = timezone.now()
            attribution_check_new(attribution)
        attribution.full_clean()
        attribution.save()
        statement_assign(attribution)
        if attribution.review_state == ReviewState.CONFIRMED:
            events.attribution_confirmed(attribution, user=user)
    return attribution


class DuplicateAttribution(ValidationError):
    """The same actor, stance, claim and passage are recorded already: `existing` is that record."""

    def __init__(self, existing: Attribution):
        self.existing = existing
        super().__init__(
            f"This is recorded already: {existing.actor.name} {existing.stance} this claim in "
            "the same passage. Open that record to change it.",
            code="duplicate",
        )


def attribution_check_new(attribution: Attribution) -> None:
    """Refuse a confirmed attribution that repeats one: counted twice, it would count one
    statement as two."""
    if not (attribution.actor_id and attribution.claim_id):
        return
    existing = (
        Attribution.objects.filter(
            article=attribution.article_id,
            actor=attribution.actor_id,
            claim=attribution.claim_id,
            stance=attribution.stance,
            start=attribution.start,
            end=attribution.end,
            review_state=ReviewState.CONFIRMED,
        )
        .exclude(pk=attribution.pk)
        .select_related("actor")
        .first()
    )
    if existing:
        raise DuplicateAttribution(existing)


def evidence_create(
    *,
    article: Article,
    claim: Claim | None = None,
    claim_statement: str = "",
    relation: str,
    start: int | None = None,
    end: int | None = None,
    quote: str | None = None,
    prefix: str = "",
    suffix: str = "",
    whole_article: bool = False,
    credibility: int = 6,
    source: Actor | None = None,
    source_name: str = "",
    note: str = "",
    user=None,
    confirm_confusable: bool = False,
) -> Evidence:
    """Record evidence. The claim and the source are records or names (`claim_statement`,
    `source_name`): one not known yet is created, in the same transaction."""
    claim_statement = _one_of(claim, claim_statement, "claim", True, "claim")
    source_name = _one_of(source, source_name, "source", False, "source")
    claim_check_open(claim=claim)
    if not whole_article:
        start, end = passage_locate(
            article, start=start, end=end, quote=quote, prefix=prefix, suffix=suffix
        )
    with transaction.atomic():
        if claim_statement:
            claim = claim_get_or_create(statement=claim_statement, user=user)
        if source_name:
            source = actor_get_or_create(
                name=source_name, user=user, field="source", confirm_confusable=confirm_confusable
            )
        evidence = Evidence(
            article=article,
            claim=claim,
            relation=relation,
            credibility=credibility,
            source=source,
            note=note,
            created_by=user,
        )
        if not whole_article:
            evidence.start, evidence.end = start, end
            evidence.fill_context()
        evidence.full_clean()
        evidence.save()
        events.evidence_created(evidence, user=user)
    return evidence


def attribution_review(
    *,
    attribution: Attribution,
    decision: str,
    user,
    expected_version: int | None = None,
    changes: dict | None = None,
    actor_name: str = "",
    claim_statement: str = "",
    confirm_confusable: bool = False,
    passage: dict | None = None,
) -> Attribution:
    """Confirm (optionally with the analyst's edits) or reject a suggested attribution.

    `passage` ({"start", "end"} or a quote) moves it to other words of its article first.

    The edits may pick another actor or claim (`changes`) or name one instead (`actor_name`,
    `claim_statement`, which replace the names the suggestion proposed). Confirming a suggestion
    that names an actor or claim the tracker does not know yet creates them; who decided and when
    is kept. Only a suggestion can be reviewed: anything else is refused (ValidationError with
    code "not_suggested").
    """
    if decision not in (ReviewState.CONFIRMED, ReviewState.REJECTED):
        raise ValidationError({"decision": "Choose confirmed or rejected."})
    changes = dict(changes or {})
    actor_name = _one_of(changes.get("actor"), actor_name, "actor", False, "actor")
    claim_statement = _one_of(changes.get("claim"), claim_statement, "claim", False, "claim")
    if actor_name:
        changes.update(actor=None, proposed_actor=actor_name)
    if claim_statement:
        changes.update(claim=None, proposed_claim=claim_statement)
    claim_check_open(claim=changes.get("claim"))
    with transaction.atomic():
        current = Attribution.objects.select_for_update().get(pk=attribution.pk)
        if expected_version is not None and current.version != expected_version:
            raise StaleVersion(current)
        # Checked on the locked row: a confirmed or rejected record is never reviewed again,
        # so neither a rejection nor "confirm with edits" can rewrite a confirmed attribution.
        if current.review_state != ReviewState.SUGGESTED:
            raise ValidationError(
                f"Attribution #{current.pk} is not a suggestion (it is "
                f"{current.get_review_state_display().lower()}); only a suggestion can be "
                "confirmed or rejected. Nothing was saved.",
                code="not_suggested",
            )
        if passage and (passage.get("start"), passage.get("end")) != (current.start, current.end):
            changes.update(_passage_changes(current, current.article, passage))
        for field, value in changes.items():
            setattr(current, field, value)
        if decision == ReviewState.CONFIRMED:
            if current.actor_id is None:
                current.actor = actor_get_or_create(
                    name=current.proposed_actor,
                    kind=current.proposed_actor_kind or ActorKind.PERSON,
                    role=current.proposed_actor_role,
                    user=user,
                    confirm_confusable=confirm_confusable,
                )
            if current.claim_id is None:
                current.claim = claim_get_or_create(statement=current.proposed_claim, user=user)
        current.review_state = decision
        current.reviewed_by = user
        current.reviewed_at = timezone.now()
        current.version += 1
        if decision == ReviewState.CONFIRMED:
            attribution_check_new(current)
        current.full_clean()
        current.save()
        statement_assign(current)
        if decision == ReviewState.CONFIRMED:
            events.attribution_confirmed(current, user=user)
    return current


# Most suggestions one bulk review may decide: a request holds each one's row lock in turn.
BULK_REVIEW_LIMIT = 500


@dataclass
class BulkReview:
    done: list[Attribution]
    refused: list[tuple[int, str]]


def suggestions_review(*, ids: list[int], decision: str, user) -> BulkReview:
    """Confirm or reject several suggestions as they stand, each in its own transaction and
    with its own history entry; one that cannot be decided (reviewed meanwhile, or repeating a
    record) is left as it is and reported with why."""
    if decision not in (ReviewState.CONFIRMED, ReviewState.REJECTED):
        raise ValidationError({"decision": "Choose confirmed or rejected."})
    ids = list(dict.fromkeys(ids))
    if len(ids) > BULK_REVIEW_LIMIT:
        raise ValidationError(
            {"ids": f"At most {BULK_REVIEW_LIMIT} suggestions at a time; {len(ids)} were given."}
        )
    done, refused = [], []
    for pk in ids:
        suggestion = Attribution.objects.filter(pk=pk).first()
        if suggestion is None:
            refused.append((pk, "No such suggestion."))
            continue
        try:
            with transaction.atomic():
                done.append(
                    attribution_review(attribution=suggestion, decision=decision, user=user)
                )
        except ValidationError as exc:
            refused.append((pk, " ".join(exc.messages)))
    return BulkReview(done, refused)


def claim_set_status(
    *, claim: Claim, status: str, user, expected_version: int | None = None
) -> Claim:
    return claim_update(
        claim=claim, expected_version=expected_version, changes={"status": status}, user=user
    )


def claim_update(*, claim: Claim, expected_version: int | None, changes: dict, user) -> Claim:
    """Edit a claim; a change of status is a curator's to make."""
    if "status" in changes and changes["status"] != claim.status:
        claim_check_status_right(user=user)
        if changes["status"] not in ClaimStatus.values:
            raise ValidationError({"status": f"Unknown status {changes['status']!r}."})
    return record_update(
        instance=claim, expected_version=expected_version, changes=changes, user=user
    )


@transaction.atomic
def actor_merge(*, source: Actor, target: Actor, user=None) -> Actor:
    """Fold `source` into `target`: its name and aliases become aliases, its stances move over."""
    if source.pk == target.pk:
        raise ValidationError("Choose two different actors to merge.")
    # A merged actor is deleted: the caller's copy of either may be gone by now.
    locked = Actor.objects.select_for_update().in_bulk([source.pk, target.pk])
    for actor in (source, target):
        if actor.pk not in locked:
            raise ValidationError(f"“{actor.name}” was already merged into another actor.")
    source, target = locked[source.pk], locked[target.pk]
    names = [source.name, *source.aliases.values_list("name", flat=True)]
    # Queryset updates move rows without loading them; the history of each row is kept by the
    # merge entry on both actors.
    Attribution.objects.filter(actor=source).update(actor=target)
    Attribution.objects.filter(via=source).exclude(actor=target).update(via=target)
    Attribution.objects.filter(via=source).update(via=None)
    Evidence.objects.filter(source=source).update(source=target)
    Statement.objects.filter(actor=source).update(actor=target)
    Actor.objects.filter(affiliation=source).exclude(pk=target.pk).update(affiliation=target)
    if target.affiliation_id == source.pk:
        target.affiliation = source.affiliation if source.affiliation_id != target.pk else None
    if not target.role and source.role:
        target.role = source.role
    target.version += 1
    target._change_reason = f"Merged actor #{source.pk} “{source.name}” into this one"
    target.save()
    source.aliases.all().delete()
    Actor.objects.filter(affiliation=source).update(affiliation=None)
    source.delete()
    # Once the source is gone its names are free to be the target's; that they read like each
    # other is the point of the merge.
    for alias_name in names:
        actor_add_alias(actor=target, name=alias_name, confirm_confusable=True)
    return target


@transaction.atomic
def claim_merge(*, source: Claim, target: Claim, user=None) -> Claim:
    """Fold `source` into `target`: attributions, evidence, statements and relations move over.

    The source claim stays, marked as merged, so links to it keep working (they redirect).
    """
    if source.pk == target.pk:
        raise ValidationError("Choose two different claims to merge.")
    # Checked on the rows as stored (and locked), not the caller's copies, which may predate
    # another merge: merging back into a merged claim would make the two redirect to each other.
    source = Claim.objects.select_for_update().get(pk=source.pk)
    target = Claim.objects.select_for_update().get(pk=target.pk)
    if source.merged_into_id is not None:
        raise ValidationError(
            f"Claim #{source.pk} was already merged into claim #{source.merged_into_id}."
        )
    if target.merged_into_id is not None:
        raise ValidationError(
            f"Claim #{target.pk} was itself merged into claim #{target.merged_into_id}; "
            "merge into the claim it went to."
        )
    Attribution.objects.filter(claim=source).update(claim=target)
    Evidence.objects.filter(claim=source).update(claim=target)
    Statement.objects.filter(claim=source).update(claim=target)
    Claim.objects.filter(merged_into=source).update(merged_into=target)
    for relation in ClaimRelation.objects.filter(
        models.Q(from_claim=source) | models.Q(to_claim=source)
    ):
        other = (
            relation.to_claim_id if relation.from_claim_id == source.pk else relation.from_claim_id
        )
        pair = (target.pk, other) if relation.from_claim_id == source.pk else (other, target.pk)
        duplicate = ClaimRelation.objects.filter(
            from_claim_id=pair[0], to_claim_id=pair[1], kind=relation.kind
        )
        if other == target.pk or duplicate.exists():
            relation.delete()
        else:
            ClaimRelation.objects.filter(pk=relation.pk).update(
                from_claim_id=pair[0], to_claim_id=pair[1]
            )
    source.merged_into = target
    source.version += 1
    source._change_reason = f"Merged into claim #{target.pk}"
    source.save()
    target.version += 1
    target._change_reason = f"Claim #{source.pk} “{source.statement}” merged into this one"
    target.save()
    return target


def suggestions_create(
    *, article: Article, blocks=None, related: set[int] | None = None
) -> list[Attribution]:
    """Store the machine's suggestions for an article (see suggestions_build)."""
    return Attribution.objects.bulk_create(
        suggestions_build(article=article, blocks=blocks, related=related)
    )


def suggestions_build(
    *,
    article: Article,
    blocks=None,
    related: set[int] | None = None,
    indexes=None,
    relays: dict | None = None,
) -> list[Attribution]:
    """The machine's suggestions for an article as unsaved *suggested* attributions.

    Each keeps its provenance (the rule that fired and its confidence). A suggestion naming a
    known actor and claim is linked to the statement it reports where copies or rewrites of
    this article already hold it, so confirming it counts nothing twice. An import that has just
    stored the article's blocks and relations passes them, saving their queries; one importing
    many articles also passes the engine's indexes and the relaying actors found so far.
    """
    from claims.suggest_db import suggest_for_article

    suggestions = suggest_for_article(article, blocks=blocks, indexes=indexes)
    relays = {} if relays is None else relays
    for name in {s.via.lower() for s in suggestions if s.via} - set(relays):
        relays[name] = Actor.objects.matching_name(name).values_list("pk", flat=True).first()
    if related is None:
        related = related_article_ids(article.pk)
    created = []
    for suggestion in suggestions:
        attribution = Attribution(
            article=article,
            start=suggestion.start,
            end=suggestion.end,
            actor_id=suggestion.actor_id,
            claim_id=suggestion.claim_id,
            proposed_actor="" if suggestion.actor_id else suggestion.actor[:200],
            proposed_actor_kind="" if suggestion.actor_id else suggestion.actor_kind,
            proposed_actor_role=suggestion.actor_role[:300],
            proposed_claim=""
            if suggestion.claim_id
            else (suggestion.claim or suggestion.quote)[:1000],
            stance=suggestion.stance,
            said_on=suggestion.said_on,
            said_on_text=suggestion.said_on_text[:100],
            is_direct_quote=suggestion.is_direct_quote,
            review_state=ReviewState.SUGGESTED,
            origin=Origin.MACHINE,
            rule=suggestion.rule[:100],
            confidence=max(0.0, min(1.0, suggestion.confidence)),
        )
        via = relays.get(suggestion.via.lower()) if suggestion.via else None
        if via is not None and via != suggestion.actor_id:
            attribution.via_id = via
        attribution.fill_context()
        if attribution.actor_id and attribution.claim_id:
            attribution.statement = statement_match(attribution, related)
        created.append(attribution)
    return created


def suggestions_for_stored(*, articles, blocks, relations, suggest: bool = True, **_) -> None:
    """The machine's suggestions for newly imported articles, stored in the import's
    transaction: answers `articles.signals.articles_stored` (each step one query for all)."""
    if not suggest:
        return
    # Each new article's story family, as related_article_ids() gives it: its links, and the
    # other copies and rewrites of its originals (one query for all of them).
    related: dict[int, set[int]] = {a.pk: set() for a in articles}
    originals: dict[int, set[int]] = {a.pk: set() for a in articles}
    for r in relations:
        for one, other in ((r.article_id, r.original_id), (r.original_id, r.article_id)):
            if one in related:
                related[one].add(other)
        if r.article_id in originals:
            originals[r.article_id].add(r.original_id)
    family: dict[int, set[int]] = {}
    for copy_id, original_id in ArticleRelation.objects.filter(
        original_id__in={pk for ids in originals.values() for pk in ids}
    ).values_list("article_id", "original_id"):
        family.setdefault(original_id, set()).add(copy_id)
    for pk, ids in originals.items():
        for original_id in ids:
            related[pk] |= family.get(original_id, set()) - {pk}
    from claims.suggest_db import indexes

    prepared, relays, suggestions = indexes(), {}, []
    for article in articles:
        suggestions += suggestions_build(
            article=article,
            blocks=blocks[article.pk],
            related=related[article.pk],
            indexes=prepared,
            relays=relays,
        )
    Attribution.objects.bulk_create(suggestions)


def claim_create(
    *, statement: str, status: str = ClaimStatus.UNVERIFIED, notes: str = "", user=None
) -> tuple[Claim, bool]:
    """A new claim, or the one already stored with the same statement (ignoring case and spacing).

    Only a curator gives a claim a status other than unverified."""
    if status != ClaimStatus.UNVERIFIED:
        claim_check_status_right(user=user)
    statement = _text(statement, "statement", "claim")
    existing = Claim.objects.filter(statement__iexact=statement).order_by("pk").first()
    if existing is not None:
        return existing, False
    claim = Claim(statement=statement, status=status, notes=notes, created_by=user)
    claim.full_clean()
    claim.save()
    return claim, True


# Most aliases one actor may have: one request writing thousands would hold the database's
# write lock (all of SQLite) for as long as it takes.
ACTOR_MAX_ALIASES = 100


def actor_set_aliases(*, actor: Actor, names: list[str], confirm_confusable: bool = False) -> None:
    """Make the actor's aliases exactly `names` (its own name is never an alias); one refused
    leaves them all as they were."""
    cleaned = [_text(n, "aliases", "alias", required=False) for n in names]
    wanted = {n.lower(): n for n in cleaned if n}
    wanted.pop(actor.name.lower(), None)
    if len(wanted) > ACTOR_MAX_ALIASES:
        raise ValidationError(
            {"aliases": f"At most {ACTOR_MAX_ALIASES} aliases per actor; {len(wanted)} were given."}
        )
    with transaction.atomic():
        for alias in actor.aliases.all():
            if alias.name.lower() not in wanted:
                alias.delete()
        for name in wanted.values():
            actor_add_alias(actor=actor, name=name, confirm_confusable=confirm_confusable)


def actor_create(
    *,
    name: str,
    kind: str = ActorKind.PERSON,
    role: str = "",
    affiliation: Actor | None = None,
    reliability: str = "",
    description: str = "",
    aliases: list[str] | None = None,
    user=None,
    confirm_confusable: bool = False,
) -> tuple[Actor, bool]:
    """A new actor, or the one already known by this name or alias (left unchanged). A name
    or alias that reads like another actor's is refused unless `confirm_confusable`."""
    name = _text(name, "name", "actor's name")
    existing = Actor.objects.matching_name(name).order_by("pk").first()
    if existing is not None:
        return existing, False
    _check_lookalike(name, field="name", confirmed=confirm_confusable)
    with transaction.atomic():
        actor = Actor(
            name=name,
            kind=kind,
            role=role,
            affiliation=affiliation,
            description=description,
            created_by=user,
        )
        if reliability:
            actor.reliability = reliability
        actor.full_clean()
        actor.save()
        actor_set_aliases(actor=actor, names=aliases or [], confirm_confusable=confirm_confusable)
    return actor, True


def actor_update(
    *,
    actor: Actor,
    expected_version: int | None,
    changes: dict,
    aliases: list[str] | None = None,
    user=None,
    confirm_confusable: bool = False,
) -> Actor:
    """Edit an actor. A new name may not be another actor's name or alias, and one that reads
    like another actor's is refused unless `confirm_confusable` (so are new aliases)."""
    if "name" in changes:
        name = _text(changes["name"], "name", "actor's name")
        if name.lower() != actor.name.lower():
            other = Actor.objects.matching_name(name).exclude(pk=actor.pk).first()
            if other is not None:
                raise ValidationError(
                    {"name": f"“{name}” already names actor #{other.pk} “{other.name}”."}
                )
            _check_lookalike(name, field="name", exclude=actor, confirmed=confirm_confusable)
    with transaction.atomic():
        actor = record_update(
            instance=actor, expected_version=expected_version, changes=changes, user=user
        )
        if aliases is not None:
            actor_set_aliases(actor=actor, names=aliases, confirm_confusable=confirm_confusable)
    return actor


def _passage_changes(record, article: Article, passage: dict) -> dict:
    """The passage fields for `passage` (quote/prefix/suffix or start/end) located in `article`."""
    start, end = passage_locate(
        article,
        start=passage.get("start"),
        end=passage.get("end"),
        quote=passage.get("quote"),
        prefix=passage.get("prefix", ""),
        suffix=passage.get("suffix", ""),
    )
    probe = type(record)(article=article, start=start, end=end)
    probe.fill_context()
    return {
        "start": start,
        "end": end,
        "exact": probe.exact,
        "prefix": probe.prefix,
        "suffix": probe.suffix,
    }


def attribution_update(
    *,
    attribution: Attribution,
    expected_version: int | None,
    changes: dict,
    passage: dict | None = None,
    actor_name: str = "",
    claim_statement: str = "",
    user=None,
    confirm_confusable: bool = False,
) -> Attribution:
    """Edit an attribution; a new article needs its passage given again. The actor or the claim
    may be given by name (`actor_name`, `claim_statement`), created when not known yet."""
    changes = dict(changes)
    actor_name = _one_of(changes.get("actor"), actor_name, "actor", False, "actor")
    claim_statement = _one_of(changes.get("claim"), claim_statement, "claim", False, "claim")
    article = changes.get("article", attribution.article)
    if passage:
        changes.update(_passage_changes(attribution, article, passage))
    elif article.pk != attribution.article_id:
        raise ValidationError(
            {"quote": "Give the passage in the new article (quote, or start and end)."}
        )
    with transaction.atomic() if actor_name or claim_statement else nullcontext():
        if actor_name:
            changes["actor"] = actor_get_or_create(
                name=actor_name, user=user, confirm_confusable=confirm_confusable
            )
        if claim_statement:
            changes["claim"] = claim_get_or_create(statement=claim_statement, user=user)
        if attribution.review_state == ReviewState.CONFIRMED:
            # The record as it would be: an edit must not make it repeat another one.
            probe = Attribution(pk=attribution.pk, review_state=ReviewState.CONFIRMED)
            for name in ("article", "actor", "claim"):
                setattr(probe, name, changes.get(name, getattr(attribution, name)))
            probe.stance = changes.get("stance", attribution.stance)
            probe.start = changes.get("start", attribution.start)
            probe.end = changes.get("end", attribution.end)
            attribution_check_new(probe)
        return record_update(
            instance=attribution, expected_version=expected_version, changes=changes, user=user
        )


def evidence_update(
    *,
    evidence: Evidence,
    expected_version: int | None,
    changes: dict,
    passage: dict | None = None,
    whole_article: bool = False,
    claim_statement: str = "",
    source_name: str = "",
    user=None,
    confirm_confusable: bool = False,
) -> Evidence:
    """Edit evidence; `whole_article` drops the passage, a new article needs one (or whole_article).
    The claim or the source may be given by name, created when not known yet."""
    changes = dict(changes)
    claim_statement = _one_of(changes.get("claim"), claim_statement, "claim", False, "claim")
    source_name = _one_of(changes.get("source"), source_name, "source", False, "source")
    article = changes.get("article", evidence.article)
    if whole_article:
        changes.update({"start": None, "end": None, "exact": "", "prefix": "", "suffix": ""})
    elif passage:
        changes.update(_passage_changes(evidence, article, passage))
    elif article.pk != evidence.article_id and evidence.start is not None:
        raise ValidationError({"quote": "Give the passage in the new article, or whole_article."})
    with transaction.atomic():
        if claim_statement:
            changes["claim"] = claim_get_or_create(statement=claim_statement, user=user)
        if source_name:
            changes["source"] = actor_get_or_create(
                name=source_name, user=user, field="source", confirm_confusable=confirm_confusable
            )
        return record_update(
            instance=evidence, expected_version=expected_version, changes=changes, user=user
        )


def record_delete(
    *, instance: models.Model, expected_version: int | None = None, user=None
) -> None:
    """Delete unless someone changed the record since `expected_version`; protected links refuse it."""
    model = type(instance)
    with transaction.atomic():
        current = model.objects.select_for_update().get(pk=instance.pk)
        if isinstance(current, Attribution | Evidence):
            passage_check_hands(user=user, record=current)
        if expected_version is not None and getattr(current, "version", None) != expected_version:
            raise StaleVersion(current)
        current.delete()


def passage_check_hands(*, user, record) -> None:
    """An analyst corrects or removes the attributions and evidence they recorded or confirmed;
    a curator (change_any_passage) anyone's. The pages, the API and the admin all ask here."""
    if user is None or user.has_perm("claims.change_any_passage"):
        return
    if user.pk in (record.created_by_id, getattr(record, "reviewed_by_id", None)):
        return
    raise PermissionDenied(
        "You can correct or remove only the attributions and evidence you recorded or "
        "confirmed; a curator can change anyone's."
    )


_UNDO_SKIPS = {"id", "version", "created_at", "updated_at"}


def passage_undo(*, model: type[Attribution] | type[Evidence], pk: int, history_id: int, user):
    """Put an attribution or evidence link back as its history row `history_id` holds it: undoes
    an edit or a review (the row before it), or a removal (the last row before it). The record
    gets a new version, and the undo is itself in the history."""
    row = model.history.filter(id=pk, history_id=history_id).first()
    if row is None or row.history_type == "-":
        raise ValidationError("That earlier version is not in this record's history.")
    with transaction.atomic():
        current = model.objects.select_for_update().filter(pk=pk).first()
        passage_check_hands(user=user, record=current or row)
        # Fields the history does not keep (a stance's outlet, kept by a trigger) are left to
        # what keeps them.
        values = {
            field.attname: getattr(row, field.attname)
            for field in model._meta.concrete_fields
            if field.attname not in _UNDO_SKIPS and hasattr(row, field.attname)
        }
        if values.get("claim_id"):
            claim = Claim.objects.filter(pk=values["claim_id"]).first()
            if claim is None:
                raise ValidationError("Its claim has been deleted since; it cannot be put back.")
            claim_check_open(claim=claim)
        if current is None:
            current = model(pk=pk, version=row.version + 1, **values)
        else:
            for name, value in values.items():
                setattr(current, name, value)
            current.version += 1
        if not Article.objects.filter(pk=current.article_id).exists():
            raise ValidationError("Its article has been deleted since; it cannot be put back.")
        current.full_clean(validate_unique=False)
        current.save()
        if isinstance(current, Attribution):
            statement_assign(current)
    return current


def passage_history_before(record, *, removed: bool = False) -> int | None:
    """The history row an undo returns to: the version before the latest change, or for a
    removed record, its last version."""
    rows = type(record).history.filter(id=record.pk).order_by("-history_date", "-history_id")
    if removed:
        row = rows.exclude(history_type="-").first()
    else:
        row = rows[1:2].first()
    return row.history_id if row else None


def claim_relation_save(*, relation: ClaimRelation, user=None) -> ClaimRelation:
    """Add or change a link between two claims."""
    if relation.pk is None:
        relation.created_by = user
    relation.full_clean()
    relation.save()
    return relation


def claim_relation_delete(*, relation: ClaimRelation, user=None) -> None:
    ClaimRelation.objects.filter(pk=relation.pk).delete()
