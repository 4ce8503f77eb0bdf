"""Stored events out to files: CSV, JSON Lines and Parquet, in our layout or the field's.

Layouts (``docs/output.md``): ``events`` (our flat rows, one per mention), ``gdelt`` (one row per
dyad of each merged event, GDELT 2.0 event-table column names), ``icews`` (one row per dyad of
each mention, ICEWS column names) and ``polecat`` (JSON Lines only, one PLOVER-style object per
dyad of each mention). The field's layouts are dyadic, so an event with several participants
("Russia and China held talks" is mutual) is written once per (source, target) pair of
``Event.dyads()``, never as only one of them; see :func:`dyad_id`.

Every format is written from :mod:`newsevents.serialize` (``event_to_row``/``event_to_dict``) so
exports match the documented output contract, and every writer streams: events are read from the
store cursor and written as they come (Parquet in batches), never all held in memory.

:func:`write_event_dataset` writes the same Parquet rows as a hive-partitioned dataset, one folder
per month of the event's own date (``event_month=YYYY-MM``), for ``export --partition month`` and
for the part files of distributed runs (:mod:`newsevents.distributed`).
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import os
import re
import sys
import uuid
from collections import OrderedDict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from ..errors import StoreError
from ..serialize import ROW_FIELDS, event_from_dict, event_id, event_to_dict, event_to_row
from ..types import Actor, Dyad, Event, Place
from .query import EventQuery, select_sql
from .reviewed import ReviewedEvent
from .sqlite import Store, merged_sql

EXPORT_FORMATS: tuple[str, ...] = ("csv", "jsonl", "parquet")
EXPORT_LAYOUTS: tuple[str, ...] = ("events", "gdelt", "icews", "polecat")

#: GDELT 2.0 event-table columns written by the ``gdelt`` layout, and their Parquet types.
GDELT_COLUMNS: dict[str, str] = {
    "GlobalEventID": "int",
    "SQLDATE": "int",
    "Actor1Code": "str",
    "Actor1Name": "str",
    "Actor1CountryCode": "str",
    "Actor2Code": "str",
    "Actor2Name": "str",
    "Actor2CountryCode": "str",
    "IsRootEvent": "int",
    "EventCode": "str",
    "EventBaseCode": "str",
    "EventRootCode": "str",
    "QuadClass": "int",
    "GoldsteinScale": "float",
    "NumMentions": "int",
    "NumSources": "int",
    "NumArticles": "int",
    "ActionGeo_FullName": "str",
    "ActionGeo_CountryCode": "str",
    "ActionGeo_Lat": "float",
    "ActionGeo_Long": "float",
    "DATEADDED": "int",
    "SOURCEURL": "str",
    "DyadNumber": "int",
}

#: ICEWS event-file columns written by the ``icews`` layout, and their Parquet types.
ICEWS_COLUMNS: dict[str, str] = {
    "Event ID": "str",
    "Event Date": "str",
    "Source Name": "str",
    "Source Sectors": "str",
    "Source Country": "str",
    "Event Text": "str",
    "CAMEO Code": "str",
    "Intensity": "float",
    "Target Name": "str",
    "Target Sectors": "str",
    "Target Country": "str",
    "Story ID": "str",
    "Sentence Number": "int",
    "Publisher": "str",
    "City": "str",
    "Province": "str",
    "Country": "str",
    "Latitude": "float",
    "Longitude": "float",
}

_DATE_FIELDS = ("doc_date", "event_start", "event_end")
_INT_FIELDS = ("sentence_index", "quad_class", "evidence_start", "evidence_end")
_FLOAT_FIELDS = (
    "goldstein",
    "confidence",
    "location_latitude",
    "location_longitude",
    "relevance",
)
_BOOL_FIELDS = ("reciprocal",)


def dyad_id(event_id: str, number: int) -> str:
    """The id of one dyad row of an event: the event's own id for its first (primary) dyad,
    ``<event_id>-<n>`` for the n-th, so rows of one event share a prefix and the first row's
    id finds the event in the store."""
    return event_id if number == 1 else f"{event_id}-{number}"


def export_events(
    store: Store,
    fmt: str,
    out: str | os.PathLike[str] | TextIO,
    query: EventQuery | None = None,
    *,
    layout: str = "events",
    batch_size: int = 10_000,
    reviewed: bool = False,
) -> int:
    """Write the events matching ``query`` to ``out`` in ``fmt``; return how many rows were written.

    ``reviewed``: the events as reviewed (:mod:`newsevents.store.reviewed`), each keeping its
    stored id; JSON Lines records carry their latest ``review``. Our ``events`` layout only:
    the field's layouts are built from merged events and mentions, which reviews do not
    change.

    ``out`` is a path, ``"-"`` (standard output) or an open text stream; Parquet needs a path.
    ``layout="gdelt"`` writes merged events (those with a mention matching ``query``), one row
    per dyad of the representative mention; ``icews`` and ``polecat`` one row per dyad of each
    matching mention; ``events`` one row per mention. Filters select whole events: every dyad
    of a selected event is written.
    """
    if fmt not in EXPORT_FORMATS:
        choices = ", ".join(EXPORT_FORMATS)
        raise StoreError(f"unknown export format {fmt!r}; choose one of: {choices}")
    if layout not in EXPORT_LAYOUTS:
        choices = ", ".join(EXPORT_LAYOUTS)
        raise StoreError(f"unknown export layout {layout!r}; choose one of: {choices}")
    if layout == "polecat" and fmt != "jsonl":
        raise StoreError(f"the polecat layout is JSON Lines only; use --format jsonl, not {fmt}")
    if batch_size < 1:
        raise StoreError(f"batch_size must be >= 1, got {batch_size}")
    if reviewed and layout != "events":
        raise StoreError("reviewed events are exported in the events layout only")
    if layout != "events":
        return _export_layout(store, fmt, out, query or EventQuery(), layout, batch_size)
    # The query runs before any file is opened: a bad store or query must not leave a file.
    if fmt == "parquet":
        if not isinstance(out, str | os.PathLike) or os.fspath(out) == "-":
            raise StoreError("parquet export needs a file path, not a stream or '-'")
        found = store.reviewed_events(query) if reviewed else store.events(query)
        return _write_parquet(found, os.fspath(out), batch_size)
    events: Iterable[Event | ReviewedEvent] = (
        store.reviewed_events(query) if reviewed else store.events(query)
    )
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


def _row(item: Event | ReviewedEvent) -> dict[str, Any]:
    """The flat row of an event; a reviewed one keeps its stored id."""
    if isinstance(item, ReviewedEvent):
        return {**event_to_row(item.event), "event_id": item.event_id}
    return event_to_row(item)


def _record(item: Event | ReviewedEvent) -> dict[str, Any]:
    return item.to_dict() if isinstance(item, ReviewedEvent) else event_to_dict(item)


def _write_csv(events: Iterable[Event | ReviewedEvent], stream: TextIO) -> int:
    writer = csv.DictWriter(stream, fieldnames=ROW_FIELDS)
    writer.writeheader()
    n = 0
    for event in events:
        writer.writerow(_row(event))
        n += 1
    return n


def _write_jsonl(events: Iterable[Event | ReviewedEvent], stream: TextIO) -> int:
    n = 0
    for event in events:
        stream.write(json.dumps(_record(event), ensure_ascii=False) + "\n")
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
        if name in _BOOL_FIELDS:
            return pa.bool_()
        return pa.string()

    return pa.schema([pa.field(name, arrow_type(name)) for name in ROW_FIELDS])


def _columns(rows: list[dict[str, Any]]) -> dict[str, list[Any]]:
    columns: dict[str, list[Any]] = {name: [row[name] for row in rows] for name in ROW_FIELDS}
    for name in _DATE_FIELDS:
        columns[name] = [dt.date.fromisoformat(v) if v else None for v in columns[name]]
    return columns


def _write_parquet(events: Iterable[Event | ReviewedEvent], path: str, batch_size: int) -> int:
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
                rows.append(_row(event))
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


# -- a Parquet dataset partitioned by event month -------------------------------------------------

#: The hive partition key of an event dataset: ``YYYY-MM`` of each event's own date
#: (``event_start``), not of the article's publication.
PARTITION_KEY = "event_month"
#: The file that marks a folder as an event dataset written here. Parquet readers skip it (DuckDB
#: globs ``*.parquet``; Arrow datasets ignore names starting with ``_`` or ``.``).
DATASET_MARKER = "_newsevents_dataset.json"
_DATASET_FORMAT = "newsevents event dataset"
_DATASET_VERSION = 1
_PART_NAME = re.compile(r"^[A-Za-z0-9_]+$")
#: Part files open at once in one write; a month seen again after its file was closed (only in
#: input not ordered by date) gets another part file.
_MAX_OPEN_PARTS = 32


@dataclass(frozen=True, slots=True)
class DatasetWrite:
    """What one :func:`write_event_dataset` call wrote: event rows and the part files."""

    rows: int
    files: tuple[Path, ...]


def event_month(event: Event) -> str:
    """The partition an event belongs to: ``YYYY-MM`` of its own date (``event_start``)."""
    start = event.event_date.start
    return f"{start.year:04d}-{start.month:02d}"


def _marker_text() -> str:
    marker = {
        "format": _DATASET_FORMAT,
        "version": _DATASET_VERSION,
        "partitioning": {PARTITION_KEY: "YYYY-MM of event_start"},
        "columns": list(ROW_FIELDS),
    }
    return json.dumps(marker, indent=2) + "\n"


def _read_marker(marker: Path) -> dict[str, Any]:
    try:
        data = json.loads(marker.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise StoreError(f"{marker}: cannot read the dataset description: {exc}") from exc
    if not isinstance(data, dict) or data.get("format") != _DATASET_FORMAT:
        raise StoreError(f"{marker}: not a newsevents event dataset description")
    return data


def is_event_dataset(root: str | os.PathLike[str]) -> bool:
    """Whether ``root`` is a folder holding an event dataset written here."""
    return (Path(root) / DATASET_MARKER).is_file()


def open_event_dataset(root: str | os.PathLike[str], *, overwrite: bool = False) -> Path:
    """Make ``root`` ready for part files and return it as a path.

    A missing or empty folder becomes a dataset. A folder that already holds an event dataset
    written here (it has :data:`DATASET_MARKER`) is kept, and new part files are added beside
    the old ones, unless ``overwrite``, which first deletes its part files (and only those).
    Any other non-empty folder is refused, so a dataset never mixes with, or deletes, other
    files. A dataset written with other columns (another version) is refused unless
    ``overwrite``.
    """
    path = Path(root)
    if path.exists() and not path.is_dir():
        raise StoreError(f"{path}: not a folder (a partitioned export writes a folder)")
    marker = path / DATASET_MARKER
    if marker.is_file():
        columns = _read_marker(marker).get("columns")
        if overwrite:
            _remove_parts(path, "*")
        elif columns != list(ROW_FIELDS):
            raise StoreError(
                f"{path}: the dataset there has other columns (written by another version); "
                "write to a new folder or overwrite it"
            )
        else:
            return path
    else:
        try:
            not_empty = path.is_dir() and any(path.iterdir())
        except OSError as exc:
            raise StoreError(f"{path}: cannot read folder: {exc}") from exc
        if not_empty:
            raise StoreError(
                f"{path}: folder is not empty and holds no newsevents event dataset "
                f"({DATASET_MARKER}); write to a new or empty folder"
            )
    try:
        path.mkdir(parents=True, exist_ok=True)
        write_atomic(marker, _marker_text())
    except OSError as exc:
        raise StoreError(f"cannot create dataset {path}: {exc}") from exc
    return path


def write_atomic(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` through a temporary file and a rename: never half a file."""
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex}.tmp")
    try:
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def _part_files(root: Path, name: str) -> list[Path]:
    """Part files (and leftover temporary files) named ``name`` (``*``: every name)."""
    month = f"{PARTITION_KEY}=*"
    return [
        *root.glob(f"{month}/part-{name}-*.parquet"),
        *root.glob(f"{month}/.part-{name}-*.parquet.tmp"),
    ]


