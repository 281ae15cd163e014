"""The stance badge, as a tag: a page listing hundreds of stances would pay for an
`{% include "_stance.html" %}` per row (a template render each), a tag costs a string format."""

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

register = template.Library()


@register.simple_tag
def stance_badge(kind: str) -> SafeString:
    """The same HTML as templates/_stance.html: asserts, denies, supports, contradicts, both..."""
    return format_html(
        '<span class="stance stance-{}"><span class="stance-icon" aria-hidden="true"></span>{}</span>',
        kind,
        kind,
    )
