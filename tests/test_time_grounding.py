"""Grounding time expressions against a publication date: expected intervals are computed
here by calendar arithmetic, never written out as dates."""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Callable

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newsevents.time import ground
from newsevents.time.grounding import Tense
from newsevents.types import Precision

Interval = tuple[dt.date, dt.date, Precision] | None
Expect = Callable[[dt.date], Interval]

DAY = dt.timedelta(days=1)
TUE = dt.date(2024, 10, 15)  # a Tuesday
THU = dt.date(2024, 10, 17)  # a Thursday
NEW_YEAR = dt.date(2024, 1, 2)  # a Tuesday, in the first ISO week of 2024
LEAP = dt.date(2024, 3, 1)
NON_LEAP = dt.date(2023, 3, 1)


def day(d: dt.date) -> Interval:
    return d, d, Precision.DAY


def week_of(d: dt.date) -> Interval:
    monday = d - dt.timedelta(days=d.weekday())
    return monday, monday + 6 * DAY, Precision.WEEK


def month_of(year: int, month: int) -> Interval:
    return (
        dt.date(year, month, 1),
        dt.date(year, month, calendar.monthrange(year, month)[1]),
        Precision.MONTH,
    )


def year_of(year: int) -> Interval:
    return dt.date(year, 1, 1), dt.date(year, 12, 31), Precision.YEAR


def shift_month(d: dt.date, by: int) -> tuple[int, int]:
    n = d.year * 12 + d.month - 1 + by
    return n // 12, n % 12 + 1


def latest(weekday: int, pub: dt.date, *, strictly: bool = False) -> dt.date:
    """The latest day with ``weekday`` on (or strictly before) ``pub``."""
    d = pub - DAY if strictly else pub
    while d.weekday() != weekday:
        d -= DAY
    return d


def following(weekday: int, pub: dt.date) -> dt.date:
    """The first day with ``weekday`` strictly after ``pub``."""
    d = pub + DAY
    while d.weekday() != weekday:
        d += DAY
    return d


def past_year(month: int, d: int, pub: dt.date) -> int:
    return pub.year if (month, d) <= (pub.month, pub.day) else pub.year - 1


def future_year(month: int, d: int, pub: dt.date) -> int:
    return pub.year if (month, d) >= (pub.month, pub.day) else pub.year + 1


MON, TUESDAY, WED, FRI = 0, 1, 2, 4

