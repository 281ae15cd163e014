"""One delivery attempt over HTTP: the target checked against the address rule, the body
signed, one deadline for the whole attempt, no redirects followed, a bounded excerpt of the
answer kept.

The signature scheme (README, "Webhooks"): the header `Tracker-Signature: t=<ts>,v1=<hex>`,
where <hex> is HMAC-SHA256, keyed with the webhook's secret, of `<ts>.<raw body>`.
"""

import hashlib
import hmac
import http.client
import ipaddress
import socket
import time
from dataclasses import dataclass
from urllib.parse import quote, urlsplit

from articles.fetch import _Deadline, _watched

USER_AGENT = "ClaimTracker-Webhooks/1.0"
EXCERPT_BYTES = 512
EXCERPT_CHARS = 500


class AddressRefused(ValueError):
    """The target may not be reached; the message says why, in the subscriber's words."""


def sign(secret: str, timestamp: int, body: bytes) -> str:
    """The hex HMAC-SHA256 of `<timestamp>.<body>` keyed with `secret`."""
    message = str(timestamp).encode() + b"." + body
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def _private(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    # The rule an import by URL follows (articles.fetch._public_address).
    return (
        address.is_loopback
        or address.is_private
        or address.is_link_local
        or address.is_multicast
        or address.is_reserved
        or address.is_unspecified
    )


def target_parts(url: str) -> tuple[str, str, int, str]:
    """(scheme, host, port, path with query) of a target URL, or AddressRefused."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:
        raise AddressRefused(
            "The address has no valid host and port (a port is at most 65535)."
        ) from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise AddressRefused("Give an address starting with http:// or https://.")
    if parts.username is not None or parts.password is not None:
        raise AddressRefused(
            "Put no user name or password in the address; the signature proves who is sending."
        )
    # The request line is ASCII: the path and query percent-encoded (what is encoded stays so).
    path = quote(parts.path or "/", safe="/%:@!$&'()*+,;=-._~")
    if parts.query:
        path += "?" + quote(parts.query, safe="/?%:@!$&'()*+,;=-._~")
    try:
        host = parts.hostname.encode("idna").decode("ascii")
    except UnicodeError:
        raise AddressRefused(f"The host “{parts.hostname}” is not a valid domain name.") from None
    return parts.scheme, host, port or (443 if parts.scheme == "https" else 80), path


def resolve(host: str, port: int, *, allow_private: bool) -> str:
    """The address to connect to for `host`: every address it resolves to must be public
    (unless `allow_private`), and the one connected to is one of those checked, so a name that
    resolves differently a moment later cannot lead the request elsewhere."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError):
        raise AddressRefused(f"The host “{host}” could not be found.") from None
    addresses = [info[4][0] for info in infos]
    if not allow_private:
        for text in addresses:
            address = ipaddress.ip_address(text.split("%")[0])
            if _private(address):
                raise AddressRefused(
                    f"The address of “{host}” ({address}) is a local or private network "
                    "address; webhooks are sent to public addresses only."
                )
    return addresses[0]


def check_target(url: str, *, allow_private: bool) -> None:
    """Raise AddressRefused unless `url` is an http(s) address a webhook may be sent to."""
    _, host, port, _ = target_parts(url)
    resolve(host, port, allow_private=allow_private)


def _escaped(raw: bytes) -> str:
    """The start of an answer as text, every control character written as an escape."""
    text = raw.decode("utf-8", errors="replace")
    text = "".join(c if c.isprintable() else c.encode("unicode_escape").decode() for c in text)
    return text[:EXCERPT_CHARS]


@dataclass
class Outcome:
    ok: bool
    status: int | None = None
    excerpt: str = ""
    error: str = ""
    duration_ms: int = 0


def post(
    url: str, *, body: bytes, headers: dict[str, str], timeout: float, allow_private: bool
) -> Outcome:
    """POST `body` to `url`; 2xx is success, anything else (another status, a redirect, no
    answer within `timeout` seconds, a refused address, a broken connection) a failure."""
    started = time.monotonic()

    def outcome(**kwargs) -> Outcome:
        return Outcome(duration_ms=int((time.monotonic() - started) * 1000), **kwargs)

    try:
        scheme, host, port, path = target_parts(url)
        address = resolve(host, port, allow_private=allow_private)
    except AddressRefused as exc:
        return outcome(ok=False, error=f"Not sent: {exc}")
    deadline = _Deadline(timeout)
    base = http.client.HTTPSConnection if scheme == "https" else http.client.HTTPConnection

    class Pinned(_watched(base, deadline)):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            # Connect to the address checked above; Host and TLS still name the host.
            self._create_connection = lambda where, *a, **k: socket.create_connection(
                (address, where[1]), *a, **k
            )

    connection = Pinned(host, port, timeout=deadline.remaining())
    status = None
    try:
        connection.request("POST", path, body=body, headers={**headers, "User-Agent": USER_AGENT})
        response = connection.getresponse()
        status = response.status
        raw = b""
        try:
            while len(raw) < EXCERPT_BYTES:
                chunk = response.read1(EXCERPT_BYTES - len(raw))
                if not chunk:
                    break
                raw += chunk
        except (OSError, http.client.HTTPException):
            pass  # the status decides; an answer cut short at the deadline keeps what came
        excerpt = _escaped(raw)
        if 200 <= status < 300:
            return outcome(ok=True, status=status, excerpt=excerpt)
        if 300 <= status < 400:
            where = response.getheader("Location", "")
            error = f"Answered {status} (a redirect to {where[:200]}); redirects are not followed."
        else:
            error = f"Answered {status} {response.reason[:100]}."
        return outcome(ok=False, status=status, excerpt=excerpt, error=error)
    except (OSError, http.client.HTTPException) as exc:
        if deadline.expired or time.monotonic() >= deadline.at:
            error = (
                f"No complete answer within {timeout:g} second{'' if timeout == 1 else 's'}; "
                "the attempt was ended."
            )
        else:
            error = f"Could not connect or send: {exc or type(exc).__name__}."[:500]
        return outcome(ok=False, status=status, error=error)
    finally:
        deadline.cancel()
        connection.close()
