"""The learned type layer: when the sentence classifier overrules the lexicon, and how
confidence is calibrated (docs/types.md)."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pytest

import newsevents
from newsevents.codes import cameo
from newsevents.errors import ConfigError
from newsevents.events.retype import (
    PLOVER_CODES,
    Calibration,
    DecisionPolicy,
    decide,
    event_class,
)
from newsevents.events.typemodel import TypeModel, TypeProbabilities, shipped_type_model
from newsevents.learn.types import plover_examples
from newsevents.types import Actor, Event, Mode, Precision, Span, TimeRef

DAY = dt.date(2024, 3, 1)


def event(code: str, at: int = 0, mode: Mode = Mode.ASSERTED, confidence: float = 0.5) -> Event:
    entry = cameo.lookup(code)
    russia = Actor("Russia", "Russia", "RUS", "RUS")
    return Event(
        doc_id="d",
        doc_date=DAY,
        sentence_index=0,
        source=russia,
        target=None,
        cameo=entry.code,
        cameo_name=entry.name,
        plover=entry.plover,
        quad_class=entry.quad_class,
        goldstein=entry.goldstein,
        event_date=TimeRef(DAY, DAY, Precision.PUBLICATION),
        evidence=Span("", 0, 0),
        trigger=Span("t", at, at + 1),
        mode=mode,
        confidence=confidence,
    )


def probabilities(classes: dict[str, float], plover: dict[str, float]) -> TypeProbabilities:
    return TypeProbabilities(
        tuple(classes.get(str(k), 0.0) for k in range(5)), tuple(plover.items())
    )


CONFLICT = probabilities({"4": 0.9, "3": 0.05, "1": 0.05}, {"ASSAULT": 0.7, "ACCUSE": 0.2})


def test_agreeing_classifier_keeps_the_lexicon_code() -> None:
    events = (event("193"),)
    assert decide(events, CONFLICT) == events


def test_confident_other_class_retypes_the_main_event_with_the_best_plover_type_of_it() -> None:
    (out,) = decide((event("040"),), CONFLICT)
    assert (out.cameo, out.plover, out.quad_class) == ("180", "ASSAULT", 4)
    assert out.cameo_name == cameo.lookup("180").name


def test_plover_types_of_another_class_are_passed_over() -> None:
    """The class decides; a PLOVER type outside it (ACCUSE is verbal conflict) is not used."""
    p = probabilities({"4": 0.9}, {"ACCUSE": 0.8, "PROTEST": 0.1})
    (out,) = decide((event("040"),), p)
    assert out.cameo == "140"


def test_a_class_without_plover_type_takes_its_general_code() -> None:
    p = probabilities({"0": 0.95}, {"ASSAULT": 0.9})
    (out,) = decide((event("190"),), p)
    assert out.cameo == "010"


def test_an_unsure_classifier_leaves_the_lexicon_alone() -> None:
    p = probabilities({"4": 0.5, "1": 0.45}, {"ASSAULT": 0.9})
    events = (event("040"),)
    assert decide(events, p, DecisionPolicy(min_class=0.6)) == events


def test_only_the_first_event_that_happened_is_the_main_event() -> None:
    """A claimed or negated event before it, and later events, keep their codes."""
    events = (event("112", at=0, mode=Mode.CLAIMED), event("040", at=5), event("036", at=9))
    out = decide(events, CONFLICT)
    assert [e.cameo for e in out] == ["112", "180", "036"]


def test_calibration_sets_confidence_from_the_class_probability() -> None:
    calibration = Calibration(bias=0.0, w_class=1.0, w_rules=0.0, w_changed=0.0)
    out = decide(
        (event("193", confidence=0.2), event("040", at=4)), CONFLICT, calibration=calibration
    )
    assert out[0].confidence == pytest.approx(0.9, abs=1e-3)  # class 4: p = 0.9
    assert out[1].confidence == pytest.approx(0.05, abs=1e-3)  # class 1 after no retyping


def test_every_plover_code_belongs_to_its_type() -> None:
    for plover, code in PLOVER_CODES.items():
        entry = cameo.lookup(code)
        assert entry.plover == plover
    assert set(shipped_type_model().plover_labels) <= set(PLOVER_CODES)


# -- the shipped model --------------------------------------------------------------------------


def test_the_shipped_model_is_checked_against_its_hashes(tmp_path: Path) -> None:
    shipped = shipped_type_model().directory
    copy = tmp_path / "types"
    copy.mkdir()
    for name in ("model.onnx", "tokenizer.json", "types.json"):
        (copy / name).write_bytes(shipped.joinpath(name).read_bytes())
    TypeModel(copy)  # an intact copy loads
    tokenizer = copy / "tokenizer.json"
    tokenizer.write_text(tokenizer.read_text(encoding="utf-8") + " ", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"tokenizer\.json does not match"):
        TypeModel(copy)


def test_the_class_head_on_held_out_gold(shared_dir: Path) -> None:
    """UniversalPetrarch's sentences were never trained on; the class of their first gold
    event is the classifier's for about two thirds of them (65.5% when the model shipped:
    CAMEO's conventions are not quite Multi-CoPED's)."""
    from newsevents.evaluate.gold import GoldItem
    from newsevents.evaluate.run import read_items

    path = shared_dir / "eval" / "universal-petrarch" / "petr2_gsr_validation.jsonl"
    items = [i for i in read_items(path, "events") if isinstance(i, GoldItem) and i.events]
    items = [i for i in items if i.events[0].root]
    got = shipped_type_model().predict([i.text for i in items])
    right = sum(
        p.best_class()[0] == event_class(i.events[0].root or "")
        for p, i in zip(got, items, strict=True)
    )
    assert len(items) >= 25
    assert right / len(items) >= 0.55


def test_the_plover_head_on_held_out_stories(shared_dir: Path) -> None:
    """The first 500 synthetic stories (and every story sharing their headline template) were
    never trained on; the PLOVER head reads their headlines' types right about half the time
    (54% on all 500 when the model shipped; the rules' main event: 36%)."""
    path = shared_dir / "eval" / "synthetic" / "gpt_synthetic_events_2023-10-19_19.csv"
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))[:500:5]
    headlines = [r["prompt"].splitlines()[0] for r in rows]
    model = shipped_type_model()
    got = model.predict(headlines)
    right = sum(
        max(p.plover, key=lambda kv: kv[1])[0] == r["label"] for p, r in zip(got, rows, strict=True)
    )
    assert right / len(rows) >= 0.45


