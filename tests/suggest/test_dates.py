"""resolve_date against an article published on Wednesday 2023-10-18."""

import datetime

from suggest import resolve_date

WEDNESDAY = datetime.date(2023, 10, 18)


def test_it_takes_the_most_recent_earlier_weekday():
    assert resolve_date("on Tuesday", WEDNESDAY) == datetime.date(2023, 10, 17)
    assert resolve_date("on Thursday", WEDNESDAY) == datetime.date(2023, 10, 12)


def test_it_takes_a_week_back_for_the_same_weekday():
    assert resolve_date("on Wednesday", WEDNESDAY) == datetime.date(2023, 10, 11)


def test_it_reads_today_and_yesterday():
    assert resolve_date("today", WEDNESDAY) == WEDNESDAY
    assert resolve_date("yesterday", WEDNESDAY) == datetime.date(2023, 10, 17)


def test_it_takes_seven_days_back_for_last_week():
    assert resolve_date("last week", WEDNESDAY) == datetime.date(2023, 10, 11)


def test_it_puts_a_month_and_day_in_the_article_year_or_the_year_before():
    assert resolve_date("on January 4", WEDNESDAY) == datetime.date(2023, 1, 4)
    assert resolve_date("December 4", WEDNESDAY) == datetime.date(2022, 12, 4)
    assert resolve_date("4 October", WEDNESDAY) == datetime.date(2023, 10, 4)


def test_it_keeps_an_explicit_year():
    assert resolve_date("on October 18 2023", None) == datetime.date(2023, 10, 18)
    assert resolve_date("2021-03-05", None) == datetime.date(2021, 3, 5)


def test_it_takes_the_first_of_the_month_for_in_a_month():
    assert resolve_date("in September", WEDNESDAY) == datetime.date(2023, 9, 1)
    assert resolve_date("in November", WEDNESDAY) == datetime.date(2022, 11, 1)


def test_it_takes_the_first_of_the_month_for_earlier_this_month():
    assert resolve_date("earlier this month", WEDNESDAY) == datetime.date(2023, 10, 1)


def test_it_gives_none_for_relative_dates_without_an_article_date():
    assert resolve_date("on Tuesday", None) is None
    assert resolve_date("in September", None) is None


def test_it_gives_none_for_vague_or_unknown_expressions():
    assert resolve_date("this week", WEDNESDAY) is None
    assert resolve_date("recently", WEDNESDAY) is None
