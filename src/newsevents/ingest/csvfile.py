"""CSV with a header row; quoted fields may span lines.

One bad quote must not cost the rows after it. A quoted field that is never closed runs on
through the following lines, so a record that ends in a quoting error, grows past
``max_article_bytes``, or swallowed a line that reads as a row of its own (as many fields as
the header, a date in the date column) is reported at the line where it starts, and reading
resumes at that swallowed row. Quoting is read strictly: a quote inside a quoted field that
is not doubled is an error for that record, not text silently run together.
"""

from __future__ import annotations

import csv
import re
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from newsevents.errors import InputError
from newsevents.settings import MAX_ARTICLE_BYTES
from newsevents.types import Article

from .limits import LongLine, too_long
from .messages import reason
from .records import article_from_record
from .utf8 import strip_bom

# Article bodies easily exceed csv's 128 KiB default; 2**31 - 1 fits a C long everywhere.
# Records are bounded by max_article_bytes instead (see _Lines).
_FIELD_LIMIT = 2**31 - 1
_TEXT_COLUMNS = ("text", "body", "content")
_OTHER_COLUMNS = ("id", "date", "title", "url", "source")
# A lone CR ends a line too (old Mac exports), as it would with ``open(newline="")``.
_AFTER_LONE_CR = re.compile(r"(?<=\r)(?!\n)")
# What starts a row: a date in the date column, well-formed or not (it is judged later).
_DATE_SHAPE = re.compile(r"\s*\d{4}-?\d{2}-?\d{2}(?:[T ].*)?\s*", re.DOTALL)


@dataclass(frozen=True, slots=True)
class _Piece:
    """One line as :mod:`csv` sees it: where it is, its text, and its first undecodable byte."""

    number: int
    text: str
    size: int
    """Bytes of the file it stands for (a line split at lone CRs: all on its first piece)."""
    bad: tuple[int, int] | None = None
    """The first byte that is not UTF-8, and its offset in the line."""


class _RecordTooLarge(Exception):
    """A record grew past ``max_bytes``: raised from the line iterator, through ``csv``."""

    def __init__(self, size: int | None) -> None:
        super().__init__(size)
        self.size = size


class _Lines:
    """Decoded, numbered lines for :mod:`csv`, remembering the pieces of the current record.

    ``csv.reader`` pulls lines itself, so problems are noted here and judged once the record
    is complete: a line that is not UTF-8 (decoded with replacement characters meanwhile),
    and a record over ``max_bytes`` (raised as :class:`_RecordTooLarge`, which ``csv`` passes
    on). Lines can be put back (:meth:`replay`) to read them again as records of their own.
    """

    def __init__(self, lines: Iterable[bytes | LongLine], max_bytes: int) -> None:
        self._lines = iter(lines)
        self._max_bytes = max_bytes
        self._read = 0
        self._queue: deque[_Piece] = deque()
        self._size = 0
        self.record: list[_Piece] = []

    def start_record(self) -> None:
        self.record = []
        self._size = 0

    @property
    def start(self) -> int:
        """The line the current record starts on (the last line read if it has none)."""
        return self.record[0].number if self.record else self._read

    def problem(self) -> str | None:
        """Why the current record is not text, or None."""
        offset = 0
        for piece in self.record:
            if piece.bad is not None:
                byte, where = piece.bad
                return f"not UTF-8 text (byte 0x{byte:02x} at offset {offset + where})"
            offset += piece.size
        return None

    def replay(self, pieces: list[_Piece]) -> None:
        """Read ``pieces`` again, before the lines not read yet."""
        self._queue.extendleft(reversed(pieces))

    def skip_to(self, starts_row: Callable[[str], bool]) -> None:
        """Drop lines up to the next one that reads as a row (a record cut short by the size
        cap leaves its reader inside a field)."""
        while (piece := self._next_piece()) is not None:
            if starts_row(piece.text):
                self._queue.appendleft(piece)
                return

    def __iter__(self) -> _Lines:
        return self

    def __next__(self) -> str:
        piece = self._next_piece()
        if piece is None:
            raise StopIteration
        self.record.append(piece)
        self._size += piece.size
        if self._size > self._max_bytes:
            raise _RecordTooLarge(None)
        return piece.text

    def _next_piece(self) -> _Piece | None:
        while not self._queue:  # a line holding only a BOM decodes to nothing
            raw = next(self._lines, None)
            if raw is None:
                return None
            if isinstance(raw, LongLine):
                self._read += 1
                self.record.append(_Piece(self._read, "", raw.size))
                raise _RecordTooLarge(raw.size)
            self._queue.extend(self._decode(raw))
        return self._queue.popleft()

    def _decode(self, raw: bytes) -> list[_Piece]:
        """The pieces of one line, numbered as lines (a lone CR ends a line)."""
        data, bom = strip_bom(raw) if self._read == 0 else (raw, 0)
        bad = None
        try:
            line = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            bad = (data[exc.start], exc.start + bom)
            line = data.decode("utf-8", "replace")
        texts = [text for text in _AFTER_LONE_CR.split(line) if text]
        first = self._read + 1
        self._read += len(texts)
        return [
            _Piece(first + i, text, len(raw) if i == 0 else 0, bad if i == 0 else None)
            for i, text in enumerate(texts)
        ]


