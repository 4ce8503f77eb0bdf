"""The SQLite store: round trips, idempotent writes, every query filter, pagination, read-only."""

from __future__ import annotations

import dataclasses
import datetime as dt
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from newsevents.errors import StoreError
from newsevents.serialize import ROW_FIELDS, event_id
from newsevents.store import EventQuery, Store, schema
from newsevents.types import (
    Actor,
    Article,
    Document,
    Event,
    Mention,
    Mode,
    Place,
    Precision,
    Span,
    TimeRef,
    same_party,
)

D = dt.date
DAY = D(2024, 1, 10)


def make_actor(code: str, country: str | None = None, start: int = 0) -> Actor:
    sectors = (code[3:],) if len(code) > 3 else ()
    return Actor(
        text=code.title(),
        name=f"{code} name",
        code=code,
        country=country or code[:3],
        sectors=sectors,
        start=start,
        end=start + 3,
    )


def make_event(
    doc_id: str = "d1",
    *,
    doc_date: dt.date = DAY,
    when: dt.date | None = None,
    source: str | None = "RUS",
    target: str | None = "UKR",
    cameo: str = "042",
    plover: str = "CONSULT",
    quad_class: int = 1,
    sentence: int = 0,
    evidence: str = "Russia met Ukraine.",
    mode: Mode = Mode.ASSERTED,
    confidence: float = 0.8,
    location: Place | None = None,
    trigger_start: int = 7,
) -> Event:
    when = when or doc_date
    return Event(
        doc_id=doc_id,
        doc_date=doc_date,
        sentence_index=sentence,
        source=make_actor(source, start=0) if source else None,
        target=make_actor(target, start=11) if target else None,
        cameo=cameo,
        cameo_name=f"name of {cameo}",
        plover=plover,
        quad_class=quad_class,
        goldstein=1.5,
        event_date=TimeRef(when, when, Precision.DAY, when.isoformat()),
        evidence=Span(evidence, 0, len(evidence)),
        trigger=Span("met", trigger_start, trigger_start + 3),
        mode=mode,
        location=location,
        confidence=confidence,
    )


def make_mention(start: int, text: str, label: str, actor: Actor | None = None) -> Mention:
    return Mention(
        sentence=0,
        head=0,
        first_token=0,
        last_token=1,
        start=start,
        end=start + len(text),
        text=text,
        label=label,
        actor=actor,
    )


def make_doc(
    doc_id: str,
    events: tuple[Event, ...] = (),
    *,
    date: dt.date = DAY,
    mentions: tuple[Mention, ...] = (),
) -> Document:
    article = Article(
        id=doc_id,
        date=date,
        text=f"Text of {doc_id}.",
        title=f"Title {doc_id}",
        url="u",
        source="s",
    )
    return Document(article=article, mentions=mentions, events=events)


# Five events chosen so every filter separates them; listed in the store's reading order.
E4 = make_event(
    "d3",
    doc_date=D(2024, 1, 2),
    when=D(2023, 12, 30),
    source="FRA",
    target="USA",
    cameo="040",
    evidence="France consulted the 50% partner.",
    confidence=0.3,
)
E5 = make_event(
    "d3",
    doc_date=D(2024, 1, 2),
    when=D(2024, 1, 2),
    source=None,
    target="IGOUNO",
    cameo="043",
    sentence=1,
    evidence="Talks at the UN.",
    confidence=0.4,
)
E1 = make_event("d1", when=D(2024, 1, 5), evidence="Russia met Ukraine in Minsk.", confidence=0.9)
E2 = make_event(
    "d1",
    when=D(2024, 1, 8),
    source="RUSMIL",
    target="UKRMIL",
    cameo="190",
    plover="FIGHT",
    quad_class=4,
    sentence=1,
    mode=Mode.REPORTED,
    confidence=0.6,
    evidence="Russian troops shelled 100% of the positions.",
)
E3 = make_event(
    "d2",
    doc_date=D(2024, 2, 3),
    when=D(2024, 1, 31),
    source="USAGOV",
    target="RUSGOV",
    cameo="112",
    plover="ACCUSE",
    quad_class=3,
    evidence="The US accused Russia of cyber_attacks.",
    confidence=0.5,
)
ALL = [E4, E5, E1, E2, E3]


