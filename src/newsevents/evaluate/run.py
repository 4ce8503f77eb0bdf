"""Read event-level gold, code its texts with a :class:`~newsevents.pipeline.Pipeline`, score.

The texts are coded in the pipeline's batches (``Pipeline.pipe``), as a corpus would be; each
gold item is one article, so its events are compared with everything coded in its text.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import time
from collections.abc import Callable, Collection, Iterator, Sequence
from pathlib import Path
from typing import TypeVar

from ..errors import InputError
from ..events.extract import EventCoder
from ..events.retype import TypeLayer
from ..events.selection import text_key
from ..pipeline import Pipeline
from ..types import Article, Event, Mode
from .event_gold import read_event_gold
from .gold import GoldItem, LabelItem, NotScored, SpanItem
from .multicoped import (
    PENTACLASSES,
    pentaclass,
    read_multicoped_classes,
    read_multicoped_spans,
)
from .petrarch_xml import read_petrarch_xml
from .plover_csv import read_plover_csv
from .report import EventReport, LabelReport, RunInfo, SpanReport
from .scoring import DEFAULT_MODES, MainRule, score_events, score_labels, score_spans

__all__ = ["EVENT_FORMATS", "Report", "evaluate_gold", "read_items"]

#: The formats :func:`evaluate_gold` scores (``actors`` is scored by ``actor_cases``).
EVENT_FORMATS = ("events", "petrarch-xml", "multicoped-class", "multicoped-spans", "plover-csv")

Report = EventReport | LabelReport | SpanReport
Item = GoldItem | LabelItem | SpanItem
T = TypeVar("T", GoldItem, LabelItem, SpanItem)


def read_items(path: Path, fmt: str) -> Iterator[Item | NotScored | InputError]:
    """The items of a gold file in one of :data:`EVENT_FORMATS`."""
    if fmt == "events":
        yield from read_event_gold(path)
    elif fmt == "petrarch-xml":
        yield from read_petrarch_xml(path)
    elif fmt == "multicoped-class":
        yield from read_multicoped_classes(path)
    elif fmt == "multicoped-spans":
        yield from read_multicoped_spans(path)
    elif fmt == "plover-csv":
        yield from read_plover_csv(path)
    else:
        raise ValueError(f"not an event-level gold format: {fmt!r}")


def evaluate_gold(
    path: Path,
    fmt: str,
    pipeline: Pipeline,
    *,
    modes: Collection[Mode] = DEFAULT_MODES,
    main: MainRule = "first",
    limit: int | None = None,
    date: dt.date | None = None,
    notes: Sequence[str] = (),
    on_error: Callable[[InputError], None] = lambda _e: None,
) -> Report:
    """Score the coder on the first ``limit`` items of ``path`` (all when None).

    Undated items are coded as published on ``date`` (default today). Bad lines go to
    ``on_error`` and are counted; well-formed records that test something else are counted.
    """
    items: list[Item] = []
    bad = not_scored = 0
    for value in read_items(path, fmt):
        if isinstance(value, InputError):
            bad += 1
            on_error(value)
        elif isinstance(value, NotScored):
            not_scored += 1
        elif limit is None or len(items) < limit:
            items.append(value)
        else:
            break
    settings = pipeline.settings
    notes = (*notes, *_trained_on(pipeline, items, fmt))
    run = RunInfo(
        gold=str(path),
        format=fmt,
        items=len(items),
        not_scored=not_scored,
        bad=bad,
        modes=tuple(str(m) for m in modes),
        main=main if fmt != "events" and fmt != "petrarch-xml" else None,
        dictionaries=tuple(p.name for p in settings.actor_dictionaries),
        lexicons=tuple(Path(p).name for p in settings.lexicons),
        notes=tuple(notes),
    )
    started = time.perf_counter()
    coded = _code(pipeline, items, date or dt.date.today())
    run = dataclasses.replace(run, seconds=time.perf_counter() - started)
    if fmt in {"events", "petrarch-xml"}:
        report: Report = score_events(_only(coded, GoldItem), modes=modes, run=run)
    elif fmt == "multicoped-spans":
        report = score_spans(_only(coded, SpanItem), modes=modes, rule=main, run=run)
    elif fmt == "multicoped-class":
        report = score_labels(
            _only(coded, LabelItem),
            label_of=pentaclass,
            modes=modes,
            rule=main,
            run=run,
            title="Multi-CoPED class",
            names=PENTACLASSES,
        )
    else:
        report = score_labels(
            _only(coded, LabelItem),
            label_of=lambda e: e.plover or None,
            modes=modes,
            rule=main,
            run=run,
            title="PLOVER type of the story",
        )
    return report


def _trained_on(pipeline: Pipeline, items: Sequence[Item], fmt: str) -> list[str]:
    """A note for each learned component some items taught: their figures are not held out."""
    notes = []
    coder = next((s for s in pipeline.stages if isinstance(s, EventCoder)), None)
    model = coder.arguments if coder is not None else None
    keys = set(model.meta.get("sentence_keys", ())) if model is not None else set()
    seen = sum(text_key(item.text) in keys for item in items) if keys else 0
    if seen and fmt in {"multicoped-spans", "events", "petrarch-xml"}:  # scores arguments
        notes.append(
            f"{seen} of {len(items)} items taught the learned argument selection: its figures "
            "here are not held out; `newsevents train arguments` reports cross-validated ones "
            "(docs/arguments.md), and --no-learned-arguments scores the rules alone"
        )
    layer = next((s for s in pipeline.stages if isinstance(s, TypeLayer)), None)
    assert layer is None or isinstance(layer, TypeLayer)
    keys = set(layer.model.meta.get("sentence_keys", ())) if layer is not None else set()
    seen = sum(_taught_types(item.text, keys) for item in items) if keys else 0
    if seen:
        notes.append(
            f"{seen} of {len(items)} items taught the learned type model: its figures here are "
            "not held out; `newsevents train types` reports cross-validated ones "
            "(docs/types.md), and --no-learned-types scores the rules alone"
        )
    return notes


def _taught_types(text: str, keys: set[str]) -> bool:
    """Whether the text, or its first line or paragraph (a story's headline), was taught."""
    first = text.strip().split("\n", 1)[0]
    return text_key(text) in keys or text_key(first) in keys


def _code(
    pipeline: Pipeline, items: Sequence[Item], date: dt.date
) -> list[tuple[Item, tuple[Event, ...]]]:
    """Every item's events, coded in the pipeline's batches (ids are positions: gold ids repeat)."""
    articles = (
        Article(id=str(n), date=item.date or date, text=item.text, origin=item.origin)
        for n, item in enumerate(items)
    )
    return [(item, doc.events) for item, doc in zip(items, pipeline.pipe(articles), strict=True)]


def _only(
    coded: Sequence[tuple[Item, tuple[Event, ...]]], kind: type[T]
) -> Iterator[tuple[T, tuple[Event, ...]]]:
    for item, events in coded:
        if isinstance(item, kind):
            yield item, events
