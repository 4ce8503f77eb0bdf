"""The month-partitioned Parquet dataset (``export --partition month``) and the DuckDB queries
docs/interop.md shows over it."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pyarrow.dataset as ds
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

from newsevents.cli import cli
from newsevents.errors import StoreError
from newsevents.serialize import ROW_FIELDS, event_id, event_to_row
from newsevents.store import EventQuery, Store
from newsevents.store import export as export_module
from newsevents.store.export import (
    DATASET_MARKER,
    event_month,
    export_event_dataset,
    is_event_dataset,
    write_event_dataset,
)
from newsevents.types import Actor, Article, Document, Event, Precision, Span, TimeRef

REPO = Path(__file__).resolve().parents[1]
INTEROP = REPO / "docs" / "interop.md"


def make_event(doc_id: str, n: int, start: dt.date, quad_class: int = 1) -> Event:
    evidence = f"Russia and Ukraine met, item {n}."
    return Event(
        doc_id=doc_id,
        doc_date=dt.date(2024, 6, 1),
        sentence_index=n,
        source=Actor(text="Russia", name="Russia", code="RUS", country="RUS"),
        target=Actor(text="Ukraine", name="Ukraine", code="UKR", country="UKR", start=11),
        cameo="040" if quad_class == 1 else "112",
        cameo_name="Consult" if quad_class == 1 else "Accuse",
        plover="CONSULT" if quad_class == 1 else "ACCUSE",
        quad_class=quad_class,
        goldstein=1.0,
        event_date=TimeRef(start, start, Precision.DAY, "that day"),
        evidence=Span(evidence, 0, len(evidence)),
        trigger=Span("met", 19, 22),
    )


# Three months, not in date order, with an event on a month's first and last day.
EVENTS = [
    make_event("a", 0, dt.date(2024, 3, 1)),
    make_event("a", 1, dt.date(2024, 1, 31), quad_class=3),
    make_event("a", 2, dt.date(2024, 3, 31)),
    make_event("b", 3, dt.date(2023, 12, 15), quad_class=3),
    make_event("b", 4, dt.date(2024, 1, 1)),
    make_event("b", 5, dt.date(2024, 3, 9)),
]


def read_dataset(root: Path) -> list[dict[str, object]]:
    table = ds.dataset(root, format="parquet", partitioning="hive").to_table()
    return sorted(table.to_pylist(), key=lambda row: str(row["event_id"]))


def expected_rows(events: list[Event]) -> list[dict[str, object]]:
    rows = []
    for event in events:
        row: dict[str, object] = dict(event_to_row(event))
        for name in ("doc_date", "event_start", "event_end"):
            row[name] = dt.date.fromisoformat(str(row[name]))
        row["event_month"] = event_month(event)
        rows.append(row)
    return sorted(rows, key=lambda row: str(row["event_id"]))


def part_files(root: Path) -> list[Path]:
    return sorted(root.glob("event_month=*/*.parquet"))


def test_events_go_to_the_folder_of_their_own_month(tmp_path: Path) -> None:
    root = tmp_path / "events"
    written = write_event_dataset(EVENTS, root)
    assert written.rows == len(EVENTS)
    assert sorted(p.parent.name for p in written.files) == [
        "event_month=2023-12",
        "event_month=2024-01",
        "event_month=2024-03",
    ]
    assert part_files(root) == sorted(written.files)
    assert read_dataset(root) == expected_rows(EVENTS)
    # Each file holds only its month, with exactly the columns of the Parquet export.
    for path in written.files:
        table = pq.read_table(path)
        assert table.schema.names == list(ROW_FIELDS)
        months = {f"{d:%Y-%m}" for d in table.column("event_start").to_pylist()}
        assert months == {path.parent.name.removeprefix("event_month=")}
    assert is_event_dataset(root)
    assert not list(root.rglob("*.tmp"))


def test_the_month_is_the_events_date_not_the_publication_date() -> None:
    event = make_event("a", 0, dt.date(2019, 11, 30))
    assert event.doc_date.year == 2024
    assert event_month(event) == "2019-11"


def test_rows_are_written_in_batches_of_bounded_size(tmp_path: Path) -> None:
    many = [make_event("c", n, dt.date(2024, 5, 1 + n % 28)) for n in range(25)]
    written = write_event_dataset(many, tmp_path / "events", batch_size=4)
    assert written.rows == 25
    (path,) = written.files
    meta = pq.ParquetFile(path).metadata
    assert meta.num_rows == 25
    assert max(meta.row_group(i).num_rows for i in range(meta.num_row_groups)) <= 4


def test_input_in_any_order_with_few_open_files_loses_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(export_module, "_MAX_OPEN_PARTS", 2)
    months = [dt.date(2024, m, 1) for m in (1, 2, 3, 1, 2, 3, 1)]
    events = [make_event("d", n, day) for n, day in enumerate(months)]
    written = write_event_dataset(events, tmp_path / "events", batch_size=1)
    assert written.rows == len(events)
    assert read_dataset(tmp_path / "events") == expected_rows(events)


def test_a_dataset_of_ours_gets_new_part_files_and_overwrite_replaces_them(
    tmp_path: Path,
) -> None:
    root = tmp_path / "events"
    first = write_event_dataset(EVENTS[:3], root)
    second = write_event_dataset(EVENTS[3:], root)
    assert not set(first.files) & set(second.files)
    assert read_dataset(root) == expected_rows(EVENTS)
    write_event_dataset(EVENTS[:2], root, overwrite=True)
    assert read_dataset(root) == expected_rows(EVENTS[:2])
    assert {p.name for p in root.iterdir() if p.is_dir()} == {
        "event_month=2024-01",
        "event_month=2024-03",
    }


def test_writing_again_under_one_name_replaces_that_names_parts(tmp_path: Path) -> None:
    root = tmp_path / "events"
    write_event_dataset(EVENTS[3:], root, name="other")
    write_event_dataset(EVENTS[:3], root, name="task1")
    again = write_event_dataset(EVENTS[:1], root, name="task1")
    assert [p.name for p in again.files] == ["part-task1-00000.parquet"]
    assert read_dataset(root) == expected_rows([*EVENTS[3:], EVENTS[0]])
    with pytest.raises(StoreError, match="letters, digits"):
        write_event_dataset(EVENTS, root, name="a-b")


@pytest.mark.parametrize("content", ["file", "folder"])
def test_anything_else_is_refused_and_left_alone(tmp_path: Path, content: str) -> None:
    out = tmp_path / "out"
    if content == "file":
        out.write_text("mine\n")
        with pytest.raises(StoreError, match="not a folder"):
            write_event_dataset(EVENTS, out)
        assert out.read_text() == "mine\n"
    else:
        out.mkdir()
        (out / "notes.txt").write_text("mine\n")
        with pytest.raises(StoreError, match="not empty and holds no newsevents event dataset"):
            write_event_dataset(EVENTS, out, overwrite=True)
        assert [p.name for p in out.iterdir()] == ["notes.txt"]


def test_an_empty_folder_becomes_a_dataset(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    assert write_event_dataset(EVENTS, tmp_path / "empty").rows == len(EVENTS)


def test_a_dataset_with_other_columns_needs_overwrite(tmp_path: Path) -> None:
    root = tmp_path / "events"
    write_event_dataset(EVENTS, root)
    marker = root / DATASET_MARKER
    marker.write_text(marker.read_text().replace('"responds_to"', '"something_else"'))
    with pytest.raises(StoreError, match="other columns"):
        write_event_dataset(EVENTS, root)
    assert write_event_dataset(EVENTS, root, overwrite=True).rows == len(EVENTS)
    assert read_dataset(root) == expected_rows(EVENTS)


def test_a_failed_write_leaves_no_part_files(tmp_path: Path) -> None:
    root = tmp_path / "events"
    write_event_dataset(EVENTS[:1], root, name="kept")

    def failing() -> Iterator[Event]:
        yield from EVENTS
        raise RuntimeError("the source broke")

    with pytest.raises(RuntimeError, match="the source broke"):
        write_event_dataset(failing(), root, batch_size=2)
    assert [p.name for p in part_files(root)] == ["part-kept-00000.parquet"]
    assert not list(root.rglob("*.tmp"))


# -- from a store, and the command --------------------------------------------------------------


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "events.db"
    with Store(path) as store:
        for doc_id in ("a", "b"):
            article = Article(id=doc_id, date=dt.date(2024, 6, 1), text="...")
            events = tuple(e for e in EVENTS if e.doc_id == doc_id)
            store.add_documents([Document(article=article, events=events)])
    return path


def test_export_event_dataset_applies_the_query(db: Path, tmp_path: Path) -> None:
    with Store(db, readonly=True) as store:
        written = export_event_dataset(
            store, tmp_path / "events", EventQuery(since=dt.date(2024, 1, 1))
        )
    assert written.rows == 5
    assert {r["event_month"] for r in read_dataset(tmp_path / "events")} == {"2024-01", "2024-03"}


def test_export_partition_month_command(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "events"
    runner = CliRunner()
    args = ["export", "--db", str(db), "--format", "parquet", "--partition", "month"]
    result = runner.invoke(cli, [*args, "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "6 events written to" in result.output and "(3 files)" in result.output
    assert len(read_dataset(out)) == 6
    # Again: new part files beside the old; --overwrite replaces them.
    assert runner.invoke(cli, [*args, "--out", str(out)]).exit_code == 0
    assert len(read_dataset(out)) == 12
    assert runner.invoke(cli, [*args, "--out", str(out), "--overwrite"]).exit_code == 0
    assert len(read_dataset(out)) == 6
    # A folder that is not ours is refused with a message, not a traceback.
    other = tmp_path / "other"
    other.mkdir()
    (other / "x.txt").write_text("x")
    refused = runner.invoke(cli, [*args, "--out", str(other)])
    assert refused.exit_code == 1
    assert "holds no newsevents event dataset" in refused.output


@pytest.mark.parametrize(
    "extra",
    [
        ["--format", "csv", "--partition", "month"],
        ["--format", "parquet", "--layout", "icews", "--partition", "month"],
        ["--format", "parquet", "--overwrite"],
    ],
)
def test_partition_misuse_is_a_usage_error(db: Path, tmp_path: Path, extra: list[str]) -> None:
    result = CliRunner().invoke(
        cli, ["export", "--db", str(db), "--out", str(tmp_path / "x"), *extra]
    )
    assert result.exit_code == 2
    assert not (tmp_path / "x").exists()


# -- the DuckDB queries of docs/interop.md -------------------------------------------------------


def documented_queries() -> list[str]:
    """Every ``duckdb -c`` query of the partitioned-dataset section, and the Python one."""
    text = INTEROP.read_text(encoding="utf-8")
    section = text.split("## DuckDB over a dataset partitioned by month", 1)[1].split("\n## ", 1)[0]
    queries = re.findall(r'^\$ duckdb -c "(.+)"$', section, flags=re.MULTILINE)
    return [q.replace('\\"', '"') for q in queries]


def test_the_documented_queries_are_found() -> None:
    queries = documented_queries()
    assert len(queries) >= 3
    assert all(
        "read_parquet('events/**/*.parquet', hive_partitioning = true)" in q for q in queries
    )


@pytest.fixture
def dataset_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, example_db: Path) -> Path:
    """The examples' store exported as docs/interop.md does, in the working folder."""
    monkeypatch.chdir(tmp_path)
    args = ["--format", "parquet", "--partition", "month", "--out", "events"]
    result = CliRunner().invoke(cli, ["export", "--db", str(example_db), *args])
    assert result.exit_code == 0, result.output
    return tmp_path / "events"


