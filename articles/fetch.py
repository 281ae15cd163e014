"""Fetching an article page or a news feed by URL, refusing anything but the public web."""

import http.client
import ipaddress
import socket
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from urllib.parse import quote, urlsplit, urlunsplit

from django.conf import settings

TIMEOUT_SECONDS = 10
USER_AGENT = "ClaimTracker/1.0 (article import)"
FEED_USER_AGENT = "ClaimTracker/1.0 (feed reader)"
# What a feed may be served as: RSS, Atom or XML in general (many sites send text/xml).
FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/xml", "text/xml")


class FetchError(ValueError):
    """The page cannot be imported; the message says why, in the analyst's words."""


def _public_address(host: str, port: int) -> None:
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError):
        raise FetchError(f"The host “{host}” could not be found.") from None
    for info in infos:
        address = ipaddress.ip_address(info[4][0].split("%")[0])
        if (
            address.is_loopback
            or address.is_private
            or address.is_link_local
            or address.is_multicast
            or address.is_reserved
            or address.is_unspecified
        ):
            raise FetchError(
                f"The address of “{host}” ({address}) is a local or private network address; "
                "only public web pages can be imported by URL."
            )


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    # A redirect could lead to a private address after the check; the analyst can paste the target.
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        raise FetchError(f"The page redirects to {newurl}; import that address instead.")


class _Deadline:
    """One deadline for the whole fetch. The socket's own timeout restarts with every byte, so a
    server trickling its headers or body could hold the request for as long as it likes; at the
    deadline a timer shuts the socket, which ends whatever read is waiting on it."""

    def __init__(self, seconds: float):
        self.seconds = seconds
        self.at = time.monotonic() + seconds
        self.expired = False
        self._timer: threading.Timer | None = None

    def remaining(self) -> float:
        return max(self.at - time.monotonic(), 0.001)

    def watch(self, sock: socket.socket) -> None:
        self._timer = threading.Timer(self.remaining(), self._expire, args=(sock,))
        self._timer.daemon = True
        self._timer.start()

    def _expire(self, sock: socket.socket) -> None:
        self.expired = True
        try:
            sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass  # Already closed: the fetch ended as the deadline came.

    def check(self) -> None:
        if self.expired or time.monotonic() >= self.at:
            self.expired = True
            raise FetchError(
                f"The site took longer than {self.seconds:g} "
                f"second{'' if self.seconds == 1 else 's'} to send the page; nothing was imported."
            )

    def cancel(self) -> None:
        if self._timer is not None:
            self._timer.cancel()


def _watched(connection_class, deadline: _Deadline):
    """`connection_class`, connecting within what is left of `deadline` and then watched by it."""

    class Watched(connection_class):
        def connect(self):
            self.timeout = min(self.timeout, deadline.remaining())
            super().connect()
            deadline.watch(self.sock)

    return Watched


class _HTTPHandler(urllib.request.HTTPHandler):
    def __init__(self, deadline: _Deadline):
        super().__init__()
        self.deadline = deadline

    def http_open(self, req):
        return self.do_open(_watched(http.client.HTTPConnection, self.deadline), req)


class _HTTPSHandler(urllib.request.HTTPSHandler):
    def __init__(self, deadline: _Deadline):
        super().__init__()
        self.deadline = deadline

    def https_open(self, req):
        return self.do_open(
            _watched(http.client.HTTPSConnection, self.deadline), req, context=self._context
        )


