"""Read one source (a file or stdin) in the format its name or first byte announces."""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Iterable, Iterator
from typing import BinaryIO, Literal, TextIO, cast

from newsevents.errors import InputError
from newsevents.settings import MAX_ARTICLE_BYTES
from newsevents.types import Article

from .csvfile import read_csv
from .feed import read_feed
from .html import read_html
from .jsonl import read_jsonl
from .limits import MARKUP_FACTOR, LongLine, bounded_lines, cap_text, read_capped, too_long
from .messages import describe
from .sources import CSV_SUFFIXES, FEED_SUFFIXES, GZ_SUFFIX, HTML_SUFFIXES, JSONL_SUFFIXES
from .streams import GZIP_ERRORS, ChunkReader, GzipDamage, Readable, open_content
from .textfile import read_text
from .utf8 import strip_bom

Format = Literal["text", "jsonl", "csv", "html", "feed"]
STDIN_ORIGIN = "<stdin>"
# The doctype and first element of (lower-cased) markup, after an XML declaration and comments.
_MARKUP = re.compile(
    rb"(?:\s*(?:<\?.*?\?>|<!--.*?-->))*\s*"
    # a doctype, with an internal subset of its own ("<!DOCTYPE rss [<!ENTITY ...>]>")
    rb"(?:<!doctype\s+(?P<doctype>[\w:]+)[^>\[]*(?:\[.*?\]\s*)?>)?"
    rb"(?:\s*<!--.*?-->)*\s*(?:<(?P<root>[a-z][\w.:-]*))?",
    re.DOTALL,
)
_FEED_ROOTS = frozenset({b"rss", b"feed", b"rdf:rdf"})
# Lines without an article after which a JSON Lines file starting with binary data is binary.
_BINARY_LINES = 100


def format_of(path: str) -> tuple[Format, bool]:
    """The format a file name announces, and whether it is gzipped; unknown names are text."""
    name = path.lower()
    gz = name.endswith(GZ_SUFFIX)
    if gz:
        name = name[: -len(GZ_SUFFIX)]
    if name.endswith(JSONL_SUFFIXES):
        return "jsonl", gz
    if name.endswith(CSV_SUFFIXES):
        return "csv", gz
    if name.endswith(HTML_SUFFIXES):
        return "html", gz
    if name.endswith(FEED_SUFFIXES):
        return "feed", gz
    return "text", gz


def _sniff(head: bytes) -> Format:
    """Stdin has no name: a JSON object first means JSON Lines, an ``<rss>``, ``<feed>`` or
    ``<rdf:RDF>`` root a feed, an ``<html>`` root (or HTML doctype) a page, anything else a
    text article."""
    start = strip_bom(head)[0].lstrip()
    if start.startswith(b"{"):
        return "jsonl"
    markup = _MARKUP.match(start.lower()) if start.startswith(b"<") else None
    if markup is not None:
        if markup["root"] in _FEED_ROOTS:
            return "feed"
        if b"html" in (markup["doctype"], markup["root"]):
            return "html"
    return "text"


def read_stream(
    raw: Readable,
    origin: str,
    fmt: Format | None,
    gz: bool,
    date: dt.date | None,
    *,
    max_bytes: int = MAX_ARTICLE_BYTES,
) -> Iterator[Article | InputError]:
    """Yield the items of one source; read failures end it with one :class:`InputError`.

    Items before a failure (say, gzip corruption half-way) have been yielded already.
    ``fmt=None`` sniffs the format from the first bytes. ``max_bytes`` bounds a record (a
    line, a CSV record, a text file, an article's text; a page or feed file may be
    ``MARKUP_FACTOR`` times larger): a larger one is reported and skipped, never read whole.
    """
    damage: GzipDamage | None = None
    try:
        head, stream, damage = open_content(raw, gz, hold=max_bytes + 1)
        fmt = fmt or _sniff(head)
        if _binary(head, fmt):
            yield _gzip_error(origin, damage) or InputError(origin, "binary data, not text")
            return
        if fmt in ("jsonl", "csv"):
            lines = bounded_lines(stream, max_bytes)
            if fmt == "csv":
                items: Iterable[Article | InputError] = read_csv(lines, origin, max_bytes=max_bytes)
            elif _text(strip_bom(head)[0].split(b"\n", 1)[0]):
                items = read_jsonl(lines, origin, max_bytes=max_bytes)
            else:
                items = _unless_binary(lines, origin, max_bytes)
            for item in items:
                yield cap_text(item, max_bytes)
            if (error := _gzip_error(origin, damage)) is not None:
                yield error
            return
        whole = _read_whole(stream, origin, fmt, max_bytes, damage)
        if isinstance(whole, InputError):
            yield whole
            return
        if fmt == "feed":
            items = read_feed(whole, origin, date)
        elif fmt == "html":
            items = [read_html(whole, origin, date)]
        else:
            items = [read_text(whole, origin, date)]
        for item in items:
            yield cap_text(item, max_bytes)
    except GZIP_ERRORS as exc:
        yield InputError(origin, f"corrupt gzip: {describe(exc)}")
    except OSError as exc:
        yield InputError(origin, f"cannot read file: {describe(exc)}")


