"""The SQLite event store: resumable batch writes and streaming, filtered reads.

Documents are the unit of writing: a document is stored with all its events or not at all, and a
stored document is never rewritten, so re-running a pipeline over the same articles is harmless
and :meth:`Store.known_documents` lets a run skip work already done.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Self

from ..errors import StoreError
from ..serialize import event_from_dict
from ..types import Article, Document, Event
from . import schema
from .query import EventQuery, count_sql, select_sql
from .records import insert_document

# Well under SQLite's bound-parameter limit (999 on old builds).
_CHUNK = 500


@dataclass(frozen=True, slots=True)
class AddResult:
    """What one :meth:`Store.add_documents` call changed."""

    documents_added: int = 0
    documents_skipped: int = 0
    events_added: int = 0


@dataclass(frozen=True, slots=True)
class StoreStats:
    """Row counts and the publication-date span, for ``newsevents stats`` and health checks."""

    documents: int
    events: int
    actors: int
    mentions: int
    first_doc_date: dt.date | None
    last_doc_date: dt.date | None
    schema_version: int


def _connect(path: str, readonly: bool) -> tuple[sqlite3.Connection, int]:
    """Open, configure and migrate (or, read-only, just version-check) the database."""
    if readonly:
        if path == ":memory:" or not Path(path).is_file():
            raise StoreError(f"database not found: {path}")
        target, uri = Path(path).resolve().as_uri() + "?mode=ro", True
    else:
        target, uri = path, False
    try:
        # Autocommit: transactions are explicit (schema.transaction), never implicit.
        conn = sqlite3.connect(target, uri=uri, isolation_level=None)
    except sqlite3.Error as exc:
        raise StoreError(f"cannot open database {path}: {exc}") from exc
    try:
        conn.execute("PRAGMA foreign_keys = ON")
        if not readonly:
            conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = NORMAL")
        version = schema.check_readonly(conn, path) if readonly else schema.migrate(conn, path)
    except sqlite3.Error as exc:
        conn.close()
        raise StoreError(f"cannot open database {path}: {exc}") from exc
    except BaseException:
        conn.close()
        raise
    return conn, version


class Store:
    """Events and the articles they came from, in one SQLite file (or ``":memory:"``).

    Opening migrates the schema; ``readonly=True`` opens an existing file without ever writing,
    for servers and concurrent readers (WAL mode lets them read while a writer adds documents).
    """

    def __init__(
        self, path: str | os.PathLike[str] = "newsevents.db", *, readonly: bool = False
    ) -> None:
        self.path = os.fspath(path)
        self.readonly = readonly
        self._connection: sqlite3.Connection | None = None
        self._connection, self._version = _connect(self.path, readonly)

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        mode = ", readonly=True" if self.readonly else ""
        return f"Store({self.path!r}{mode})"

    def close(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None

    @property
    def schema_version(self) -> int:
        return self._version

    @property
    def _conn(self) -> sqlite3.Connection:
        if self._connection is None:
            raise StoreError(f"{self.path}: store is closed")
        return self._connection

    def _execute(self, sql: str, params: Sequence[object] = ()) -> sqlite3.Cursor:
        try:
            return self._conn.execute(sql, params)
        except sqlite3.Error as exc:
            raise StoreError(f"{self.path}: query failed: {exc}") from exc

    # -- writing -----------------------------------------------------------------------------

    def add_documents(self, docs: Iterable[Document]) -> AddResult:
        """Store new documents with their events in ONE transaction; already stored ids are skipped.

        If anything fails (a constraint, an exception from ``docs`` itself) the whole batch is
        rolled back, so a crashed run leaves the store as it was and can simply be restarted.
        """
        if self.readonly:
            raise StoreError(f"{self.path}: store is read-only; cannot add documents")
        conn = self._conn
        added = skipped = events = 0
        current = ""
        added_at = schema.now_iso()
        try:
            with schema.transaction(conn):
                for doc in docs:
                    current = doc.id
                    if self._has(conn, current):
                        skipped += 1
                        continue
                    events += insert_document(conn, doc, added_at)
                    added += 1
        except sqlite3.Error as exc:
            what = f"document {current!r}" if current else "documents"
            msg = f"{self.path}: cannot store {what}: {exc} (batch rolled back)"
            raise StoreError(msg) from exc
        return AddResult(documents_added=added, documents_skipped=skipped, events_added=events)

    # -- reading -----------------------------------------------------------------------------

    @staticmethod
    def _has(conn: sqlite3.Connection, doc_id: str) -> bool:
        row = conn.execute("SELECT 1 FROM documents WHERE id = ?", (doc_id,)).fetchone()
        return row is not None

    def has_document(self, doc_id: str) -> bool:
        return self._has(self._conn, doc_id)

    def known_documents(self, doc_ids: Iterable[str]) -> set[str]:
        """Which of ``doc_ids`` are stored: one query per chunk lets a resumable run skip fast."""
        wanted = list(dict.fromkeys(doc_ids))
        known: set[str] = set()
        for i in range(0, len(wanted), _CHUNK):
            chunk = wanted[i : i + _CHUNK]
            marks = ", ".join("?" for _ in chunk)
            rows = self._execute(f"SELECT id FROM documents WHERE id IN ({marks})", chunk)
            known.update(row[0] for row in rows)
        return known

    def events(self, query: EventQuery | None = None) -> Iterator[Event]:
        """Matching events, streamed from the cursor (never all in memory), in a stable order."""
        sql, params = select_sql(query or EventQuery())
        cursor = self._execute(sql, params)  # run now so a bad store fails here, not mid-loop
        return _stream(cursor, self.path)

    def count_events(self, query: EventQuery | None = None) -> int:
        sql, params = count_sql(query or EventQuery())
        return int(self._execute(sql, params).fetchone()[0])

    def document(self, doc_id: str) -> Article | None:
        row = self._execute(
            "SELECT id, date, text, title, url, source, origin FROM documents WHERE id = ?",
            (doc_id,),
        ).fetchone()
        if row is None:
            return None
        id_, date, text, title, url, source, origin = row
        return Article(
            id=id_,
            date=dt.date.fromisoformat(date),
            text=text,
            title=title,
            url=url,
            source=source,
            origin=origin,
        )

    def stats(self) -> StoreStats:
        docs, first, last = self._execute(
            "SELECT count(*), min(date), max(date) FROM documents"
        ).fetchone()
        counts = {
            table: int(self._execute(f"SELECT count(*) FROM {table}").fetchone()[0])
            for table in ("events", "actors", "mentions")
        }
        return StoreStats(
            documents=int(docs),
            events=counts["events"],
            actors=counts["actors"],
            mentions=counts["mentions"],
            first_doc_date=dt.date.fromisoformat(first) if first else None,
            last_doc_date=dt.date.fromisoformat(last) if last else None,
            schema_version=self.schema_version,
        )


def _stream(cursor: sqlite3.Cursor, path: str) -> Iterator[Event]:
    try:
        for (record,) in cursor:
            yield event_from_dict(json.loads(record))
    except sqlite3.Error as exc:
        raise StoreError(f"{path}: reading events failed: {exc}") from exc
    finally:
        # The store may already be closed when a consumer stops early (``| head``).
        with contextlib.suppress(sqlite3.ProgrammingError):
            cursor.close()
