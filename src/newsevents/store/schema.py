"""Versioned, named schema migrations for the event store.

Databases outlive code versions, so every schema change is a new numbered migration, applied once,
in order, inside one transaction and recorded in ``migrations``. An older file is upgraded in place
when opened; a file written by newer code is refused rather than silently misread. Past migrations
are frozen text: never edit one, append a new one.
"""

from __future__ import annotations

import datetime as dt
import logging
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from ..errors import StoreError

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Migration:
    """One schema step; ``statements`` run one by one so they share the caller's transaction."""

    version: int
    name: str
    statements: tuple[str, ...]
    #: Whether readers need it: a migration that only adds views (``False``) leaves older files
    #: readable as they are, so read-only users need not upgrade a store to read it.
    readers_need: bool = True


_INITIAL = (
    """CREATE TABLE documents (
        id TEXT PRIMARY KEY,
        date TEXT NOT NULL,
        title TEXT NOT NULL DEFAULT '',
        url TEXT NOT NULL DEFAULT '',
        source TEXT NOT NULL DEFAULT '',
        origin TEXT NOT NULL DEFAULT '',
        text TEXT NOT NULL,
        n_events INTEGER NOT NULL DEFAULT 0,
        added_at TEXT NOT NULL
    )""",
    """CREATE TABLE events (
        event_id TEXT PRIMARY KEY,
        doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        doc_date TEXT NOT NULL,
        sentence_index INTEGER NOT NULL,
        event_start TEXT NOT NULL,
        event_end TEXT NOT NULL,
        event_precision TEXT NOT NULL,
        event_date_text TEXT NOT NULL DEFAULT '',
        source_code TEXT,
        source_name TEXT,
        source_country TEXT,
        source_sectors TEXT,
        source_text TEXT,
        cameo TEXT NOT NULL,
        cameo_name TEXT NOT NULL,
        plover TEXT NOT NULL,
        quad_class INTEGER NOT NULL CHECK (quad_class BETWEEN 0 AND 4),
        goldstein REAL NOT NULL,
        target_code TEXT,
        target_name TEXT,
        target_country TEXT,
        target_sectors TEXT,
        target_text TEXT,
        mode TEXT NOT NULL,
        location_name TEXT,
        location_country TEXT,
        location_admin1 TEXT,
        location_latitude REAL,
        location_longitude REAL,
        "trigger" TEXT NOT NULL,
        evidence TEXT NOT NULL,
        evidence_start INTEGER NOT NULL,
        evidence_end INTEGER NOT NULL,
        confidence REAL NOT NULL CHECK (confidence BETWEEN 0 AND 1),
        record TEXT NOT NULL,
        CHECK (event_start <= event_end)
    )""",
    "CREATE INDEX events_source ON events(source_code)",
    "CREATE INDEX events_target ON events(target_code)",
    "CREATE INDEX events_cameo ON events(cameo)",
    "CREATE INDEX events_start ON events(event_start)",
    "CREATE INDEX events_doc ON events(doc_id)",
    "CREATE INDEX events_countries ON events(source_country, target_country)",
    """CREATE TABLE actors (
        code TEXT PRIMARY KEY,
        name TEXT NOT NULL DEFAULT '',
        country TEXT,
        sectors TEXT NOT NULL DEFAULT '',
        first_seen TEXT NOT NULL,
        last_seen TEXT NOT NULL,
        n_events INTEGER NOT NULL DEFAULT 0
    )""",
    """CREATE TABLE mentions (
        doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        sentence INTEGER NOT NULL,
        start INTEGER NOT NULL,
        "end" INTEGER NOT NULL,
        text TEXT NOT NULL,
        label TEXT NOT NULL,
        actor_code TEXT,
        actor_name TEXT
    )""",
    "CREATE INDEX mentions_doc ON mentions(doc_id)",
    "CREATE INDEX mentions_actor ON mentions(actor_code)",
)

# Cross-article merging (store/merge.py): one row per real-world event, each event row points at
# its cluster. Existing events stay unassigned (merged_id NULL) until the store clusters them,
# which a writable Store does when it is opened.
_MERGED = (
    """CREATE TABLE merged_events (
        merged_id INTEGER PRIMARY KEY,
        cameo TEXT NOT NULL,
        source_code TEXT,
        target_code TEXT,
        event_start TEXT NOT NULL,
        event_end TEXT NOT NULL,
        event_precision TEXT NOT NULL,
        location_country TEXT,
        mergeable INTEGER NOT NULL,
        n_mentions INTEGER NOT NULL DEFAULT 0,
        n_articles INTEGER NOT NULL DEFAULT 0,
        n_sources INTEGER NOT NULL DEFAULT 0,
        first_seen TEXT NOT NULL,
        last_seen TEXT NOT NULL,
        event_id TEXT NOT NULL
    )""",
    "CREATE INDEX merged_lookup ON merged_events(cameo, mergeable, event_start)",
    "CREATE INDEX merged_start ON merged_events(event_start)",
    "ALTER TABLE events ADD COLUMN merged_id INTEGER REFERENCES merged_events(merged_id)",
    "CREATE INDEX events_merged ON events(merged_id)",
)