def check_address(url: str, *, public_only: bool = True) -> str:
    """`url`, refused (FetchError) unless http(s) with a valid host and port, and with
    `public_only` an address on the public internet."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:
        # A port past 65535 (which URL validation lets through), or a broken [IPv6] host.
        raise FetchError(
            "The web address has no valid host and port (a port is at most 65535)."
        ) from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise FetchError("Give a web address starting with http:// or https://.")
    try:
        host = parts.hostname.encode("idna").decode("ascii")
    except UnicodeError:
        raise FetchError(f"The host “{parts.hostname}” is not a valid domain name.") from None
    if public_only:
        _public_address(host, port or (443 if parts.scheme == "https" else 80))
    return _ascii_url(parts, host, port)


def _ascii_url(parts, host: str, port: int | None) -> str:
    """The address as a request line carries it: the host in IDNA, the path and query in
    percent-encoding (what is already encoded stays so), the fragment left out."""
    netloc = f"[{host}]" if ":" in host else host
    if port is not None:
        netloc += f":{port}"
    path = quote(parts.path or "/", safe="/%:@!$&'()*+,;=-._~")
    query = quote(parts.query, safe="/?%:@!$&'()*+,;=-._~")
    return urlunsplit((parts.scheme, netloc, path, query, ""))


def _opener(deadline: _Deadline):
    return urllib.request.build_opener(
        _NoRedirects, _HTTPHandler(deadline), _HTTPSHandler(deadline)
    )


def fetch_url(
    url: str, *, max_bytes: int | None = None, public_only: bool = True
) -> tuple[str, bool]:
    """The page's text and whether it is HTML. Only http(s), public addresses, bounded size, and
    settings.URL_FETCH_DEADLINE seconds for the whole of it.

    `public_only=False` lets the tests reach a server of their own on loopback; no page or form
    passes it (feeds do only when settings.FEEDS_ALLOW_PRIVATE is on).
    """
    url = check_address(url, public_only=public_only)
    limit = max_bytes or settings.MAX_ARTICLE_CHARS * 4
    deadline = _Deadline(settings.URL_FETCH_DEADLINE)
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
    try:
        with _opener(deadline).open(
            request, timeout=min(TIMEOUT_SECONDS, deadline.remaining())
        ) as response:
            content_type = response.headers.get("Content-Type", "")
            if not content_type.startswith(("text/html", "text/plain", "application/xhtml")):
                raise FetchError(
                    f"The page is {content_type or 'of unknown type'}, not text or HTML."
                )
            raw = _read(response, limit + 1, deadline)
            charset = response.headers.get_content_charset() or "utf-8"
    except FetchError:
        raise
    except urllib.error.HTTPError as exc:
        raise FetchError(f"The site answered {exc.code} {exc.reason}.") from None
    except (urllib.error.URLError, TimeoutError, OSError, http.client.HTTPException) as exc:
        # The shut socket surfaces as whatever error the interrupted read met.
        deadline.check()
        raise FetchError(
            f"The page could not be fetched ({getattr(exc, 'reason', exc)})."
        ) from None
    finally:
        deadline.cancel()
    if len(raw) > limit:
        raise FetchError(f"The page is larger than {limit:,} bytes.")
    try:
        text = raw.decode(charset)
    except (LookupError, UnicodeDecodeError):
        text = raw.decode("utf-8", errors="replace")
    return text, "html" in content_type


@dataclass
class FeedResponse:
    """A feed's answer: 200 with its body, or 304 (not modified since the validators sent)."""

    status: int
    body: bytes = b""
    content_type: str = ""
    etag: str = ""
    last_modified: str = ""

    @property
    def not_modified(self) -> bool:
        return self.status == 304


def fetch_feed(
    url: str,
    *,
    etag: str = "",
    last_modified: str = "",
    max_bytes: int | None = None,
    public_only: bool = True,
) -> FeedResponse:
    """A feed's body, asked for conditionally: with the ETag and Last-Modified of the last answer,
    a feed unchanged since answers 304 and sends nothing. The same rules as `fetch_url`: http(s),
    public addresses, no redirects, settings.URL_FETCH_DEADLINE for the whole of it; the body is
    at most `max_bytes` (settings.FEED_MAX_BYTES) and must be served as RSS, Atom or XML. The
    body is returned as bytes: the XML declares its own encoding, which the parser reads."""
    url = check_address(url, public_only=public_only)
    limit = max_bytes or settings.FEED_MAX_BYTES
    deadline = _Deadline(settings.URL_FETCH_DEADLINE)
    headers = {"User-Agent": FEED_USER_AGENT, "Accept": ", ".join(FEED_TYPES)}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    request = urllib.request.Request(url, headers=headers)
    try:
        with _opener(deadline).open(
            request, timeout=min(TIMEOUT_SECONDS, deadline.remaining())
        ) as response:
            content_type = response.headers.get("Content-Type", "")
            if response.headers.get_content_type() not in FEED_TYPES:
                raise FetchError(
                    f"The address serves {content_type or 'something of unknown type'}, "
                    "not an RSS or Atom feed."
                )
            raw = _read(response, limit + 1, deadline)
            answer = FeedResponse(
                status=response.status,
                body=raw,
                content_type=content_type,
                etag=response.headers.get("ETag", "")[:500],
                last_modified=response.headers.get("Last-Modified", "")[:100],
            )
    except FetchError:
        raise
    except urllib.error.HTTPError as exc:
        if exc.code == 304:
            return FeedResponse(
                status=304,
                etag=exc.headers.get("ETag", "")[:500] or etag,
                last_modified=exc.headers.get("Last-Modified", "")[:100] or last_modified,
            )
        raise FetchError(f"The site answered {exc.code} {exc.reason}.") from None
    except (urllib.error.URLError, TimeoutError, OSError, http.client.HTTPException) as exc:
        deadline.check()
        raise FetchError(
            f"The feed could not be fetched ({getattr(exc, 'reason', exc)})."
        ) from None
    finally:
        deadline.cancel()
    if len(raw) > limit:
        raise FetchError(
            f"The feed is larger than {limit:,} bytes (FEED_MAX_BYTES); nothing of it was read."
        )
    return answer


def _read(response, most: int, deadline: _Deadline) -> bytes:
    """Up to `most` bytes of the body, a chunk at a time, so the deadline is seen between them."""
    chunks: list[bytes] = []
    size = 0
    while size < most:
        chunk = response.read1(min(65536, most - size))
        # A socket shut by the deadline reads as the end of the body.
        deadline.check()
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
    return b"".join(chunks)
