"""The store with other tools: the readable SQL views (datasette, sqlite-utils) and DuckDB over a
Parquet export (docs/interop.md)."""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

from newsevents.store import Store, export_events, schema
from newsevents.types import Actor, Article, Document, Event, Mode, Precision, Span, TimeRef

VIEWS = {"event_list", "dyad_month", "actor_summary"}
HAPPENED = ("asserted", "reported")
#: The schema version that added the views.
VIEWS_VERSION = 6


def views_of(conn: sqlite3.Connection) -> set[str]:
    return {name for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'view'")}


@pytest.fixture(scope="module")
def store(example_db: Path) -> Iterator[Store]:
    with Store(example_db, readonly=True) as s:
        yield s


def rows(store: Store, sql: str) -> list[tuple[object, ...]]:
    return [tuple(r) for r in store.select(sql)]


# -- the views on the example store -------------------------------------------------------------


@pytest.mark.model
def test_the_views_exist(store: Store) -> None:
    assert store.schema_version >= VIEWS_VERSION
    assert views_of(store._conn) >= VIEWS


@pytest.mark.model
def test_event_list_has_every_event_with_its_article(store: Store) -> None:
    assert rows(store, "SELECT count(*) FROM event_list") == [(store.count_events(),)]
    assert rows(store, "SELECT mode, count(*) FROM event_list GROUP BY 1 ORDER BY 1") == rows(
        store, "SELECT mode, count(*) FROM events GROUP BY 1 ORDER BY 1"
    )
    assert rows(
        store,
        "SELECT l.event_id, l.date, l.cameo, l.goldstein, l.title, l.url FROM event_list l "
        "ORDER BY 1",
    ) == rows(
        store,
        "SELECT e.event_id, e.event_start, e.cameo, e.goldstein, d.title, d.url "
        "FROM events e JOIN documents d ON d.id = e.doc_id ORDER BY 1",
    )
    names = dict(rows(store, "SELECT DISTINCT quad_class, quad_name FROM event_list"))
    assert names.get(1) in (None, "verbal cooperation")
    assert names.get(4) in (None, "material conflict")


@pytest.mark.model
def test_dyad_month_counts_the_dyads_of_events_that_happened(store: Store) -> None:
    expected: Counter[tuple[str, str, str]] = Counter()
    cooperation: Counter[tuple[str, str]] = Counter()
    for event in store.events():
        if event.mode.value not in HAPPENED:
            continue
        month = event.event_date.start.isoformat()[:7]
        pairs = {
            (s.country, t.country)
            for s, t in event.dyads()
            if s is not None and t is not None and s.country and t.country
        }
        for source, target in pairs:
            expected[(source, target, month)] += 1
            cooperation[(source, target)] += event.quad_class in (1, 2)

    found = rows(store, "SELECT source_country, target_country, month, events FROM dyad_month")
    assert {(s, t, m): n for s, t, m, n in found} == dict(expected)
    assert any(e.reciprocal for e in store.events()), "the example store has compound events"
    coop = rows(
        store,
        "SELECT source_country, target_country, sum(cooperation) FROM dyad_month GROUP BY 1, 2",
    )
    assert {(s, t): n for s, t, n in coop} == {k: v for k, v in cooperation.items()}


@pytest.mark.model
def test_dyad_month_totals_match_the_base_tables(store: Store) -> None:
    (total,) = rows(store, "SELECT sum(events), sum(cooperation), sum(conflict) FROM dyad_month")
    base = rows(
        store,
        """SELECT count(*), sum(e.quad_class IN (1, 2)), sum(e.quad_class IN (3, 4))
        FROM (SELECT DISTINCT s.event_id, s.country AS sc, t.country AS tc
              FROM event_actors s JOIN event_actors t
                ON t.event_id = s.event_id AND t.side = 'target'
              WHERE s.side = 'source' AND s.country IS NOT NULL AND t.country IS NOT NULL
                AND s.code != t.code AND t.code != s.country AND s.code != t.country) p
        JOIN events e ON e.event_id = p.event_id
        WHERE e.mode IN ('asserted', 'reported')""",
    )
    assert [total] == base and total[0]


@pytest.mark.model
def test_actor_summary_counts_each_actor_once_per_event(store: Store) -> None:
    per_code: Counter[str] = Counter()
    as_source: Counter[str] = Counter()
    for event in store.events():
        if event.mode.value not in HAPPENED:
            continue
        sources = {a.code for a in event.all_sources()}
        targets = {a.code for a in event.all_targets()}
        per_code.update(sources | targets)
        as_source.update(sources)

    found = rows(store, "SELECT code, events, as_source, name FROM actor_summary")
    assert {code: n for code, n, _, _ in found} == dict(per_code)
    assert {code: n for code, _, n, _ in found if n} == dict(as_source)
    names = {code: name for code, _, _, name in found}
    assert names.get("RUS") == "Russia"


# -- upgrading a store --------------------------------------------------------------------------


def make_doc(doc_id: str, day: dt.date, quad_class: int, mode: Mode = Mode.ASSERTED) -> Document:
    text = "Russia met Ukraine."
    event = Event(
        doc_id=doc_id,
        doc_date=day,
        sentence_index=0,
        source=Actor(text="Russia", name="Russia", code="RUS", country="RUS", start=0, end=6),
        target=Actor(text="Ukraine", name="Ukraine", code="UKR", country="UKR", start=11, end=18),
        cameo="042",
        cameo_name="Make a visit",
        plover="CONSULT",
        quad_class=quad_class,
        goldstein=1.9,
        event_date=TimeRef(day, day, Precision.DAY),
        evidence=Span(text, 0, 19),
        trigger=Span("met", 7, 10),
        mode=mode,
    )
    article = Article(id=doc_id, date=day, text=text, title=f"story {doc_id}")
    return Document(article=article, events=(event,))


def test_a_schema_5_store_is_upgraded_with_the_views(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "old.db"
    docs = [
        make_doc("a", dt.date(2024, 5, 1), 1),
        make_doc("b", dt.date(2024, 5, 20), 4),
        make_doc("c", dt.date(2024, 6, 2), 1, Mode.NEGATED),
    ]
    with monkeypatch.context() as patch:
        patch.setattr(schema, "MIGRATIONS", schema.MIGRATIONS[:5])
        with Store(path) as old:
            old.add_documents(docs)
            assert old.schema_version == 5
            assert views_of(old._conn) == set()

    with Store(path) as upgraded:
        assert upgraded.schema_version == len(schema.MIGRATIONS) >= VIEWS_VERSION
        assert views_of(upgraded._conn) >= VIEWS
    with Store(path, readonly=True) as store:
        assert rows(store, "SELECT count(*), min(title) FROM event_list") == [(3, "story a")]
        assert rows(store, "SELECT * FROM dyad_month") == [
            ("RUS", "UKR", "2024-05", 2, 3.8, 1.9, 1, 1)
        ]
        assert rows(
            store, "SELECT code, name, events, as_source, as_target FROM actor_summary"
        ) == [("RUS", "Russia", 2, 2, 0), ("UKR", "Ukraine", 2, 0, 2)]
        assert rows(store, "SELECT version, name FROM migrations WHERE version = 6") == [
            (6, "readable views")
        ]


# -- DuckDB over a Parquet export ---------------------------------------------------------------


@pytest.mark.model
def test_duckdb_reads_a_parquet_export(store: Store, tmp_path: Path) -> None:
    duckdb = pytest.importorskip("duckdb")
    path = tmp_path / "events.parquet"
    written = export_events(store, "parquet", str(path))
    con = duckdb.connect()
    try:
        (count,) = con.execute("SELECT count(*) FROM read_parquet(?)", [str(path)]).fetchone()
        per_month = con.execute(
            "SELECT strftime(event_start, '%Y-%m') AS month, count(*) FROM read_parquet(?) "
            "GROUP BY month ORDER BY month",
            [str(path)],
        ).fetchall()
        plover = con.execute(
            "SELECT plover, count(*) FROM read_parquet(?) GROUP BY plover ORDER BY plover",
            [str(path)],
        ).fetchall()
    finally:
        con.close()

    assert count == written == store.count_events()
    assert per_month == rows(
        store, "SELECT substr(date, 1, 7) AS month, count(*) FROM event_list GROUP BY 1 ORDER BY 1"
    )
    assert plover == rows(store, "SELECT plover, count(*) FROM events GROUP BY 1 ORDER BY 1")
