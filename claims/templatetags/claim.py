"""A claim's page lists (its stances, evidence and timeline, up to a hundred rows), drawn by tags:
the template language's cost per row (dates, truncation, links, a dozen look-ups) was most of
the page's time."""

from html import escape

from django import template
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe

from claims.templatetags.actor import _once
from claims.templatetags.matrix import truncated
from claims.templatetags.quotes import quoted
from claims.templatetags.stance import stance_badge

register = template.Library()

_ID = 987654321


def _reader_link() -> str:
    """The reader's address with `{}` for the article: reversed once per list, not per row."""
    return reverse("reader", args=[_ID]).replace(str(_ID), "{}")


@register.simple_tag
def statement_rows(stances) -> SafeString:
    """A list item per stance: who, how, the passage, when and where it was reported."""
    reader, days, html = _reader_link(), {}, []
    for a in stances:
        link = escape(reader.format(a.article_id)) + f"#attribution-{a.pk}"
        via = f' <span class="meta-inline">via {escape(a.via.name)}</span>' if a.via else ""
        if a.when:
            when = f'<time datetime="{_once(days, a.when, "Y-m-d")}">{escape(_once(days, a.when, "j M Y"))}</time>'
            if a.said_on_text:
                when += f" ({escape(a.said_on_text)})"
        else:
            when = "date unknown"
        outlet = a.article.outlet.name if a.article.outlet else ""
        extra = " · direct quote" if a.is_direct_quote else ""
        if (a.reports or 0) > 1:
            extra += (
                f' · <span class="reports">one statement, reported {int(a.reports)} times</span>'
            )
        html.append(
            f'<li class="statement">\n  <div class="statement-head"><a href="{escape(a.actor.get_absolute_url())}" '
            f'class="actor-name">{escape(a.actor.name)}</a>{via} {stance_badge(a.stance)}</div>\n'
            f'  <blockquote><a href="{link}">{escape(quoted(truncated(a.exact, 300)))}</a></blockquote>\n'
            f'  <p class="meta">{when} · {escape(outlet or "unknown outlet")} · '
            f'<a href="{link}">{escape(truncated(a.article.title, 80))}</a>{extra}</p>\n</li>'
        )
    return mark_safe("\n".join(html))


@register.simple_tag
def evidence_rows(evidence) -> SafeString:
    """A list item per evidence link: its relation and grade, the source, the passage, the article."""
    reader, days, html = _reader_link(), {}, []
    for e in evidence:
        link = escape(reader.format(e.article_id))
        anchor = f"#evidence-{e.pk}" if e.has_passage else ""
        source = (
            f' · <a href="{escape(e.source.get_absolute_url())}">{escape(e.source.name)}</a>'
            if e.source
            else ""
        )
        passage = (
            f'\n  <blockquote><a href="{link}{anchor}">{escape(quoted(truncated(e.exact, 300)))}</a></blockquote>'
            if e.has_passage
            else ""
        )
        note = f"\n  <p>{escape(e.note)}</p>" if e.note else ""
        article = e.article
        published = (
            f" · {escape(_once(days, article.published_on, 'j M Y'))}"
            if article.published_on
            else ""
        )
        outlet = article.outlet.name if article.outlet else ""
        html.append(
            f'<li class="statement">\n  <div class="statement-head">{stance_badge(e.relation)} '
            f'<span class="grade" title="Information credibility (Admiralty 1–6)">'
            f"{escape(str(e.get_credibility_display()))}</span>{source}</div>{passage}{note}\n"
            f'  <p class="meta">{escape(outlet or "unknown outlet")}{published} · '
            f'<a href="{link}{anchor}">{escape(truncated(article.title, 80))}</a></p>\n</li>'
        )
    return mark_safe("\n".join(html))


@register.simple_tag
def timeline_rows(stances) -> SafeString:
    """A list item per stance in date order: when, who, how, and the outlet that reported it."""
    reader, days, html = _reader_link(), {}, []
    for a in stances:
        when = escape(_once(days, a.when, "j M Y")) if a.when else "undated"
        outlet = a.article.outlet.name if a.article.outlet else ""
        html.append(
            f'<li><time>{when}</time>\n        <span><a href="{escape(a.actor.get_absolute_url())}">'
            f"{escape(a.actor.name)}</a> {stance_badge(a.stance)} "
            f'<a href="{escape(reader.format(a.article_id))}#attribution-{a.pk}" class="meta-inline">'
            f"{escape(outlet or 'article')}</a></span></li>"
        )
    return mark_safe("\n".join(html))


def _article_cite(article, link: str, days: dict, day=None, own_date: bool = True) -> str:
    """ " — Outlet, 5 March 2024. Title (address)", as the report cites a passage."""
    outlet = escape(article.outlet.name if article.outlet_id else "unknown outlet")
    when = day or article.published_on
    dated = f", {escape(_once(days, when, 'j F Y'))}" if when else ", undated"
    if when and not own_date:
        dated += " (article's date)"
    address = f' (<a href="{escape(article.url)}">{escape(article.url)}</a>)' if article.url else ""
    return f' — {outlet}{dated}. <a href="{escape(link)}">{escape(article.title)}</a>{address}'


@register.simple_tag
def report_stance_rows(rows) -> SafeString:
    """The report's list items for stances: who, the quote, then where and when it was reported."""
    days, html = {}, []
    for a in rows:
        via = f" (via {escape(a.via.name)})" if a.via_id else ""
        html.append(
            f"<li><strong>{escape(a.actor.name)}</strong>{via}: {escape(quoted(a.exact))}"
            f"{_article_cite(a.article, a.link, days, a.when, bool(a.said_on))}</li>"
        )
    return mark_safe("\n".join(html))


@register.simple_tag
def report_evidence_rows(evidence) -> SafeString:
    """The report's list items for evidence: the relation and grade, the source, the passage."""
    days, html = {}, []
    for e in evidence:
        source = f", from {escape(e.source.name)}" if e.source_id else ""
        passage = f": {escape(quoted(e.exact))}" if e.start is not None else ""
        note = f'<br><span class="meta">{escape(e.note)}</span>' if e.note else ""
        html.append(
            f"<li><strong>{escape(e.get_relation_display().capitalize())}</strong> the claim, graded "
            f"{escape(e.get_credibility_display())}{source}{passage}"
            f"{_article_cite(e.article, e.link, days)}{note}</li>"
        )
    return mark_safe("\n".join(html))
