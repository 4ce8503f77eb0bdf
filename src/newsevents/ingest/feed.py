"""RSS and Atom feed files: each item (entry) is one article, judged on its own.

feedparser only ever gets the bytes of the file, never a name or URL it could open or fetch.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import time
import xml.sax
from collections.abc import Callable, Iterator, Mapping
from typing import Any

from newsevents.errors import InputError
from newsevents.types import Article

from .dates import in_range, parse_web_date, show
from .ids import article_id
from .markup import clean, host_of, html_to_text, named, one_line, paragraphs, web_url
from .messages import describe, reason
from .streams import Readable
from .utf8 import strip_bom

_XML_DECLARATION = re.compile(rb"<\?xml[^>]*?>")
_HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
_DATE_FIELDS = ("published", "updated")
NO_DATE = "no publication date (pass --date)"


def read_feed(
    stream: Readable, origin: str, default: dt.date | None = None
) -> Iterator[Article | InputError]:
    """Yield one item per feed entry; origins are ``origin:item N`` (1-based, document order).

    An entry's own date (published, else updated) wins over ``default``. A file with no
    entries that is not a well-formed feed is one error; a well-formed empty feed yields
    nothing. Feeds are small, so the file is parsed whole.
    """
    import feedparser

    data = stream.read()
    try:
        parsed = feedparser.parse(io.BytesIO(data))  # a stream: never taken for a path or URL
    except Exception as exc:  # a parser bug must not end the whole run
        yield InputError(origin, f"cannot parse the feed: {describe(exc)}")
        return
    entries = _list(parsed.get("entries"))
    if not entries:
        problem = _not_a_feed(parsed, data)
        if problem:
            yield InputError(origin, f"not an RSS or Atom feed: {problem}")
        return
    feed = parsed.get("feed")
    feed = feed if isinstance(feed, Mapping) else {}
    source = _plain(feed, "title", one_line) or host_of(web_url(_field(feed, "link")))
    for number, entry in enumerate(entries, start=1):
        where = f"{origin}:item {number}"
        if not isinstance(entry, Mapping):
            yield InputError(where, "unreadable item")
            continue
        yield entry_article(entry, where, source, default)


def _not_a_feed(parsed: Mapping[str, Any], data: bytes) -> str:
    """Why an entry-less parse result is no feed, or ``""`` for a genuine empty feed."""
    if not data.strip():
        return "the file is empty"
    exc = parsed.get("bozo_exception")
    malformed = isinstance(exc, xml.sax.SAXParseException)
    if parsed.get("bozo") and (malformed or not parsed.get("version")):
        return _bozo_reason(exc, data)
    if not parsed.get("version"):
        return "no <rss>, <feed> or <rdf:RDF> root element"
    return ""  # a well-formed feed with no items (an encoding mismatch alone is no matter)


def _bozo_reason(exc: object, data: bytes) -> str:
    if isinstance(exc, xml.sax.SAXParseException):
        # feedparser puts a line with an XML declaration first when the file has none.
        added = 0 if _XML_DECLARATION.match(strip_bom(data)[0]) else 1
        line = max((exc.getLineNumber() or 1) - added, 1)
        return f"malformed XML: {reason(str(exc.getMessage()))} at line {line}"
    if isinstance(exc, BaseException):
        return describe(exc)
    return "malformed feed"


def entry_article(
    entry: Mapping[str, Any], origin: str, source: str, default: dt.date | None = None
) -> Article | InputError:
    """One feed entry as an article: the title, then the longer of content and summary."""
    title = _plain(entry, "title", one_line)
    link = web_url(_field(entry, "link"))
    body = _body(entry)
    if body and title and _starts_with(body, title):
        text = body  # the summary repeats the headline
    else:
        text = "\n\n".join(part for part in (title, body) if part)
    if not text:
        return InputError(origin, _with_name("no text: neither title nor summary", "", link))
    date = _entry_date(entry)
    if isinstance(date, str):
        if default is None:
            return InputError(origin, _with_name(date, title, link))
        date = default
    return Article(
        id=article_id(text, date),
        date=date,
        text=text,
        title=title,
        url=link,
        source=source or host_of(link),
        origin=origin,
    )


def _with_name(problem: str, title: str, link: str) -> str:
    name = named(title, link)
    return f"{problem}; {name}" if name else problem


def _starts_with(body: str, title: str) -> bool:
    """Whether ``body`` begins with the words of ``title`` (not merely its letters)."""
    flat, head = " ".join(body.split()).casefold(), title.casefold()
    return flat.startswith(head) and not flat[len(head) : len(head) + 1].isalnum()


def _body(entry: Mapping[str, Any]) -> str:
    """The plain text of the summary, or of the content when that is longer."""
    summary = _plain(entry, "summary", paragraphs)
    contents = [_detail_text(item, paragraphs) for item in _list(_field(entry, "content"))]
    longest = max(contents, key=len, default="")
    return longest if len(longest) > len(summary) else summary


def _plain(item: Mapping[str, Any], name: str, tidy: Callable[[str], str]) -> str:
    """A text construct (``title``, ``summary``) as plain text, HTML converted by its type."""
    detail = _field(item, f"{name}_detail")
    if isinstance(detail, Mapping):
        return _detail_text(detail, tidy)
    value = _field(item, name)
    return tidy(clean(value)) if isinstance(value, str) else ""


def _detail_text(detail: object, tidy: Callable[[str], str]) -> str:
    if not isinstance(detail, Mapping):
        return ""
    value = _field(detail, "value")
    if not isinstance(value, str):
        return ""
    if str(_field(detail, "type") or "").lower() in _HTML_TYPES:
        value = html_to_text(value)
    return tidy(clean(value))


def _entry_date(entry: Mapping[str, Any]) -> dt.date | str:
    """The entry's day as written (its UTC offset ignored, as for other inputs), or why none.

    feedparser's ``*_parsed`` values are in UTC, which can move a late-evening story to the
    next day; they are used only for spellings that the written date cannot be read in.
    """
    unreadable = ""
    for name in _DATE_FIELDS:
        written = _field(entry, name)
        if isinstance(written, str) and written.strip():
            try:
                return parse_web_date(written)
            except ValueError:
                pass
        utc = _field(entry, f"{name}_parsed")
        if isinstance(utc, time.struct_time | tuple) and len(utc) >= 3:
            try:
                day = dt.date(int(utc[0]), int(utc[1]), int(utc[2]))
                return in_range(day, day.isoformat())
            except (TypeError, ValueError):
                pass
        if isinstance(written, str) and written.strip() and not unreadable:
            unreadable = f"unrecognised date {show(one_line(written))} (pass --date)"
    return unreadable or NO_DATE


def _field(item: Mapping[str, Any], name: str) -> Any:
    """A key as stored, bypassing feedparser's deprecated aliases (and their warnings)."""
    return dict.get(item, name) if isinstance(item, dict) else item.get(name)


def _list(value: object) -> list[Any]:
    return value if isinstance(value, list) else []
