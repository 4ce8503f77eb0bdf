"""Learning from reviews: the reviewed-gold reader, the document-grouped hold-out, and the
argument training that takes reviewed gold beside the shared spans.

The training tests use a small constructed case: the rules code "X criticised Y over Z" with
no learned target, and the reviewed gold says the target is the "over" phrase's actor; with
enough reviewed copies of that construction, the model picks it on held-back sentences.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

import newsevents
from newsevents.cli import cli
from newsevents.errors import InputError
from newsevents.evaluate.event_gold import read_event_gold
from newsevents.evaluate.gold import GoldItem
from newsevents.events.extract import EventCoder
from newsevents.learn import arguments as learn
from newsevents.learn import arguments_review as review
from newsevents.learn.reviewed import (
    ReviewedSentence,
    hold_out,
    read_reviewed,
    span_items,
    type_examples,
)


def span(text: str, words: str, after: int = 0) -> dict[str, Any]:
    start = text.index(words, after)
    return {"start": start, "end": start + len(words), "text": words}


def event(
    text: str,
    trigger: str,
    source: str | None,
    target: str | None,
    codes: tuple[str | None, str | None] = (None, None),
    cameo: str = "111",
    verdict: str = "corrected",
) -> dict[str, Any]:
    return {
        "source": codes[0],
        "target": codes[1],
        "cameo": cameo,
        "mode": "asserted",
        "trigger": span(text, trigger),
        "source_span": span(text, source) if source else None,
        "target_span": span(text, target) if target else None,
        "review": {"verdict": verdict, "reviewer": "ana", "at": "2026-12-07T05:00:00"},
    }


def record(
    ident: str,
    doc: str,
    text: str,
    events: list[dict[str, Any]],
    rejected: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    return {
        "id": ident,
        "doc_id": doc,
        "offset": 0,
        "date": "2024-05-20",
        "text": text,
        "events": events,
        "rejected": rejected or [],
    }


def write(path: Path, records: list[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


IRAN = "Iran condemned the European Union on Monday."


@pytest.fixture
def small(tmp_path: Path) -> Path:
    said = "Russia said Ukraine shelled Kharkiv."
    return write(
        tmp_path / "reviewed.jsonl",
        [
            record("d1:0", "d1", IRAN, [event(IRAN, "condemned", "Iran", "European Union")]),
            record(
                "d1:50",
                "d1",
                said,
                [
                    {"source": "UKR", "target": "RUS", "cameo": "190", "plover": "ASSAULT"},
                ],
                [event(said, "said", "Russia", None, cameo="010", verdict="wrong")],
            ),
            record("d2:0", "d2", "Nothing happened.", []),
        ],
    )


def test_the_reader_maps_spans_to_tokens_and_keeps_rejected_events_apart(small: Path) -> None:
    sentences = [s for s in read_reviewed(small) if isinstance(s, ReviewedSentence)]
    assert [s.doc_id for s in sentences] == ["d1", "d1", "d2"]
    first = sentences[0]
    assert first.events[0].verdict == "corrected" and first.events[0].plover == "ACCUSE"
    ((gold, item),) = span_items(first)
    assert [item.tokens[i] for i in sorted(item.source)] == ["Iran"]
    assert [item.tokens[i] for i in sorted(item.target)] == ["European", "Union"]
    assert gold.trigger is not None and gold.trigger.text == "condemned"
    # codes only and a rejected event: no argument example, and the rejection is kept apart
    second = sentences[1]
    assert span_items(second) == [] and second.rejected[0].verdict == "wrong"
    # the type examples: a class from true events only
    assert type_examples(sentences) == [(IRAN, "3", "ACCUSE"), (second.text, "4", "ASSAULT")]


def test_the_reader_names_bad_offsets(tmp_path: Path) -> None:
    bad = event(IRAN, "condemned", "Iran", None)
    bad["source_span"] = {"start": 1, "end": 5, "text": "Iran"}
    path = write(tmp_path / "bad.jsonl", [record("x", "x", IRAN, [bad])])
    (value,) = read_reviewed(path)
    assert isinstance(value, InputError) and "source_span" in str(value)


def test_evaluate_reads_reviewed_gold_as_event_gold(small: Path) -> None:
    items = [i for i in read_event_gold(small) if isinstance(i, GoldItem)]
    assert [len(i.events) for i in items] == [1, 1, 0]
    result = CliRunner().invoke(cli, ["evaluate", str(small)])
    assert result.exit_code == 0, result.output


def sentence(ident: str, doc: str) -> ReviewedSentence:
    return ReviewedSentence(ident, doc, None, "x", (), (), ident)


def test_the_hold_out_is_seeded_and_keeps_documents_together() -> None:
    sentences = [sentence(f"{d}:{n}", f"doc{d}") for d in range(20) for n in range(3)]
    train, held = hold_out(sentences, 0.25, 13)
    assert len({s.doc_id for s in held}) == 5 and len(held) == 15
    assert not {s.doc_id for s in held} & {s.doc_id for s in train}
    assert (train, held) == hold_out(sentences, 0.25, 13)
    assert hold_out(list(reversed(sentences)), 0.25, 13)[1] == list(reversed(held))
    assert hold_out(sentences, 0.25, 14)[1] != held
    assert hold_out(sentences, 0.0, 13) == (sentences, [])


# -- training on a constructed correction -----------------------------------------------------

PAIRS = [
    ("Germany", "France", "Poland"),
    ("Japan", "China", "Vietnam"),
    ("Brazil", "Argentina", "Chile"),
    ("Canada", "Mexico", "Cuba"),
    ("Spain", "Italy", "Greece"),
    ("Egypt", "Sudan", "Libya"),
    ("India", "Pakistan", "Nepal"),
    ("Kenya", "Uganda", "Somalia"),
]


PLACES = [c for _, _, c in PAIRS]


def copies(k: int) -> list[dict[str, Any]]:
    """``k`` sentences of the construction per pair, each in another place: no two alike, so
    no held-back sentence is a training sentence."""
    pairs = [
        (a, b, PLACES[(i + j) % len(PLACES)]) for j in range(k) for i, (a, b, _) in enumerate(PAIRS)
    ]
    return [construction(n, *p) for n, p in enumerate(pairs)]


def construction(n: int, a: str, b: str, c: str) -> dict[str, Any]:
    """ "A criticised the treaty signed by B in C": the rules find A and leave the target
    empty; the reviewer marks B, the treaty's signer."""
    text = f"{a} criticised the treaty signed by {b} in {c}."
    return record(f"s{n}", f"doc{n}", text, [event(text, "criticised", a, b)])


