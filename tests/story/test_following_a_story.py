"""Following a story, end to end, on real local servers: a report published in a feed the
tracker follows is imported with suggestions; the analyst watching its claim finds it in the
inbox and by e-mail; an integration receives it as a signed webhook; and when a colleague
confirms the suggestion, both hear of that too. The worker's clock (core.periodic) drives every
step, as a `db_worker` does; tasks run at once under the test settings, and the transactions
really commit (so the webhooks' after-commit sends run)."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.test import Client
from django.utils import timezone

from articles.models import Article
from claims.models import Attribution, Claim, Origin, ReviewState
from claims.services import attribution_review
from core import periodic
from feeds.models import FeedItem, ItemStatus
from feeds.services import feed_create
from hooks.services import webhook_create
from tests.feeds.server import RSS_TYPE, news_page, rss, story
from watch.models import DigestPreference, InboxEntry
from watch.services import digest_set, watch_add

pytestmark = pytest.mark.django_db(transaction=True)

SECRET = "whsec_a-secret-the-integration-keeps"


def _user(django_user_model, name: str, role: str):
    user = django_user_model.objects.create_user(name, f"{name}@example.org", "pw")
    user.groups.add(Group.objects.get(name=role))
    return user


def _clock():
    """One turn of a worker's clock, with every periodic job's turn come."""
    for job in periodic.jobs():
        job.last = float("-inf")
    return periodic.run_due()


@pytest.fixture
def people(django_user_model):
    return {
        "watcher": _user(django_user_model, "wanda", "analyst"),
        "colleague": _user(django_user_model, "colm", "analyst"),
        "integrator": _user(django_user_model, "ines", "viewer"),
    }


def test_a_published_report_reaches_the_watcher_and_the_integration(
    site, feed_settings, receivers, private_allowed, people
):
    claim = Claim.objects.create(
        statement="The harbour terminal would reopen within a week after the storm"
    )
    watcher, colleague = people["watcher"], people["colleague"]
    watch_add(user=watcher, claim=claim)
    digest_set(user=watcher, frequency="hourly")
    receiver = receivers(secret=SECRET)
    others = receivers(secret=SECRET)
    webhook_create(
        owner=people["integrator"],
        url=receiver.url,
        event_types=["article.imported", "attribution.confirmed"],
        secret=SECRET,
    )
    webhook_create(
        owner=people["integrator"],
        url=others.url,
        event_types=["claim.status_changed"],
        secret=SECRET,
    )
    link = site.serve(
        "/news/4", news_page("Terminal 4 to reopen", story(4), site="Harbour Gazette")
    )
    site.serve(
        "/rss.xml", rss([{"guid": "urn:harbour:4", "link": link, "title": "Reopening"}]), RSS_TYPE
    )
    feed = feed_create(url=site.url("/rss.xml"), outlet="Harbour Gazette", user=colleague)

    assert "feeds-due" in _clock()

    # The item became an article with the machine's suggestions, one of them on the claim.
    [item] = FeedItem.objects.filter(feed=feed)
    assert item.status == ItemStatus.IMPORTED, item.reason
    article = Article.objects.get(url=link)
    assert item.article == article and article.outlet.name == "Harbour Gazette"
    assert "Subscribe to our newsletter" not in article.text  # the page's main text only
    suggestion = Attribution.objects.get(article=article, claim=claim)
    assert (suggestion.origin, suggestion.review_state) == (Origin.MACHINE, ReviewState.SUGGESTED)
    assert (suggestion.proposed_actor, suggestion.stance) == ("Elena Varga", "asserts")

    # The watcher's inbox says so, linking to the suggested passage.
    [arrived] = InboxEntry.objects.filter(user=watcher)
    assert arrived.article == article and arrived.claim == claim
    assert arrived.link == f"/articles/{article.pk}/#suggestion-{suggestion.pk}"
    assert "Elena Varga" in arrived.text

    # The integration received the import, signed; the other subscription nothing.
    [imported] = receiver.received
    assert imported.verified
    assert imported.headers["Tracker-Event"] == "article.imported"
    assert imported.json["data"]["article"]["id"] == article.pk
    assert imported.json["data"]["article"]["url"] == link
    assert others.received == []

    # A colleague confirms the suggestion: the watcher and the integration hear of it.
    attribution_review(attribution=suggestion, decision=ReviewState.CONFIRMED, user=colleague)
    confirmed = InboxEntry.objects.filter(user=watcher, event="attribution.confirmed").get()
    assert confirmed.attribution_id == suggestion.pk
    _clock()  # nothing owed is left waiting for the clock
    assert [r.headers["Tracker-Event"] for r in receiver.received] == [
        "article.imported",
        "attribution.confirmed",
    ]
    sent = receiver.received[1]
    assert sent.verified
    assert sent.headers["Tracker-Delivery"] == sent.json["id"]
    data = sent.json["data"]["attribution"]
    assert data["actor"]["name"] == "Elena Varga"
    assert data["claim"]["id"] == claim.pk
    assert "would reopen within a week" in data["passage"]["exact"]
    assert data["passage"]["link"] == f"/articles/{article.pk}/#attribution-{suggestion.pk}"
    assert data["confirmed_by"] == colleague.username

    # The inbox page and its count, as the watcher sees them.
    client = Client()
    client.force_login(watcher)
    assert client.get("/inbox/count/").content.decode().count("2") >= 1
    page = client.get("/inbox/").content.decode()
    assert f"/articles/{article.pk}/#attribution-{suggestion.pk}" in page

    # The hourly digest, when due, e-mails both entries once.
    DigestPreference.objects.filter(user=watcher).update(
        next_due_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    assert "watch-digests" in _clock()
    _clock()
    [message] = mail.outbox
    assert message.to == ["wanda@example.org"]
    assert "2 new" in message.subject
    assert f"/articles/{article.pk}/#attribution-{suggestion.pk}" in message.body

    # The colleague's own confirmation is not news to the colleague.
    assert not InboxEntry.objects.filter(user=colleague).exists()