# Actor memory across the corpus (store/known_actors.py, actors/memory.py): people and
# organisations learned from context in one article, and users' corrections.
_KNOWN_ACTORS = (
    """CREATE TABLE known_actors (
        key TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('person', 'organisation')),
        country TEXT,
        sectors TEXT NOT NULL DEFAULT '',
        code TEXT NOT NULL DEFAULT '',
        first_seen TEXT,
        last_seen TEXT,
        n_articles INTEGER NOT NULL DEFAULT 0,
        evidence TEXT NOT NULL DEFAULT '',
        doc_id TEXT NOT NULL DEFAULT '',
        source TEXT NOT NULL DEFAULT 'learned' CHECK (source IN ('learned', 'user'))
    )""",
    "CREATE INDEX known_actors_country ON known_actors(country)",
)

# Event participants (types.Event.sources/targets): one event per trigger with every actor on
# each side. ``event_actors`` has one row per participant and side (a reciprocal event's
# participants are on both sides), so filters match any of them through its indexes. Events
# stored before this version get rows for their one source and target.
_PARTICIPANTS = (
    "ALTER TABLE events ADD COLUMN source_codes TEXT",
    "ALTER TABLE events ADD COLUMN target_codes TEXT",
    "ALTER TABLE events ADD COLUMN reciprocal INTEGER NOT NULL DEFAULT 0",
    "UPDATE events SET source_codes = source_code, target_codes = target_code",
    """CREATE TABLE event_actors (
        event_id TEXT NOT NULL REFERENCES events(event_id) ON DELETE CASCADE,
        side TEXT NOT NULL CHECK (side IN ('source', 'target')),
        position INTEGER NOT NULL CHECK (position >= 0),
        code TEXT NOT NULL,
        country TEXT,
        name TEXT NOT NULL DEFAULT '',
        PRIMARY KEY (event_id, side, position)
    )""",
    "CREATE INDEX event_actors_code ON event_actors(code, side, event_id)",
    "CREATE INDEX event_actors_country ON event_actors(country, side, event_id)",
    """INSERT INTO event_actors (event_id, side, position, code, country, name)
    SELECT event_id, 'source', 0, source_code, source_country, coalesce(source_name, '')
    FROM events WHERE source_code IS NOT NULL""",
    """INSERT INTO event_actors (event_id, side, position, code, country, name)
    SELECT event_id, 'target', 0, target_code, target_country, coalesce(target_name, '')
    FROM events WHERE target_code IS NOT NULL""",
)

# Attribution and claims (types.Event.speaker/claim_of/responds_to): who told an event, and
# the links between claimed events, the statements claiming them and the denials answering them.
# Links are event ids within one article; ``Store.claims`` follows them through these indexes.
# Events stored before this version have no speaker and no links.
_CLAIMS = (
    "ALTER TABLE events ADD COLUMN speaker_code TEXT",
    "ALTER TABLE events ADD COLUMN speaker_name TEXT",
    "ALTER TABLE events ADD COLUMN speaker_country TEXT",
    "ALTER TABLE events ADD COLUMN claim_of TEXT",
    "ALTER TABLE events ADD COLUMN responds_to TEXT",
    "CREATE INDEX events_claim_of ON events(claim_of)",
    "CREATE INDEX events_responds_to ON events(responds_to)",
    "CREATE INDEX events_mode ON events(mode)",
    "CREATE INDEX events_speaker ON events(speaker_code)",
)

