"""The SQLite event store: resumable batch writes and streaming, filtered reads.

Documents are the unit of writing: a document is stored with all its events or not at all, and a
stored document is never rewritten, so re-running a pipeline over the same articles is harmless
and :meth:`Store.known_documents` lets a run skip work already done.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import json
import os
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any, Literal, Self

from ..actors.memory import USER, ActorMemory, KnownActor, Sighting, learned_from, memory_key
from ..errors import ArticleError, StoreError
from ..serialize import event_from_dict, event_id
from ..types import Article, Document, Event
from . import known_actors, merge, review_sample, reviewed, reviews, rollup, schema
from .claims import Claim, claims_sql, read_claims
from .merge import DEFAULT_MERGE_WINDOW_DAYS, MERGED_COLUMNS, MergedEvent
from .query import EventQuery, count_sql, select_sql, where_clause
from .records import insert_document, replace_coding
from .review_sample import SampledEvent, SamplePlan
from .reviewed import ReviewedEvent
from .reviews import REVIEW_SCHEMA, Review

# The schema version that added merged events (``merged_events``, ``events.merged_id``).
_MERGE_SCHEMA = 2

# The schema version that added the actor memory (``known_actors``).
_MEMORY_SCHEMA = 3
# The schema version that gave the memory its evidence (``actor_sightings``); a reader of an
# older file reads each learned row as one sighting (``known_actors.sightings(legacy=True)``).
_SIGHTINGS_SCHEMA = 10

# The schema version that added ``failed_articles``.
_FAILED_SCHEMA = 12

# Well under SQLite's bound-parameter limit (999 on old builds).
_CHUNK = 500


@dataclass(frozen=True, slots=True)
class AddResult:
    """What one :meth:`Store.add_documents` call changed."""

    documents_added: int = 0
    documents_skipped: int = 0
    events_added: int = 0


@dataclass(frozen=True, slots=True)
class RecodeResult:
    """What one :meth:`Store.replace_documents` call changed."""

    documents: int = 0
    events_before: int = 0
    events_after: int = 0
    reviews_reattached: int = 0
    """Reviews moved to the new event with the same evidence and trigger spans."""
    reviews_orphaned: int = 0
    """Reviews whose evidence and trigger no longer have an event (kept, not applied)."""


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
    failed_articles: int = 0
    """Articles read but not stored because a stage failed on them (``newsevents failed``)."""


def _connect(path: str, readonly: bool) -> tuple[sqlite3.Connection, int]:
    """Open, configure and migrate (or, read-only, just version-check) the database."""
    if readonly:
        if path == ":memory:" or not Path(path).is_file():
            raise StoreError(f"database not found: {path}")
        # A file we may write is opened read-write but queries only (PRAGMA query_only): the
        # last connection to close then checkpoints and removes the -wal and -shm files, which
        # a ``mode=ro`` connection leaves beside the database. A file we may not write is
        # opened ``mode=ro``.
        mode = "rw" if os.access(path, os.W_OK) and os.access(Path(path).parent, os.W_OK) else "ro"
        target, uri = Path(path).resolve().as_uri() + f"?mode={mode}", True
    else:
        target, uri = path, False
    try:
        # Autocommit: transactions are explicit (schema.transaction), never implicit.
        conn = sqlite3.connect(target, uri=uri, isolation_level=None)
    except sqlite3.Error as exc:
        raise StoreError(f"cannot open database {path}: {exc}") from exc
    try:
        conn.execute("PRAGMA foreign_keys = ON")
        if readonly:
            conn.execute("PRAGMA query_only = ON")
        else:
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
    A writable store also clusters any events stored before merging existed (a database upgraded
    from schema version 1). ``merge_window_days`` is how far apart two ``publication``-precision
    event dates may be and still be merged into one event (see :mod:`newsevents.store.merge`).
    """

    def __init__(
        self,
        path: str | os.PathLike[str] = "newsevents.db",
        *,
        readonly: bool = False,
        merge_window_days: int = DEFAULT_MERGE_WINDOW_DAYS,
    ) -> None:
        if merge_window_days < 0:
            raise StoreError(f"merge_window_days must be >= 0, got {merge_window_days}")
        self.path = os.fspath(path)
        self.readonly = readonly
        self.merge_window_days = merge_window_days
        self._connection: sqlite3.Connection | None = None
        self._connection, self._version = _connect(self.path, readonly)
        if not readonly and self._version >= _MERGE_SCHEMA:
            try:
                if merge.has_pending(self._connection):
                    with schema.transaction(self._connection):
                        merge.cluster_pending(self._connection, merge_window_days)
            except BaseException:
                self.close()
                raise

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
    def has_rollups(self) -> bool:
        """Whether the store has the dyad index and pre-aggregated counts (schema 13): an
        older file opened read-only has not, and its queries read ``event_actors``."""
        return self._version >= rollup.ROLLUP_SCHEMA

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
        stored: list[str] = []
        try:
            with schema.transaction(conn):
                for doc in docs:
                    current = doc.id
                    if self._has(conn, current):
                        skipped += 1
                        continue
                    events += insert_document(conn, doc, added_at)
                    stored.append(doc.id)
                    if self._version >= _SIGHTINGS_SCHEMA:  # older: tests writing old stores
                        known_actors.record(conn, learned_from(doc))
                    if self._version >= _FAILED_SCHEMA:  # it failed before; now it is stored
                        conn.execute("DELETE FROM failed_articles WHERE doc_id = ?", (doc.id,))
                    added += 1
                if self.has_rollups:
                    rollup.add_documents(conn, stored)
                if self._version >= _MERGE_SCHEMA:
                    merge.cluster_pending(conn, self.merge_window_days)
        except sqlite3.Error as exc:
            what = f"document {current!r}" if current else "documents"
            msg = f"{self.path}: cannot store {what}: {exc} (batch rolled back)"
            raise StoreError(msg) from exc
        return AddResult(documents_added=added, documents_skipped=skipped, events_added=events)

    def replace_documents(self, docs: Iterable[Document]) -> RecodeResult:
        """Store new codings of stored articles in ONE transaction (``newsevents recode``).

        Each document's events, mentions and what it taught the actor memory replace the old
        ones; its row (text, when it was added) stays. The merged events its old events were
        in are re-clustered with the new ones, and the ``actors`` counts of every code
        involved are recounted, so the store reads as if the articles had been coded this way
        from the start. Claims links stay consistent: they are event ids within one article,
        re-computed with it. A document that is not stored is an error (add it instead); on
        any error the whole batch is rolled back.
        """
        if self.readonly:
            raise StoreError(f"{self.path}: store is read-only; cannot recode documents")
        conn = self._conn
        n = before = after = moved = orphaned = 0
        current = ""
        released: set[int] = set()
        recoded: dict[str, None] = {}
        try:
            with schema.transaction(conn):
                for doc in docs:
                    current = doc.id
                    if not self._has(conn, current):
                        raise StoreError(
                            f"{self.path}: document {current!r} is not stored; nothing to recode"
                        )
                    if self.has_rollups and doc.id not in recoded:
                        rollup.remove_documents(conn, [doc.id])  # before its events go
                    recoded[doc.id] = None
                    old, new, merged = replace_coding(conn, doc)
                    released |= merged
                    if self._version >= _SIGHTINGS_SCHEMA:
                        known_actors.forget_document(conn, doc.id)
                        known_actors.record(conn, learned_from(doc))
                    if self._version >= REVIEW_SCHEMA:
                        kept, lost = reviews.reattach(conn, doc.id)
                        moved, orphaned = moved + kept, orphaned + lost
                    n, before, after = n + 1, before + old, after + new
                if self.has_rollups:
                    rollup.add_documents(conn, list(recoded))
                merge.release(conn, released)
                merge.cluster_pending(conn, self.merge_window_days)
        except sqlite3.Error as exc:
            what = f"document {current!r}" if current else "documents"
            raise StoreError(f"{self.path}: cannot recode {what}: {exc} (rolled back)") from exc
        return RecodeResult(
            documents=n,
            events_before=before,
            events_after=after,
            reviews_reattached=moved,
            reviews_orphaned=orphaned,
        )

    def remerge(self) -> int:
        """Rebuild every merged event from scratch (e.g. after changing the merge window).

        Events are clustered in insertion order, so the result equals incremental ingestion of
        the same documents. Returns the number of merged events.
        """
        if self.readonly:
            raise StoreError(f"{self.path}: store is read-only; cannot remerge")
        conn = self._conn
        try:
            with schema.transaction(conn):
                merge.reset(conn)
                merge.cluster_pending(conn, self.merge_window_days)
        except sqlite3.Error as exc:
            raise StoreError(f"{self.path}: remerge failed: {exc} (rolled back)") from exc
        return self.count_merged()

    # -- reading -----------------------------------------------------------------------------

    @staticmethod
    def _has(conn: sqlite3.Connection, doc_id: str) -> bool:
        row = conn.execute("SELECT 1 FROM documents WHERE id = ?", (doc_id,)).fetchone()
        return row is not None

    def has_document(self, doc_id: str) -> bool:
        return self._has(self._conn, doc_id)

    def document_ids(self) -> list[str]:
        """Every stored document's id, in the order they were stored."""
        return [str(r[0]) for r in self._execute("SELECT id FROM documents ORDER BY rowid")]

    def documents_naming(self, name: str, *, surname: bool = False) -> list[str]:
        """Stored documents that may name this actor, in the order they were stored: whose
        text contains the name (or, with ``surname``, its last word), whose mentions resolved
        to it, or that gave a sighting of it. The ones to code again after a correction."""
        words = " ".join(name.split())
        last = words.split()[-1] if surname and words else words
        sql = """SELECT id FROM documents
            WHERE instr(text, ?) > 0 OR instr(text, ?) > 0
               OR id IN (SELECT doc_id FROM mentions WHERE actor_name = ? COLLATE NOCASE)"""
        params: list[object] = [words, last, words]
        if self._version >= _SIGHTINGS_SCHEMA:
            sql += " OR id IN (SELECT doc_id FROM actor_sightings WHERE key = ?)"
            params.append(memory_key(words))
        rows = self._execute(sql + " ORDER BY rowid", params)
        return [str(r[0]) for r in rows]

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

    def events(self, query: EventQuery | None = None, *, reviewed: bool = False) -> Iterator[Event]:
        """Matching events, streamed from the cursor (never all in memory), in a stable order.

        ``reviewed``: the events as reviewed (:mod:`newsevents.store.reviewed`): wrong ones
        left out, corrected ones with the reviewers' values, added ones in. Filters then apply
        to the reviewed values. It is a way of reading, not a filter, hence no query field.
        """
        if reviewed:
            return (r.event for r in self.reviewed_events(query))
        sql, params = select_sql(query or EventQuery(), dyads=self.has_rollups)
        cursor = self._execute(sql, params)  # run now so a bad store fails here, not mid-loop
        return _stream(cursor, self.path)

    def reviewed_events(self, query: EventQuery | None = None) -> Iterator[ReviewedEvent]:
        """Events as reviewed, each with its stored id and latest review (None if unreviewed);
        a store without reviews (an older file read-only) reads as coded."""
        query = query or EventQuery()
        if self._version < REVIEW_SCHEMA:
            return (ReviewedEvent(e, event_id(e), None) for e in self.events(query))
        try:
            return reviewed.stream(self._conn, query, dyads=self.has_rollups)
        except sqlite3.Error as exc:
            raise StoreError(f"{self.path}: reading reviewed events failed: {exc}") from exc

    def count_events(self, query: EventQuery | None = None) -> int:
        sql, params = count_sql(query or EventQuery(), dyads=self.has_rollups)
        return int(self._execute(sql, params).fetchone()[0])

    def claims(
        self,
        *,
        actor: str | None = None,
        since: dt.date | None = None,
        until: dt.date | None = None,
    ) -> list[Claim]:
        """Claimed events with who asserts and who denies them, in publication order.

        ``actor`` is a code prefix matching any participant of the claimed event or the target
        of the accusation making it; ``since``/``until`` bound the publication date of the
        article making the claim (when it was claimed, not when the claimed event happened).
        """
        sql, params = claims_sql(actor, since, until)
        try:
            rows = self._conn.execute(sql, params).fetchall()
            return list(read_claims(self._conn, rows))
        except sqlite3.Error as exc:
            raise StoreError(f"{self.path}: reading claims failed: {exc}") from exc

    def merged_events(self, query: EventQuery | None = None) -> Iterator[MergedEvent]:
        """Merged events with at least one mention matching ``query``, by event date.

        ``limit``/``offset`` of the query page through merged events, not mentions.
        """
        sql, params = merged_sql(query or EventQuery(), MERGED_COLUMNS, dyads=self.has_rollups)
        cursor = self._execute(sql, params)
        return self._stream_merged(cursor)

    def count_merged(self, query: EventQuery | None = None) -> int:
        sql, params = merged_sql(query or EventQuery(), "1", dyads=self.has_rollups)
        return int(self._execute(f"SELECT count(*) FROM ({sql})", params).fetchone()[0])

    def _stream_merged(self, cursor: sqlite3.Cursor) -> Iterator[MergedEvent]:
        try:
            for row in cursor:
                members = self._conn.execute(
                    "SELECT event_id FROM events WHERE merged_id = ? ORDER BY rowid", (row[0],)
                )
                yield merge.merged_from_row(row, tuple(str(m[0]) for m in members))
        except sqlite3.Error as exc:
            raise StoreError(f"{self.path}: reading merged events failed: {exc}") from exc
        finally:
            with contextlib.suppress(sqlite3.ProgrammingError):
                cursor.close()

    def select(self, sql: str, params: Sequence[object] = ()) -> sqlite3.Cursor:
        """Run a read-only SELECT built from fixed SQL (exports); values only as parameters."""
        return self._execute(sql, params)

    def document(self, doc_id: str) -> Article | None:
        row = self._execute(
            "SELECT id, date, text, title, url, source, origin FROM documents WHERE id = ?",
            (doc_id,),
        ).fetchone()
        return None if row is None else article_from_row(row)

    # -- reviews (store/reviews.py) -----------------------------------------------------------

    @property
    def has_reviews(self) -> bool:
        """Whether the store has the reviews table (schema 15): an older file opened
        read-only has none, and reads as coded."""
        return self._version >= REVIEW_SCHEMA

    def add_review(self, review: Review) -> Review:
        """Check and store one review; the stored review (id, time, what it judged).

        A review of an event fills in the event's article, its coded values and its anchor;
        an added event needs its article and an evidence span inside its text (the trigger
        inside the evidence) and a type. Bad values raise
        :class:`~newsevents.store.vocabulary.FilterError` naming the field; an unknown event
        or article :class:`StoreError`. A correction of a named actor (a person or an
        organisation the coder resolved) also enters the reviewer's code in the actor memory
        as a user's entry, so later codings resolve the name as the reviewer said.
        """
        if self.readonly:
            raise StoreError(f"{self.path}: store is read-only; cannot add reviews")
        from .review_write import prepare, remember_actors

        try:
            with schema.transaction(self._conn):
                ready, event = prepare(self._conn, review, schema.now_iso())
                stored = reviews.insert(self._conn, ready)
                if event is not None and stored.verdict == "corrected":
                    remember_actors(self._conn, stored, event)
        except sqlite3.Error as exc:
            raise StoreError(f"{self.path}: cannot store the review: {exc}") from exc
        return stored

    def reviews(
        self,
        doc_id: str | None = None,
        event_id: str | None = None,
        reviewer: str | None = None,
        *,
        include_orphaned: bool = True,
        limit: int | None = None,
        offset: int = 0,
    ) -> list[Review]:
        """Reviews, oldest first: every review action (a reviewer's earlier verdicts on an
        event too), each where re-coding last attached it."""
        return self.reviews_page(
            doc_id,
            event_id,
            reviewer,
            include_orphaned=include_orphaned,
            limit=limit,
            offset=offset,
        )[1]

    def reviews_page(
        self,
        doc_id: str | None = None,
        event_id: str | None = None,
        reviewer: str | None = None,
        *,
        include_orphaned: bool = True,
        limit: int | None = None,
        offset: int = 0,
    ) -> tuple[int, list[Review]]:
        """:meth:`reviews` and how many there are without the page."""
        if not self.has_reviews:
            return 0, []
        try:
            return reviews.select(
                self._conn,
                doc_id=doc_id,
                event_id=event_id,
                reviewer=reviewer,
                include_orphaned=include_orphaned,
                limit=limit,
                offset=offset,
            )
        except sqlite3.Error as exc:
            raise StoreError(f"{self.path}: reading reviews failed: {exc}") from exc

    def create_review_sample(
        self, n: int, *, stratify: str = "none", seed: int = 1, name: str | None = None
    ) -> SamplePlan:
        """Draw and store a random sample of ``n`` events for review
        (:mod:`newsevents.store.review_sample`); the same plan under the same name again
        returns the stored one."""
        if self.readonly:
            raise StoreError(f"{self.path}: store is read-only; cannot store a sample")
        reviews.require(self._version, self.path)
        chosen = name or review_sample.default_name(n, stratify, seed)
        try:
            with schema.transaction(self._conn):
                return review_sample.create(self._conn, chosen, n, stratify, seed, schema.now_iso())
        except sqlite3.Error as exc:
            raise StoreError(f"{self.path}: cannot store the sample: {exc}") from exc

    def review_sample(self, name: str) -> SamplePlan | None:
        """A stored sample's plan (strata, sizes, how many drawn), or None."""
        return review_sample.plan(self._conn, name) if self.has_reviews else None

    def review_samples(self) -> list[SamplePlan]:
        """Every stored sample's plan, oldest first."""
        return review_sample.plans(self._conn) if self.has_reviews else []

    def review_sample_events(self, name: str) -> list[SampledEvent]:
        """A stored sample's events in walking order."""
        return review_sample.events(self._conn, name) if self.has_reviews else []

    def latest_reviews(self, event_ids: Iterable[str] | None = None) -> dict[str, Review]:
        """The latest attached review of each reviewed event (of ``event_ids``, or all)."""
        if not self.has_reviews:
            return {}
        try:
            return reviews.latest(self._conn, event_ids)
        except sqlite3.Error as exc:
            raise StoreError(f"{self.path}: reading reviews failed: {exc}") from exc

    # -- actor memory ------------------------------------------------------------------------

    def known_actors(
        self,
        *,
        search: str | None = None,
        country: str | None = None,
        source: str | None = None,
        limit: int | None = None,
    ) -> list[KnownActor]:
        """People and organisations learned from the corpus or entered by users."""
        if self._version < _MEMORY_SCHEMA:
            return []
        try:
            return list(
                known_actors.select(
                    self._conn,
                    search=search,
                    country=country,
                    source=source,
                    limit=limit,
                    legacy=self._legacy_memory,
                )
            )
        except sqlite3.Error as exc:
            raise StoreError(f"{self.path}: reading known actors failed: {exc}") from exc

    def known_actor(self, name: str) -> KnownActor | None:
        """The entry for exactly this name (any case), or None."""
        if self._version < _MEMORY_SCHEMA:
            return None
        try:
            return known_actors.get(self._conn, name, legacy=self._legacy_memory)
        except sqlite3.Error as exc:
            raise StoreError(f"{self.path}: reading known actors failed: {exc}") from exc

    def actor_sightings(self, name: str | None = None) -> list[Sighting]:
        """The evidence the memory rests on: every article that clearly stated the country of
        ``name`` (of every name without it), in the order they were recorded."""
        if self._version < _MEMORY_SCHEMA:
            return []
        try:
            return list(known_actors.sightings(self._conn, name, legacy=self._legacy_memory))
        except sqlite3.Error as exc:
            raise StoreError(f"{self.path}: reading actor sightings failed: {exc}") from exc

    @property
    def _legacy_memory(self) -> bool:
        """An older store opened read-only: its memory has no sightings table yet."""
        return self._version < _SIGHTINGS_SCHEMA

    def actor_memory(self) -> ActorMemory:
        """Everything known (users' entries and every sighting), as the lookup the actors
        stage reads; a batch run adds what it learns to it."""
        return ActorMemory(self.known_actors(source=USER), sightings=self.actor_sightings())

    def forget_learned_actors(self) -> None:
        """Remove every sighting and learned entry (before re-coding every article); users'
        entries stay."""
        self._write_memory(known_actors.forget_learned)

    def correct_actor(self, actor: KnownActor) -> KnownActor:
        """Enter or overwrite a name as a user's entry, which learning never changes."""
        self._write_memory(lambda conn: known_actors.correct(conn, actor))
        found = self.known_actor(actor.name)
        assert found is not None
        return found

    def forget_actor(self, name: str) -> bool:
        """Remove a name and its sightings from the memory (later articles may teach it
        again); True if it was there."""
        removed: list[bool] = []
        self._write_memory(lambda conn: removed.append(known_actors.forget(conn, name)))
        return removed[0]

    def _write_memory(self, change: Callable[[sqlite3.Connection], object]) -> None:
        if self.readonly:
            raise StoreError(f"{self.path}: store is read-only; cannot change known actors")
        try:
            with schema.transaction(self._conn):
                change(self._conn)
        except sqlite3.Error as exc:
            raise StoreError(f"{self.path}: cannot change known actors: {exc}") from exc

    def stats(self) -> StoreStats:
        docs, first, last = self._execute(
            "SELECT count(*), min(date), max(date) FROM documents"
        ).fetchone()
        counts = {
            table: int(self._execute(f"SELECT count(*) FROM {table}").fetchone()[0])
            for table in ("events", "actors", "mentions")
        }
        failed = 0
        if self._version >= _FAILED_SCHEMA:
            failed = int(self._execute("SELECT count(*) FROM failed_articles").fetchone()[0])
        return StoreStats(
            documents=int(docs),
            events=counts["events"],
            actors=counts["actors"],
            mentions=counts["mentions"],
            first_doc_date=dt.date.fromisoformat(first) if first else None,
            last_doc_date=dt.date.fromisoformat(last) if last else None,
            schema_version=self.schema_version,
            failed_articles=failed,
        )

    # -- failed articles: read, but a stage raised on them -----------------------------------

    def record_failures(self, failures: Iterable[ArticleError]) -> None:
        """Record articles that could not be coded or stored, in one transaction; an article
        recorded before counts one more attempt and keeps the latest stage and error."""
        if self.readonly:
            raise StoreError(f"{self.path}: store is read-only; cannot record failed articles")
        now = schema.now_iso()
        rows = [(f.doc_id, f.origin, f.stage, f.reason, now, now) for f in failures]
        try:
            with schema.transaction(self._conn):
                self._conn.executemany(
                    """INSERT INTO failed_articles
                        (doc_id, origin, stage, error, first_failed_at, failed_at)
                    VALUES (?, ?, ?, ?, ?, ?)
                    ON CONFLICT (doc_id) DO UPDATE SET
                        origin = excluded.origin, stage = excluded.stage,
                        error = excluded.error, failed_at = excluded.failed_at,
                        attempts = attempts + 1""",
                    rows,
                )
        except sqlite3.Error as exc:
            raise StoreError(f"{self.path}: cannot record failed articles: {exc}") from exc

    def failed_documents(self, doc_ids: Iterable[str]) -> set[str]:
        """Which of ``doc_ids`` are recorded as failed (a rerun skips them unless retrying)."""
        if self._version < _FAILED_SCHEMA:
            return set()
        wanted = list(dict.fromkeys(doc_ids))
        failed: set[str] = set()
        for i in range(0, len(wanted), _CHUNK):
            chunk = wanted[i : i + _CHUNK]
            marks = ", ".join("?" for _ in chunk)
            sql = f"SELECT doc_id FROM failed_articles WHERE doc_id IN ({marks})"
            failed.update(row[0] for row in self._execute(sql, chunk))
        return failed

    def failed_articles(self, *, limit: int | None = None) -> list[FailedArticle]:
        """The recorded failures, the latest first."""
        if self._version < _FAILED_SCHEMA:
            return []
        sql = f"SELECT {_FAILED_COLUMNS} FROM failed_articles ORDER BY failed_at DESC, rowid DESC"
        params: list[object] = []
        if limit is not None:
            sql += " LIMIT ?"
            params.append(limit)
        return [FailedArticle(*row) for row in self._execute(sql, params)]

    # -- watched folders (newsevents.watch): which files have been read ----------------------

    def ingested_file(self, path: str) -> IngestedFile | None:
        """The record of one watched file (``path`` relative to its folder), or None."""
        if self._version < _WATCH_SCHEMA:
            return None  # an older store opened read-only: nothing recorded yet
        row = self._execute(f"SELECT {_INGESTED_COLUMNS} WHERE path = ?", (path,)).fetchone()
        return None if row is None else IngestedFile(*row)

    def ingested_files(self) -> dict[str, IngestedFile]:
        """Every recorded watched file by path, so a watcher starts knowing what it has read."""
        if self._version < _WATCH_SCHEMA:
            return {}
        rows = self._execute(f"SELECT {_INGESTED_COLUMNS} ORDER BY path").fetchall()
        return {row[0]: IngestedFile(*row) for row in rows}

    def record_ingested(
        self,
        path: str,
        *,
        size: int,
        mtime_ns: int,
        status: IngestStatus,
        articles: int = 0,
        skipped: int = 0,
        coded: int = 0,
        events: int = 0,
        error: str | None = None,
    ) -> IngestedFile:
        """Record (or replace) what reading one watched file at ``size``/``mtime_ns`` gave.

        Call it after the file's documents are stored: a crash in between re-reads the file,
        whose stored articles are then skipped by id, so nothing is coded twice.
        """
        if self.readonly:
            raise StoreError(f"{self.path}: store is read-only; cannot record {path}")
        record = IngestedFile(
            path, size, mtime_ns, status, articles, skipped, coded, events, error, schema.now_iso()
        )
        marks = ", ".join("?" for _ in dataclasses.fields(IngestedFile))
        try:
            with schema.transaction(self._conn):
                self._conn.execute(
                    f"INSERT OR REPLACE INTO ingested_files VALUES ({marks})",
                    dataclasses.astuple(record),
                )
        except sqlite3.Error as exc:
            raise StoreError(f"{self.path}: cannot record {path}: {exc}") from exc
        return record

    # -- end of watched folders --------------------------------------------------------------


