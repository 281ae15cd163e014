"""Every write of the watch app: watching and unwatching, saved searches, reading inbox entries
and the digest preference. The pages, the API and the admin call these; each acts on the user's
own records only."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from claims.models import Actor, Claim
from watch.models import (
    DIGEST_INTERVALS,
    DigestFrequency,
    DigestPreference,
    InboxEntry,
    SavedSearch,
    Watch,
)
from watch.searches import search_query_clean


def watch_check_user(*, user) -> None:
    """Any role may follow things (viewer, analyst, curator); a user without one reads nothing,
    so follows nothing."""
    if not (user and user.is_authenticated and user.has_perm("claims.view_claim")):
        raise PermissionDenied("Your account has no role: ask a curator for one.")


def watch_add(*, user, claim: Claim | None = None, actor: Actor | None = None) -> Watch:
    """Follow a claim or an actor; following it again changes nothing."""
    watch_check_user(user=user)
    if (claim is None) == (actor is None):
        raise ValidationError("Watch one claim or one actor.")
    target = {"claim": claim} if claim is not None else {"actor": actor}
    existing = Watch.objects.filter(user=user, **target).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            return Watch.objects.create(user=user, **target)
    except IntegrityError:
        # Added at the same moment by another request of the same user.
        return Watch.objects.get(user=user, **target)


def watch_remove(*, user, claim: Claim | None = None, actor: Actor | None = None) -> None:
    """Stop following a claim or an actor (nothing happens if it was not followed)."""
    watch_check_user(user=user)
    target = {"claim": claim} if claim is not None else {"actor": actor}
    Watch.objects.filter(user=user, **target).delete()


def watch_delete(*, watch: Watch, user) -> None:
    watch_check_user(user=user)
    if watch.user_id != user.pk:
        raise PermissionDenied("This is another user's watch.")
    watch.delete()


def saved_search_create(*, user, name: str, kind: str, query: str = "") -> SavedSearch:
    """Save a list's filters under a name, checked by the list's own filters."""
    watch_check_user(user=user)
    name = " ".join((name or "").split())[:100]
    if not name:
        raise ValidationError({"name": "Give the search a name."})
    saved = SavedSearch(
        user=user, name=name, kind=kind, query=search_query_clean(kind=kind, query=query or "")
    )
    if SavedSearch.objects.filter(user=user, name=name).exists():
        raise ValidationError({"name": f"You already have a saved search named “{name}”."})
    saved.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            saved.save()
    except IntegrityError:
        raise ValidationError(
            {"name": f"You already have a saved search named “{name}”."}
        ) from None
    return saved


def saved_search_delete(*, saved_search: SavedSearch, user) -> None:
    watch_check_user(user=user)
    if saved_search.user_id != user.pk:
        raise PermissionDenied("This is another user's saved search.")
    saved_search.delete()


def inbox_mark_read(*, entry: InboxEntry, user) -> InboxEntry:
    if entry.user_id != user.pk:
        raise PermissionDenied("This is another user's inbox entry.")
    if entry.read_at is None:
        entry.read_at = timezone.now()
        InboxEntry.objects.filter(pk=entry.pk, read_at__isnull=True).update(read_at=entry.read_at)
    return entry


def inbox_mark_all_read(*, user) -> int:
    """Mark every unread entry of the user read; how many were."""
    return InboxEntry.objects.filter(user=user, read_at__isnull=True).update(read_at=timezone.now())


def digest_preference_of(user) -> DigestPreference:
    """The user's preference, unsaved and off when they never chose one."""
    return DigestPreference.objects.filter(user=user).first() or DigestPreference(user=user)


def digest_set(*, user, frequency: str) -> DigestPreference:
    """Choose how often the digest comes. The first one covers what arrives from now on and is
    due one interval from now."""
    watch_check_user(user=user)
    if frequency not in DigestFrequency.values:
        raise ValidationError({"frequency": "Choose off, hourly, daily or weekly."})
    now = timezone.now()
    with transaction.atomic():
        preference, _ = DigestPreference.objects.select_for_update().get_or_create(user=user)
        if preference.frequency == frequency:
            return preference
        preference.frequency = frequency
        if frequency == DigestFrequency.OFF:
            preference.next_due_at = None
        else:
            if preference.digested_until is None:
                preference.digested_until = now
            preference.next_due_at = now + DIGEST_INTERVALS[DigestFrequency(frequency)]
        preference.save()
    return preference