# Readable views for browsing a store with general SQLite tools (docs/interop.md): datasette,
# sqlite-utils, the sqlite3 shell. Views hold no data, so upgrading a store is instant and
# nothing is written twice. ``dyad_month`` and ``actor_summary`` count only events that
# happened (``asserted``, ``reported``), like the plots and the API, and read participants from
# ``event_actors`` so every actor of a compound event counts; ``event_list`` has every event.
# A dyad is a pair of participants on opposite sides, counted once per event and country pair,
# never an actor with itself or with its own country code (``Event.dyads()`` without sectors).
_VIEWS = (
    """CREATE VIEW event_list AS
    SELECT e.event_id,
           e.event_start AS date,
           e.event_end AS date_end,
           e.event_precision AS date_precision,
           e.source_code, e.source_name, e.source_country,
           e.cameo, e.cameo_name, e.plover, e.quad_class,
           CASE e.quad_class
               WHEN 0 THEN 'neutral'
               WHEN 1 THEN 'verbal cooperation'
               WHEN 2 THEN 'material cooperation'
               WHEN 3 THEN 'verbal conflict'
               WHEN 4 THEN 'material conflict'
           END AS quad_name,
           e.goldstein,
           e.target_code, e.target_name, e.target_country,
           e.source_codes, e.target_codes, e.reciprocal,
           e.mode, e.speaker_code, e.speaker_name,
           e.location_name, e.location_country,
           e.location_latitude AS latitude, e.location_longitude AS longitude,
           e."trigger", e.evidence, e.confidence,
           e.doc_id, e.doc_date, d.title, d.url, d.source AS publisher
    FROM events e JOIN documents d ON d.id = e.doc_id""",
    """CREATE VIEW dyad_month AS
    WITH pairs AS (
        SELECT DISTINCT s.event_id, s.country AS source_country, t.country AS target_country
        FROM event_actors s
        JOIN event_actors t ON t.event_id = s.event_id AND t.side = 'target'
        WHERE s.side = 'source' AND s.country IS NOT NULL AND t.country IS NOT NULL
          AND s.code != t.code AND t.code != s.country AND s.code != t.country
    )
    SELECT p.source_country, p.target_country, substr(e.event_start, 1, 7) AS month,
           count(*) AS events,
           round(sum(e.goldstein), 2) AS goldstein_sum,
           round(avg(e.goldstein), 3) AS goldstein_mean,
           sum(e.quad_class IN (1, 2)) AS cooperation,
           sum(e.quad_class IN (3, 4)) AS conflict
    FROM pairs p JOIN events e ON e.event_id = p.event_id
    WHERE e.mode IN ('asserted', 'reported')
    GROUP BY p.source_country, p.target_country, month""",
    """CREATE VIEW actor_summary AS
    WITH roles AS (
        SELECT code, event_id, max(country) AS country,
               max(side = 'source') AS is_source, max(side = 'target') AS is_target
        FROM event_actors GROUP BY code, event_id
    ),
    names AS (
        SELECT code, name, count(*) AS n FROM event_actors WHERE name != '' GROUP BY code, name
    ),
    top_names AS (
        SELECT code, name, max(n) AS n FROM names GROUP BY code
    )
    SELECT r.code, coalesce(t.name, '') AS name, max(r.country) AS country,
           count(*) AS events,
           sum(r.is_source) AS as_source,
           sum(r.is_target) AS as_target,
           min(e.event_start) AS first_date,
           max(e.event_start) AS last_date,
           round(avg(e.goldstein), 3) AS goldstein_mean,
           sum(e.quad_class IN (1, 2)) AS cooperation,
           sum(e.quad_class IN (3, 4)) AS conflict
    FROM roles r
    JOIN events e ON e.event_id = r.event_id
    LEFT JOIN top_names t ON t.code = r.code
    WHERE e.mode IN ('asserted', 'reported')
    GROUP BY r.code""",
)

# Covering indexes for the aggregates (store/aggregate.py) on large stores: the participants of
# an event by event id, the facts a timeline sums, and the places of located events. Measured
# on a million events (bench/serve_latency.py): network 1.5 s → 0.9 s, places 0.24 s → 0.03 s,
# an actor profile 2.6 s → 0.3 s. Readers do not need them to read a store.
_AGGREGATE_INDEXES = (
    "CREATE INDEX event_actors_event ON event_actors(event_id, side, country, code, name)",
    """CREATE INDEX events_facts
        ON events(event_id, mode, event_start, quad_class, goldstein, plover)""",
    """CREATE INDEX events_places ON events(location_name, location_country, location_latitude,
        location_longitude, mode, goldstein) WHERE location_latitude IS NOT NULL""",
)

# Watched folders (newsevents.watch): each file of a watched folder the watcher has read, so it
# is read exactly once, also after a restart. ``path`` is relative to the watched folder (``/``
# separators), so moving or remounting the folder does not make every file look new. A row is
# written after the file's articles are stored; a file whose size or mtime differs from its row
# is read again (its stored articles are skipped by id). ``status`` 'failed' means nothing in
# the file could be read (``error`` says why); it is retried only when the file changes.
# ``articles`` and ``skipped`` count the good and bad items in the file at that size; ``coded``
# and ``events`` what that read added to the store. Only the watcher reads this table.
_INGESTED_FILES = (
    """CREATE TABLE ingested_files (
        path TEXT PRIMARY KEY,
        size INTEGER NOT NULL CHECK (size >= 0),
        mtime_ns INTEGER NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('coded', 'failed')),
        articles INTEGER NOT NULL DEFAULT 0,
        skipped INTEGER NOT NULL DEFAULT 0,
        coded INTEGER NOT NULL DEFAULT 0,
        events INTEGER NOT NULL DEFAULT 0,
        error TEXT,
        finished_at TEXT NOT NULL
    )""",
)

