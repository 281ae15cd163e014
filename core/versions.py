"""Optimistic locking for versioned records: a save made from a stale copy is refused."""

from django.db import models, transaction
from django.utils import timezone


class StaleVersion(Exception):
    """The record changed since the editor loaded it; `current` is what is stored now and
    `expected` (when known) the version the editor had."""

    def __init__(self, current: models.Model, expected=None):
        super().__init__(f"{current._meta.verbose_name} was changed by someone else.")
        self.current = current
        self.expected = expected


def versioned_update(*, instance: models.Model, expected_version: int | None, changes: dict):
    """Apply `changes` to a versioned record unless someone else saved it since `expected_version`.

    The row is locked for the check, so two saves of the same version cannot both pass. The
    caller's transaction, when it holds one, also holds whatever it does next with the result.
    """
    model = type(instance)
    with transaction.atomic():
        current = model.objects.select_for_update().get(pk=instance.pk)
        if expected_version is not None and current.version != expected_version:
            raise StaleVersion(current, expected_version)
        for field, value in changes.items():
            setattr(current, field, value)
        current.version += 1
        current.full_clean()
        current.save()
    return current


def stale_message(
    current: models.Model,
    *,
    had,
    what: str = "",
    doing: str = "looking at it",
    detail: str = "",
    then: str = "choose again",
) -> str:
    """What a page says when StaleVersion refuses a save: one wording for the pages and the admin.

    `current` is the record as stored now, `had` the version the editor loaded (for a record
    without a version counter, its last change time); `what` names the record when its model's
    name would not (a suggestion is an attribution).
    """
    what = what or current._meta.verbose_name
    if hasattr(current, "version"):
        versions = f"you had version {had}; it is now version {current.version}"
    else:
        saved = timezone.localtime(current.updated_at)
        versions = f"it was saved again at {saved:%H:%M:%S}, after you loaded it"
    detail = f", {detail}" if detail else ""
    return (
        f"Someone else changed this {what} while you were {doing} ({versions}{detail}). "
        f"Nothing was saved; {then}."
    )