def corpus() -> list[Document]:
    return [
        make_doc("d1", (E1, E2)),
        make_doc("d2", (E3,), date=D(2024, 2, 3)),
        make_doc("d3", (E4, E5), date=D(2024, 1, 2)),
    ]


@pytest.fixture
def store() -> Store:
    s = Store(":memory:")
    s.add_documents(corpus())
    return s


def raw_rows(store: Store, table: str) -> list[tuple[object, ...]]:
    return list(store._conn.execute(f"SELECT * FROM {table} ORDER BY 1, 2"))


def test_round_trip_returns_equal_events_and_article() -> None:
    place = Place("Minsk", "BLR", "Minsk City", 53.9, 27.56)
    event = make_event(location=place, source="RUSGOV", target=None, evidence="Кремль «встретил»")
    doc = make_doc("d1", (event,))
    with Store(":memory:") as s:
        result = s.add_documents([doc])
        assert (result.documents_added, result.documents_skipped, result.events_added) == (1, 0, 1)
        assert list(s.events()) == [event]
        assert s.document("d1") == doc.article
        assert s.document("missing") is None
        n_events, added_at = s._conn.execute("SELECT n_events, added_at FROM documents").fetchone()
        assert n_events == 1 and added_at


def test_flat_columns_hold_row_fields(store: Store) -> None:
    columns = [r[1] for r in store._conn.execute("PRAGMA table_xinfo(events)")]
    assert set(ROW_FIELDS) | {"record", "merged_id"} == set(columns)
    row = store._conn.execute(
        "SELECT event_id, source_sectors, event_start FROM events WHERE doc_id = 'd1' "
        "AND sentence_index = 1"
    ).fetchone()
    assert row == (event_id(E2), "MIL", "2024-01-08")


def test_readding_documents_changes_nothing(store: Store) -> None:
    before = {t: raw_rows(store, t) for t in ("documents", "events", "actors", "mentions")}
    stats = store.stats()
    result = store.add_documents(corpus())
    assert (result.documents_added, result.documents_skipped, result.events_added) == (0, 3, 0)
    assert store.stats() == stats
    assert {t: raw_rows(store, t) for t in before} == before


def test_same_document_twice_in_one_batch_is_skipped_once() -> None:
    with Store(":memory:") as s:
        result = s.add_documents([make_doc("d1", (E1,)), make_doc("d1", (E1, E2))])
        assert (result.documents_added, result.documents_skipped, result.events_added) == (1, 1, 1)
        assert list(s.events()) == [E1]


def test_duplicate_event_ids_in_one_document_keep_the_first() -> None:
    first, second = make_event(confidence=0.9), make_event(confidence=0.1)
    assert event_id(first) == event_id(second)
    with Store(":memory:") as s:
        assert s.add_documents([make_doc("d1", (first, second))]).events_added == 1
        assert list(s.events()) == [first]
        assert s._conn.execute("SELECT n_events FROM documents").fetchone() == (1,)


def test_known_documents_and_has_document(store: Store) -> None:
    assert store.has_document("d1") and not store.has_document("nope")
    ids = [f"x{i}" for i in range(1200)] + ["d2", "d3", "d2"]
    assert store.known_documents(ids) == {"d2", "d3"}
    assert store.known_documents([]) == set()


