"""The learned argument selection: what it may choose, and what the shipped model does.

Hand-built documents with hand-written weights test the selection's rules (what is a
candidate, what the model may never fill); the model-backed tests hold what the shipped model
promises on sentences the rules alone get wrong.
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

import newsevents
from docbuilder import build
from newsevents.actors.resolve import ActorResolver
from newsevents.errors import ConfigError
from newsevents.events.extract import EventCoder
from newsevents.events.selection import ArgumentModel, text_key
from newsevents.types import Document, Event


def model(target: dict[str, float], source: dict[str, float] | None = None) -> ArgumentModel:
    """A model with hand-written weights: the features named win over "none"."""
    return ArgumentModel(
        {"source": source or {}, "target": target},
        {"source": 0.0, "target": 0.0},
        {},
    )


def coded(doc: Document, arguments: ArgumentModel | None) -> list[Event]:
    return list(EventCoder(arguments=arguments)(ActorResolver()(doc)).events)


def with_tags(doc: Document, tags: dict[int, str]) -> Document:
    tokens = tuple(dataclasses.replace(t, tag=tags.get(t.i, t.tag)) for t in doc.tokens)
    return dataclasses.replace(doc, tokens=tokens)


# -- the model file ---------------------------------------------------------------------------


def test_a_model_survives_its_json_form() -> None:
    m = ArgumentModel(
        {"source": {"a": 1.5}, "target": {"none|bias": -0.25}},
        {"source": 0.0, "target": 1.0},
        {"sentences": 3},
    )
    again = ArgumentModel.from_json(json.loads(json.dumps(m.to_json())))
    assert again == m


def test_a_malformed_model_file_is_named_in_the_error(tmp_path: Path) -> None:
    path = tmp_path / "bad.json"
    path.write_text('{"format": "newsevents-arguments-2", "weights": {}}', encoding="utf-8")
    with pytest.raises(ConfigError, match=r"bad\.json"):
        ArgumentModel.read(path)
    path.write_text("not json", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"bad\.json"):
        ArgumentModel.read(path)


def test_a_margin_makes_none_win() -> None:
    doc = build(
        [
            "Pakistan Pakistan PROPN nsubj 2 GPE",
            "bombed bomb VERB ROOT 0",
            "bridges bridge NOUN dobj 2",
            "in in ADP prep 3",
            "Afghanistan Afghanistan PROPN pobj 4 GPE",
        ]
    )
    keen = model({"place": 5.0})
    (event,) = coded(doc, keen)
    assert event.target is not None and event.target.code == "AFG"
    shy = dataclasses.replace(keen, margins={"source": 0.0, "target": 10.0})
    (event,) = coded(doc, shy)
    assert event.target is None


# -- what the selection may choose ------------------------------------------------------------


def test_rules_keep_their_own_parties() -> None:
    """The model only fills a side the rules leave empty; it never replaces their choice."""
    doc = build(
        [
            "Russia Russia PROPN nsubj 2 GPE",
            "accused accuse VERB ROOT 0",
            "Ukraine Ukraine PROPN dobj 2 GPE",
            "in in ADP prep 2",
            "Geneva Geneva PROPN pobj 4 GPE",
        ]
    )
    loves_geneva = model({"place": 9.0, "cand_dep=pobj": 9.0})
    (event,) = coded(doc, loves_geneva)
    assert event.target is not None and event.target.code == "UKR"


def test_a_place_where_words_are_said_is_no_target_but_one_where_force_is_used_is() -> None:
    rally = build(
        [
            "Navalny Navalny PROPN nsubj 2 PERSON",
            "denounced denounce VERB ROOT 0",
            "corruption corruption NOUN dobj 2",
            "in in ADP prep 2",
            "Moscow Moscow PROPN pobj 4 GPE",
        ]
    )
    strike = build(
        [
            "Pakistan Pakistan PROPN nsubj 2 GPE",
            "bombed bomb VERB ROOT 0",
            "bridges bridge NOUN dobj 2",
            "in in ADP prep 3",
            "Afghanistan Afghanistan PROPN pobj 4 GPE",
        ]
    )
    keen = model({"place": 9.0})
    assert all(e.target is None for e in coded(rally, keen))
    (event,) = coded(strike, keen)
    assert event.target is not None and event.target.country == "AFG"


def test_an_agentless_passive_gets_no_source() -> None:
    """ "Avenatti was charged": the subject is acted upon, and who acted is not said."""
    doc = build(
        [
            "Iran Iran PROPN nsubjpass 3 GPE",
            "was be AUX auxpass 3",
            "sanctioned sanction VERB ROOT 0",
            "in in ADP prep 3",
            "Washington Washington PROPN pobj 4 GPE",
        ]
    )
    eager = model({}, source={"bias": 9.0})
    (event,) = coded(doc, eager)
    assert event.source is None
    assert event.target is not None and event.target.code == "IRN"


def test_the_speaker_is_no_party_of_what_is_said() -> None:
    """In "Russia said Ukraine shelled Kharkiv", Russia tells the shelling; it did not do it
    and it was not shelled."""
    doc = build(
        [
            "Russia Russia PROPN nsubj 2 GPE",
            "said say VERB ROOT 0",
            "Ukraine Ukraine PROPN nsubj 4 GPE",
            "attacked attack VERB ccomp 2",
            "civilians civilian NOUN dobj 4",
        ]
    )
    eager = model({"bias": 9.0}, source={"bias": 9.0})
    attacks = [e for e in coded(doc, eager) if e.trigger.text == "attacked"]
    assert attacks and all(
        a.country != "RUS" for e in attacks for a in (*e.all_sources(), *e.all_targets())
    )


def test_a_target_the_rules_gave_that_is_the_sources_own_is_filled_anew() -> None:
    """ "Russia strengthened its forces near Ukraine": its forces are Russia's own."""
    (event,) = newsevents.code("Russia strengthened its forces near Ukraine.", "2024-10-15")
    assert event.cameo == "154"
    assert event.target is not None and event.target.country == "UKR"


