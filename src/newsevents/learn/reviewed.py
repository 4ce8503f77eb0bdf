"""Reviewed gold: the events reviewers confirmed, corrected, added or rejected, as training data.

``newsevents review export`` writes one JSON object per evidence sentence: our event gold
(``{"id", "date", "text", "events"}``, which ``newsevents evaluate`` scores like any gold) plus
where each event's words are and what the reviewer said::

    {"id": "d1:120", "date": "2024-05-20", "text": "Iran condemned the European Union.",
     "doc_id": "d1", "offset": 120,
     "events": [{"source": "IRN", "target": "EUR", "cameo": "111", "plover": "ACCUSE",
                 "mode": "asserted",
                 "trigger": {"start": 5, "end": 14, "text": "condemned"},
                 "source_span": {"start": 0, "end": 4, "text": "Iran"},
                 "target_span": {"start": 19, "end": 33, "text": "European Union"},
                 "review": {"verdict": "corrected", "reviewer": "ana", "at": "...",
                            "event_id": "..."}}],
     "rejected": [...the same shape, events a reviewer marked wrong...]}

Offsets are relative to ``text``. ``events`` are the sentence's true events; ``rejected`` are
coded events that are not events of the sentence as coded (their type or their reading is
wrong), so they are negatives: they teach no actor choice, and they tell the type model only
that the coded class is wrong, which it cannot learn from without a right class (they are left
out of its examples, see :func:`type_examples`).

Each learner takes what it can use:

* the argument selection (:mod:`newsevents.learn.arguments`) takes, for each true event with a
  trigger and the source or target words marked, a :class:`~newsevents.evaluate.gold.SpanItem`
  of its sentence (:func:`span_items`); the trainer matches the trigger with the coder's own
  trigger at that place, so the gold is the event the reviewer judged, not a guess;
* the type model (:mod:`newsevents.learn.types`) takes the sentence with the class of its
  first true event and the event's PLOVER type (:func:`type_examples`).

Held-back figures need reviewed sentences no model saw: :func:`hold_out` keeps a seeded share
of the *documents* back, so the sentences of one article (which share actors, wording and
often the reviewer's reading) are never split between training and scoring.
"""

from __future__ import annotations

import datetime as dt
import random
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..evaluate.event_gold import is_event_gold
from ..evaluate.gold import SpanItem, gold_date, plover_of
from ..evaluate.jsonl import parsed_records
from ..types import Span

__all__ = [
    "VERDICTS",
    "ReviewedEvent",
    "ReviewedSentence",
    "hold_out",
    "is_reviewed",
    "read_reviewed",
    "span_items",
    "tokenize",
    "type_examples",
]

#: What a reviewer can say of an event: the first three for true events, "wrong" for rejected.
VERDICTS = ("right", "corrected", "added", "wrong")


@dataclass(frozen=True, slots=True)
class ReviewedEvent:
    """One event of a reviewed sentence; spans are relative to the sentence's text."""

    source: str | None
    target: str | None
    cameo: str | None
    plover: str | None
    mode: str | None
    trigger: Span | None
    source_span: Span | None
    target_span: Span | None
    verdict: str


@dataclass(frozen=True, slots=True)
class ReviewedSentence:
    """One evidence sentence with its true and its rejected events."""

    id: str
    doc_id: str
    date: dt.date | None
    text: str
    events: tuple[ReviewedEvent, ...]
    rejected: tuple[ReviewedEvent, ...]
    origin: str


def is_reviewed(record: dict[str, Any]) -> bool:
    """An event-gold record that carries review fields (``rejected`` or an event's review)."""
    if not is_event_gold(record):
        return False
    return "rejected" in record or any(
        isinstance(e, dict) and "review" in e for e in record["events"]
    )


def read_reviewed(path: Path) -> Iterator[ReviewedSentence | InputError]:
    """Sentences of a reviewed-gold file; a bad line is an :class:`InputError` value."""
    return parsed_records(path, _sentence)


def read_reviewed_files(
    paths: Iterable[Path], on_error: Callable[[InputError], None] = lambda _e: None
) -> list[ReviewedSentence]:
    """Every readable sentence of ``paths``; bad lines go to ``on_error`` and are skipped."""
    out: list[ReviewedSentence] = []
    for path in paths:
        for value in read_reviewed(path):
            if isinstance(value, InputError):
                on_error(value)
            else:
                out.append(value)
    return out


def _sentence(record: dict[str, Any], origin: str) -> ReviewedSentence:
    if not is_event_gold(record):
        raise ValueError("expected an object with 'text' and a list 'events'")
    text = record["text"]
    if not isinstance(text, str) or not text.strip():
        raise ValueError("empty 'text'")
    rejected = record.get("rejected") or []
    if not isinstance(rejected, list):
        raise ValueError("'rejected' must be a list")
    ident = str(record.get("id") or origin)
    return ReviewedSentence(
        id=ident,
        # without a document, the sentence is its own document (held back alone)
        doc_id=str(record.get("doc_id") or ident),
        date=gold_date(record.get("date")),
        text=text,
        events=tuple(_event(e, text, n, "event") for n, e in enumerate(record["events"], 1)),
        rejected=tuple(_event(e, text, n, "rejected event") for n, e in enumerate(rejected, 1)),
        origin=origin,
    )


