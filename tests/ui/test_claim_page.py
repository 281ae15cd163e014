import re

import pytest

from claims.models import Claim, ClaimRelation
from claims.services import evidence_create, record_update
from tests.factories import make_actor, make_article, make_attribution, make_claim

pytestmark = pytest.mark.django_db


def _claim_with(n: int, claim=None):
    claim = claim or make_claim("The ferry hit rocks")
    for _i in range(n):
        article = make_article()
        make_attribution(article=article, claim=claim, actor=make_actor())
        make_attribution(
            article=article,
            claim=claim,
            actor=make_actor(),
            stance="denies",
            quote="The operator denied",
        )
        evidence_create(
            article=article, claim=claim, relation="supports", quote="hitting rocks", credibility=2
        )
        evidence_create(
            article=article, claim=claim, relation="contradicts", quote="every rule", credibility=4
        )
        ClaimRelation.objects.create(from_claim=claim, to_claim=make_claim(), kind="sub_claim_of")
    return claim


def test_it_lists_who_asserts_and_who_denies_with_links_to_the_passage(analyst_client):
    claim = make_claim("The ferry hit rocks")
    kirby = make_attribution(claim=claim, actor=make_actor("Harbour officials"))
    denial = make_attribution(
        claim=claim, actor=make_actor("Operator"), stance="denies", quote="The operator denied"
    )
    html = analyst_client.get(f"/claims/{claim.pk}/").content.decode()
    asserted, denied = html.split('id="asserted-title"')[1].split('id="denied-title"')
    assert "Harbour officials" in asserted and "Operator" not in asserted
    assert "Operator" in denied.split('id="supporting-title"')[0]
    assert f'href="/articles/{kirby.article_id}/#attribution-{kirby.pk}"' in asserted
    assert f'href="/articles/{denial.article_id}/#attribution-{denial.pk}"' in denied


def test_it_escapes_everything_it_renders(analyst_client):
    claim = make_claim('<script>alert("x")</script>')
    make_attribution(claim=claim, actor=make_actor("<img src=x onerror=alert(1)>"))
    html = analyst_client.get(f"/claims/{claim.pk}/").content.decode()
    assert "<script>alert" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html


def test_it_lets_a_curator_set_the_status(curator_client, curator):
    claim = make_claim()
    response = curator_client.post(
        f"/claims/{claim.pk}/status/",
        {"status": "refuted", "version": claim.version},
        headers={"HX-Request": "true"},
    )
    claim.refresh_from_db()
    assert response.status_code == 200 and b"Refuted" in response.content
    assert claim.status == "refuted" and claim.version == 2
    assert claim.history.first().history_user == curator


def test_it_tells_a_curator_of_a_stale_status_and_saves_nothing(curator_client):
    claim = make_claim()
    record_update(instance=claim, expected_version=1, changes={"status": "contested"})
    response = curator_client.post(
        f"/claims/{claim.pk}/status/", {"status": "refuted", "version": 1}
    )
    claim.refresh_from_db()
    assert response.status_code == 409
    assert "you had version 1; it is now version 2" in response.content.decode()
    assert claim.status == "contested"


def test_it_refuses_an_unknown_status(curator_client):
    claim = make_claim()
    response = curator_client.post(
        f"/claims/{claim.pk}/status/", {"status": "true-ish", "version": 1}
    )
    assert response.status_code == 422
    claim.refresh_from_db()
    assert claim.status == "unverified"


def test_it_shows_the_status_control_only_to_curators(
    analyst_client, viewer_client, curator_client
):
    claim = make_claim()
    assert b"Set status" in curator_client.get(f"/claims/{claim.pk}/").content
    for client in (analyst_client, viewer_client):
        assert b"Set status" not in client.get(f"/claims/{claim.pk}/").content
        assert (
            client.post(
                f"/claims/{claim.pk}/status/", {"status": "refuted", "version": 1}
            ).status_code
            == 403
        )
    claim.refresh_from_db()
    assert claim.status == "unverified"


def test_it_sends_a_merged_claims_link_to_the_claim_it_went_into(analyst_client):
    source, target = make_claim(), make_claim()
    Claim.objects.filter(pk=source.pk).update(merged_into=target)
    response = analyst_client.get(f"/claims/{source.pk}/")
    assert response.status_code == 302 and response["Location"] == f"/claims/{target.pk}/"


