"""Byte streams that can be sniffed without seeking, so pipes behave like files."""

from __future__ import annotations

import gzip
import io
import itertools
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from _typeshed import WriteableBuffer

CHUNK = 64 * 1024
SNIFF = 8 * 1024
GZIP_MAGIC = b"\x1f\x8b"


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


def open_content(raw: Readable, gz: bool) -> tuple[bytes, io.BufferedReader]:
    """Return the first bytes of the (decompressed) content and a stream of all of it.

    Gzip is used when the name says so or the magic bytes do (stdin has no name). Errors of a
    corrupt gzip stream surface on reading, as ``BadGzipFile``, ``EOFError`` or ``zlib.error``.
    """
    head = read_head(raw)
    stream = with_head(head, raw)
    if gz or head.startswith(GZIP_MAGIC):
        unzipped = gzip.GzipFile(fileobj=stream, mode="rb")
        head = read_head(unzipped)
        stream = with_head(head, unzipped)
    return head, stream
