"""What an evaluation found, as typed values that render to JSON and Markdown.

The figures are kept as counts (gold, coded, matched) rather than ratios, so reports can be
added up and checked by hand; precision, recall and F1 are derived from them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from .calibration import bands, calibration_error

__all__ = [
    "NONE",
    "AspectScore",
    "Confusion",
    "EventMiss",
    "EventReport",
    "LabelMiss",
    "LabelReport",
    "RunInfo",
    "Score",
    "SpanMiss",
    "SpanReport",
    "SpanSide",
    "TypeScore",
]

#: The label of "no event" in confusion matrices: a gold event nothing matched, or the reverse.
NONE = "-"


@dataclass(frozen=True, slots=True)
class Score:
    """Gold, coded and matched counts; precision, recall and F1 follow (None: undefined)."""

    gold: int = 0
    coded: int = 0
    matched: int = 0

    def __add__(self, other: Score) -> Score:
        return Score(self.gold + other.gold, self.coded + other.coded, self.matched + other.matched)

    @property
    def precision(self) -> float | None:
        return self.matched / self.coded if self.coded else None

    @property
    def recall(self) -> float | None:
        return self.matched / self.gold if self.gold else None

    @property
    def f1(self) -> float | None:
        """F1; 0 when either side is empty but not both (every event missed or spurious)."""
        if not self.gold and not self.coded:
            return None
        total = self.gold + self.coded
        return 2 * self.matched / total

    def to_dict(self) -> dict[str, Any]:
        return {
            "gold": self.gold,
            "coded": self.coded,
            "matched": self.matched,
            "precision": _round(self.precision),
            "recall": _round(self.recall),
            "f1": _round(self.f1),
        }


@dataclass(frozen=True, slots=True)
class TypeScore:
    """The score of one event type (a CAMEO root, a PLOVER type, a class)."""

    type: str
    name: str
    score: Score

    def to_dict(self) -> dict[str, Any]:
        return {"type": self.type, "name": self.name, **self.score.to_dict()}


@dataclass(frozen=True, slots=True)
class AspectScore:
    """One aspect of events (root, PLOVER type, dyad, triple) over the items that code it."""

    aspect: str
    title: str
    items: int
    score: Score
    by_type: tuple[TypeScore, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "aspect": self.aspect,
            "items": self.items,
            **self.score.to_dict(),
            "by_type": [t.to_dict() for t in self.by_type],
        }


@dataclass(frozen=True, slots=True)
class Confusion:
    """How often gold label ``gold`` was coded as ``coded`` (:data:`NONE`: no event)."""

    labels: tuple[str, ...]
    cells: tuple[tuple[str, str, int], ...]

    @classmethod
    def of(cls, pairs: Iterable[tuple[str, str]], labels: Sequence[str] = ()) -> Confusion:
        """From (gold, coded) pairs; ``labels`` fixes the order (others follow, sorted)."""
        counts = Counter(pairs)
        seen = {label for pair in counts for label in pair} - {NONE}
        order = [*labels, *sorted(seen - set(labels))]
        cells = tuple((g, c, n) for (g, c), n in sorted(counts.items()))
        return cls(tuple(order), cells)

    def count(self, gold: str, coded: str) -> int:
        return sum(n for g, c, n in self.cells if g == gold and c == coded)

    def to_dict(self) -> dict[str, Any]:
        return {
            "labels": list(self.labels),
            "cells": [{"gold": g, "coded": c, "n": n} for g, c, n in self.cells],
        }

    def to_markdown(self) -> list[str]:
        """Rows are gold labels, columns coded ones; the last row and column are "no event"."""
        labels = [label for label in self.labels if self._used(label)]
        columns = [*labels, NONE]
        lines = [
            "| gold \\ coded | " + " | ".join(columns) + " |",
            "|---|" + "---|" * len(columns),
        ]
        for gold in [*labels, NONE]:
            cells = [self.count(gold, coded) for coded in columns]
            if gold == NONE:
                cells[-1] = 0
                if not any(cells):  # label gold: every item has a label
                    continue
            shown = [
                f"**{n}**" if gold == coded and n else str(n or "")
                for n, coded in zip(cells, columns, strict=True)
            ]
            lines.append(f"| {gold} | " + " | ".join(shown) + " |")
        return lines

    def _used(self, label: str) -> bool:
        return any(label in (g, c) for g, c, _ in self.cells)


@dataclass(frozen=True, slots=True)
class RunInfo:
    """What was scored and how: the gold file, and the coder's settings that matter."""

    gold: str
    format: str
    items: int  # items scored
    not_scored: int = 0  # well-formed records that test something else
    bad: int = 0  # lines reported and skipped
    modes: tuple[str, ...] = ()
    main: str | None = None  # how the main event of an item is chosen, when one is
    dictionaries: tuple[str, ...] = ()
    lexicons: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    seconds: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "gold": self.gold,
            "format": self.format,
            "items": self.items,
            "not_scored": self.not_scored,
            "bad": self.bad,
            "modes": list(self.modes),
            "main": self.main,
            "dictionaries": list(self.dictionaries),
            "lexicons": list(self.lexicons),
            "notes": list(self.notes),
            "seconds": round(self.seconds, 1),
        }

    def to_markdown(self) -> list[str]:
        lines = [
            f"Gold: `{self.gold}` ({self.format}): {self.items} items scored"
            + (f", {self.not_scored} not scorable" if self.not_scored else "")
            + (f", {self.bad} bad line(s) skipped" if self.bad else "")
            + f"; coded in {self.seconds:.1f} s.",
            "",
            f"- modes counted: {', '.join(self.modes) or '-'}",
        ]
        if self.main:
            lines.append(f"- main event of an item: {self.main}")
        lines.append(f"- actor dictionaries: {', '.join(self.dictionaries) or 'none'}")
        if self.lexicons:
            lines.append(f"- extra lexicons: {', '.join(self.lexicons)}")
        lines += [f"- {note}" for note in self.notes]
        return [*lines, ""]