def store_rows(db: Path, sql: str) -> list[tuple[object, ...]]:
    with Store(db, readonly=True) as store:
        return [tuple(row) for row in store.select(sql)]


@pytest.mark.model
def test_every_documented_query_runs(dataset_dir: Path) -> None:
    for query in documented_queries():
        assert duckdb.sql(query).fetchall(), query


@pytest.mark.model
def test_the_month_filter_reads_the_events_of_those_months(
    dataset_dir: Path, example_db: Path
) -> None:
    query = next(q for q in documented_queries() if "event_month >= '2024-07'" in q)
    got = [(month, n) for month, n, *_ in duckdb.sql(query).fetchall()]
    want = store_rows(
        example_db,
        "SELECT substr(event_start, 1, 7) AS m, count(*) FROM events "
        "WHERE event_start >= '2024-07-01' GROUP BY m ORDER BY m",
    )
    assert got == want


@pytest.mark.model
def test_the_dyad_month_query_counts_as_the_store_does(dataset_dir: Path, example_db: Path) -> None:
    query = next(q for q in documented_queries() if "source_country, target_country" in q)
    got = duckdb.sql(query.split(" LIMIT ")[0]).fetchall()
    want = store_rows(
        example_db,
        "SELECT substr(event_start, 1, 7), source_country, target_country, count(*) AS n "
        "FROM events WHERE mode IN ('asserted', 'reported') AND source_country IS NOT NULL "
        "AND target_country IS NOT NULL GROUP BY 1, 2, 3",
    )
    assert Counter(got) == Counter(want)