def _remove_parts(root: Path, name: str, keep: Iterable[Path] = ()) -> None:
    kept = set(keep)
    try:
        for part in _part_files(root, name):
            if part not in kept:
                part.unlink(missing_ok=True)
        if name != "*":
            return  # other writers may be adding files to the month folders right now
        for folder in root.glob(f"{PARTITION_KEY}=*"):
            if folder.is_dir() and not any(folder.iterdir()):
                folder.rmdir()
    except OSError as exc:
        raise StoreError(f"cannot remove old part files from {root}: {exc}") from exc


class _MonthParts:
    """The part files of one write: one ParquetWriter per month, written under hidden temporary
    names and renamed only when the whole write succeeded."""

    def __init__(self, root: Path, name: str, schema: Any) -> None:
        self.root = root
        self.name = name
        self.schema = schema
        self._open: OrderedDict[str, tuple[Any, Path]] = OrderedDict()
        self._written: list[Path] = []
        self._seq = 0

    def write(self, month: str, rows: list[dict[str, Any]]) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        if month in self._open:
            self._open.move_to_end(month)
            writer = self._open[month][0]
        else:
            if len(self._open) >= _MAX_OPEN_PARTS:
                _, (oldest, _) = self._open.popitem(last=False)
                oldest.close()
            folder = self.root / f"{PARTITION_KEY}={month}"
            folder.mkdir(exist_ok=True)
            tmp = folder / f".part-{self.name}-{self._seq:05d}.parquet.tmp"
            self._seq += 1
            self._written.append(tmp)
            writer = pq.ParquetWriter(tmp, self.schema)
            self._open[month] = (writer, tmp)
        writer.write_batch(pa.RecordBatch.from_pydict(_columns(rows), schema=self.schema))

    def _close(self) -> None:
        while self._open:
            _, (writer, _) = self._open.popitem(last=False)
            writer.close()

    def commit(self) -> tuple[Path, ...]:
        """Close every file, drop older parts of the same name, then give the new ones their
        final names (``part-NAME-NNNNN.parquet``)."""
        self._close()
        final = [tmp.with_name(tmp.name[1 : -len(".tmp")]) for tmp in self._written]
        _remove_parts(self.root, self.name, keep=self._written)
        for tmp, path in zip(self._written, final, strict=True):
            os.replace(tmp, path)
        self._written = []
        return tuple(final)

    def abort(self) -> None:
        with suppress(Exception):
            self._close()
        for tmp in self._written:
            with suppress(OSError):
                tmp.unlink(missing_ok=True)