def merged_sql(query: EventQuery, columns: str, *, dyads: bool = False) -> tuple[str, list[object]]:
    """SELECT ``columns`` of ``merged_events`` having a mention matching ``query``, paginated
    (``dyads``: the store has ``event_dyads``, see :func:`~newsevents.store.query.where_clause`)."""
    where, params = where_clause(query, dyads=dyads)
    sql = f"SELECT {columns} FROM merged_events"
    if where:
        sql += f" WHERE merged_id IN (SELECT merged_id FROM events {where})"
    sql += (
        " ORDER BY event_start DESC, merged_id"
        if query.order == "newest"
        else (" ORDER BY event_start, merged_id")
    )
    if query.limit is not None or query.offset:
        sql += " LIMIT ? OFFSET ?"
        params = [*params, -1 if query.limit is None else query.limit, query.offset]
    return sql, params


def article_from_row(row: Sequence[Any]) -> Article:
    """An article from ``id, date, text, title, url, source, origin`` of ``documents``."""
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


@dataclass(frozen=True, slots=True)
class FailedArticle:
    """An article that was read but could not be coded or stored, as recorded."""

    doc_id: str
    origin: str
    """Where it was read: ``path:line``, ``path:item N``."""
    stage: str
    """The stage that raised: ``parse``, ``actors``, ``events``... or ``store``."""
    error: str
    attempts: int
    first_failed_at: str
    failed_at: str


_FAILED_COLUMNS = "doc_id, origin, stage, error, attempts, first_failed_at, failed_at"


# -- watched folders (newsevents.watch): the record of one file ---------------------------------

# The schema version that added ``ingested_files``.
_WATCH_SCHEMA = 8

IngestStatus = Literal["coded", "failed"]


@dataclass(frozen=True, slots=True)
class IngestedFile:
    """A watched file as it was read: ``size`` and ``mtime_ns`` identify that version of it.

    ``path`` is relative to the watched folder with ``/`` separators. ``articles`` and
    ``skipped`` count the good and bad items the file held; ``coded`` and ``events`` what that
    read added to the store. ``status`` is ``failed`` when nothing in it could be read.
    """

    path: str
    size: int
    mtime_ns: int
    status: IngestStatus
    articles: int
    skipped: int
    coded: int
    events: int
    error: str | None
    finished_at: str


_INGESTED_COLUMNS = (
    "path, size, mtime_ns, status, articles, skipped, coded, events, error, finished_at "
    "FROM ingested_files"
)
