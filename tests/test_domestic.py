"""Domestic actors named without their country take the country the event happens in."""

from __future__ import annotations

import pytest

import newsevents
from docbuilder import build
from newsevents.actors.domestic import focus_country
from newsevents.actors.resolve import ActorResolver
from newsevents.types import Event


def events_of(text: str) -> list[Event]:
    return newsevents.code(text, "2011-05-01")


def test_the_main_country_is_the_state_named_most() -> None:
    doc = ActorResolver()(
        build(
            ["Syria Syria PROPN nsubj 2 GPE", "protested protest VERB ROOT 0"],
            [
                "Syrian syrian ADJ amod 2 NORP",
                "officials official NOUN nsubj 3",
                "left leave VERB ROOT 0",
            ],
            ["Turkey Turkey PROPN nsubj 2 GPE", "spoke speak VERB ROOT 0"],
        )
    )
    assert focus_country(doc) == "SYR"


def test_no_main_country_when_two_states_share_the_story() -> None:
    doc = ActorResolver()(
        build(
            ["Syria Syria PROPN nsubj 2 GPE", "protested protest VERB ROOT 0"],
            ["Turkey Turkey PROPN nsubj 2 GPE", "spoke speak VERB ROOT 0"],
        )
    )
    assert focus_country(doc) is None


@pytest.mark.model
def test_police_take_the_country_of_the_event_place() -> None:
    (event,) = [e for e in events_of("Police arrested dozens of protesters in Cairo.") if e.target]
    assert event.source is not None and event.target is not None
    assert (event.source.code, event.source.via) == ("EGYCOP", "inferred")
    assert event.target.country == "EGY"


@pytest.mark.model
def test_an_inferred_country_costs_confidence() -> None:
    stated = [e for e in events_of("Egyptian police arrested Egyptian protesters in Cairo.")]
    inferred = [e for e in events_of("Police arrested protesters in Cairo.")]
    assert stated and inferred
    assert inferred[0].confidence < stated[0].confidence


@pytest.mark.model
def test_the_story_country_fills_a_sector_actor_without_a_place() -> None:
    text = (
        "Syria's government rejected the plan. Syrian officials met in Damascus. "
        "The army shelled rebel positions on Friday."
    )
    shelled = [e for e in events_of(text) if e.trigger.text.startswith("shell")]
    assert shelled and shelled[0].source is not None
    assert shelled[0].source.country == "SYR"


@pytest.mark.model
def test_a_named_person_is_never_given_the_story_country() -> None:
    text = (
        "Syria's army attacked Homs. Syrian troops shelled Hama. "
        "Colonel Ahmed Ali criticised the Syrian troops."
    )
    named = [
        actor
        for event in events_of(text)
        for actor in (event.source, event.target)
        if actor is not None and "Ahmed" in actor.text
    ]
    assert named, "the colonel should be an event actor"
    assert all(actor.country is None for actor in named)
