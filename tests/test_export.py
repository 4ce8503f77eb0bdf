"""Exports: CSV, JSON Lines and Parquet read back with the same events."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from newsevents.errors import StoreError
from newsevents.serialize import ROW_FIELDS, event_from_dict, event_to_row
from newsevents.store import EXPORT_FORMATS, EventQuery, Store, export_events
from newsevents.types import Actor, Article, Document, Event, Place, Precision, Span, TimeRef


def make_event(doc_id: str, day: int, *, source: str = "RUS", location: bool = False) -> Event:
    when = dt.date(2024, 3, day)
    evidence = f"Россия и Украина: talks on day {day}."
    return Event(
        doc_id=doc_id,
        doc_date=dt.date(2024, 3, 28),
        sentence_index=day,
        source=Actor(text="Russia", name="Russia", code=source, country="RUS", sectors=("GOV",)),
        target=None if day % 2 else Actor(text="Kyiv", name="Ukraine", code="UKR", start=5),
        cameo="042",
        cameo_name="Make a visit",
        plover="CONSULT",
        quad_class=1,
        goldstein=1.9,
        event_date=TimeRef(when, when + dt.timedelta(days=1), Precision.WEEK, "last week"),
        evidence=Span(evidence, 0, len(evidence)),
        trigger=Span("talks", 20, 25),
        location=Place("Minsk", "BLR", None, 53.9, 27.5667) if location else None,
        confidence=0.75,
    )


EVENTS = [
    make_event("a", 1, location=True),
    make_event("a", 2),
    make_event("b", 3, source="USA"),
    make_event("b", 4),
    make_event("c", 5),
]


def make_doc(doc_id: str) -> Document:
    article = Article(id=doc_id, date=dt.date(2024, 3, 28), text="...")
    return Document(article=article, events=tuple(e for e in EVENTS if e.doc_id == doc_id))


@pytest.fixture
def store() -> Store:
    s = Store(":memory:")
    s.add_documents(make_doc(d) for d in "abc")
    return s


def as_csv(value: object) -> str:
    return "" if value is None else str(value)


def test_formats() -> None:
    assert EXPORT_FORMATS == ("csv", "jsonl", "parquet")


def test_csv_reads_back(store: Store, tmp_path: Path) -> None:
    out = tmp_path / "events.csv"
    assert export_events(store, "csv", out) == 5
    with out.open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        assert tuple(reader.fieldnames or ()) == ROW_FIELDS
        rows = list(reader)
    assert rows == [{k: as_csv(v) for k, v in event_to_row(e).items()} for e in EVENTS]


def test_csv_to_stream_and_stdout(store: Store, capsys: pytest.CaptureFixture[str]) -> None:
    buffer = io.StringIO()
    query = EventQuery(source="USA")
    assert export_events(store, "csv", buffer, query) == 1
    assert not buffer.closed
    assert [r["source_code"] for r in csv.DictReader(io.StringIO(buffer.getvalue()))] == ["USA"]
    assert export_events(store, "csv", "-", EventQuery(doc_id="a")) == 2
    assert len(list(csv.DictReader(io.StringIO(capsys.readouterr().out)))) == 2


def test_jsonl_reads_back(store: Store, tmp_path: Path) -> None:
    out = tmp_path / "events.jsonl"
    assert export_events(store, "jsonl", out) == 5
    text = out.read_text(encoding="utf-8")
    assert "Россия" in text  # not \u-escaped
    assert [event_from_dict(json.loads(line)) for line in text.splitlines()] == EVENTS


def test_jsonl_to_stdout(store: Store, capsys: pytest.CaptureFixture[str]) -> None:
    assert export_events(store, "jsonl", "-", EventQuery(since=dt.date(2024, 3, 4))) == 2
    lines = capsys.readouterr().out.splitlines()
    assert [event_from_dict(json.loads(line)) for line in lines] == EVENTS[3:]


def test_parquet_reads_back_typed_in_batches(store: Store, tmp_path: Path) -> None:
    out = tmp_path / "events.parquet"
    assert export_events(store, "parquet", out, batch_size=2) == 5
    assert pq.read_metadata(out).num_row_groups == 3  # written in batches, not all at once
    table = pq.read_table(out)
    assert table.num_rows == 5
    assert table.column_names == list(ROW_FIELDS)
    types = dict(zip(table.schema.names, table.schema.types, strict=True))
    for name in ("doc_date", "event_start", "event_end"):
        assert types[name] == pa.date32()
    for name in ("quad_class", "sentence_index"):
        assert types[name] == pa.int32()
    for name in ("goldstein", "confidence", "location_latitude", "location_longitude"):
        assert types[name] == pa.float64()
    assert types["source_code"] == types["evidence"] == pa.string()
    rows = table.to_pylist()
    assert rows[0]["event_start"] == dt.date(2024, 3, 1)
    assert rows[0]["location_latitude"] == 53.9 and rows[1]["location_latitude"] is None
    assert rows[0]["target_code"] is None and rows[1]["target_code"] == "UKR"
    for row, event in zip(rows, EVENTS, strict=True):
        expected = event_to_row(event)
        for name in ("event_id", "evidence", "source_sectors", "quad_class", "goldstein"):
            assert row[name] == expected[name]


def test_empty_parquet_still_has_the_schema(store: Store, tmp_path: Path) -> None:
    out = tmp_path / "none.parquet"
    assert export_events(store, "parquet", out, EventQuery(source="XXX")) == 0
    table = pq.read_table(out)
    assert table.num_rows == 0 and table.column_names == list(ROW_FIELDS)


@pytest.mark.parametrize("out", ["-", io.StringIO()])
def test_parquet_needs_a_path(store: Store, out: str | io.StringIO) -> None:
    with pytest.raises(StoreError, match="parquet export needs a file path"):
        export_events(store, "parquet", out)


def test_unknown_format_lists_the_formats(store: Store, tmp_path: Path) -> None:
    out = tmp_path / "events.xml"
    with pytest.raises(StoreError, match=r"'xml'.*csv, jsonl, parquet"):
        export_events(store, "xml", out)
    assert not out.exists()


def test_unwritable_path(store: Store, tmp_path: Path) -> None:
    for fmt in EXPORT_FORMATS:
        with pytest.raises(StoreError, match="cannot write"):
            export_events(store, fmt, tmp_path / "missing" / f"events.{fmt}")


def test_bad_batch_size(store: Store, tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="batch_size"):
        export_events(store, "parquet", tmp_path / "x.parquet", batch_size=0)


def test_closed_store_leaves_no_file(tmp_path: Path) -> None:
    s = Store(":memory:")
    s.close()
    for fmt in EXPORT_FORMATS:
        out = tmp_path / f"events.{fmt}"
        with pytest.raises(StoreError, match="closed"):
            export_events(s, fmt, out)
        assert not out.exists()
