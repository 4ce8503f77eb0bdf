"""Read one source (a file or stdin) in the format its name or first byte announces."""

from __future__ import annotations

import datetime as dt
import gzip
import io
import re
import zlib
from collections.abc import Iterator
from typing import BinaryIO, Literal, TextIO, cast

from newsevents.errors import InputError
from newsevents.types import Article

from .csvfile import read_csv
from .feed import read_feed
from .html import read_html
from .jsonl import read_jsonl
from .messages import describe
from .sources import CSV_SUFFIXES, FEED_SUFFIXES, GZ_SUFFIX, HTML_SUFFIXES, JSONL_SUFFIXES
from .streams import ChunkReader, Readable, open_content
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
    raw: Readable, origin: str, fmt: Format | None, gz: bool, date: dt.date | None
) -> Iterator[Article | InputError]:
    """Yield the items of one source; read failures end it with one :class:`InputError`.

    Items before a failure (say, gzip corruption half-way) have been yielded already.
    ``fmt=None`` sniffs the format from the first bytes.
    """
    try:
        head, stream = open_content(raw, gz)
        fmt = fmt or _sniff(head)
        if _binary(head, fmt):
            yield InputError(origin, "binary data, not text")
            return
        if fmt == "jsonl":
            yield from read_jsonl(stream, origin)
        elif fmt == "csv":
            yield from read_csv(stream, origin)
        elif fmt == "html":
            yield read_html(stream, origin, date)
        elif fmt == "feed":
            yield from read_feed(stream, origin, date)
        else:
            yield read_text(stream, origin, date)
    except (gzip.BadGzipFile, EOFError, zlib.error) as exc:
        yield InputError(origin, f"corrupt gzip: {describe(exc)}")
    except OSError as exc:
        yield InputError(origin, f"cannot read file: {describe(exc)}")


def _binary(head: bytes, fmt: Format) -> bool:
    """A NUL byte marks binary data; in JSON Lines and CSV only when the first line is no text
    (one bad line later on is that line's error: the good records around it are read)."""
    if b"\0" not in head:
        return False
    if fmt not in {"jsonl", "csv"}:
        return True
    first = strip_bom(head)[0].split(b"\n", 1)[0]
    try:
        first.decode("utf-8")
    except UnicodeDecodeError:
        return True  # not even the first line is text
    return b"\0" in first


def read_file(path: str, date: dt.date | None = None) -> Iterator[Article | InputError]:
    """Read one file (never a folder: that is an error here), origin = ``path``."""
    fmt, gz = format_of(path)
    try:
        raw = open(path, "rb")  # noqa: SIM115 - closed by the with below
    except OSError as exc:
        yield InputError(path, f"cannot read file: {describe(exc)}")
        return
    with raw:
        yield from read_stream(raw, path, fmt, gz, date)


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
    stdin: TextIO | BinaryIO, date: dt.date | None = None
) -> Iterator[Article | InputError]:
    """Read ``-``: JSON Lines, a feed, an HTML page or one text article, told apart by the
    first bytes."""
    yield from read_stream(binary_stdin(stdin), STDIN_ORIGIN, None, False, date)