@pytest.mark.model
def test_the_quad_class_shares_add_up(dataset_dir: Path, example_db: Path) -> None:
    query = next(q for q in documented_queries() if "percent" in q)
    got = duckdb.sql(query).fetchall()
    want = store_rows(
        example_db,
        "SELECT quad_class, count(*) FROM events WHERE mode IN ('asserted', 'reported') "
        "GROUP BY 1 ORDER BY 1",
    )
    assert [(q, n) for q, n, _ in got] == want
    assert sum(p for *_, p in got) == pytest.approx(100, abs=0.5)


@pytest.mark.model
def test_the_dataset_holds_every_event_of_the_store_once(
    dataset_dir: Path, example_db: Path
) -> None:
    rows = duckdb.sql(
        "SELECT event_id, event_month, strftime(event_start, '%Y-%m') "
        "FROM read_parquet('events/**/*.parquet', hive_partitioning = true)"
    ).fetchall()
    with Store(example_db, readonly=True) as store:
        ids = sorted(event_id(e) for e in store.events())
    assert sorted(r[0] for r in rows) == ids
    assert all(month == start for _, month, start in rows)


def test_event_month_pads_the_year() -> None:
    event = dataclasses.replace(
        EVENTS[0], event_date=TimeRef(dt.date(812, 2, 3), dt.date(812, 2, 3), Precision.DAY)
    )
    assert event_month(event) == "0812-02"
