"""Real-browser tests: Chromium (Debian's package) driven by Playwright against live_server."""

import os
from pathlib import Path

import pytest

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


# Module scope: the event loop stops when the browser tests end, before other tests use the ORM.
@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an asyncio event loop in the test thread, and Django refuses ORM
    # calls from a thread with a running loop. The loop is Playwright's, not Django's, so the
    # access is safe while it runs. Set only for this module's lifetime: other tests, and
    # `check --deploy` run in a subprocess, must not inherit it.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(
                executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
            )
            yield chromium
            chromium.close()
    finally:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


@pytest.fixture(autouse=True)
def roles(browser, transactional_db):
    """The role groups. A live-server test flushes the database afterwards, which removes the
    groups the data migration made, so each test makes them again."""
    from core.roles import sync_role_groups

    sync_role_groups()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, base_url=live_server.url)
    context.set_default_timeout(10_000)
    page = context.new_page()
    errors: list[str] = []
    # Every console error fails the test: a Content-Security-Policy refusal (every script is a
    # static file and htmx is configured by a meta tag, so the policy never fires), a resource
    # that did not load, a script error. A test that provokes one on purpose (an htmx request
    # the server refuses) lists what it expects in page.expected_errors.
    page.expected_errors = []
    page.on(
        "console",
        lambda m: (
            errors.append(f"{m.text} ({m.location.get('url')})") if m.type == "error" else None
        ),
    )
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    yield page
    context.close()
    unexpected = [e for e in errors if not any(x in e for x in page.expected_errors)]
    assert not unexpected, unexpected


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
