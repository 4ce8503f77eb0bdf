"""Domestic actors named without their country take the country the event happens in."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

import newsevents
from docbuilder import build
from newsevents.actors.domestic import (
    EVENT_PLACE,
    INFERRED,
    MAIN_COUNTRY,
    DomesticCountry,
    focus_country,
)
from newsevents.actors.resolve import ActorResolver
from newsevents.events.unattributed import UNATTRIBUTED
from newsevents.types import Actor, Document, Event, Place, Precision, Span, TimeRef, same_party


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
    assert (event.source.code, event.source.via) == ("EGYCOP", EVENT_PLACE)
    assert (event.target.country, event.target.via) == ("EGY", EVENT_PLACE)


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
    assert (shelled[0].source.country, shelled[0].source.via) == ("SYR", MAIN_COUNTRY)


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


# -- the stage on hand-built events -------------------------------------------------------------


def _sector_actor(code: str, start: int, *, via: str = "context") -> Actor:
    return Actor(code.lower(), code.lower(), code, None, (code,), start, start + 5, via)


def _event(
    source: Actor | None, target: Actor | None, *, place: str | None = None, cameo: str = "190"
) -> Event:
    day = dt.date(2011, 5, 1)
    return Event(
        doc_id="doc",
        doc_date=day,
        sentence_index=0,
        source=source,
        target=target,
        cameo=cameo,
        cameo_name="",
        plover="",
        quad_class=4,
        goldstein=-10.0,
        event_date=TimeRef(day, day, Precision.PUBLICATION),
        evidence=Span("", 0, 0),
        trigger=Span("", 0, 0),
        location=Place(place, place) if place else None,
        confidence=0.9,
    )


def _with_events(*events: Event) -> Document:
    doc = ActorResolver()(build(["Police police NOUN ROOT 0"]))
    return replace(doc, events=events)


def test_the_event_place_comes_before_the_main_country_and_says_so() -> None:
    placed = _event(_sector_actor("COP", 0), _sector_actor("OPP", 10), place="EGY")
    (event,) = DomesticCountry()(_with_events(placed)).events
    assert event.source is not None and event.target is not None
    assert (event.source.code, event.source.via) == ("EGYCOP", EVENT_PLACE)
    assert (event.target.code, event.target.via) == ("EGYOPP", EVENT_PLACE)
    assert event.confidence < placed.confidence


def test_both_sides_of_one_state_keep_their_inferred_country() -> None:
    """ "Police clashed with police in Cairo" was left without a country before."""
    (event,) = DomesticCountry()(
        _with_events(_event(_sector_actor("COP", 0), _sector_actor("COP", 10), place="EGY"))
    ).events
    assert event.source is not None and event.target is not None
    assert (event.source.code, event.target.code) == ("EGYCOP", "EGYCOP")


def test_a_government_and_its_own_rebels_are_a_dyad() -> None:
    government = Actor("the government", "government", "SYRGOV", "SYR", ("GOV",), 0, 14)
    (event,) = DomesticCountry()(
        _with_events(_event(government, _sector_actor("REB", 20), place="SYR"))
    ).events
    assert event.target is not None and event.target.code == "SYRREB"
    assert event.dyads() == [(event.source, event.target)]
    army = Actor("the army", "army", "SYRMIL", "SYR", ("MIL",), 30, 38)
    state = Actor("Syria", "Syria", "SYR", "SYR", (), 40, 45)
    assert same_party(army, state)
    assert not same_party(event.target, state)


def test_an_unattributed_source_keeps_its_via_when_it_gets_a_country() -> None:
    uaf = _sector_actor("UAF", 0, via=UNATTRIBUTED)
    (event,) = DomesticCountry()(_with_events(_event(uaf, None, place="IRQ"))).events
    assert event.source is not None
    assert (event.source.code, event.source.via) == ("IRQUAF", UNATTRIBUTED)


def test_earlier_inferred_countries_do_not_make_a_main_country() -> None:
    assert {"inferred", EVENT_PLACE, MAIN_COUNTRY} <= INFERRED
    doc = ActorResolver()(build(["Syria Syria PROPN nsubj 2 GPE", "protested protest VERB ROOT 0"]))
    (mention,) = doc.mentions
    assert mention.actor is not None
    for via in sorted(INFERRED):
        stale = replace(mention, actor=replace(mention.actor, via=via))
        doubled = replace(doc, mentions=(mention, stale))
        assert focus_country(doubled) is None  # one stated mention is not enough


# -- a country from the phrase itself ---------------------------------------------------------


@pytest.mark.model
@pytest.mark.parametrize(
    ("phrase", "code"),
    [
        ("Darfur rebels", "SDNREB"),
        ("rebels in Darfur", "SDNREB"),
        ("a Swiss court", "CHEJUD"),
        ("Ugandan activists", "UGAOPP"),
        ("Nigerian judges", "NGAJUD"),
        ("police in Anbar", "IRQCOP"),
        ("Chechen rebels", "RUSREB"),
        ("a militant group in Balochistan", "PAKUAF"),
        ("the largest Protestant extremist organization in Northern Ireland", "GBRRAD"),
    ],
)
def test_a_place_or_demonym_inside_the_phrase_gives_the_country(phrase: str, code: str) -> None:
    found = newsevents.resolve_actor(phrase, date="2011-05-01")
    assert (found.code, found.via) == (code, "context")


@pytest.mark.model
def test_a_region_split_between_states_gives_no_country() -> None:
    assert newsevents.resolve_actor("rebels in Punjab", date="2011-05-01").country is None


@pytest.mark.model
@pytest.mark.parametrize(("phrase", "code"), [("the union", "LAB"), ("unknown assailants", "UAF")])
def test_unions_and_assailants_are_actors(phrase: str, code: str) -> None:
    assert newsevents.resolve_actor(phrase, date="2011-05-01").code == code


@pytest.mark.model
@pytest.mark.parametrize(
    "phrase", ["the Soviet Union", "a customs union", "European Union legislators"]
)
def test_unions_of_states_are_no_labour_unions(phrase: str) -> None:
    assert "LAB" not in newsevents.resolve_actor(phrase, date="2011-05-01").sectors


@pytest.mark.model
def test_a_domestic_dyad_is_coded_on_both_sides() -> None:
    text = "Syrian officials met in Damascus. The Syrian government attacked the rebels."
    (attack,) = [e for e in events_of(text) if e.trigger.text.startswith("attack")]
    assert attack.source is not None and attack.target is not None
    assert (attack.source.code, attack.target.code) == ("SYRGOV", "SYRREB")
    assert attack.dyads() == [(attack.source, attack.target)]