def _columns(header: list[str]) -> dict[str, int] | str:
    """Map field names to column indexes (case-insensitive), or say what is missing."""
    names = [name.strip().lower() for name in header]
    found = {name: names.index(name) for name in _OTHER_COLUMNS if name in names}
    text = next((name for name in _TEXT_COLUMNS if name in names), None)
    if "date" not in found:
        return "no 'date' column in the header row"
    if text is None:
        return "no 'text' column in the header row (also accepted: 'body', 'content')"
    found["text"] = names.index(text)
    return found


def _row_test(columns: dict[str, int], width: int) -> Callable[[str], bool]:
    """Whether a line, read alone, starts a row: a date (well-formed or not) in the date
    column, the text column present, no more fields than the header (the text may go on in
    the next lines)."""
    date = columns["date"]
    least = max(date, columns["text"]) + 1

    def starts_row(line: str) -> bool:
        fields = next(csv.reader([line]), [])
        return least <= len(fields) <= width and _DATE_SHAPE.fullmatch(fields[date]) is not None

    return starts_row


def _swallowed(pieces: list[_Piece], starts_row: Callable[[str], bool]) -> int | None:
    """The index of the first line after the first that reads as a row of its own.

    Only a record whose first line starts a row (its date is on it) can have swallowed the
    rows after it: when the date comes later (a text before the date column running over
    lines), the line holding it is the record's own tail, not another row.
    """
    if not pieces or not starts_row(pieces[0].text):
        return None
    return next((i for i in range(1, len(pieces)) if starts_row(pieces[i].text)), None)


def read_csv(
    lines: Iterable[bytes | LongLine], origin: str, *, max_bytes: int = MAX_ARTICLE_BYTES
) -> Iterator[Article | InputError]:
    """Yield one item per data row, lazily; origins are ``origin:LINE`` where the record starts.

    ``lines`` are read at most ``max_bytes`` far (:func:`~newsevents.ingest.limits.bounded_lines`);
    a record over ``max_bytes`` is reported and skipped.
    """
    if csv.field_size_limit() < _FIELD_LIMIT:
        csv.field_size_limit(_FIELD_LIMIT)  # process-wide, but only ever raised
    source = _Lines(lines, max_bytes)
    reader = csv.reader(source, strict=True)
    header = None
    while header is None:
        source.start_record()
        try:
            row = next(reader)
        except StopIteration:
            yield InputError(origin, "no header row: the file is empty")
            return
        except (csv.Error, _RecordTooLarge) as exc:
            yield InputError(f"{origin}:{source.start}", _why(exc, "header row", max_bytes))
            return
        if any(cell.strip() for cell in row):
            header = row
    if (problem := source.problem()) is not None:  # a header in another encoding: so are rows
        yield InputError(f"{origin}:{source.start}", problem)
        return
    columns = _columns(header)
    if isinstance(columns, str):
        yield InputError(f"{origin}:{source.start}", columns)
        return
    starts_row = _row_test(columns, len(header))
    while True:
        source.start_record()
        try:
            row = next(reader)
        except StopIteration:
            return
        except (csv.Error, _RecordTooLarge) as exc:
            if not source.record:  # nothing consumed: the error would repeat forever
                yield InputError(f"{origin}:{source.start}", _why(exc, "record", max_bytes))
                return
            yield from _bad_record(source, origin, exc, starts_row, max_bytes)
            continue
        where = f"{origin}:{source.start}"
        swallowed = _swallowed(source.record, starts_row) if len(source.record) > 1 else None
        if swallowed is not None:
            line = source.record[swallowed].number
            yield InputError(
                where,
                f"unbalanced quote: the quoted field opened on this line runs on into line "
                f"{line}, which reads as a row of its own; reading goes on there",
            )
            source.replay(source.record[swallowed:])
        elif (problem := source.problem()) is not None:
            yield InputError(where, problem)
        elif any(cell.strip() for cell in row):
            fields = {name: row[i] if i < len(row) else "" for name, i in columns.items()}
            fields["text"] = fields["text"].replace("\r\n", "\n")
            yield article_from_record(fields, where)


def _bad_record(
    source: _Lines,
    origin: str,
    exc: csv.Error | _RecordTooLarge,
    starts_row: Callable[[str], bool],
    max_bytes: int,
) -> Iterator[InputError]:
    """Report a record that could not be read, and resume at the next row it swallowed."""
    swallowed = _swallowed(source.record, starts_row)
    why = _why(exc, "record", max_bytes)
    if len(source.record) > 1:
        why += f" (the record runs on to line {source.record[-1].number}"
        if swallowed is not None:
            why += f"; reading resumes at line {source.record[swallowed].number}"
        why += ")"
    yield InputError(f"{origin}:{source.start}", why)
    if swallowed is not None:
        source.replay(source.record[swallowed:])
    elif isinstance(exc, _RecordTooLarge) and len(source.record) > 1:
        source.skip_to(starts_row)  # still inside the field: go on to the next row


def _why(exc: csv.Error | _RecordTooLarge, what: str, max_bytes: int) -> str:
    if isinstance(exc, _RecordTooLarge):
        return too_long(what, exc.size, max_bytes)
    return f"malformed CSV: {reason(str(exc))}"
