"""A production server (gunicorn, DEBUG off) refuses to start while the demo account has its
published password, and starts once the password is changed: real processes on a database of
their own."""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
GUNICORN = Path(sys.executable).with_name("gunicorn")


@pytest.fixture
def tracker_env(tmp_path):
    """The environment of an installation on a fresh SQLite database holding the demo account."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "DEBUG": "1",
    }
    for command in (["migrate", "-v0"], ["demo_account"]):
        _manage(env, *command)
    return env


def _manage(env, *args):
    run = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    return run


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _gunicorn(env, port):
    return subprocess.Popen(
        [str(GUNICORN), "config.wsgi:application", "--bind", f"127.0.0.1:{port}", "--workers", "1"],
        cwd=ROOT,
        env={**env, "DEBUG": "0"},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def test_gunicorn_refuses_to_start_with_the_demo_password_and_starts_once_it_is_changed(
    tracker_env,
):
    port = _free_port()
    server = _gunicorn(tracker_env, port)
    try:
        output, _ = server.communicate(timeout=120)
    finally:
        server.kill()
    assert server.returncode != 0
    assert "still has its published password" in output
    assert "changepassword analyst" in output

    _manage(
        tracker_env,
        "shell",
        "-c",
        "from django.contrib.auth.models import User;"
        "u = User.objects.get(username='analyst'); u.set_password('a-password-of-its-own-51');"
        "u.save()",
    )
    server = _gunicorn(tracker_env, port)
    try:
        status = None
        for _ in range(600):  # until it answers, or stops; bounded
            if server.poll() is not None:
                break
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5) as r:
                    status = r.status
                break
            except OSError:
                time.sleep(0.1)
    finally:
        server.terminate()
        output, _ = server.communicate(timeout=60)
    assert status == 200, output
