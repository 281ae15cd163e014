"""Real-browser tests: Chromium (Debian's package) driven by Playwright against live_server."""

import os
from pathlib import Path

import pytest

# Playwright's sync API runs an asyncio event loop in the test thread, and Django refuses ORM
# calls from a thread with a running loop. The loop is Playwright's, not Django's, so the
# access is safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def pytest_collection_modifyitems(config, items):
    if CHROMIUM.exists():
        return
    skip = pytest.mark.skip(
        reason="Chromium is not installed: apt-get install chromium (Debian's package, /usr/bin/chromium) "
        "to run the browser tests; .ci/run does this."
    )
    for item in items:
        if item.get_closest_marker("browser"):
            item.add_marker(skip)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


@pytest.fixture(autouse=True)
def roles(transactional_db):
    """The role groups. A live-server test flushes the database afterwards, which removes the
    groups the data migration made, so each test makes them again."""
    from django.contrib.auth.models import Group, Permission

    from config.roles import role_permissions

    for role, perms in role_permissions().items():
        group, _ = Group.objects.get_or_create(name=role)
        group.permissions.set(
            [
                Permission.objects.get(content_type__app_label=app, codename=code)
                for app, code in sorted(perms)
            ]
        )


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, base_url=live_server.url)
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    context.close()


def log_in(page, user) -> None:
    from tests.conftest import PASSWORD

    page.goto("/accounts/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/")


def screenshot(page, name: str, *, full_page: bool = True) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=full_page)
    return path
