"""The events stage: triggers, arguments, reciprocity, modality and composition.

Hand-built parses pin the mechanics; a few sentences through the real model pin the
constructions users meet in news (light verbs, receptive verbs, passives, control).
"""

from __future__ import annotations

import pytest

import newsevents
from docbuilder import build
from newsevents.actors.resolve import ActorResolver
from newsevents.events.extract import EventCoder
from newsevents.settings import Settings
from newsevents.types import Document, Event, Mode, Precision

resolver = ActorResolver()
coder = EventCoder()


def code_doc(doc: Document, settings: Settings | None = None) -> list[Event]:
    stage = coder if settings is None else EventCoder(settings)
    return list(stage(resolver(doc)).events)


def dyads(events: list[Event]) -> set[tuple[str | None, str, str | None]]:
    """Every (source, CAMEO, target) dyad the events stand for, participants included."""
    return {
        (source.code if source else None, e.cameo, target.code if target else None)
        for e in events
        for source, target in e.dyads()
    }


def test_transitive_verb_codes_subject_against_object() -> None:
    doc = build(
        [
            "Russia Russia PROPN nsubj 2 GPE",
            "accused accuse VERB ROOT 0",
            "Ukraine Ukraine PROPN dobj 2 GPE",
        ]
    )
    (event,) = code_doc(doc)
    assert (event.source.code, event.cameo, event.target.code) == ("RUS", "112", "UKR")  # type: ignore[union-attr]
    assert event.plover == "ACCUSE"
    assert event.quad_class == 3
    assert event.goldstein < 0


def test_event_carries_evidence_trigger_and_publication_date() -> None:
    doc = build(
        [
            "Russia Russia PROPN nsubj 2 GPE",
            "accused accuse VERB ROOT 0",
            "Ukraine Ukraine PROPN dobj 2 GPE",
        ]
    )
    (event,) = code_doc(doc)
    text = doc.article.text
    assert text[event.evidence.start : event.evidence.end] == event.evidence.text
    assert text[event.trigger.start : event.trigger.end] == "accused"
    assert event.event_date.precision is Precision.PUBLICATION
    assert event.event_date.start == doc.date == event.doc_date


def test_passive_takes_the_agent_as_source() -> None:
    # "Ukraine was attacked by Russia"
    doc = build(
        [
            "Ukraine Ukraine PROPN nsubjpass 3 GPE",
            "was be AUX auxpass 3",
            "attacked attack VERB ROOT 0",
            "by by ADP agent 3",
            "Russia Russia PROPN pobj 4 GPE",
        ]
    )
    assert {("RUS", "UKR")} == {(s, t) for s, _, t in dyads(code_doc(doc))}


def test_coordinated_subjects_of_a_mutual_event_are_coded_both_ways() -> None:
    # "India and China held talks"
    doc = build(
        [
            "India India PROPN nsubj 4 GPE",
            "and and CCONJ cc 1",
            "China China PROPN conj 1 GPE",
            "held hold VERB ROOT 0",
            "talks talk NOUN dobj 4",
        ]
    )
    (talks,) = code_doc(doc)  # one meeting, not one per direction
    assert talks.cameo.startswith("04") and talks.reciprocal
    assert {(s, t) for s, _, t in dyads([talks])} == {("IND", "CHN"), ("CHN", "IND")}
    # the primary dyad is in code order, whatever the word order
    assert (talks.source.code, talks.target.code) == ("CHN", "IND")  # type: ignore[union-attr]


def test_coordinated_subjects_of_a_one_way_event_do_not_target_each_other() -> None:
    # "India and China criticized Pakistan"
    doc = build(
        [
            "India India PROPN nsubj 4 GPE",
            "and and CCONJ cc 1",
            "China China PROPN conj 1 GPE",
            "criticized criticize VERB ROOT 0",
            "Pakistan Pakistan PROPN dobj 4 GPE",
        ]
    )
    (criticism,) = code_doc(doc)  # one criticism by both
    assert not criticism.reciprocal
    assert [a.code for a in criticism.all_sources()] == ["IND", "CHN"]  # text order
    assert {(s, t) for s, _, t in dyads([criticism])} == {("IND", "PAK"), ("CHN", "PAK")}