def test_events_come_back_in_event_date_order(store: Store) -> None:
    assert list(store.events()) == ALL
    assert store.count_events() == 5


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        (EventQuery(source="RUS"), [E1, E2]),  # prefix: RUS and RUSMIL, not target RUSGOV
        (EventQuery(source="RUSM"), [E2]),
        (EventQuery(source="rus"), [E1, E2]),  # codes are read in any case
        (EventQuery(target="RUS"), [E3]),
        (EventQuery(target="UKR"), [E1, E2]),
        (EventQuery(actor="RUS"), [E1, E2, E3]),
        (EventQuery(actor="IGO"), [E5]),
        (EventQuery(country="RUS"), [E1, E2, E3]),
        (EventQuery(country="USA"), [E4, E3]),
        (EventQuery(cameo="04"), [E4, E5, E1]),
        (EventQuery(cameo="042"), [E1]),
        (EventQuery(cameo="1"), [E2, E3]),
        (EventQuery(plover="CONSULT"), [E4, E5, E1]),
        (EventQuery(quad_class=4), [E2]),
        (EventQuery(mode="reported"), [E2]),
        (EventQuery(doc_id="d1"), [E1, E2]),
        (EventQuery(text="100%"), [E2]),  # % is literal, not a wildcard
        (EventQuery(text="cyber_"), [E3]),
        (EventQuery(text="_"), [E3]),
        (EventQuery(text="russia"), [E1, E2, E3]),  # LIKE ignores ASCII case
        (EventQuery(min_confidence=0.6), [E1, E2]),
        (EventQuery(since=D(2024, 1, 5)), [E1, E2, E3]),
        (EventQuery(until=D(2024, 1, 5)), [E4, E5, E1]),
        (EventQuery(since=D(2024, 1, 5), until=D(2024, 1, 5)), [E1]),
        (EventQuery(source="RUS'; DROP TABLE events; --"), []),
        (EventQuery(actor="RUS", quad_class=1), [E1]),
        (EventQuery(country="RUS", cameo="1", until=D(2024, 1, 10)), [E2]),
    ],
)
def test_every_filter(store: Store, query: EventQuery, expected: list[Event]) -> None:
    assert list(store.events(query)) == expected
    assert store.count_events(query) == len(expected)
    assert store.count_events() == 5


def test_date_range_is_on_event_date_not_doc_date(store: Store) -> None:
    january = EventQuery(since=D(2024, 1, 1), until=D(2024, 1, 31))
    # E4 was published in January about December; E3 published in February about January.
    assert list(store.events(january)) == [E5, E1, E2, E3]
    noon = dt.datetime(2024, 1, 5, 12, 0)
    assert list(store.events(EventQuery(since=noon, until=noon))) == [E1]


