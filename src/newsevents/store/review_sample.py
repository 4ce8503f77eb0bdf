"""A sampling plan for review: which events to look at first for an unbiased precision.

Reviewing the events one happens to browse measures the events one browses. A reviewer who
walks a random sample instead measures the store: the share of sampled events marked right
estimates the precision of all of them, with a known error.

The population is every coded event of the store, whatever its mode: a future or negated
event coded as having happened is an error of the coder a precision must count, and a
reviewer judges the mode too. A sample is stratified by CAMEO root (``type``), article
publisher (``source``), confidence band (``confidence``) or not at all, with proportional
allocation (largest remainders; every stratum gets at least one event while ``n`` allows), and
events drawn without replacement by a seeded generator over the events in storage order, so
the same seed on the same store draws the same sample. Sampled events are numbered in a
shuffled order, so a reviewer who stops halfway has still reviewed a spread of every stratum.

The sample is stored by name (``review_sample_plans``, ``review_samples``) with each event's
stratum, its stratum's size ``N_h`` and its weight ``N_h / n_h``, the estimator's inputs
(:func:`newsevents.evaluate.reviewed.stratified_precision`).
"""

from __future__ import annotations

import random
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from ..errors import StoreError
from .vocabulary import FilterError

Stratify = Literal["none", "type", "source", "confidence"]
STRATIFY: tuple[Stratify, ...] = ("none", "type", "source", "confidence")

#: Confidence bands (lower bound inclusive, upper exclusive; the last includes 1.0), shared
#: with the calibration of :mod:`newsevents.evaluate.reviewed`.
BANDS: tuple[tuple[float, float], ...] = ((0.0, 0.5), (0.5, 0.7), (0.7, 0.9), (0.9, 1.0))


def band(confidence: float) -> str:
    """The band a confidence falls in: ``0.7-0.9``."""
    for low, high in BANDS:
        if confidence < high:
            return f"{low:g}-{high:g}"
    low, high = BANDS[-1]
    return f"{low:g}-{high:g}"


@dataclass(frozen=True, slots=True)
class Stratum:
    """One stratum of a plan: its events in the store (``size``) and how many were drawn."""

    name: str
    size: int
    sampled: int

    @property
    def weight(self) -> float:
        """Events of the store each sampled one stands for."""
        return self.size / self.sampled if self.sampled else 0.0


@dataclass(frozen=True, slots=True)
class SamplePlan:
    name: str
    n: int
    stratify: Stratify
    seed: int
    population: int
    strata: tuple[Stratum, ...]
    created_at: str = ""

    def to_dict(self) -> dict[str, object]:
        return {
            "name": self.name,
            "n": self.n,
            "stratify": self.stratify,
            "seed": self.seed,
            "population": self.population,
            "created_at": self.created_at,
            "strata": [
                {"stratum": s.name, "size": s.size, "sampled": s.sampled, "weight": s.weight}
                for s in self.strata
            ],
        }


@dataclass(frozen=True, slots=True)
class SampledEvent:
    position: int
    event_id: str
    doc_id: str
    stratum: str
    weight: float


_KEYS: dict[str, str] = {
    "none": "'all'",
    "type": "substr(e.cameo, 1, 2)",
    "source": "coalesce(nullif(d.source, ''), '(unknown)')",
    "confidence": "e.confidence",
}


def allocate(sizes: dict[str, int], n: int) -> dict[str, int]:
    """Proportional allocation of ``n`` over strata of ``sizes`` by largest remainders, each
    stratum at least one event when ``n`` is at least the number of strata, none above its
    size."""
    total = sum(sizes.values())
    n = min(n, total)
    if n == 0:
        return dict.fromkeys(sizes, 0)
    floor = 1 if n >= len(sizes) else 0
    alloc = {h: min(size, max(floor, int(n * size / total))) for h, size in sizes.items()}
    remainders = sorted(
        sizes, key=lambda h: (-(n * sizes[h] / total - int(n * sizes[h] / total)), h)
    )
    while sum(alloc.values()) < n:
        grown = False
        for h in remainders:
            if sum(alloc.values()) >= n:
                break
            if alloc[h] < sizes[h]:
                alloc[h] += 1
                grown = True
        if not grown:
            break
    while sum(alloc.values()) > n:  # the floor of one each overshot: take from the largest
        largest = max((h for h in alloc if alloc[h] > floor), key=lambda h: (alloc[h], h))
        alloc[largest] -= 1
    return alloc