# dyad_month counted a state's own dyads only in one direction: "rebels attacked Syria"
# (SYRREB → SYR) was left out as if the rebels acted for the state. Now a pair is one party
# exactly as ``newsevents.types.same_party`` decides, so the view counts the pairs of
# ``Event.dyads()``: the same code, or a state and an organ of it (GOV, MIL, COP, SPY, JUD, LEG
# among the agent codes after its country: ``SYR`` and ``SYRMIL``).
_STATE_AGENTS = "('COP', 'GOV', 'JUD', 'LEG', 'MIL', 'SPY')"


def _acts_for_state(alias: str) -> str:
    return (
        f"(substr({alias}.code, 4, 3) IN {_STATE_AGENTS} "
        f"OR substr({alias}.code, 7, 3) IN {_STATE_AGENTS})"
    )


_DOMESTIC_DYADS = (
    "DROP VIEW dyad_month",
    f"""CREATE VIEW dyad_month AS
    WITH pairs AS (
        SELECT DISTINCT s.event_id, s.country AS source_country, t.country AS target_country
        FROM event_actors s
        JOIN event_actors t ON t.event_id = s.event_id AND t.side = 'target'
        WHERE s.side = 'source' AND s.country IS NOT NULL AND t.country IS NOT NULL
          AND s.code != t.code
          AND NOT (t.code = s.country AND {_acts_for_state("s")})
          AND NOT (s.code = t.country AND {_acts_for_state("t")})
    )
    SELECT p.source_country, p.target_country, substr(e.event_start, 1, 7) AS month,
           count(*) AS events,
           round(sum(e.goldstein), 2) AS goldstein_sum,
           round(avg(e.goldstein), 3) AS goldstein_mean,
           sum(e.quad_class IN (1, 2)) AS cooperation,
           sum(e.quad_class IN (3, 4)) AS conflict
    FROM pairs p JOIN events e ON e.event_id = p.event_id
    WHERE e.mode IN ('asserted', 'reported')
    GROUP BY p.source_country, p.target_country, month""",
)

# Actor memory you can trust (actors/memory.py, actors/evidence.py): every article that clearly
# states a name's country is one sighting (the country and sectors it supports, the article,
# the date, the evidence sentence); a ``known_actors`` row is what its sightings support, with
# ``support`` (agreeing articles) and ``conflicts`` (articles giving another country). Older
# stores kept one row per name with the latest article's evidence: each learned row becomes
# one sighting of basis 'migrated', and the rows are reset to what that one sighting supports.
# Users' rows keep their values; they had no evidence of their own, so their counts start at 0.
_SIGHTINGS = (
    """CREATE TABLE actor_sightings (
        key TEXT NOT NULL,
        doc_id TEXT NOT NULL,
        name TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('person', 'organisation')),
        country TEXT NOT NULL,
        sectors TEXT NOT NULL DEFAULT '',
        code TEXT NOT NULL DEFAULT '',
        date TEXT NOT NULL,
        evidence TEXT NOT NULL DEFAULT '',
        basis TEXT NOT NULL DEFAULT 'phrase',
        PRIMARY KEY (key, doc_id)
    )""",
    "CREATE INDEX actor_sightings_doc ON actor_sightings(doc_id)",
    "ALTER TABLE known_actors ADD COLUMN support INTEGER NOT NULL DEFAULT 1",
    "ALTER TABLE known_actors ADD COLUMN conflicts INTEGER NOT NULL DEFAULT 0",
    """INSERT INTO actor_sightings
        (key, doc_id, name, kind, country, sectors, code, date, evidence, basis)
    SELECT key, doc_id, name, kind, country, sectors, code, coalesce(last_seen, first_seen),
           evidence, 'migrated'
    FROM known_actors
    WHERE source = 'learned' AND country IS NOT NULL AND doc_id != ''
      AND coalesce(last_seen, first_seen) IS NOT NULL""",
    """DELETE FROM known_actors WHERE source = 'learned'
      AND key NOT IN (SELECT key FROM actor_sightings)""",
    """UPDATE known_actors SET n_articles = 1, support = 1, conflicts = 0,
        first_seen = coalesce(last_seen, first_seen), last_seen = coalesce(last_seen, first_seen)
    WHERE source = 'learned'""",
    """UPDATE known_actors SET n_articles = 0, support = 0, conflicts = 0,
        first_seen = NULL, last_seen = NULL
    WHERE source = 'user'""",
)

