"""CSV with a header row; quoted fields may span lines."""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Iterator

from newsevents.errors import InputError
from newsevents.types import Article

from .messages import reason
from .records import article_from_record
from .utf8 import not_utf8, strip_bom

# Article bodies easily exceed csv's 128 KiB default; 2**31 - 1 fits a C long everywhere.
_FIELD_LIMIT = 2**31 - 1
_TEXT_COLUMNS = ("text", "body", "content")
_OTHER_COLUMNS = ("id", "date", "title", "url", "source")
# A lone CR ends a line too (old Mac exports), as it would with ``open(newline="")``.
_AFTER_LONE_CR = re.compile(r"(?<=\r)(?!\n)")


class _Lines:
    """Decodes lines for :mod:`csv`, remembering the first bad byte of the current record.

    ``csv.reader`` pulls lines itself, so a decoding error cannot be raised from here without
    losing the rest of the file; it is noted, the line decoded with replacement characters,
    and the record reported as bad once it is complete.
    """

    def __init__(self, lines: Iterable[bytes]) -> None:
        self._lines = iter(lines)
        self._first = True
        self._offset = 0
        self._pieces: list[str] = []
        self.problem: str | None = None

    def start_record(self) -> None:
        self.problem = None
        self._offset = 0

    def __iter__(self) -> _Lines:
        return self

    def __next__(self) -> str:
        while not self._pieces:  # a line holding only a BOM decodes to nothing
            pieces = _AFTER_LONE_CR.split(self._decode_next())
            self._pieces = [piece for piece in reversed(pieces) if piece]
        return self._pieces.pop()

    def _decode_next(self) -> str:
        raw = next(self._lines)
        data, bom = strip_bom(raw) if self._first else (raw, 0)
        self._first = False
        try:
            line = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            if self.problem is None:
                self.problem = not_utf8(exc, self._offset + bom)
            line = data.decode("utf-8", "replace")
        self._offset += len(raw)
        return line


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


def read_csv(lines: Iterable[bytes], origin: str) -> Iterator[Article | InputError]:
    """Yield one item per data row, lazily; origins are ``origin:LINE`` where the record starts."""
    if csv.field_size_limit() < _FIELD_LIMIT:
        csv.field_size_limit(_FIELD_LIMIT)  # process-wide, but only ever raised
    source = _Lines(lines)
    reader = csv.reader(source)
    try:
        header = next((row for row in reader if any(cell.strip() for cell in row)), None)
    except csv.Error as exc:
        yield InputError(f"{origin}:{reader.line_num}", f"malformed CSV: {reason(str(exc))}")
        return
    if header is None:
        yield InputError(origin, "no header row: the file is empty")
        return
    if source.problem is not None:  # a header in another encoding: every row would be too
        yield InputError(f"{origin}:{reader.line_num}", source.problem)
        return
    columns = _columns(header)
    if isinstance(columns, str):
        yield InputError(f"{origin}:{reader.line_num}", columns)
        return
    while True:
        start = reader.line_num + 1
        source.start_record()
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            yield InputError(f"{origin}:{start}", f"malformed CSV: {reason(str(exc))}")
            if reader.line_num < start:  # nothing consumed: the error would repeat forever
                return
            continue
        where = f"{origin}:{start}"
        if source.problem is not None:
            yield InputError(where, source.problem)
        elif any(cell.strip() for cell in row):
            fields = {name: row[i] if i < len(row) else "" for name, i in columns.items()}
            fields["text"] = fields["text"].replace("\r\n", "\n")
            yield article_from_record(fields, where)
