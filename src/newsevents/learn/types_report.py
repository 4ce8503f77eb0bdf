"""Cross-validated figures of the type layer, its decision threshold and its calibration.

Given out-of-fold class probabilities for the Multi-CoPED sentences (each from a model that
did not train on it), the sentences are coded by the rules alone, then the type layer's
decision (:func:`newsevents.events.retype.decide`) is applied with those probabilities, so the
rules-only, classifier-only and combined figures come from the same run. The threshold that
maximises the combined macro-F1 becomes the shipped policy, and the calibration of
``confidence`` is fitted on the same held-back predictions (and its error is reported
cross-validated: each fold's calibration is fitted on the other folds).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..evaluate.calibration import Band, bands, calibration_error
from ..evaluate.multicoped import read_multicoped_classes
from ..evaluate.scoring import main_event
from ..events.retype import MAIN_MODES, Calibration, DecisionPolicy, apply, event_class
from ..events.typemodel import TypeProbabilities
from ..pipeline import Pipeline
from ..settings import Settings
from ..types import Article, Document, Event
from .reviewed import ReviewedSentence, hold_out, type_examples
from .types import PENTA_LABELS, Examples, ReviewedTypes

__all__ = [
    "ReviewedTypeFigures",
    "TypeFigures",
    "cross_validated_figures",
    "reviewed_type_figures",
    "reviewed_types",
]

#: The thresholds tried for :class:`DecisionPolicy`'s ``min_class``.
THRESHOLDS = (0.5, 0.6, 0.7, 0.8, 0.9, 1.01)
TRAINING_DATE = dt.date(2020, 1, 1)


def macro_f1(gold: Sequence[str], coded: Sequence[str | None]) -> float:
    scores = []
    for label in PENTA_LABELS:
        tp = sum(g == label and c == label for g, c in zip(gold, coded, strict=True))
        g_n = sum(g == label for g in gold)
        c_n = sum(c == label for c in coded)
        scores.append(2 * tp / (g_n + c_n) if g_n + c_n else 0.0)
    return sum(scores) / len(scores)


def accuracy(gold: Sequence[str], coded: Sequence[str | None]) -> float:
    return sum(g == c for g, c in zip(gold, coded, strict=True)) / len(gold)


@dataclass
class TypeFigures:
    n: int
    rules: tuple[float, float]
    model: tuple[float, float]
    combined: dict[float, tuple[float, float]]
    policy: DecisionPolicy
    #: Calibration, its cross-validated error and reliability table, when the lexicon decides
    #: (the default) and with the classifier's override.
    calibration: Calibration
    calibration_override: Calibration
    ece_rules: float
    ece: float
    ece_override: float
    table: list[Band] = field(default_factory=list)

    def meta(self) -> dict[str, Any]:
        a, f = self.combined[self.policy.min_class]
        return {
            "policy": {"min_class": self.policy.min_class},
            "calibration": dataclasses.asdict(self.calibration),
            "calibration_override": dataclasses.asdict(self.calibration_override),
            "cross_validated": {
                "sentences": self.n,
                "rules": {"accuracy": round(self.rules[0], 4), "macro_f1": round(self.rules[1], 4)},
                "model": {"accuracy": round(self.model[0], 4), "macro_f1": round(self.model[1], 4)},
                "override": {"accuracy": round(a, 4), "macro_f1": round(f, 4)},
                "ece_rules_confidence": round(self.ece_rules, 4),
                "ece_calibrated": round(self.ece, 4),
                "ece_calibrated_override": round(self.ece_override, 4),
            },
        }

    def to_markdown(self) -> str:
        lines = [
            f"## Event type layer, Multi-CoPED classes, cross-validated ({self.n} sentences)",
            "",
            "| coder | accuracy | macro-F1 |",
            "|---|---:|---:|",
            f"| rules alone (the lexicon decides: the default) | {self.rules[0]:.1%} "
            f"| {self.rules[1]:.3f} |",
            f"| classifier alone (every sentence, even without an event) | {self.model[0]:.1%} "
            f"| {self.model[1]:.3f} |",
        ]
        for t, (a, f) in sorted(self.combined.items()):
            mark = " (chosen)" if t == self.policy.min_class else ""
            lines.append(f"| override at min_class {t:.2f}{mark} | {a:.1%} | {f:.3f} |")
        lines += [
            "",
            "Expected calibration error of the main event's confidence (cross-validated): "
            f"the rules' own {self.ece_rules:.3f}; calibrated {self.ece:.3f} (lexicon "
            f"decides), {self.ece_override:.3f} (override).",
            "",
            "| confidence (lexicon decides) | events | share right |",
            "|---|---:|---:|",
        ]
        lines += [f"| {b.low:.1f}-{b.high:.1f} | {b.n} | {b.share_right:.1%} |" for b in self.table]
        return "\n".join(lines) + "\n"


def _main(events: Sequence[Event]) -> Event | None:
    """The sentence's main event, as the scorer and the type layer take it."""
    return main_event(events, MAIN_MODES)


