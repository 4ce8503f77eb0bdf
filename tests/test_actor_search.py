"""Finding actors by code or by any of their names (``/api/actors``, the explorer's boxes)."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

import newsevents
from newsevents.actors.people import People
from newsevents.actors.phoenix import shipped_people
from newsevents.store.actor_search import search_actors


@pytest.fixture()
def store_copy(example_db: Path, tmp_path: Path) -> Path:
    path = tmp_path / "copy.db"
    shutil.copy(example_db, path)
    return path


def _names(store: newsevents.Store) -> list[str]:
    rows = store.select("SELECT DISTINCT name FROM event_actors WHERE name != ''").fetchall()
    return sorted(r[0] for r in rows)


def test_names_are_found_the_same_with_the_index_and_by_reading_every_participant(
    store_copy: Path,
) -> None:
    """The fast path (counts + name index, migrations 13-14) answers as the plain scan."""
    with newsevents.Store(store_copy, readonly=True) as store:
        queries = [*[name[1:5].lower() for name in _names(store)][:25], "minister", "ia"]
        fast = {q: search_actors(store._conn, q, limit=50) for q in queries}
    conn = sqlite3.connect(store_copy)
    conn.execute("DROP INDEX event_actors_name")
    conn.close()
    with newsevents.Store(store_copy, readonly=True) as store:  # an older file: no index
        assert not store.select(
            "SELECT 1 FROM sqlite_master WHERE name = 'event_actors_name'"
        ).fetchone()
        for q, hits in fast.items():
            assert search_actors(store._conn, q, limit=50) == hits, q
    assert any(h.via == "events" for hits in fast.values() for h in hits)


def test_every_name_of_a_stored_event_is_found_with_its_code(example_db: Path) -> None:
    with newsevents.Store(example_db, readonly=True) as store:
        participants = {
            (a.name, a.code) for e in store.events() for a in e.participants() if a.name
        }
        for name, code in sorted(participants)[:40]:
            hits = search_actors(store._conn, name, limit=100)
            assert (code, name.casefold()) in {(h.code, h.name.casefold()) for h in hits}


def test_people_the_store_does_not_mention_come_last_with_no_events(example_db: Path) -> None:
    with newsevents.Store(example_db, readonly=True) as store:
        hits = search_actors(store._conn, "Soleimani", limit=20, people=shipped_people)
    assert hits and all(h.via == "people" and h.events == 0 for h in hits)
    assert "Qasem Soleimani" in [h.name for h in hits]


def test_a_full_page_of_codes_reads_no_names(example_db: Path) -> None:
    def no_people() -> People:
        raise AssertionError("the people table was read although the codes filled the page")

    with newsevents.Store(example_db, readonly=True) as store:
        hits = search_actors(store._conn, "", limit=3, people=no_people)
    assert len(hits) == 3 and all(h.via == "code" for h in hits)
