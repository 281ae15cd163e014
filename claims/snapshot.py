"""The whole dataset as JSON lines, and back: for backups and moving between databases.

The first line describes the snapshot and lists the users who made or reviewed records (by
username only: passwords never leave the database); every further line is one record in
Django's serialised form, parents before children, with the primary keys kept so that a
restore into an empty database reproduces every record and passage exactly. The change
history of those records follows them (HISTORY), naming its users by username too, so a
restored tracker still shows every earlier version.

A restore writes only the models listed in MODELS and HISTORY, each record validated as the application
validates input (fields, choices, a passage against its article's text) and by the database's
own constraints; a line naming any other model (a user, a token, a group...) or failing a check
fails the whole restore, which runs in one transaction and so writes nothing.
"""

import datetime
import json
from collections.abc import Iterator
from typing import IO

from django.contrib.auth import get_user_model
from django.core import serializers
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.core.management.color import no_style
from django.core.serializers.json import DjangoJSONEncoder
from django.db import DatabaseError, IntegrityError, connection, transaction

from articles.models import (
    Article,
    ArticleBand,
    ArticleBlock,
    ArticleRelation,
    Outlet,
    content_hash,
)
from claims.models import Actor, ActorAlias, Attribution, Claim, ClaimRelation, Evidence, Statement

FORMAT = "claim-tracker-snapshot"
VERSION = 2
# Version 1 held no change history; it restores as before.
READABLE_VERSIONS = (1, 2)
# Parents before children; self-references (affiliation, merged_into) are resolved within a
# transaction whose constraint checks run at the end.
MODELS = [
    Outlet,
    Article,
    ArticleBlock,
    ArticleRelation,
    ArticleBand,
    Actor,
    ActorAlias,
    Claim,
    ClaimRelation,
    Statement,
    Attribution,
    Evidence,
]
# django-simple-history's tables of the records above, after them all.
HISTORY = [model.history.model for model in MODELS if hasattr(model, "history")]
# The only records a restore writes, by the label a serialised line names; anything else
# (users, groups, tokens, sessions, tasks...) fails the whole restore.
RESTORABLE = {model._meta.label_lower: model for model in MODELS + HISTORY}
# Foreign keys that may point at a record later in the file; checked once all are written.
SELF_REFERENCES = {Actor: ("affiliation",), Claim: ("merged_into",)}
USER_FIELDS = ("created_by", "reviewed_by", "history_user")


class _ExactEncoder(DjangoJSONEncoder):
    """Keeps datetimes to the microsecond (Django's encoder cuts them to milliseconds)."""

    def default(self, o):
        if isinstance(o, datetime.datetime):
            return o.isoformat()
        return super().default(o)


def _user_fields(model) -> list[str]:
    return [f.name for f in model._meta.fields if f.name in USER_FIELDS]


def _users() -> dict[int, str]:
    ids = set()
    for model in MODELS + HISTORY:
        for name in _user_fields(model):
            ids.update(
                model.objects.exclude(**{f"{name}__isnull": True}).values_list(
                    f"{name}_id", flat=True
                )
            )
    return dict(get_user_model().objects.filter(pk__in=ids).values_list("pk", "username"))


def _known_users(rows: Iterator, model, users: dict[int, str]) -> Iterator:
    """A past version may name a user deleted since (history keeps no database link to it)."""
    fields = _user_fields(model)
    for row in rows:
        for name in fields:
            if getattr(row, f"{name}_id") not in users:
                setattr(row, f"{name}_id", None)
        yield row


def snapshot_lines() -> Iterator[str]:
    counts = {model._meta.label: model.objects.count() for model in MODELS + HISTORY}
    users = _users()
    header = {"format": FORMAT, "version": VERSION, "users": sorted(users.values())}
    yield json.dumps({**header, "counts": counts})
    for model in MODELS + HISTORY:
        rows = model.objects.order_by("pk").iterator(chunk_size=2000)
        if model in HISTORY:
            rows = _known_users(rows, model, users)
        yield from serializers.serialize(
            "jsonl", rows, use_natural_foreign_keys=True, cls=_ExactEncoder
        ).splitlines()


def snapshot_export(out: IO[str]) -> int:
    written = 0
    for line in snapshot_lines():
        out.write(line + "\n")
        written += 1
    return written - 1


def snapshot_import(lines: IO[str]) -> dict[str, int]:
    """Restore a snapshot into a database holding no tracker records; all or nothing.

    `lines` must be seekable (an open file): a first pass checks the whole file (every line
    JSON, naming one of the tracker's own models, as many records as the header counts) before
    anything is written; the second writes every record, each validated like a form's input,
    in one transaction that a single bad line rolls back whole.
    """
    header = _read_header(lines)
    start = lines.tell()
    _check_records(lines, header)
    lines.seek(start)
    restored: dict[str, int] = {}
    with transaction.atomic():
        if any(model.objects.exists() for model in MODELS + HISTORY):
            raise ValidationError(
                "The database already holds tracker records or their history; restore into an empty one."
            )
        User = get_user_model()
        for username in header["users"]:
            if not User.objects.filter(username=username).exists():
                # Placeholder accounts keep who-did-what; they cannot log in until given a password.
                User.objects.create_user(username, password=None, is_active=False)
        with connection.constraint_checks_disabled():
            for number, data in _records(lines):
                label = _restore(number, data)
                restored[label] = restored.get(label, 0) + 1
        try:
            connection.check_constraints()
        except IntegrityError as exc:
            raise ValidationError(
                f"A record refers to another the snapshot does not hold: {exc}"
            ) from None
        _reset_sequences()
    return restored


