"""A real feed site on 127.0.0.1 for the feed tests: RSS and Atom feeds and news pages written
for these tests, served by the stdlib http.server in a thread. It honours If-None-Match and
If-Modified-Since, records every request's headers, and can hold a page open (the response
started, the body never sent until released) or trickle it a byte at a time."""

import http.server
import threading
import time
from dataclasses import dataclass, field
from email.utils import formatdate
from html import escape
from urllib.parse import unquote

RSS_TYPE = "application/rss+xml; charset=utf-8"
ATOM_TYPE = "application/atom+xml; charset=utf-8"
HTML_TYPE = "text/html; charset=utf-8"


@dataclass
class Route:
    body: bytes
    content_type: str = HTML_TYPE
    status: int = 200
    etag: str = ""
    last_modified: str = ""
    hold: threading.Event | None = None  # body sent only once set
    trickle: bool = False  # one byte every 0.2 s
    headers: dict = field(default_factory=dict)


@dataclass
class FeedSite:
    base: str = ""
    routes: dict[str, Route] = field(default_factory=dict)
    requests: list[tuple[str, dict]] = field(default_factory=list)
    held: threading.Event = field(default_factory=threading.Event)

    def url(self, path: str) -> str:
        return f"{self.base}{path}"

    def serve(self, path: str, body: str | bytes, content_type: str = HTML_TYPE, **kwargs) -> str:
        data = body.encode() if isinstance(body, str) else body
        self.routes[path] = Route(data, content_type, **kwargs)
        return self.url(path)

    def hits(self, path: str) -> list[dict]:
        return [headers for p, headers in self.requests if p == path]


def _handler(site: FeedSite):
    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self):
            # Routes are named as written; a request line carries them percent-encoded.
            path = unquote(self.path)
            site.requests.append((path, {k.lower(): v for k, v in self.headers.items()}))
            route = site.routes.get(path)
            if route is None:
                self._answer(404, b"Not found", HTML_TYPE)
                return
            validators = dict(route.headers)
            if route.etag:
                validators["ETag"] = route.etag
            if route.last_modified:
                validators["Last-Modified"] = route.last_modified
            if (route.etag and self.headers.get("If-None-Match") == route.etag) or (
                route.last_modified and self.headers.get("If-Modified-Since") == route.last_modified
            ):
                self.send_response(304)
                for name, value in validators.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            self._answer(route.status, route.body, route.content_type, validators, route)

        def _answer(self, status, body, content_type, headers=None, route=None):
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.end_headers()
            try:
                if route is not None and route.hold is not None:
                    self.wfile.flush()
                    site.held.set()
                    route.hold.wait(600)
                if route is not None and route.trickle:
                    for n in range(len(body)):
                        self.wfile.write(body[n : n + 1])
                        self.wfile.flush()
                        time.sleep(0.2)
                else:
                    self.wfile.write(body)
            except OSError:
                pass  # The client gave up (a deadline, or a killed worker).

        def log_message(self, *args):
            pass

    return Handler


def start(site: FeedSite) -> http.server.ThreadingHTTPServer:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _handler(site))
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    site.base = f"http://127.0.0.1:{server.server_address[1]}"
    return server


def http_date(seconds: float = 0) -> str:
    return formatdate(seconds or time.time(), usegmt=True)


def rss(items: list[dict], title: str = "Harbour Gazette: latest") -> str:
    """An RSS 2.0 feed of `items` (guid, link, title, summary, published as an RFC 822 date)."""
    entries = "".join(
        "<item>"
        + (f'<guid isPermaLink="false">{escape(i["guid"])}</guid>' if i.get("guid") else "")
        + (f"<link>{escape(i['link'])}</link>" if i.get("link") else "")
        + f"<title>{escape(i.get('title', ''))}</title>"
        + f"<description>{escape(i.get('summary', ''))}</description>"
        + (f"<pubDate>{i['published']}</pubDate>" if i.get("published") else "")
        + "</item>"
        for i in items
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>{escape(title)}</title><link>http://example.org/</link>"
        f"<description>News</description>{entries}</channel></rss>"
    )


def atom(items: list[dict], title: str = "Coastal Wire") -> str:
    entries = "".join(
        "<entry>"
        f"<id>{escape(i['guid'])}</id>"
        f"<title>{escape(i.get('title', ''))}</title>"
        f'<link rel="alternate" href="{escape(i["link"])}"/>'
        f"<updated>{i.get('updated', '2026-03-01T10:00:00Z')}</updated>"
        f"<summary>{escape(i.get('summary', ''))}</summary>"
        "</entry>"
        for i in items
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
        f"<title>{escape(title)}</title><id>urn:coastal-wire</id>"
        f"<updated>2026-03-01T10:00:00Z</updated>{entries}</feed>"
    )


def news_page(headline: str, paragraphs: list[str], *, lang: str = "en", site: str = "") -> str:
    """A news article page: header, navigation, the story, a footer."""
    body = "".join(f"<p>{escape(p)}</p>" for p in paragraphs)
    return f"""<!doctype html>
<html lang="{lang}"><head><meta charset="utf-8"><title>{escape(headline)}</title>
<meta property="og:title" content="{escape(headline)}">
{f'<meta property="og:site_name" content="{escape(site)}">' if site else ""}
<meta name="author" content="Staff reporter">
<meta property="article:published_time" content="2026-03-02T08:00:00Z">
</head><body>
<header><nav><a href="/">Home</a> <a href="/world">World</a> <a href="/sport">Sport</a></nav></header>
<main><article><h1>{escape(headline)}</h1>
<p class="byline">By Staff reporter, 2 March 2026</p>
{body}
</article></main>
<footer><p>Subscribe to our newsletter.</p><p>All rights reserved.</p></footer>
</body></html>"""


def story(n: int, topic: str = "harbour") -> list[str]:
    """Sentences in which named people assert and deny things, each story its own text."""
    return [
        f"Harbour minister Elena Varga said on Monday that the {topic} terminal number {n} "
        "would reopen within a week after the storm damage was repaired.",
        f"The operator's chief executive, Tomas Brandt, denied that the crews at terminal {n} "
        "had ignored the storm warnings issued by the coastguard.",
        f"Inspectors from the maritime authority said that the cranes at terminal {n} had been "
        "checked twice before the storm reached the coast on Sunday evening.",
        f"Local fishermen told reporters that the waves at terminal {n} were the highest they "
        "had seen in thirty years, and that several boats were lost.",
    ]