# Political relevance (types.Event.relevance, events/relevance.py): how likely an event is a
# political event rather than a court, crime, sports or entertainment story. The column is
# read from the event's JSON record (a virtual generated column: nothing is written twice), so
# events stored before this version, whose records have no score, read as 1 like events built
# by hand. The ``event_list`` view shows it next to the confidence.
_RELEVANCE = (
    "ALTER TABLE events ADD COLUMN relevance REAL "
    "GENERATED ALWAYS AS (coalesce(json_extract(record, '$.relevance'), 1.0)) VIRTUAL",
    "CREATE INDEX events_relevance ON events(relevance)",
    "DROP VIEW event_list",
    """CREATE VIEW event_list AS
    SELECT e.event_id,
           e.event_start AS date,
           e.event_end AS date_end,
           e.event_precision AS date_precision,
           e.source_code, e.source_name, e.source_country,
           e.cameo, e.cameo_name, e.plover, e.quad_class,
           CASE e.quad_class
               WHEN 0 THEN 'neutral'
               WHEN 1 THEN 'verbal cooperation'
               WHEN 2 THEN 'material cooperation'
               WHEN 3 THEN 'verbal conflict'
               WHEN 4 THEN 'material conflict'
           END AS quad_name,
           e.goldstein,
           e.target_code, e.target_name, e.target_country,
           e.source_codes, e.target_codes, e.reciprocal,
           e.mode, e.speaker_code, e.speaker_name,
           e.location_name, e.location_country,
           e.location_latitude AS latitude, e.location_longitude AS longitude,
           e."trigger", e.evidence, e.confidence, e.relevance,
           e.doc_id, e.doc_date, d.title, d.url, d.source AS publisher
    FROM events e JOIN documents d ON d.id = e.doc_id""",
)

# Articles that were read but could not be coded or stored (a stage raised on them): one row
# per article id, so a rerun skips them instead of failing on them again, and ``newsevents
# failed`` lists them. A row goes when the article is stored (``--retry-failed``).
_FAILED_ARTICLES = (
    """CREATE TABLE failed_articles (
        doc_id TEXT PRIMARY KEY,
        origin TEXT NOT NULL,
        stage TEXT NOT NULL,
        error TEXT NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 1 CHECK (attempts >= 1),
        first_failed_at TEXT NOT NULL,
        failed_at TEXT NOT NULL
    )""",
)

# Dyad index and pre-aggregated counts for the aggregates (store/aggregate.py, store/rollup.py)
# at a million events and more, where the multi-index OR over ``event_actors`` took 0.7 s for a
# dyad timeline and 3-6 s for a profile or the network of countries.
#
# ``event_dyads``: one row per event and distinct (source code, target code) of its
# participants (every source participant with every target participant; a reciprocal event's
# participants are on both sides, so it has both directions), with the facts the aggregates
# sum. Keys are the first three letters of each code (the country part: ``RUS`` of ``RUSMIL``),
# so a prefix of three letters or more ("RUS", "RUSMIL") is an equality on both keys and a
# range on the codes of one clustered (WITHOUT ROWID) index, with the prefix semantics of the
# API unchanged: ``--actor RUS`` still matches ``RUSMIL`` and ``RUSMILGOV``. Shorter prefixes
# read ``event_actors`` as before.
#
# ``event_counts``: events per cell (facet, key, value, dir, month, mode) with their Goldstein
# sum and counts per QuadClass, each event counted once per cell. Facets: ``codes`` are
# unordered pairs (key <= value) of code keys, every pair, ``dir`` saying which directions the
# event has (1: key -> value, 2: value -> key, 3: both), so a timeline both ways never counts
# an event twice; ``source``, ``target`` count events having a participant of that key on
# that side, ``actor`` on either side by PLOVER type (value), ``name`` by participant name,
# ``targets``/``sources`` by the partner's country on the other side when the pair is not one
# party
# (``newsevents.types.same_party``), as actor profiles count them. Months are whole calendar
# months of ``event_start``; day and week timelines, partial months and other prefixes read
# ``event_dyads``. ``network_counts``: events per month, directed pair of two different
# countries and mode, and the same over all months (``month`` ''), month first, because the
# network of countries reads every pair of a few months (or of all of them, in one row each)
# where a timeline reads every month of one pair. The tables are written in the transaction
# that writes or deletes the events (store/sqlite.py, store/rollup.py), from the SQL below
# (one definition: the backfill here, the upkeep and bench/serve_latency.py format it with
# their own event filter).
# Readers of an older file without them read ``event_actors`` as before.
DYAD_ROWS = """SELECT DISTINCT substr(s.code, 1, 3), substr(t.code, 1, 3), s.code, t.code,
        e.event_id, e.event_start, e.mode, e.quad_class, e.goldstein
    FROM events e
    JOIN event_actors s ON s.event_id = e.event_id AND s.side = 'source'
    JOIN event_actors t ON t.event_id = e.event_id AND t.side = 'target'
    WHERE {events}"""

