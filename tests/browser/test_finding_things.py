"""Finding things in the browser: the lists in the top bar, the matrix's labels, the API docs
under the site's Content-Security-Policy, and no console error on the way."""

import datetime

import pytest
from playwright.sync_api import expect

from articles.services import outlet_get_or_create
from tests.browser.conftest import log_in, screenshot
from tests.factories import make_actor, make_article, make_attribution

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_analyst_finds_an_article_and_an_actor_from_the_top_bar(page, analyst, monkeypatch):
    monkeypatch.setattr("articles.views.ARTICLES_PAGE", 2)
    harbour = outlet_get_or_create(name="Harbour Post")
    for day in range(1, 4):
        make_article(
            title=f"Ferry report {day}", published_on=datetime.date(2024, 1, day), outlet=harbour
        )
    make_article(
        "Drivers said the strike was over.",
        title="Bus strike ends",
        published_on=datetime.date(2024, 2, 1),
    )
    make_actor("Mara Lind", role="chief executive")
    log_in(page, analyst)

    page.click("nav.mainnav >> text=Articles")
    page.wait_for_url("**/articles/")
    assert page.locator("#article-results .claim-link").all_inner_texts() == [
        "Bus strike ends",
        "Ferry report 3",
    ]
    # Typing filters in place and keeps the filter in the address.
    page.fill("#id_q", "ferry")
    page.wait_for_url("**q=ferry**")
    expect(page.locator("#article-results .claim-link")).to_have_text(
        ["Ferry report 3", "Ferry report 2"]
    )
    page.click("#article-results a[rel=next]")
    page.wait_for_url("**cursor=**")
    expect(page.locator("#article-results .claim-link")).to_have_text(["Ferry report 1"])
    screenshot(page, "articles-list")
    page.click("#article-results >> text=Ferry report 1")
    page.wait_for_url("**/articles/*/")

    page.click("nav.mainnav >> text=Actors")
    page.wait_for_url("**/actors/")
    assert page.locator("nav.mainnav a[aria-current=page]").inner_text() == "Actors"
    page.fill("#id_q", "lind")
    page.wait_for_url("**q=lind**")
    page.click("#actor-results >> text=Mara Lind")
    page.wait_for_url("**/actors/*/")
    screenshot(page, "actor-page")


def test_the_matrix_says_what_its_counts_and_links_are(page, analyst):
    article = make_article(outlet=outlet_get_or_create(name="Harbour Post"))
    first = make_attribution(article=article, said_on=datetime.date(2024, 3, 5))
    # The same sentence in another article: one statement, reported twice.
    make_attribution(claim=first.claim, actor=first.actor)
    log_in(page, analyst)
    page.goto("/matrix/")
    cell = page.locator("td.cell-asserts")
    assert cell.locator(".cell-count").inner_text() == "1 statement, 2 reports"
    assert cell.locator(".cell-link").first.inner_text() == "Harbour Post · 5 Mar 2024"
    cell.locator(".cell-link").first.click()
    page.wait_for_url(f"**/articles/{article.pk}/#attribution-{first.pk}")
    page.go_back()
    screenshot(page, "matrix-labelled")


def test_the_api_docs_render_under_the_content_security_policy(page, analyst):
    log_in(page, analyst)
    response = page.goto("/api/docs/")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    # Swagger UI draws the endpoints from the schema: it ran, under the policy.
    page.wait_for_selector(".opblock-tag-section", timeout=20_000)
    expect(page.locator(".opblock-summary-path").first).to_contain_text("/api/v1/")
    screenshot(page, "api-docs")


def test_the_favicon_answers(page, analyst):
    log_in(page, analyst)
    response = page.goto("/favicon.ico")
    assert response.status == 200
    assert response.headers["content-type"].startswith("image/svg+xml")


def test_back_to_a_filtered_list_keeps_its_filters_in_the_form(page, analyst):
    claim = make_attribution(said_on=datetime.date(2024, 3, 5)).claim
    log_in(page, analyst)
    page.goto("/claims/")
    page.fill("#id_date_after", "2024-03-01")
    page.wait_for_url("**date_after=2024-03-01**")
    expect(page.locator("#claim-results .claim-link")).to_have_count(1)
    page.click(f"#claim-{claim.pk} a")
    page.wait_for_url(f"**/claims/{claim.pk}/")
    page.go_back()
    page.wait_for_url("**date_after=2024-03-01**")
    expect(page.locator("#id_date_after")).to_have_value("2024-03-01")
    expect(page.locator("#claim-results .claim-link")).to_have_count(1)
