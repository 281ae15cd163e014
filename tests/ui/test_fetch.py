import http.server
import threading
import time

import pytest

from articles.fetch import FetchError, fetch_url


def test_it_refuses_to_fetch_from_the_trackers_own_server(live_server):
    # The live server listens on loopback: an import must never reach the tracker's own network.
    with pytest.raises(
        FetchError, match="is a local or private network address; only public web pages"
    ):
        fetch_url(f"{live_server.url}/healthz")


def test_it_refuses_a_scheme_the_fetcher_does_not_speak():
    with pytest.raises(FetchError, match="http:// or https://"):
        fetch_url("file:///etc/passwd")


def test_it_refuses_a_host_that_does_not_resolve():
    with pytest.raises(FetchError, match="could not be found"):
        fetch_url("http://no-such-host.invalid/story")


class _Trickle(http.server.BaseHTTPRequestHandler):
    """A slow server: one byte every 0.2 s, of the headers (/slow-headers) or of the body."""

    BODY = b"<html><body>" + b"x" * 60 + b"</body></html>"

    def do_GET(self):
        head = (
            "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n"
            f"Content-Length: {len(self.BODY)}\r\n\r\n"
        ).encode()
        if self.path == "/fast":
            self.wfile.write(head + self.BODY)
            return
        slow = head + self.BODY if self.path == "/slow-headers" else self.BODY
        if self.path != "/slow-headers":
            self.wfile.write(head)
        try:
            for n in range(len(slow)):
                self.wfile.write(slow[n : n + 1])
                self.wfile.flush()
                time.sleep(0.2)
        except OSError:
            pass  # The client gave up, as it should.

    def log_message(self, *args):
        pass


@pytest.fixture
def trickling_server():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Trickle)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_it_fetches_a_page_well_within_the_deadline(trickling_server, settings):
    settings.URL_FETCH_DEADLINE = 1
    text, is_html = fetch_url(f"{trickling_server}/fast", public_only=False)
    assert is_html and text == _Trickle.BODY.decode()


@pytest.mark.parametrize("path", ["/slow-body", "/slow-headers"])
def test_it_gives_up_on_a_trickling_server_at_the_deadline(trickling_server, settings, path):
    # Each byte comes well within the 10 s read timeout, so only the overall deadline stops it;
    # the whole page would take about 15 s.
    settings.URL_FETCH_DEADLINE = 1
    started = time.monotonic()
    with pytest.raises(FetchError, match="took longer than 1 second to send the page"):
        fetch_url(f"{trickling_server}{path}", public_only=False)
    assert time.monotonic() - started < 2.5
