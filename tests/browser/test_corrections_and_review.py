"""Mistakes and repetition in a real browser: correct a recorded passage and undo it, move a
passage by selecting other words, review many suggestions by keyboard, edit a claim's wording,
and hand a claim off as a report."""

import pytest
from playwright.sync_api import expect

from claims.models import Attribution, Claim, ReviewState
from claims.services import attribution_create
from tests.browser.conftest import log_in, screenshot
from tests.browser.test_analyst_flows import SELECT, SENTENCE
from tests.factories import make_actor, make_article, make_claim

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FIRST = "the ferry sank after hitting rocks"


def test_an_analyst_corrects_a_record_moves_its_passage_and_undoes_it(page, analyst):
    article = make_article()
    record = attribution_create(
        article=article,
        actor=make_actor("Mara Lind"),
        claim=make_claim("The ferry hit rocks"),
        stance="asserts",
        quote=FIRST,
        user=analyst,
    )
    log_in(page, analyst)
    page.goto(f"/articles/{article.pk}/")
    page.click(f"#passage-item-attribution-{record.pk} >> text=Edit")
    expect(page.locator("#panel h2")).to_have_text("Edit this attribution")
    # Selecting other words while the form is open moves the passage.
    page.evaluate(SELECT, ["#article-text", SENTENCE])
    expect(page.locator("#panel .selection-quote")).to_have_text(SENTENCE)
    page.locator("#edit-form label", has_text="denies").click()
    page.click("#edit-form button[type=submit]")
    expect(page.locator("#messages")).to_contain_text("Saved: Mara Lind denies")
    record.refresh_from_db()
    assert (record.stance, record.exact) == ("denies", SENTENCE)
    screenshot(page, "reader-corrected-with-undo")
    page.click("#messages button.undo")
    expect(page.locator("#messages")).to_contain_text("Undone.")
    record.refresh_from_db()
    assert (record.stance, record.exact) == ("asserts", FIRST)

    # Remove, then put back.
    page.click(f"#passage-item-attribution-{record.pk} >> text=Remove")
    expect(page.locator("#messages")).to_contain_text("Removed the attribution")
    assert not Attribution.objects.filter(pk=record.pk).exists()
    page.click("#messages button.undo")
    expect(page.locator(f"#passage-item-attribution-{record.pk}")).to_be_visible()
    assert Attribution.objects.get(pk=record.pk).exact == FIRST


def test_an_analyst_reviews_several_suggestions_by_keyboard(page, analyst):
    article = make_article()
    quotes = [FIRST, SENTENCE, "We followed every rule"]
    suggestions = [
        attribution_create(
            article=article,
            actor=None,
            claim=None,
            stance="asserts",
            quote=quote,
            review_state=ReviewState.SUGGESTED,
            origin="machine",
            proposed_actor=f"Speaker {n}",
            proposed_claim="The ferry hit rocks",
            rule="said-that",
            confidence=0.9 - n / 10,
        )
        for n, quote in enumerate(quotes)
    ]
    log_in(page, analyst)
    page.click("nav.mainnav >> text=Suggestions")
    page.wait_for_url("**/suggestions/")
    page.locator("body").press("j")
    page.keyboard.press("x")
    page.keyboard.press("j")
    page.keyboard.press("j")
    page.keyboard.press("x")
    screenshot(page, "suggestions-review")
    page.keyboard.press("Shift+A")
    expect(page.locator("#messages")).to_contain_text("Accepted 2 suggestions.")
    states = [Attribution.objects.get(pk=s.pk).review_state for s in suggestions]
    assert states == ["confirmed", "suggested", "confirmed"]
    assert page.locator("#review-list > li.suggestion").count() == 1


def test_an_analyst_corrects_a_claims_wording_and_opens_its_report(page, analyst):
    claim = make_claim("The ferry hit rocks")
    log_in(page, analyst)
    page.goto(f"/claims/{claim.pk}/")
    page.click("text=Edit wording and notes")
    page.fill("#id_statement", "The ferry hit rocks off the coast")
    page.fill("#id_notes", "Two outlets disagree on where.")
    page.click("#claim-edit-form button[type=submit]")
    expect(page.locator("#messages")).to_contain_text("Claim saved.")
    claim.refresh_from_db()
    assert claim.statement == "The ferry hit rocks off the coast"
    page.click("text=Report to cite")
    expect(page.locator("article.report h1")).to_have_text("The ferry hit rocks off the coast")
    screenshot(page, "claim-report")
    assert Claim.objects.count() == 1


def test_an_analyst_records_a_sentence_by_keyboard_alone(page, analyst):
    article = make_article()
    make_actor("Harbour officials")
    log_in(page, analyst)
    page.goto(f"/articles/{article.pk}/")
    page.locator("body").press("]")
    page.keyboard.press("]")
    page.keyboard.press("Enter")
    expect(page.locator("#panel .selection-quote")).to_have_text(SENTENCE)
    # The actor box has the focus; Enter picks the listed option rather than sending the form.
    expect(page.locator("#id_actor_name")).to_be_focused()
    page.keyboard.type("Harbour off", delay=20)
    expect(page.locator("#attribution-form .option").first).to_contain_text("Harbour officials")
    page.keyboard.press("Enter")
    expect(page.locator("#attribution-form .pick-state").first).to_have_text(
        "Existing actor chosen."
    )
    assert not Attribution.objects.exists()
    page.fill("#id_claim_statement", "The crew ignored storm warnings")
    page.locator("#attribution-form label", has_text="denies").click()
    page.click("#attribution-form button[type=submit]")
    expect(page.locator("#messages")).to_contain_text("Recorded: Harbour officials denies")
    recorded = Attribution.objects.get()
    assert (recorded.actor.name, recorded.exact) == ("Harbour officials", SENTENCE)


