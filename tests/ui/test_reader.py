import pytest

from claims.models import ReviewState
from claims.services import attribution_create, evidence_create
from tests.factories import TEXT, make_actor, make_article, make_attribution, make_claim

pytestmark = pytest.mark.django_db


def _annotate(article, n: int):
    """n confirmed attributions, n evidence and n suggestions on the article."""
    sentences = [
        "the ferry sank after hitting rocks",
        "The operator denied",
        "“We followed every rule,”",
    ]
    for i in range(n):
        quote = sentences[i % 3]
        make_attribution(article=article, quote=quote, stance="denies" if i % 2 else "asserts")
        evidence_create(
            article=article, claim=make_claim(), relation="supports", quote=quote, credibility=2
        )
        attribution_create(
            article=article,
            actor=None,
            claim=None,
            stance="asserts",
            quote=quote,
            review_state=ReviewState.SUGGESTED,
            origin="machine",
            proposed_actor=f"Harbour official {i}",
            proposed_claim="The ferry hit rocks",
        )


def test_it_highlights_every_passage_by_kind(analyst_client):
    article = make_article()
    attribution = make_attribution(
        article=article, actor=make_actor("Harbour officials"), stance="asserts"
    )
    evidence = evidence_create(
        article=article,
        claim=attribution.claim,
        relation="contradicts",
        quote="The operator denied",
    )
    response = analyst_client.get(f"/articles/{article.pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert (
        f'<mark id="attribution-{attribution.pk}" class="hl hl-asserts hl-start" data-kind="asserts" data-attribution-id="{attribution.pk}"'
        in html
    )
    assert (
        f'id="evidence-{evidence.pk}" class="hl hl-contradicts hl-start" data-kind="contradicts" data-evidence-id="{evidence.pk}"'
        in html
    )
    assert "Harbour officials asserts: " in html


def test_it_renders_text_whose_characters_are_exactly_the_stored_text(analyst_client):
    import re
    from html import unescape

    article = make_article(text="A <b>bold</b> & “quoted” 🚀 line.\n\n  Indented.")
    make_attribution(article=article, quote="bold", actor=make_actor())
    html = analyst_client.get(f"/articles/{article.pk}/").content.decode()
    inner = re.search(r'<div id="article-text"[^>]*>(.*?)</div>', html, re.S).group(1)
    assert unescape(re.sub(r"<[^>]+>", "", inner)) == article.text


def test_it_dims_repeated_blocks_and_page_furniture(analyst_client, seeded):
    from articles.models import Article

    article = Article.objects.get(title__startswith="Lavrov in North Korea")
    assert article.blocks.filter(kind="repeated").exists()
    html = analyst_client.get(f"/articles/{article.pk}/").content.decode()
    assert 'class="block block-repeated"' in html
    assert 'class="block block-furniture"' in html


def test_it_shows_the_suggestion_queue_empty_until_there_are_suggestions(analyst_client):
    article = make_article()
    assert (
        b"No suggestions for this article" in analyst_client.get(f"/articles/{article.pk}/").content
    )
    _annotate(article, 1)
    html = analyst_client.get(f"/articles/{article.pk}/").content.decode()
    assert "Harbour official 0" in html and "new actor" in html
    assert 'data-key-action="accept"' in html


def test_it_opens_the_side_panel_for_a_selection(analyst_client):
    article = make_article()
    start = TEXT.index("The operator")
    response = analyst_client.get(
        f"/articles/{article.pk}/?start={start}&end={start + 12}", headers={"HX-Request": "true"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<section id="panel"')
    assert '<blockquote class="selection-quote">The operator</blockquote>' in html
    assert 'name="quote" value="The operator"' in html


def test_it_says_when_a_selection_is_outside_the_article(analyst_client):
    article = make_article()
    response = analyst_client.get(
        f"/articles/{article.pk}/?start=5&end=99999", headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    assert b"outside the article" in response.content


def test_it_shows_a_viewer_no_write_controls(viewer_client):
    article = make_article()
    _annotate(article, 1)
    html = viewer_client.get(f"/articles/{article.pk}/").content.decode()
    assert 'data-selectable="true"' not in html
    assert '<form method="post" action="/suggestions/' not in html
    assert "Harbour official 0" in html


def test_it_answers_404_for_an_unknown_article(analyst_client):
    assert analyst_client.get("/articles/999999/").status_code == 404


def _count(client, article, django_assert_num_queries, n):
    # 1 session, 2 user, 3 article + outlet, 4 blocks, 5 attributions (+actor, claim, via),
    # 6 evidence (+claim, source), 7 the user's groups (role badge), 8 user permissions,
    # 9 group permissions (perms.* in the template)
    with django_assert_num_queries(n):
        assert client.get(f"/articles/{article.pk}/").status_code == 200


def test_it_reads_the_article_in_a_fixed_number_of_queries(
    analyst_client, django_assert_num_queries
):
    article = make_article()
    _annotate(article, 1)
    _count(analyst_client, article, django_assert_num_queries, 9)
    _annotate(article, 6)
    _count(analyst_client, article, django_assert_num_queries, 9)