def _read_whole(
    stream: Readable, origin: str, fmt: Format, max_bytes: int, damage: GzipDamage | None
) -> io.BytesIO | InputError:
    """The content of a file read as one unit (a text, a page, a feed), within its cap."""
    markup = fmt in ("html", "feed")
    limit = max_bytes * MARKUP_FACTOR if markup else max_bytes
    data = read_capped(stream, limit)
    if (error := _gzip_error(origin, damage)) is not None:
        return error  # the end of the file is missing: it is not the file it was
    if data is None:
        what = "page" if fmt == "html" else "feed file" if fmt == "feed" else "text file"
        cap = f"{MARKUP_FACTOR} x max_article_bytes" if markup else "max_article_bytes"
        return InputError(origin, too_long(what, None, limit, cap=cap))
    return io.BytesIO(data)


def _gzip_error(origin: str, damage: GzipDamage | None) -> InputError | None:
    """The report of a damaged gzip stream, naming the line where reading stopped."""
    if damage is None or damage.error is None:
        return None
    why = describe(damage.error)
    if damage.trailing:
        return InputError(origin, f"corrupt gzip: after the compressed data, {why}; ignored")
    if not damage.lines:
        return InputError(origin, f"corrupt gzip: {why}")
    where = f"{origin}:{damage.lines + 1}"
    lost = " (this line is incomplete)" if damage.dropped else ""
    return InputError(where, f"corrupt gzip from here on: {why}{lost}; the lines before were read")


def _binary(head: bytes, fmt: Format) -> bool:
    """A NUL byte marks binary data; in CSV only when the header line is no text (one bad row
    later on is that row's error). JSON Lines are judged line by line (:func:`_unless_binary`).
    """
    if b"\0" not in head or fmt == "jsonl":
        return False
    if fmt != "csv":
        return True
    return not _text(strip_bom(head)[0].split(b"\n", 1)[0])


def _unless_binary(
    lines: Iterable[bytes | LongLine], origin: str, max_bytes: int
) -> Iterator[Article | InputError]:
    """JSON Lines whose first line is no text: one "binary data" error for a binary file, but
    each line judged on its own as soon as an article turns up, so a damaged first line costs
    that line and not the records after it.

    A file is binary when ``_BINARY_LINES`` lines hold no article, or when it ends with none
    and most of its lines are not text.
    """
    not_text = 0

    def counted() -> Iterator[bytes | LongLine]:
        nonlocal not_text
        for line in lines:
            if isinstance(line, bytes) and line.strip() and not _text(line):
                not_text += 1
            yield line

    items = read_jsonl(counted(), origin, max_bytes=max_bytes)
    held: list[InputError] = []
    for item in items:
        if isinstance(item, Article):
            yield from held
            yield item
            yield from items
            return
        held.append(item)
        if len(held) >= _BINARY_LINES:
            break
    if len(held) >= _BINARY_LINES or not_text * 2 >= len(held):
        yield InputError(origin, "binary data, not text")
    else:
        yield from held


def _text(line: bytes) -> bool:
    try:
        line.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return b"\0" not in line


def read_file(
    path: str, date: dt.date | None = None, *, max_bytes: int = MAX_ARTICLE_BYTES
) -> Iterator[Article | InputError]:
    """Read one file (never a folder: that is an error here), origin = ``path``."""
    fmt, gz = format_of(path)
    try:
        raw = open(path, "rb")  # noqa: SIM115 - closed by the with below
    except OSError as exc:
        yield InputError(path, f"cannot read file: {describe(exc)}")
        return
    with raw:
        yield from read_stream(raw, path, fmt, gz, date, max_bytes=max_bytes)


def _encoded(text: TextIO) -> Iterator[bytes]:
    while chunk := text.read(64 * 1024):
        yield chunk.encode("utf-8", "surrogatepass")


def binary_stdin(stdin: TextIO | BinaryIO) -> Readable:
    """Bytes of a text or binary stream: the real bytes when a text stream has a buffer."""
    buffer = getattr(stdin, "buffer", None)
    if buffer is not None:
        return cast(BinaryIO, buffer)
    if isinstance(stdin.read(0), bytes):
        return cast(BinaryIO, stdin)
    return io.BufferedReader(ChunkReader(_encoded(cast(TextIO, stdin))))


def read_stdin(
    stdin: TextIO | BinaryIO,
    date: dt.date | None = None,
    *,
    max_bytes: int = MAX_ARTICLE_BYTES,
) -> Iterator[Article | InputError]:
    """Read ``-``: JSON Lines, a feed, an HTML page or one text article, told apart by the
    first bytes."""
    stream = binary_stdin(stdin)
    yield from read_stream(stream, STDIN_ORIGIN, None, False, date, max_bytes=max_bytes)
