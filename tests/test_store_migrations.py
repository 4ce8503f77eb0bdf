"""Store schema migrations and all-or-nothing batches."""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from newsevents.errors import StoreError
from newsevents.store import Store, records, schema, sqlite
from newsevents.store.schema import Migration
from newsevents.types import Actor, Article, Document, Event, Precision, Span, TimeRef

CURRENT = len(schema.MIGRATIONS)
NEXT = CURRENT + 1
V2 = Migration(NEXT, "document notes", ("ALTER TABLE documents ADD COLUMN note TEXT",))
APPLIED = [(m.version, m.name) for m in schema.MIGRATIONS]


def make_event(doc_id: str, *, quad_class: int = 1, sentence: int = 0) -> Event:
    day = dt.date(2024, 5, 1)
    return Event(
        doc_id=doc_id,
        doc_date=day,
        sentence_index=sentence,
        source=Actor(text="Russia", name="Russia", code="RUS", country="RUS", start=0, end=6),
        target=Actor(text="Ukraine", name="Ukraine", code="UKR", country="UKR", start=11, end=18),
        cameo="042",
        cameo_name="Make a visit",
        plover="CONSULT",
        quad_class=quad_class,
        goldstein=1.9,
        event_date=TimeRef(day, day, Precision.DAY),
        evidence=Span("Russia met Ukraine.", 0, 19),
        trigger=Span("met", 7, 10),
    )


def make_doc(doc_id: str, *events: Event) -> Document:
    article = Article(id=doc_id, date=dt.date(2024, 5, 1), text="Russia met Ukraine.")
    return Document(article=article, events=events or (make_event(doc_id),))


def counts(store: Store) -> tuple[int, int, int, int]:
    s = store.stats()
    return (s.documents, s.events, s.actors, s.mentions)


def migrations_of(path: Path) -> list[tuple[int, str]]:
    conn = sqlite3.connect(path)
    try:
        return [(v, n) for v, n, _ in conn.execute("SELECT * FROM migrations ORDER BY version")]
    finally:
        conn.close()


def test_new_database_records_its_migrations(tmp_path: Path) -> None:
    path = tmp_path / "e.db"
    with Store(path) as s:
        assert s.schema_version == CURRENT
        (applied_at,) = s._conn.execute("SELECT applied_at FROM migrations").fetchone()
        assert dt.datetime.fromisoformat(applied_at).tzinfo is not None
    Store(path).close()  # reopening applies nothing twice
    assert migrations_of(path) == APPLIED


