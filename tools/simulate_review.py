"""Simulate a review from expert span gold: Multi-CoPED span lines → reviewed-gold JSON Lines.

    python tools/simulate_review.py SPANS.jsonl --out reviewed.jsonl

There is no real review yet to measure learning from reviews with, so this writes what a
reviewer who agreed with the experts would have exported (the format of
:mod:`newsevents.learn.reviewed`). For each sentence, the event is the coder's trigger that
the training takes to state the gold event (:func:`newsevents.learn.arguments.gold_trigger`);
its type, mode and codes are the shipped coder's, its source and target words are the
experts' spans (a mutual span stands on both sides), and its verdict is "right" when the
shipped coder's actors at that trigger overlap every gold span, else "corrected". The actor
codes are those the coder resolves at the gold words (none when it knows no actor there).
Sentences where no trigger of the coder can carry the gold event are left out and counted: a
reviewer could only add them by hand. Multi-CoPED sentences have no article, so each is its
own document.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import newsevents
from newsevents.evaluate.gold import SpanItem
from newsevents.events.extract import EventCoder
from newsevents.learn.arguments import TRAINING_DATE, gold_trigger, prepare, read_span_gold
from newsevents.types import Document, Event


def _span(item: SpanItem, tokens: frozenset[int]) -> dict[str, Any] | None:
    """The characters from the first to the last gold token of a side."""
    if not tokens:
        return None
    start, end = item.offsets[min(tokens)][0], item.offsets[max(tokens)][1]
    return {"start": start, "end": end, "text": item.text[start:end]}


def _code_at(doc: Document, span: dict[str, Any] | None) -> str | None:
    """The code of the first actor the coder resolves inside the gold words."""
    if span is None:
        return None
    for mention in doc.mentions:
        actor = mention.actor
        if actor is not None and mention.start < span["end"] and span["start"] < mention.end:
            return actor.code
    return None


def _overlaps(actor: Any, span: dict[str, Any] | None) -> bool:
    if span is None:
        return True
    return actor is not None and actor.start < span["end"] and span["start"] < actor.end


def record(item: SpanItem, doc: Document, coded: Sequence[Event], start: int) -> dict[str, Any]:
    """The reviewed record of one sentence whose gold event's trigger starts at ``start``."""
    source = _span(item, item.source or item.mutual)
    target = _span(item, item.target or item.mutual)
    event = next((e for e in coded if e.trigger.start == start), None)
    if event is None:  # the trigger the rules find but the relevance or modality drop
        return {}
    right = _overlaps(event.source, source) and _overlaps(event.target, target)
    return {
        "id": f"{item.id}:0",
        "doc_id": item.id,
        "offset": 0,
        "date": TRAINING_DATE.isoformat(),
        "text": item.text,
        "events": [
            {
                "source": _code_at(doc, source),
                "target": _code_at(doc, target),
                "cameo": event.cameo,
                "plover": event.plover or None,
                "mode": str(event.mode),
                "trigger": {
                    "start": event.trigger.start,
                    "end": event.trigger.end,
                    "text": event.trigger.text,
                },
                "source_span": source,
                "target_span": target,
                "review": {
                    "verdict": "right" if right else "corrected",
                    "reviewer": "simulated from Multi-CoPED spans",
                    "at": "2026-12-07T00:00:00",
                    "event_id": "",
                },
            }
        ],
        "rejected": [],
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("spans", type=Path, help="Multi-CoPED-style span gold (JSON Lines)")
    parser.add_argument("--out", type=Path, required=True, help="reviewed gold to write")
    args = parser.parse_args(argv)
    items = read_span_gold([args.spans])
    rules = newsevents.Settings(learned_arguments=False)
    pipeline = newsevents.Pipeline(rules)
    docs = prepare(items, pipeline)
    coder = EventCoder(rules, arguments=None)
    shipped = newsevents.Pipeline(newsevents.Settings(min_relevance=0.0, learned_types=False))
    stages = [s for s in shipped.stages if s.name not in {"nlp", "actors"}]
    written = left_out = 0
    with args.out.open("w", encoding="utf-8") as out:
        for item, doc in zip(items, docs, strict=True):
            chosen = gold_trigger(item, coder.candidate_sets(doc))
            coded = doc
            for stage in stages:
                coded = stage(coded)
            line = record(item, doc, coded.events, chosen.start) if chosen is not None else {}
            if not line:
                left_out += 1
                continue
            out.write(json.dumps(line, ensure_ascii=False) + "\n")
            written += 1
    print(f"{written} sentences written, {left_out} left out (no usable trigger)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