def _read_header(lines: IO[str]) -> dict:
    try:
        header = json.loads(lines.readline())
    except json.JSONDecodeError:
        header = None
    if not isinstance(header, dict):
        raise ValidationError("This is not a snapshot: the first line is not its JSON header.")
    if header.get("format") != FORMAT or header.get("version") not in READABLE_VERSIONS:
        raise ValidationError(
            f"Unknown snapshot format {header.get('format')!r} version {header.get('version')!r}."
        )
    users, counts = header.get("users", []), header.get("counts", {})
    username_field = get_user_model()._meta.get_field(get_user_model().USERNAME_FIELD)
    if not isinstance(users, list) or not isinstance(counts, dict):
        raise ValidationError("The snapshot's header is damaged: users or counts malformed.")
    for username in users:
        if not isinstance(username, str):
            raise ValidationError(f"The snapshot's header names a user {username!r}.")
        username_field.clean(username, None)
    header["users"], header["counts"] = users, counts
    return header


def _records(lines: IO[str]) -> Iterator[tuple[int, dict]]:
    """Every record line, numbered as in the file, parsed and checked for shape and model."""
    for number, line in enumerate(lines, start=2):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
        except json.JSONDecodeError as exc:
            raise ValidationError(
                f"The snapshot is damaged: line {number} is not JSON ({exc.msg})."
            ) from None
        if not isinstance(data, dict) or not isinstance(data.get("fields"), dict):
            raise ValidationError(f"The snapshot is damaged: line {number} is not a record.")
        label = data.get("model")
        model = RESTORABLE.get(label) if isinstance(label, str) else None
        if model is None:
            raise ValidationError(
                f"Line {number} is a {label!r} record; a snapshot holds only the tracker's own "
                "records (outlets, articles, actors, claims, passages, statements and their "
                "change history). Nothing was restored."
            )
        unknown = set(data["fields"]) - {f.name for f in model._meta.concrete_fields}
        if unknown or "pk" not in data:
            raise ValidationError(
                f"The snapshot is damaged: line {number} ({label}) has no pk or fields "
                f"{label} does not have: {', '.join(sorted(unknown))}."
            )
        yield number, data


def _check_records(lines: IO[str], header: dict) -> None:
    read: dict[str, int] = {}
    for _number, data in _records(lines):
        label = RESTORABLE[data["model"]]._meta.label
        read[label] = read.get(label, 0) + 1
    expected = {label: count for label, count in header["counts"].items() if count}
    if expected != read:
        missing = ", ".join(
            f"{label} {expected.get(label, 0)} in its header, {read.get(label, 0)} in the file"
            for label in sorted(expected.keys() | read.keys())
            if expected.get(label, 0) != read.get(label, 0)
        )
        raise ValidationError(f"The snapshot is incomplete: {missing}. Nothing was restored.")


def _restore(number: int, data: dict) -> str:
    """Validate one record as the application would its input, and write it; returns its label."""
    label = data["model"]
    try:
        (obj,) = serializers.deserialize("python", [data], use_natural_foreign_keys=True)
    except (serializers.base.DeserializationError, ObjectDoesNotExist, ValueError) as exc:
        raise ValidationError(f"The snapshot is damaged: line {number} ({label}): {exc}") from None
    record = obj.object
    if isinstance(record, Article):
        # Article.save() derives the hash; a raw restore does not call it.
        record.content_hash = content_hash(record.text)
    try:
        # Uniqueness and constraints are left to the database (one query each otherwise), and
        # self-references may point forward: the check at the end covers them.
        record.full_clean(
            exclude=_unchecked_links(type(record)),
            validate_unique=False,
            validate_constraints=False,
        )
    except ValidationError as exc:
        raise ValidationError(
            f"Line {number} ({label} {data['pk']}) is not valid: {_describe(exc)}"
        ) from None
    try:
        obj.save()
    except DatabaseError as exc:
        raise ValidationError(
            f"Line {number} ({label} {data['pk']}) breaks a database rule: {exc}"
        ) from None
    return record._meta.label


def _unchecked_links(model) -> list[str]:
    if model in HISTORY:
        # A past version may name records deleted since (history keeps no database link to
        # them); its user and reason may be empty though the fields are not marked blank.
        return [f.name for f in model._meta.fields if f.is_relation] + ["history_change_reason"]
    return list(SELF_REFERENCES.get(model, ()))


def _describe(exc: ValidationError) -> str:
    if hasattr(exc, "error_dict"):
        return "; ".join(f"{field}: {' '.join(msgs)}" for field, msgs in exc.message_dict.items())
    return " ".join(exc.messages)


def _reset_sequences() -> None:
    statements = connection.ops.sequence_reset_sql(no_style(), MODELS + HISTORY)
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)
