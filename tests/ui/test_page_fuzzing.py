"""Property-based fuzzing of every page and htmx endpoint with Hypothesis.

The URL patterns come from the resolver (everything but the API, which test_api_fuzzing covers
against its schema, and the admin). Each pattern's parameters are found in its view: the fields
of the forms and FilterSets it uses and the names it reads from `request.GET`, `request.POST` and
`request.FILES` itself, following the project's own helpers it calls. Every example signs in as
one role (or none), sends GET or POST (the test client leaves CSRF out), with and without htmx
headers, hostile values in those parameters (digits from other scripts, ids past 64 bits,
negatives, NUL and other control characters, right-to-left marks, long runs, nested brackets,
empty) and real ids; the answer must never be a server error.

Each example runs in a savepoint rolled back after it, so every one starts from the same records.
Bounded and derandomised, so CI runs the same examples every time.
"""

import ast
import functools
import inspect
import re
import textwrap
import types
import urllib.parse
from html.parser import HTMLParser

import pytest
from django import forms
from django.apps import apps
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.urls import Resolver404, URLResolver, get_resolver, resolve
from django.urls.converters import IntConverter
from django_filters import FilterSet
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from claims.models import ReviewState
from claims.services import attribution_create, evidence_create
from tests.factories import make_actor, make_article, make_attribution, make_claim

pytestmark = pytest.mark.django_db

PROJECT = ("core", "articles", "claims", "feeds", "watch", "config")
# Examples for each parameter of each pattern, with GET and with POST.
EXAMPLES_PER_PARAMETER = 8


def _is_project(obj) -> bool:
    return getattr(obj, "__module__", "").split(".")[0] in PROJECT


def _page_patterns(patterns=None, prefix=""):
    """(route, URLPattern) of every page: the API and the admin are left to their own fuzzers."""
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        route = prefix + str(entry.pattern)
        if route.startswith(("api/", "admin/")):
            continue
        if isinstance(entry, URLResolver):
            yield from _page_patterns(entry.url_patterns, route)
        else:
            yield route, entry


# Parameter names, from the view's code


# What the forms say a parameter holds, for the values most likely to trouble it.
_FIELD_KINDS: dict[str, str] = {}


def _form_fields(cls) -> set[str]:
    if isinstance(cls, type) and issubclass(cls, FilterSet):
        fields = cls(queryset=cls._meta.model.objects.none()).form.fields
    elif isinstance(cls, type) and issubclass(cls, forms.BaseForm):
        fields = cls.base_fields
    else:
        return set()
    for name, field in fields.items():
        if isinstance(field, forms.URLField):
            _FIELD_KINDS[name] = "address"
        elif isinstance(field, forms.IntegerField | forms.ModelChoiceField | forms.DateField):
            _FIELD_KINDS[name] = "number"
        else:
            _FIELD_KINDS[name] = "text"
    return set(fields)


def _file_fields(cls) -> set[str]:
    if isinstance(cls, type) and issubclass(cls, forms.BaseForm):
        return {n for n, f in cls.base_fields.items() if isinstance(f, forms.FileField)}
    return set()


_REQUEST_DATA = {"GET", "POST", "FILES"}


def _data_attr(node) -> str | None:
    """ "GET" for `request.GET`, and so on."""
    if isinstance(node, ast.Attribute) and node.attr in _REQUEST_DATA:
        return node.attr
    return None


def _strings(nodes) -> set[str]:
    """The string constants among `nodes` that could name a parameter (not a template's name,
    a message or a permission)."""
    return {
        n.value
        for n in nodes
        if isinstance(n, ast.Constant) and isinstance(n.value, str) and n.value.isidentifier()
    }


def _read_by(func) -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """The parameter names `func` reads (its forms' fields included), the names read as files,
    and the htmx targets it compares against, following the project functions it calls. The
    call graph is walked with a work list, not by recursion: a long chain of calls would
    otherwise run out of stack while parsing."""
    names: set[str] = set()
    files: set[str] = set()
    targets: set[str] = set()
    seen = {inspect.unwrap(func)}
    todo = [inspect.unwrap(func)]
    while todo:
        more_names, more_files, more_targets, calls = _read_directly(todo.pop())
        names |= more_names
        files |= more_files
        targets |= more_targets
        for called in calls:
            if called not in seen:
                seen.add(called)
                todo.append(called)
    return frozenset(names - files), frozenset(files), frozenset(targets)


