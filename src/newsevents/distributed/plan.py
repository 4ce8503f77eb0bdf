"""Partition the inputs of a distributed run into tasks: which bytes of which files each reads.

The rules, chosen so that every article is read exactly once and is named (``file:line``) as a
single-machine run names it:

* An **uncompressed JSON Lines** file (``.jsonl``, ``.ndjson``) larger than ``chunk_bytes`` is
  cut into byte ranges of about ``chunk_bytes``, each starting at the start of a line: one
  record is one line, and the byte ``\\n`` never occurs inside a UTF-8 character, so a cut just
  after a ``\\n`` never splits a record. The driver reads such a file once, sequentially, to
  place the cuts and count the lines before each, so a task knows the number of its first line.
* **CSV** files are never cut: a quoted field may hold newlines, so whether a line starts a
  record is only known by parsing from the top of the file. One task reads a whole CSV file.
* **Gzipped** files cannot be entered in the middle: one task reads a whole ``.gz`` file (split
  a large corpus into several compressed files to spread it). A ``.jsonl`` file that is gzipped
  or binary all the same (its first bytes say so) is read whole too, as a single run reads it.
* **Small files** (text articles, and other files up to ``chunk_bytes``) are packed whole into
  tasks of about ``chunk_bytes`` (at most :data:`MAX_FILES_PER_TASK` files), so a folder of
  many short articles does not become thousands of tiny tasks.

A task's id is a hash of its pieces (absolute path, size, modification time in nanoseconds, byte
range), so a rerun over unchanged files plans the same tasks and finds their finished output. A
changed file gets new ids, and so may the tasks packed after it; their articles are coded again
and the store skips the ones it holds. Workers check size and modification time before reading
and fail a task whose file changed after it was planned. A file named twice is read once.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import BinaryIO, NamedTuple

from ..errors import ConfigError, InputError
from ..ingest.messages import describe
from ..ingest.reader import format_of
from ..ingest.sources import STDIN, expand
from ..ingest.streams import GZIP_MAGIC, SNIFF

#: Bytes of input per task: big enough that a task's fixed costs (a few files, one store
#: transaction) vanish, small enough for progress, balance and cheap retries.
DEFAULT_CHUNK_BYTES = 8 * 1024 * 1024
#: Whole files packed into one task at most.
MAX_FILES_PER_TASK = 500
_SCAN_BLOCK = 1024 * 1024
# Part of every task id: a change of these rules must not reuse the output of the old ones.
_PLAN_VERSION = "1"


class LineRange(NamedTuple):
    """Bytes ``[start, end)`` of a file, beginning with its line number ``first_line`` (1-based)."""

    start: int
    end: int
    first_line: int


@dataclass(frozen=True, slots=True)
class Piece:
    """One file, or one line-aligned byte range of an uncompressed JSON Lines file.

    ``path`` is absolute (workers may run elsewhere, in another folder); ``label`` is the path
    as the user named it, used in origins and messages as a single-machine run uses it.
    """

    path: str
    label: str
    size: int
    mtime_ns: int
    start: int = 0
    end: int = -1  # -1: the whole file, read in the format its name says
    first_line: int = 1

    @property
    def whole(self) -> bool:
        return self.end < 0

    def describe(self) -> str:
        if self.whole:
            return self.label
        return f"{self.label} bytes {self.start}-{self.end} (from line {self.first_line})"


@dataclass(frozen=True, slots=True)
class Task:
    """What one worker call reads: one or more pieces, under a stable id."""

    id: str
    pieces: tuple[Piece, ...]

    @property
    def size(self) -> int:
        return sum(p.size if p.whole else p.end - p.start for p in self.pieces)

    def describe(self) -> str:
        first = self.pieces[0].describe()
        more = len(self.pieces) - 1
        return f"{first} and {more} more file{'s' if more > 1 else ''}" if more else first


@dataclass(frozen=True, slots=True)
class Plan:
    """The tasks of a run, in input order, and the inputs that name no readable file."""

    tasks: tuple[Task, ...]
    errors: tuple[InputError, ...]


def task_id(pieces: Iterable[Piece]) -> str:
    """A stable id from what the pieces read: path, size, mtime and byte range."""
    key = [_PLAN_VERSION] + [[p.path, p.size, p.mtime_ns, p.start, p.end] for p in pieces]
    digest = hashlib.blake2b(json.dumps(key).encode("utf-8", "surrogatepass"), digest_size=10)
    return digest.hexdigest()


def line_ranges(stream: BinaryIO, size: int, chunk_bytes: int) -> list[LineRange]:
    """Cut the first ``size`` bytes of ``stream`` into ranges of at least ``chunk_bytes``.

    Each range but the last ends just after a ``\\n`` (so the next starts a line); the last
    ends at ``size``. Reads the bytes once, in blocks, counting lines as it goes.
    """
    if chunk_bytes < 1:
        raise ConfigError(f"chunk_bytes must be at least 1, not {chunk_bytes}")
    ranges: list[LineRange] = []
    start, first_line = 0, 1
    offset = 0  # file offset of the current block
    lines_before = 0  # newlines before the current block
    stream.seek(0)
    while offset < size and (block := stream.read(min(_SCAN_BLOCK, size - offset))):
        at = 0
        while True:
            # The first newline at or after start + chunk_bytes - 1 ends the current range.
            at = max(at, start + chunk_bytes - 1 - offset)
            if at >= len(block):
                break
            found = block.find(b"\n", at)
            if found < 0:
                break
            cut = offset + found + 1
            if cut >= size:
                break
            line = lines_before + block.count(b"\n", 0, found + 1) + 1
            ranges.append(LineRange(start, cut, first_line))
            start, first_line = cut, line
            at = found + 1
        lines_before += block.count(b"\n")
        offset += len(block)
    ranges.append(LineRange(start, size, first_line))
    return ranges


def iter_range_lines(stream: BinaryIO, line_range: LineRange) -> Iterator[tuple[int, bytes]]:
    """``(line number, line bytes)`` of the lines in ``line_range`` (``\\n`` kept)."""
    stream.seek(line_range.start)
    position, number = line_range.start, line_range.first_line
    while position < line_range.end:
        raw = stream.readline()
        if not raw:
            return
        if position + len(raw) > line_range.end:
            raw = raw[: line_range.end - position]
        yield number, raw
        position += len(raw)
        number += 1


def plan_tasks(
    inputs: Iterable[str | os.PathLike[str]], *, chunk_bytes: int = DEFAULT_CHUNK_BYTES
) -> Plan:
    """The tasks that read ``inputs`` (files, folders, globs; not ``-``), by the rules above."""
    if chunk_bytes < 1:
        raise ConfigError(f"chunk_bytes must be at least 1, not {chunk_bytes}")
    if isinstance(inputs, str | os.PathLike):
        inputs = [inputs]
    tasks: list[Task] = []
    errors: list[InputError] = []
    packed: list[Piece] = []
    packed_bytes = 0
    seen: set[str] = set()

    def flush() -> None:
        nonlocal packed_bytes
        if packed:
            tasks.append(Task(task_id(packed), tuple(packed)))
            packed.clear()
            packed_bytes = 0

    for source in expand(list(inputs)):
        if isinstance(source, InputError):
            errors.append(source)
            continue
        if source == STDIN:
            raise ConfigError(
                "standard input ('-') cannot be read by Dask workers; save it to a file first"
            )
        path = os.path.abspath(source)
        if path in seen:
            continue
        seen.add(path)
        try:
            stat = os.stat(path)
            pieces = _pieces(path, source, stat.st_size, stat.st_mtime_ns, chunk_bytes)
        except OSError as exc:
            errors.append(InputError(source, f"cannot read file: {describe(exc)}"))
            continue
        if len(pieces) > 1:
            flush()
            tasks.extend(Task(task_id([p]), (p,)) for p in pieces)
            continue
        piece = pieces[0]
        if packed and (
            packed_bytes + piece.size > chunk_bytes or len(packed) >= MAX_FILES_PER_TASK
        ):
            flush()
        packed.append(piece)
        packed_bytes += piece.size
    flush()
    return Plan(tasks=tuple(tasks), errors=tuple(errors))


def _pieces(path: str, label: str, size: int, mtime_ns: int, chunk_bytes: int) -> list[Piece]:
    whole = Piece(path=path, label=label, size=size, mtime_ns=mtime_ns)
    fmt, gz = format_of(path)
    if fmt != "jsonl" or gz or size <= chunk_bytes:
        return [whole]
    with open(path, "rb") as stream:
        head = stream.read(SNIFF)
        if head.startswith(GZIP_MAGIC) or b"\0" in head:
            return [whole]  # read as a single run reads it: gunzipped, or refused as binary
        ranges = line_ranges(stream, size, chunk_bytes)
    return [Piece(path, label, size, mtime_ns, r.start, r.end, r.first_line) for r in ranges]
