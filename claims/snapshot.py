"""The whole dataset as JSON lines, and back: for backups and moving between databases.

The first line describes the snapshot and lists the users who made or reviewed records (by
username only: passwords never leave the database); every further line is one record in
Django's serialised form, parents before children, with the primary keys kept so that a
restore into an empty database reproduces every record and passage exactly. Change history
is not part of a snapshot.
"""

import datetime
import json
from collections.abc import Iterator
from typing import IO

from django.contrib.auth import get_user_model
from django.core import serializers
from django.core.exceptions import ValidationError
from django.core.management.color import no_style
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, transaction

from articles.models import Article, ArticleBand, ArticleBlock, ArticleRelation, Outlet
from claims.models import Actor, ActorAlias, Attribution, Claim, ClaimRelation, Evidence, Statement

FORMAT = "claim-tracker-snapshot"
VERSION = 1
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
USER_FIELDS = ("created_by", "reviewed_by")


class _ExactEncoder(DjangoJSONEncoder):
    """Keeps datetimes to the microsecond (Django's encoder cuts them to milliseconds)."""

    def default(self, o):
        if isinstance(o, datetime.datetime):
            return o.isoformat()
        return super().default(o)


def _users() -> list[str]:
    ids = set()
    for model in MODELS:
        for name in USER_FIELDS:
            if any(f.name == name for f in model._meta.fields):
                ids.update(
                    model.objects.exclude(**{f"{name}__isnull": True}).values_list(
                        f"{name}_id", flat=True
                    )
                )
    return sorted(get_user_model().objects.filter(pk__in=ids).values_list("username", flat=True))


def snapshot_lines() -> Iterator[str]:
    counts = {model._meta.label: model.objects.count() for model in MODELS}
    yield json.dumps({"format": FORMAT, "version": VERSION, "users": _users(), "counts": counts})
    for model in MODELS:
        rows = model.objects.order_by("pk").iterator(chunk_size=2000)
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
    """Restore a snapshot into a database holding no tracker records; all or nothing."""
    try:
        header = json.loads(next(iter(lines)))
    except (StopIteration, json.JSONDecodeError):
        raise ValidationError(
            "This is not a snapshot: the first line is not its JSON header."
        ) from None
    if header.get("format") != FORMAT or header.get("version") != VERSION:
        raise ValidationError(
            f"Unknown snapshot format {header.get('format')!r} version {header.get('version')!r}."
        )
    if any(model.objects.exists() for model in MODELS):
        raise ValidationError(
            "The database already holds tracker records; restore into an empty one."
        )
    restored: dict[str, int] = {}
    User = get_user_model()
    with transaction.atomic():
        for username in header.get("users", []):
            if not User.objects.filter(username=username).exists():
                # Placeholder accounts keep who-did-what; they cannot log in until given a password.
                User.objects.create_user(username, password=None, is_active=False)
        with connection.constraint_checks_disabled():
            try:
                for obj in serializers.deserialize("jsonl", lines):
                    obj.save()
                    label = obj.object._meta.label
                    restored[label] = restored.get(label, 0) + 1
            except serializers.base.DeserializationError as exc:
                raise ValidationError(f"The snapshot is damaged: {exc}") from None
        connection.check_constraints()
        _reset_sequences()
    expected = header.get("counts", {})
    if expected and {k: v for k, v in expected.items() if v} != restored:
        raise ValidationError(f"The snapshot is incomplete: expected {expected}, read {restored}.")
    return restored


def _reset_sequences() -> None:
    statements = connection.ops.sequence_reset_sql(no_style(), MODELS)
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)
