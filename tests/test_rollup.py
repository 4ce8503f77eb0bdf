"""The dyad index and pre-aggregated counts (schema 13, store/rollup.py): the aggregates they
answer equal the ones computed from ``events`` and ``event_actors`` (the SQL an older store is
read with), on varied stores and after every kind of write; incremental upkeep equals a
backfill from scratch; an older store is upgraded and still readable as it is."""

from __future__ import annotations

import datetime as dt
import random
import re
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from newsevents.store import EventQuery, Store, aggregate, rollup, schema
from newsevents.store.export import export_event_dataset
from newsevents.types import Actor, Article, Document, Event, Mode, Precision, Span, TimeRef

#: code, country, sectors: compound codes, people, organisations without a country, a code
#: shorter than the index keys and one whose country is not its first three letters.
ACTORS = (
    ("RUS", "RUS", ()),
    ("RUSGOV", "RUS", ("GOV",)),
    ("RUSMIL", "RUS", ("MIL",)),
    ("RUSMILGOV", "RUS", ("MIL", "GOV")),
    ("RUSREB", "RUS", ("REB",)),
    ("UKR", "UKR", ()),
    ("UKRMIL", "UKR", ("MIL",)),
    ("CHN", "CHN", ()),
    ("CHNGOV", "CHN", ("GOV",)),
    ("USA", "USA", ()),
    ("USAGOV", "USA", ("GOV",)),
    ("IGOUNO", None, ()),
    ("UN", None, ()),
    ("NATO", "BEL", ()),
)
PREFIXES = ("RUS", "RUSMIL", "RUSGOV", "UKR", "CHN", "USA", "USAGOV", "IGO", "UN", "NAT", "R")
MODES: tuple[tuple[str, ...] | None, ...] = (aggregate.HAPPENED, None, ("negated", "future"))
RANGES: tuple[tuple[dt.date | None, dt.date | None], ...] = (
    (None, None),
    (dt.date(2020, 3, 1), dt.date(2020, 8, 31)),  # whole months
    (dt.date(2020, 3, 10), dt.date(2020, 9, 12)),  # partial months at both ends
    (dt.date(2020, 4, 5), dt.date(2020, 4, 20)),  # within one month
    (dt.date(2020, 4, 20), dt.date(2020, 5, 10)),  # across two partial months
    (None, dt.date(2020, 6, 15)),
    (dt.date(2020, 6, 15), None),
)


def actor(rng: random.Random, at: int) -> Actor:
    code, country, sectors = rng.choice(ACTORS)
    name = rng.choice(("", code.title(), f"{code} person"))
    return Actor(code.lower(), name, code, country, sectors, at, at + 3, "gazetteer")


def event(rng: random.Random, doc_id: str, index: int) -> Event:
    start = dt.date(2020, 1, 1) + dt.timedelta(days=rng.randrange(366))
    sources = tuple(actor(rng, 10 * k) for k in range(rng.choice((0, 1, 1, 1, 2, 3))))
    targets = tuple(actor(rng, 100 + 10 * k) for k in range(rng.choice((0, 1, 1, 2))))
    reciprocal = len(sources) >= 2 and rng.random() < 0.3
    if reciprocal:
        targets = sources
    return Event(
        doc_id=doc_id,
        doc_date=start,
        sentence_index=index,
        source=sources[0] if sources else None,
        target=(sources[1] if reciprocal else targets[0]) if targets else None,
        sources=sources,
        targets=targets,
        reciprocal=reciprocal,
        cameo="042",
        cameo_name="Make a visit",
        plover=rng.choice(("CONSULT", "ASSAULT", "AID", "")),
        quad_class=rng.randrange(5),
        goldstein=rng.randrange(-100, 101) / 10,
        event_date=TimeRef(start, start, Precision.DAY, ""),
        evidence=Span("text", 0, 4),
        trigger=Span("met", 0, 3),
        mode=rng.choice(list(Mode)),
        confidence=0.9,
    )


def document(rng: random.Random, doc_id: str, n: int | None = None) -> Document:
    article = Article(id=doc_id, date=dt.date(2020, 1, 1), text="text")
    count = rng.randrange(0, 6) if n is None else n
    return Document(article=article, events=tuple(event(rng, doc_id, i) for i in range(count)))


