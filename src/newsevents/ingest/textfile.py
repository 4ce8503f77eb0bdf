"""Plain-text articles whose first line starts with ``date YYYY-MM-DD``."""

from __future__ import annotations

import datetime as dt
import re

from newsevents.errors import InputError
from newsevents.types import Article

from .dates import parse_date
from .ids import article_id
from .streams import Readable
from .utf8 import decode, strip_bom

# Leading whitespace (even blank lines) is tolerated: editors and copy-paste add it.
_DATE_LINE = re.compile(r"\s*date[ \t]+(\S+)", re.IGNORECASE)
EMPTY = "empty file"
NO_DATE = "no date: first line must start with 'date YYYY-MM-DD' (or pass --date)"


def parse_dated_text(
    text: str, origin: str, default: dt.date | None = None
) -> Article | InputError:
    """Split off the date line; the article text follows on the same line and the next ones.

    A first word "date" followed by something that is not a date ("Date palms...") is article
    text, so ``default`` applies; a digit after "date" is a date typo and reported as such.
    """
    text = text.replace("\r\n", "\n")
    if not text.strip():  # said first: "no date" would send the user looking for a date line
        return InputError(origin, EMPTY)
    date = default
    body = text
    match = _DATE_LINE.match(text)
    if match is not None:
        token = match.group(1)
        try:
            date = parse_date(token)
            body = text[match.end() :]
        except ValueError as exc:
            if token[0].isdigit():
                return InputError(origin, str(exc))
    if date is None:
        return InputError(origin, NO_DATE)
    body = body.strip()
    if not body:
        return InputError(origin, "empty text")
    return Article(id=article_id(body, date), date=date, text=body, origin=origin)


def read_text(
    stream: Readable, origin: str, default: dt.date | None = None
) -> Article | InputError:
    """Read one whole file as one article (a text file has no smaller unit to stream)."""
    data, bom = strip_bom(stream.read())
    if b"\0" in data:
        return InputError(origin, "binary data, not text")
    try:
        text = decode(data, bom)
    except ValueError as exc:
        return InputError(origin, str(exc))
    return parse_dated_text(text, origin, default)
