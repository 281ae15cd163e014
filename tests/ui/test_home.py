import pytest

from claims.models import ReviewState
from claims.services import attribution_create
from tests.factories import make_article, make_attribution, make_claim

pytestmark = pytest.mark.django_db


def test_it_tells_a_new_analyst_where_to_start(analyst_client):
    article = make_article(title="Ferry sinks")
    make_claim("Contested thing", status="contested")
    html = analyst_client.get("/").content.decode()
    assert 'action="/search/"' in html
    assert f'href="/articles/{article.pk}/"' in html and "Contested thing" in html
    assert 'href="/import/"' in html


def test_it_hides_import_from_a_viewer(viewer_client):
    assert b'href="/import/"' not in viewer_client.get("/").content


def _count(client, django_assert_num_queries):
    # 1 session, 2 user, 3-4 permissions (nav), 5 role (groups), 6 recent articles,
    # 7 articles with suggestions, 8 contested claims, 9 recent claims
    with django_assert_num_queries(9):
        assert client.get("/").status_code == 200


def test_it_shows_the_home_page_in_a_fixed_number_of_queries(
    analyst_client, django_assert_num_queries
):
    make_attribution(claim=make_claim(status="contested"))
    _count(analyst_client, django_assert_num_queries)
    for _ in range(4):
        article = make_article()
        make_attribution(article=article, claim=make_claim(status="contested"))
        attribution_create(
            article=article,
            actor=None,
            claim=None,
            stance="asserts",
            quote="The operator denied",
            review_state=ReviewState.SUGGESTED,
            proposed_actor="X",
            proposed_claim="Y",
        )
    _count(analyst_client, django_assert_num_queries)