_ONE_PARTY_AP = (
    "(p.code = a.code OR (p.code = a.country AND (substr(a.code, 4, 3) IN "
    f"{_STATE_AGENTS} OR substr(a.code, 7, 3) IN {_STATE_AGENTS})) "
    "OR (a.code = p.country AND (substr(p.code, 4, 3) IN "
    f"{_STATE_AGENTS} OR substr(p.code, 7, 3) IN {_STATE_AGENTS})))"
)

COUNT_ROWS = f"""WITH ev AS (
        SELECT e.event_id, substr(e.event_start, 1, 7) AS month, e.mode, e.quad_class,
               e.goldstein, e.plover
        FROM events e WHERE {{events}}
    ),
    parts AS (
        SELECT a.event_id, a.side, a.code, a.country, a.name, substr(a.code, 1, 3) AS k
        FROM ev JOIN event_actors a ON a.event_id = ev.event_id
    ),
    pairs AS (
        SELECT a.event_id, a.code AS acode, a.country AS acountry, a.k AS ak,
               p.code AS pcode, p.country AS pcountry, p.k AS pk,
               NOT {_ONE_PARTY_AP} AS two_parties
        FROM parts a JOIN parts p ON p.event_id = a.event_id AND p.side = 'target'
        WHERE a.side = 'source'
    ),
    cells AS (
        SELECT event_id, 'codes' AS facet, min(ak, pk) AS key, max(ak, pk) AS value,
               max(ak <= pk) + 2 * max(ak >= pk) AS dir
        FROM pairs GROUP BY event_id, min(ak, pk), max(ak, pk)
        UNION ALL
        SELECT DISTINCT event_id, side, k, '', 0 FROM parts
        UNION ALL
        SELECT DISTINCT parts.event_id, 'actor', k, ev.plover, 0
        FROM parts JOIN ev ON ev.event_id = parts.event_id
        UNION ALL
        SELECT DISTINCT event_id, 'name', k, name, 0 FROM parts WHERE name != ''
        UNION ALL
        SELECT DISTINCT event_id, 'targets', ak, pcountry, 0 FROM pairs
        WHERE pcountry IS NOT NULL AND two_parties
        UNION ALL
        SELECT DISTINCT event_id, 'sources', pk, acountry, 0 FROM pairs
        WHERE acountry IS NOT NULL AND two_parties
    )
    SELECT c.facet, c.key, c.value, c.dir, ev.month, ev.mode, count(*), sum(ev.goldstein),
           sum(ev.quad_class = 0), sum(ev.quad_class = 1), sum(ev.quad_class = 2),
           sum(ev.quad_class = 3), sum(ev.quad_class = 4)
    FROM cells c JOIN ev ON ev.event_id = c.event_id
    GROUP BY c.facet, c.key, c.value, c.dir, ev.month, ev.mode"""

NETWORK_ROWS = """WITH edges AS (
        SELECT DISTINCT s.country AS s, t.country AS t, e.event_id,
               substr(e.event_start, 1, 7) AS month, e.mode, e.goldstein, e.quad_class
        FROM events e
        JOIN event_actors s ON s.event_id = e.event_id AND s.side = 'source'
        JOIN event_actors t ON t.event_id = e.event_id AND t.side = 'target'
        WHERE {events} AND s.country IS NOT NULL AND t.country IS NOT NULL
          AND s.country != t.country
    )
    SELECT month, s, t, mode, count(*), sum(goldstein), sum(quad_class >= 3)
    FROM edges GROUP BY month, s, t, mode
    UNION ALL
    SELECT '', s, t, mode, count(*), sum(goldstein), sum(quad_class >= 3)
    FROM edges GROUP BY s, t, mode"""

