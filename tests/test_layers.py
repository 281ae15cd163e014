"""The project's packages depend on each other one way only, read from the import graph of every
module (imports inside functions included, since those are how a cycle used to hide)."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = (
    "core",
    "suggest",
    "articles",
    "claims",
    "feeds",
    "watch",
    "hooks",
    "api",
    "devtools",
    "config",
)

# What each package may import from the project. Each layer builds on the ones before it:
# core (shared bases) and suggest (the engine, which is not even a Django app) import none.
ALLOWED = {
    "core": set(),
    "suggest": set(),
    "articles": {"core", "suggest"},
    "claims": {"core", "suggest", "articles"},
    # Feeds bring articles in; watchlists and webhooks follow what the claims app records. Each
    # listens to core.events, so none imports another.
    "feeds": {"core", "suggest", "articles"},
    "watch": {"core", "suggest", "articles", "claims"},
    "hooks": {"core", "suggest", "articles", "claims"},
    "api": {"core", "suggest", "articles", "claims", "feeds", "watch", "hooks"},
    "devtools": {"core", "suggest", "articles", "claims", "feeds", "watch", "hooks", "api"},
    "config": {"core", "articles", "claims", "feeds", "watch", "hooks", "api"},
}


def imports_of(package: str) -> dict[str, set[str]]:
    """{project package imported: {module importing it, ...}} for every module of `package`."""
    found: dict[str, set[str]] = {}
    for path in (ROOT / package).rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            for name in names:
                top = name.split(".")[0]
                if top in PACKAGES and top != package:
                    found.setdefault(top, set()).add(str(path.relative_to(ROOT)))
    return found


def test_it_reads_the_import_graph():
    # the reader itself: edges that must exist are found, so an empty result means something
    assert "articles" in imports_of("claims")
    assert "claims" in imports_of("api")
    assert "core" in imports_of("articles")


def test_each_package_imports_only_the_layers_below_it():
    wrong = {
        f"{package} -> {other}": sorted(modules)
        for package in PACKAGES
        for other, modules in imports_of(package).items()
        if other not in ALLOWED[package]
    }
    assert wrong == {}


def test_the_engine_imports_nothing_from_django():
    modules = []
    for path in (ROOT / "suggest").rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = (
                [a.name for a in node.names]
                if isinstance(node, ast.Import)
                else [node.module or ""]
                if isinstance(node, ast.ImportFrom)
                else []
            )
            if any(n.split(".")[0] in ("django", "rest_framework") for n in names):
                modules.append(str(path.relative_to(ROOT)))
    assert modules == []


def test_every_project_package_is_placed_in_a_layer():
    # a new app must say where it sits before it can import anything
    packages = {
        p.parent.name
        for p in ROOT.glob("*/__init__.py")
        if p.parent.name not in ("tests", "static", "templates")
    }
    assert packages <= set(PACKAGES), packages - set(PACKAGES)
