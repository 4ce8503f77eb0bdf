"""Attacks with no named agent: an unidentified-forces (UAF) source, never over a named one."""

from __future__ import annotations

import pytest

import newsevents
from docbuilder import build
from newsevents.actors.resolve import ActorResolver
from newsevents.events.extract import EventCoder
from newsevents.events.unattributed import UAF, UNATTRIBUTED, is_attack_code
from newsevents.types import Event


def coded(*rows: list[str]) -> list[Event]:
    return list(EventCoder()(ActorResolver()(build(*rows))).events)


def test_attack_codes_are_force_not_coercion_or_words() -> None:
    assert all(is_attack_code(c) for c in ("180", "183", "190", "193", "195", "202", "1712"))
    assert not any(is_attack_code(c) for c in ("173", "1711", "111", "138", "043"))


def test_an_instrument_as_subject_is_an_unattributed_source() -> None:
    (event,) = coded(
        [
            "A a DET det 3",
            "car car NOUN compound 3",
            "bomb bomb NOUN nsubj 4",
            "killed kill VERB ROOT 0",
            "two two NUM nummod 6",
            "soldiers soldier NOUN dobj 4",
        ]
    )
    assert event.source is not None and event.target is not None
    assert (event.source.code, event.source.via, event.source.text) == (
        UAF,
        UNATTRIBUTED,
        "A car bomb",
    )
    assert event.target.code == "MIL"


def test_an_attack_without_any_actor_is_kept_with_its_unattributed_source() -> None:
    (event,) = coded(
        [
            "Two two NUM nummod 2",
            "rockets rocket NOUN nsubj 3",
            "hit hit VERB ROOT 0",
            "the the DET det 6",
            "Green Green PROPN compound 6 LOC",
            "Zone Zone PROPN dobj 3 LOC",
        ]
    )
    assert event.source is not None and event.target is None
    assert (event.source.text, event.cameo) == ("Two rockets", "190")


def test_a_passive_event_takes_the_attack_it_happened_in() -> None:
    (event,) = coded(
        [
            "A a DET det 2",
            "soldier soldier NOUN nsubjpass 4",
            "was be AUX auxpass 4",
            "killed kill VERB ROOT 0",
            "in in ADP prep 4",
            "a a DET det 7",
            "bombing bombing NOUN pobj 5",
        ]
    )
    assert event.source is not None and event.source.via == UNATTRIBUTED
    assert event.source.text == "a bombing"


def test_a_named_agent_never_gets_an_unattributed_source() -> None:
    (event,) = coded(
        [
            "Rebels rebel NOUN nsubj 2",
            "killed kill VERB ROOT 0",
            "two two NUM nummod 4",
            "soldiers soldier NOUN dobj 2",
        ]
    )
    assert event.source is not None and event.source.code == "REB"
    assert event.source.via != UNATTRIBUTED


def test_a_pronoun_agent_is_not_made_unidentified_forces() -> None:
    events = coded(
        [
            "They they PRON nsubj 2",
            "killed kill VERB ROOT 0",
            "two two NUM nummod 4",
            "soldiers soldier NOUN dobj 2",
        ]
    )
    assert all(e.source is None or e.source.via != UNATTRIBUTED for e in events)


def test_an_event_that_is_no_attack_gets_no_unattributed_source() -> None:
    """A storm or an arrest with no named agent is not the work of unidentified forces."""
    events = coded(
        [
            "Two two NUM nummod 2",
            "protesters protester NOUN nsubjpass 4",
            "were be AUX auxpass 4",
            "arrested arrest VERB ROOT 0",
            "in in ADP prep 4",
            "a a DET det 7",
            "bombing bombing NOUN pobj 5",
        ]
    )
    assert events and all(e.source is None for e in events)


# -- end to end ---------------------------------------------------------------------------------


def events_of(text: str) -> list[Event]:
    return newsevents.code(text, "2007-05-01")


def killing(text: str) -> Event:
    (event,) = [e for e in events_of(text) if e.trigger.text.startswith(("kill", "hit"))]
    return event