_ROLLUPS = (
    """CREATE TABLE event_dyads (
        source_key TEXT NOT NULL,
        target_key TEXT NOT NULL,
        source_code TEXT NOT NULL,
        target_code TEXT NOT NULL,
        event_id TEXT NOT NULL,
        event_start TEXT NOT NULL,
        mode TEXT NOT NULL,
        quad_class INTEGER NOT NULL,
        goldstein REAL NOT NULL,
        PRIMARY KEY (source_key, target_key, source_code, target_code, event_id)
    ) WITHOUT ROWID""",
    """CREATE TABLE event_counts (
        facet TEXT NOT NULL,
        key TEXT NOT NULL,
        value TEXT NOT NULL,
        dir INTEGER NOT NULL,
        month TEXT NOT NULL,
        mode TEXT NOT NULL,
        events INTEGER NOT NULL,
        goldstein_sum REAL NOT NULL,
        q0 INTEGER NOT NULL,
        q1 INTEGER NOT NULL,
        q2 INTEGER NOT NULL,
        q3 INTEGER NOT NULL,
        q4 INTEGER NOT NULL,
        PRIMARY KEY (facet, key, value, dir, month, mode)
    ) WITHOUT ROWID""",
    """CREATE TABLE network_counts (
        month TEXT NOT NULL,
        source_country TEXT NOT NULL,
        target_country TEXT NOT NULL,
        mode TEXT NOT NULL,
        events INTEGER NOT NULL,
        goldstein_sum REAL NOT NULL,
        conflict INTEGER NOT NULL,
        PRIMARY KEY (month, source_country, target_country, mode)
    ) WITHOUT ROWID""",
    "INSERT INTO event_dyads " + DYAD_ROWS.format(events="1"),
    "INSERT INTO network_counts " + NETWORK_ROWS.format(events="1"),
    "INSERT INTO event_counts " + COUNT_ROWS.format(events="1"),
)

# Actor search by name (store/actor_search.py): the names matching a search are found in the
# counts of migration 13 (facet 'name': a few rows per name and month, not one per event), and
# each name's code through this index, a seek per name instead of a scan of every participant.
_ACTOR_NAMES = ("CREATE INDEX event_actors_name ON event_actors(name, code, event_id)",)

# Review and correction (store/reviews.py, store/review_sample.py): analysts' verdicts on coded
# events, kept as data beside the coding, never written over it. One row per review action;
# a newer review of the same event by the same reviewer supersedes an older one when read (the
# older row stays: the history). ``coded`` holds what the coder said at review time and
# ``corrected`` what the reviewer says instead (JSON objects of cameo, plover, sources,
# targets, mode, date). An added event (the coder missed it) has no event id. The evidence
# and trigger spans anchor a review to its text: re-coding an article writes a new row for
# each review of it, re-attached to the new event with the same spans (``supersedes`` naming
# the row it moves) or ``orphaned`` when no new event has them. ``review_sample_plans`` and
# ``review_samples`` hold the named random samples a reviewer walks (``newsevents review
# sample``): each sampled event with its stratum and weight (stratum size / sampled in it).
_REVIEWS = (
    """CREATE TABLE reviews (
        review_id INTEGER PRIMARY KEY,
        event_id TEXT,
        doc_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        reviewer TEXT NOT NULL,
        created_at TEXT NOT NULL,
        verdict TEXT NOT NULL CHECK (verdict IN ('right', 'wrong', 'corrected', 'added')),
        coded TEXT,
        corrected TEXT NOT NULL DEFAULT '{}',
        comment TEXT NOT NULL DEFAULT '',
        evidence_start INTEGER NOT NULL,
        evidence_end INTEGER NOT NULL,
        evidence_text TEXT NOT NULL,
        trigger_start INTEGER NOT NULL,
        trigger_end INTEGER NOT NULL,
        trigger_text TEXT NOT NULL,
        status TEXT NOT NULL DEFAULT 'attached' CHECK (status IN ('attached', 'orphaned')),
        supersedes INTEGER REFERENCES reviews(review_id),
        CHECK ((verdict = 'added') = (event_id IS NULL)),
        CHECK (evidence_start <= evidence_end AND trigger_start <= trigger_end)
    )""",
    "CREATE INDEX reviews_event ON reviews(event_id)",
    "CREATE INDEX reviews_doc ON reviews(doc_id)",
    "CREATE INDEX reviews_supersedes ON reviews(supersedes)",
    """CREATE TABLE review_sample_plans (
        name TEXT PRIMARY KEY,
        created_at TEXT NOT NULL,
        n INTEGER NOT NULL,
        stratify TEXT NOT NULL,
        seed INTEGER NOT NULL,
        population INTEGER NOT NULL
    )""",
    """CREATE TABLE review_samples (
        name TEXT NOT NULL REFERENCES review_sample_plans(name) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        event_id TEXT NOT NULL,
        doc_id TEXT NOT NULL,
        stratum TEXT NOT NULL,
        stratum_size INTEGER NOT NULL,
        weight REAL NOT NULL,
        PRIMARY KEY (name, position)
    )""",
)

