import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": "k3Jd9-production-secret-that-is-long-and-random-Zq81xPw0vLr5tYu2",
    "ALLOWED_HOSTS": "claims.example.org",
    "SECURE_COOKIES": "1",
    "SECURE_SSL_REDIRECT": "1",
    "SECURE_HSTS_SECONDS": "31536000",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS": "1",
    "SECURE_HSTS_PRELOAD": "1",
}


def _check(env: dict) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_it_passes_the_deployment_checklist_with_production_settings():
    run = _check(PRODUCTION)
    assert run.returncode == 0, run.stdout + run.stderr


def test_it_fails_the_checklist_without_them():
    run = _check({"DEBUG": "0"})
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
