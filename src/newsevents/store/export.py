"""Stored events out to files: CSV, JSON Lines and Parquet.

Every format is written from :mod:`newsevents.serialize` (``event_to_row``/``event_to_dict``) so
exports match the documented output contract, and every writer streams: events are read from the
store cursor and written as they come (Parquet in batches), never all held in memory.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import os
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any, TextIO

from ..errors import StoreError
from ..serialize import ROW_FIELDS, event_to_dict, event_to_row
from ..types import Event
from .query import EventQuery
from .sqlite import Store

EXPORT_FORMATS: tuple[str, ...] = ("csv", "jsonl", "parquet")

_DATE_FIELDS = ("doc_date", "event_start", "event_end")
_INT_FIELDS = ("sentence_index", "quad_class", "evidence_start", "evidence_end")
_FLOAT_FIELDS = ("goldstein", "confidence", "location_latitude", "location_longitude")


def export_events(
    store: Store,
    fmt: str,
    out: str | os.PathLike[str] | TextIO,
    query: EventQuery | None = None,
    *,
    batch_size: int = 10_000,
) -> int:
    """Write the events matching ``query`` to ``out`` in ``fmt``; return how many were written.

    ``out`` is a path, ``"-"`` (standard output) or an open text stream; Parquet needs a path.
    """
    if fmt not in EXPORT_FORMATS:
        choices = ", ".join(EXPORT_FORMATS)
        raise StoreError(f"unknown export format {fmt!r}; choose one of: {choices}")
    if batch_size < 1:
        raise StoreError(f"batch_size must be >= 1, got {batch_size}")
    # The query runs before any file is opened: a bad store or query must not leave a file.
    if fmt == "parquet":
        if not isinstance(out, str | os.PathLike) or os.fspath(out) == "-":
            raise StoreError("parquet export needs a file path, not a stream or '-'")
        return _write_parquet(store.events(query), os.fspath(out), batch_size)
    events = store.events(query)
    with _open_text(out) as stream:
        return _write_csv(events, stream) if fmt == "csv" else _write_jsonl(events, stream)


@contextmanager
def _open_text(out: str | os.PathLike[str] | TextIO) -> Iterator[TextIO]:
    """A text stream for ``out``; only streams opened here are closed here."""
    if not isinstance(out, str | os.PathLike):
        yield out
        return
    path = os.fspath(out)
    if path == "-":
        yield sys.stdout
        return
    try:
        # newline="" so the csv module's own line endings are written unchanged.
        stream = open(path, "w", encoding="utf-8", newline="")  # noqa: SIM115
    except OSError as exc:
        raise StoreError(f"cannot write {path}: {exc}") from exc
    with stream:
        yield stream


def _write_csv(events: Iterable[Event], stream: TextIO) -> int:
    writer = csv.DictWriter(stream, fieldnames=ROW_FIELDS)
    writer.writeheader()
    n = 0
    for event in events:
        writer.writerow(event_to_row(event))
        n += 1
    return n


def _write_jsonl(events: Iterable[Event], stream: TextIO) -> int:
    n = 0
    for event in events:
        stream.write(json.dumps(event_to_dict(event), ensure_ascii=False) + "\n")
        n += 1
    return n


def parquet_schema() -> Any:
    """The explicit Arrow schema of a Parquet export: typed columns in ``ROW_FIELDS`` order."""
    import pyarrow as pa

    def arrow_type(name: str) -> Any:
        if name in _DATE_FIELDS:
            return pa.date32()
        if name in _INT_FIELDS:
            return pa.int32()
        if name in _FLOAT_FIELDS:
            return pa.float64()
        return pa.string()

    return pa.schema([pa.field(name, arrow_type(name)) for name in ROW_FIELDS])


def _columns(rows: list[dict[str, Any]]) -> dict[str, list[Any]]:
    columns: dict[str, list[Any]] = {name: [row[name] for row in rows] for name in ROW_FIELDS}
    for name in _DATE_FIELDS:
        columns[name] = [dt.date.fromisoformat(v) if v else None for v in columns[name]]
    return columns


def _write_parquet(events: Iterable[Event], path: str, batch_size: int) -> int:
    """Write in record batches through one ParquetWriter, so memory is bounded by ``batch_size``."""
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError as exc:  # pragma: no cover - pyarrow is a declared dependency
        raise StoreError("parquet export needs pyarrow: pip install pyarrow") from exc

    schema = parquet_schema()
    n = 0
    try:
        with pq.ParquetWriter(path, schema) as writer:
            rows: list[dict[str, Any]] = []
            for event in events:
                rows.append(event_to_row(event))
                if len(rows) >= batch_size:
                    writer.write_batch(pa.RecordBatch.from_pydict(_columns(rows), schema=schema))
                    n += len(rows)
                    rows = []
            if rows:
                writer.write_batch(pa.RecordBatch.from_pydict(_columns(rows), schema=schema))
                n += len(rows)
    except (OSError, pa.ArrowException) as exc:
        raise StoreError(f"cannot write parquet {path}: {exc}") from exc
    return n
