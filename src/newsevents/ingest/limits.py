"""Size limits on what is read: one oversized record is reported, and never held in memory whole.

A single 50 MB line once took a gigabyte to decode and parse. Lines are read with a bounded
``readline``: a line over the limit is skipped to its end in small pieces and stands for an
error of its own, so memory stays a small multiple of the limit whatever the input holds.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import dataclass

from newsevents.errors import InputError
from newsevents.types import Article

from .streams import CHUNK, Readable

#: A saved page or feed file is mostly markup around its text: it may be this many times
#: ``max_article_bytes``.
MARKUP_FACTOR = 10


@dataclass(frozen=True, slots=True)
class LongLine:
    """A line longer than the limit, in place of its bytes: only its size is kept."""

    size: int


def bounded_lines(stream: io.BufferedIOBase, limit: int) -> Iterator[bytes | LongLine]:
    """The lines of ``stream`` (with their ``\\n``), each read at most ``limit`` bytes far.

    A line with more than ``limit`` bytes before its line break is read to its end in
    ``CHUNK`` pieces that are dropped at once, and yields a :class:`LongLine`.
    """
    while line := stream.readline(limit + 1):
        if len(line) <= limit or line.endswith(b"\n"):
            yield line
            continue
        size = len(line)
        while (piece := stream.readline(CHUNK)) and not piece.endswith(b"\n"):
            size += len(piece)
        size += len(piece.rstrip(b"\n"))
        yield LongLine(size)


def too_long(what: str, size: int | None, limit: int, *, cap: str = "max_article_bytes") -> str:
    """The reason for skipping an oversized record; ``size`` None: known only to exceed."""
    amount = f"{size:,} bytes" if size is not None else f"more than {limit:,} bytes"
    return f"{what} is {amount}, over {cap} ({limit:,})"


def read_capped(stream: Readable, limit: int) -> bytes | None:
    """All of ``stream`` if it holds at most ``limit`` bytes, else None (reading no further)."""
    parts: list[bytes] = []
    total = 0
    while total <= limit and (data := stream.read(min(CHUNK, limit + 1 - total))):
        parts.append(data)
        total += len(data)
    return None if total > limit else b"".join(parts)


def cap_text(item: Article | InputError, limit: int) -> Article | InputError:
    """An article whose text is over ``limit`` UTF-8 bytes becomes the error for its origin."""
    if isinstance(item, InputError) or len(item.text) * 4 <= limit:
        return item  # a character is at most four bytes: most texts need no encoding
    size = len(item.text.encode("utf-8", "surrogatepass"))
    if size <= limit:
        return item
    return InputError(item.origin, too_long("article text", size, limit))
