import datetime

import pytest

from tests.factories import make_actor, make_article, make_attribution, make_claim

pytestmark = pytest.mark.django_db


def test_it_shows_asserts_denies_both_and_none_with_links_to_the_passages(analyst_client):
    claim, other = make_claim("Shells were shipped"), make_claim("Lavrov visited")
    kirby, peskov, lavrov = make_actor("Kirby"), make_actor("Peskov"), make_actor("Lavrov")
    asserts = make_attribution(actor=kirby, claim=claim)
    make_attribution(actor=peskov, claim=claim, stance="denies", quote="The operator denied")
    make_attribution(actor=peskov, claim=claim, stance="asserts", article=make_article())
    make_attribution(actor=lavrov, claim=other)
    response = analyst_client.get("/matrix/")
    grid = {
        (c.statement, cell["actor"].name): cell["value"]
        for c, row in response.context["grid"]
        for cell in row
    }
    assert grid[("Shells were shipped", "Kirby")] == "asserts"
    assert grid[("Shells were shipped", "Peskov")] == "both"
    assert grid[("Shells were shipped", "Lavrov")] == "none"
    assert (
        f'href="/articles/{asserts.article_id}/#attribution-{asserts.pk}"'
        in response.content.decode()
    )


def test_it_shows_only_the_chosen_claims_and_actors(analyst_client):
    claim, other = make_claim(), make_claim()
    a, b = make_actor(), make_actor()
    make_attribution(actor=a, claim=claim), make_attribution(actor=b, claim=other)
    response = analyst_client.get(f"/matrix/?claim={claim.pk}&actor={b.pk}&actor=junk")
    assert [c.pk for c in response.context["claims"]] == [claim.pk]
    assert [x.pk for x in response.context["actors"]] == [b.pk]


def _count(client, django_assert_num_queries):
    # 1 session, 2 user, 3 claims, 4 actors, 5 cell counts (stances, statements),
    # 6 first passages of each cell, 7 claim and 8 actor choices, 9 role (groups),
    # 10-11 permissions (nav)
    with django_assert_num_queries(11):
        assert client.get("/matrix/").status_code == 200


def test_it_draws_the_matrix_in_a_fixed_number_of_queries(
    analyst_client, django_assert_num_queries
):
    make_attribution()
    _count(analyst_client, django_assert_num_queries)
    for _ in range(6):
        make_attribution()
    _count(analyst_client, django_assert_num_queries)


def test_it_counts_statements_and_reports_in_each_cell(analyst_client, seeded):
    html = analyst_client.get("/matrix/").content.decode()
    # Kirby's one statement, reported by the original and its rewrite: said, not left to a hover.
    assert '<span class="cell-count">1 statement, 2 reports</span>' in html


def test_each_linked_passage_is_labelled_with_its_outlet_and_date(analyst_client):
    from articles.services import outlet_get_or_create

    article = make_article(outlet=outlet_get_or_create(name="Harbour <Post>"))
    attribution = make_attribution(article=article, said_on=datetime.date(2024, 3, 5))
    make_attribution(claim=attribution.claim, actor=attribution.actor)  # no outlet, no date
    html = analyst_client.get("/matrix/").content.decode()
    assert f'#attribution-{attribution.pk}" class="cell-link cell-link-asserts" ' in html
    assert ">Harbour &lt;Post&gt; · 5 Mar 2024</a>" in html
    assert ">unknown outlet</a>" in html


def test_it_escapes_names_and_cuts_long_claims_in_the_choices(analyst_client):
    from django.template.defaultfilters import truncatechars

    long = "The harbour authority said the ferry was inspected " * 4
    claim = make_claim(long)
    make_attribution(actor=make_actor("<b>Mara</b> & Co"), claim=claim)
    make_claim("Le ferry a coulé près du quai, selon l’opérateur, " * 3)
    html = analyst_client.get("/matrix/").content.decode()
    assert "<b>Mara</b>" not in html and "&lt;b&gt;Mara&lt;/b&gt; &amp; Co" in html
    assert f'value="{claim.pk}" checked> {truncatechars(long, 100)}</label>' in html
    assert truncatechars("Le ferry a coulé près du quai, selon l’opérateur, " * 3, 100) in html


def test_a_stance_recorded_while_the_matrix_is_read_does_not_break_it(analyst_client):
    """Cells are counted by one query and their passages read by the next; another analyst may
    record a stance in between (the load test met this), in a cell the counts did not have."""
    from django.db import connection

    claim, article = make_claim(), make_article()
    make_attribution(claim=claim, article=article, actor=make_actor("Kirby"))
    newcomer = make_actor("Peskov")
    recorded, reads = [], []

    def record_in_between(execute, sql, params, many, context):
        if "claims_attribution" in sql and sql.lstrip().startswith("SELECT"):
            reads.append(sql)
        # The first read of stances counts the cells, the second reads their passages.
        if len(reads) == 2 and not recorded:
            reads.append("recording")  # the stance's own queries come through here too
            recorded.append(
                make_attribution(claim=claim, article=article, actor=newcomer, stance="denies")
            )
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record_in_between):
        response = analyst_client.get(f"/matrix/?claim={claim.pk}&actor={newcomer.pk}")
    assert recorded and response.status_code == 200
    # The next view shows it.
    assert (
        f"#attribution-{recorded[0].pk}"
        in analyst_client.get(f"/matrix/?claim={claim.pk}&actor={newcomer.pk}").content.decode()
    )
