"""Publication dates in the handful of spellings news feeds actually use."""

from __future__ import annotations

import datetime as dt
import email.utils
import re

# Year, month and day with the same separator twice ("-" or none), then an optional time part.
_DATE = re.compile(r"(\d{4})(-?)(\d{2})\2(\d{2})(?P<time>[T ].*)?", re.DOTALL)
_SHOWN = 40

#: Publication dates outside these are input errors: no news is dated there, and the calendar
#: arithmetic of grounding and merging ("three days before", "next month") must not overflow.
EARLIEST = dt.date(1000, 1, 1)  # the same range as types.Article's
LATEST = dt.date(2999, 12, 31)


def in_range(date: dt.date, text: str) -> dt.date:
    """``date``, or a :class:`ValueError` naming ``text`` if it lies outside EARLIEST-LATEST."""
    if not EARLIEST <= date <= LATEST:
        raise ValueError(
            f"date {show(text)} is out of range ({EARLIEST.isoformat()} to {LATEST.isoformat()})"
        )
    return date


def show(value: str) -> str:
    """Quote a value for a one-line message, cut short so a stray article body stays readable."""
    shown = value if len(value) <= _SHOWN else value[:_SHOWN] + "…"
    return repr(shown)


def parse_date(value: str) -> dt.date:
    """Parse ``YYYY-MM-DD``, ``YYYYMMDD`` or an ISO datetime (``2024-10-15T08:00:00Z``).

    A datetime keeps the day as written, offset ignored: the day the source published on is
    the reference for "yesterday" in the text, not the UTC day. Raises :class:`ValueError`
    whose message is a one-line reason fit for an :class:`~newsevents.errors.InputError`.
    """
    text = value.strip()
    match = _DATE.fullmatch(text)
    if match is None:
        raise ValueError(f"unrecognised date {show(text)} (expected YYYY-MM-DD)")
    year, _, month, day = (match.group(i) for i in range(1, 5))
    try:
        parsed = dt.date(int(year), int(month), int(day))
    except ValueError:
        raise ValueError(f"impossible date {show(text)}") from None
    if match["time"] is not None:
        try:
            dt.datetime.fromisoformat(text)
        except ValueError:
            raise ValueError(f"unrecognised time in date {show(text)}") from None
    return in_range(parsed, text)


def parse_web_date(value: str) -> dt.date:
    """Parse a date as web pages and feeds write it: ISO 8601 or RFC 822 (``Wed, 01 May 2024``).

    Like :func:`parse_date`, a datetime keeps the day as written, offset ignored. Raises
    :class:`ValueError` with a one-line reason.
    """
    try:
        return parse_date(value)
    except ValueError as exc:
        if value.strip()[:4].isdigit():
            raise  # ISO-looking: parse_date's reason is the precise one
        first = exc
    try:
        parts = email.utils.parsedate_tz(value.strip())
    except (ValueError, IndexError):  # older Pythons trip over some garbage
        parts = None
    if parts is None:
        raise first
    try:
        parsed = dt.date(parts[0], parts[1], parts[2])
    except ValueError:
        raise ValueError(f"impossible date {show(value.strip())}") from None
    return in_range(parsed, value.strip())