def write_event_dataset(
    events: Iterable[Event],
    root: str | os.PathLike[str],
    *,
    name: str | None = None,
    batch_size: int = 10_000,
    overwrite: bool = False,
) -> DatasetWrite:
    """Write ``events`` as a hive-partitioned Parquet dataset: ``root/event_month=YYYY-MM/
    part-NAME-NNNNN.parquet``, with the columns of the Parquet export (:func:`parquet_schema`).

    Streaming: at most ``batch_size`` rows are held in memory (the buffered rows of every month
    are flushed together), so row groups are smaller when the input is not ordered by date.
    Files are written under hidden temporary names and renamed when all are complete, so a
    failed write leaves no part files and readers never see half a file.

    ``name`` names this write's part files (letters, digits and ``_``; default: a random one, so
    every write adds new files). Writing again under the same name replaces that name's part
    files, which makes a retried write idempotent. ``overwrite`` and the rules for an existing
    folder are those of :func:`open_event_dataset`.
    """
    if batch_size < 1:
        raise StoreError(f"batch_size must be >= 1, got {batch_size}")
    name = uuid.uuid4().hex[:16] if name is None else name
    if not _PART_NAME.match(name):
        raise StoreError(f"part name {name!r} may only hold letters, digits and '_'")
    try:
        import pyarrow as pa
    except ImportError as exc:  # pragma: no cover - pyarrow is a declared dependency
        raise StoreError("parquet export needs pyarrow: pip install pyarrow") from exc

    path = open_event_dataset(root, overwrite=overwrite)
    parts = _MonthParts(path, name, parquet_schema())
    buffers: dict[str, list[dict[str, Any]]] = {}
    pending = written = 0

    def flush() -> int:
        n = 0
        for month, rows in buffers.items():
            parts.write(month, rows)
            n += len(rows)
        buffers.clear()
        return n

    try:
        for event in events:
            buffers.setdefault(event_month(event), []).append(event_to_row(event))
            pending += 1
            if pending >= batch_size:
                written += flush()
                pending = 0
        written += flush()
        files = parts.commit()
    except (OSError, pa.ArrowException) as exc:
        parts.abort()
        raise StoreError(f"cannot write parquet dataset {path}: {exc}") from exc
    except BaseException:
        parts.abort()
        raise
    return DatasetWrite(rows=written, files=files)