def answers(conn: sqlite3.Connection) -> Iterator[tuple[str, object]]:
    """Every aggregate over the prefixes, intervals, directions, modes and date ranges."""
    for a in PREFIXES:
        for b in PREFIXES:
            for interval in aggregate.INTERVALS:
                for both in (True, False):
                    for modes in MODES:
                        key = f"timeline {a} {b} {interval} {both} {modes}"
                        yield (
                            key,
                            aggregate.dyad_timeline(
                                conn, a, b, interval=interval, both_ways=both, modes=modes
                            ),
                        )
            for since, until in RANGES:
                key = f"timeline {a} {b} {since} {until}"
                yield key, aggregate.dyad_timeline(conn, a, b, since=since, until=until)
        for modes in MODES:
            yield f"profile {a} {modes}", aggregate.actor_profile(conn, a, modes=modes)
    for modes in MODES:
        for since, until in RANGES:
            yield (
                f"network {modes} {since} {until}",
                aggregate.network(conn, modes=modes, since=since, until=until),
            )
        yield f"network min 3 {modes}", aggregate.network(conn, modes=modes, min_events=3, limit=5)
        for since, until in RANGES[:3]:
            yield (
                f"network actor {modes} {since} {until}",
                aggregate.network(conn, level="actor", modes=modes, since=since, until=until),
            )


SEARCHES = (
    {},
    {"limit": 3},
    {"limit": 4, "offset": 2},
    {"limit": 4, "offset": 2, "order": "newest"},
    {"mode": "asserted", "limit": 3, "order": "newest"},
    {"limit": 0},
    {"mode": "asserted", "limit": 2},
    {"since": dt.date(2020, 5, 1), "until": dt.date(2020, 9, 30), "limit": 3},
    {"quad_class": 0, "limit": 3},
    {"quad_class": 1},
    {"plover": "AID", "limit": 2, "offset": 1},
)


def searches(store: Store) -> Iterator[tuple[str, object]]:
    """Pages and counts of source + target searches, alone and with other filters."""
    for a in (*PREFIXES, "rus", "RUSMILGOVX"):
        for b in PREFIXES:
            for extra in SEARCHES:
                query = EventQuery(source=a, target=b, **extra)  # type: ignore[arg-type]
                ids = [(e.doc_id, e.sentence_index, e.source) for e in store.events(query)]
                yield f"search {a} {b} {extra}", (store.count_events(query), ids)


