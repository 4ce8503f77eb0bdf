"""parse_date: the date spellings feeds use, and clear reasons for the ones it refuses."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newsevents.ingest import parse_date

DAY = dt.date(2024, 10, 15)


@pytest.mark.parametrize(
    "value",
    [
        "2024-10-15",
        "20241015",
        "2024-10-15T08:00:00Z",
        "2024-10-15T23:30:00+05:30",
        "2024-10-15T01:00:00-08:00",
        "2024-10-15 08:00",
        "2024-10-15T08:00:00.123456",
        "  2024-10-15\n",
    ],
)
def test_accepted_forms_give_the_day_as_written(value: str) -> None:
    assert parse_date(value) == DAY


def test_impossible_date_is_named_in_the_reason() -> None:
    with pytest.raises(ValueError, match=r"^impossible date '2024-02-30'$"):
        parse_date("2024-02-30")


def test_impossible_compact_date_is_refused() -> None:
    with pytest.raises(ValueError, match="impossible date"):
        parse_date("20231301")


@pytest.mark.parametrize("value", ["", "yesterday", "15/10/2024", "2024-1015", "2024-10"])
def test_unrecognised_date_says_what_is_expected(value: str) -> None:
    with pytest.raises(ValueError, match=r"^unrecognised date .* \(expected YYYY-MM-DD\)$"):
        parse_date(value)


def test_garbage_time_part_is_refused() -> None:
    with pytest.raises(ValueError, match="unrecognised time"):
        parse_date("2024-10-15T99:99")


def test_long_values_are_cut_short_in_the_reason() -> None:
    with pytest.raises(ValueError) as info:
        parse_date("x" * 500)
    assert len(str(info.value)) < 100


dates = st.dates(min_value=dt.date(1000, 1, 1), max_value=dt.date(2999, 12, 31))
times = st.times()
offsets = st.sampled_from(["", "Z", "+00:00", "+05:30", "-08:00", "+14:00"])


@pytest.mark.parametrize("value", ["0001-01-01", "0999-12-31", "3000-01-01", "9999-12-31"])
def test_a_date_at_the_ends_of_the_calendar_is_refused(value: str) -> None:
    """Grounding and merging count days and months from the publication date: one article
    dated 9999-12-31 once stopped a whole corpus ("next month" overflowed)."""
    with pytest.raises(ValueError, match="out of range"):
        parse_date(value)


@given(st.dates())
def test_every_date_in_range_parses_and_every_other_is_refused(day: dt.date) -> None:
    if dt.date(1000, 1, 1) <= day <= dt.date(2999, 12, 31):
        assert parse_date(day.isoformat()) == day
    else:
        with pytest.raises(ValueError, match="out of range"):
            parse_date(day.isoformat())


@given(dates)
def test_any_day_round_trips_in_iso_and_compact_form(day: dt.date) -> None:
    assert parse_date(day.isoformat()) == day
    assert parse_date(day.strftime("%Y%m%d")) == day


@given(dates, times, offsets, st.sampled_from(["T", " "]))
def test_any_datetime_gives_its_date_part(
    day: dt.date, time: dt.time, offset: str, sep: str
) -> None:
    assert parse_date(f"{day.isoformat()}{sep}{time.isoformat()}{offset}") == day


@given(st.text())
def test_arbitrary_text_parses_or_raises_value_error_only(value: str) -> None:
    try:
        result = parse_date(value)
    except ValueError as exc:
        assert "\n" not in str(exc)
    else:
        assert isinstance(result, dt.date)
