"""A saved news page uploaded on the import page, in the browser: the preview shows its main
text and what the page says, the analyst corrects the author and the title, and the article
keeps the corrections."""

import datetime

import pytest

from articles.models import Article
from tests.browser.conftest import log_in, screenshot
from tests.news_pages import AUTHOR, FURNITURE, SITE, STORY, TITLE, news_page

pytestmark = pytest.mark.browser


def test_it_previews_an_uploaded_page_and_saves_the_analysts_corrections(page, analyst, tmp_path):
    saved = tmp_path / "footbridge.html"
    saved.write_text(news_page())
    log_in(page, analyst)
    page.goto("/import/")
    page.set_input_files("#id_file", str(saved))
    page.click("text=Show what will be imported")

    facts = page.locator("#page-facts")
    for shown in (TITLE, AUTHOR, "16 September 2025", SITE, "an uploaded file"):
        assert shown in facts.inner_text()
    assert page.input_value("#save-title") == TITLE
    assert page.input_value("#save-byline") == AUTHOR
    assert page.input_value("#save-published") == "2025-09-16"
    assert page.input_value("#save-outlet") == SITE
    page.click("text=The text as it will be stored")
    stored_text = page.inner_text("pre.text-preview")
    assert STORY[1][:60] in stored_text and "Share on Facebook" not in stored_text
    screenshot(page, "import-page-preview")

    page.fill("#save-title", "Footbridge closes for six weeks")
    page.fill("#save-byline", "Imogen Castellane, with Omar Quist")
    page.fill("#save-published", "2025-09-17")
    page.click("#import-save button[type=submit]")
    page.wait_for_url("**/articles/*/")
    assert page.locator("h1").first.inner_text() == "Footbridge closes for six weeks"

    article = Article.objects.select_related("outlet").get()
    assert (article.title, article.byline, article.published_on, article.outlet.name) == (
        "Footbridge closes for six weeks",
        "Imogen Castellane, with Omar Quist",
        datetime.date(2025, 9, 17),
        SITE,
    )
    assert article.page_hash and [f for f in FURNITURE if f in article.text] == []
