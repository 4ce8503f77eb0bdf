"""Training the argument selection with reviewed gold beside the shared span gold.

``newsevents train arguments GOLD... --reviewed REVIEWED.jsonl`` reads the reviewers' events
(:mod:`newsevents.learn.reviewed`), holds back a seeded share of their documents, and trains
on the shared gold plus the rest. Each reviewed event names its trigger, so its example is the
coder's own trigger at that place (no guessing which trigger states the gold, as for the
shared spans); an event the coder has no trigger for, or whose trigger the rules leave no side
to fill, teaches nothing, since the selection only ever fills a side of an event the rules
found.

The held-back reviewed events are then coded three ways in the same run, so the figures say
what the reviews changed:

* the rules alone;
* the model trained on the shared gold only (*before*: what ``train arguments GOLD...`` makes);
* the model trained with the reviewed gold too (*after*: the model written).

Each held-back event is scored on its own trigger: the coded event at the reviewed trigger
(none: nothing found), its source and target against the reviewed words (overlap of
characters) and codes (exact), and the sides it fills where the reviewer marked none.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..events.extract import CandidateSet, EventCoder
from ..events.selection import SIDES, ArgumentModel, Side, text_key
from ..pipeline import Pipeline
from ..settings import Settings
from ..types import Actor, Article, Document, Event, Span
from .arguments import (
    TRAINING_DATE,
    Choice,
    CrossValidation,
    TrainSettings,
    choices_at,
    code_with,
    cross_validate,
    fit,
    item_choices,
    prepare,
    read_span_gold,
    training_meta,
    usable_set,
)
from .reviewed import ReviewedEvent, ReviewedSentence, hold_out, read_reviewed_files, span_items

__all__ = [
    "ReviewSettings",
    "ReviewedFigures",
    "SideScore",
    "reviewed_choices",
    "score_reviewed",
    "train_with_reviews",
]


@dataclass(frozen=True, slots=True)
class ReviewSettings:
    """How reviewed gold is used: the files, the share of documents held back, and how much
    a reviewed choice counts against a shared one (1.0 measured best on the simulation in
    docs/arguments.md)."""

    paths: tuple[Path, ...]
    hold_out: float = 0.2
    weight: float = 1.0


# -- examples ---------------------------------------------------------------------------------


def trigger_set(sets: Sequence[CandidateSet], trigger: Span) -> CandidateSet | None:
    """The coder's trigger at the reviewed trigger's place: the one starting inside it."""
    return next((s for s in sets if trigger.start <= s.start < trigger.end), None)


def reviewed_choices(
    coder: EventCoder, sentence: ReviewedSentence, doc: Document, weight: float = 1.0
) -> list[Choice]:
    """The choices one reviewed sentence teaches: one pair per true event with marked words
    whose trigger the coder has and may fill (see the module docstring)."""
    sets = list(coder.candidate_sets(doc))
    out: list[Choice] = []
    for event, item in span_items(sentence):
        assert event.trigger is not None
        found = trigger_set(sets, event.trigger)
        if found is not None and usable_set(item, found):
            out += choices_at(item, found, weight)
    return out


def prepare_reviewed(
    sentences: Sequence[ReviewedSentence], pipeline: Pipeline, date: dt.date = TRAINING_DATE
) -> list[Document]:
    """Each sentence parsed and its actors resolved, as published on its own date."""
    articles = (
        Article(id=s.id, date=s.date or date, text=s.text, origin=s.origin) for s in sentences
    )
    actors = pipeline.stage("actors")
    return [actors(doc) for doc in pipeline.parser.pipe(articles)]


# -- scoring ----------------------------------------------------------------------------------


@dataclass
class SideScore:
    """One side of the held-back events: how many have reviewed words (``spans``) and codes,
    how many of those the coder fills, overlaps and matches, and how many it fills where
    the reviewer marked nobody (``extra``)."""

    spans: int = 0
    found: int = 0
    overlap: int = 0
    codes: int = 0
    code_match: int = 0
    empty: int = 0
    extra: int = 0

    def to_dict(self) -> dict[str, int]:
        return dataclasses.asdict(self)


@dataclass
class CoderScore:
    events: int = 0
    triggered: int = 0  # events whose trigger the coder codes
    sides: dict[str, SideScore] = field(default_factory=lambda: {s: SideScore() for s in SIDES})


def coded_at(events: Sequence[Event], trigger: Span) -> Event | None:
    """The coded event at a reviewed trigger: the same start first, else any overlap."""
    overlapping = [
        e for e in events if e.trigger.start < trigger.end and trigger.start < e.trigger.end
    ]
    same = [e for e in overlapping if e.trigger.start == trigger.start]
    best = same or overlapping
    return best[0] if best else None


def score_reviewed(
    sentences: Sequence[ReviewedSentence], coded: Sequence[Sequence[Event]]
) -> CoderScore:
    """Each reviewed true event with a trigger against the coded event at that trigger."""
    score = CoderScore()
    for sentence, events in zip(sentences, coded, strict=True):
        for gold in sentence.events:
            if gold.trigger is None:
                continue
            ours = coded_at(events, gold.trigger)
            score.events += 1
            score.triggered += ours is not None
            for side in SIDES:
                _score_side(score.sides[side], side, gold, ours)
    return score


def _score_side(tally: SideScore, side: Side, gold: ReviewedEvent, ours: Event | None) -> None:
    span = gold.source_span if side == "source" else gold.target_span
    code = gold.source if side == "source" else gold.target
    actor: Actor | None = None
    if ours is not None:
        actor = ours.source if side == "source" else ours.target
    if span is not None:
        tally.spans += 1
        tally.found += actor is not None
        tally.overlap += actor is not None and actor.start < span.end and span.start < actor.end
    if code is not None:
        tally.codes += 1
        tally.code_match += actor is not None and actor.code == code
    if span is None and code is None:
        tally.empty += 1
        tally.extra += actor is not None


@dataclass(frozen=True)
class ReviewedFigures:
    """Held-back reviewed events coded by the rules, the model before and after the reviews."""

    name: str
    sentences: int
    documents: int
    train_sentences: int
    train_choices: int
    weight: float
    share: float
    seed: int
    scores: dict[str, CoderScore]

    def to_dict(self) -> dict[str, Any]:
        return {
            "held_back": {"sentences": self.sentences, "documents": self.documents},
            "trained_on": {"sentences": self.train_sentences, "choices": self.train_choices},
            "weight": self.weight,
            "share": self.share,
            "seed": self.seed,
            "scores": {
                coder: {
                    "events": s.events,
                    "triggered": s.triggered,
                    **{side: s.sides[side].to_dict() for side in SIDES},
                }
                for coder, s in self.scores.items()
            },
        }

    def to_markdown(self) -> str:
        any_score = next(iter(self.scores.values()))
        lines = [
            f"Held-back reviewed events of `{self.name}`: {any_score.events} events in "
            f"{self.sentences} sentences of {self.documents} documents ({self.share:.0%} of the "
            f"documents, seed {self.seed}), {any_score.triggered} at a trigger the coder codes. "
            f"The model after the reviews also trained on {self.train_choices} choices from "
            f"{self.train_sentences} reviewed sentences (weight {self.weight:g}). Overlap: the "
            "coded actor shares a character with the reviewed words; code: the same actor "
            "code; extra: a party coded where the reviewer marked none.",
            "",
            "| coder | source overlap | source code | target overlap | target code "
            "| target extra |",
            "|---|---|---|---|---|---|",
        ]
        for name, score in self.scores.items():
            src, tgt = score.sides["source"], score.sides["target"]
            cells = [
                _pct(src.overlap, src.spans),
                _pct(src.code_match, src.codes),
                _pct(tgt.overlap, tgt.spans),
                _pct(tgt.code_match, tgt.codes),
                f"{tgt.extra}/{tgt.empty}",
            ]
            lines.append(f"| {name} | " + " | ".join(cells) + " |")
        return "\n".join(lines) + "\n"


def _pct(n: int, d: int) -> str:
    return f"{100 * n / d:.1f}% ({n}/{d})" if d else "-"


# -- the whole run ----------------------------------------------------------------------------


def train_with_reviews(
    paths: Sequence[Path],
    review: ReviewSettings,
    pipeline: Pipeline,
    train: TrainSettings,
    *,
    cross_validated: bool = True,
    date: dt.date | None = None,
    on_error: Callable[[InputError], None] = lambda _e: None,
) -> tuple[ArgumentModel, CrossValidation | None, ReviewedFigures | None]:
    """The model trained on the shared gold and the reviewed sentences not held back; the
    shared gold's cross-validated figures (each fold also trained on those reviews); and the
    held-back figures of the rules, the model before and the model after the reviews."""
    items = read_span_gold(paths, on_error)
    if not items:
        raise InputError(", ".join(map(str, paths)), "no span gold to train on")
    sentences = read_reviewed_files(review.paths, on_error)
    if not sentences:
        raise InputError(", ".join(map(str, review.paths)), "no reviewed sentences")
    learning, held = hold_out(sentences, review.hold_out, train.seed)
    when = date or TRAINING_DATE
    settings = dataclasses.replace(pipeline.settings, learned_arguments=False)
    coder = EventCoder(settings, arguments=None)
    docs = prepare(items, pipeline, when)
    per_item = item_choices(coder, items, docs)
    shared = [c for cs in per_item for c in cs]
    reviewed_docs = prepare_reviewed(learning, pipeline, when)
    extra = [
        c
        for sentence, doc in zip(learning, reviewed_docs, strict=True)
        for c in reviewed_choices(coder, sentence, doc, review.weight)
    ]
    names = ", ".join(p.name for p in paths)
    cv = (
        cross_validate(items, docs, per_item, settings, train, gold_name=names, extra=extra)
        if cross_validated and train.folds > 1
        else None
    )
    meta = training_meta(paths, items, train, cv)
    meta["reviewed"] = {
        "trained_on": [
            {"file": p.name, "sha256": hashlib.sha256(p.read_bytes()).hexdigest()}
            for p in review.paths
        ],
        "sentences": len(learning),
        "choices": len(extra),
        "weight": review.weight,
        "held_back": {"share": review.hold_out, "seed": train.seed, "sentences": len(held)},
    }
    meta["sentence_keys"] = sorted({*meta["sentence_keys"], *(text_key(s.text) for s in learning)})
    after = fit([*shared, *extra], train, meta)
    figures = None
    if held:
        before = fit(shared, train, {})
        figures = held_back_figures(held, before, after, settings, pipeline, when, review)
        figures = dataclasses.replace(
            figures, train_sentences=len(learning), train_choices=len(extra), seed=train.seed
        )
        after = ArgumentModel(
            after.weights, after.margins, {**after.meta, "reviewed_figures": figures.to_dict()}
        )
    return after, cv, figures


def held_back_figures(
    held: Sequence[ReviewedSentence],
    before: ArgumentModel,
    after: ArgumentModel,
    settings: Settings,
    pipeline: Pipeline,
    date: dt.date,
    review: ReviewSettings,
) -> ReviewedFigures:
    """The held-back sentences coded by the rules, ``before`` and ``after``, and scored."""
    docs = prepare_reviewed(held, pipeline, date)
    scores = {
        name: score_reviewed(held, code_with(settings, model, docs))
        for name, model in (
            ("rules only", None),
            ("model without the reviews", before),
            ("model with the reviews", after),
        )
    }
    return ReviewedFigures(
        name=", ".join(p.name for p in review.paths),
        sentences=len(held),
        documents=len({s.doc_id for s in held}),
        train_sentences=0,
        train_choices=0,
        weight=review.weight,
        share=review.hold_out,
        seed=0,
        scores=scores,
    )
