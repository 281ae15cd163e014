"""A record's change history as people read it: who changed which fields, from what to what."""

from dataclasses import dataclass

# Bookkeeping every save touches: never "a change" in itself.
_QUIET = {"updated_at", "version", "created_at", "search_vector"}
SHOWN = 120  # characters of an old or new value


@dataclass
class FieldChange:
    field: str
    old: str
    new: str


def _shown(record, field: str, value) -> str:
    if value in (None, ""):
        return "(empty)"
    model_field = record.instance_type._meta.get_field(field)
    if model_field.choices:
        value = dict(model_field.flatchoices).get(value, value)
    elif model_field.is_relation:
        return f"record #{value}"
    text = str(value)
    return text if len(text) <= SHOWN else text[: SHOWN - 1] + "…"


def with_changes(history, limit: int = 20) -> list:
    """The newest `limit` history records, each with `.changes`: the fields it changed against
    the record before it, read from the same rows (one query, with one row more than shown)."""
    rows = list(
        history.select_related("history_user").order_by("-history_date", "-history_id")[: limit + 1]
    )
    for newer, older in zip(rows, [*rows[1:], None][: len(rows)], strict=True):
        newer.changes = []
        if older is None or newer.history_type != "~":
            continue
        delta = newer.diff_against(older, excluded_fields=_QUIET)
        newer.changes = [
            FieldChange(
                str(newer.instance_type._meta.get_field(c.field).verbose_name),
                _shown(newer, c.field, c.old),
                _shown(newer, c.field, c.new),
            )
            for c in delta.changes
        ]
    return rows[:limit]
