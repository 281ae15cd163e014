"""The watch pages: Watch buttons, saved searches, /watching/, /inbox/ and its count. Each user
sees and changes only their own; another's answers 404."""

import pytest
from django.test import Client

from claims.models import ClaimStatus
from claims.services import claim_set_status
from tests.factories import make_actor, make_article, make_attribution, make_claim
from watch.models import InboxEntry, SavedSearch, Watch
from watch.services import saved_search_create, watch_add

pytestmark = pytest.mark.django_db

HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def _entry(user, n: int = 1, **kwargs) -> InboxEntry:
    return InboxEntry.objects.create(
        user=user,
        kind="claim",
        event="claim.status_changed",
        key=f"test:{n}",
        text=kwargs.pop("text", f"Entry {n}"),
        link=kwargs.pop("link", "/claims/1/"),
        **kwargs,
    )


def test_it_watches_and_unwatches_a_claim_from_its_page_with_htmx(viewer_client, viewer):
    claim = make_claim()
    page = viewer_client.get(f"/claims/{claim.pk}/").content.decode()
    assert f'hx-post="/claims/{claim.pk}/watch/"' in page and ">Watch<" in page
    response = viewer_client.post(
        f"/claims/{claim.pk}/watch/", {"action": "watch"}, headers={"HX-Request": "true"}
    )
    assert response.status_code == 200 and "Unwatch" in response.content.decode()
    assert "<html" not in response.content.decode()
    assert Watch.objects.filter(user=viewer, claim=claim).count() == 1
    # Twice is still once.
    viewer_client.post(f"/claims/{claim.pk}/watch/", {"action": "watch"})
    assert Watch.objects.filter(user=viewer, claim=claim).count() == 1
    assert "Watching · Unwatch" in viewer_client.get(f"/claims/{claim.pk}/").content.decode()
    response = viewer_client.post(f"/claims/{claim.pk}/watch/", {"action": "unwatch"})
    assert response.status_code == 302 and response["Location"] == f"/claims/{claim.pk}/"
    assert not Watch.objects.filter(user=viewer).exists()


def test_it_watches_an_actor_from_its_page(analyst_client, analyst):
    actor = make_actor()
    assert (
        f'action="/actors/{actor.pk}/watch/"'
        in analyst_client.get(f"/actors/{actor.pk}/").content.decode()
    )
    assert analyst_client.post(f"/actors/{actor.pk}/watch/").status_code == 302
    assert Watch.objects.get(user=analyst).actor == actor


def test_watching_needs_a_role_and_a_post(outsider_client, viewer_client):
    claim = make_claim()
    assert outsider_client.post(f"/claims/{claim.pk}/watch/").status_code == 403
    assert viewer_client.get(f"/claims/{claim.pk}/watch/").status_code == 405
    assert viewer_client.post("/claims/999999/watch/").status_code == 404
    assert not Watch.objects.exists()


def test_it_saves_the_claims_lists_filters_as_they_were_shown(viewer_client, viewer):
    actor = make_actor()
    page = viewer_client.get(f"/claims/?status=contested&actor={actor.pk}&page=2").content.decode()
    assert "Save this search" in page
    assert f'name="query" value="status=contested&amp;actor={actor.pk}"' in page
    response = viewer_client.post(
        "/watching/searches/",
        {
            "name": "Contested",
            "kind": "claims",
            "query": f"status=contested&actor={actor.pk}&page=2&x=1",
        },
    )
    saved = SavedSearch.objects.get(user=viewer)
    # Only the list's own filters are kept, and the page shows them again.
    assert saved.query == f"status=contested&actor={actor.pk}"
    assert response.status_code == 302 and response["Location"] == f"/claims/?{saved.query}"


def test_it_refuses_a_search_with_filters_the_list_refuses(viewer_client, viewer):
    response = viewer_client.post(
        "/watching/searches/",
        {"name": "Bad", "kind": "claims", "query": "status=sunk", "next": "/claims/?status=sunk"},
        follow=True,
    )
    assert "The search was not saved" in response.content.decode()
    assert "status" in response.content.decode()
    assert not SavedSearch.objects.exists()


