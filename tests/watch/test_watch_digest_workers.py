"""Digests sent by real `manage.py db_worker` processes to a real SMTP server (a small one this
test runs on 127.0.0.1): a worker killed (SIGKILL) while it sends leaves the digest to come due
again when its lease runs out, and the next workers send it once."""

import socketserver
import threading
import time

import pytest

from tests.test_background_workers import PATIENCE, migrated_sqlite, sqlite_tracker  # noqa: F401

LEASE = 3


class SMTPServer(socketserver.ThreadingTCPServer):
    """Just enough SMTP for Django's backend. While `stalling` is set, the answer to the end of a
    message's data is withheld (the sender waits, mid-send); `accepted` holds the messages
    answered 250."""

    daemon_threads = True
    allow_reuse_address = True

    def __init__(self):
        super().__init__(("127.0.0.1", 0), SMTPHandler)
        self.accepted: list[str] = []
        self.stalled = threading.Event()
        self.stalling = True


class SMTPHandler(socketserver.StreamRequestHandler):
    def reply(self, line: str) -> None:
        self.wfile.write(f"{line}\r\n".encode())
        self.wfile.flush()

    def handle(self) -> None:
        server: SMTPServer = self.server  # type: ignore[assignment]
        try:
            self.reply("220 localhost test SMTP")
            while line := self.rfile.readline():
                command = line.decode().strip().upper()
                if command.startswith(("EHLO", "HELO")):
                    self.reply("250 localhost")
                elif command.startswith(("MAIL", "RCPT", "RSET", "NOOP")):
                    self.reply("250 OK")
                elif command == "DATA":
                    self.reply("354 End data with <CR><LF>.<CR><LF>")
                    body = []
                    while (data := self.rfile.readline()) not in (b".\r\n", b""):
                        body.append(data.decode())
                    if server.stalling:
                        server.stalled.set()
                        while self.rfile.readline():  # until the sender's connection dies
                            pass
                        return
                    server.accepted.append("".join(body))
                    self.reply("250 Queued")
                elif command == "QUIT":
                    self.reply("221 Bye")
                    return
                else:
                    self.reply("502 Not implemented")
        except ConnectionError:
            return


@pytest.fixture
def smtp():
    server = SMTPServer()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def _setup(tracker) -> None:
    script = (
        "import datetime; from django.contrib.auth import get_user_model;"
        "from django.utils import timezone; from watch.models import DigestPreference, InboxEntry;"
        "u = get_user_model().objects.create_user('wanda', email='wanda@example.org');"
        "now = timezone.now();"
        "DigestPreference.objects.create(user=u, frequency='hourly',"
        " digested_until=now - datetime.timedelta(hours=1), next_due_at=now);"
        "InboxEntry.objects.create(user=u, kind='claim', event='claim.status_changed', key='k',"
        " text='The ferry hit rocks is now contested', link='/claims/1/')"
    )
    tracker.manage("shell", "-v0", "-c", script)


def test_a_worker_killed_while_sending_a_digest_leaves_it_to_the_next_and_it_is_sent_once(
    migrated_sqlite,  # noqa: F811
    tmp_path,
    smtp,
):
    tracker, _ = sqlite_tracker(migrated_sqlite, tmp_path)
    _setup(tracker)
    mail = {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(smtp.server_address[1]),
        "EMAIL_TIMEOUT": str(PATIENCE),
        "DIGEST_CHECK_SECONDS": "1",
        "DIGEST_LEASE": str(LEASE),
        "SITE_URL": "https://tracker.example",
    }
    try:
        first = tracker.start_worker("worker-1", **mail)
        tracker.wait_for("the first worker to be sending", smtp.stalled.is_set)
        first.kill()
        first.wait()
        assert smtp.accepted == []
        assert tracker.query("SELECT last_sent_at FROM watch_digestpreference") == [(None,)]
        smtp.stalling = False
        # Two workers now: the digest comes due again when the dead worker's lease runs out,
        # and one of them claims it.
        tracker.start_worker("worker-2", **mail)
        tracker.start_worker("worker-3", **mail)
        tracker.wait_for("the digest to be sent", lambda: len(smtp.accepted) >= 1)
        tracker.wait_for(
            "the digest to be recorded",
            lambda: tracker.query("SELECT last_sent_at FROM watch_digestpreference")[0][0],
        )
        time.sleep(2 * LEASE)  # time enough for a second sending, were there one
    finally:
        tracker.stop_workers()
    [message] = smtp.accepted
    assert "wanda@example.org" in message and "The ferry hit rocks is now contested" in message
    assert "https://tracker.example/claims/1/" in message
    # The killed worker's task stays RUNNING (the queue never hands it out again); the one that
    # took over succeeded.
    statuses = dict(
        tracker.query(
            "SELECT status, COUNT(*) FROM django_tasks_database_dbtaskresult GROUP BY status"
        )
    )
    assert statuses == {"RUNNING": 1, "SUCCESSFUL": 1}