def draw(
    conn: sqlite3.Connection, n: int, stratify: str, seed: int
) -> tuple[dict[str, int], list[tuple[int, str, str, str]]]:
    """The strata sizes and the drawn events (position, event id, doc id, stratum)."""
    if stratify not in STRATIFY:
        raise FilterError("stratify", f"unknown stratification {stratify!r}", STRATIFY)
    if n < 1:
        raise FilterError("n", "a sample needs at least one event")
    key = _KEYS[stratify]
    rows = conn.execute(
        f"SELECT e.event_id, e.doc_id, {key} FROM events e JOIN documents d ON d.id = e.doc_id "
        "ORDER BY e.rowid"
    ).fetchall()
    name: Callable[[object], str] = band if stratify == "confidence" else str  # type: ignore[assignment]
    members: dict[str, list[tuple[str, str]]] = {}
    for event_id, doc_id, value in rows:
        members.setdefault(name(value), []).append((str(event_id), str(doc_id)))
    sizes = {h: len(m) for h, m in sorted(members.items())}
    alloc = allocate(sizes, n)
    rng = random.Random(seed)
    chosen = [
        (event_id, doc_id, h)
        for h in sorted(members)
        for event_id, doc_id in rng.sample(members[h], alloc[h])
    ]
    rng.shuffle(chosen)
    return sizes, [(i, e, d, h) for i, (e, d, h) in enumerate(chosen, start=1)]


def create(
    conn: sqlite3.Connection, name: str, n: int, stratify: str, seed: int, now: str
) -> SamplePlan:
    """Draw and store a sample (inside the caller's transaction). Drawing a stored name
    again with the same plan returns it unchanged; another plan under that name is an error."""
    existing = plan(conn, name)
    if existing is not None:
        if (existing.n, existing.stratify, existing.seed) == (n, stratify, seed):
            return existing
        raise StoreError(f"a sample named {name!r} exists with another plan; choose a new name")
    sizes, drawn = draw(conn, n, stratify, seed)
    counts: dict[str, int] = {}
    for _, _, _, h in drawn:
        counts[h] = counts.get(h, 0) + 1
    conn.execute(
        "INSERT INTO review_sample_plans (name, created_at, n, stratify, seed, population) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        (name, now, n, stratify, seed, sum(sizes.values())),
    )
    conn.executemany(
        "INSERT INTO review_samples (name, position, event_id, doc_id, stratum, stratum_size, "
        "weight) VALUES (?, ?, ?, ?, ?, ?, ?)",
        [(name, i, e, d, h, sizes[h], sizes[h] / counts[h]) for i, e, d, h in drawn],
    )
    found = plan(conn, name)
    assert found is not None
    return found


def plan(conn: sqlite3.Connection, name: str) -> SamplePlan | None:
    row = conn.execute(
        "SELECT name, n, stratify, seed, population, created_at FROM review_sample_plans "
        "WHERE name = ?",
        (name,),
    ).fetchone()
    if row is None:
        return None
    strata = tuple(
        Stratum(str(h), int(size), int(k))
        for h, size, k in conn.execute(
            "SELECT stratum, max(stratum_size), count(*) FROM review_samples WHERE name = ? "
            "GROUP BY stratum ORDER BY stratum",
            (name,),
        )
    )
    return SamplePlan(row[0], row[1], row[2], row[3], row[4], strata, row[5])


def plans(conn: sqlite3.Connection) -> list[SamplePlan]:
    names = [r[0] for r in conn.execute("SELECT name FROM review_sample_plans ORDER BY created_at")]
    return [p for p in (plan(conn, n) for n in names) if p is not None]


def events(conn: sqlite3.Connection, name: str) -> list[SampledEvent]:
    """The sample's events in walking order."""
    return [
        SampledEvent(int(p), str(e), str(d), str(h), float(w))
        for p, e, d, h, w in conn.execute(
            "SELECT position, event_id, doc_id, stratum, weight FROM review_samples "
            "WHERE name = ? ORDER BY position",
            (name,),
        )
    ]


def default_name(n: int, stratify: str, seed: int) -> str:
    return f"{stratify}-{n}-seed{seed}"
