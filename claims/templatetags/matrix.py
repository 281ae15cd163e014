"""The matrix's cells, drawn by one tag per row: a 50 x 50 grid has 2,500 cells and thousands of
links, which the template language (or format_html per cell) takes a good part of a second to draw."""

from html import escape

from django import template
from django.template.defaultfilters import truncatechars
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
    # Each actor's name is escaped, and its empty cell drawn, once per page, not once per row.
    names = context.render_context.setdefault("matrix_actor_names", {})
    empty = context.render_context.setdefault("matrix_empty_cells", {})
    if "matrix_actor_href" not in context.render_context:
        # Reversed once per page: a reverse costs more than drawing a row.
        href = reverse("actor", args=[0]).replace("0", "{}", 1)
        context.render_context["matrix_actor_href"] = href + "#claim-{}"
    more_href = context.render_context["matrix_actor_href"]
    claim_pk = int(claim.pk)
    parts = []
    for cell in row:
        if cell["value"] == "none":
            # The view shares one empty cell per actor across rows.
            html = empty.get(id(cell))
            if html is None:
                html = empty[id(cell)] = (
                    f'<td class="cell cell-none" data-value="none"><span class="visually-hidden">'
                    f"{escape(cell['actor'].name)}: nothing recorded</span>"
                    f'<span aria-hidden="true">·</span></td>'
                )
            parts.append(html)
            continue
        actor_pk = cell["actor"].pk
        name = names.get(actor_pk)
        if name is None:
            name = names[actor_pk] = escape(cell["actor"].name)
        parts.append(_cell(cell, name, more_href.format(int(actor_pk), claim_pk)))
    return mark_safe("".join(parts))


def _cell(cell: dict, name: str, more_href: str) -> str:
    # Links are formatted in the view from numbers only; they need no escaping.
    value = cell["value"]
    label = LABELS[value]
    statements, total, links = int(cell["statements"]), int(cell["total"]), cell["links"]
    count = f"{statements} statement{'' if statements == 1 else 's'}"
    if total > statements:
        count += f", {total} report{'' if total == 1 else 's'}"
    html = (
        f'<td class="cell cell-{value}" data-value="{value}"><span class="cell-head">'
        f'<span class="cell-label" aria-label="{name} {value}">{label}'
        f'<span class="cell-word">{value}</span></span> <span class="cell-count">{count}</span>'
        '</span><span class="cell-links">'
    )
    parts = []
    for link in links:
        stance = link["stance"]
        if stance not in STANCES:
            raise ValueError(f"unknown stance {stance!r}")
        when = _day(link["when"])
        parts.append(
            f'<a href="{link["href"]}" class="cell-link cell-link-{stance}" '
            f'title="{stance}, reported by {escape(link["outlet"])}{", " + when if when else ""}">'
            f"{escape(link['outlet'])}{' · ' + when if when else ''}</a>"
        )
    if cell["more"]:
        parts.append(f'<a href="{more_href}" class="cell-link">{int(cell["more"])} more</a>')
    return html + "".join(parts) + "</span></td>"


def _day(day) -> str:
    """ "13 Oct 2023", as the date filter's "j M Y" gives it, without its per-call cost."""
    return f"{day.day} {day.strftime('%b')} {day.year}" if day else ""


@register.simple_tag
def matrix_choices(name: str, choices, chosen: set[int], length: int = 0) -> SafeString:
    """A checkbox per (pk, label) choice, ticked if chosen; labels cut to `length` characters as
    `truncatechars` does. Hundreds of them, so drawn here rather than by a template loop."""
    parts = []
    for pk, label in choices:
        if length:
            label = truncated(label, length)
        checked = " checked" if pk in chosen else ""
        parts.append(
            f'<label class="check"><input type="checkbox" name="{escape(name)}" value="{int(pk)}"'
            f"{checked}> {escape(label)}</label>"
        )
    return mark_safe("".join(parts))


def truncated(text: str, length: int) -> str:
    """What `truncatechars` gives, without its character-by-character loop for plain ASCII."""
    if not text.isascii():
        return truncatechars(text, length)
    if len(text) <= length:
        return text
    return add_truncation_text(text[: calculate_truncate_chars_length(length, None)])
