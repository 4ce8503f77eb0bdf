"""Exports in the field's layouts: GDELT (merged events), ICEWS and POLECAT (mentions)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

from newsevents.cli import cli
from newsevents.errors import StoreError
from newsevents.serialize import event_id
from newsevents.store import EXPORT_LAYOUTS, EventQuery, Store, export_events
from newsevents.store.export import GDELT_COLUMNS, ICEWS_COLUMNS
from newsevents.types import Place
from test_merge import DAY, doc, event

KYIV = Place("Kyiv", "UKR", "12", 50.45, 30.52)


def fill(store: Store) -> None:
    store.add_documents(
        [
            doc("a", "bbc.com", event("a", place=KYIV, source="RUSMIL")),
            doc("b", "reuters.com", event("b", place=KYIV)),
            doc("c", "bbc.com", event("c", cameo="042", target=None)),
        ]
    )


@pytest.fixture
def store() -> Store:
    s = Store(":memory:")
    fill(s)
    return s


def csv_rows(store: Store, layout: str, query: EventQuery | None = None) -> list[dict[str, str]]:
    out = io.StringIO()
    export_events(store, "csv", out, query, layout=layout)
    out.seek(0)
    return list(csv.DictReader(out))


def test_layouts() -> None:
    assert EXPORT_LAYOUTS == ("events", "gdelt", "icews", "polecat")


def test_gdelt_one_row_per_merged_event(store: Store) -> None:
    out = io.StringIO()
    assert export_events(store, "csv", out, layout="gdelt") == store.count_merged() == 2
    out.seek(0)
    reader = csv.DictReader(out)
    assert reader.fieldnames == list(GDELT_COLUMNS)
    first, second = list(reader)
    assert first == {
        "GlobalEventID": "1",
        "SQLDATE": DAY.strftime("%Y%m%d"),
        "Actor1Code": "RUSMIL",
        "Actor1Name": "RUSMIL name",
        "Actor1CountryCode": "RUS",
        "Actor2Code": "UKR",
        "Actor2Name": "UKR name",
        "Actor2CountryCode": "UKR",
        "IsRootEvent": "1",
        "EventCode": "190",
        "EventBaseCode": "190",
        "EventRootCode": "19",
        "QuadClass": "4",
        "GoldsteinScale": "-10.0",
        "NumMentions": "2",
        "NumSources": "2",
        "NumArticles": "2",
        "ActionGeo_FullName": "Kyiv",
        "ActionGeo_CountryCode": "UKR",
        "ActionGeo_Lat": "50.45",
        "ActionGeo_Long": "30.52",
        "DATEADDED": "20240603",
        "SOURCEURL": "https://bbc.com/a",
        "DyadNumber": "1",
    }
    assert (second["EventCode"], second["Actor2Code"], second["NumMentions"]) == ("042", "", "1")


def test_gdelt_filters_select_merged_events(store: Store) -> None:
    rows = csv_rows(store, "gdelt", EventQuery(source="RUS", cameo="19"))
    assert [r["NumMentions"] for r in rows] == ["2"]
    assert csv_rows(store, "gdelt", EventQuery(cameo="20")) == []  # no event of root 20


def test_gdelt_parquet_is_typed(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "g.parquet"
    assert export_events(store, "parquet", path, layout="gdelt", batch_size=1) == 2
    table = pq.read_table(path)
    assert table.column_names == list(GDELT_COLUMNS)
    assert table.column("SQLDATE").to_pylist() == [20240603, 20240603]
    assert str(table.schema.field("ActionGeo_Lat").type) == "double"


def test_icews_one_row_per_mention(store: Store) -> None:
    rows = csv_rows(store, "icews")
    assert len(rows) == store.count_events() == 3
    out = io.StringIO()
    export_events(store, "csv", out, layout="icews")
    assert out.getvalue().splitlines()[0].split(",") == list(ICEWS_COLUMNS)
    first = next(r for r in rows if r["Story ID"] == "a")
    assert first == {
        "Event ID": event_id(event("a", place=KYIV, source="RUSMIL")),
        "Event Date": "2024-06-03",
        "Source Name": "RUSMIL name",
        "Source Sectors": "",
        "Source Country": "RUS",
        "Event Text": "name of 190",
        "CAMEO Code": "190",
        "Intensity": "-10.0",
        "Target Name": "UKR name",
        "Target Sectors": "",
        "Target Country": "UKR",
        "Story ID": "a",
        "Sentence Number": "1",
        "Publisher": "bbc.com",
        "City": "Kyiv",
        "Province": "12",
        "Country": "UKR",
        "Latitude": "50.45",
        "Longitude": "30.52",
    }


def test_icews_jsonl_uses_the_same_keys(store: Store) -> None:
    out = io.StringIO()
    assert export_events(store, "jsonl", out, layout="icews") == 3
    objects = [json.loads(line) for line in out.getvalue().splitlines()]
    assert all(list(o) == list(ICEWS_COLUMNS) for o in objects)


def test_polecat_objects(store: Store) -> None:
    out = io.StringIO()
    assert export_events(store, "jsonl", out, EventQuery(doc_id="c"), layout="polecat") == 1
    (obj,) = [json.loads(line) for line in out.getvalue().splitlines()]
    assert obj == {
        "event_id": event_id(event("c", cameo="042", target=None)),
        "event_date": "2024-06-03",
        "event_type": "ASSAULT",
        "event_mode": "asserted",
        "source": {
            "actor": "Rus",
            "name": "RUS name",
            "code": "RUS",
            "country": "RUS",
            "sectors": [],
        },
        "target": None,
        "contexts": [],
        "location": None,
        "story_id": "c",
        "publisher": "bbc.com",
        "evidence": "Russia attacked Ukraine.",
    }


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
def test_polecat_is_jsonl_only(store: Store, tmp_path: Path, fmt: str) -> None:
    path = tmp_path / f"p.{fmt}"
    with pytest.raises(StoreError, match="polecat layout is JSON Lines only"):
        export_events(store, fmt, path, layout="polecat")
    assert not path.exists()


def test_bad_layout_and_parquet_stream(store: Store) -> None:
    with pytest.raises(StoreError, match=r"unknown export layout 'acled'.*gdelt"):
        export_events(store, "csv", io.StringIO(), layout="acled")
    with pytest.raises(StoreError, match="parquet export needs a file path"):
        export_events(store, "parquet", io.StringIO(), layout="icews")


def test_cli_layout(tmp_path: Path) -> None:
    db = tmp_path / "e.db"
    with Store(db) as s:
        fill(s)
    out = tmp_path / "g.csv"
    runner = CliRunner()
    result = runner.invoke(
        cli, ["export", "--db", str(db), "--format", "csv", "--out", str(out), "--layout", "gdelt"]
    )
    assert result.exit_code == 0, result.output
    assert "2 dyad rows written" in result.stderr
    with out.open(encoding="utf-8") as f:
        assert len(list(csv.DictReader(f))) == 2
    bad = ["export", "--db", str(db), "--format", "csv", "--out", "-", "--layout", "polecat"]
    result = runner.invoke(cli, bad)
    assert result.exit_code == 2  # a usage error, named before the store is opened
    assert "use --format jsonl" in result.output
