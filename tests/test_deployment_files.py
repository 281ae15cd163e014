from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]


def test_it_describes_postgres_with_a_health_check_and_the_app_depending_on_it():
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    services = compose["services"]
    assert services["db"]["image"].startswith("postgres")
    assert "pg_isready" in " ".join(services["db"]["healthcheck"]["test"])
    app = services["app"]
    assert "gunicorn" in app["command"]
    assert app["depends_on"]["db"]["condition"] == "service_healthy"
    assert app["environment"]["DATABASE_URL"].startswith("postgres://")
    worker = services["worker"]
    assert "db_worker" in worker["command"]
    assert worker["depends_on"]["db"]["condition"] == "service_healthy"


def test_it_serves_static_files_from_the_app_through_whitenoise():
    from django.conf import settings

    assert "whitenoise.middleware.WhiteNoiseMiddleware" in settings.MIDDLEWARE


def test_it_pins_every_dependency():
    lines = [
        line
        for line in (ROOT / "requirements.lock").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    ]
    assert lines and all("==" in line for line in lines)
    for name in (
        "Django==6.1",
        "djangorestframework==",
        "psycopg==",
        "django-htmx==",
        "pytest-django==",
    ):
        assert any(line.startswith(name) for line in lines), name
