"""The actor page's two lists (up to 50 rows each), drawn by tags: the template language's cost
per row (dates, truncation, a dozen look-ups) was most of the page's time."""

from html import escape

from django import template
from django.template.defaultfilters import date
from django.utils.safestring import SafeString, mark_safe

from claims.templatetags.matrix import truncated
from claims.templatetags.quotes import quoted
from claims.templatetags.stance import stance_badge

register = template.Library()


@register.simple_tag
def actor_claim_rows(rows: list[dict]) -> SafeString:
    """A table row per claim: the claim, the stance taken (with counts) and the months it spans."""
    months: dict = {}
    html = []
    for row in rows:
        asserts, denies = int(row["asserts"]), int(row["denies"])
        if asserts and denies:
            counts = f' <span class="meta-inline">{asserts}×/{denies}×</span>'
        elif asserts > 1 or denies > 1:
            counts = f' <span class="meta-inline">{max(asserts, denies)}×</span>'
        else:
            counts = ""
        first, last = row["first"], row["last"]
        if first:
            when = _once(months, first, "M Y")
            if last != first:
                when += "–" + _once(months, last, "M Y")
        else:
            when = "undated"
        html.append(
            f'<tr id="claim-{int(row["claim_id"])}"><td><a href="{escape(row["href"])}">'
            f"{escape(row['claim__statement'])}</a></td> <td>{stance_badge(row['stance'])}{counts}"
            f'</td> <td class="nowrap">{escape(when)}</td></tr>'
        )
    return mark_safe("\n".join(html))


@register.simple_tag
def actor_timeline(stances) -> SafeString:
    """A list item per stance: when, the claim, the passage and where it was reported."""
    days: dict = {}
    html = []
    for stance in stances:
        when = _once(days, stance.when, "j M Y") if stance.when else "undated"
        outlet = stance.article.outlet
        via = f" · via {escape(stance.via.name)}" if stance.via else ""
        html.append(
            f"<li><time>{escape(when)}</time> <span>{stance_badge(stance.stance)} "
            f'<a href="{escape(stance.claim.get_absolute_url())}">'
            f"{escape(truncated(stance.claim.statement, 110))}</a> "
            f'<span class="meta"><a href="{escape(stance.href)}">'
            f"{escape(quoted(truncated(stance.exact, 140)))}</a> · "
            f"{escape((outlet.name if outlet else '') or 'unknown outlet')}{via}</span></span></li>"
        )
    return mark_safe("\n".join(html))


def _once(memo: dict, value, fmt: str) -> str:
    """`value|date:fmt`, worked out once per distinct value on the page."""
    if value not in memo:
        memo[value] = date(value, fmt)
    return memo[value]