@dataclass(frozen=True, slots=True)
class EventMiss:
    """An item whose coded events differ from its gold: what was missed, what is extra."""

    id: str
    origin: str
    text: str
    missed: tuple[str, ...]
    spurious: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "origin": self.origin,
            "text": self.text,
            "missed": list(self.missed),
            "spurious": list(self.spurious),
        }


@dataclass(frozen=True, slots=True)
class EventReport:
    """Event-level scores: aspects, PETRARCH-style records passed, root confusion, misses."""

    run: RunInfo
    aspects: tuple[AspectScore, ...]
    passed: int  # items whose coded events are exactly the gold ones
    complete: int  # items where every gold event was coded
    confusion: Confusion
    misses: tuple[EventMiss, ...]
    #: ``(confidence, type right)`` of every counted coded event: right when the item's gold
    #: has an event of its CAMEO root (PLOVER type where the gold has no roots).
    confidences: tuple[tuple[float, bool], ...] = field(default=())

    @property
    def calibration_error(self) -> float | None:
        return calibration_error(self.confidences)

    def aspect(self, name: str) -> AspectScore | None:
        return next((a for a in self.aspects if a.aspect == name), None)

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": "events",
            "run": self.run.to_dict(),
            "aspects": [a.to_dict() for a in self.aspects],
            "items_passed": _figure(self.passed, self.run.items),
            "items_complete": _figure(self.complete, self.run.items),
            "root_confusion": self.confusion.to_dict(),
            "calibration": {
                "expected_error": _round(self.calibration_error),
                "bands": [b.to_dict() for b in bands(self.confidences)],
            },
            "misses": [m.to_dict() for m in self.misses],
        }

    def to_markdown(self) -> str:
        lines = ["# Event coding against gold", "", *self.run.to_markdown()]
        lines += [
            "| aspect | items | gold | coded | matched | precision | recall | F1 |",
            "|---|---|---|---|---|---|---|---|",
        ]
        for a in self.aspects:
            lines.append(f"| {a.title} | {a.items} | {_score_cells(a.score)} |")
        n = self.run.items
        lines += [
            "",
            f"Items passed (the coded events are exactly the gold ones, PETRARCH's rule): "
            f"{_share(self.passed, n)}; every gold event found: {_share(self.complete, n)}.",
            "",
        ]
        for a in self.aspects:
            if a.by_type:
                lines += [f"## By {a.title}", "", *_type_table(a.by_type), ""]
        lines += [
            "## Confusion of CAMEO roots",
            "",
            "Rows are gold roots, columns coded ones; a gold event is paired with a coded one of "
            f"the same root, else of the same dyad; `{NONE}` is no event.",
            "",
            *self.confusion.to_markdown(),
            "",
            *_calibration_lines(self.confidences, "coded event's"),
            "## Misses",
            "",
            "| id | text | missed (gold) | spurious (coded) |",
            "|---|---|---|---|",
        ]
        for m in self.misses:
            lines.append(
                f"| {_cell(m.id)} | {_cell(m.text, 160)} | {'; '.join(m.missed) or '-'} "
                f"| {'; '.join(m.spurious) or '-'} |"
            )
        return "\n".join(lines) + "\n"