def cross_validated_figures(
    classes: Path,
    out_of_fold: Any,
    settings: Settings,
    *,
    date: dt.date | None = None,
    folds: int = 5,
) -> TypeFigures:
    """Rules-only, classifier-only and combined figures from out-of-fold probabilities.

    Each sentence is parsed and coded by the rules once; every policy is then applied to those
    documents with the sentence's out-of-fold probabilities, and the stages after the type
    layer (time, places, relevance, claims) run as in the pipeline.
    """
    import numpy as np

    items = [i for i in read_multicoped_classes(classes) if not isinstance(i, Exception)]
    gold = [item.label for item in items]
    pipeline = Pipeline(settings.replace(learned_types=False))
    names = [s.name for s in pipeline.stages]
    cut = names.index("events") + 1
    before, after = pipeline.stages[:cut], pipeline.stages[cut:]
    articles = [
        Article(id=str(n), date=date or TRAINING_DATE, text=item.text)
        for n, item in enumerate(items)
    ]
    coded = []
    for doc in pipeline.parser.pipe(articles):
        for stage in before:
            doc = stage(doc)
        coded.append(doc)
    probabilities = [
        TypeProbabilities(tuple(float(x) for x in row), ()) for row in np.asarray(out_of_fold)
    ]

    def finish(doc: Document) -> Document:
        for stage in after:
            doc = stage(doc)
        return doc

    def label(doc: Document) -> str | None:
        main = _main(doc.events)
        return event_class(main.cameo) if main is not None else None

    def combined(policy: DecisionPolicy) -> list[Document]:
        return [
            finish(apply(doc, {s.index: p for s in doc.sentences}, policy, None))
            for doc, p in zip(coded, probabilities, strict=True)
        ]

    before_docs = [finish(doc) for doc in coded]
    rules = [label(doc) for doc in before_docs]
    model = [p.best_class()[0] for p in probabilities]
    results = {}
    for t in THRESHOLDS:
        labels = [label(d) for d in combined(DecisionPolicy(min_class=t))]
        results[t] = (accuracy(gold, labels), macro_f1(gold, labels))
    policy = DecisionPolicy(min_class=max(results, key=lambda t: (results[t][1], -t)))

    def rows_of(docs: Sequence[Document]) -> tuple[Any, Any, list[float]]:
        """Features and rightness of each sentence's main event (see :class:`Calibration`)."""
        rows, right, conf = [], [], []
        for doc, was_doc, p, g in zip(docs, before_docs, probabilities, gold, strict=True):
            main = _main(doc.events)
            if main is None:
                continue
            was = _main(was_doc.events)
            changed = was is None or was.cameo != main.cameo
            pc = min(max(p.of_class(event_class(main.cameo)), 1e-4), 1 - 1e-4)
            rows.append([math.log(pc / (1 - pc)), main.confidence, float(changed)])
            right.append(event_class(main.cameo) == g)
            conf.append(main.confidence)
        return np.array(rows), np.array(right), conf

    x, y, rules_conf = rows_of(before_docs)
    calibration, ece, table = _fit_calibration(x, y, folds)
    ece_rules = calibration_error(list(zip(rules_conf, y, strict=True))) or 0.0
    x, y, _ = rows_of(combined(policy))
    calibration_override, ece_override, _ = _fit_calibration(x, y, folds)
    return TypeFigures(
        n=len(items),
        rules=(accuracy(gold, rules), macro_f1(gold, rules)),
        model=(accuracy(gold, model), macro_f1(gold, model)),
        combined=results,
        policy=policy,
        calibration=calibration,
        calibration_override=calibration_override,
        ece_rules=ece_rules,
        ece=ece,
        ece_override=ece_override,
        table=table,
    )


