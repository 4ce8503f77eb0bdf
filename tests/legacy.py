"""Databases as older newsevents versions wrote them, for upgrade tests.

Once a migration adds columns the writer fills, today's writer cannot write at an older schema,
so these rows are written the old way: the first ``version`` migrations only, event columns and
JSON record keys of that time.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from newsevents.serialize import ROW_FIELDS, event_to_dict, event_to_row
from newsevents.store import Store, schema
from newsevents.types import Document

#: The schema version that added event participants, and what it added to events.
PARTICIPANTS_VERSION = 4
PARTICIPANT_COLUMNS = ("source_codes", "target_codes", "reciprocal")
PARTICIPANT_KEYS = ("sources", "targets", "reciprocal")

_OLD_COLUMNS = (*(c for c in ROW_FIELDS if c not in PARTICIPANT_COLUMNS), "record")


def write_old_store(path: Path, version: int, docs: list[Document]) -> None:
    """A database at schema ``version`` (before participants) holding ``docs``' articles and
    events (no mentions, actors or merged events: opening it writable clusters the events)."""
    assert version < PARTICIPANTS_VERSION
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(schema, "MIGRATIONS", schema.MIGRATIONS[:version])
        with Store(path) as old:
            assert old.schema_version == version
    columns = ", ".join(f'"{c}"' for c in _OLD_COLUMNS)
    marks = ", ".join("?" for _ in _OLD_COLUMNS)
    conn = sqlite3.connect(path)
    try:
        with conn:
            for doc in docs:
                a = doc.article
                conn.execute(
                    "INSERT INTO documents (id, date, title, url, source, origin, text, n_events, "
                    "added_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, '2024-01-01T00:00:00+00:00')",
                    (a.id, a.date.isoformat(), a.title, a.url, a.source, a.origin, a.text, 0),
                )
                for event in doc.events:
                    row = event_to_row(event)
                    record = {
                        k: v for k, v in event_to_dict(event).items() if k not in PARTICIPANT_KEYS
                    }
                    values = [row[c] for c in _OLD_COLUMNS[:-1]] + [json.dumps(record)]
                    conn.execute(f"INSERT INTO events ({columns}) VALUES ({marks})", values)
    finally:
        conn.close()
