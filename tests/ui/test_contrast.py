"""Stance chips and matrix marks are small text (about 12.5 px): WCAG asks 4.5:1 of them."""

import re
from pathlib import Path

import pytest

CSS = (Path(__file__).resolve().parents[2] / "static" / "css" / "tracker.css").read_text()
VARIABLES = dict(re.findall(r"--([\w-]+):\s*(#[0-9a-fA-F]{6})", CSS))


def _luminance(colour: str) -> float:
    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def _contrast(a: str, b: str) -> float:
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def _value(token: str) -> str:
    token = token.strip()
    m = re.fullmatch(r"var\(--([\w-]+)\)", token)
    return VARIABLES[m[1]] if m else token


# Chips on a solid background; the "both" mark's gradient is checked against its two halves.
RULES = [
    (selector, colour, background)
    for selector, colour, background in re.findall(
        r"(\.(?:stance|cell)-[\w .,-]+?)\s*\{[^}]*?\bcolor:([^;]+);\s*background:([^;]+);", CSS
    )
    if "gradient" not in background
]


def test_the_rules_are_found():
    assert len(RULES) >= 6, RULES


@pytest.mark.parametrize("selector, colour, background", RULES)
def test_chip_text_has_4_5_to_1_contrast(selector, colour, background):
    colour, background = _value(colour), _value(background)
    assert _contrast(colour, background) >= 4.5, selector


def test_the_both_mark_reads_on_both_halves_of_its_gradient():
    for half in ("asserts-bg", "denies-bg"):
        assert _contrast(VARIABLES["ink"], VARIABLES[half]) >= 4.5
