"""An analyst's day in a real browser: select, record, review, filter; a viewer only reads."""

import pytest

from articles.models import Article
from claims.models import Attribution, Claim, ReviewState
from claims.services import attribution_create
from tests.browser.conftest import log_in, screenshot
from tests.factories import make_article, make_claim

pytestmark = pytest.mark.browser

SENTENCE = "The operator denied that the crew had ignored storm warnings."

SELECT = """([container, sentence]) => {
  const root = document.querySelector(container);
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const at = node.data.indexOf(sentence);
    if (at >= 0) {
      const range = document.createRange();
      range.setStart(node, at);
      range.setEnd(node, at + sentence.length);
      const selection = window.getSelection();
      selection.removeAllRanges();
      selection.addRange(range);
      root.dispatchEvent(new MouseEvent("mouseup", {bubbles: true}));
      return true;
    }
  }
  return false;
}"""


def _choose(page, field: str, typed: str, option_text: str) -> None:
    page.fill(field, "")
    page.type(field, typed, delay=20)
    page.locator(f"{field} ~ .options .option", has_text=option_text).first.click()


def test_it_records_an_attribution_from_a_selected_sentence(page, analyst):
    article = make_article()
    claim = make_claim("The crew ignored storm warnings")
    log_in(page, analyst)
    page.goto(f"/articles/{article.pk}/")
    assert page.evaluate(SELECT, ["#article-text", SENTENCE])
    page.wait_for_selector("#attribution-form")
    assert page.inner_text(".selection-quote") == SENTENCE

    _choose(page, "#id_actor_name", "Ferry operator", "Create new actor")
    page.check("input[name=stance][value=denies]")
    _choose(page, "#id_claim_statement", "storm warn", claim.statement)
    page.click("#attribution-form button[type=submit]")

    mark = page.wait_for_selector("mark[data-kind=denies][data-attribution-id]")
    attribution = Attribution.objects.get()
    assert mark.get_attribute("data-attribution-id") == str(attribution.pk)
    assert (attribution.actor.name, attribution.claim_id, attribution.stance) == (
        "Ferry operator",
        claim.pk,
        "denies",
    )
    assert attribution.exact == SENTENCE == article.text[attribution.start : attribution.end]
    assert "Recorded: Ferry operator denies" in page.inner_text("#messages")
    mark.hover()
    assert "Ferry operator denies: The crew ignored storm warnings" in page.inner_text("#mark-tip")
    screenshot(page, "reader-after-recording", full_page=False)

    page.goto(f"/claims/{claim.pk}/")
    denied = page.locator("section", has=page.locator("#denied-title"))
    assert "Ferry operator" in denied.inner_text()
    denied.locator("blockquote a").click()
    page.wait_for_url(f"**/articles/{article.pk}/#attribution-{attribution.pk}")
    assert page.evaluate("document.querySelector(':target').id") == f"attribution-{attribution.pk}"


def test_it_reviews_suggestions_with_the_keyboard(page, analyst):
    article = make_article()
    for quote, actor in [
        ("the ferry sank after hitting rocks", "Harbour officials"),
        (SENTENCE, "The operator"),
    ]:
        attribution_create(
            article=article,
            actor=None,
            claim=None,
            stance="asserts",
            quote=quote,
            review_state=ReviewState.SUGGESTED,
            origin="machine",
            proposed_actor=actor,
            proposed_claim=f"{actor} claim",
        )
    log_in(page, analyst)
    page.goto(f"/articles/{article.pk}/")
    page.locator("body").press("j")
    assert "is-current" in page.get_attribute("#suggestion-list > li:first-child", "class")
    page.keyboard.press("a")
    page.wait_for_selector("#suggestion-list > li:only-child")
    first, second = Attribution.objects.order_by("start")
    assert first.review_state == "confirmed" and first.actor.name == "Harbour officials"
    page.keyboard.press("r")
    page.wait_for_selector("text=No suggestions for this article")
    second.refresh_from_db()
    assert second.review_state == "rejected" and second.actor_id is None
    assert page.locator(f"mark#attribution-{first.pk}").count() == 1


