import io
import json

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.contrib.sessions.models import Session
from django.core.management import CommandError, call_command
from rest_framework.authtoken.models import Token

from claims.models import Actor, Attribution, Claim
from claims.snapshot import HISTORY, MODELS
from tests.factories import make_attribution

pytestmark = pytest.mark.django_db


def _rows() -> dict:
    return {m._meta.label: list(m.objects.order_by("pk").values()) for m in MODELS}


def _empty_tracker() -> None:
    Actor.objects.update(affiliation=None)
    Claim.objects.update(merged_into=None)
    for model in reversed(MODELS):
        model.objects.all().delete()
    for model in HISTORY:
        model.objects.all().delete()


def test_it_restores_every_record_and_passage_exactly(seeded, analyst, tmp_path):
    make_attribution(user=analyst, review_state="suggested", actor=None, proposed_actor="Mara Lind")
    before = _rows()
    assert before["claims.Attribution"] and before["articles.ArticleBlock"]
    path = tmp_path / "snapshot.jsonl"
    call_command("export_snapshot", str(path))
    _empty_tracker()
    assert not Attribution.objects.exists()

    call_command("import_snapshot", str(path))

    assert _rows() == before
    for attribution in Attribution.objects.select_related("article"):
        assert attribution.article.text[attribution.start : attribution.end] == attribution.exact


def test_it_refuses_to_restore_over_existing_records(seeded, tmp_path):
    path = tmp_path / "snapshot.jsonl"
    call_command("export_snapshot", str(path))
    with pytest.raises(CommandError, match="already holds tracker records"):
        call_command("import_snapshot", str(path))


def test_it_restores_nothing_from_a_damaged_snapshot(seeded, tmp_path):
    path = tmp_path / "snapshot.jsonl"
    call_command("export_snapshot", str(path))
    lines = path.read_text().splitlines()
    # Cut the file in the middle of the attributions: the last line is half a record.
    damaged = "\n".join(lines[: len(lines) - 10]) + "\n" + lines[-10][:40] + "\n"
    path.write_text(damaged)
    _empty_tracker()
    with pytest.raises(CommandError, match="damaged|incomplete"):
        call_command("import_snapshot", str(path))
    assert all(not m.objects.exists() for m in MODELS)


def test_it_refuses_a_file_that_is_not_a_snapshot(tmp_path):
    path = tmp_path / "notes.jsonl"
    path.write_text('{"hello": "world"}\n')
    with pytest.raises(CommandError, match="Unknown snapshot format"):
        call_command("import_snapshot", str(path))
    path.write_bytes(b"\xff\xfe not text")
    with pytest.raises(CommandError):
        call_command("import_snapshot", str(path))


def test_it_keeps_passwords_out_of_the_snapshot(seeded, analyst, tmp_path):
    make_attribution(user=analyst)
    out = io.StringIO()
    from claims.snapshot import snapshot_export

    snapshot_export(out)
    text = out.getvalue()
    assert analyst.username in text.splitlines()[0]
    assert analyst.password not in text


def _named_rows(models=MODELS) -> dict:
    """Every row with users by username: a restore gives a missing user a new id."""
    names = dict(get_user_model().objects.values_list("pk", "username"))
    user_fields = ("created_by_id", "reviewed_by_id", "history_user_id")
    return {
        m._meta.label: [
            {k: names.get(v) if k in user_fields else v for k, v in row.items()}
            for row in m.objects.order_by("pk").values()
        ]
        for m in models
    }


def _state() -> dict:
    """Rows in every table a restore could write: the tracker's (history and tallies too),
    users, groups, tokens and sessions."""
    models = [
        *apps.get_app_config("articles").get_models(),
        *apps.get_app_config("claims").get_models(),
        get_user_model(),
        Group,
        Token,
        Session,
    ]
    return {m._meta.label: m.objects.count() for m in models}


def _write(path, header: dict, records: list[dict]) -> None:
    """A snapshot whose header counts the records given, so only the fault under test is in it."""
    counts: dict[str, int] = {}
    for record in records:
        label = apps.get_model(record["model"])._meta.label
        counts[label] = counts.get(label, 0) + 1
    lines = [json.dumps({**header, "counts": counts}), *map(json.dumps, records)]
    path.write_text("\n".join(lines) + "\n")