@dataclass(frozen=True, slots=True)
class LabelMiss:
    """An item whose main event has another label than the gold's (or there is none)."""

    id: str
    origin: str
    text: str
    gold: str
    coded: str
    events: tuple[str, ...]  # every counted event of the item, to see what was there

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "origin": self.origin,
            "text": self.text,
            "gold": self.gold,
            "coded": self.coded,
            "events": list(self.events),
        }


@dataclass(frozen=True, slots=True)
class LabelReport:
    """One label per item (the type of its main event) compared as a classification."""

    run: RunInfo
    title: str
    correct: int
    anywhere: int  # items where some counted event has the gold label
    no_event: int  # items with no counted event (coded as NONE)
    by_label: tuple[TypeScore, ...]
    confusion: Confusion
    misses: tuple[LabelMiss, ...] = field(default=())
    #: ``(confidence, right)`` of each item's main event: how well confidence is calibrated.
    confidences: tuple[tuple[float, bool], ...] = field(default=())

    @property
    def accuracy(self) -> float | None:
        return self.correct / self.run.items if self.run.items else None

    @property
    def calibration_error(self) -> float | None:
        """Expected calibration error of the main events' confidence (see evaluate.calibration)."""
        return calibration_error(self.confidences)

    @property
    def macro_f1(self) -> float | None:
        """Mean F1 over the gold labels (a label nothing was coded as counts 0)."""
        scores = [t.score.f1 or 0.0 for t in self.by_label if t.score.gold]
        return sum(scores) / len(scores) if scores else None

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": "labels",
            "title": self.title,
            "run": self.run.to_dict(),
            "accuracy": _figure(self.correct, self.run.items),
            "macro_f1": _round(self.macro_f1),
            "label_anywhere": _figure(self.anywhere, self.run.items),
            "no_event": self.no_event,
            "by_label": [t.to_dict() for t in self.by_label],
            "confusion": self.confusion.to_dict(),
            "calibration": {
                "expected_error": _round(self.calibration_error),
                "bands": [b.to_dict() for b in bands(self.confidences)],
            },
            "misses": [m.to_dict() for m in self.misses],
        }

    def to_markdown(self) -> str:
        n = self.run.items
        f1 = self.macro_f1
        lines = [f"# {self.title} against gold", "", *self.run.to_markdown()]
        lines += [
            f"Accuracy of the main event's label: {_share(self.correct, n)}; macro-F1 "
            f"{'-' if f1 is None else f'{f1:.3f}'}. The gold label is among the labels of "
            f"any counted event in {_share(self.anywhere, n)}; {self.no_event} items have no "
            "counted event.",
            "",
            "## By label",
            "",
            *_type_table(self.by_label),
            "",
            "## Confusion",
            "",
            f"Rows are gold labels, columns the main event's; `{NONE}` is no event.",
            "",
            *self.confusion.to_markdown(),
            "",
            *_calibration_lines(self.confidences),
            "## Misses",
            "",
            "| id | text | gold | coded | events |",
            "|---|---|---|---|---|",
        ]
        for m in self.misses:
            lines.append(
                f"| {_cell(m.id)} | {_cell(m.text, 160)} | {m.gold} | {m.coded} "
                f"| {'; '.join(m.events) or '-'} |"
            )
        return "\n".join(lines) + "\n"


def _calibration_lines(
    pairs: Sequence[tuple[float, bool]], whose: str = "main event's"
) -> list[str]:
    """The reliability table: is an event coded with confidence 0.8 right four times in five?"""
    error = calibration_error(pairs)
    if error is None:
        return []
    lines = [
        "## Calibration",
        "",
        f"Expected calibration error of the {whose} confidence: {error:.3f} "
        "(0 when each band's share right equals its mean confidence).",
        "",
        "| confidence | events | mean confidence | share right |",
        "|---|---:|---:|---:|",
    ]
    lines += [
        f"| {b.low:.1f}-{b.high:.1f} | {b.n} | {b.mean_confidence:.2f} | {b.share_right:.1%} |"
        for b in bands(pairs)
    ]
    return [*lines, ""]