def test_it_edits_a_suggestion_before_confirming_it(page, analyst):
    article = make_article()
    existing = make_claim("The ferry hit rocks")
    suggestion = attribution_create(
        article=article,
        actor=None,
        claim=None,
        stance="asserts",
        quote="the ferry sank after hitting rocks",
        review_state=ReviewState.SUGGESTED,
        origin="machine",
        proposed_actor="Harbour oficials",
        proposed_claim="Ferry sank",
    )
    log_in(page, analyst)
    page.goto(f"/articles/{article.pk}/")
    page.locator("body").press("j")
    page.keyboard.press("e")
    page.wait_for_selector(".suggestion.is-editing")
    page.fill(".edit-form input[name=actor_name]", "Harbour officials")
    _choose(page, ".edit-form input[name=claim_statement]", "hit rocks", existing.statement)
    page.click(".edit-form button[type=submit]")
    page.wait_for_selector("text=No suggestions for this article")
    suggestion.refresh_from_db()
    assert (suggestion.review_state, suggestion.actor.name, suggestion.claim) == (
        "confirmed",
        "Harbour officials",
        existing,
    )


def test_it_filters_the_claims_list_in_place_and_keeps_the_filter_in_the_url(page, analyst):
    make_claim("Shells were shipped", status="contested")
    make_claim("Lavrov visited Pyongyang")
    log_in(page, analyst)
    page.goto("/claims/")
    page.select_option("#id_status", "contested")
    page.wait_for_url("**/claims/?*status=contested*")
    page.wait_for_function("!document.querySelector('#claim-results').innerText.includes('Lavrov')")
    assert "Shells were shipped" in page.inner_text("#claim-results")
    page.fill("#id_q", "")
    page.reload()
    assert "Lavrov" not in page.inner_text("#claim-results")


def test_it_shows_a_viewer_everything_but_no_way_to_write(page, viewer):
    article = make_article()
    claim = make_claim()
    log_in(page, viewer)
    page.goto(f"/articles/{article.pk}/")
    assert page.get_attribute("#article-text", "data-selectable") is None
    page.evaluate(SELECT, ["#article-text", SENTENCE])
    page.wait_for_timeout(300)
    assert page.locator("#attribution-form").count() == 0
    assert page.locator(".mainnav a", has_text="Import").count() == 0
    page.expected_errors.append("403 (Forbidden)")  # the refused write below
    status = page.evaluate(
        """async (url) => (await fetch(url, {method: "POST", headers: {"X-CSRFToken": document.cookie.match(/csrftoken=([^;]+)/)[1]},
            body: new URLSearchParams({start: "0", end: "5", actor_name: "A", claim_statement: "B", stance: "asserts"})})).status""",
        f"/articles/{article.pk}/attributions/",
    )
    assert status == 403
    page.goto(f"/claims/{claim.pk}/")
    assert page.locator("text=Set status").count() == 0
    assert not Attribution.objects.exists()


def test_it_saves_screenshots_of_the_reader_claim_page_and_matrix(page, seeded, analyst):
    log_in(page, analyst)
    article = Article.objects.get(title__startswith="Lavrov in North Korea")
    page.goto(f"/articles/{article.pk}/")
    screenshot(page, "reader", full_page=False)
    screenshot(page, "reader-full")
    claim = Claim.objects.get(statement__startswith="North Korea supplies missiles")
    page.goto(f"/claims/{claim.pk}/")
    screenshot(page, "claim")
    page.goto("/matrix/")
    screenshot(page, "matrix")
    page.set_viewport_size({"width": 768, "height": 1000})
    page.goto(f"/articles/{article.pk}/")
    screenshot(page, "reader-768", full_page=False)
    assert page.evaluate("document.documentElement.scrollWidth") <= 768