def assert_answers_as_from_events(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    """The aggregates and searches read from the new tables equal those read without them."""
    assert store.has_rollups
    fast = dict(answers(store._conn))
    fast_search = dict(searches(store))
    with monkeypatch.context() as m:
        m.setattr(aggregate, "has_rollups", lambda conn: False)
        m.setattr(Store, "has_rollups", property(lambda self: False))
        slow = dict(answers(store._conn))
        slow_search = dict(searches(store))
    for key, found in fast.items():
        assert found == slow[key], key
    assert fast_search == slow_search


def table_rows(conn: sqlite3.Connection) -> dict[str, list[tuple[object, ...]]]:
    return {
        "event_dyads": sorted(conn.execute("SELECT * FROM event_dyads")),
        "event_counts": sorted(
            (*row[:7], round(row[7], 6), *row[8:])
            for row in conn.execute("SELECT * FROM event_counts")
        ),
        "network_counts": sorted(
            (*row[:5], round(row[5], 6), row[6])
            for row in conn.execute("SELECT * FROM network_counts")
        ),
    }


def assert_upkeep_equals_backfill(store: Store) -> None:
    conn = store._conn
    kept = table_rows(conn)
    conn.execute("SAVEPOINT rebuild")
    conn.execute("DELETE FROM event_dyads")
    conn.execute("DELETE FROM event_counts")
    conn.execute("DELETE FROM network_counts")
    rollup.backfill(conn)
    rebuilt = table_rows(conn)
    conn.execute("ROLLBACK TO rebuild")
    conn.execute("RELEASE rebuild")
    assert kept == rebuilt


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_aggregates_from_the_new_tables_equal_those_from_the_events(
    seed: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    rng = random.Random(seed)
    with Store(":memory:") as store:
        store.add_documents([document(rng, f"d{i}") for i in range(40)])
        store.add_documents([document(rng, f"e{i}") for i in range(40)])
        assert_upkeep_equals_backfill(store)
        assert_answers_as_from_events(store, monkeypatch)
        # recode: new events for some articles, none at all for others (their events go)
        recoded = [document(rng, f"d{i}") for i in range(0, 40, 3)]
        emptied = [document(rng, f"e{i}", n=0) for i in range(0, 40, 4)]
        twice = document(rng, "d0")  # coded again in the same batch: the last coding stays
        store.replace_documents([*recoded, *emptied, twice])
        assert_upkeep_equals_backfill(store)
        assert_answers_as_from_events(store, monkeypatch)
        before = table_rows(store._conn)
        store.remerge()  # merged events only: the events, and so the counts, stay
        assert table_rows(store._conn) == before
        assert_upkeep_equals_backfill(store)


def test_counts_are_gone_with_the_last_event() -> None:
    rng = random.Random(7)
    with Store(":memory:") as store:
        store.add_documents([document(rng, "a", n=5), document(rng, "b", n=5)])
        store.replace_documents([document(rng, "a", n=0), document(rng, "b", n=0)])
        conn = store._conn
        assert conn.execute("SELECT count(*) FROM event_dyads").fetchone() == (0,)
        assert conn.execute("SELECT count(*) FROM event_counts").fetchone() == (0,)
        assert conn.execute("SELECT count(*) FROM network_counts").fetchone() == (0,)


def make_rus_mil_event(doc_id: str) -> Document:
    source = Actor("Russian forces", "Russia", "RUSMIL", "RUS", ("MIL",), 0, 14, "gazetteer")
    target = Actor("China", "China", "CHN", "CHN", (), 20, 25, "gazetteer")
    start = dt.date(2021, 5, 17)
    found = Event(
        doc_id=doc_id,
        doc_date=start,
        sentence_index=0,
        source=source,
        target=target,
        cameo="042",
        cameo_name="Make a visit",
        plover="CONSULT",
        quad_class=1,
        goldstein=1.9,
        event_date=TimeRef(start, start, Precision.DAY, ""),
        evidence=Span("Russian forces visited China", 0, 28),
        trigger=Span("visited", 15, 22),
        mode=Mode.ASSERTED,
        confidence=0.9,
    )
    article = Article(id=doc_id, date=start, text="Russian forces visited China")
    return Document(article=article, events=(found,))


def test_a_country_prefix_still_matches_its_compound_codes() -> None:
    with Store(":memory:") as store:
        store.add_documents([make_rus_mil_event("a")])
        conn = store._conn
        for source in ("RUS", "RUSMIL", "rus"):
            assert store.count_events(EventQuery(source=source.upper(), target="CHN")) == 1
            (point,) = aggregate.dyad_timeline(conn, source, "CHN")
            assert (point.period, point.events, point.goldstein_sum) == ("2021-05", 1, 1.9)
        assert store.count_events(EventQuery(source="RUSGOV", target="CHN")) == 0
        assert store.count_events(EventQuery(source="RUSMILGOV", target="CHN")) == 0
        assert aggregate.dyad_timeline(conn, "RUSGOV", "CHN") == []
        profile = aggregate.actor_profile(conn, "RUS")
        assert profile is not None
        assert (profile.as_source, profile.first_date, profile.targets) == (
            1,
            "2021-05-17",
            (aggregate.Count("CHN", 1),),
        )
        (edge,) = aggregate.network(conn)
        assert (edge.source, edge.target, edge.events) == ("RUS", "CHN", 1)


def test_a_store_before_migration_13_is_upgraded_and_readable_as_it_is(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "v12.db"
    rng = random.Random(11)
    with monkeypatch.context() as m:
        m.setattr(schema, "MIGRATIONS", schema.MIGRATIONS[: rollup.ROLLUP_SCHEMA - 1])
        with Store(path) as old:
            old.add_documents([document(rng, f"d{i}") for i in range(30)])
            old.add_documents([make_rus_mil_event("rusmil")])
    with Store(path, readonly=True) as reader:  # not upgraded: read from the events
        assert not reader.has_rollups
        assert not rollup.has_rollups(reader._conn)
        old_answers = dict(answers(reader._conn))
        old_searches = dict(searches(reader))
        assert reader.count_events(EventQuery(source="RUS", target="CHN")) >= 1
    with Store(path) as upgraded:
        assert upgraded.schema_version == len(schema.MIGRATIONS)
        assert upgraded._conn.execute("SELECT count(*) FROM event_counts").fetchone()[0] > 0
        assert_upkeep_equals_backfill(upgraded)
    with Store(path, readonly=True) as reader:
        assert reader.has_rollups
        assert dict(answers(reader._conn)) == old_answers
        assert dict(searches(reader)) == old_searches


# -- the worked DuckDB example of docs/scale.md ------------------------------------------------

SCALE = Path(__file__).resolve().parents[1] / "docs" / "scale.md"


def scale_queries() -> list[str]:
    """The ``duckdb -c`` queries of the section on large stores."""
    text = SCALE.read_text(encoding="utf-8")
    section = text.split("## Large stores", 1)[1].split("\n## ", 1)[0]
    found = re.findall(r'^\$ duckdb -c "(.+)"$', section, flags=re.MULTILINE)
    return [q.replace('\\"', '"') for q in found]


def test_the_documented_duckdb_timeline_equals_the_stores(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    duckdb = pytest.importorskip("duckdb")
    (query,) = scale_queries()
    rng = random.Random(5)
    with Store(tmp_path / "events.db") as store:
        store.add_documents([document(rng, f"d{i}") for i in range(120)])
        expected = aggregate.dyad_timeline(store._conn, "USA", "CHN")
        export_event_dataset(store, tmp_path / "events")
    assert len(expected) > 3
    monkeypatch.chdir(tmp_path)
    rows = duckdb.sql(query).fetchall()
    assert rows == [
        (p.period, p.events, p.goldstein_sum, p.cooperation, p.conflict) for p in expected
    ]
