"""A real webhook receiver for the tests: a stdlib HTTP server on 127.0.0.1 in a thread that
records every request and checks its signature as a subscriber would, with the `verify`
function printed in the README (read from there, so the docs cannot drift from what is sent)."""

import re
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

README = Path(__file__).resolve().parents[2] / "README.md"


def readme_verify():
    """The `verify` function of the README's "Webhooks" section."""
    text = README.read_text(encoding="utf-8")
    section = text.split("\n## Webhooks\n", 1)[1].split("\n## ", 1)[0]
    code = re.search(r"```python\n(.*?)```", section, re.S).group(1)
    namespace: dict = {}
    exec(compile(code, "README.md (Webhooks)", "exec"), namespace)
    return namespace["verify"]


@dataclass
class Received:
    path: str
    headers: dict
    body: bytes
    verified: bool
    at: float

    @property
    def json(self):
        import json

        return json.loads(self.body)


@dataclass
class Receiver:
    """`answers`: statuses to answer in turn (the last one repeats); "hang" holds the request
    open, unanswered, until `release()` (or the client goes away)."""

    secret: str = ""
    answers: list = field(default_factory=lambda: [200])
    received: list = field(default_factory=list)

    def __post_init__(self):
        self.verify = readme_verify()
        self.released = threading.Event()
        self.arrived = threading.Event()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                receiver.received.append(
                    Received(
                        self.path,
                        dict(self.headers),
                        body,
                        receiver.verify(receiver.secret, self.headers, body),
                        time.monotonic(),
                    )
                )
                receiver.arrived.set()
                answer = receiver.answers[min(len(receiver.received), len(receiver.answers)) - 1]
                if answer == "hang":
                    receiver.released.wait(60)
                    return
                reply = f"answer {answer} <b>\x1b[31m".encode()
                self.send_response(answer)
                self.send_header("Content-Length", str(len(reply)))
                self.end_headers()
                self.wfile.write(reply)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/hook"

    def release(self) -> None:
        self.released.set()

    def close(self) -> None:
        self.release()
        self.server.shutdown()
        self.server.server_close()