@pytest.mark.model
def test_a_roadside_bombing_is_iraqi_unidentified_forces_by_its_place() -> None:
    event = killing("A roadside bombing near Samarra killed a U.S. soldier.")
    assert event.source is not None and event.target is not None
    assert (event.source.code, event.source.via) == ("IRQUAF", UNATTRIBUTED)
    assert event.source.text == "A roadside bombing"
    assert event.location is not None and event.location.country == "IRQ"
    assert event.target.code == "USAMIL"


@pytest.mark.model
def test_a_car_bomb_takes_the_country_of_the_city_it_went_off_in() -> None:
    event = killing("A car bomb in Kabul killed 12 people.")
    assert event.source is not None and event.target is not None
    assert (event.source.code, event.source.text) == ("AFGUAF", "A car bomb")
    assert event.target.code == "AFGCVL"


@pytest.mark.model
def test_killed_in_a_bombing_is_an_attack_by_unidentified_forces() -> None:
    event = killing("A U.S. soldier was killed in a bombing near Samarra.")
    assert event.source is not None
    assert (event.source.code, event.source.text) == ("IRQUAF", "a bombing")


@pytest.mark.model
def test_rockets_with_no_actor_on_either_side_still_make_an_event() -> None:
    event = killing("Two rockets hit the Green Zone.")
    assert event.source is not None and event.source.via == UNATTRIBUTED


@pytest.mark.model
def test_gunmen_are_unidentified_forces_named_by_the_text() -> None:
    (event,) = events_of("Gunmen opened fire on a checkpoint.")
    assert event.source is not None
    assert (event.source.code, event.source.text) == (UAF, "Gunmen")
    assert event.source.via != UNATTRIBUTED


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("A car bombing by the Islamic State group killed 75 people in Syria.", "IMGMUSISI"),
        ("The missiles fired by the Israeli military struck an arms depot.", "ISRMIL"),
    ],
)
def test_an_attack_phrase_that_names_its_doer_has_that_doer_as_source(text: str, code: str) -> None:
    event = killing(text) if "kill" in text else events_of(text)[0]
    assert event.source is not None
    assert (event.source.code, event.source.via != UNATTRIBUTED) == (code, True)


@pytest.mark.model
def test_a_condemned_attack_with_nobody_on_either_side_adds_no_event() -> None:
    events = events_of("The minister condemned the attack.")
    assert all(e.source is None or e.source.via != UNATTRIBUTED for e in events)


@pytest.mark.model
@pytest.mark.parametrize(
    "text", ["The war killed thousands of civilians.", "The invasion of Iraq began."]
)
def test_wars_and_invasions_are_waged_by_the_storys_parties_not_unidentified_forces(
    text: str,
) -> None:
    assert all(e.source is None or e.source.via != UNATTRIBUTED for e in events_of(text))


def test_a_passive_event_takes_the_attack_of_its_when_clause() -> None:
    rows = [
        "Three three NUM nummod 2",
        "soldiers soldier NOUN nsubjpass 4",
        "were be AUX auxpass 4",
        "killed kill VERB ROOT 0",
        "when when SCONJ advmod 9",
        "a a DET det 8",
        "roadside roadside NOUN compound 8",
        "bomb bomb NOUN nsubj 9",
        "exploded explode VERB advcl 4",
    ]
    killed = [e for e in coded(rows) if e.trigger.text == "killed"]
    assert killed and killed[0].source is not None
    assert (killed[0].source.text, killed[0].source.via) == ("a roadside bomb", UNATTRIBUTED)


def test_a_when_clause_that_names_the_doer_gives_that_doer() -> None:
    rows = [
        "Two two NUM nummod 2",
        "soldiers soldier NOUN nsubjpass 4",
        "were be AUX auxpass 4",
        "killed kill VERB ROOT 0",
        "when when SCONJ advmod 7",
        "rebels rebel NOUN nsubj 7",
        "attacked attack VERB advcl 4",
    ]
    killed = [e for e in coded(rows) if e.trigger.text == "killed"]
    assert killed and killed[0].source is not None
    assert (killed[0].source.code, killed[0].source.via) == ("REB", "context")


@pytest.mark.model
def test_a_collapse_is_no_attack_by_anyone() -> None:
    events = events_of("Ten people were killed when the roof collapsed.")
    assert all(e.source is None for e in events)
