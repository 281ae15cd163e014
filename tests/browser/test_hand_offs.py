"""Hand-offs and reading in a real browser: the claim timeline in the order statements were
made, the claims list and the matrix downloaded as CSV with the filters shown, stance chips
readable at their size."""

import csv
import datetime
import io

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import log_in
from tests.factories import make_actor, make_attribution, make_claim

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_timeline_reads_in_the_order_statements_were_made_undated_last(page, analyst):
    claim = make_claim("The ferry hit rocks")
    for name, day in (
        ("Late", datetime.date(2024, 1, 16)),
        ("Undated", None),
        ("Early", datetime.date(2023, 10, 17)),
    ):
        make_attribution(claim=claim, actor=make_actor(name), said_on=day)
    log_in(page, analyst)
    page.goto(f"/claims/{claim.pk}/")
    text = page.locator("ol.timeline").inner_text()
    assert text.index("Early") < text.index("Late") < text.index("Undated")


def _download(page, link_text: str) -> list[dict]:
    with page.expect_download() as download:
        page.click(f"text={link_text}")
    return list(csv.DictReader(io.StringIO(open(download.value.path(), encoding="utf-8").read())))


def test_the_claims_list_and_the_matrix_download_what_they_show(page, analyst):
    contested = make_claim("The ferry hit rocks", status="contested")
    make_claim("Lavrov visited Pyongyang")
    lind = make_actor("Mara Lind")
    make_attribution(claim=contested, actor=lind, stance="denies")
    log_in(page, analyst)
    page.goto("/claims/")
    page.select_option("#id_status", "contested")
    page.wait_for_url("**status=contested**")
    expect(page.locator("#claim-results .claim-link")).to_have_count(1)
    rows = _download(page, "Export these as CSV")
    assert [(r["statement"], r["denies"]) for r in rows] == [("The ferry hit rocks", "1")]

    page.goto(f"/matrix/?claim={contested.pk}&actor={lind.pk}")
    rows = _download(page, "Export this matrix as CSV")
    assert rows[0][f"Mara Lind (#{lind.pk})"] == "denies (1 statement)"


def test_stance_chips_are_readable_at_their_size(page, analyst):
    make_attribution(stance="denies")
    log_in(page, analyst)
    page.goto("/claims/")
    page.goto(page.locator("#claim-results .claim-link").first.get_attribute("href"))
    ratio = page.evaluate(
        """() => {
          const chip = document.querySelector('.stance-denies');
          const style = getComputedStyle(chip);
          const rgb = (s) => s.match(/\\d+/g).slice(0, 3).map(Number);
          const lum = ([r, g, b]) => [r, g, b].map((c) => { c /= 255; return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4; })
            .reduce((sum, c, i) => sum + c * [0.2126, 0.7152, 0.0722][i], 0);
          const [a, b] = [lum(rgb(style.color)), lum(rgb(style.backgroundColor))].sort((x, y) => y - x);
          return [(a + 0.05) / (b + 0.05), parseFloat(style.fontSize)];
        }"""
    )
    contrast, size = ratio
    assert size < 14 and contrast >= 4.5, ratio
