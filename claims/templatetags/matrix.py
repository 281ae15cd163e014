"""The matrix's cells, drawn by one tag per row: a 50 x 50 grid has 2,500 cells and thousands of
links, which the template language (or format_html per cell) takes a good part of a second to draw."""

from html import escape

from django import template
from django.template.defaultfilters import pluralize, truncatechars
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import add_truncation_text, calculate_truncate_chars_length

register = template.Library()

# Only these values reach the HTML unescaped, besides numbers; an unexpected one raises.
LABELS = {"asserts": "A", "denies": "D", "both": "A/D"}
STANCES = {"asserts", "denies"}


@register.simple_tag(takes_context=True)
def matrix_cells(context, claim, row: list[dict]) -> SafeString:
    """The row's `<td>`s: nothing recorded, or the stance with its counts and first passages."""
    # Every row repeats each actor's empty cell: drawn once per page.
    empty = context.render_context.setdefault("matrix_empty_cells", {})
    more_href = reverse("actor", args=[0]).replace("0", "{}", 1) + f"#claim-{int(claim.pk)}"
    parts = []
    for cell in row:
        if cell["value"] == "none":
            key = id(cell["actor"])
            if key not in empty:
                empty[key] = (
                    f'<td class="cell cell-none" data-value="none"><span class="visually-hidden">'
                    f'{escape(cell["actor"].name)}: nothing recorded</span><span aria-hidden="true">'
                    f"·</span></td>"
                )
            parts.append(empty[key])
        else:
            parts.append(_cell(cell, more_href))
    return mark_safe("".join(parts))


def _cell(cell: dict, more_href: str) -> str:
    value, name = cell["value"], escape(cell["actor"].name)
    label = LABELS[value]
    statements, total, links = int(cell["statements"]), int(cell["total"]), cell["links"]
    count = f"{statements}/{total}" if total > statements else str(statements)
    html = (
        f'<td class="cell cell-{value}" data-value="{value}"><a class="cell-label" '
        f'href="{escape(links[0]["href"])}" aria-label="{name} {value}; open the passage">{label}'
        f'<span class="cell-word">{value}</span></a> <span class="cell-count" title="{statements} '
        f'statement{pluralize(statements)} reported in {total} passage{pluralize(total)}">{count}</span>'
    )
    if len(links) > 1:
        parts = ['<span class="cell-links">']
        for number, link in enumerate(links, 1):
            stance = link["stance"]
            if stance not in STANCES:
                raise ValueError(f"unknown stance {stance!r}")
            parts.append(
                f'<a href="{escape(link["href"])}" title="{stance}" class="cell-link '
                f'cell-link-{stance}">{number}</a>'
            )
        if cell["more"]:
            href = more_href.format(int(cell["actor"].pk))
            parts.append(f'<a href="{href}" class="cell-link">+{int(cell["more"])}</a>')
        parts.append("</span>")
        html += "".join(parts)
    return html + "</td>"


@register.simple_tag
def matrix_choices(name: str, choices, chosen: set[int], length: int = 0) -> SafeString:
    """A checkbox per (pk, label) choice, ticked if chosen; labels cut to `length` characters as
    `truncatechars` does. Hundreds of them, so drawn here rather than by a template loop."""
    parts = []
    for pk, label in choices:
        if length:
            label = _truncated(label, length)
        checked = " checked" if pk in chosen else ""
        parts.append(
            f'<label class="check"><input type="checkbox" name="{escape(name)}" value="{int(pk)}"'
            f"{checked}> {escape(label)}</label>"
        )
    return mark_safe("".join(parts))


def _truncated(text: str, length: int) -> str:
    """What `truncatechars` gives, without its character-by-character loop for plain ASCII."""
    if not text.isascii():
        return truncatechars(text, length)
    if len(text) <= length:
        return text
    return add_truncation_text(text[: calculate_truncate_chars_length(length, None)])