@dataclass(frozen=True, slots=True)
class SpanSide:
    """Agreement of one side's actor spans (source or target) with the gold tokens."""

    side: str
    gold: int  # items with a gold span on this side
    found: int  # ... where the main event has an actor on this side
    overlap: int  # ... whose span shares a token with the gold span
    anywhere: int  # ... where some counted event's actor on this side shares a token
    tokens: Score  # tokens of our span against the gold tokens, over all items

    def to_dict(self) -> dict[str, Any]:
        return {
            "side": self.side,
            "gold": self.gold,
            "found": _figure(self.found, self.gold),
            "overlap": _figure(self.overlap, self.gold),
            "anywhere": _figure(self.anywhere, self.gold),
            "tokens": self.tokens.to_dict(),
        }


@dataclass(frozen=True, slots=True)
class SpanMiss:
    id: str
    origin: str
    text: str
    side: str
    gold: str
    coded: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "origin": self.origin,
            "text": self.text,
            "side": self.side,
            "gold": self.gold,
            "coded": self.coded,
        }


@dataclass(frozen=True, slots=True)
class SpanReport:
    """Source and target spans of the main event against gold spans."""

    run: RunInfo
    no_event: int
    sides: tuple[SpanSide, ...]
    misses: tuple[SpanMiss, ...] = ()

    def side(self, name: str) -> SpanSide | None:
        return next((s for s in self.sides if s.side == name), None)

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": "spans",
            "run": self.run.to_dict(),
            "no_event": self.no_event,
            "sides": [s.to_dict() for s in self.sides],
            "misses": [m.to_dict() for m in self.misses],
        }

    def to_markdown(self) -> str:
        lines = ["# Actor spans against gold", "", *self.run.to_markdown()]
        lines += [
            f"{self.no_event} items have no counted event. Tokens tagged as a mutual actor (`R`) "
            "count on both sides.",
            "",
            "| side | gold spans | found | overlap | overlap (any event) | token precision "
            "| token recall | token F1 |",
            "|---|---|---|---|---|---|---|---|",
        ]
        for s in self.sides:
            t = s.tokens
            lines.append(
                f"| {s.side} | {s.gold} | {_share(s.found, s.gold)} | {_share(s.overlap, s.gold)} "
                f"| {_share(s.anywhere, s.gold)} | {_pct(t.precision)} | {_pct(t.recall)} "
                f"| {_pct(t.f1)} |"
            )
        lines += [
            "",
            "## Misses",
            "",
            "| id | text | side | gold | coded |",
            "|---|---|---|---|---|",
        ]
        for m in self.misses:
            lines.append(
                f"| {_cell(m.id)} | {_cell(m.text, 160)} | {m.side} | {_cell(m.gold)} "
                f"| {_cell(m.coded) or '-'} |"
            )
        return "\n".join(lines) + "\n"


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 3)


def _figure(n: int, total: int) -> dict[str, Any]:
    return {"n": n, "of": total, "share": _round(n / total) if total else None}


def _pct(value: float | None) -> str:
    return "-" if value is None else f"{100 * value:.1f}%"


def _share(n: int, total: int) -> str:
    return f"{_pct(n / total if total else None)} ({n}/{total})"


def _score_cells(s: Score) -> str:
    return (
        f"{s.gold} | {s.coded} | {s.matched} | {_pct(s.precision)} | {_pct(s.recall)} "
        f"| {_pct(s.f1)}"
    )


def _type_table(types: Sequence[TypeScore]) -> list[str]:
    named = any(t.name for t in types)
    name = " name |" if named else ""
    lines = [
        f"| type |{name} gold | coded | matched | precision | recall | F1 |",
        "|---|" + ("---|" if named else "") + "---|---|---|---|---|---|",
    ]
    for t in types:
        cell = f" {t.name} |" if named else ""
        lines.append(f"| {t.type} |{cell} {_score_cells(t.score)} |")
    return lines


def _cell(text: str, width: int = 60) -> str:
    text = " ".join(text.split()).replace("|", "\\|")
    return text if len(text) <= width else text[: width - 1] + "…"
