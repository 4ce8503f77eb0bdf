"""Scores from reviews: how good the coder is on the events analysts have judged.

``newsevents evaluate --db D --reviewed`` and ``GET /api/review/scores``. Each reviewed event
is judged as the store codes it *now* against what its latest review says it is
(:meth:`~newsevents.store.reviews.Review.truth`), so the figures follow a re-coding: a review
moved to a recoded event that now agrees with the reviewer counts as right.

* **Precision**: right / (right + corrected + wrong); also the share with the right type (a
  correction of the actors only still has it) and with the right actors.
* **Recall** against what reviewers added: (right + corrected) / (right + corrected + added).
  Only as good as the reviewers' search for missed events: added events are found by reading.
* Per CAMEO root, PLOVER type and article publisher, and the **calibration**: per confidence
  band, how many were marked right against the band's mean confidence.
* For each stored sample (:mod:`newsevents.store.review_sample`), the **stratified precision**
  of its reviewed events: ``p = sum_h W_h p_h`` with ``W_h = N_h / N`` over the strata with
  reviews (weights renormalised over them; ``coverage`` says how much of the store they hold),
  its variance ``sum_h W_h^2 (1 - r_h/N_h) p_h (1 - p_h) / (r_h - 1)`` (the normal
  approximation with a finite-population correction; a stratum of one review counts the
  largest variance, ``0.25``) and the 95% interval ``p +- 1.96 sqrt(V)``. An unstratified
  sample gets the Wilson interval instead, which stays inside 0-1 for small samples.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from ..serialize import event_from_dict
from ..store import Store
from ..store.review_sample import BANDS, band
from ..store.reviewed import added_anchor, apply
from ..store.reviews import Review
from ..types import Event

Z95 = 1.959964


@dataclass
class Tally:
    """Judged events of one group: right, corrected (with what changed) and wrong."""

    right: int = 0
    corrected: int = 0
    wrong: int = 0
    type_right: int = 0
    actors_right: int = 0

    @property
    def judged(self) -> int:
        return self.right + self.corrected + self.wrong

    @property
    def precision(self) -> float | None:
        return self.right / self.judged if self.judged else None

    def to_dict(self) -> dict[str, Any]:
        return {
            "judged": self.judged,
            "right": self.right,
            "corrected": self.corrected,
            "wrong": self.wrong,
            "precision": _round(self.precision),
            "type_precision": _round(self.type_right / self.judged if self.judged else None),
            "actor_precision": _round(self.actors_right / self.judged if self.judged else None),
        }


@dataclass(frozen=True, slots=True)
class Estimate:
    """A precision estimate and its 95% interval (``method``: ``wilson`` or ``stratified``)."""

    precision: float | None
    low: float | None
    high: float | None
    reviewed: int
    method: str
    coverage: float = 1.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "precision": _round(self.precision),
            "interval": [_round(self.low), _round(self.high)],
            "reviewed": self.reviewed,
            "method": self.method,
            "coverage": _round(self.coverage),
        }


@dataclass(frozen=True, slots=True)
class StratumCount:
    """One stratum for the estimator: its size in the store, reviewed and right events."""

    name: str
    size: int
    reviewed: int
    right: int


def wilson(right: int, n: int, z: float = Z95) -> tuple[float, float]:
    """The Wilson score interval of a proportion ``right / n``."""
    if n == 0:
        return 0.0, 1.0
    p = right / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return max(0.0, centre - half), min(1.0, centre + half)


def stratified_precision(strata: Iterable[StratumCount]) -> Estimate:
    """The stratified estimate of the share right (see the module doc for the formulas)."""
    counted = [s for s in strata if s.size > 0]
    population = sum(s.size for s in counted)
    used = [s for s in counted if s.reviewed > 0]
    reviewed = sum(s.reviewed for s in used)
    if not used:
        return Estimate(None, None, None, 0, "stratified", 0.0)
    covered = sum(s.size for s in used)
    if len(counted) == 1:
        only = used[0]
        low, high = wilson(only.right, only.reviewed)
        return Estimate(only.right / only.reviewed, low, high, reviewed, "wilson")
    estimate = variance = 0.0
    for s in used:
        weight = s.size / covered
        p = s.right / s.reviewed
        estimate += weight * p
        fpc = 1 - s.reviewed / s.size
        spread = p * (1 - p) / (s.reviewed - 1) if s.reviewed > 1 else 0.25
        variance += weight * weight * fpc * spread
    half = Z95 * math.sqrt(variance)
    return Estimate(
        estimate,
        max(0.0, estimate - half),
        min(1.0, estimate + half),
        reviewed,
        "stratified",
        covered / population if population else 0.0,
    )


@dataclass
class ReviewScores:
    """Everything ``evaluate --reviewed`` reports."""

    overall: Tally = field(default_factory=Tally)
    added: int = 0
    orphaned: int = 0
    corrections: dict[str, int] = field(default_factory=dict)
    by_root: dict[str, Tally] = field(default_factory=dict)
    by_plover: dict[str, Tally] = field(default_factory=dict)
    by_source: dict[str, Tally] = field(default_factory=dict)
    bands: dict[str, tuple[int, int, float | None]] = field(default_factory=dict)
    samples: dict[str, Estimate] = field(default_factory=dict)

    @property
    def recall(self) -> float | None:
        """Found / (found + added); None until a reviewer has added a missed event, since
        reviews of coded events alone say nothing of what the coder missed."""
        found = self.overall.right + self.overall.corrected
        return found / (found + self.added) if self.added else None

    def to_dict(self) -> dict[str, Any]:
        overall = self.overall.to_dict()
        return {
            **overall,
            "interval": [_round(x) for x in wilson(self.overall.right, self.overall.judged)]
            if self.overall.judged
            else [None, None],
            "added": self.added,
            "recall": _round(self.recall),
            "orphaned": self.orphaned,
            "corrections": dict(sorted(self.corrections.items())),
            "by_cameo_root": {k: v.to_dict() for k, v in sorted(self.by_root.items())},
            "by_plover": {k: v.to_dict() for k, v in sorted(self.by_plover.items())},
            "by_source": {k: v.to_dict() for k, v in sorted(self.by_source.items())},
            "calibration": [
                {
                    "band": name,
                    "judged": n,
                    "right": right,
                    "share_right": _round(right / n if n else None),
                    "mean_confidence": _round(mean),
                }
                for name, (n, right, mean) in self.bands.items()
            ],
            "samples": {name: e.to_dict() for name, e in sorted(self.samples.items())},
        }

    def to_markdown(self) -> str:
        d = self.to_dict()
        lines = [
            "# Scores from reviews",
            "",
            f"Reviewed events: {d['judged']} (right {d['right']}, corrected {d['corrected']}, "
            f"wrong {d['wrong']}); added by reviewers: {d['added']}; orphaned reviews: "
            f"{d['orphaned']}.",
            "",
            "| measure | value |",
            "|---|---|",
            f"| precision | {_pct(d['precision'])} (95% {_pct(d['interval'][0])}-"
            f"{_pct(d['interval'][1])}) |",
            f"| type right | {_pct(d['type_precision'])} |",
            f"| actors right | {_pct(d['actor_precision'])} |",
            f"| recall against added | {_pct(d['recall'])}"
            + (" (not measured: no event was added)" if d["recall"] is None else "")
            + " |",
            "",
        ]
        for title, key in (
            ("CAMEO root", "by_cameo_root"),
            ("PLOVER type", "by_plover"),
            ("Publisher", "by_source"),
        ):
            lines += [f"## By {title}", "", f"| {title} | judged | right | precision |"]
            lines.append("|---|---:|---:|---:|")
            for name, t in d[key].items():
                lines.append(f"| {name} | {t['judged']} | {t['right']} | {_pct(t['precision'])} |")
            lines.append("")
        lines += ["## Calibration", "", "| confidence | judged | marked right | mean confidence |"]
        lines.append("|---|---:|---:|---:|")
        for b in d["calibration"]:
            lines.append(
                f"| {b['band']} | {b['judged']} | {_pct(b['share_right'])} | "
                f"{_pct(b['mean_confidence'])} |"
            )
        if d["samples"]:
            lines += ["", "## Samples", "", "| sample | reviewed | precision | 95% | method |"]
            lines.append("|---|---:|---:|---|---|")
            for name, e in d["samples"].items():
                low, high = e["interval"]
                lines.append(
                    f"| {name} | {e['reviewed']} | {_pct(e['precision'])} | "
                    f"{_pct(low)}-{_pct(high)} | {e['method']} |"
                )
        return "\n".join(lines) + "\n"


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def _pct(value: float | None) -> str:
    return "-" if value is None else f"{100 * value:.1f}%"


def judge(event: Event, review: Review) -> tuple[str, bool, bool, list[str]]:
    """How the coding now compares with the review: verdict, type right, actors right, and
    what a correction changes."""
    if review.verdict == "wrong":
        return "wrong", False, False, []
    truth = apply(event, review)
    assert truth is not None
    changed = [
        name
        for name, same in (
            ("type", (truth.cameo, truth.plover) == (event.cameo, event.plover)),
            ("actors", _codes(truth) == _codes(event)),
            ("mode", truth.mode == event.mode),
            ("date", truth.event_date.start == event.event_date.start),
        )
        if not same
    ]
    return (
        ("corrected" if changed else "right"),
        "type" not in changed,
        "actors" not in changed,
        changed,
    )


def _codes(event: Event) -> tuple[list[str], list[str]]:
    return [a.code for a in event.all_sources()], [a.code for a in event.all_targets()]


def review_scores(store: Store) -> ReviewScores:
    """The scores of the store's coding against its reviews."""
    scores = ReviewScores()
    if not store.has_reviews:
        return scores
    latest = store.latest_reviews()
    publishers = dict(store.select("SELECT id, source FROM documents").fetchall())
    verdicts: dict[str, str] = {}
    band_sums: dict[str, list[float]] = {f"{low:g}-{high:g}": [0, 0, 0.0] for low, high in BANDS}
    ids = list(latest)
    for i in range(0, len(ids), 500):
        chunk = ids[i : i + 500]
        marks = ", ".join("?" for _ in chunk)
        rows = store.select(
            f"SELECT event_id, record FROM events WHERE event_id IN ({marks})", chunk
        )
        for eid, record in rows:
            event = event_from_dict(json.loads(record))
            verdict, type_ok, actors_ok, changed = judge(event, latest[eid])
            verdicts[eid] = verdict
            publisher = publishers.get(event.doc_id) or "(unknown)"
            for tally in (
                scores.overall,
                scores.by_root.setdefault(event.cameo[:2], Tally()),
                scores.by_plover.setdefault(event.plover or "(none)", Tally()),
                scores.by_source.setdefault(publisher, Tally()),
            ):
                setattr(tally, verdict, getattr(tally, verdict) + 1)
                tally.type_right += type_ok
                tally.actors_right += actors_ok
            for what in changed:
                scores.corrections[what] = scores.corrections.get(what, 0) + 1
            sums = band_sums[band(event.confidence)]
            sums[0] += 1
            sums[1] += verdict == "right"
            sums[2] += event.confidence
    scores.bands = {
        name: (int(n), int(right), total / n if n else None)
        for name, (n, right, total) in band_sums.items()
    }
    anchors = {added_anchor(r) for r in store.reviews() if r.verdict == "added"}
    scores.added = len(anchors)
    scores.orphaned = sum(1 for r in store.reviews() if r.status == "orphaned")
    for plan in store.review_samples():
        counts: dict[str, list[int]] = {s.name: [s.size, 0, 0] for s in plan.strata}
        for sampled in store.review_sample_events(plan.name):
            judged = verdicts.get(sampled.event_id)
            if judged is not None:
                counts[sampled.stratum][1] += 1
                counts[sampled.stratum][2] += judged == "right"
        strata = [StratumCount(h, size, n, right) for h, (size, n, right) in counts.items()]
        estimate = stratified_precision(strata)
        if plan.stratify == "none":
            estimate = stratified_precision([StratumCount("all", plan.population, *_sum(strata))])
        scores.samples[plan.name] = estimate
    return scores


def _sum(strata: list[StratumCount]) -> tuple[int, int]:
    return sum(s.reviewed for s in strata), sum(s.right for s in strata)