#: Every migration the code knows, in order. Append only.
MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "initial schema", _INITIAL),
    Migration(2, "merged events", _MERGED),
    Migration(3, "actor memory", _KNOWN_ACTORS),
    Migration(4, "event participants", _PARTICIPANTS),
    Migration(5, "attribution and claims", _CLAIMS),
    Migration(6, "readable views", _VIEWS, readers_need=False),
    Migration(7, "aggregate indexes", _AGGREGATE_INDEXES, readers_need=False),
    Migration(8, "watched files", _INGESTED_FILES, readers_need=False),
    Migration(9, "domestic dyads in dyad_month", _DOMESTIC_DYADS, readers_need=False),
    # Readers of an older file read each learned row as one sighting (store/known_actors.py).
    Migration(10, "actor sightings", _SIGHTINGS, readers_need=False),
    # Readers of an older file filter on the record itself (store/query.py), without the index.
    Migration(11, "political relevance", _RELEVANCE, readers_need=False),
    # Readers of an older file list no failed articles (store/sqlite.py).
    Migration(12, "failed articles", _FAILED_ARTICLES, readers_need=False),
    # Readers of an older file read event_actors and events (store/aggregate.py, query.py).
    Migration(13, "dyad index and counts", _ROLLUPS, readers_need=False),
    # Readers of an older file search names by scanning event_actors (store/actor_search.py).
    Migration(14, "actor name index", _ACTOR_NAMES, readers_need=False),
    # Readers of an older file see no reviews and no samples (store/reviews.py).
    Migration(15, "reviews", _REVIEWS, readers_need=False),
)

_BOOTSTRAP = """CREATE TABLE IF NOT EXISTS migrations (
    version INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    applied_at TEXT NOT NULL
)"""


@contextmanager
def transaction(conn: sqlite3.Connection) -> Iterator[None]:
    """Run the block in one write transaction; any exception rolls everything back.

    The connection is in autocommit mode (``isolation_level=None``) so that DDL and DML share
    this one explicit transaction instead of the implicit ones the sqlite3 module would open.
    """
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise


def _known(migrations: tuple[Migration, ...]) -> int:
    """The newest version in ``migrations``, after checking they are numbered 1, 2, 3..."""
    for expected, migration in enumerate(migrations, start=1):
        if migration.version != expected:
            raise StoreError(
                f"migration {migration.name!r} has version {migration.version}, expected {expected}"
            )
    return len(migrations)


def recorded_version(conn: sqlite3.Connection) -> int | None:
    """The schema version stored in the file, or ``None`` if it has no ``migrations`` table."""
    row = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'migrations'"
    ).fetchone()
    if row is None:
        return None
    (version,) = conn.execute("SELECT coalesce(max(version), 0) FROM migrations").fetchone()
    return int(version)


def _refuse_newer(path: str, current: int, known: int) -> None:
    if current > known:
        raise StoreError(
            f"{path}: database schema version {current} is newer than the newest version this "
            f"newsevents knows ({known}); upgrade newsevents to open it"
        )


def migrate(conn: sqlite3.Connection, path: str) -> int:
    """Bring the schema up to date in one transaction; return the resulting version."""
    migrations = MIGRATIONS  # read at call time so tests can substitute the list
    known = _known(migrations)
    current = recorded_version(conn)
    if current is not None:
        _refuse_newer(path, current, known)
        if current == known:
            return known  # up to date: no write lock, so opening never waits on a busy writer
    with transaction(conn):
        conn.execute(_BOOTSTRAP)
        current = recorded_version(conn) or 0
        _refuse_newer(path, current, known)
        for migration in migrations[current:]:
            try:
                for statement in migration.statements:
                    conn.execute(statement)
            except sqlite3.Error as exc:
                raise StoreError(
                    f"{path}: migration {migration.version} ({migration.name}) failed: {exc}"
                ) from exc
            conn.execute(
                "INSERT INTO migrations (version, name, applied_at) VALUES (?, ?, ?)",
                (migration.version, migration.name, now_iso()),
            )
            logger.info("%s: applied migration %d (%s)", path, migration.version, migration.name)
    return max(current, known)


def check_readonly(conn: sqlite3.Connection, path: str) -> int:
    """Verify a read-only file is a store the code can read without migrating it: the current
    version, or an older one missing only migrations that readers do not need (views)."""
    known = _known(MIGRATIONS)
    current = recorded_version(conn)
    if current is None:
        raise StoreError(f"{path}: not a newsevents database (no migrations table)")
    _refuse_newer(path, current, known)
    if any(m.readers_need for m in MIGRATIONS if m.version > current):
        raise StoreError(
            f"{path}: database schema version {current} is older than {known}; "
            "open it once without readonly to upgrade it"
        )
    return current


def now_iso() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