def test_v1_database_is_upgraded_when_a_migration_is_added(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "e.db"
    with Store(path) as s:
        s.add_documents([make_doc("a")])
    monkeypatch.setattr(schema, "MIGRATIONS", (*schema.MIGRATIONS, V2))
    with Store(path) as s:
        assert s.schema_version == NEXT
        assert counts(s) == (1, 1, 2, 0)
        s._conn.execute("UPDATE documents SET note = 'ok'")
    assert migrations_of(path) == [*APPLIED, (NEXT, "document notes")]
    with Store(path, readonly=True) as ro:
        assert ro.schema_version == NEXT


def test_newer_database_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "e.db"
    with monkeypatch.context() as m:
        m.setattr(schema, "MIGRATIONS", (*schema.MIGRATIONS, V2))
        Store(path).close()
    for readonly in (False, True):
        with pytest.raises(StoreError, match=rf"version {NEXT} is newer .* knows \({CURRENT}\)"):
            Store(path, readonly=readonly)
    assert migrations_of(path) == [*APPLIED, (NEXT, "document notes")]


def test_readonly_does_not_migrate_an_old_database(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "e.db"
    Store(path).close()
    monkeypatch.setattr(schema, "MIGRATIONS", (*schema.MIGRATIONS, V2))
    with pytest.raises(StoreError, match=f"version {CURRENT} is older than {NEXT}"):
        Store(path, readonly=True)
    assert migrations_of(path) == APPLIED


def test_readonly_reads_an_old_database_missing_only_views(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "e.db"
    with Store(path) as s:
        s.add_documents([make_doc("a")])
    views = schema.Migration(
        NEXT, "more views", ("CREATE VIEW doc_ids AS SELECT id FROM documents",), readers_need=False
    )
    monkeypatch.setattr(schema, "MIGRATIONS", (*schema.MIGRATIONS, views))
    with Store(path, readonly=True) as ro:  # a reader need not upgrade the file
        assert ro.schema_version == CURRENT and ro.count_events() == 1
    assert migrations_of(path) == APPLIED
    with Store(path) as s:  # a writer still applies it
        assert s.schema_version == NEXT


def test_failed_migration_rolls_back(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "e.db"
    Store(path).close()
    broken = Migration(NEXT, "broken", ("CREATE TABLE half (a)", "THIS IS NOT SQL"))
    monkeypatch.setattr(schema, "MIGRATIONS", (*schema.MIGRATIONS, broken))
    with pytest.raises(StoreError, match=rf"migration {NEXT} \(broken\) failed"):
        Store(path)
    conn = sqlite3.connect(path)
    assert conn.execute("SELECT name FROM sqlite_master WHERE name = 'half'").fetchone() is None
    conn.close()
    assert migrations_of(path) == APPLIED


def test_misnumbered_migrations_are_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    skipped = Migration(NEXT + 1, "skips one", ())
    monkeypatch.setattr(schema, "MIGRATIONS", (*schema.MIGRATIONS, skipped))
    with pytest.raises(StoreError, match=f"version {NEXT + 1}, expected {NEXT}"):
        Store(":memory:")


def test_files_that_are_not_stores(tmp_path: Path) -> None:
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"not a database at all, just some bytes" * 100)
    with pytest.raises(StoreError, match="cannot open database"):
        Store(junk)
    other = tmp_path / "other.db"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE t (x)")
    conn.close()
    with pytest.raises(StoreError, match="not a newsevents database"):
        Store(other, readonly=True)
    with pytest.raises(StoreError, match="cannot open database"):
        Store(tmp_path / "no" / "such" / "dir.db")


def test_constraint_violation_rolls_back_the_whole_batch() -> None:
    with Store(":memory:") as s:
        bad = make_doc("bad", make_event("bad", quad_class=9))
        with pytest.raises(StoreError, match=r"'bad'.*CHECK constraint.*rolled back"):
            s.add_documents([make_doc("a"), make_doc("b"), bad])
        assert counts(s) == (0, 0, 0, 0)
        assert s.add_documents([make_doc("a")]).documents_added == 1  # usable afterwards


def test_event_of_another_document_rolls_back() -> None:
    with Store(":memory:") as s:
        with pytest.raises(StoreError, match="holds an event of document 'other'"):
            s.add_documents([make_doc("a"), make_doc("b", make_event("other"))])
        assert counts(s) == (0, 0, 0, 0)


def test_failure_midway_rolls_back(monkeypatch: pytest.MonkeyPatch) -> None:
    real = records.insert_document

    def flaky(conn: sqlite3.Connection, doc: Document, added_at: str) -> int:
        if doc.id == "c":
            raise RuntimeError("disk on fire")
        return real(conn, doc, added_at)

    with Store(":memory:") as s:
        s.add_documents([make_doc("old")])
        monkeypatch.setattr(sqlite, "insert_document", flaky)
        with pytest.raises(RuntimeError, match="disk on fire"):
            s.add_documents([make_doc("a"), make_doc("b"), make_doc("c")])
        assert counts(s) == (1, 1, 2, 0)
        assert s.known_documents(["a", "b", "old"]) == {"old"}


def test_exception_from_the_document_stream_rolls_back() -> None:
    def docs() -> Iterator[Document]:
        yield make_doc("a")
        raise ValueError("parser crashed")

    with Store(":memory:") as s:
        with pytest.raises(ValueError, match="parser crashed"):
            s.add_documents(docs())
        assert counts(s) == (0, 0, 0, 0)


def test_readonly_refuses_writes_without_touching_the_file(tmp_path: Path) -> None:
    path = tmp_path / "e.db"
    with Store(path) as s:
        s.add_documents([make_doc("a")])
    with Store(path, readonly=True) as ro, pytest.raises(StoreError, match="read-only"):
        ro.add_documents([make_doc("b")])
    with Store(path) as s:
        assert s.known_documents(["a", "b"]) == {"a"}


def test_opening_an_up_to_date_store_does_not_wait_for_a_writer(tmp_path: Path) -> None:
    path = tmp_path / "e.db"
    with Store(path) as s:
        s.add_documents([make_doc("a")])
    writer = sqlite3.connect(path, isolation_level=None, timeout=0)
    writer.execute("BEGIN IMMEDIATE")
    writer.execute("DELETE FROM events")
    try:
        with Store(path) as s:  # WAL: readers see the last commit while the writer works
            assert s.count_events() == 1
    finally:
        writer.execute("ROLLBACK")
        writer.close()


# -- migration 10: actor sightings ----------------------------------------------------------------

SIGHTINGS_VERSION = 10

_OLD_KNOWN_ACTOR = (
    "INSERT INTO known_actors (key, name, kind, country, sectors, code, first_seen, last_seen, "
    "n_articles, evidence, doc_id, source) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)


def test_migration_10_turns_learned_actors_into_sightings(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A store written before sightings: each learned row keeps its evidence as one sighting."""
    path = tmp_path / "e.db"
    with monkeypatch.context() as m:
        m.setattr(schema, "MIGRATIONS", schema.MIGRATIONS[: SIGHTINGS_VERSION - 1])
        with Store(path) as old:
            old.add_documents([make_doc("a"), make_doc("b")])
            old._conn.executemany(
                _OLD_KNOWN_ACTOR,
                [
                    (
                        "tomas vaitkunas",
                        "Tomas Vaitkunas",
                        "person",
                        "LTU",
                        "GOV;MIL",
                        "LTUGOVMIL",
                        "2023-03-01",
                        "2023-05-02",
                        4,
                        "Lithuanian Deputy Defence Minister Tomas Vaitkunas met officials.",
                        "b",
                        "learned",
                    ),
                    (
                        "kept name",
                        "Kept Name",
                        "person",
                        "EST",
                        "",
                        "EST",
                        None,
                        None,
                        2,
                        "checked",
                        "",
                        "user",
                    ),
                ],
            )
    with Store(path) as store:
        assert store.schema_version == len(schema.MIGRATIONS) >= SIGHTINGS_VERSION
        (sighting,) = store.actor_sightings("Tomas Vaitkunas")
        assert (sighting.doc_id, sighting.date, sighting.basis) == (
            "b",
            dt.date(2023, 5, 2),
            "migrated",
        )
        assert (sighting.country, sighting.sectors, sighting.code) == (
            "LTU",
            ("GOV", "MIL"),
            "LTUGOVMIL",
        )
        assert "Vaitkunas met officials" in sighting.evidence
        entry = store.known_actor("Tomas Vaitkunas")
        assert entry is not None
        assert (entry.country, entry.n_articles, entry.support, entry.conflicts) == ("LTU", 1, 1, 0)
        assert entry.trusted and entry.first_seen == entry.last_seen == dt.date(2023, 5, 2)
        user = store.known_actor("Kept Name")
        assert user is not None and (user.source, user.country, user.evidence) == (
            "user",
            "EST",
            "checked",
        )
        assert (user.n_articles, user.support) == (0, 0) and store.actor_sightings(
            "Kept Name"
        ) == []
        memory = store.actor_memory()
        assert memory.lookup("Vaitkunas") is not None and memory.lookup("kept name") is not None
    assert [v for v, _ in migrations_of(path)][-1] == len(schema.MIGRATIONS)


def test_a_store_before_migration_10_reads_its_memory_as_the_migration_would(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Read-only users (servers) need not upgrade a file to read its actor memory."""
    path = tmp_path / "e.db"
    row = (
        "ivan petrov",
        "Ivan Petrov",
        "person",
        "RUS",
        "GOV",
        "RUSGOV",
        "2023-01-02",
        "2023-04-05",
        3,
        "Russian Minister Ivan Petrov spoke.",
        "a",
        "learned",
    )
    with monkeypatch.context() as m:
        m.setattr(schema, "MIGRATIONS", schema.MIGRATIONS[: SIGHTINGS_VERSION - 1])
        with Store(path) as old:
            old.add_documents([make_doc("a")])
            old._conn.execute(_OLD_KNOWN_ACTOR, row)
    with Store(path, readonly=True) as reader:
        assert reader.schema_version == SIGHTINGS_VERSION - 1
        (sighting,) = reader.actor_sightings("Ivan Petrov")
        assert (sighting.doc_id, sighting.date, sighting.basis) == (
            "a",
            dt.date(2023, 4, 5),
            "migrated",
        )
        entry = reader.known_actor("ivan petrov")
        assert entry is not None and (entry.support, entry.conflicts, entry.trusted) == (1, 0, True)
        assert reader.actor_memory().lookup("Petrov") is not None
    with Store(path) as writer:  # a writer upgrades it to the same reading
        (upgraded,) = writer.actor_sightings("Ivan Petrov")
        assert upgraded == sighting
