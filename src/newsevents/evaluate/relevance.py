"""Measuring the relevance score on hand-labelled events (``tests/data/relevance_labels.jsonl``).

Each label names a coded event by its id in an article of a corpus file, with its evidence
sentence, trigger, CAMEO code and the hand label (political or not) and the half it belongs
to (``dev``: the weights were set on it; ``test``: reported). :func:`score_labels` codes the
articles again with every event kept (``min_relevance`` 0) and reads each labelled event's
score (an event whose parties changed is found by its sentence, trigger and code);
:func:`relevance_figures` counts them at a threshold. An event the coder no longer codes with
the same trigger and type is counted as ``missing``, never guessed.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from ..ingest import iter_articles
from ..pipeline import Pipeline
from ..serialize import event_id
from ..settings import Settings
from ..types import Article


@dataclass(frozen=True, slots=True)
class RelevanceLabel:
    doc_id: str
    corpus: str
    event_id: str
    sentence: str
    trigger: str
    cameo: str
    political: bool
    half: str


@dataclass(frozen=True, slots=True)
class RelevanceFigures:
    """Counts at one threshold: "political" is the positive class."""

    threshold: float
    kept_political: int  # true positives
    kept_other: int  # false positives: non-political events left in
    lost_political: int  # false negatives: political events dropped
    removed_other: int  # true negatives: non-political events dropped
    missing: int = 0

    @property
    def precision(self) -> float:
        kept = self.kept_political + self.kept_other
        return self.kept_political / kept if kept else 0.0

    @property
    def recall(self) -> float:
        political = self.kept_political + self.lost_political
        return self.kept_political / political if political else 0.0

    @property
    def base_precision(self) -> float:
        """The precision without the filter: the share of political events in the sample."""
        n = self.kept_political + self.kept_other + self.lost_political + self.removed_other
        return (self.kept_political + self.lost_political) / n if n else 0.0


def read_labels(path: str | Path) -> list[RelevanceLabel]:
    with open(path, encoding="utf-8") as f:
        return [RelevanceLabel(**json.loads(line)) for line in f if line.strip()]


def score_labels(
    labels: Sequence[RelevanceLabel], corpus_dir: str | Path, settings: Settings | None = None
) -> list[tuple[RelevanceLabel, float | None]]:
    """Each label with the relevance the coder gives its event now (None: not coded)."""
    settings = (settings or Settings()).replace(min_relevance=0.0)
    wanted = {(label.corpus, label.doc_id) for label in labels}
    articles: list[Article] = []
    for corpus in sorted({corpus for corpus, _ in wanted}):
        for item in iter_articles([Path(corpus_dir) / corpus]):
            if isinstance(item, Article) and (corpus, item.id) in wanted:
                articles.append(item)
    scores: dict[str, float] = {}
    by_trigger: dict[tuple[str, str, str, str], float] = {}
    for doc in Pipeline(settings).pipe(articles):
        for event in doc.events:
            scores[event_id(event)] = event.relevance
            key = (event.doc_id, event.evidence.text, event.trigger.text, event.cameo)
            by_trigger.setdefault(key, event.relevance)
    # An event whose parties changed has another id, but is the same word in the same
    # sentence coded with the same type: whether it is political does not depend on who.
    return [
        (
            label,
            scores.get(
                label.event_id,
                by_trigger.get((label.doc_id, label.sentence, label.trigger, label.cameo)),
            ),
        )
        for label in labels
    ]


def relevance_figures(
    scored: Iterable[tuple[RelevanceLabel, float | None]],
    threshold: float,
    half: str | None = None,
) -> RelevanceFigures:
    counts = {"tp": 0, "fp": 0, "fn": 0, "tn": 0, "missing": 0}
    for label, relevance in scored:
        if half is not None and label.half != half:
            continue
        if relevance is None:
            counts["missing"] += 1
            continue
        kept = relevance >= threshold
        key = ("tp" if kept else "fn") if label.political else ("fp" if kept else "tn")
        counts[key] += 1
    return RelevanceFigures(
        threshold, counts["tp"], counts["fp"], counts["fn"], counts["tn"], counts["missing"]
    )