def test_it_refuses_a_second_search_of_the_same_name(viewer_client, viewer):
    saved_search_create(user=viewer, name="Ferries", kind="articles", query="q=ferry")
    response = viewer_client.post(
        "/watching/searches/", {"name": "Ferries", "kind": "search", "query": "q=boat"}, follow=True
    )
    assert "already have a saved search named" in response.content.decode()
    assert SavedSearch.objects.count() == 1


def test_the_articles_list_and_the_search_page_offer_to_save(viewer_client):
    make_article()
    assert (
        'name="kind" value="articles"' in viewer_client.get("/articles/?q=ferry").content.decode()
    )
    page = viewer_client.get("/search/?q=ferry%20rocks").content.decode()
    assert 'name="kind" value="search"' in page and 'value="q=ferry%20rocks"' in page


def test_the_watching_page_lists_ones_own_and_deletes_them(viewer_client, viewer, analyst):
    claim, actor = make_claim("The ferry hit rocks"), make_actor("Mara Lind")
    mine = watch_add(user=viewer, claim=claim)
    watch_add(user=viewer, actor=actor)
    saved = saved_search_create(user=viewer, name="Ferries", kind="articles", query="q=ferry")
    theirs = saved_search_create(user=analyst, name="Their search", kind="articles", query="q=x")
    page = viewer_client.get("/watching/").content.decode()
    assert "The ferry hit rocks" in page and "Mara Lind" in page and "Ferries" in page
    assert "Their search" not in page
    assert viewer_client.post(f"/watching/searches/{theirs.pk}/delete/").status_code == 404
    assert viewer_client.post(f"/watching/searches/{saved.pk}/delete/").status_code == 302
    assert viewer_client.post(f"/watching/{mine.pk}/delete/").status_code == 302
    assert list(SavedSearch.objects.all()) == [theirs]
    assert list(Watch.objects.values_list("actor", flat=True)) == [actor.pk]


def test_the_watching_page_reads_a_fixed_number_of_queries(
    viewer_client, viewer, django_assert_num_queries
):
    def count():
        # 1 session, 2 user, 3 watches (with their claims and actors), 4 saved searches,
        # 5 digest preference, 6 role, 7-8 permissions (the top bar's menu)
        with django_assert_num_queries(8):
            assert viewer_client.get("/watching/").status_code == 200

    count()
    for n in range(4):
        watch_add(user=viewer, claim=make_claim())
        watch_add(user=viewer, actor=make_actor())
        saved_search_create(user=viewer, name=f"S{n}", kind="claims", query="q=ferry")
    count()


def test_the_inbox_shows_ones_own_entries_newest_first_unread_highlighted(
    viewer_client, viewer, analyst
):
    first, second = _entry(viewer, 1), _entry(viewer, 2, text="Second entry")
    _entry(analyst, 3, text="Not yours")
    first.read_at = first.created_at
    first.save()
    page = viewer_client.get("/inbox/").content.decode()
    assert page.index("Second entry") < page.index("Entry 1")
    assert "Not yours" not in page
    assert f'id="entry-{second.pk}"' in page and f'is-unread" id="entry-{second.pk}"' in page
    assert f'is-unread" id="entry-{first.pk}"' not in page
    assert "Mark all read (1)" in page


def test_it_marks_one_entry_read_and_the_count_follows(viewer_client, viewer, analyst):
    entry, other = _entry(viewer, 1), _entry(viewer, 2)
    theirs = _entry(analyst, 3)
    assert viewer_client.get("/inbox/count/").content.decode().strip().endswith(">2</span>")
    response = viewer_client.post(f"/inbox/{entry.pk}/read/", headers={"HX-Request": "true"})
    assert response.status_code == 200 and "is-unread" not in response.content.decode()
    assert "inbox-changed" in response["HX-Trigger"]
    entry.refresh_from_db()
    other.refresh_from_db()
    assert entry.read_at is not None and other.read_at is None
    assert ">1</span>" in viewer_client.get("/inbox/count/").content.decode()
    # Another user's entry: not found, and left unread.
    assert viewer_client.post(f"/inbox/{theirs.pk}/read/").status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_it_marks_all_read(viewer_client, viewer, analyst):
    for n in range(3):
        _entry(viewer, n)
    theirs = _entry(analyst, 9)
    response = viewer_client.post("/inbox/read-all/", follow=True)
    assert "Marked 3 entries read." in response.content.decode()
    assert not InboxEntry.objects.filter(user=viewer, read_at__isnull=True).exists()
    theirs.refresh_from_db()
    assert theirs.read_at is None
    assert viewer_client.get("/inbox/count/").content.decode().strip() == "Inbox"