@pytest.fixture
def snapshot(seeded, django_user_model, tmp_path):
    """A snapshot of the seeds plus a suggestion by a user the restoring database does not know,
    exported and emptied out; returns (path, header, records, rows before)."""
    gone = django_user_model.objects.create_user("gone-analyst")
    make_attribution(user=gone, review_state="suggested", actor=None, proposed_actor="Mara Lind")
    rows = _named_rows()
    path = tmp_path / "snapshot.jsonl"
    call_command("export_snapshot", str(path))
    _empty_tracker()
    gone.delete()
    header, *records = map(json.loads, path.read_text().splitlines())
    return path, header, records, rows


def _first(records: list[dict], model: str, **fields) -> dict:
    return next(
        r
        for r in records
        if r["model"] == model and all(r["fields"].get(k) == v for k, v in fields.items())
    )


def _cut_last_line(path, header, records):
    text = path.read_text().splitlines()
    path.write_text("\n".join(text[:-1]) + "\n")


def _cut_before_evidence(path, header, records):
    # The header still counts the evidence: the file stops before its first record.
    lines = path.read_text().splitlines()
    cut = next(i for i, line in enumerate(lines) if '"model": "claims.evidence"' in line)
    path.write_text("\n".join(lines[:cut]) + "\n")


def _bad_json_in_the_middle(path, header, records):
    lines = path.read_text().splitlines()
    middle = len(lines) // 2
    lines[middle] = lines[middle][:-5]
    path.write_text("\n".join(lines) + "\n")


def _duplicate_actor_name(path, header, records):
    actor = _first(records, "claims.actor")
    twin = {
        **actor,
        "pk": 9999,
        "fields": {**actor["fields"], "name": actor["fields"]["name"].upper()},
    }
    _write(path, header, [*records, twin])


def _via_is_the_actor(path, header, records):
    attribution = _first(records, "claims.attribution", review_state="confirmed")
    attribution["fields"]["via"] = attribution["fields"]["actor"]
    _write(path, header, records)


def _attribution_of_a_missing_claim(path, header, records):
    _first(records, "claims.attribution", review_state="confirmed")["fields"]["claim"] = 9999
    _write(path, header, records)


def _affiliation_to_a_missing_actor(path, header, records):
    _first(records, "claims.actor")["fields"]["affiliation"] = 9999
    _write(path, header, records)


@pytest.mark.parametrize(
    "damage",
    [
        _cut_last_line,
        _cut_before_evidence,
        _bad_json_in_the_middle,
        _duplicate_actor_name,
        _via_is_the_actor,
        _attribution_of_a_missing_claim,
        _affiliation_to_a_missing_actor,
    ],
)
def test_it_leaves_the_database_as_it_was_when_a_restore_fails(snapshot, damage, tmp_path):
    path, header, records, rows = snapshot
    before = _state()
    damaged = tmp_path / "damaged.jsonl"
    damaged.write_text(path.read_text())
    damage(damaged, header, records)

    with pytest.raises(
        CommandError, match="incomplete|damaged|not valid|breaks a database rule|refers to"
    ):
        call_command("import_snapshot", str(damaged))

    assert _state() == before
    assert all(not m.objects.exists() for m in MODELS)
    assert not get_user_model().objects.filter(username="gone-analyst").exists()
    # Nothing was left behind to block the next attempt.
    call_command("import_snapshot", str(path))
    assert _named_rows() == rows
    assert not get_user_model().objects.get(username="gone-analyst").is_active


def test_it_refuses_a_snapshot_that_adds_a_superuser(snapshot, tmp_path):
    path, header, records, _rows_before = snapshot
    mallory = {
        "model": "auth.user",
        "pk": 9999,
        "fields": {
            "username": "mallory",
            "password": make_password("let-me-in-please"),
            "is_superuser": True,
            "is_staff": True,
            "is_active": True,
            "date_joined": "2026-01-01T00:00:00Z",
            "groups": [],
            "user_permissions": [],
        },
    }
    before = _state()
    _write(path, header, [records[0], mallory, *records[1:]])

    with pytest.raises(
        CommandError, match=r"Line 3 is a 'auth\.user' record.*Nothing was restored"
    ):
        call_command("import_snapshot", str(path))

    assert _state() == before
    assert not get_user_model().objects.filter(username="mallory").exists()