@functools.cache
def _read_directly(func):
    """What `func`'s own body reads (see _read_by), and the project functions it names."""
    names: set[str] = set()
    files: set[str] = set()
    targets: set[str] = set()
    calls: list = []
    try:
        tree = ast.parse(textwrap.dedent(inspect.getsource(func)))
    except (OSError, TypeError):
        return frozenset(), frozenset(), frozenset(), ()
    scope = getattr(func, "__globals__", {})
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            if (kind := _data_attr(node.func.value)) and node.func.attr in ("get", "getlist"):
                read = files if kind == "FILES" else names
                read.update(_strings(node.args[:1]))
                if node.args and not isinstance(node.args[0], ast.Constant):
                    # A name from a variable: `for name in ("q", *names)`.
                    read.update(_strings(ast.walk(tree)))
        if isinstance(node, ast.Subscript) and (kind := _data_attr(node.value)):
            (files if kind == "FILES" else names).update(_strings([node.slice]))
        if isinstance(node, ast.Compare):
            if any(_data_attr(c) for c in node.comparators):
                names.update(_strings([node.left]))
            if isinstance(node.left, ast.Attribute) and node.left.attr == "target":
                # `request.htmx.target == "claim-results"` (or `in (...)`).
                targets.update(
                    c.value
                    for c in ast.walk(node)
                    if isinstance(c, ast.Constant) and isinstance(c.value, str)
                )
        if isinstance(node, ast.Call) and any(
            isinstance(a, ast.Name) and a.id == "request" for a in node.args
        ):
            # A helper given the request, told which names to read: `_ids(request, "claim")`.
            names.update(_strings(node.args))
        if isinstance(node, ast.Name) and node.id in scope:
            used = scope[node.id]
            names.update(_form_fields(used))
            files.update(_file_fields(used))
            if isinstance(used, types.FunctionType) and _is_project(used) and used is not func:
                calls.append(inspect.unwrap(used))
    return frozenset(names), frozenset(files), frozenset(targets), tuple(calls)


def _parameters(callback) -> tuple[list[str], list[str], list[str]]:
    view_class = getattr(callback, "view_class", None)
    if view_class is not None:  # Django's login and logout views
        names = _form_fields(getattr(view_class, "form_class", None))
        names.add(getattr(view_class, "redirect_field_name", "next"))
        return sorted(names), [], []
    names, files, targets = _read_by(callback)
    return sorted(names), sorted(files), sorted(targets)


# Hostile values

_BIG = 2**63 - 1
_TEXT = st.text(st.characters(exclude_categories=["Cs"]), max_size=40)


def _runs(units: list[str], most: int):
    return st.builds(lambda unit, n: unit * n, st.sampled_from(units), st.integers(1, most))


# One branch per kind of hostile value, so that each kind is drawn about as often as the others.
HOSTILE = {
    "digits of other scripts": st.sampled_from(
        [
            "\u00b2",
            "\u00b3\u00b9",
            "\u2460",
            "\u0663",
            "\uff11\uff12",
            "1\u00b2",
            "~\u00b2",
            "2024-03-01~\u2460",
        ]
    ),
    "past 64 bits": st.one_of(
        st.integers(min_value=_BIG - 1, max_value=2**80).map(str),
        st.sampled_from(["9" * 5000, "0" * 400 + "1", f"~{_BIG + 1}", f"2024-03-01~{2**64}"]),
    ),
    "negative": st.one_of(st.integers(max_value=-1).map(str), st.just("-0")),
    "malformed numbers and dates": st.sampled_from(
        [
            "1.5",
            "1e400",
            "0x1F",
            "NaN",
            "+1",
            "1_000",
            "2024-02-30",
            "0000-00-00",
            "9999-12-31",
            "-2024-03-01",
            "2024-03-01T25:00",
            "~\u00b2",
            "~",
            "2024-03-01~",
        ]
    ),
    "NUL and control characters": st.sampled_from(
        ["\x00", "a\x00b", "1\x00", "\x00" * 50, "\x01\x1b[31m", "\r\n\r\n", "\x7f\x85"]
    ),
    "right-to-left and invisible": st.sampled_from(
        ["\u202e1", "Lavrov\u202e", "\u200f\u200e", "\u200b", "\ufeff", "\u2066x\u2069", "\u00ad"]
    ),
    "long runs": _runs(["a", "9", " ", "\u00e9", "\ufdfa", "\U0001f600", "\u202e", "\x00"], 20_000),
    "nested brackets": st.one_of(
        st.integers(1, 3000).map(lambda n: "[" * n + "]" * n),
        _runs(["{", "(", "[", "<", "{{", "{%"], 3000),
    ),
    "empty": st.sampled_from(["", " ", "\t", "\n"]),
    "markup and injection": st.sampled_from(
        [
            "<script>alert(1)</script>",
            "' OR 1=1 --",
            "%s%n%x",
            "../../../etc/passwd",
            "{{ x }}",
            "javascript:alert(1)",
            "\\",
            "%00",
            "%zz",
        ]
    ),
    "web addresses": st.sampled_from(
        [
            "http://example.com:99999/",
            "http://[::1/",
            "http://127.0.0.1:1/",
            "http://localhost/",
            "http://10.0.0.1/story",
            "file:///etc/passwd",
            "https://",
            "http://\u00e9\u00e9.invalid/",
        ]
    ),
    "any text": _TEXT,
}


