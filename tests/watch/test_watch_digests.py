"""E-mail digests: due ones claimed by one worker, one e-mail of the new unread entries (plain text
and HTML, escaped, absolute links), recorded so it is not sent twice; none when there is nothing."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from watch.digests import NO_ADDRESS, digest_send, digests_queue_due
from watch.models import DigestFrequency, DigestPreference, InboxEntry
from watch.services import digest_set

pytestmark = pytest.mark.django_db

HOSTILE = '<script>alert("x")</script>'


def _entry(user, n, text=None, link="/claims/1/"):
    return InboxEntry.objects.create(
        user=user,
        kind="claim",
        event="claim.status_changed",
        key=f"test:{n}",
        text=text or f"Entry {n}",
        link=link,
    )


def _due(preference, *, ago=datetime.timedelta(seconds=1)):
    DigestPreference.objects.filter(pk=preference.pk).update(next_due_at=timezone.now() - ago)


def test_choosing_a_digest_sets_its_first_due_time(watcher):
    before = timezone.now()
    preference = digest_set(user=watcher, frequency="daily")
    assert preference.frequency == DigestFrequency.DAILY
    assert preference.next_due_at >= before + datetime.timedelta(days=1)
    assert preference.digested_until >= before
    off = digest_set(user=watcher, frequency="off")
    assert off.next_due_at is None
    assert digests_queue_due() == 0


def test_a_due_digest_sends_one_email_of_the_new_unread_entries(watcher):
    preference = digest_set(user=watcher, frequency="hourly")
    old = _entry(watcher, 0)
    InboxEntry.objects.filter(pk=old.pk).update(created_at=preference.digested_until)
    read = _entry(watcher, 1)
    read.read_at = timezone.now()
    read.save()
    _entry(watcher, 2, text=f"Rocks {HOSTILE} confirmed", link="/articles/4/#attribution-9")
    _entry(watcher, 3, text="Second news")
    _due(preference)
    assert digests_queue_due() == 1  # the task ran at once (test settings)
    [message] = mail.outbox
    assert message.to == ["wanda@example.org"]
    assert message.subject == "Claim tracker: 2 new in your inbox"
    # Plain text: the entries as written, with absolute links.
    assert f"Rocks {HOSTILE} confirmed" in message.body and "Second news" in message.body
    assert "https://tracker.example/articles/4/#attribution-9" in message.body
    assert "Entry 0" not in message.body and "Entry 1" not in message.body
    [(html, mimetype)] = message.alternatives
    assert mimetype == "text/html"
    assert (
        "<script>" not in html and "Rocks &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
    )
    assert 'href="https://tracker.example/articles/4/#attribution-9"' in html
    preference.refresh_from_db()
    assert preference.last_sent_at is not None
    assert preference.next_due_at > timezone.now() + datetime.timedelta(minutes=59)


def test_a_digest_is_not_sent_twice(watcher):
    preference = digest_set(user=watcher, frequency="hourly")
    _entry(watcher, 1)
    _due(preference)
    assert digests_queue_due() == 1
    assert digests_queue_due() == 0  # no longer due
    _due(DigestPreference.objects.get(pk=preference.pk))
    digests_queue_due()  # due again, but nothing new since the last one
    assert len(mail.outbox) == 1
    _entry(watcher, 2, text="Fresh news")
    _due(preference)
    digests_queue_due()
    assert len(mail.outbox) == 2 and "Fresh news" in mail.outbox[1].body
    assert "Entry 1" not in mail.outbox[1].body


def test_nothing_new_sends_nothing_but_moves_the_due_time(watcher):
    preference = digest_set(user=watcher, frequency="weekly")
    _due(preference)
    digests_queue_due()
    assert mail.outbox == []
    preference.refresh_from_db()
    assert preference.next_due_at > timezone.now() + datetime.timedelta(days=6)
    assert preference.last_sent_at is None


def test_a_user_without_an_address_is_skipped_and_told(watcher):
    watcher.email = ""
    watcher.save()
    preference = digest_set(user=watcher, frequency="hourly")
    _entry(watcher, 1)
    _due(preference)
    digests_queue_due()
    assert mail.outbox == []
    preference.refresh_from_db()
    assert preference.note == NO_ADDRESS and preference.last_sent_at is None


def test_only_one_of_two_racing_workers_claims_a_digest(watcher, other_watcher):
    """Both read the digest as due; the conditional update lets one of them have it."""
    preference = digest_set(user=watcher, frequency="hourly")
    _entry(watcher, 1)
    _due(preference)
    now = timezone.now()
    due = DigestPreference.objects.filter(next_due_at__lte=now).values_list("pk", flat=True)
    assert list(due) == [preference.pk]
    lease = now + datetime.timedelta(minutes=10)
    first = DigestPreference.objects.filter(pk=preference.pk, next_due_at__lte=now).update(
        next_due_at=lease
    )
    assert first == 1
    # The second worker, having read it as due at the same moment, now finds it taken.
    assert digests_queue_due(now=now) == 0
    assert mail.outbox == []


def test_a_task_whose_lease_ran_out_sends_nothing(watcher):
    """A worker died holding the digest; it came due again and another worker claimed it. The
    first task, should it still run, sees the lease is no longer its own."""
    preference = digest_set(user=watcher, frequency="hourly")
    _entry(watcher, 1)
    stale = timezone.now() - datetime.timedelta(minutes=20)
    DigestPreference.objects.filter(pk=preference.pk).update(next_due_at=stale)
    # Claimed again: the lease moves on.
    assert digests_queue_due() == 1
    assert len(mail.outbox) == 1
    assert digest_send.call(preference.pk, stale.isoformat()) == "not-held"
    assert len(mail.outbox) == 1


def test_the_digest_choice_on_the_watching_page(watcher, client):
    client.force_login(watcher)
    response = client.post("/watching/digest/", {"frequency": "daily"}, follow=True)
    assert "Daily digest chosen." in response.content.decode()
    assert DigestPreference.objects.get(user=watcher).frequency == "daily"
    response = client.post("/watching/digest/", {"frequency": "every minute"}, follow=True)
    assert "Choose off, hourly, daily or weekly." in response.content.decode()
    assert DigestPreference.objects.get(user=watcher).frequency == "daily"
