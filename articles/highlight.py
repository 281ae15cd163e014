"""Splitting an article's text at passage boundaries so overlapping highlights nest.

The reader renders the text inside one element whose text nodes concatenate to exactly
`article.text`; marks wrap segments and add no characters, so the browser can turn a selection
back into offsets by counting characters.
"""

from dataclasses import dataclass, field

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe


@dataclass(frozen=True)
class Span:
    """A highlighted passage (or a dimmed block): `key` is its element id, e.g. "attribution-34"."""

    start: int
    end: int
    kind: str
    key: str
    label: str = ""
    block: bool = False


@dataclass
class Segment:
    start: int
    end: int
    text: str
    # Outermost first: blocks, then earlier and longer passages.
    spans: list[Span] = field(default_factory=list)


def _order(span: Span) -> tuple:
    return (not span.block, span.start, -span.end, span.key)


def segment_text(text: str, spans: list[Span]) -> list[Segment]:
    """Cut `text` at every span boundary; each segment lists the spans that cover it.

    Spans outside the text are clipped and empty ones ignored, so a bad offset never breaks the page.
    The segments' texts concatenate to `text`.
    """
    n = len(text)
    clipped = [s for s in spans if max(0, s.start) < min(n, s.end)]
    bounds = {0, n}
    for s in clipped:
        bounds.add(max(0, s.start))
        bounds.add(min(n, s.end))
    ordered = sorted(bounds)
    starts: dict[int, list[Span]] = {}
    for s in clipped:
        starts.setdefault(max(0, s.start), []).append(s)
    segments: list[Segment] = []
    active: list[Span] = []
    for a, b in zip(ordered, ordered[1:], strict=False):
        active = [s for s in active if s.end > a] + starts.get(a, [])
        segments.append(Segment(a, b, text[a:b], sorted(active, key=_order)))
    return segments


def _open(span: Span, first: bool) -> str:
    if span.block:
        return f'<span class="block block-{escape(span.kind)}" data-block="{escape(span.kind)}">'
    kind, (entity, _, pk) = escape(span.kind), span.key.partition("-")
    attrs = [
        f'class="hl hl-{kind}{" hl-start" if first else ""}"',
        f'data-kind="{kind}"',
        f'data-{escape(entity)}-id="{escape(pk)}"',
        f'data-key="{escape(span.key)}"',
        f'data-label="{escape(span.label)}"',
        'tabindex="0"',
    ]
    if first:
        attrs.insert(0, f'id="{escape(span.key)}"')
    return f"<mark {' '.join(attrs)}>"


def render_segments(segments: list[Segment]) -> SafeString:
    """HTML for the segments: every character of the text escaped, marks nested around it."""
    out: list[str] = []
    for seg in segments:
        out.extend(_open(s, first=s.start == seg.start) for s in seg.spans)
        out.append(escape(seg.text))
        out.extend("</span>" if s.block else "</mark>" for s in reversed(seg.spans))
    return mark_safe("".join(out))
