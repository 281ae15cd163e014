"""News pages shaped like real ones (navigation, share buttons, related links, a cookie banner, a
footer, <meta> tags and JSON-LD), written for the tests: every outlet, person and sentence here
is invented."""

import http.server
import json
import threading
from contextlib import contextmanager

STORY = [
    "Millbrook's town council voted on Tuesday night to close the Ashford footbridge for six "
    "weeks of repairs, after engineers found corrosion in two of its steel supports.",
    "Council leader Dora Feltham said the closure was unavoidable. \u201cWe cannot ask people "
    "to walk over a bridge our own engineers have doubts about,\u201d she told the meeting.",
    "The opposition group disputed the timing. Its spokesman, Rupert Vane, said the council "
    "had known about the corrosion since the spring and should have acted before the school "
    "term began.",
    "Engineers from the county roads department will replace both supports and repaint the "
    "deck. A temporary crossing for pedestrians will run from the old mill car park.",
    "Residents at the meeting asked for a shuttle bus during the works; the council said it "
    "would consider the request at its next session in three weeks.",
]
TITLE = "Millbrook council shuts Ashford footbridge for repairs"
AUTHOR = "Imogen Castellane"
SITE = "The Millbrook Courier"
PUBLISHED = "2025-09-16"

# Page furniture: none of it may reach the article's text.
MENU = ["Home", "Local politics", "Weather desk", "Puzzles and games", "Subscribe today"]
SHARE = ["Share on Facebook", "Post to X", "Send this story by email", "Copy the link"]
RELATED = [
    "Harvest fair returns to the village green",
    "Bus timetable changes from October explained",
    "Library opening hours extended over winter",
]
COOKIES = "We use cookies to tailor what you read. Accept all or manage your choices."
FOOTER = "Copyright 2025 Millbrook Courier Media Group. All rights reserved."
FURNITURE = [*MENU, *SHARE, *RELATED, COOKIES, FOOTER]


def news_page(
    *,
    story: list[str] = STORY,
    title: str = TITLE,
    author: str = AUTHOR,
    site: str = SITE,
    published: str = PUBLISHED,
    lang: str = "en",
    json_ld: bool = True,
) -> str:
    ld = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": title,
        "datePublished": f"{published}T07:30:00+01:00",
        "author": {"@type": "Person", "name": author},
        "publisher": {"@type": "Organization", "name": site},
    }
    paragraphs = "\n".join(f"      <p>{p}</p>" for p in story)
    return f"""<!doctype html>
<html lang="{lang}">
<head>
  <meta charset="utf-8">
  <title>{title} | {site}</title>
  <meta property="og:title" content="{title}">
  <meta property="og:site_name" content="{site}">
  <meta property="og:type" content="article">
  <meta property="article:published_time" content="{published}T07:30:00+01:00">
  <meta name="author" content="{author}">
  {'<script type="application/ld+json">' + json.dumps(ld) + "</script>" if json_ld else ""}
  <style>.cookie-banner {{ position: fixed; bottom: 0; }}</style>
  <script>window.analyticsQueue = [];</script>
</head>
<body>
  <div class="cookie-banner" id="cookie-consent"><p>{COOKIES}</p>
    <button>Accept all</button> <button>Manage choices</button></div>
  <header class="site-header">
    <a class="logo" href="/">{site}</a>
    <nav class="main-nav"><ul>{"".join(f'<li><a href="/s/{n}">{m}</a></li>' for n, m in enumerate(MENU))}</ul></nav>
  </header>
  <main>
    <article class="story">
      <h1>{title}</h1>
      <p class="byline">By <span class="author">{author}</span></p>
      <time datetime="{published}">{published}</time>
      <div class="share-tools"><ul>{"".join(f'<li><a href="#share{n}">{s}</a></li>' for n, s in enumerate(SHARE))}</ul></div>
      <div class="story-body">
{paragraphs}
      </div>
    </article>
    <aside class="related"><h2>Related stories</h2>
      <ul>{"".join(f'<li><a href="/related/{n}">{r}</a></li>' for n, r in enumerate(RELATED))}</ul>
    </aside>
  </main>
  <footer class="site-footer"><p>{FOOTER}</p>
    <ul><li><a href="/about">About us</a></li><li><a href="/privacy">Privacy</a></li></ul></footer>
</body>
</html>
"""


SPANISH_STORY = [
    "El ayuntamiento de Villaserena aprobó el martes cerrar el puente peatonal durante seis "
    "semanas, después de que los ingenieros encontraran corrosión en dos de sus soportes.",
    "La alcaldesa, Dolores Ferrán, dijo que el cierre era inevitable y que la seguridad de los "
    "vecinos estaba por encima de cualquier otra consideración.",
    "La oposición criticó el calendario de las obras y pidió un autobús gratuito mientras dure "
    "el cierre; el pleno estudiará la petición dentro de tres semanas.",
]

# A page whose only text is its furniture: a section front with links and nothing to read.
EMPTY_FRONT = """<!doctype html><html lang="en"><head><title>Sections</title></head><body>
<nav><ul><li><a href="/a">Home</a></li><li><a href="/b">Sport</a></li></ul></nav>
<footer><p>Copyright Millbrook Courier Media Group.</p></footer></body></html>"""


class _Pages(http.server.BaseHTTPRequestHandler):
    pages: dict[str, str] = {}

    def do_GET(self):
        body = self.server.pages.get(self.path)
        if body is None:
            self.send_error(404)
            return
        raw = body.encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(raw)))
        self.end_headers()
        self.wfile.write(raw)

    def log_message(self, *args):
        pass


@contextmanager
def serving(pages: dict[str, str]):
    """A real HTTP server on 127.0.0.1 serving `pages` (path -> HTML, changeable while it runs);
    yields its base address."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Pages)
    server.daemon_threads = True
    server.pages = pages
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
