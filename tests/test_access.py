"""Every URL and API endpoint, enumerated from the URL configuration, against every role.

A new page or endpoint is picked up here without anyone listing it: it must refuse anonymous
visitors, let every role read it, never let a viewer write through it, and keep curators'
writes from analysts. Parameters it cannot fill make the test fail, so nothing is skipped.
"""

import pytest
from django.apps import apps
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import URLResolver, get_resolver, reverse

from claims.models import ReviewState
from claims.services import attribution_create
from tests.factories import make_attribution

pytestmark = pytest.mark.django_db

# Open to everyone: the login page and the load balancer's health check.
PUBLIC = {"login", "healthz", "logout", "favicon"}
# The top bar's unread count, polled by a page whose session may have ended: nothing (204), not
# the login page drawn inside the link.
ANSWERS_NOTHING_WHEN_SIGNED_OUT = {"inbox-count"}
# Pages that exist only to write (a viewer is refused them outright).
WRITE_PAGES = {"import", "import-batches"}
# Records seen only by whoever made them and by curators (the batch here has no owner): the
# rule itself is tested in tests/ui/test_import_batches.py.
OWN_RECORD_PAGES = {"import-batch"}
# Edit forms of a recorded passage: its recorder's and the curators' (the records here have no
# recorder); the rule itself is tested in tests/api/test_corrections.py.
OWN_PASSAGE_FORMS = {"attribution-edit", "evidence-edit"}
# Webhooks are their owner's alone, for every role (curators see them in the admin): another
# user's answers 404 (the rule itself is tested in tests/api/test_api_webhooks.py).
OWNER_ONLY = {
    "api:webhook-detail",
    "api:webhook-deliveries",
    "api:webhook-test",
    "api:webhook-redeliver",
}
# Analysts stop following a feed, as on its page (tests/api/test_api_feeds.py).
ANALYST_DELETES = {"api:feed-detail"}
# Any role may subscribe a webhook of its own, viewers included: an empty one is refused (400).
OWN_SUBSCRIPTIONS = {"api:webhook-list"}
# Following things is every role's own business: a viewer too watches, saves searches, chooses
# a digest and reads its inbox. Another user's watch, search or entry answers 404 (the rules
# themselves: tests/ui/test_inbox.py, tests/api/test_api_watch.py).
OWN_FOLLOWING = {
    "claim-watch",
    "actor-watch",
    "saved-search-new",
    "saved-search-remove",
    "watch-remove",
    "digest",
    "inbox-read",
    "inbox-read-all",
    "api:watch-list",
    "api:watch-detail",
    "api:saved-search-list",
    "api:saved-search-detail",
    "api:inbox-list",
    "api:inbox-detail",
    "api:inbox-read",
    "api:inbox-read-all",
}
# Writes only a curator may make (DESIGN.md: merges, claim status, deletes).
CURATOR_WRITES = {("POST", "claim-status"), ("POST", "api:actor-merge")}


def _named_patterns():
    def walk(patterns, namespace):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                if str(pattern.pattern).startswith("admin/"):
                    continue  # the admin is covered by tests/test_admin.py
                inner = pattern.namespace or namespace
                yield from walk(pattern.url_patterns, inner)
            elif pattern.name:
                yield f"{namespace}:{pattern.name}" if namespace else pattern.name, pattern

    return list(walk(get_resolver().url_patterns, None))


@pytest.fixture
def urls(db, django_user_model):
    attribution = make_attribution()
    suggestion = attribution_create(
        article=attribution.article,
        actor=None,
        claim=None,
        stance="asserts",
        quote="The operator denied",
        review_state=ReviewState.SUGGESTED,
        proposed_actor="Port authority",
        proposed_claim="Rocks",
    )
    from articles.models import Outlet
    from claims.models import Evidence

    outlet = Outlet.objects.create(name="Coast Gazette")
    evidence = Evidence.objects.create(
        article=attribution.article, claim=attribution.claim, relation="supports"
    )
    from django.contrib.auth import get_user_model

    from articles.models import ImportBatch
    from feeds.models import Feed
    from hooks.models import Delivery, Webhook

    webhook = Webhook.objects.create(
        owner=get_user_model().objects.create_user("wendy-webhooks"),
        url="https://example.org/hook",
        secret="whsec_a-secret-for-the-access-test",
        event_types=["article.imported"],
    )
    delivery = Delivery.objects.create(webhook=webhook, event_type="ping", payload={})
    from watch.models import InboxEntry
    from watch.services import saved_search_create, watch_add

    # Another user's watch, saved search and inbox entry.
    owner = django_user_model.objects.create_user("owner-of-follows")
    owner.groups.add(Group.objects.get(name="viewer"))
    watch = watch_add(user=owner, claim=attribution.claim)
    saved = saved_search_create(user=owner, name="Ferries", kind="claims", query="q=ferry")
    entry = InboxEntry.objects.create(
        user=owner, kind="claim", event="claim.status_changed", key="k", text="t", link="/"
    )
    feed = Feed.objects.create(url="https://news.example.org/rss.xml", outlet=outlet)
    ids = {
        "delivery_id": delivery.delivery_id,
        "watch_id": watch.pk,
        "saved_search_id": saved.pk,
        "inbox_entry_id": entry.pk,
        "batch_id": ImportBatch.objects.create(total=0).pk,
        "feed_id": feed.pk,
        "article_id": attribution.article_id,
        "claim_id": attribution.claim_id,
        "actor_id": attribution.actor_id,
        "attribution_id": suggestion.pk,
        "evidence_id": evidence.pk,
    }
    # A recorded passage's own routes (edit, remove, undo) take a confirmed attribution.
    confirmed_routes = {"attribution-edit", "attribution-remove", "attribution-undo"}
    # The API's detail routes take `pk`; which record depends on the resource.
    api_pk = {
        "outlet": outlet.pk,
        "article": attribution.article_id,
        "actor": attribution.actor_id,
        "claim": attribution.claim_id,
        "attribution": attribution.pk,
        "evidence": evidence.pk,
        "suggestion": suggestion.pk,
        "webhook": webhook.pk,
        "feed": feed.pk,
        "watch": watch.pk,
        "saved": saved.pk,
        "inbox": entry.pk,
    }
    resolved = {}
    for name, pattern in _named_patterns():
        kwargs = {}
        for key in pattern.pattern.regex.groupindex:
            if key == "pk":
                resource = name.split(":")[-1].split("-")[0]
                assert resource in api_pk, f"no record for {name}: add it to the access test"
                kwargs[key] = api_pk[resource]
            elif key == "attribution_id" and name in confirmed_routes:
                kwargs[key] = attribution.pk
            else:
                assert key in ids, f"no value for {key} in {name}: add it to the access test"
                kwargs[key] = ids[key]
        resolved[name] = reverse(name, kwargs=kwargs)
    return resolved


