import io

import pytest
from django.core.management import CommandError, call_command

from claims.models import Actor, Attribution, Claim
from claims.snapshot import MODELS
from tests.factories import make_attribution

pytestmark = pytest.mark.django_db


def _rows() -> dict:
    return {m._meta.label: list(m.objects.order_by("pk").values()) for m in MODELS}


def _empty_tracker() -> None:
    Actor.objects.update(affiliation=None)
    Claim.objects.update(merged_into=None)
    for model in reversed(MODELS):
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
