"""detect_structure on a scraped page: title, date marker, caption, repeated body, furniture."""

import datetime

from suggest import detect_structure

TITLE = "Port strike enters second week as talks collapse"
CAPTION = "Cranes stand idle at the container terminal. Picture: JANE ROE/AFP"
BODY = (
    "Lagos: Dockworkers at the main container port stayed off the job on Monday after talks broke down.\n"
    "The union said the operator had refused to discuss pay, a charge the operator denied in a statement."
)
FURNITURE = (
    "Would you like to comment on this article?\nSign up (it's free) or sign in now.\n"
    "Related Articles\nPort fees rise again"
)
TEXT = f"WORLD\n\n{TITLE}\n\n date 2023-10-18 {CAPTION}\n{BODY}\n{BODY}\n{FURNITURE}\n"


def kinds(structure) -> list[str]:
    return [b.kind for b in structure.blocks]


def test_it_finds_title_date_and_dateline():
    structure = detect_structure(TEXT)
    assert structure.title == TITLE
    assert structure.published_on == datetime.date(2023, 10, 18)
    assert structure.dateline == "Lagos"


def test_it_marks_title_marker_caption_repeat_and_furniture_in_order():
    structure = detect_structure(TEXT)
    assert kinds(structure) == [
        "title",
        "title",
        "dateline-marker",
        "caption",
        "repeated",
        "furniture",
    ]
    starts = [b.start for b in structure.blocks]
    assert starts == sorted(starts)
    assert all(
        a.end <= b.start for a, b in zip(structure.blocks, structure.blocks[1:], strict=False)
    )


def test_it_points_a_repeated_block_at_its_first_copy():
    structure = detect_structure(TEXT)
    repeated = next(b for b in structure.blocks if b.kind == "repeated")
    first_copy = TEXT.index(BODY)
    assert repeated.original_start == first_copy
    assert TEXT[repeated.start : repeated.end] == BODY
    assert repeated.start > first_copy


def test_it_covers_the_caption_and_furniture_text():
    structure = detect_structure(TEXT)
    caption = next(b for b in structure.blocks if b.kind == "caption")
    furniture = next(b for b in structure.blocks if b.kind == "furniture")
    assert TEXT[caption.start : caption.end] == CAPTION
    assert TEXT[furniture.start : furniture.end].strip() == FURNITURE


def test_it_finds_a_byline_and_no_blocks_in_a_plain_article():
    text = "Rain returns to the north\n\nBy Ana Lima\n\nMeteorologists said rain would return on Friday.\n"
    structure = detect_structure(text)
    assert structure.byline == "Ana Lima"
    assert kinds(structure) == ["title"]
    assert structure.published_on is None
