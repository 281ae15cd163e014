import pytest

from tests.factories import make_actor, make_article, make_claim

pytestmark = pytest.mark.django_db


def test_it_finds_articles_claims_and_actors_by_alias(analyst_client):
    actor = make_actor("Dmitry Peskov")
    actor.aliases.create(name="Kremlin spokesman")
    make_claim("North Korea shipped artillery shells to Russia")
    make_article(title="Kremlin denies shipments")
    html = analyst_client.get("/search/?q=Kremlin").content.decode()
    assert "Dmitry Peskov" in html and "Kremlin denies shipments" in html
    html = analyst_client.get("/search/?q=artillery shells").content.decode()
    assert "North Korea shipped artillery shells to Russia" in html


def test_it_returns_only_the_results_for_htmx(analyst_client):
    make_claim("Ferries sink")
    response = analyst_client.get(
        "/search/?q=ferries", headers={"HX-Request": "true", "HX-Target": "search-results"}
    )
    assert response.content.decode().lstrip().startswith('<div id="search-results"')


def test_it_escapes_the_query(analyst_client):
    html = analyst_client.get("/search/?q=<script>x</script>").content.decode()
    assert "<script>x</script>" not in html


def _count(client, django_assert_num_queries):
    # 1 session, 2 user, 3 articles, 4 claims, 5 actors, 6 role (groups), 7-8 permissions (nav)
    with django_assert_num_queries(8):
        assert client.get("/search/?q=ferry").status_code == 200


def test_it_searches_in_a_fixed_number_of_queries(analyst_client, django_assert_num_queries):
    make_article(), make_claim("The ferry sank"), make_actor("Ferry operator")
    _count(analyst_client, django_assert_num_queries)
    for i in range(5):
        make_article(), make_claim(f"The ferry sank {i}"), make_actor(f"Ferry operator {i}")
    _count(analyst_client, django_assert_num_queries)


@pytest.mark.django_db
def test_it_finds_an_actor_by_a_spelling_close_to_a_name_or_alias(seeded):
    from django.db import connection

    from claims.search import actors_matching

    if connection.vendor != "postgresql":
        pytest.skip(
            "Similar-spelling search uses pg_trgm: run with DATABASE_URL=postgres://… to test it"
        )
    assert [a.name for a in actors_matching("Sergey Lavrov")][:1] == ["Sergei Lavrov"]
    assert "Dmitry Peskov" in [a.name for a in actors_matching("Dmitri Peskov")]


@pytest.mark.django_db
def test_it_ranks_claims_by_full_text_relevance_on_postgres(seeded):
    from django.db import connection

    from claims.search import claims_matching

    found = [c.statement for c in claims_matching("missiles")]
    assert found and all("missile" in s.lower() for s in found)
    if connection.vendor == "postgresql":
        # Stemming: "supplying" finds claims that say "supplies" and "supplied".
        assert len(list(claims_matching("supplying missiles"))) >= 2


def test_it_ranks_a_common_words_most_recent_articles_and_says_so(analyst_client, monkeypatch):
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip(
            "Ranked full-text search runs on PostgreSQL: run with DATABASE_URL=postgres://…"
        )
    monkeypatch.setattr("claims.search.RANKED_ARTICLES", 2)
    oldest = make_article(title="Ferry schedules")
    newer = [make_article(title=f"Ferry inspections {i}") for i in range(2)]
    html = analyst_client.get("/search/?q=ferry").content.decode()
    assert all(f'href="{a.get_absolute_url()}"' in html for a in newer)
    assert f'href="{oldest.get_absolute_url()}"' not in html
    assert "best of the 2 most recently added" in html
    monkeypatch.setattr("claims.search.RANKED_ARTICLES", 4)
    html = analyst_client.get("/search/?q=ferry").content.decode()
    assert f'href="{oldest.get_absolute_url()}"' in html and "most recently added" not in html


def test_the_search_page_matches_statements_and_the_claims_list_also_notes(analyst_client):
    # The search page answers as the analyst types, over the statements' index; the claims
    # list (and the API, with the same filters) also reads the notes.
    make_claim("Ferries were overloaded", notes="Harbour logs mention a turnstile fault")
    assert (
        "Ferries were overloaded" not in analyst_client.get("/search/?q=turnstile").content.decode()
    )
    assert "Ferries were overloaded" in analyst_client.get("/claims/?q=turnstile").content.decode()
