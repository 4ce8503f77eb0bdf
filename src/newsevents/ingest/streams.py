"""Byte streams that can be sniffed without seeking, so pipes behave like files."""

from __future__ import annotations

import gzip
import io
import itertools
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from _typeshed import WriteableBuffer

CHUNK = 64 * 1024
SNIFF = 8 * 1024
GZIP_MAGIC = b"\x1f\x8b"
#: What a damaged gzip stream raises on reading.
GZIP_ERRORS = (gzip.BadGzipFile, EOFError, zlib.error)
# Raised reading the header of a further member: the data before it was complete.
_AFTER_THE_END = ("Not a gzipped file", "Unknown compression method")


class Readable(Protocol):
    """Anything with ``read(size)`` returning bytes: files, pipes, ``GzipFile``, ``BytesIO``."""

    def read(self, size: int = -1, /) -> bytes: ...


class ChunkReader(io.RawIOBase):
    """A read-only raw stream over an iterator of byte chunks.

    Sniffing a pipe consumes bytes that cannot be put back; chaining them in front of the rest
    gives every reader one ordinary buffered stream, whatever the source was.
    """

    def __init__(self, chunks: Iterable[bytes]) -> None:
        super().__init__()
        self._chunks = iter(chunks)
        self._pending = memoryview(b"")

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: WriteableBuffer, /) -> int:
        while not self._pending:
            chunk = next(self._chunks, None)
            if chunk is None:
                return 0
            self._pending = memoryview(chunk)
        view = memoryview(buffer).cast("B")
        size = min(len(view), len(self._pending))
        view[:size] = self._pending[:size]
        self._pending = self._pending[size:]
        return size


def _reader(stream: Readable) -> Callable[[int], bytes]:
    """``read1`` where there is one: it returns what is buffered instead of waiting for more,
    so the bytes before a read failure are handed on rather than lost with the exception."""
    read1: Callable[[int], bytes] | None = getattr(stream, "read1", None)
    return read1 if read1 is not None else stream.read


def chunks(stream: Readable) -> Iterator[bytes]:
    """Read ``stream`` to the end in chunks of at most ``CHUNK`` bytes (never all at once)."""
    read = _reader(stream)
    while data := read(CHUNK):
        yield data


def read_head(stream: Readable, size: int = SNIFF) -> bytes:
    """Read up to ``size`` bytes, looping because pipes and raw streams may return short reads."""
    read = _reader(stream)
    parts: list[bytes] = []
    wanted = size
    while wanted > 0 and (data := read(wanted)):
        parts.append(data)
        wanted -= len(data)
    return b"".join(parts)


def with_head(head: bytes, rest: Readable) -> io.BufferedReader:
    """Put ``head`` back in front of ``rest``."""
    return io.BufferedReader(ChunkReader(itertools.chain((head,), chunks(rest))), CHUNK)


@dataclass(slots=True)
class GzipDamage:
    """Where a gzip stream stopped being readable: its error, and what came before it."""

    error: Exception | None = None
    size: int = 0
    """Bytes handed on before the error."""
    lines: int = 0
    """Complete lines handed on before the error."""
    dropped: int = 0
    """Bytes of an incomplete last line that were held back and dropped."""

    @property
    def trailing(self) -> bool:
        """The error is in bytes after the complete compressed data (trailing garbage)."""
        after = self.size > 0 or self.dropped > 0
        return after and self.error is not None and str(self.error).startswith(_AFTER_THE_END)


def salvage(stream: Readable, damage: GzipDamage, hold: int) -> Iterator[bytes]:
    """Decompressed chunks in whole lines, up to the first gzip error, which goes in ``damage``.

    A truncated or corrupt file keeps every complete line before the damage: the line it cut
    is held back (up to ``hold`` bytes, longer ones are passed on) and dropped, so a reader
    never mistakes half a record for a whole one. Trailing bytes after the compressed data
    leave the last line whole.
    """
    read = _reader(stream)
    pending: list[bytes] = []
    held = 0
    while True:
        try:
            data = read(CHUNK)
        except GZIP_ERRORS as exc:
            damage.error, damage.dropped = exc, held
            if damage.trailing:  # the line held back was complete: hand it on
                damage.dropped = 0
                damage.size += held
                yield b"".join(pending)
            return
        if not data:
            yield b"".join(pending)
            return
        cut = data.rfind(b"\n") + 1
        if not cut and held + len(data) <= hold:
            pending.append(data)
            held += len(data)
            continue
        cut = cut or len(data)
        out = b"".join([*pending, data[:cut]])
        pending, held = [data[cut:]], len(data) - cut
        damage.lines += out.count(b"\n")
        damage.size += len(out)
        yield out


def open_content(
    raw: Readable, gz: bool, *, hold: int = CHUNK
) -> tuple[bytes, io.BufferedReader, GzipDamage | None]:
    """Return the first bytes of the (decompressed) content, a stream of all of it, and for
    gzip the record of any damage (read it once the stream is exhausted).

    Gzip is used when the name says so or the magic bytes do (stdin has no name). A damaged
    gzip stream ends early instead of raising (see :func:`salvage`; ``hold`` is the longest
    line kept whole).
    """
    head = read_head(raw)
    stream = with_head(head, raw)
    if not (gz or head.startswith(GZIP_MAGIC)):
        return head, stream, None
    damage = GzipDamage()
    unzipped = gzip.GzipFile(fileobj=stream, mode="rb")
    lines = io.BufferedReader(ChunkReader(salvage(unzipped, damage, hold)), CHUNK)
    head = read_head(lines)
    return head, with_head(head, lines), damage