def test_on_a_phone_the_record_panel_comes_into_view(browser, live_server, analyst):
    article = make_article(
        "\n\n".join([f"Paragraph {n} of the report says nothing new." for n in range(40)])
        + "\n\n"
        + SENTENCE
    )
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, base_url=live_server.url, is_mobile=True
    )
    page = context.new_page()
    try:
        log_in(page, analyst)
        page.goto(f"/articles/{article.pk}/")
        page.evaluate(SELECT, ["#article-text", SENTENCE])
        expect(page.locator("#panel .selection-quote")).to_have_text(SENTENCE)
        page.wait_for_function(
            "() => { const r = document.getElementById('panel').getBoundingClientRect(); return r.top >= 0 && r.top < window.innerHeight; }"
        )
        screenshot(page, "reader-phone-panel", full_page=False)
    finally:
        context.close()


def test_an_analyst_corrects_what_the_import_found_before_saving(page, analyst):
    from articles.models import Article
    from tests.ui.test_import_metadata import WIRE

    log_in(page, analyst)
    page.goto("/import/")
    page.fill("#id_text", WIRE)
    page.click("text=Show what will be imported")
    expect(page.locator("#save-outlet")).to_have_value("Coastal Wire")
    expect(page.locator("#save-published")).to_have_value("2024-03-12")
    page.fill("#save-title", "Ferry runs aground at Harbourton")
    screenshot(page, "import-preview")
    page.click("#import-save button[type=submit]")
    page.wait_for_url("**/articles/*/")
    article = Article.objects.get()
    assert (article.title, article.outlet.name, str(article.published_on)) == (
        "Ferry runs aground at Harbourton",
        "Coastal Wire",
        "2024-03-12",
    )


def test_an_analyst_moves_a_suggestions_passage_while_editing_it(page, analyst):
    article = make_article()
    suggestion = attribution_create(
        article=article,
        actor=None,
        claim=None,
        stance="denies",
        quote="The operator denied",
        review_state=ReviewState.SUGGESTED,
        origin="machine",
        proposed_actor="The operator",
        proposed_claim="The crew ignored storm warnings",
    )
    log_in(page, analyst)
    page.goto(f"/articles/{article.pk}/")
    page.locator("body").press("j")
    page.keyboard.press("e")
    page.wait_for_selector(".suggestion.is-editing")
    # The edit form has settled (its actor box takes the focus), then the analyst selects.
    expect(page.locator(".edit-form input[name=actor_name]")).to_be_focused()
    assert page.evaluate(SELECT, ["#article-text", FIRST])
    expect(page.locator("[data-moved-quote]")).to_have_text(f"“{FIRST}”")
    expect(page.locator("#panel h2")).to_have_text("Passages")  # no new record was started
    page.click(".edit-form button[type=submit]")
    page.wait_for_selector("text=No suggestions for this article")
    suggestion.refresh_from_db()
    assert (suggestion.review_state, suggestion.exact) == ("confirmed", FIRST)


def test_recording_the_same_statement_twice_points_to_the_first(page, analyst):
    article = make_article()
    first = attribution_create(
        article=article,
        actor=make_actor("Mara Lind"),
        claim=make_claim("The crew ignored storm warnings"),
        stance="denies",
        quote=SENTENCE,
        user=analyst,
    )
    log_in(page, analyst)
    # The reader opened on the same passage (as a selection of it opens it).
    page.goto(f"/articles/{article.pk}/?start={first.start}&end={first.end}")
    page.fill("#id_actor_name", "Mara Lind")
    page.locator("#attribution-form .option", has_text="Mara Lind").first.click()
    page.fill("#id_claim_statement", "The crew ignored storm warnings")
    page.locator("#attribution-form label", has_text="denies").click()
    page.expected_errors.append("409 (Conflict)")
    page.click("#attribution-form button[type=submit]")
    expect(page.locator("#attribution-form .errors")).to_contain_text("recorded already")
    page.click("text=Go to the record made first")
    page.wait_for_url(f"**#attribution-{first.pk}")
    assert Attribution.objects.count() == 1


def test_the_claim_page_says_what_changed_and_exports_a_csv(page, analyst):
    article = make_article("“We followed every rule,” the chief executive said on Monday.")
    record = attribution_create(
        article=article,
        actor=make_actor("Mara Lind"),
        claim=make_claim("The operator followed the rules"),
        stance="asserts",
        quote="“We followed every rule,”",
        user=analyst,
    )
    log_in(page, analyst)
    page.goto(f"/claims/{record.claim_id}/")
    # One pair of quotation marks, not two.
    expect(page.locator(".statements blockquote").first).to_have_text("“We followed every rule,”")
    page.click("text=Edit wording and notes")
    page.fill("#id_statement", "The operator followed every rule")
    page.click("#claim-edit-form button[type=submit]")
    expect(page.locator(".changes").first).to_contain_text(
        "Statement: The operator followed the rules → The operator followed every rule"
    )
    with page.expect_download() as download:
        page.click("text=Stances and evidence (CSV)")
    rows = open(download.value.path(), encoding="utf-8").read().splitlines()
    assert rows[0].startswith("record,id,stance_or_relation") and "Mara Lind" in rows[1]
