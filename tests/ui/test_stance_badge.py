import pytest
from django.template import Context, Template
from django.template.loader import render_to_string


@pytest.mark.parametrize("kind", ["asserts", "denies", "both", "supports", "contradicts", "<x>"])
def test_it_draws_the_same_badge_as_the_stance_fragment(kind):
    badge = Template("{% load stance %}{% stance_badge kind %}").render(Context({"kind": kind}))
    assert badge == render_to_string("_stance.html", {"kind": kind}).strip()
