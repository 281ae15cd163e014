"""Optimistic locking for versioned records: a save made from a stale copy is refused."""

from django.db import models, transaction


class StaleVersion(Exception):
    """The record changed since the editor loaded it; `current` is what is stored now."""

    def __init__(self, current: models.Model):
        super().__init__(f"{current._meta.verbose_name} was changed by someone else.")
        self.current = current


def versioned_update(*, instance: models.Model, expected_version: int | None, changes: dict):
    """Apply `changes` to a versioned record unless someone else saved it since `expected_version`.

    The row is locked for the check, so two saves of the same version cannot both pass. The
    caller's transaction, when it holds one, also holds whatever it does next with the result.
    """
    model = type(instance)
    with transaction.atomic():
        current = model.objects.select_for_update().get(pk=instance.pk)
        if expected_version is not None and current.version != expected_version:
            raise StaleVersion(current)
        for field, value in changes.items():
            setattr(current, field, value)
        current.version += 1
        current.full_clean()
        current.save()
    return current
