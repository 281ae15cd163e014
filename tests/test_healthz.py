import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.django_db
def test_it_answers_200_when_the_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": connection.vendor}


def test_it_answers_503_when_the_database_does_not(tmp_path):
    # A separate process whose database cannot be reached: a SQLite file in a folder that does
    # not exist, or a PostgreSQL port nothing listens on.
    unreachable = (
        f"sqlite:///{tmp_path / 'missing' / 'db.sqlite3'}"
        if connection.vendor == "sqlite"
        else "postgres://postgres@127.0.0.1:1/tracker"
    )
    script = (
        "import django, json; django.setup();"
        "from django.test import Client; r = Client().get('/healthz');"
        "print(json.dumps([r.status_code, r.json()]))"
    )
    env = {**os.environ, "DATABASE_URL": unreachable, "DJANGO_SETTINGS_MODULE": "config.settings"}
    run = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    status, body = json.loads(run.stdout.strip().splitlines()[-1])
    assert status == 503
    assert body["status"] == "unavailable"