def test_training_leaves_out_the_held_out_stories_and_their_templates(tmp_path: Path) -> None:
    path = tmp_path / "stories.csv"
    rows = [
        ("Troops Clash in {country_1}", "Troops Clash in Chad\n\n(AP) --", "FIGHT", "A. B."),
        ("Talks Held in {country_1}", "Talks Held in Peru\n\n(AP) --", "CONSULT", "Two met. More."),
        ("Troops Clash in {country_1}", "Troops Clash in Mali\n\n(AP) --", "FIGHT", "C. D."),
        ("Aid Sent to {country_1}", "Aid Sent to Fiji\n\n(AP) --", "AID", "Food arrived. Then."),
    ]
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["title", "prompt", "label", "text"])
        writer.writerows(rows)
    examples = plover_examples(path, held_out=1, on_error=lambda e: None)
    assert examples.labels == ("CONSULT", "CONSULT", "AID", "AID")
    assert examples.texts == ("Talks Held in Peru", "Two met.", "Aid Sent to Fiji", "Food arrived.")


def test_learned_types_can_be_switched_off() -> None:
    text = "Government troops shelled rebel positions near the border town on Monday."
    article = newsevents.Article(id="a", date=DAY, text=text)
    on = newsevents.Pipeline(newsevents.Settings())
    off = newsevents.Pipeline(newsevents.Settings(learned_types=False))
    assert "types" in on(article).stages
    assert "types" not in off(article).stages


def test_a_missing_model_folder_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="no such type model folder"):
        shipped_type_model(str(tmp_path / "nowhere"))