def export_event_dataset(
    store: Store,
    root: str | os.PathLike[str],
    query: EventQuery | None = None,
    *,
    overwrite: bool = False,
    batch_size: int = 10_000,
) -> DatasetWrite:
    """Export the events matching ``query`` as a month-partitioned dataset (``export
    --partition month``); the query runs before anything is written."""
    events = store.events(query)
    return write_event_dataset(events, root, batch_size=batch_size, overwrite=overwrite)


# -- field layouts --------------------------------------------------------------------------------


def _export_layout(
    store: Store,
    fmt: str,
    out: str | os.PathLike[str] | TextIO,
    query: EventQuery,
    layout: str,
    batch_size: int,
) -> int:
    path = os.fspath(out) if isinstance(out, str | os.PathLike) else None
    if fmt == "parquet" and (path is None or path == "-"):
        raise StoreError("parquet export needs a file path, not a stream or '-'")
    columns = GDELT_COLUMNS if layout == "gdelt" else ICEWS_COLUMNS
    rows: Iterator[dict[str, Any]]
    if layout == "gdelt":
        rows = _gdelt_rows(store, query)
    elif layout == "icews":
        rows = (
            _icews_row(e, publisher, dyad, n)
            for e, publisher in _mentions(store, query)
            for n, dyad in enumerate(e.dyads(), start=1)
        )
    else:
        rows = (
            _polecat_object(e, publisher, dyad, n)
            for e, publisher in _mentions(store, query)
            for n, dyad in enumerate(e.dyads(), start=1)
        )
    if fmt == "parquet" and path is not None:
        return _write_table_parquet(rows, columns, path, batch_size)
    with _open_text(out) as stream:
        if fmt == "jsonl":
            return _write_dicts_jsonl(rows, stream)
        return _write_dicts_csv(rows, list(columns), stream)


