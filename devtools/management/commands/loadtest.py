"""Many analysts at once against the app under gunicorn, over real HTTP: nothing lost, no 5xx.

Starts gunicorn on 127.0.0.1, runs N concurrent analysts for a fixed time mixing reads (pages,
API lists and details, search) with writes (new attributions, suggestion reviews and edits of
the same few claims, each conditional on the ETag it read), stops by itself, then checks the
database: every acknowledged write must be there. Prints throughput, p95 and error counts.
"""

import http.client
import json
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.test import Client
from rest_framework.authtoken.models import Token

from articles.models import Article
from articles.services import article_import
from claims.models import Actor, Attribution, Claim, ReviewState

SENTENCE_END = (". ", ".\n", "” ", "”\n")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Analyst(threading.Thread):
    def __init__(self, run, number: int, token: str, session: str):
        super().__init__(daemon=True)
        self.run_state, self.number = run, number
        self.token, self.session = token, session
        self.rng = random.Random(number)

    def request(self, method: str, path: str, body=None, headers=None, api=True):
        headers = dict(headers or {})
        if api:
            headers["Authorization"] = f"Token {self.token}"
        else:
            headers["Cookie"] = f"sessionid={self.session}"
        if body is not None:
            body = json.dumps(body)
            headers["Content-Type"] = "application/json"
        started = time.perf_counter()
        conn = http.client.HTTPConnection("127.0.0.1", self.run_state.port, timeout=30)
        try:
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            data = response.read()
            status, etag = response.status, response.getheader("ETag")
        except OSError as exc:
            self.run_state.record("transport", 0, f"{type(exc).__name__}")
            return 0, b"", None
        finally:
            conn.close()
        self.run_state.record(method, (time.perf_counter() - started) * 1000, status)
        if status >= 500:
            with self.run_state.lock:
                self.run_state.failures.append(
                    {
                        "method": method,
                        "path": path,
                        "status": status,
                        "body": data[:300].decode("utf-8", "replace"),
                    }
                )
        return status, data, etag

    def run(self):
        state = self.run_state
        while time.monotonic() < state.deadline and state.requests < state.max_requests:
            action = self.rng.random()
            if action < 0.55:
                self.read()
            elif action < 0.75:
                self.add_attribution()
            elif action < 0.85:
                self.review_suggestion()
            else:
                self.edit_hot_claim()

    def read(self):
        state = self.run_state
        path, api = self.rng.choice(
            [
                (f"/claims/{self.rng.choice(state.claim_ids)}/", False),
                (f"/articles/{self.rng.choice(state.article_ids)}/", False),
                (f"/actors/{self.rng.choice(state.actor_ids)}/", False),
                ("/claims/?status=contested", False),
                ("/search/?q=missiles", False),
                ("/matrix/", False),
                ("/api/v1/claims/", True),
                (f"/api/v1/claims/{self.rng.choice(state.claim_ids)}/", True),
                (f"/api/v1/attributions/?actor={self.rng.choice(state.actor_ids)}", True),
            ]
        )
        self.request("GET", path, api=api)

    def add_attribution(self):
        state = self.run_state
        article_id, sentence = self.rng.choice(state.sentences)
        body = {
            "article": article_id,
            "claim": self.rng.choice(state.claim_ids),
            "actor": self.rng.choice(state.actor_ids),
            "stance": self.rng.choice(["asserts", "denies"]),
            "start": sentence[0],
            "end": sentence[1],
        }
        status, data, _ = self.request("POST", "/api/v1/attributions/", body)
        if status == 201:
            state.acknowledged("attribution", json.loads(data)["id"])

    def review_suggestion(self):
        state = self.run_state
        with state.lock:
            if not state.suggestion_ids:
                return
            suggestion = state.suggestion_ids.pop()
        decision = self.rng.choice(["confirmed", "rejected"])
        status, _, _ = self.request(
            "POST", f"/api/v1/suggestions/{suggestion}/review/", {"decision": decision}
        )
        if status == 200:
            state.acknowledged("review", (suggestion, decision))

    def edit_hot_claim(self):
        state = self.run_state
        claim = self.rng.choice(state.hot_claims)
        status, _, etag = self.request("GET", f"/api/v1/claims/{claim}/")
        if status != 200:
            return
        note = f"analyst {self.number} note {self.rng.randrange(10**9)}"
        status, _, _ = self.request(
            "PATCH", f"/api/v1/claims/{claim}/", {"notes": note}, {"If-Match": etag}
        )
        if status == 200:
            state.acknowledged("edit", (claim, note))
        elif status == 412:
            state.conflicts += 1


class RunState:
    def __init__(self, port: int, seconds: float, max_requests: int):
        self.port, self.deadline, self.max_requests = port, time.monotonic() + seconds, max_requests
        self.lock = threading.Lock()
        self.latencies: list[float] = []
        self.statuses: Counter = Counter()
        self.requests = 0
        self.conflicts = 0
        self.failures: list[dict] = []
        self.writes: dict[str, list] = {"attribution": [], "review": [], "edit": []}

    def record(self, method, ms, status):
        with self.lock:
            self.requests += 1
            self.statuses[status] += 1
            if ms:
                self.latencies.append(ms)

    def acknowledged(self, kind, value):
        with self.lock:
            self.writes[kind].append(value)