def test_negation_is_a_mode_not_a_dropped_event() -> None:
    doc = build(
        [
            "Russia Russia PROPN nsubj 4 GPE",
            "did do AUX aux 4",
            "not not PART neg 4",
            "attack attack VERB ROOT 0",
            "Ukraine Ukraine PROPN dobj 4 GPE",
        ]
    )
    (event,) = code_doc(doc)
    assert event.mode is Mode.NEGATED


def test_future_auxiliary_marks_the_event_future() -> None:
    doc = build(
        [
            "Russia Russia PROPN nsubj 3 GPE",
            "will will AUX aux 3",
            "attack attack VERB ROOT 0",
            "Ukraine Ukraine PROPN dobj 3 GPE",
        ]
    )
    (event,) = code_doc(doc)
    assert event.mode is Mode.FUTURE


def test_events_without_any_actor_are_not_kept() -> None:
    doc = build(["Talks talk NOUN nsubj 2", "resumed resume VERB ROOT 0"])
    assert code_doc(doc) == []


def test_require_dyad_and_min_confidence_settings_filter_events() -> None:
    doc = build(["Russia Russia PROPN nsubj 2 GPE", "protested protest VERB ROOT 0"])
    assert code_doc(doc)  # a source alone is an event by default
    assert code_doc(doc, Settings(require_dyad=True)) == []
    assert code_doc(doc, Settings(min_confidence=0.99)) == []


@pytest.fixture(scope="module")
def coded() -> dict[str, list[Event]]:
    sentences = {
        "light": "Russia launched an invasion of Ukraine.",
        "receive": "The plan drew condemnation from France.",
        "threat": "China vowed to take action against Taiwan.",
        "passive_noun": "Talks were held with Iran by the European Union.",
        "possessive_noun": "Germany's visit to Poland ended.",
        "accusation": "The U.S. accused China of supporting Russia.",
        "reported": "Japan said Russia attacked Ukraine.",
        "conditional": "If Iran attacks Israel, the U.S. will respond.",
    }
    return {key: newsevents.code(text, "2024-10-15") for key, text in sentences.items()}


@pytest.mark.model
def test_light_verb_takes_the_noun_code_and_its_of_phrase_target(
    coded: dict[str, list[Event]],
) -> None:
    event = next(e for e in coded["light"] if e.target is not None)
    assert (event.source.country, event.target.country) == ("RUS", "UKR")  # type: ignore[union-attr]
    assert event.quad_class == 4
    assert "invasion" in event.trigger.text


@pytest.mark.model
def test_receptive_verb_takes_the_source_from_the_from_phrase(
    coded: dict[str, list[Event]],
) -> None:
    (event,) = coded["receive"]
    assert event.source is not None and event.source.country == "FRA"
    assert event.cameo.startswith("11")


@pytest.mark.model
def test_vow_to_act_against_is_a_threat(coded: dict[str, list[Event]]) -> None:
    (event,) = coded["threat"]
    assert event.cameo.startswith("13")
    assert (event.source.country, event.target.country) == ("CHN", "TWN")  # type: ignore[union-attr]


@pytest.mark.model
def test_event_noun_with_possessive_source(coded: dict[str, list[Event]]) -> None:
    (event,) = coded["possessive_noun"]
    assert (event.source.country, event.cameo, event.target.country) == ("DEU", "042", "POL")  # type: ignore[union-attr]


@pytest.mark.model
def test_object_control_in_accusations_gives_a_claimed_event(coded: dict[str, list[Event]]) -> None:
    accuse = next(e for e in coded["accusation"] if e.cameo == "112")
    assert (accuse.source.country, accuse.target.country) == ("USA", "CHN")  # type: ignore[union-attr]
    claimed = [e for e in coded["accusation"] if e.mode is Mode.CLAIMED]
    assert claimed and claimed[0].source is not None and claimed[0].source.country == "CHN"


@pytest.mark.model
def test_reported_speech_marks_the_reported_event(coded: dict[str, list[Event]]) -> None:
    attack = next(e for e in coded["reported"] if e.quad_class == 4)
    assert attack.mode is Mode.REPORTED
    assert (attack.source.country, attack.target.country) == ("RUS", "UKR")  # type: ignore[union-attr]


@pytest.mark.model
def test_conditional_clause_is_hypothetical(coded: dict[str, list[Event]]) -> None:
    attack = next(e for e in coded["conditional"] if e.source and e.source.country == "IRN")
    assert attack.mode is Mode.HYPOTHETICAL