def _yyyymmdd(iso: str) -> int:
    return int(iso.replace("-", ""))


def _gdelt_rows(store: Store, query: EventQuery) -> Iterator[dict[str, Any]]:
    """One row per dyad of each merged event's representative mention (``DyadNumber`` 1 is
    its primary dyad, the merged event's ``source_code``/``target_code``)."""
    inner, params = merged_sql(query, "merged_id", dyads=store.has_rollups)
    sql = f"""SELECT m.merged_id, m.event_start, e.record, m.n_mentions, m.n_sources,
        m.n_articles, m.first_seen, d.url
    FROM merged_events m
    JOIN events e ON e.event_id = m.event_id
    JOIN documents d ON d.id = e.doc_id
    WHERE m.merged_id IN ({inner})
    ORDER BY m.event_start, m.merged_id"""
    cursor = store.select(sql, params)
    for merged_id, start, record, n_mentions, n_sources, n_articles, first_seen, url in cursor:
        event = event_from_dict(json.loads(record))
        loc = event.location
        for number, (src, tgt) in enumerate(event.dyads(), start=1):
            yield {
                "GlobalEventID": merged_id,
                "SQLDATE": _yyyymmdd(start),
                "Actor1Code": src.code if src else None,
                "Actor1Name": src.name if src else None,
                "Actor1CountryCode": src.country if src else None,
                "Actor2Code": tgt.code if tgt else None,
                "Actor2Name": tgt.name if tgt else None,
                "Actor2CountryCode": tgt.country if tgt else None,
                "IsRootEvent": 1,
                "EventCode": event.cameo,
                "EventBaseCode": event.cameo[:3],
                "EventRootCode": event.cameo[:2],
                "QuadClass": event.quad_class,
                "GoldsteinScale": event.goldstein,
                "NumMentions": n_mentions,
                "NumSources": n_sources,
                "NumArticles": n_articles,
                "ActionGeo_FullName": loc.name if loc else None,
                "ActionGeo_CountryCode": loc.country if loc else None,
                "ActionGeo_Lat": loc.latitude if loc else None,
                "ActionGeo_Long": loc.longitude if loc else None,
                "DATEADDED": _yyyymmdd(first_seen),
                "SOURCEURL": url,
                "DyadNumber": number,
            }