def shared_gold(tmp_path: Path) -> Path:
    """A few span-gold lines of another construction, so the shared model has data."""
    lines = []
    for n, (a, b, _) in enumerate(PAIRS):
        tokens = [a, "accused", b, "of", "aggression", "."]
        tags = ["B-S", "O", "B-T", "O", "O", "O"]
        lines.append({"id": f"g{n}", "text": " ".join(tokens), "tokens": tokens, "tags": tags})
    return write(tmp_path / "shared.jsonl", lines)


@pytest.mark.model
def test_reviewed_corrections_are_learned_and_reported_before_and_after(tmp_path: Path) -> None:
    reviewed = write(tmp_path / "reviewed.jsonl", copies(3))
    settings = newsevents.Settings(learned_arguments=False, learned_types=False)
    pipeline = newsevents.Pipeline(settings)
    sentences = [s for s in read_reviewed(reviewed) if isinstance(s, ReviewedSentence)]
    docs = review.prepare_reviewed(sentences[:1], pipeline)
    examples = review.reviewed_choices(EventCoder(settings, arguments=None), sentences[0], docs[0])
    target = next(c for c in examples if c.side == "target")
    assert not target.ruled and target.right  # the rules leave it; a candidate is the gold
    train = learn.TrainSettings(l2=0.3, min_count=1)
    model, cv, figures = review.train_with_reviews(
        [shared_gold(tmp_path)],
        review.ReviewSettings((reviewed,), hold_out=0.25, weight=2.0),
        pipeline,
        train,
        cross_validated=False,
    )
    assert cv is None and figures is not None
    rules = figures.scores["rules only"].sides["target"]
    before = figures.scores["model without the reviews"].sides["target"]
    after = figures.scores["model with the reviews"].sides["target"]
    assert rules.spans == before.spans == after.spans == 6  # 25% of 24 documents
    assert after.overlap == after.spans > before.overlap == rules.overlap == 0
    assert model.meta["reviewed"]["held_back"]["sentences"] == 6
    assert "model with the reviews" in figures.to_markdown()


@pytest.mark.model
def test_the_training_command_takes_reviewed_gold(tmp_path: Path) -> None:
    reviewed = write(tmp_path / "reviewed.jsonl", copies(2))
    out = tmp_path / "model.json"
    args = ["train", "arguments", str(shared_gold(tmp_path)), "--reviewed", str(reviewed)]
    args += ["--hold-out", "0.25", "--folds", "2", "--out", str(out)]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    assert "learned selection" in result.output  # the shared gold's cross-validation
    assert "model without the reviews" in result.output and "rules only" in result.output
    meta = json.loads(out.read_text(encoding="utf-8"))["meta"]
    assert meta["reviewed"]["sentences"] == 12 and "reviewed_figures" in meta