def test_it_refuses_a_snapshot_that_adds_a_token(snapshot, analyst, tmp_path):
    path, header, records, _rows_before = snapshot
    token = {
        "model": "authtoken.token",
        "pk": "f" * 40,
        "fields": {"user": analyst.pk, "created": "2026-01-01T00:00:00Z"},
    }
    before = _state()
    _write(path, header, [*records, token])

    with pytest.raises(CommandError, match=rf"Line {len(records) + 2} is a 'authtoken\.token'"):
        call_command("import_snapshot", str(path))

    assert _state() == before
    assert not Token.objects.exists()


@pytest.mark.parametrize(
    "record",
    [
        {"model": "auth.group", "pk": 9999, "fields": {"name": "insiders", "permissions": []}},
        {
            "model": "sessions.session",
            "pk": "s" * 32,
            "fields": {"session_data": "x", "expire_date": "2099-01-01T00:00:00Z"},
        },
        {
            "model": "contenttypes.contenttype",
            "pk": 9999,
            "fields": {"app_label": "x", "model": "y"},
        },
    ],
)
def test_it_refuses_a_snapshot_holding_any_other_model(snapshot, record):
    path, header, records, _rows_before = snapshot
    before = _state()
    _write(path, header, [*records, record])

    with pytest.raises(CommandError, match=rf"is a '{record['model']}' record"):
        call_command("import_snapshot", str(path))

    assert _state() == before


def test_it_refuses_a_passage_that_does_not_match_its_article(snapshot):
    path, header, records, _rows_before = snapshot
    attribution = _first(records, "claims.attribution")
    attribution["fields"]["exact"] = "words the article never printed"
    number = records.index(attribution) + 2
    before = _state()
    _write(path, header, records)

    with pytest.raises(
        CommandError,
        match=rf"Line {number} \(claims\.attribution {attribution['pk']}\) is not valid: "
        "exact: The quote does not match",
    ):
        call_command("import_snapshot", str(path))

    assert _state() == before
    assert all(not m.objects.exists() for m in MODELS)


def test_it_restores_the_change_history_with_its_users(seeded, django_user_model, tmp_path):
    editor = django_user_model.objects.create_user("gone-editor")
    claim = Claim.objects.order_by("pk").first()
    first_wording = claim.statement
    claim.statement = f"{first_wording} (reworded)"
    claim._history_user = editor
    claim.save()
    before = _named_rows(MODELS + HISTORY)
    assert before["claims.HistoricalClaim"] and before["claims.HistoricalAttribution"]
    path = tmp_path / "snapshot.jsonl"
    call_command("export_snapshot", str(path))
    _empty_tracker()
    editor.delete()

    call_command("import_snapshot", str(path))

    assert _named_rows(MODELS + HISTORY) == before
    versions = Claim.objects.get(pk=claim.pk).history.order_by("history_date")
    assert versions.first().statement == first_wording
    assert versions.last().history_user.username == "gone-editor"
    assert not versions.last().history_user.is_active


def test_it_still_restores_a_snapshot_without_history(snapshot):
    path, header, records, rows = snapshot
    history = {m._meta.label_lower for m in HISTORY}
    _write(path, {**header, "version": 1}, [r for r in records if r["model"] not in history])

    call_command("import_snapshot", str(path))

    assert _named_rows() == rows
    assert all(not m.objects.exists() for m in HISTORY)


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("damage", [_cut_last_line, _attribution_of_a_missing_claim])
def test_a_failed_restore_commits_nothing_outside_a_test_transaction(snapshot, damage, tmp_path):
    # The test above runs inside the test's own transaction; here every write really commits,
    # as in the command run by an operator.
    path, header, records, rows = snapshot
    before = _state()
    damaged = tmp_path / "damaged.jsonl"
    damaged.write_text(path.read_text())
    damage(damaged, header, records)
    with pytest.raises(CommandError):
        call_command("import_snapshot", str(damaged))
    assert _state() == before
    call_command("import_snapshot", str(path))
    assert _named_rows() == rows
