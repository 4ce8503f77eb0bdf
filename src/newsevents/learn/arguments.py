"""Training the learned argument selection: gold spans → choices → conditional-logit weights.

``newsevents train arguments GOLD...`` reads sentences whose event's source and target spans
experts marked (the Multi-CoPED ``train_ner.jsonl`` format: tokens with BIO tags ``S``, ``T``
and ``R``), codes them as the pipeline does, and turns each into *choices*: for the trigger
that states the sentence's event, one choice per side among the sentence's actors and "none
of them" (:mod:`newsevents.events.selection`). A candidate is right when its actor's span
shares a token with the gold span of that side, as the evaluation scores it; "none" is right
when no candidate is. The weights maximise the likelihood of the right choices under a
softmax over each choice's options (a conditional logit) with an L2 penalty, by L-BFGS: no
randomness, so the same data, settings and library versions give the same weights.

Which trigger states the gold event is not marked; it is the trigger whose candidates cover
the most gold sides (ties: the first in the text). Sentences where no trigger has a candidate
teach nothing.

Figures on the training data are always cross-validated: the sentences are shuffled with the
seed and split into folds, each fold is coded by a model trained on the others, and the
rules-only coder is scored on the same sentences in the same run.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import random
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .. import __version__
from ..errors import InputError
from ..evaluate.gold import SpanItem
from ..evaluate.multicoped import read_multicoped_spans
from ..evaluate.report import RunInfo, SpanReport
from ..evaluate.scoring import actor_tokens, score_spans
from ..events.extract import CandidateSet, EventCoder
from ..events.selection import (
    SIDES,
    ArgumentModel,
    Candidates,
    Side,
    target_options,
    text_key,
)
from ..pipeline import Pipeline, Stage, default_stages
from ..settings import Settings
from ..types import Article, Document, Event

__all__ = [
    "Choice",
    "CrossValidation",
    "TrainSettings",
    "choices",
    "choices_at",
    "cross_validate",
    "fit",
    "gold_trigger",
    "prepare",
    "read_span_gold",
    "text_key",
]

#: The publication date training sentences are coded at (the spans carry no date).
TRAINING_DATE = dt.date(2020, 1, 1)


@dataclass(frozen=True, slots=True)
class TrainSettings:
    """How a model is trained: the L2 penalty, features seen fewer than ``min_count`` times
    dropped, the folds and shuffling seed of cross-validation."""

    l2: float = 3.0
    min_count: int = 2
    folds: int = 5
    seed: int = 13
    max_iter: int = 500
    #: Added to the score of "none" on each side (source, target): below zero takes a party
    #: more readily. Chosen by cross-validation, then fixed.
    margins: tuple[float, float] = (0.0, 1.0)


@dataclass(frozen=True, slots=True)
class Choice:
    """One side of one trigger: the feature lists of "none" and of each candidate, and which
    candidates are right (empty: "none" is)."""

    side: Side
    none: tuple[str, ...]
    options: tuple[tuple[str, ...], ...]
    right: tuple[int, ...]
    ruled: bool = False  # the rules found a party on this side (the model keeps it)
    #: How much the choice counts in the likelihood (reviewed examples may count more).
    weight: float = 1.0


@dataclass(frozen=True)
class CrossValidation:
    """Rules-only and learned figures on the same sentences, each fold coded by a model that
    never saw it."""

    rules: SpanReport
    learned: SpanReport
    folds: int
    seed: int
    seconds: float

    def to_markdown(self) -> str:
        lines = [
            f"Cross-validated on {self.learned.run.items} sentences of "
            f"`{self.learned.run.gold}` ({self.folds} folds, seed {self.seed}; "
            f"{self.seconds:.1f} s): each fold is coded by a model trained on the other folds, "
            "the rules alone on the same sentences in the same run. Overlap: the main event's "
            "actor shares a token with the gold span.",
            "",
            "| coder | source found | source overlap | target found | target overlap |",
            "|---|---|---|---|---|",
        ]
        for name, report in (("rules only", self.rules), ("learned selection", self.learned)):
            cells = []
            for side in SIDES:
                s = report.side(side)
                assert s is not None
                cells += [_pct(s.found, s.gold), _pct(s.overlap, s.gold)]
            lines.append(f"| {name} | " + " | ".join(cells) + " |")
        return "\n".join(lines) + "\n"

    def to_dict(self) -> dict[str, Any]:
        def sides(report: SpanReport) -> dict[str, Any]:
            return {s.side: {"gold": s.gold, "found": s.found, "overlap": s.overlap}
                    for s in report.sides}  # fmt: skip

        return {
            "folds": self.folds,
            "seed": self.seed,
            "items": self.learned.run.items,
            "rules": sides(self.rules),
            "learned": sides(self.learned),
        }


def _pct(n: int, d: int) -> str:
    return f"{100 * n / d:.1f}% ({n}/{d})" if d else "-"


# -- data -----------------------------------------------------------------------------------


def read_span_gold(
    paths: Iterable[Path], on_error: Callable[[InputError], None] = lambda _e: None
) -> list[SpanItem]:
    """Span gold from Multi-CoPED-style files; bad lines go to ``on_error`` and are skipped."""
    items: list[SpanItem] = []
    for path in paths:
        for value in read_multicoped_spans(path):
            if isinstance(value, InputError):
                on_error(value)
            else:
                items.append(value)
    return items


def prepare(
    items: Sequence[SpanItem], pipeline: Pipeline, date: dt.date = TRAINING_DATE
) -> list[Document]:
    """Each item's sentence parsed and its actors resolved (the stages before the events);
    undated items are coded as published on ``date``."""
    articles = (
        Article(id=str(n), date=item.date or date, text=item.text, origin=item.origin)
        for n, item in enumerate(items)
    )
    actors = pipeline.stage("actors")
    return [actors(doc) for doc in pipeline.parser.pipe(articles)]


def choices(item: SpanItem, sets: Iterable[CandidateSet]) -> list[Choice]:
    """The choices one gold sentence teaches (see the module docstring)."""
    chosen = gold_trigger(item, sets)
    return choices_at(item, chosen) if chosen is not None else []


def gold_trigger(item: SpanItem, sets: Iterable[CandidateSet]) -> CandidateSet | None:
    """The trigger taken to state the gold event: the usable one whose candidates cover the
    most gold sides (ties: the first), None when no trigger is usable."""
    gold = {"source": item.source | item.mutual, "target": item.target | item.mutual}
    # A trigger told by the gold source ("Russia says Israel must end attacks") is not the
    # gold event: that is the statement itself, which no candidate of this trigger can be.
    usable = [s for s in sets if usable_set(item, s)]
    if not usable:
        return None

    def covered(found: CandidateSet) -> int:
        return sum(
            any(actor_tokens(item, c.actor) & gold[side] for c in found.candidates.items)
            for side in SIDES
            if gold[side]
        )

    best = max(covered(s) for s in usable)
    return next(s for s in usable if covered(s) == best)


def usable_set(item: SpanItem, found: CandidateSet) -> bool:
    """Whether a trigger can teach this item's sides: the rules found a party, there are
    candidates, and the gold source is not the one who tells it."""
    source = item.source | item.mutual
    return (
        found.selectable
        and bool(found.candidates.items)
        and not any(_covers(item, span, source) for span in found.speaker)
    )


def choices_at(item: SpanItem, chosen: CandidateSet, weight: float = 1.0) -> list[Choice]:
    """The source and target choices of the trigger ``chosen``, which states the gold event."""
    gold = {"source": item.source | item.mutual, "target": item.target | item.mutual}
    found = chosen.candidates
    # The target is chosen once the sources are known, among what is left (as in coding):
    # the rules' sources, else the gold source's candidates.
    sources = list(chosen.rules.sources) or [
        c.actor for c in found.items if actor_tokens(item, c.actor) & gold["source"]
    ]
    made = [
        _choice("source", found, item, gold["source"], bool(chosen.rules.sources)),
        _choice(
            "target",
            target_options(found, sources),
            item,
            gold["target"],
            bool(chosen.rules.targets) or chosen.complete,  # a mutual event has no target
        ),
    ]
    return [dataclasses.replace(c, weight=weight) for c in made] if weight != 1.0 else made


def _covers(item: SpanItem, span: tuple[int, int], gold: frozenset[int]) -> bool:
    start, end = span
    return any(
        start < t_end and t_start < end
        for i, (t_start, t_end) in enumerate(item.offsets)
        if i in gold
    )


def _choice(
    side: Side, found: Candidates, item: SpanItem, gold: frozenset[int], ruled: bool
) -> Choice:
    right = tuple(n for n, c in enumerate(found.items) if actor_tokens(item, c.actor) & gold)
    return Choice(side, found.none, tuple(c.features for c in found.items), right, ruled)


def item_choices(
    coder: EventCoder, items: Sequence[SpanItem], docs: Sequence[Document]
) -> list[list[Choice]]:
    """Per item, the choices it teaches (computed once, shared by every fold)."""
    return [choices(item, coder.candidate_sets(doc)) for item, doc in zip(items, docs, strict=True)]


# -- the learner ----------------------------------------------------------------------------


def fit(examples: Sequence[Choice], settings: TrainSettings, meta: dict[str, Any]) -> ArgumentModel:
    """Conditional-logit weights for each side (needs NumPy and SciPy: ``pip install
    'newsevents[train]'``).

    The model only ever chooses a side the rules left empty, so each side learns from those
    choices alone.
    """
    weights: dict[Side, dict[str, float]] = {}
    for side in SIDES:
        mine = [c for c in examples if c.side == side and not c.ruled]
        weights[side] = _fit_side(mine, settings)
    margins = dict(zip(SIDES, settings.margins, strict=True))
    meta = {
        **meta,
        "l2": settings.l2,
        "min_count": settings.min_count,
        "margins": list(settings.margins),
        "version": __version__,
    }
    return ArgumentModel(weights, margins, meta)


def _fit_side(choices: Sequence[Choice], settings: TrainSettings) -> dict[str, float]:
    """Weights maximising the L2-penalised likelihood of the right options (L-BFGS)."""
    try:
        import numpy as np
        from scipy import optimize, sparse
    except ImportError as exc:  # pragma: no cover - depends on the environment
        hint = "training needs NumPy and SciPy: pip install 'newsevents[train]'"
        raise ImportError(hint) from exc

    counts: dict[str, int] = {}
    for c in choices:
        for feats in (c.none, *c.options):
            for f in feats:
                counts[f] = counts.get(f, 0) + 1
    vocab = sorted(f for f, n in counts.items() if n >= settings.min_count)
    index = {f: j for j, f in enumerate(vocab)}
    rows: list[int] = []
    cols: list[int] = []
    starts: list[int] = []
    positive: list[bool] = []
    weights: list[float] = []
    for c in choices:
        starts.append(len(positive))
        weights.append(c.weight)
        right = set(c.right)
        for k, feats in enumerate((c.none, *c.options)):
            row = len(positive)
            for f in feats:
                j = index.get(f)
                if j is not None:
                    rows.append(row)
                    cols.append(j)
            # option 0 is "none", right when no candidate is
            positive.append((k == 0 and not right) or (k - 1) in right)
    if not choices or not vocab:
        return {}
    n_rows = len(positive)
    matrix = sparse.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(n_rows, len(vocab)))
    start = np.asarray(starts, dtype=np.int64)
    group = np.repeat(np.arange(len(starts)), np.diff(np.append(start, n_rows)))
    pos = np.asarray(positive)
    weight = np.asarray(weights)  # all 1.0 for shared gold: the products are exact
    l2 = settings.l2

    def loss(w: Any) -> tuple[float, Any]:
        z = matrix @ w
        e = np.exp(z - np.maximum.reduceat(z, start)[group])
        all_sum = np.add.reduceat(e, start)
        pos_e = np.where(pos, e, 0.0)
        pos_sum = np.add.reduceat(pos_e, start)
        value = float(np.sum(weight * (np.log(all_sum) - np.log(pos_sum))) + 0.5 * l2 * w @ w)
        grad_z = weight[group] * (e / all_sum[group] - pos_e / pos_sum[group])
        return value, matrix.T @ grad_z + l2 * w

    result = optimize.minimize(
        loss,
        np.zeros(len(vocab)),
        jac=True,
        method="L-BFGS-B",
        options={"maxiter": settings.max_iter},
    )
    return {f: round(float(w), 4) for f, w in zip(vocab, result.x, strict=True) if abs(w) >= 1e-4}


# -- cross-validation and the whole run -----------------------------------------------------


def folds_of(n: int, k: int, seed: int) -> list[list[int]]:
    """``k`` folds of ``range(n)``, shuffled with ``seed`` (the same split every run)."""
    order = list(range(n))
    random.Random(seed).shuffle(order)
    return [sorted(order[j::k]) for j in range(k)]


def code_with(
    settings: Settings, model: ArgumentModel | None, docs: Sequence[Document]
) -> list[tuple[Event, ...]]:
    """The events of documents whose actors are resolved, coded with ``model`` (None: rules).

    Every event is kept whatever its political relevance: the gold is scored on what the
    argument selection finds, not on what the relevance filter leaves.
    """
    stages: list[Stage] = list(
        default_stages(settings.replace(min_relevance=0.0, learned_types=False))
    )[1:]
    stages[0] = EventCoder(settings, arguments=model)
    out = []
    for doc in docs:
        for stage in stages:
            doc = stage(doc)
        out.append(doc.events)
    return out


def cross_validate(
    items: Sequence[SpanItem],
    docs: Sequence[Document],
    per_item: Sequence[Sequence[Choice]],
    settings: Settings,
    train: TrainSettings,
    *,
    gold_name: str,
    extra: Sequence[Choice] = (),
) -> CrossValidation:
    """Code each fold with a model trained on the others (and on ``extra``, examples from
    other sentences such as reviewed gold); the rules alone on all of it."""
    started = time.perf_counter()
    learned: list[tuple[SpanItem, tuple[Event, ...]]] = []
    for fold in folds_of(len(items), train.folds, train.seed):
        held = set(fold)
        examples = [c for n, cs in enumerate(per_item) if n not in held for c in cs]
        examples += extra
        model = fit(examples, train, {})
        coded = code_with(settings, model, [docs[n] for n in fold])
        learned.extend(zip((items[n] for n in fold), coded, strict=True))
    order = {id(item): n for n, item in enumerate(items)}
    learned.sort(key=lambda pair: order[id(pair[0])])
    rules = list(zip(items, code_with(settings, None, docs), strict=True))
    run = RunInfo(gold=gold_name, format="multicoped-spans", items=len(items))
    return CrossValidation(
        rules=score_spans(rules, run=run),
        learned=score_spans(learned, run=run),
        folds=train.folds,
        seed=train.seed,
        seconds=time.perf_counter() - started,
    )


def train_arguments(
    paths: Sequence[Path],
    pipeline: Pipeline,
    train: TrainSettings,
    *,
    cross_validated: bool = True,
    date: dt.date | None = None,
    on_error: Callable[[InputError], None] = lambda _e: None,
) -> tuple[ArgumentModel, CrossValidation | None]:
    """The model trained on all of ``paths``, and its cross-validated figures; undated
    sentences are coded as published on ``date`` (default :data:`TRAINING_DATE`)."""
    items = read_span_gold(paths, on_error)
    if not items:
        raise InputError(", ".join(map(str, paths)), "no span gold to train on")
    docs = prepare(items, pipeline, date or TRAINING_DATE)
    settings = dataclasses.replace(pipeline.settings, learned_arguments=False)
    coder = EventCoder(settings, arguments=None)
    per_item = item_choices(coder, items, docs)
    names = ", ".join(p.name for p in paths)
    report = (
        cross_validate(items, docs, per_item, settings, train, gold_name=names)
        if cross_validated and train.folds > 1
        else None
    )
    meta = training_meta(paths, items, train, report)
    return fit([c for cs in per_item for c in cs], train, meta), report


def training_meta(
    paths: Sequence[Path],
    items: Sequence[SpanItem],
    train: TrainSettings,
    report: CrossValidation | None,
) -> dict[str, Any]:
    """What a model records of its training: the files and their SHA-256, the sentences'
    fingerprints (so ``evaluate`` can say when it scores them), the settings and figures."""
    meta: dict[str, Any] = {
        "trained_on": [
            {"file": p.name, "sha256": hashlib.sha256(p.read_bytes()).hexdigest()} for p in paths
        ],
        "sentences": len(items),
        "sentence_keys": sorted({text_key(item.text) for item in items}),
        "seed": train.seed,
        "folds": train.folds,
    }
    if report is not None:
        meta["cross_validation"] = report.to_dict()
    return meta
