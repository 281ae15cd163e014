"""E-mail digests of the inbox: a periodic job claims the users whose digest is due and queues one
task each, which sends the new unread entries since the last digest and records it.

Claiming moves the due time forward by a lease (settings.DIGEST_LEASE) with a conditional
UPDATE that only one racing worker wins; the task records the digest only while it still holds
that lease. A worker that dies mid-task leaves the lease to expire, and the digest comes due
again: a digest is sent at least once, and twice only if a worker dies between sending the
e-mail and recording it.
"""

import datetime
import logging

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.tasks import task
from django.template.loader import render_to_string
from django.utils import timezone

from watch.models import DIGEST_INTERVALS, DigestFrequency, DigestPreference, InboxEntry

logger = logging.getLogger(__name__)

NO_ADDRESS = "Not sent: your account has no e-mail address."


def digests_queue_due(now: datetime.datetime | None = None, limit: int = 500) -> int:
    """Claim the digests that are due and queue a task for each; how many this worker won."""
    now = now or timezone.now()
    due = (
        DigestPreference.objects.exclude(frequency=DigestFrequency.OFF)
        .filter(next_due_at__lte=now)
        .order_by("next_due_at")
        .values_list("pk", flat=True)[:limit]
    )
    lease_until = now + datetime.timedelta(seconds=settings.DIGEST_LEASE)
    won = 0
    for pk in list(due):
        # Only one of the workers that read it as due moves it on: the others update no row.
        claimed = (
            DigestPreference.objects.filter(pk=pk, next_due_at__lte=now)
            .exclude(frequency=DigestFrequency.OFF)
            .update(next_due_at=lease_until)
        )
        if claimed:
            digest_send.enqueue(pk, lease_until.isoformat())
            won += 1
    return won


def digest_entries(preference: DigestPreference, until: datetime.datetime):
    """The user's unread entries that arrived since the last digest, up to `until`, oldest first."""
    entries = InboxEntry.objects.filter(
        user_id=preference.user_id, read_at__isnull=True, created_at__lte=until
    )
    if preference.digested_until is not None:
        entries = entries.filter(created_at__gt=preference.digested_until)
    return entries.order_by("created_at", "pk")


def absolute(link: str) -> str:
    return settings.SITE_URL.rstrip("/") + link


@task
def digest_send(preference_id: int, lease_until: str) -> str:
    """Send one user's digest if they have new unread entries, then record it and set the next
    due time. What happened, as a word: sent, empty, no-address or not-held."""
    lease = datetime.datetime.fromisoformat(lease_until)
    preference = DigestPreference.objects.select_related("user").filter(pk=preference_id).first()
    if (
        preference is None
        or preference.frequency == DigestFrequency.OFF
        or preference.next_due_at != lease
    ):
        # Turned off, changed, or claimed again after this task's lease ran out.
        return "not-held"
    now = timezone.now()
    entries = digest_entries(preference, now)
    limit = settings.DIGEST_MAX_ENTRIES
    shown = list(entries[: limit + 1])
    more = 0
    if len(shown) > limit:
        more = entries.count() - limit
        shown = shown[:limit]
    user = preference.user
    outcome, note, sent_at = "empty", "", preference.last_sent_at
    if shown and not user.email:
        outcome, note = "no-address", NO_ADDRESS
        logger.info("Digest for user %s not sent: no e-mail address.", user.pk)
    elif shown:
        _send(user, shown, more)
        outcome, sent_at = "sent", now
    DigestPreference.objects.filter(pk=preference.pk, next_due_at=lease).update(
        digested_until=now,
        last_sent_at=sent_at,
        note=note,
        next_due_at=now + DIGEST_INTERVALS[DigestFrequency(preference.frequency)],
    )
    return outcome


def _send(user, entries: list[InboxEntry], more: int) -> None:
    count = len(entries) + more
    context = {
        "user": user,
        "entries": [(entry, absolute(entry.link)) for entry in entries],
        "more": more,
        "inbox": absolute("/inbox/"),
        "watching": absolute("/watching/"),
    }
    subject = f"Claim tracker: {count} new in your inbox"
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string("watch/digest_email.txt", context),
        to=[user.email],
    )
    message.attach_alternative(render_to_string("watch/digest_email.html", context), "text/html")
    message.send()
