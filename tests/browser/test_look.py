import pytest

from articles.models import Article
from claims.models import Claim
from tests.browser.conftest import log_in, screenshot

pytestmark = pytest.mark.browser


def test_it_shows_pages(page, seeded, analyst):
    log_in(page, analyst)
    screenshot(page, "home")
    article = Article.objects.get(title__startswith="Lavrov in North Korea")
    page.goto(f"/articles/{article.pk}/")
    screenshot(page, "reader")
    claim = Claim.objects.order_by("pk").first()
    page.goto(f"/claims/{claim.pk}/")
    screenshot(page, "claim")
    page.goto("/matrix/")
    screenshot(page, "matrix")
    page.goto("/claims/")
    screenshot(page, "claims")
