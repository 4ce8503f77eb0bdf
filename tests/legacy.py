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
#: The schema version that added attribution and claims, and what it added to events.
CLAIMS_VERSION = 5
CLAIMS_COLUMNS = ("speaker_code", "speaker_name", "speaker_country", "claim_of", "responds_to")
CLAIMS_KEYS = ("speaker", "claim_of", "responds_to")
#: What the political relevance migration added to events (the column and the record key).
RELEVANCE_COLUMNS = ("relevance",)
RELEVANCE_KEYS = ("relevance",)


def _added_after(version: int) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The event columns and record keys later migrations added to a store at ``version``."""
    columns: tuple[str, ...] = (*CLAIMS_COLUMNS, *RELEVANCE_COLUMNS)
    keys: tuple[str, ...] = (*CLAIMS_KEYS, *RELEVANCE_KEYS)
    if version < PARTICIPANTS_VERSION:
        columns, keys = (*PARTICIPANT_COLUMNS, *columns), (*PARTICIPANT_KEYS, *keys)
    return columns, keys


def write_old_store(path: Path, version: int, docs: list[Document]) -> None:
    """A database at schema ``version`` (before attribution) holding ``docs``' articles and
    events and, from version 4, their participants (no mentions, actors or merged events:
    opening it writable clusters the events)."""
    assert version < CLAIMS_VERSION
    new_columns, new_keys = _added_after(version)
    old_columns = (*(c for c in ROW_FIELDS if c not in new_columns), "record")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(schema, "MIGRATIONS", schema.MIGRATIONS[:version])
        with Store(path) as old:
            assert old.schema_version == version
    columns = ", ".join(f'"{c}"' for c in old_columns)
    marks = ", ".join("?" for _ in old_columns)
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
                    record = {k: v for k, v in event_to_dict(event).items() if k not in new_keys}
                    values = [row[c] for c in old_columns[:-1]] + [json.dumps(record)]
                    conn.execute(f"INSERT INTO events ({columns}) VALUES ({marks})", values)
                    if version >= PARTICIPANTS_VERSION:
                        conn.executemany(
                            "INSERT INTO event_actors (event_id, side, position, code, country, "
                            "name) VALUES (?, ?, ?, ?, ?, ?)",
                            [
                                (row["event_id"], side, n, a.code, a.country, a.name)
                                for side, actors in (
                                    ("source", event.all_sources()),
                                    ("target", event.all_targets()),
                                )
                                for n, a in enumerate(actors)
                            ],
                        )
    finally:
        conn.close()
