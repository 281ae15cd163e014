from articles.highlight import Span, render_segments, segment_text


def _texts(segments):
    return [(s.text, [span.key for span in s.spans]) for s in segments]


def test_it_splits_overlapping_passages_at_every_boundary():
    text = "Peskov said the claims were baseless."
    spans = [Span(0, 11, "denies", "attribution-1"), Span(7, 27, "asserts", "attribution-2")]
    segments = segment_text(text, spans)
    assert "".join(s.text for s in segments) == text
    assert _texts(segments) == [
        ("Peskov ", ["attribution-1"]),
        ("said", ["attribution-1", "attribution-2"]),
        (" the claims were", ["attribution-2"]),
        (" baseless.", []),
    ]


def test_it_nests_a_passage_inside_another_with_the_outer_one_first():
    segments = segment_text(
        "abcdef", [Span(2, 4, "supports", "evidence-9"), Span(0, 6, "asserts", "attribution-1")]
    )
    assert _texts(segments) == [
        ("ab", ["attribution-1"]),
        ("cd", ["attribution-1", "evidence-9"]),
        ("ef", ["attribution-1"]),
    ]


def test_it_puts_dimmed_blocks_outside_the_marks():
    segments = segment_text(
        "abcd",
        [Span(0, 4, "asserts", "attribution-1"), Span(0, 4, "repeated", "block-1", block=True)],
    )
    assert [s.key for s in segments[0].spans] == ["block-1", "attribution-1"]


def test_it_clips_spans_outside_the_text_and_ignores_empty_ones():
    segments = segment_text(
        "abc",
        [
            Span(2, 10, "asserts", "attribution-1"),
            Span(5, 9, "denies", "attribution-2"),
            Span(1, 1, "denies", "attribution-3"),
        ],
    )
    assert _texts(segments) == [("ab", []), ("c", ["attribution-1"])]


def test_it_renders_marks_that_add_no_characters_and_escape_the_text():
    text = "<b>Kim</b> & “Putin” 🚀 met."
    html = render_segments(
        segment_text(text, [Span(0, 10, "asserts", "attribution-7", label='A <said> "x"')])
    )
    assert html.startswith(
        '<mark id="attribution-7" class="hl hl-asserts hl-start" data-kind="asserts" data-attribution-id="7"'
    )
    assert "&lt;b&gt;Kim&lt;/b&gt;</mark> &amp; “Putin” 🚀 met." in html
    assert 'data-label="A &lt;said&gt; &quot;x&quot;"' in html
    assert "<b>" not in html


def test_it_gives_the_id_only_to_the_first_piece_of_a_split_passage():
    html = render_segments(
        segment_text(
            "abcdef",
            [Span(0, 4, "asserts", "attribution-1"), Span(2, 6, "denies", "attribution-2")],
        )
    )
    assert html.count('id="attribution-1"') == 1
    assert html.count('id="attribution-2"') == 1
    assert html.count('data-key="attribution-2"') == 2
