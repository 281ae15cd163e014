"""Fetching an article page by URL for import, refusing anything but the public web."""

import ipaddress
import socket
import urllib.error
import urllib.request
from urllib.parse import urlsplit

from django.conf import settings

TIMEOUT_SECONDS = 10
USER_AGENT = "ClaimTracker/1.0 (article import)"


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


def fetch_url(url: str, *, max_bytes: int | None = None) -> tuple[str, bool]:
    """The page's text and whether it is HTML. Only http(s), public addresses, bounded size and time."""
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise FetchError("Give a web address starting with http:// or https://.")
    port = parts.port or (443 if parts.scheme == "https" else 80)
    _public_address(parts.hostname, port)
    limit = max_bytes or settings.MAX_ARTICLE_CHARS * 4
    opener = urllib.request.build_opener(_NoRedirects)
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
    try:
        with opener.open(request, timeout=TIMEOUT_SECONDS) as response:
            content_type = response.headers.get("Content-Type", "")
            if not content_type.startswith(("text/html", "text/plain", "application/xhtml")):
                raise FetchError(
                    f"The page is {content_type or 'of unknown type'}, not text or HTML."
                )
            raw = response.read(limit + 1)
            charset = response.headers.get_content_charset() or "utf-8"
    except FetchError:
        raise
    except urllib.error.HTTPError as exc:
        raise FetchError(f"The site answered {exc.code} {exc.reason}.") from None
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        raise FetchError(
            f"The page could not be fetched ({getattr(exc, 'reason', exc)})."
        ) from None
    if len(raw) > limit:
        raise FetchError(f"The page is larger than {limit:,} bytes.")
    try:
        text = raw.decode(charset)
    except (LookupError, UnicodeDecodeError):
        text = raw.decode("utf-8", errors="replace")
    return text, "html" in content_type