def _fit_calibration(x: Any, y: Any, folds: int) -> tuple[Calibration, float, list[Band]]:
    """A logistic calibration on all rows, and its error cross-validated over ``folds``."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import StratifiedKFold

    def fit(rows: Any, labels: Any) -> Calibration:
        model = LogisticRegression(C=10.0, max_iter=1000)
        model.fit(rows, labels)
        w = model.coef_[0]
        return Calibration(
            bias=round(float(model.intercept_[0]), 4),
            w_class=round(float(w[0]), 4),
            w_rules=round(float(w[1]), 4),
            w_changed=round(float(w[2]), 4),
        )

    held: list[tuple[float, bool]] = []
    split = StratifiedKFold(folds, shuffle=True, random_state=13)
    for train, test in split.split(x, y):
        c = fit(x[train], y[train])
        for row, ok in zip(x[test], y[test], strict=True):
            p = 1 / (1 + math.exp(-row[0]))
            held.append((c(p, float(row[1]), bool(row[2])), bool(ok)))
    return fit(x, y), calibration_error(held) or 0.0, bands(held)


# -- reviewed gold ------------------------------------------------------------------------------


def reviewed_types(
    sentences: Sequence[ReviewedSentence], share: float, seed: int, copies: int = 1
) -> tuple[ReviewedTypes, list[ReviewedSentence]]:
    """The type model's reviewed examples, a seeded share of documents held back (as the
    argument training holds them back), and the held-back sentences that have a class."""
    learning, held = hold_out(sentences, share, seed)
    train = type_examples(learning)
    held_examples = type_examples(held)
    held_with_class = [s for s in held if type_examples([s])]
    plover = [(text, p) for text, _, p in train if p]
    return (
        ReviewedTypes(
            train=Examples(tuple(t for t, _, _ in train), tuple(c for _, c, _ in train)),
            train_plover=Examples(tuple(t for t, _ in plover), tuple(p for _, p in plover)),
            held=Examples(
                tuple(t for t, _, _ in held_examples), tuple(c for _, c, _ in held_examples)
            ),
            copies=copies,
        ),
        held_with_class,
    )


@dataclass(frozen=True)
class ReviewedTypeFigures:
    """Class accuracy on the held-back reviewed sentences: the rules' main event, the
    classifier trained without the reviews, and the one trained with them."""

    n: int
    rules: float
    before: float
    after: float

    def to_markdown(self) -> str:
        return "\n".join(
            [
                f"## Event type layer, held-back reviewed sentences ({self.n})",
                "",
                "| coder | class accuracy |",
                "|---|---:|",
                f"| rules alone (main event) | {self.rules:.1%} |",
                f"| classifier without the reviews | {self.before:.1%} |",
                f"| classifier with the reviews | {self.after:.1%} |",
                "",
            ]
        )

    def meta(self) -> dict[str, Any]:
        return {
            "reviewed_held_back": {
                "sentences": self.n,
                "rules": round(self.rules, 4),
                "before": round(self.before, 4),
                "after": round(self.after, 4),
            }
        }


def reviewed_type_figures(
    held: Sequence[ReviewedSentence],
    gold: Sequence[str],
    before: Any,
    after: Any,
    settings: Settings,
    *,
    date: dt.date | None = None,
) -> ReviewedTypeFigures:
    """Rules-only, before and after class accuracy on held-back reviewed sentences; ``gold``
    are their classes and ``before``/``after`` the two models' ``(n, 5)`` probabilities."""
    import numpy as np

    pipeline = Pipeline(settings.replace(learned_types=False))
    articles = [Article(id=s.id, date=s.date or date or TRAINING_DATE, text=s.text) for s in held]
    rules = []
    for doc in pipeline.pipe(articles):
        main = _main(doc.events)
        rules.append(event_class(main.cameo) if main is not None else None)

    def classes(probabilities: Any) -> list[str | None]:
        return [PENTA_LABELS[int(i)] for i in np.argmax(np.asarray(probabilities), axis=1)]

    return ReviewedTypeFigures(
        n=len(gold),
        rules=accuracy(gold, rules),
        before=accuracy(gold, classes(before)),
        after=accuracy(gold, classes(after)),
    )