def test_the_inbox_pages_by_cursor_in_a_fixed_number_of_queries(
    viewer_client, viewer, django_assert_num_queries
):
    for n in range(30):
        _entry(viewer, n)
    # 1 session, 2 user, 3 the page of entries, 4 the unread count, 5 role, 6-7 permissions
    # (the top bar's menu)
    with django_assert_num_queries(7):
        page = viewer_client.get("/inbox/").content.decode()
    assert page.count('class="inbox-entry') == 25 and "cursor=" in page
    cursor = page.split("cursor=")[1].split('"')[0].replace("&amp;", "&")
    from urllib.parse import unquote

    with django_assert_num_queries(7):
        rest = viewer_client.get(f"/inbox/?cursor={unquote(cursor)}").content.decode()
    assert rest.count('class="inbox-entry') == 5 and "Entry 0" in rest


def test_the_count_costs_one_query_and_no_page_pays_for_it(
    viewer_client, viewer, django_assert_num_queries
):
    _entry(viewer, 1)
    # 1 session, 2 user, 3 the count
    with django_assert_num_queries(3):
        assert viewer_client.get("/inbox/count/").status_code == 200
    page = viewer_client.get("/").content.decode()
    assert 'hx-get="/inbox/count/"' in page and 'hx-trigger="load, every 60s' in page


def test_a_claim_change_lands_in_the_watchers_inbox_linked_to_the_passage(
    viewer_client, viewer, analyst, curator
):
    claim = make_claim("The ferry hit rocks")
    watch_add(user=viewer, claim=claim)
    attribution = make_attribution(claim=claim, user=analyst)
    claim_set_status(claim=claim, status=ClaimStatus.CONTESTED, user=curator)
    page = viewer_client.get("/inbox/").content.decode()
    assert f'href="/articles/{attribution.article_id}/#attribution-{attribution.pk}"' in page
    assert "is now contested" in page


def test_hostile_text_in_statements_and_titles_shows_escaped(viewer_client, viewer, analyst):
    claim = make_claim(f"Rocks {HOSTILE}")
    watch_add(user=viewer, claim=claim)
    article = make_article(title=f"Ferry {HOSTILE}")
    from claims.services import attribution_create

    attribution_create(
        article=article,
        actor=make_actor(f"Lind {HOSTILE}"),
        claim=claim,
        stance="asserts",
        quote="the ferry sank after hitting rocks",
        user=analyst,
    )
    for url in ("/inbox/", "/watching/"):
        page = viewer_client.get(url).content.decode()
        assert "<script>" not in page and "<img src=x" not in page, url
        assert "&lt;script&gt;" in page, url


def test_the_admin_shows_a_curator_their_own_follows_read_only(curator_client, curator, viewer):
    mine = watch_add(user=curator, claim=make_claim())
    theirs = watch_add(user=viewer, claim=make_claim())
    entry = _entry(viewer, 1)
    assert curator_client.get(f"/admin/watch/watch/{mine.pk}/change/").status_code == 200
    assert curator_client.get(f"/admin/watch/watch/{theirs.pk}/change/").status_code in (302, 404)
    assert curator_client.get(f"/admin/watch/inboxentry/{entry.pk}/change/").status_code in (
        302,
        404,
    )
    assert (
        curator_client.post(f"/admin/watch/watch/{mine.pk}/delete/", {"post": "yes"}).status_code
        == 403
    )
    assert curator_client.get("/admin/watch/watch/add/").status_code == 403
    assert Watch.objects.count() == 2


def test_a_viewer_has_no_admin(viewer):
    client = Client()
    client.force_login(viewer)
    assert client.get("/admin/watch/watch/").status_code == 302


def test_the_count_after_the_session_ended_swaps_nothing(client):
    response = client.get("/inbox/count/")
    assert response.status_code == 204 and response.content == b""


@pytest.mark.parametrize("back", ["²", "https://elsewhere.example/", "//elsewhere.example/", ""])
def test_a_refused_search_goes_back_only_to_a_page_of_ours(viewer_client, back):
    response = viewer_client.post("/watching/searches/", {"name": "", "kind": "x", "next": back})
    assert response.status_code == 302 and response["Location"] == "/watching/"