def _event(value: object, text: str, n: int, what: str) -> ReviewedEvent:
    if not isinstance(value, dict):
        raise ValueError(f"{what} {n} is not an object")
    where = f"{what} {n}"
    cameo = _text(value, "cameo", where)
    plover = _text(value, "plover", where)
    review = value.get("review")
    verdict = review.get("verdict") if isinstance(review, dict) else None
    if verdict is not None and verdict not in VERDICTS:
        raise ValueError(f"{where}: unknown verdict {verdict!r}")
    return ReviewedEvent(
        source=_text(value, "source", where),
        target=_text(value, "target", where),
        cameo=cameo,
        plover=(plover.upper() if plover else None) or (plover_of(cameo) if cameo else None),
        mode=(_text(value, "mode", where) or "").lower() or None,
        trigger=_span(value.get("trigger"), text, f"{where} trigger"),
        source_span=_span(value.get("source_span"), text, f"{where} source_span"),
        target_span=_span(value.get("target_span"), text, f"{where} target_span"),
        verdict=str(verdict or ("wrong" if what.startswith("rejected") else "right")),
    )


def _text(record: dict[str, Any], key: str, where: str) -> str | None:
    value = record.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise ValueError(f"{where}: {key!r} must be a string or null")
    return value.strip() or None


def _span(value: object, text: str, where: str) -> Span | None:
    """A span of ``text``; offsets that do not hold its words are an error, since training on
    them would teach the wrong actor."""
    if value is None:
        return None
    if not isinstance(value, dict):
        raise ValueError(f"{where} must be an object or null")
    start, end = value.get("start"), value.get("end")
    if not isinstance(start, int) or not isinstance(end, int) or not 0 <= start < end <= len(text):
        raise ValueError(f"{where}: offsets {start!r}-{end!r} are not inside the text")
    words = value.get("text")
    if isinstance(words, str) and words and text[start:end] != words:
        raise ValueError(f"{where}: text[{start}:{end}] is {text[start:end]!r}, not {words!r}")
    return Span(text[start:end], start, end)


# -- the argument selection's examples --------------------------------------------------------

_TOKEN = re.compile(r"\w+|[^\w\s]")


def tokenize(text: str) -> tuple[tuple[str, ...], tuple[tuple[int, int], ...]]:
    """Words and punctuation with their character spans.

    Actors are matched to gold by character overlap (:func:`~newsevents.evaluate.scoring.
    actor_tokens`), so any tokenisation that covers the words gives the same answer; this one
    needs no parser.
    """
    found = [(m.group(), (m.start(), m.end())) for m in _TOKEN.finditer(text)]
    return tuple(t for t, _ in found), tuple(s for _, s in found)


def span_items(sentence: ReviewedSentence) -> list[tuple[ReviewedEvent, SpanItem]]:
    """Each true event with a trigger and marked actor words, as span gold of its sentence.

    An event whose actors are given as codes only names no words to choose, and a rejected
    event is no event of its type, so neither teaches an actor choice.
    """
    tokens, offsets = tokenize(sentence.text)
    out = []
    for n, event in enumerate(sentence.events):
        if event.trigger is None or (event.source_span is None and event.target_span is None):
            continue
        item = SpanItem(
            id=f"{sentence.id}#{n}",
            date=sentence.date,
            text=sentence.text,
            tokens=tokens,
            offsets=offsets,
            source=_covered(offsets, event.source_span),
            target=_covered(offsets, event.target_span),
            mutual=frozenset(),
            origin=sentence.origin,
        )
        out.append((event, item))
    return out


def _covered(offsets: Sequence[tuple[int, int]], span: Span | None) -> frozenset[int]:
    if span is None:
        return frozenset()
    return frozenset(
        i for i, (start, end) in enumerate(offsets) if start < span.end and span.start < end
    )


# -- the type model's examples ----------------------------------------------------------------


def type_examples(sentences: Iterable[ReviewedSentence]) -> list[tuple[str, str, str | None]]:
    """``(sentence, PentaClass, PLOVER type)`` for each sentence with a true coded event.

    The class is the first true event's whose mode says it happened (asserted or unmarked),
    else the first true event's, as the type layer retypes a sentence's main event. Sentences
    with only rejected events are left out: a rejection says which class is wrong, not which
    is right.
    """
    out = []
    for sentence in sentences:
        typed = [e for e in sentence.events if e.cameo]
        if not typed:
            continue
        main = next((e for e in typed if e.mode in (None, "asserted")), typed[0])
        assert main.cameo is not None
        out.append((sentence.text, pentaclass_of(main.cameo), main.plover))
    return out


def pentaclass_of(cameo: str) -> str:
    """The Multi-CoPED class of a CAMEO code (:func:`newsevents.evaluate.multicoped.pentaclass`
    on a code rather than an event)."""
    from ..codes import cameo as codes

    root = cameo[:2]
    if root in {"01", "02"}:
        return "0"
    entry = codes.get(cameo) or codes.get(root)
    if entry is None:
        raise ValueError(f"unknown CAMEO code {cameo!r}")
    return str(entry.quad_class)


# -- holding back -----------------------------------------------------------------------------


def hold_out(
    sentences: Sequence[ReviewedSentence], share: float, seed: int
) -> tuple[list[ReviewedSentence], list[ReviewedSentence]]:
    """``(train, held)``: a seeded share of the documents held back with all their sentences.

    The documents are sorted before shuffling, so the split depends only on the document ids,
    the share and the seed, not on the order of the file. Any share above zero holds back at
    least one document when there are two or more.
    """
    if not 0 <= share < 1:
        raise ValueError(f"the held-back share must be at least 0 and below 1, not {share}")
    docs = sorted({s.doc_id for s in sentences})
    random.Random(seed).shuffle(docs)
    n = round(share * len(docs))
    if share > 0 and n == 0 and len(docs) > 1:
        n = 1
    held = set(docs[:n])
    train = [s for s in sentences if s.doc_id not in held]
    return train, [s for s in sentences if s.doc_id in held]
