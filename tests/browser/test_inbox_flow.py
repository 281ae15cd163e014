"""Watching in a real browser: Watch on a claim's page, an analyst's stance arrives, the top bar's
badge counts it, the inbox shows it unread and links to the passage, Mark read clears the badge."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import log_in, screenshot
from tests.factories import make_actor, make_article, make_attribution, make_claim

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HOSTILE = "<img src=x onerror=alert(1)>"


def test_watch_then_a_new_stance_reaches_the_badge_and_the_inbox(page, viewer, analyst):
    claim = make_claim(f"The ferry hit rocks {HOSTILE}")
    log_in(page, viewer)
    page.goto(f"/claims/{claim.pk}/")
    expect(page.locator("#inbox-link")).to_have_text("Inbox")
    page.click("#watch-button button")
    expect(page.locator("#watch-button button")).to_have_text("Watching · Unwatch")
    expect(page.locator("#watch-button button")).to_have_attribute("aria-pressed", "true")

    # Someone else records a stance on the watched claim.
    article = make_article(title="Ferry sinks at dawn")
    attribution = make_attribution(
        article=article, claim=claim, actor=make_actor("Mara Lind"), user=analyst
    )

    page.goto("/articles/")
    badge = page.locator("#inbox-link .inbox-badge")
    expect(badge).to_have_text("1")
    page.click("#inbox-link")
    page.wait_for_url("**/inbox/")
    entry = page.locator(".inbox-entry").first
    expect(entry).to_have_class("inbox-entry is-unread")
    expect(entry.locator(".entry-link")).to_have_text(
        f"Mara Lind asserts “The ferry hit rocks {HOSTILE}”: confirmed in “Ferry sinks at dawn”"
    )
    screenshot(page, "inbox")
    entry.locator("button.mark-read").click()
    expect(page.locator(".inbox-entry").first).to_have_class("inbox-entry")
    # The badge follows at once (the read answer tells the top bar to count again).
    expect(badge).to_have_count(0)

    page.locator(".inbox-entry .entry-link").first.click()
    page.wait_for_url(f"**/articles/{article.pk}/#attribution-{attribution.pk}")
    expect(page.locator(f"#attribution-{attribution.pk}")).to_be_visible()