def _words_the_views_know():
    """Values a page acts on: every choice of the claims models, and the words of its forms."""
    from claims import models

    choices = [
        value
        for enum in (
            models.Stance,
            models.ClaimStatus,
            models.ReviewState,
            models.Relation,
            models.Credibility,
        )
        for value in enum.values
    ]
    return [str(v) for v in choices] + ["save", "preview", "on", "evidence", "attribution"]


def _values(ids: list[int]):
    one = st.one_of(
        *HOSTILE.values(),
        st.sampled_from(ids).map(str),
        st.sampled_from(_words_the_views_know()),
        st.sampled_from(["2024-03-01", "1", "2"]),
    )
    return st.one_of(one, st.lists(one, min_size=2, max_size=3))


_UPLOADS = st.builds(
    SimpleUploadedFile,
    st.sampled_from(
        ["story.txt", "story.html", "story.pdf", "../../x.txt", "\u202etxt.html", "a\x00.txt", ""]
    ).map(lambda name: name or "x"),
    st.one_of(
        st.sampled_from(
            [
                b"",
                b"\x00\x01\x02",
                b"\xff\xfe\x00",
                "Caf\u00e9".encode("latin-1"),
                b"<html><body><p>Ferry</p>" + b"<div>" * 2000 + b"</body></html>",
                b"Harbour officials said the ferry sank.",
            ]
        ),
        _TEXT.map(str.encode),
    ),
)
_HTMX = st.one_of(
    st.just({}),
    st.builds(
        lambda target: {"HX-Request": "true", **({"HX-Target": target} if target else {})},
        st.one_of(st.none(), HOSTILE["any text"], HOSTILE["NUL and control characters"]),
    ),
)


# Records for the ids in paths and parameters


@pytest.fixture
def records(analyst, curator):
    article = make_article()
    attribution = make_attribution(article=article)
    suggestion = attribution_create(
        article=article,
        stance="denies",
        quote="The operator denied that the crew had ignored storm warnings",
        review_state=ReviewState.SUGGESTED,
        origin="machine",
        actor=None,
        claim=None,
        proposed_actor="The operator",
        proposed_claim="The crew ignored storm warnings",
    )
    # A watch, a saved search and (from the evidence below) an inbox entry, for the watch pages.
    from watch.services import saved_search_create, watch_add

    watch_add(user=curator, claim=attribution.claim)
    saved_search_create(user=curator, name="Ferries", kind="claims", query="q=ferry")
    evidence_create(
        article=article,
        claim=attribution.claim,
        relation="supports",
        quote="the ferry sank after hitting rocks",
        credibility=2,
        user=analyst,
    )
    make_actor("Mara Lind").aliases.create(name="Lind")
    make_claim("The ferry was overloaded")
    from articles.services import import_batch_create

    for user in (analyst, curator):
        import_batch_create(items=[{"text": "Ferry report", "title": ""}], user=user)
    from articles.services import outlet_get_or_create
    from feeds.models import Feed

    Feed.objects.create(
        url="https://news.example.org/rss.xml", outlet=outlet_get_or_create(name="Coast Gazette")
    )
    return suggestion


