import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

# The settings README's "Security" section documents for a shared installation.
PRODUCTION_ENV = ROOT / "deploy" / "production.env"


def documented_settings() -> dict[str, str]:
    """The variables deploy/production.env sets, as an operator's environment would hold them:
    the one it leaves empty for the operator (SECRET_KEY) filled with a fresh random key."""
    from django.core.management.utils import get_random_secret_key

    settings = {}
    for line in PRODUCTION_ENV.read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            name, _, value = line.partition("=")
            settings[name.strip()] = value.strip()
    assert [name for name, value in settings.items() if not value] == ["SECRET_KEY"]
    settings["SECRET_KEY"] = get_random_secret_key()
    return settings


PRODUCTION_SETTINGS = set(documented_settings()) | {"BEHIND_TLS_PROXY"}


def _check(env: dict, tmp_path) -> subprocess.CompletedProcess:
    """`check --deploy` with `env` and nothing else of the tracker's settings from this
    process's environment, on a database of its own."""
    inherited = {
        name: value
        for name, value in os.environ.items()
        if name not in PRODUCTION_SETTINGS and name != "DATABASE_URL"
    }
    inherited["DJANGO_SETTINGS_MODULE"] = "config.settings"
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env={**inherited, "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}", **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_it_passes_the_deployment_checklist_with_the_documented_settings(tmp_path):
    run = _check(documented_settings(), tmp_path)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "no issues" in run.stdout


def test_the_readme_points_to_the_documented_settings():
    readme = (ROOT / "README.md").read_text()
    assert "deploy/production.env" in readme


@pytest.mark.parametrize("left_out", ["SECURE_HSTS_INCLUDE_SUBDOMAINS", "SECURE_HSTS_PRELOAD"])
def test_it_fails_the_checklist_without_one_of_them(tmp_path, left_out):
    settings = documented_settings()
    del settings[left_out]
    run = _check(settings, tmp_path)
    assert run.returncode != 0
    assert left_out in run.stdout + run.stderr


def test_it_fails_the_checklist_without_them(tmp_path):
    run = _check({"DEBUG": "0"}, tmp_path)
    assert run.returncode != 0
    assert "SECRET_KEY" in run.stdout + run.stderr or "security.W" in run.stdout + run.stderr


def test_it_refuses_a_malformed_setting():
    run = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env={**os.environ, "DEBUG": "maybe"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode != 0 and "DEBUG must be one of" in run.stderr


@pytest.mark.django_db
def test_it_sends_a_content_security_policy_without_inline_scripts(analyst_client):
    response = analyst_client.get("/")
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy
    assert b"<script>" not in response.content