def test_without_learned_arguments_the_rules_decide_alone() -> None:
    settings = newsevents.Settings(learned_arguments=False)
    pipeline = newsevents.Pipeline(settings)
    assert pipeline.stage("events").arguments is None  # type: ignore[attr-defined]


# -- the shipped model ------------------------------------------------------------------------


def test_the_shipped_model_says_what_it_was_trained_on() -> None:
    shipped = ArgumentModel.builtin()
    assert shipped is not None
    (trained,) = shipped.meta["trained_on"]
    assert trained["file"] == "train_ner.jsonl"
    assert shipped.meta["sentences"] == 1152  # two sentences occur twice: 1,150 distinct keys
    assert len(set(shipped.meta["sentence_keys"])) == len(shipped.meta["sentence_keys"]) == 1150
    assert shipped.margins["target"] > 0  # adding a target needs more than an even chance
    assert shipped.meta["cross_validation"]["folds"] == 5


@pytest.mark.model
def test_the_model_fills_a_target_the_rules_miss() -> None:
    """The rules code no target for a rejection whose object is a thing, not an actor; the
    model takes whoever put it forward."""
    text = "Japan rejected the proposal put forward by South Korea."
    rules_only = newsevents.Settings(learned_arguments=False)
    rules = newsevents.code(text, "2020-01-01", settings=rules_only)
    learned = newsevents.code(text, "2020-01-01")
    assert [e.target for e in rules if e.cameo.startswith("12")] == [None]
    (rejection,) = [e for e in learned if e.cameo.startswith("12")]
    assert rejection.target is not None and rejection.target.country == "KOR"


def test_the_rules_reach_the_parties_between_whom_an_end_is_mediated() -> None:
    text = "President Jimmy Carter mediated an end to the conflict between Israel and Egypt."
    rules_only = newsevents.Settings(learned_arguments=False)
    (mediation,) = [
        e for e in newsevents.code(text, "1978-09-17", settings=rules_only) if e.cameo[:2] == "04"
    ]
    assert {t.country for t in mediation.all_targets()} == {"ISR", "EGY"}


@pytest.mark.model
def test_evaluating_on_the_training_sentences_says_so(shared_dir: Path) -> None:
    from newsevents.evaluate import evaluate_gold

    gold = shared_dir / "eval" / "multicoped" / "train_ner.jsonl"
    report = evaluate_gold(gold, "multicoped-spans", newsevents.Pipeline(), limit=20)
    assert any("taught the learned argument selection" in n for n in report.run.notes)
    rules = newsevents.Pipeline(newsevents.Settings(learned_arguments=False))
    report = evaluate_gold(gold, "multicoped-spans", rules, limit=20)
    assert not any("argument selection" in n for n in report.run.notes)


def test_sentence_keys_ignore_spacing() -> None:
    assert text_key("Russia  attacked\nUkraine.") == text_key("Russia attacked Ukraine.")
    assert text_key("Russia attacked Ukraine.") != text_key("Ukraine attacked Russia.")