# (expression, publication date, tense, expected interval from the publication date)
CASES: list[tuple[str, dt.date, Tense, Expect]] = [
    # weekdays
    ("Tuesday", TUE, "past", lambda p: day(p)),
    ("on Tuesday", TUE, "past", lambda p: day(p)),
    ("on Tuesday", TUE, "present", lambda p: day(p)),
    ("on Tuesday", TUE, "future", lambda p: day(p + 7 * DAY)),
    ("last Tuesday", TUE, "past", lambda p: day(p - 7 * DAY)),
    ("next Tuesday", TUE, "past", lambda p: day(p + 7 * DAY)),
    ("on Monday", TUE, "past", lambda p: day(latest(MON, p))),
    ("Friday", TUE, "past", lambda p: day(latest(FRI, p))),
    ("on Friday", TUE, "future", lambda p: day(following(FRI, p))),
    ("last Wednesday", THU, "past", lambda p: day(latest(WED, p, strictly=True))),
    ("next Wednesday", THU, "past", lambda p: day(following(WED, p))),
    ("this Tuesday", THU, "past", lambda p: day(latest(TUESDAY, p))),
    ("Tuesday morning", THU, "past", lambda p: day(latest(TUESDAY, p))),
    ("On WEDNESDAY", THU, "past", lambda p: day(latest(WED, p))),
    ("on Wednesday", THU, "future", lambda p: day(following(WED, p))),
    ("Wednesday", dt.date(2024, 1, 1), "past", lambda p: day(latest(WED, p))),
    # days relative to publication
    ("yesterday", TUE, "past", lambda p: day(p - DAY)),
    ("today", TUE, "past", lambda p: day(p)),
    ("tonight", TUE, "future", lambda p: day(p)),
    ("this morning", TUE, "past", lambda p: day(p)),
    ("this afternoon", TUE, "past", lambda p: day(p)),
    ("this evening", TUE, "past", lambda p: day(p)),
    ("overnight", TUE, "past", lambda p: (p - DAY, p, Precision.DAY)),
    ("tomorrow", TUE, "future", lambda p: day(p + DAY)),
    ("the previous day", TUE, "past", lambda p: day(p - DAY)),
    ("the day before", TUE, "past", lambda p: day(p - DAY)),
    ("yesterday", NEW_YEAR - DAY, "past", lambda p: day(p - DAY)),
    # weeks, months, years relative to publication
    ("last week", TUE, "past", lambda p: week_of(p - 7 * DAY)),
    ("last week", NEW_YEAR, "past", lambda p: week_of(p - 7 * DAY)),
    ("this week", TUE, "past", lambda p: week_of(p)),
    ("earlier this week", THU, "past", lambda p: (p - p.weekday() * DAY, p, Precision.WEEK)),
    ("next week", TUE, "future", lambda p: week_of(p + 7 * DAY)),
    ("last month", TUE, "past", lambda p: month_of(*shift_month(p, -1))),
    ("last month", NEW_YEAR, "past", lambda p: month_of(*shift_month(p, -1))),
    ("this month", TUE, "past", lambda p: month_of(p.year, p.month)),
    ("earlier this month", TUE, "past", lambda p: (p.replace(day=1), p, Precision.MONTH)),
    ("next month", dt.date(2024, 12, 5), "future", lambda p: month_of(*shift_month(p, 1))),
    ("last year", TUE, "past", lambda p: year_of(p.year - 1)),
    ("this year", TUE, "past", lambda p: year_of(p.year)),
    ("next year", TUE, "future", lambda p: year_of(p.year + 1)),
    # month names
    ("in May", TUE, "past", lambda p: month_of(p.year, 5)),
    ("May", TUE, "past", lambda p: month_of(p.year, 5)),
    ("in December", TUE, "past", lambda p: month_of(p.year - 1, 12)),
    ("in December", NEW_YEAR, "past", lambda p: month_of(p.year - 1, 12)),
    ("in January", NEW_YEAR, "past", lambda p: month_of(p.year, 1)),
    ("in October", TUE, "past", lambda p: month_of(p.year, 10)),
    ("in October", TUE, "future", lambda p: month_of(p.year, 10)),
    ("in May", TUE, "future", lambda p: month_of(p.year + 1, 5)),
    ("in December", TUE, "future", lambda p: month_of(p.year, 12)),
    ("in May this year", TUE, "past", lambda p: month_of(p.year, 5)),
    ("In May this year", TUE, "future", lambda p: month_of(p.year, 5)),
    ("in May last year", TUE, "past", lambda p: month_of(p.year - 1, 5)),
    ("in Sept.", TUE, "past", lambda p: month_of(p.year, 9)),
    ("in Sep", TUE, "past", lambda p: month_of(p.year, 9)),
    ("in Jan.", TUE, "past", lambda p: month_of(p.year, 1)),
    ("in February 2022", TUE, "past", lambda p: month_of(2022, 2)),
    ("February 2022", TUE, "future", lambda p: month_of(2022, 2)),
    ("in February 2024", TUE, "past", lambda p: month_of(2024, 2)),
    ("in 2023", TUE, "past", lambda p: year_of(2023)),
    ("2023", TUE, "past", lambda p: year_of(2023)),
    ("in 1899", TUE, "past", lambda p: None),
    ("in 2101", TUE, "past", lambda p: None),
    # explicit days
    ("on Oct. 3", TUE, "past", lambda p: day(dt.date(p.year, 10, 3))),
    ("Oct 3", TUE, "past", lambda p: day(dt.date(p.year, 10, 3))),
    ("October 3", TUE, "past", lambda p: day(dt.date(p.year, 10, 3))),
    ("3 October", TUE, "past", lambda p: day(dt.date(p.year, 10, 3))),
    ("3 September", TUE, "past", lambda p: day(dt.date(p.year, 9, 3))),
    ("Sept. 3", TUE, "past", lambda p: day(dt.date(p.year, 9, 3))),
    ("Sep 3", TUE, "past", lambda p: day(dt.date(p.year, 9, 3))),
    ("Jan. 5", TUE, "past", lambda p: day(dt.date(p.year, 1, 5))),
    ("Feb 5", TUE, "past", lambda p: day(dt.date(p.year, 2, 5))),
    ("Oct. 20", TUE, "past", lambda p: day(dt.date(past_year(10, 20, p), 10, 20))),
    ("Oct. 20", TUE, "future", lambda p: day(dt.date(future_year(10, 20, p), 10, 20))),
    ("Oct. 3", TUE, "future", lambda p: day(dt.date(future_year(10, 3, p), 10, 3))),
    ("on Oct. 15", TUE, "past", lambda p: day(p)),
    ("on Oct. 15", TUE, "future", lambda p: day(p)),
    ("Dec. 30", NEW_YEAR, "past", lambda p: day(dt.date(past_year(12, 30, p), 12, 30))),
    ("August 1, 2024", TUE, "past", lambda p: day(dt.date(2024, 8, 1))),
    ("1 August 2024", TUE, "past", lambda p: day(dt.date(2024, 8, 1))),
    ("2024-08-01", TUE, "past", lambda p: day(dt.date(2024, 8, 1))),
    ("on Tuesday, Oct. 15", TUE, "past", lambda p: day(p)),
    ("Feb 30", TUE, "past", lambda p: None),
    ("February 30, 2024", TUE, "past", lambda p: None),
    ("2024-02-30", TUE, "past", lambda p: None),
    ("Feb 29", LEAP, "past", lambda p: day(dt.date(p.year, 2, 29))),
    ("Feb 29", NON_LEAP, "past", lambda p: None),
    ("Feb. 29, 2023", TUE, "past", lambda p: None),
    ("Feb. 29, 2024", TUE, "past", lambda p: day(dt.date(2024, 2, 29))),
    # "… ago"
    ("three days ago", TUE, "past", lambda p: day(p - 3 * DAY)),
    ("3 days ago", TUE, "past", lambda p: day(p - 3 * DAY)),
    ("a day ago", NEW_YEAR, "past", lambda p: day(p - DAY)),
    ("two weeks ago", TUE, "past", lambda p: week_of(p - 14 * DAY)),
    ("two weeks ago", NEW_YEAR, "past", lambda p: week_of(p - 14 * DAY)),
    ("a month ago", TUE, "past", lambda p: month_of(*shift_month(p, -1))),
    ("twelve months ago", TUE, "past", lambda p: month_of(*shift_month(p, -12))),
    ("two years ago", TUE, "past", lambda p: year_of(p.year - 2)),
    ("a year ago", TUE, "past", lambda p: year_of(p.year - 1)),
    # durations and vague spans
    ("for three weeks", TUE, "past", lambda p: None),
    ("recently", TUE, "past", lambda p: None),
    ("in recent days", TUE, "past", lambda p: None),
    ("for years", TUE, "past", lambda p: None),
    ("over the past decade", TUE, "past", lambda p: None),
    ("the past week", TUE, "past", lambda p: None),
    ("three weeks", TUE, "past", lambda p: None),
    ("less than three weeks", TUE, "past", lambda p: None),
    ("since Tuesday", TUE, "past", lambda p: None),
    ("", TUE, "past", lambda p: None),
]