def test_pagination(store: Store) -> None:
    pages = [list(store.events(EventQuery(limit=2, offset=o))) for o in (0, 2, 4, 6)]
    assert pages == [[E4, E5], [E1, E2], [E3], []]
    assert list(store.events(EventQuery(offset=3))) == [E2, E3]
    assert list(store.events(EventQuery(limit=0))) == []
    assert store.count_events(EventQuery(limit=2, offset=4)) == 1
    assert store.count_events(EventQuery(source="RUS", limit=1)) == 1


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [({"limit": -1}, "limit"), ({"offset": -2}, "offset"), ({"mode": "maybe"}, "asserted")],
)
def test_invalid_queries_are_refused(kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(StoreError, match=message):
        EventQuery(**kwargs)  # type: ignore[arg-type]


def test_events_stream_lazily(store: Store) -> None:
    stream = store.events()
    assert isinstance(stream, Iterator)
    assert next(stream) == E4
    assert store.count_events(EventQuery(doc_id="d1")) == 2  # other queries while streaming
    assert list(stream) == ALL[1:]


def test_stats_actors_and_mentions() -> None:
    mention = make_mention(0, "Russia", "GPE", make_actor("RUS"))
    unresolved = make_mention(11, "Someone", "PERSON")
    with Store(":memory:") as s:
        s.add_documents([*corpus()[:1], make_doc("d2", (E3,), date=D(2024, 2, 3))])
        s.add_documents([make_doc("m", (make_event("m"),), mentions=(mention, unresolved))])
        stats = s.stats()
        assert (stats.documents, stats.events, stats.mentions) == (3, 4, 2)
        assert (stats.first_doc_date, stats.last_doc_date) == (D(2024, 1, 10), D(2024, 2, 3))
        assert stats.schema_version == s.schema_version == len(schema.MIGRATIONS)
        actors = {r[0]: r[1:] for r in s._conn.execute("SELECT * FROM actors")}
        assert stats.actors == len(actors) == 6
        assert actors["RUS"] == ("RUS name", "RUS", "", "2024-01-10", "2024-01-10", 2)
        assert actors["RUSGOV"] == ("RUSGOV name", "RUS", "GOV", "2024-02-03", "2024-02-03", 1)
        mentions = list(s._conn.execute('SELECT text, label, actor_code, "end" FROM mentions'))
        assert sorted(mentions) == [("Russia", "GPE", "RUS", 6), ("Someone", "PERSON", None, 18)]


def test_empty_store_stats() -> None:
    with Store(":memory:") as s:
        stats = s.stats()
        assert (stats.documents, stats.events, stats.first_doc_date) == (0, 0, None)


def test_file_store_uses_wal_and_foreign_keys(tmp_path: Path) -> None:
    path = tmp_path / "events.db"
    with Store(path) as s:
        assert s._conn.execute("PRAGMA foreign_keys").fetchone() == (1,)
        assert s._conn.execute("PRAGMA synchronous").fetchone() == (1,)  # NORMAL
        s.add_documents(corpus())
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    conn.close()


def test_readonly_reads_but_refuses_writes(tmp_path: Path) -> None:
    path = tmp_path / "events.db"
    with Store(path) as s:
        s.add_documents(corpus())
    with Store(path, readonly=True) as ro:
        assert list(ro.events()) == ALL
        with pytest.raises(StoreError, match="read-only"):
            ro.add_documents([make_doc("new")])
        with pytest.raises(sqlite3.OperationalError, match="readonly"):
            ro._conn.execute("DELETE FROM events")
        assert ro.count_events() == 5


def test_readonly_missing_database(tmp_path: Path) -> None:
    missing = tmp_path / "nope.db"
    with pytest.raises(StoreError, match=r"database not found: .*nope\.db"):
        Store(missing, readonly=True)
    assert not missing.exists()


def test_closed_store_raises_store_error() -> None:
    with Store(":memory:") as s:
        pass
    with pytest.raises(StoreError, match="closed"):
        s.count_events()
    s.close()  # closing twice is harmless


def test_actor_codes_are_named_by_the_gazetteer_not_by_one_person() -> None:
    person = dataclasses.replace(make_actor("USAGOV"), name="Donald Trump", via="dictionary")
    country = make_actor("USA")
    first = dataclasses.replace(make_event("p"), source=person, target=country)
    with Store(":memory:") as s:
        s.add_documents([make_doc("p", (first,))])
        names = dict(s._conn.execute("SELECT code, name FROM actors").fetchall())
    assert names == {"USAGOV": "", "USA": "USA name"}


def test_an_actor_profile_keeps_a_states_own_rebels_as_partners() -> None:
    """SYRGOV → SYRREB is a domestic dyad, RUS → RUSGOV no dyad at all."""
    from newsevents.store import aggregate

    with Store(":memory:") as s:
        s.add_documents(
            [
                make_doc("d1", (make_event("d1", source="SYRGOV", target="SYRREB", cameo="190"),)),
                make_doc("d2", (make_event("d2", source="SYRGOV", target="SYR", cameo="190"),)),
                make_doc("d3", (make_event("d3", source="SYRGOV", target="TUR", cameo="190"),)),
            ]
        )
        profile = aggregate.actor_profile(s._conn, "SYRGOV")
    assert profile is not None
    assert {c.key: c.events for c in profile.targets} == {"SYR": 1, "TUR": 1}


def test_dyad_month_counts_a_states_own_dyads_as_event_dyads_do() -> None:
    """Rebels attacking their state are a dyad (SYR → SYR); a state and its army are not."""
    events = {
        "d1": make_event("d1", source="SYRREB", target="SYR", cameo="190"),
        "d2": make_event("d2", source="SYRGOV", target="SYRREB", cameo="190"),
        "d3": make_event("d3", source="SYR", target="SYRMIL", cameo="190"),
    }
    with Store(":memory:") as s:
        s.add_documents([make_doc(doc_id, (event,)) for doc_id, event in events.items()])
        rows = s._conn.execute(
            "SELECT source_country, target_country, events FROM dyad_month"
        ).fetchall()
    pairs = [
        (a.country, b.country)
        for e in events.values()
        for a, b in e.dyads()
        if a is not None and b is not None and not same_party(a, b)
    ]
    assert [tuple(r) for r in rows] == [("SYR", "SYR", len(pairs))]
    assert len(pairs) == 2