def _shown(html: str) -> list[int]:
    return [int(pk) for pk in re.findall(r'href="/articles/\d+/#attribution-(\d+)">“', html)]


def _more(html: str) -> str:
    found = re.search(r'<li class="more"><a href="([^"]+)"', html)
    return found.group(1).replace("&amp;", "&") if found else ""


def test_it_shows_the_first_page_of_each_stance_and_pages_through_the_rest(
    analyst_client, monkeypatch
):
    import claims.views

    monkeypatch.setattr(claims.views, "STANCES_PAGE", 2)
    claim = make_claim()
    days = [None, "2024-05-02", "2024-05-01", None, "2024-05-02"]
    made = [make_attribution(claim=claim, said_on=day) for day in days]
    expected = [a.pk for a in sorted(made, key=lambda a: (a.said_on is None, str(a.said_on), a.pk))]
    html = analyst_client.get(f"/claims/{claim.pk}/").content.decode()
    assert '<span class="count">5</span>' in html
    # The first page of asserting stances, then the timeline's first page: the same two.
    assert _shown(html)[:2] == expected[:2]
    seen, url = _shown(html)[:2], _more(html)
    while url:
        # htmx appends each page to the list; without it the same URL is a page of its own.
        page = analyst_client.get(url, headers={"HX-Request": "true"}).content.decode()
        assert "<html" not in page and analyst_client.get(url).status_code == 200
        seen += _shown(page)
        url = _more(page)
    assert seen == expected


def test_it_refuses_a_page_of_an_unknown_stance(analyst_client):
    claim = make_claim()
    response = analyst_client.get(f"/claims/{claim.pk}/stances/?stance=supports")
    assert response.status_code == 400 and b"stance=asserts" in response.content


def _count(client, claim, django_assert_num_queries):
    # 1 session, 2 user, 3 claim, 4 its tally of confirmed stances, 5 suggestions pending,
    # 6 evidence counts (strong ones too, for the suggested status), 7 related claims,
    # 8 asserted, 9 denied (the timeline is their first page), 10 supporting, 11 contradicting,
    # 12 history, 13 role (groups), 14-15 permissions (user, groups) for the curator's controls,
    # 16 whether the user watches the claim (the Watch button, watch app)
    fresh = 16
    # The first read after new stances counts the tally again: savepoint, lock, stances per
    # stance (actors, statements, articles), reports of each statement, store, release.
    with django_assert_num_queries(fresh + 6):
        assert client.get(f"/claims/{claim.pk}/").status_code == 200
    with django_assert_num_queries(fresh):
        assert client.get(f"/claims/{claim.pk}/").status_code == 200


def test_it_shows_a_claim_in_a_fixed_number_of_queries(analyst_client, django_assert_num_queries):
    claim = _claim_with(1)
    _count(analyst_client, claim, django_assert_num_queries)
    _claim_with(5, claim)
    _count(analyst_client, claim, django_assert_num_queries)


def test_it_counts_a_statement_reported_by_a_rewrite_once(analyst_client, seeded):
    from claims.models import Claim

    claim = Claim.objects.get(statement__startswith="Russia has attacked Ukraine")
    html = analyst_client.get(f"/claims/{claim.pk}/").content.decode()
    assert "asserted by 1 actor in 2 articles (1 copy): 1 statement" in html
    assert "one statement, reported 2 times" in html


def test_it_escapes_what_articles_and_analysts_wrote_in_every_list(analyst_client):
    claim, actor = make_claim("Rocks <b>sank</b> it"), make_actor("Eve <script>alert(1)</script>")
    article = make_article(
        "The crew said <img src=x onerror=alert(2)> the ferry sank after hitting rocks.",
        title="<i>Ferry</i> report",
    )
    make_attribution(
        article=article, claim=claim, actor=actor, quote="<img src=x onerror=alert(2)>"
    )
    evidence_create(
        article=article,
        claim=claim,
        relation="supports",
        quote="hitting rocks",
        note="<u>checked</u>",
    )
    html = analyst_client.get(f"/claims/{claim.pk}/").content.decode()
    for raw in ("<script>alert(1)", "<img src=x", "<i>Ferry", "<u>checked", "<b>sank"):
        assert raw not in html
    for shown in (
        "Eve &lt;script&gt;",
        "&lt;img src=x onerror=alert(2)&gt;",
        "&lt;i&gt;Ferry&lt;/i&gt; report",
        "&lt;u&gt;checked&lt;/u&gt;",
    ):
        assert shown in html