def _mentions(store: Store, query: EventQuery) -> Iterator[tuple[Event, str]]:
    """Matching events in the store's order, each with its article's outlet."""
    columns = "record, (SELECT source FROM documents WHERE documents.id = events.doc_id)"
    sql, params = select_sql(query, columns, dyads=store.has_rollups)
    for record, publisher in store.select(sql, params):
        yield event_from_dict(json.loads(record)), publisher or ""


def _city(place: Place | None) -> str | None:
    """The place name unless the place is a whole country (no admin1 and no coordinates)."""
    if place is None or (place.admin1 is None and place.latitude is None):
        return None
    return place.name


def _icews_row(event: Event, publisher: str, dyad: Dyad, number: int) -> dict[str, Any]:
    (src, tgt), loc = dyad, event.location
    return {
        "Event ID": dyad_id(event_id(event), number),
        "Event Date": event.event_date.start.isoformat(),
        "Source Name": src.name if src else None,
        "Source Sectors": ",".join(src.sectors) if src else None,
        "Source Country": src.country if src else None,
        "Event Text": event.cameo_name,
        "CAMEO Code": event.cameo,
        "Intensity": event.goldstein,
        "Target Name": tgt.name if tgt else None,
        "Target Sectors": ",".join(tgt.sectors) if tgt else None,
        "Target Country": tgt.country if tgt else None,
        "Story ID": event.doc_id,
        "Sentence Number": event.sentence_index + 1,
        "Publisher": publisher,
        "City": _city(loc),
        "Province": loc.admin1 if loc else None,
        "Country": loc.country if loc else None,
        "Latitude": loc.latitude if loc else None,
        "Longitude": loc.longitude if loc else None,
    }


def _polecat_actor(actor: Actor | None) -> dict[str, Any] | None:
    if actor is None:
        return None
    return {
        "actor": actor.text,
        "name": actor.name,
        "code": actor.code,
        "country": actor.country,
        "sectors": list(actor.sectors),
    }


def _polecat_object(event: Event, publisher: str, dyad: Dyad, number: int) -> dict[str, Any]:
    (src, tgt), loc = dyad, event.location
    return {
        "event_id": dyad_id(event_id(event), number),
        "event_date": event.event_date.start.isoformat(),
        "event_type": event.plover,
        "event_mode": event.mode.value,
        "source": _polecat_actor(src),
        "target": _polecat_actor(tgt),
        "contexts": [],
        "location": None
        if loc is None
        else {
            "name": loc.name,
            "country": loc.country,
            "admin1": loc.admin1,
            "latitude": loc.latitude,
            "longitude": loc.longitude,
        },
        "story_id": event.doc_id,
        "publisher": publisher,
        "evidence": event.evidence.text,
    }


def _write_dicts_csv(rows: Iterable[dict[str, Any]], columns: list[str], stream: TextIO) -> int:
    writer = csv.DictWriter(stream, fieldnames=columns)
    writer.writeheader()
    n = 0
    for row in rows:
        writer.writerow(row)
        n += 1
    return n


def _write_dicts_jsonl(rows: Iterable[dict[str, Any]], stream: TextIO) -> int:
    n = 0
    for row in rows:
        stream.write(json.dumps(row, ensure_ascii=False) + "\n")
        n += 1
    return n


def _write_table_parquet(
    rows: Iterable[dict[str, Any]], columns: dict[str, str], path: str, batch_size: int
) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    types = {"int": pa.int64(), "float": pa.float64(), "str": pa.string()}
    schema = pa.schema([pa.field(name, types[kind]) for name, kind in columns.items()])

    def batch(chunk: list[dict[str, Any]]) -> Any:
        data = {name: [row[name] for row in chunk] for name in columns}
        return pa.RecordBatch.from_pydict(data, schema=schema)

    n = 0
    try:
        with pq.ParquetWriter(path, schema) as writer:
            chunk: list[dict[str, Any]] = []
            for row in rows:
                chunk.append(row)
                if len(chunk) >= batch_size:
                    writer.write_batch(batch(chunk))
                    n += len(chunk)
                    chunk = []
            if chunk:
                writer.write_batch(batch(chunk))
                n += len(chunk)
    except (OSError, pa.ArrowException) as exc:
        raise StoreError(f"cannot write parquet {path}: {exc}") from exc
    return n