@pytest.mark.parametrize(
    ("expression", "published", "tense", "expect"),
    CASES,
    ids=[f"{c[0] or 'empty'}|{c[1]}|{c[2]}" for c in CASES],
)
def test_ground_table(expression: str, published: dt.date, tense: Tense, expect: Expect) -> None:
    ref = ground(expression, published, tense=tense)
    want = expect(published)
    got = None if ref is None else (ref.start, ref.end, ref.precision)
    assert got == want
    if ref is not None:
        assert ref.text == expression
        assert ref.start <= ref.end


def test_the_expression_text_is_kept_with_its_wording() -> None:
    ref = ground("  on  Tuesday ", TUE)
    assert ref is not None
    assert ref.text == "on Tuesday"


@given(
    published=st.dates(min_value=dt.date(1901, 1, 1), max_value=dt.date(2099, 12, 31)),
    weekday=st.sampled_from(list(calendar.day_name)),
    opener=st.sampled_from(["", "on ", "On "]),
)
def test_past_weekday_is_within_the_week_ending_on_publication(
    published: dt.date, weekday: str, opener: str
) -> None:
    ref = ground(opener + weekday, published, tense="past")
    assert ref is not None
    assert ref.start == ref.end
    assert published - 6 * DAY <= ref.start <= published
    assert calendar.day_name[ref.start.weekday()] == weekday
    assert ref.precision is Precision.DAY


@given(
    published=st.dates(min_value=dt.date(1901, 1, 1), max_value=dt.date(2099, 12, 31)),
    weekday=st.sampled_from(list(calendar.day_name)),
)
def test_future_weekday_is_within_the_week_after_publication(
    published: dt.date, weekday: str
) -> None:
    ref = ground(f"on {weekday}", published, tense="future")
    assert ref is not None
    assert published < ref.start <= published + 7 * DAY
    assert calendar.day_name[ref.start.weekday()] == weekday


@given(
    published=st.dates(min_value=dt.date(1901, 1, 1), max_value=dt.date(2099, 12, 31)),
    month=st.integers(1, 12),
)
def test_past_month_name_is_the_latest_on_or_before_publication(
    published: dt.date, month: int
) -> None:
    ref = ground(f"in {calendar.month_name[month]}", published)
    assert ref is not None
    assert ref.start.month == month
    assert ref.start <= published
    assert published - dt.timedelta(days=366) < ref.end


@pytest.mark.parametrize(
    ("expression", "published"),
    [
        ("next month", dt.date(9999, 12, 25)),
        ("next year", dt.date(9999, 6, 1)),
        ("three days ago", dt.date(1, 1, 2)),
        ("last year", dt.date(1, 6, 1)),
        ("2000 years ago", dt.date(1500, 1, 1)),
    ],
)
def test_an_expression_past_the_ends_of_the_calendar_dates_nothing(
    expression: str, published: dt.date
) -> None:
    assert ground(expression, published) is None