class Command(BaseCommand):
    help = (
        "Load the app under gunicorn with concurrent analysts over HTTP and check nothing was lost."
    )

    def add_arguments(self, parser):
        parser.add_argument("--analysts", type=int, default=32)
        parser.add_argument("--seconds", type=float, default=60)
        parser.add_argument("--max-requests", type=int, default=200_000)
        parser.add_argument("--workers", type=int, default=4)

    def handle(self, *args, analysts, seconds, max_requests, workers, **options):
        if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
            raise CommandError("Run the load test on PostgreSQL (set DATABASE_URL).")
        state = self._prepare(analysts)
        port = _free_port()
        env = {
            **os.environ,
            "DEBUG": "0",
            "ALLOWED_HOSTS": "127.0.0.1",
            "API_USER_RATE": "1000000/min",
        }
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "config.wsgi:application",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                str(workers),
                "--threads",
                "4",
                "--worker-class",
                "gthread",
                "--log-level",
                "warning",
            ],
            cwd=Path(settings.BASE_DIR),
            env=env,
        )
        try:
            self._wait_for(port)
            run = RunState(port, seconds, max_requests)
            run.__dict__.update(state["pool"])
            threads = [Analyst(run, n, *state["credentials"][n]) for n in range(analysts)]
            started = time.monotonic()
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(timeout=seconds + 60)
            elapsed = time.monotonic() - started
        finally:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=30)
        self._report(run, elapsed)

    def _prepare(self, analysts: int) -> dict:
        if not Article.objects.exists():
            raise CommandError("Load the seeds or a corpus first (manage.py load_seeds).")
        User = get_user_model()
        group = Group.objects.get(name="analyst")
        credentials = []
        for n in range(analysts):
            user, _ = User.objects.get_or_create(username=f"load-analyst-{n}")
            user.groups.add(group)
            token, _ = Token.objects.get_or_create(user=user)
            client = Client()
            client.force_login(user)
            credentials.append((token.key, client.cookies["sessionid"].value))
        # Fresh suggestions to review.
        for n in range(20):
            seed = Article.objects.order_by("pk")[n % Article.objects.count()]
            article_import(text=f"Load bulletin {time.time_ns()}-{n}\n\n{seed.text}", suggest=True)
        articles = list(Article.objects.order_by("-pk").values_list("pk", "text")[:50])
        sentences = []
        for pk, text in articles:
            start = 0
            for index in range(len(text)):
                if text.startswith(SENTENCE_END, index):
                    if index + 1 - start > 20:
                        sentences.append((pk, (start, index + 1)))
                    start = index + 2
        return {
            "credentials": credentials,
            "pool": {
                "article_ids": [pk for pk, _ in articles],
                "claim_ids": list(Claim.objects.current().values_list("pk", flat=True)[:200]),
                "actor_ids": list(Actor.objects.values_list("pk", flat=True)[:200]),
                "hot_claims": list(
                    Claim.objects.current().order_by("pk").values_list("pk", flat=True)[:3]
                ),
                "sentences": sentences,
                "suggestion_ids": list(
                    Attribution.objects.filter(review_state=ReviewState.SUGGESTED).values_list(
                        "pk", flat=True
                    )
                ),
            },
        }

    def _wait_for(self, port: int) -> None:
        for _ in range(100):
            try:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
                conn.request("GET", "/healthz")
                if conn.getresponse().status == 200:
                    return
            except OSError:
                time.sleep(0.2)
        raise CommandError("gunicorn did not start.")

    def _report(self, run: RunState, elapsed: float) -> None:
        lost = self._lost_writes(run)
        server_errors = sum(
            n for status, n in run.statuses.items() if isinstance(status, int) and status >= 500
        )
        transport = run.statuses.get("transport", 0)
        p95 = statistics.quantiles(run.latencies, n=20)[-1] if len(run.latencies) > 20 else 0
        summary = {
            "requests": run.requests,
            "seconds": round(elapsed, 1),
            "throughput_rps": round(run.requests / elapsed, 1),
            "p50_ms": round(statistics.median(run.latencies), 1) if run.latencies else 0,
            "p95_ms": round(p95, 1),
            "server_errors": server_errors,
            "transport_errors": transport,
            "conflicts_412": run.conflicts,
            "acknowledged_writes": {k: len(v) for k, v in run.writes.items()},
            "lost_writes": lost,
            "statuses": {
                str(k): v for k, v in sorted(run.statuses.items(), key=lambda kv: str(kv[0]))
            },
            "server_error_requests": run.failures[:10],
        }
        self.stdout.write(json.dumps(summary, indent=2))
        if server_errors or transport or lost:
            raise CommandError("The load test found server errors or lost writes.")

    def _lost_writes(self, run: RunState) -> int:
        lost = 0
        ids = run.writes["attribution"]
        lost += len(ids) - Attribution.objects.filter(pk__in=ids).count()
        for suggestion, decision in run.writes["review"]:
            if not Attribution.objects.filter(pk=suggestion, review_state=decision).exists():
                lost += 1
        history = Claim.history.model.objects
        for claim, note in run.writes["edit"]:
            if not history.filter(id=claim, notes=note).exists():
                lost += 1
        return lost
