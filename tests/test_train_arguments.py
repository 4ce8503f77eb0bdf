"""Training the argument selection: reproducible, cross-validated, and better than the rules.

The module fixture codes the Multi-CoPED span gold once (about ten seconds); the tests then
check what the training command promises: the same data gives the same model (the shipped one),
every figure on the training data is cross-validated, and the learned selection beats the rules
alone on the sentences it never saw.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

import newsevents
from newsevents.cli import cli
from newsevents.events.extract import EventCoder
from newsevents.events.selection import ArgumentModel
from newsevents.learn import arguments as learn

pytestmark = pytest.mark.model


def choice(side: str, right: tuple[int, ...], *options: tuple[str, ...]) -> learn.Choice:
    return learn.Choice(side, ("none|bias",), tuple(options), right)  # type: ignore[arg-type]


def test_fit_learns_which_option_is_right_and_ignores_sides_the_rules_filled() -> None:
    data = [choice("target", (1,), ("path=>prep:in",), ("path=>prep:against",))] * 5
    data += [choice("target", (), ("path=>prep:in",))] * 5
    ruled = learn.Choice("target", ("none|bias",), (("path=>prep:in",),), (0,), ruled=True)
    settings = learn.TrainSettings(l2=0.1, min_count=1, margins=(0.0, 0.0))
    m = learn.fit([*data, *[ruled] * 50], settings, {})
    assert m.weights["target"]["path=>prep:against"] > 0 > m.weights["target"]["path=>prep:in"]
    assert m.weights["source"] == {}
    assert m == learn.fit([*data, *[ruled] * 50], settings, {})  # no randomness


@pytest.fixture(scope="module")
def gold(shared_dir: Path) -> Path:
    return shared_dir / "eval" / "multicoped" / "train_ner.jsonl"


@pytest.fixture(scope="module")
def prepared(gold: Path) -> tuple[list[Any], list[Any], list[list[learn.Choice]], Any]:
    settings = newsevents.Settings(learned_arguments=False)
    items = learn.read_span_gold([gold])
    docs = learn.prepare(items, newsevents.Pipeline(settings))
    per_item = learn.item_choices(EventCoder(settings, arguments=None), items, docs)
    return items, docs, per_item, settings


def test_the_learned_selection_beats_the_rules_on_sentences_it_never_saw(
    prepared: tuple[list[Any], list[Any], list[list[learn.Choice]], Any],
) -> None:
    items, docs, per_item, settings = prepared
    cv = learn.cross_validate(
        items, docs, per_item, settings, learn.TrainSettings(), gold_name="train_ner.jsonl"
    )
    for side in ("source", "target"):
        rules, learned = cv.rules.side(side), cv.learned.side(side)
        assert rules is not None and learned is not None
        assert learned.overlap >= rules.overlap
        # what it adds is right at least as often as what the rules find
        assert learned.overlap / learned.found >= rules.overlap / rules.found - 0.01
    target_rules, target_learned = cv.rules.side("target"), cv.learned.side("target")
    assert target_rules is not None and target_learned is not None
    assert target_learned.overlap - target_rules.overlap >= 25  # measured: 521 -> 568
    assert "rules only" in cv.to_markdown() and "learned selection" in cv.to_markdown()


def test_the_shipped_model_is_what_the_training_command_makes(
    prepared: tuple[list[Any], list[Any], list[list[learn.Choice]], Any], gold: Path
) -> None:
    _, _, per_item, _ = prepared
    retrained = learn.fit([c for cs in per_item for c in cs], learn.TrainSettings(), {})
    shipped = ArgumentModel.builtin()
    assert shipped is not None
    assert shipped.margins == retrained.margins
    for side in ("source", "target"):
        assert set(shipped.weights[side]) == set(retrained.weights[side])
        gap = max(abs(shipped.weights[side][f] - w) for f, w in retrained.weights[side].items())
        assert gap < 1e-3


def test_the_training_command_writes_a_model_and_reports_both_coders(
    tmp_path: Path, gold: Path
) -> None:
    sample = tmp_path / "sample.jsonl"
    lines = gold.read_text(encoding="utf-8").splitlines()[:150]
    sample.write_text("\n".join([*lines, "not json"]) + "\n", encoding="utf-8")
    outputs = []
    for n in range(2):
        out = tmp_path / f"model{n}.json"
        result = CliRunner().invoke(
            cli, ["train", "arguments", str(sample), "--out", str(out), "--folds", "3"]
        )
        assert result.exit_code == 0, result.output
        assert "rules only" in result.output and "learned selection" in result.output
        assert "sample.jsonl:151" in result.output  # the bad line is named and skipped
        outputs.append(out.read_text(encoding="utf-8"))
    assert outputs[0] == outputs[1]  # fixed seed, deterministic fit
    meta = json.loads(outputs[0])["meta"]
    assert meta["sentences"] == 150 and meta["cross_validation"]["folds"] == 3
    model = ArgumentModel.read(tmp_path / "model0.json")
    settings = newsevents.Settings(argument_model=str(tmp_path / "model0.json"))
    assert newsevents.Pipeline(settings).stage("events").arguments == model  # type: ignore[attr-defined]
