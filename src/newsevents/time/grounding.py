"""Calendar logic: a time expression and a publication date → an interval of dates.

Pure functions, no parse needed: ``ground("last Tuesday", date(2024, 10, 17))`` is the
Tuesday before. Only expressions that name a point or a calendar unit are grounded; durations
("for three weeks") and vague spans ("recently", "in recent days") give ``None``.

Most expressions count from the publication date. Anaphoric ones ("the previous day", "two
days later", "less than three weeks before this", "the following month", "later that year")
count from an *anchor*, the date the text last gave; without one, from the publication date.
An offset finer than the anchor's precision does not move it: three weeks after "February
2022" is still February 2022, six weeks after it is March.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from typing import Literal

from ..types import Precision, TimeRef

Tense = Literal["past", "present", "future"]

WEEKDAYS: dict[str, int] = {name.lower(): i for i, name in enumerate(calendar.day_name)}
WEEKDAYS.update({"tues": 1, "weds": 2, "thur": 3, "thurs": 3})
WEEKDAYS.update({name.lower(): i for i, name in enumerate(calendar.day_abbr)})

MONTHS: dict[str, int] = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
MONTHS["sept"] = 9

NUMBERS: dict[str, int] = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
}

#: Words that may open an expression without changing what it means.
LEADING = re.compile(r"^(?:(?:on|in|at|during|of)\s+)+")
#: Parts of a day after a day word ("Tuesday morning", "yesterday evening").
DAY_PART = r"(?:\s+(?:morning|afternoon|evening|night))?"
WEEKDAY_RE = "|".join(sorted(WEEKDAYS, key=len, reverse=True))
MONTH_RE = "|".join(sorted(MONTHS, key=len, reverse=True))
NUMBER_RE = "|".join([*NUMBERS, r"\d{1,3}"])
YEAR_RE = r"(?:19\d\d|20\d\d|2100)"
ORDINAL = r"(?:st|nd|rd|th)?"

_WEEKDAY = re.compile(
    rf"^(?:(last|next|this|this\s+coming|past|coming)\s+)?({WEEKDAY_RE})\.?{DAY_PART}$"
)
_SAME_DAY = re.compile(
    r"^(?:today|tonight|this\s+(?:morning|afternoon|evening)|earlier\s+today|later\s+today)$"
)
_YESTERDAY = re.compile(rf"^(?:yesterday{DAY_PART}|last\s+night)$")
_OVERNIGHT = re.compile(r"^overnight$")
_TOMORROW = re.compile(rf"^tomorrow{DAY_PART}$")
_UNIT = re.compile(r"^(last|this|earlier\s+this|later\s+this|next|the\s+past)\s+(week|month|year)$")
_AGO = re.compile(rf"^({NUMBER_RE})\s+(day|week|month|year)s?\s+ago$")
_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_MONTH_DAY = re.compile(
    rf"^(?:(?:{WEEKDAY_RE})\.?,?\s+)?({MONTH_RE})\.?\s+(\d{{1,2}}){ORDINAL}(?:,?\s+({YEAR_RE}))?$"
)
_DAY_MONTH = re.compile(
    rf"^(?:(?:{WEEKDAY_RE})\.?,?\s+)?(?:the\s+)?(\d{{1,2}}){ORDINAL}\s+(?:of\s+)?({MONTH_RE})\.?"
    rf"(?:,?\s+({YEAR_RE}))?$"
)
_MONTH = re.compile(
    rf"^(?:(?:early|late|mid)[\s-]+)?({MONTH_RE})\.?"
    rf"(?:(?:,|\s+of)?\s+({YEAR_RE})|\s+(?:of\s+)?(this|last|next)\s+year)?$"
)
_YEAR = re.compile(rf"^(?:(?:early|late|mid)[\s-]+)?({YEAR_RE})$")

#: Words that make a count approximate ("less than three weeks", "about a month").
APPROXIMATE = (
    r"(?:(?:less|more|fewer)\s+than|about|around|roughly|nearly|almost|some|over|under"
    r"|just(?:\s+(?:over|under))?|barely|only|approximately)"
)
UNIT_RE = r"(?:day|week|month|year)"
#: Words that point an anaphoric offset forward or back.
LATER = frozenset({"later", "after", "afterwards", "afterward", "next", "following"})
EARLIER = frozenset({"earlier", "before", "previously", "prior", "previous", "preceding"})
_STEP = re.compile(
    rf"^(?:({APPROXIMATE})\s+)?({NUMBER_RE}|a\s+few|several)\s+({UNIT_RE})s?\s+"
    r"(later|earlier|after|afterwards?|before|previously|prior)(?:\s+(?:this|that|then|it))?$"
)
_NEXT = re.compile(
    r"^the\s+(next|following|previous|preceding|prior|same)\s+"
    rf"(day|morning|afternoon|evening|night|{UNIT_RE})$"
)
_DAY_BEFORE = re.compile(r"^the\s+day\s+(before|after)$")
_THAT = re.compile(
    rf"^(?:(?:later|earlier)\s+)?that\s+(day|morning|afternoon|evening|night|{UNIT_RE})$"
)
#: Offsets by unit, finest first; the precision of each.
UNITS: dict[str, Precision] = {
    "day": Precision.DAY,
    "week": Precision.WEEK,
    "month": Precision.MONTH,
    "year": Precision.YEAR,
}
LEVEL = {Precision.DAY: 0, Precision.WEEK: 1, Precision.MONTH: 2, Precision.YEAR: 3}


def ground(
    expression: str,
    published: dt.date,
    *,
    tense: Tense = "past",
    anchor: TimeRef | None = None,
) -> TimeRef | None:
    """The dates ``expression`` names in an article published on ``published``, or ``None``.

    ``tense`` is the tense of the clause the expression modifies: it decides which way an
    underspecified date points ("on Tuesday", "in May", "Oct. 3": back for the past, forward
    for the future, the nearer one for the present). ``anchor`` is the date the text last
    gave, which anaphoric expressions ("the day before", "two weeks later") count from.
    """
    text = " ".join(expression.split())
    norm = LEADING.sub("", text.lower().rstrip(",;:")).strip()
    if not norm:
        return None
    try:
        found = _from_date(norm, published, tense)
        if found is None:
            found = _anaphoric(norm, anchor or TimeRef(published, published, Precision.DAY))
        if found is None:
            found = _ground(norm, published, tense)
    except (OverflowError, ValueError):  # "next month" in December 9999: no such date
        return None
    if found is None:
        return None
    start, end, precision = found
    return TimeRef(start, end, precision, text)


_Found = tuple[dt.date, dt.date, Precision]


def _ground(norm: str, pub: dt.date, tense: Tense) -> _Found | None:
    for rule in (_relative_day, _weekday, _unit, _ago, _explicit_day, _month, _year):
        found = rule(norm, pub, tense)
        if found is not None:
            return found
    return None


def _day(day: dt.date) -> _Found:
    return day, day, Precision.DAY


def _relative_day(norm: str, pub: dt.date, tense: Tense) -> _Found | None:
    one = dt.timedelta(days=1)
    if _SAME_DAY.match(norm):
        return _day(pub)
    if _YESTERDAY.match(norm):
        return _day(pub - one)
    if _OVERNIGHT.match(norm):
        return pub - one, pub, Precision.DAY
    if _TOMORROW.match(norm):
        return _day(pub + one)
    return None


def _weekday(norm: str, pub: dt.date, tense: Tense) -> _Found | None:
    m = _WEEKDAY.match(norm)
    if m is None:
        return None
    modifier = " ".join((m.group(1) or "").split())
    wanted = WEEKDAYS[m.group(2)]
    before = (pub.weekday() - wanted) % 7  # days back to the latest such day, 0 = today
    after = (wanted - pub.weekday()) % 7 or 7  # days on to the next such day after today
    if modifier in {"last", "past"}:
        return _day(pub - dt.timedelta(days=before or 7))
    if modifier in {"next", "coming", "this coming"} or tense == "future":
        return _day(pub + dt.timedelta(days=after))
    return _day(pub - dt.timedelta(days=before))


def _week_of(day: dt.date) -> _Found:
    monday = day - dt.timedelta(days=day.weekday())
    return monday, monday + dt.timedelta(days=6), Precision.WEEK


def _month_of(year: int, month: int) -> _Found:
    last = calendar.monthrange(year, month)[1]
    return dt.date(year, month, 1), dt.date(year, month, last), Precision.MONTH


def _year_of(year: int) -> _Found | None:
    if not 1900 <= year <= 2100:
        return None
    return dt.date(year, 1, 1), dt.date(year, 12, 31), Precision.YEAR


def _shift_month(year: int, month: int, by: int) -> tuple[int, int]:
    n = year * 12 + (month - 1) + by
    return n // 12, n % 12 + 1


def _unit(norm: str, pub: dt.date, tense: Tense) -> _Found | None:
    m = _UNIT.match(norm)
    if m is None:
        return None
    which, unit = " ".join(m.group(1).split()), m.group(2)
    if which == "the past":
        return None  # "the past week": a span ending now, not a calendar unit
    by = {"last": -1, "next": 1}.get(which, 0)
    if unit == "week":
        start, end, precision = _week_of(pub + dt.timedelta(weeks=by))
    elif unit == "month":
        start, end, precision = _month_of(*_shift_month(pub.year, pub.month, by))
    else:
        found = _year_of(pub.year + by)
        if found is None:
            return None
        start, end, precision = found
    if which == "earlier this":
        end = pub
    elif which == "later this":
        start = pub
    return start, end, precision


def _ago(norm: str, pub: dt.date, tense: Tense) -> _Found | None:
    m = _AGO.match(norm)
    if m is None:
        return None
    word, unit = m.group(1), m.group(2)
    n = NUMBERS[word] if word in NUMBERS else int(word)
    if unit == "day":
        return _day(pub - dt.timedelta(days=n))
    if unit == "week":
        return _week_of(pub - dt.timedelta(weeks=n))
    if unit == "month":
        return _month_of(*_shift_month(pub.year, pub.month, -n))
    return _year_of(pub.year - n)


def _year_for(month: int, day: int, pub: dt.date, tense: Tense) -> int:
    """The year of a month (and day) given without one: the latest on or before publication
    for past tense, the first on or after it for future tense, the nearer of the two for
    present tense ("his court appearance is on April 5" in March is this April)."""
    back = pub.year if (month, day) <= (pub.month, pub.day) else pub.year - 1
    forward = pub.year if (month, day) >= (pub.month, pub.day) else pub.year + 1
    if tense == "future":
        return forward
    if tense == "present" and back != forward:
        day = min(day, 28)
        before, after = dt.date(back, month, day), dt.date(forward, month, day)
        return forward if (after - pub) < (pub - before) else back
    return back


def _year_for_month(month: int, pub: dt.date, tense: Tense) -> int:
    """Like :func:`_year_for` for a whole month: "in October" in an October article is now."""
    back = pub.year if month <= pub.month else pub.year - 1
    forward = pub.year if month >= pub.month else pub.year + 1
    if tense == "future":
        return forward
    if tense == "present" and back != forward:
        return forward if (month - pub.month) % 12 < (pub.month - month) % 12 else back
    return back


def _date(year: int, month: int, day: int) -> _Found | None:
    try:
        return _day(dt.date(year, month, day))
    except ValueError:  # "Feb. 30", "Feb. 29, 2023"
        return None


def _explicit_day(norm: str, pub: dt.date, tense: Tense) -> _Found | None:
    m = _ISO.match(norm)
    if m is not None:
        return _date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    m = _MONTH_DAY.match(norm)
    if m is not None:
        month, day, year = MONTHS[m.group(1)], int(m.group(2)), m.group(3)
    else:
        m = _DAY_MONTH.match(norm)
        if m is None:
            return None
        day, month, year = int(m.group(1)), MONTHS[m.group(2)], m.group(3)
    if not 1 <= day <= 31:
        return None
    return _date(int(year) if year else _year_for(month, day, pub, tense), month, day)


def _month(norm: str, pub: dt.date, tense: Tense) -> _Found | None:
    m = _MONTH.match(norm)
    if m is None:
        return None
    month = MONTHS[m.group(1)]
    if m.group(2):
        year = int(m.group(2))
    elif m.group(3):
        year = pub.year + {"this": 0, "last": -1, "next": 1}[m.group(3)]
    else:
        year = _year_for_month(month, pub, tense)
    return _month_of(year, month)


def _year(norm: str, pub: dt.date, tense: Tense) -> _Found | None:
    m = _YEAR.match(norm)
    return None if m is None else _year_of(int(m.group(1)))


def _count(word: str) -> int:
    word = " ".join(word.split())
    if word in {"a few", "several"}:
        return 3
    return NUMBERS[word] if word in NUMBERS else int(word)


def _anaphoric(norm: str, anchor: TimeRef) -> _Found | None:
    """An offset from ``anchor``: "two days later", "the previous day", "that month"."""
    approximate = False
    m = _STEP.match(norm)
    if m is not None:
        approximate = bool(m.group(1)) or m.group(2) in {"a few", "several"}
        n, unit = _count(m.group(2)), m.group(3)
        sign = 1 if m.group(4) in LATER else -1
        return _offset(anchor, sign * n, unit, approximate=approximate)
    m = _NEXT.match(norm)
    if m is not None:
        which, unit = m.group(1), m.group(2)
        unit = unit if unit in UNITS else "day"  # "the next morning"
        sign = 1 if which in LATER else -1 if which in EARLIER else 0
        return _offset(anchor, sign, unit)
    m = _DAY_BEFORE.match(norm)
    if m is not None:
        return _offset(anchor, 1 if m.group(1) == "after" else -1, "day")
    m = _THAT.match(norm)
    if m is not None:
        unit = m.group(1) if m.group(1) in UNITS else "day"
        return _offset(anchor, 0, unit)
    return None


def _offset(anchor: TimeRef, n: int, unit: str, *, approximate: bool = False) -> _Found | None:
    """``anchor`` moved by ``n`` units, at the coarser of its precision and the unit's: an
    offset is counted in whole units of that precision, rounded towards zero."""
    base = Precision.DAY if anchor.precision is Precision.PUBLICATION else anchor.precision
    level = max(LEVEL[base], LEVEL[UNITS[unit]])
    days = {"day": 1, "week": 7}.get(unit, 0) * n
    months = {"month": 1, "year": 12}.get(unit, 0) * n
    start = anchor.start
    if level == LEVEL[Precision.DAY]:
        day = start + dt.timedelta(days=days)
        return _week_of(day) if approximate else _day(day)
    if level == LEVEL[Precision.WEEK]:
        return _week_of(start + dt.timedelta(days=days))
    if level == LEVEL[Precision.MONTH]:
        by = months or int(days / 30)
        return _month_of(*_shift_month(start.year, start.month, by))
    by = int(months / 12) if months else int(days / 365)
    return _year_of(start.year + by)


def _from_date(norm: str, pub: dt.date, tense: Tense) -> _Found | None:
    """An offset from a date given with it: "two days after May 5", "a week before Easter"."""
    m = re.match(r"^(.+?\b(?:after|before))\s+(?:the\s+)?(.+)$", norm)
    if m is None or _STEP.match(m.group(1)) is None:
        return None
    base = _ground(m.group(2), pub, tense)
    if base is None:
        return None
    return _anaphoric(m.group(1), TimeRef(base[0], base[1], base[2]))