def _client(user=None):
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def _rows() -> dict:
    return {
        m._meta.label: m.objects.count()
        for m in apps.get_models()
        if m._meta.app_label in ("articles", "claims", "feeds")
    }


def test_it_finds_the_pages_and_the_api(urls):
    assert {
        "reader",
        "claim",
        "matrix",
        "import",
        "api:claim-detail",
        "api:suggestion-review",
    } <= set(urls)


def test_it_refuses_anonymous_visitors_everywhere_but_the_login(urls):
    client = _client()
    for name, url in urls.items():
        if name in PUBLIC:
            continue
        response = client.get(url)
        if name in ANSWERS_NOTHING_WHEN_SIGNED_OUT:
            assert response.status_code == 204 and response.content == b"", name
        elif url.startswith("/api/") and name != "api:api-docs":
            assert response.status_code == 401, (name, response.status_code)
        else:
            assert response.status_code == 302 and response["Location"].startswith(
                "/accounts/login/"
            ), name
        refused = (405,) if name in ANSWERS_NOTHING_WHEN_SIGNED_OUT else (302, 401, 403)
        assert client.post(url).status_code in refused, name


@pytest.mark.parametrize("role", ["viewer", "analyst", "curator"])
def test_it_lets_every_role_read_everything(request, urls, role):
    client = _client(request.getfixturevalue(role))
    for name, url in urls.items():
        if name in PUBLIC:
            continue
        status = client.get(url).status_code
        # 405: a write-only route (a form's target) has nothing to read.
        allowed = (200, 405, 403) if role == "viewer" and name in WRITE_PAGES else (200, 405)
        if role != "curator" and name in OWN_RECORD_PAGES:
            allowed = (404,)
        if role != "curator" and name in OWN_PASSAGE_FORMS:
            allowed = (403,)
        if name in OWNER_ONLY:
            allowed = (404, 405)
        if name in OWN_FOLLOWING:
            # The records here are another user's: not found (a list shows one's own: none).
            allowed = (200, 404, 405)
        assert status in allowed, (role, name, status)


def test_it_lets_a_viewer_write_nowhere(urls, viewer):
    client = _client(viewer)
    before = _rows()
    for name, url in urls.items():
        if name in PUBLIC:
            continue
        for method in ("post", "put", "patch", "delete"):
            response = getattr(client, method)(url, data={}, content_type="application/json")
            if name in OWN_FOLLOWING:
                # Their own (a redirect after the write or with its error; the API's answer or
                # its 400), or another's: 404.
                allowed = (200, 302, 400, 404, 405)
            else:
                allowed = (403, 405)
            if name in OWNER_ONLY:
                allowed = (404, 405)
            if name in OWN_SUBSCRIPTIONS and method == "post":
                allowed = (400,)
            assert response.status_code in allowed, (name, method, response.status_code)
    assert _rows() == before


def test_it_keeps_curators_writes_from_analysts(urls, analyst, curator):
    analyst_client, curator_client = _client(analyst), _client(curator)
    before = _rows()
    for method, name in CURATOR_WRITES:
        assert getattr(analyst_client, method.lower())(urls[name], data={}).status_code == 403, name
    for name, url in urls.items():
        if (
            name.startswith("api:")
            and name.endswith("-detail")
            and name not in OWN_FOLLOWING
            and name not in ANALYST_DELETES
        ):
            response = analyst_client.delete(url)
            allowed = (404,) if name in OWNER_ONLY else (403, 405)
            assert response.status_code in allowed, (name, response.status_code)
    assert _rows() == before
    # A curator may delete, but not what passages point at (refused, nothing removed).
    response = curator_client.delete(urls["api:claim-detail"])
    assert response.status_code == 409
    assert _rows() == before
