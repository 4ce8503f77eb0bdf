"""Publication dates in the handful of spellings news feeds actually use."""

from __future__ import annotations

import datetime as dt
import re

# Year, month and day with the same separator twice ("-" or none), then an optional time part.
_DATE = re.compile(r"(\d{4})(-?)(\d{2})\2(\d{2})(?P<time>[T ].*)?", re.DOTALL)
_SHOWN = 40


def _show(value: str) -> str:
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
        raise ValueError(f"unrecognised date {_show(text)} (expected YYYY-MM-DD)")
    year, _, month, day = (match.group(i) for i in range(1, 5))
    try:
        parsed = dt.date(int(year), int(month), int(day))
    except ValueError:
        raise ValueError(f"impossible date {_show(text)}") from None
    if match["time"] is not None:
        try:
            dt.datetime.fromisoformat(text)
        except ValueError:
            raise ValueError(f"unrecognised time in date {_show(text)}") from None
    return parsed