def _ids_for(converter_name: str) -> list[int]:
    """Real ids for a path's `<int:article_id>`: of the model named by the parameter."""
    name = converter_name.removesuffix("_id").replace("_", "")
    models = [m for m in apps.get_models() if _is_project(m) and not m._meta.auto_created]
    model = next(
        (m for m in models if m._meta.model_name == name),
        None,
    ) or next(
        m
        for m in models
        if m._meta.model_name.endswith(name) and "historical" not in m._meta.model_name
    )
    return list(model.objects.order_by("pk").values_list("pk", flat=True)[:5])


@pytest.fixture
def sessions(viewer, analyst, curator, outsider) -> dict[str, str | None]:
    """A session key for each role (and none); each example's client carries one."""
    keys: dict[str, str | None] = {"anonymous": None}
    for name, user in (
        ("outsider", outsider),
        ("viewer", viewer),
        ("analyst", analyst),
        ("curator", curator),
    ):
        client = Client()
        client.force_login(user)
        keys[name] = client.cookies[settings.SESSION_COOKIE_NAME].value
    return keys


def _fuzz(route: str, method: str, examples, sessions: dict, count: int) -> None:
    @given(example=examples)
    @hypothesis_settings(
        max_examples=count,
        derandomize=True,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def check(example):
        client = Client()
        if key := sessions[example["role"]]:
            client.cookies[settings.SESSION_COOKIE_NAME] = key
        path = "/" + route
        for name, value in example["path"].items():
            path = path.replace(f"<int:{name}>", str(value))
        with transaction.atomic():
            if method == "GET":
                response = client.get(path, example["data"], headers=example["headers"])
            else:
                response = client.post(path, example["data"], headers=example["headers"])
            transaction.set_rollback(True)
        assert response.status_code < 500, (method, path, response.status_code)

    check()


def test_it_finds_the_parameters_of_the_pages():
    # The discovery itself: a page whose parameters were not found would be fuzzed with none.
    found = {route: _parameters(p.callback) for route, p in _page_patterns()}
    assert len(found) >= 20
    assert {"q", "status", "actor", "outlet", "date_after", "page"} <= set(found["claims/"][0])
    assert {"edit", "start", "end", "tab"} <= set(found["articles/<int:article_id>/"][0])
    assert {"decision", "version", "edit", "actor_name", "said_on"} <= set(
        found["suggestions/<int:attribution_id>/review/"][0]
    )
    assert {"claim", "actor"} <= set(found["matrix/"][0])
    assert {"stance", "after"} <= set(found["claims/<int:claim_id>/stances/"][0])
    assert {"text", "url", "step", "published_on"} <= set(found["import/"][0])
    assert found["import/"][1] == ["file"] and found["imports/"][1] == ["files"]
    assert {"username", "password", "next"} <= set(found["accounts/login/"][0])
    assert "claim-results" in found["claims/"][2]


class _PageParser(HTMLParser):
    """A page's forms (action, fields and the values each may take) and its links' queries."""

    def __init__(self):
        super().__init__()
        self.found: list[tuple[str, dict[str, list[str]]]] = []
        self._form: dict[str, list[str]] | None = None

    def handle_starttag(self, tag, attrs):
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self._form = {}
            self.found.append((a.get("action") or a.get("hx-post") or a.get("hx-get"), self._form))
        elif tag in ("input", "select", "textarea", "button", "option") and self._form is not None:
            if name := a.get("name"):
                self._form.setdefault(name, []).append(a.get("value", ""))
        for attr in ("href", "hx-get", "hx-post"):
            if "?" in a.get(attr, ""):
                query = urllib.parse.parse_qs(urllib.parse.urlsplit(a[attr]).query)
                self.found.append((a[attr], query))

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None


def _crawl(sessions: dict, paths: list[str]) -> dict[str, list[dict[str, list[str]]]]:
    """What the pages themselves submit, by route: the fields of their forms and the queries of
    their links, with the values they carry (ids, versions, choices). Examples start from these
    and make one parameter hostile, so a view that checks one field before the next is reached."""
    client = Client()
    client.cookies[settings.SESSION_COOKIE_NAME] = sessions["curator"]
    found: dict[str, list[dict[str, list[str]]]] = {}
    seen, queue = set(), list(paths)
    while queue and len(seen) < 80:
        path = queue.pop(0)
        if path in seen:
            continue
        seen.add(path)
        response = client.get(path)
        if response.status_code != 200 or "html" not in response["Content-Type"]:
            continue
        parser = _PageParser()
        parser.feed(response.content.decode())
        for url, fields in parser.found:
            target = urllib.parse.urlsplit(urllib.parse.urljoin(path, url or path))
            try:
                route = resolve(target.path).route
            except Resolver404:
                continue
            fields = {k: v for k, v in fields.items() if k != "csrfmiddlewaretoken"}
            if fields and fields not in found.setdefault(route, []):
                found[route].append(fields)
            if target.query and not route.startswith(("api/", "admin/")):
                queue.append(f"{target.path}?{target.query}")
    return found


# Hostile values for a parameter that pages fill with a number (an id, a version, an offset).
_NUMERIC = ("digits of other scripts", "past 64 bits", "negative", "malformed numbers and dates")


def _hostile(kind: str | None):
    """Values of every kind; those that trouble a parameter of `kind` the more often."""
    likely = {
        "number": [HOSTILE[k] for k in _NUMERIC],
        "address": [HOSTILE["web addresses"]] * 3,
        # Unknown: numbers are where a view's own parsing most often goes wrong.
        None: [HOSTILE[k] for k in _NUMERIC],
    }.get(kind, [])
    return st.one_of(*likely, *HOSTILE.values())


def test_it_answers_every_page_without_server_errors(records, sessions):
    # One test over every pattern rather than one per pattern, so the records and sessions are
    # made once.
    patterns = list(_page_patterns())
    assert len(patterns) >= 20
    every_name = sorted({n for _, p in patterns for n in _parameters(p.callback)[0]})
    first_ids = {name: _ids_for(name)[0] for _, p in patterns for name in p.pattern.converters}
    pages = [
        "/" + re.sub(r"<int:(\w+)>", lambda m: str(first_ids[m[1]]), route) for route, _ in patterns
    ]
    baselines = _crawl(sessions, pages)
    assert {"decision", "version"} <= set().union(
        *baselines["suggestions/<int:attribution_id>/review/"]
    )
    failures: list[Exception] = []
    for route, pattern in patterns:
        names, files, targets = _parameters(pattern.callback)
        submitted = baselines.get(route, [{}])
        names = sorted(set(names).union(*submitted))
        converters = {
            name: st.sampled_from([*_ids_for(name), 1, _BIG, _BIG + 1, 10**30])
            for name, converter in pattern.pattern.converters.items()
            if isinstance(converter, IntConverter)
        }
        assert set(converters) == set(pattern.pattern.converters), route
        ids = [pk for name in converters for pk in _ids_for(name)] or [1]
        baseline = st.sampled_from(submitted).flatmap(
            lambda fields: st.fixed_dictionaries(
                {name: st.sampled_from(values) for name, values in fields.items()}
            )
        )
        htmx = st.one_of(
            _HTMX,
            st.sampled_from(targets or [""]).map(lambda t: {"HX-Request": "true", "HX-Target": t}),
        )
        for method in ("GET", "POST"):
            # Each parameter in turn made hostile, the others as a page sends them (or not
            # at all, or hostile too).
            # A page that reads no parameter is sent everyone else's, a few at a time.
            for name in [*names, *(files if method == "POST" else [])] or [None]:
                if name is None:
                    hostile = _values(ids)
                elif name in files:
                    hostile = _UPLOADS
                else:
                    digits = any(v.isdigit() for f in submitted for v in f.get(name, []))
                    hostile = _hostile("number" if digits else _FIELD_KINDS.get(name))
                example = st.fixed_dictionaries(
                    {
                        "role": st.sampled_from(sorted(sessions)),
                        "path": st.fixed_dictionaries(converters),
                        "baseline": st.one_of(baseline, st.just({})),
                        "others": st.dictionaries(
                            st.sampled_from(names or every_name), _values(ids), max_size=2
                        ),
                        "hostile": hostile,
                        "headers": htmx,
                    }
                ).map(
                    lambda e, name=name: {
                        **e,
                        "data": {
                            **e.pop("baseline"),
                            **e.pop("others"),
                            **({name: e.pop("hostile")} if name else {}),
                        },
                    }
                )
                try:
                    _fuzz(route, method, example, sessions, EXAMPLES_PER_PARAMETER)
                except Exception as exc:
                    exc.add_note(f"Page: {method} /{route}, parameter {name}")
                    failures.append(exc)
    if failures:
        # Every page that failed, each with its smallest failing example, in one run.
        raise ExceptionGroup(f"{len(failures)} pages answered a server error", failures)
