"""Constructions of news English and the event each one states, through the real model.

Wanting and planning ("hopes to hold talks"), appeals for someone else's act ("wants Y to
negotiate"), refusals in reported speech, lists of three, actors and their own state, and the
phrases that look like parties but are dates or places. Sentences are made up.
"""

from __future__ import annotations

import pytest

import newsevents
from newsevents.codes import cameo
from newsevents.events.extract import family_code
from newsevents.types import Event, Mode

pytestmark = pytest.mark.model

DATE = "2019-06-01"


def code(text: str) -> list[Event]:
    return newsevents.code(text, DATE)


def country(actor: newsevents.Actor | None) -> str | None:
    return actor.country if actor is not None else None


# -- wanting, planning and appealing ---------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Russia hopes to hold talks with Japan next month.", "036"),
        ("China plans to send humanitarian aid to Nepal.", "0333"),
        ("Turkey wants to restore diplomatic ties with Egypt.", "032"),
    ],
)
def test_a_wanted_cooperative_act_is_an_intent_that_was_expressed(text: str, expected: str) -> None:
    (event,) = code(text)
    assert event.cameo == expected and event.plover == "AGREE"
    assert event.mode is Mode.ASSERTED  # the hope or plan is what happened


def test_wanting_to_attack_is_a_threat_and_not_wanting_it_a_negated_one() -> None:
    (threat,) = code("Iran wants to attack Israel.")
    assert (threat.cameo, country(threat.source), country(threat.target)) == ("138", "IRN", "ISR")
    assert threat.mode is Mode.ASSERTED
    (none,) = code("Japan does not want to attack China.")
    assert (none.cameo, none.mode) == ("138", Mode.NEGATED)


def test_wanting_someone_else_to_act_is_an_appeal_to_them_not_their_act() -> None:
    events = code("France wants Russia to negotiate with Ukraine.")
    assert [(e.cameo, country(e.source), country(e.target)) for e in events] == [
        ("026", "FRA", "RUS")
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Germany urged Iran to release the detained sailors.", "0253"),
        ("The minister asked Canada to send military aid.", "0232"),
    ],
)
def test_an_appeal_is_as_specific_as_the_act_it_asks_for(text: str, expected: str) -> None:
    (event,) = [e for e in code(text) if e.cameo.startswith("02")]
    assert event.cameo == expected


def test_family_codes_follow_the_act_and_leave_other_codes_alone() -> None:
    release, talks, attack = cameo.get("0841"), cameo.get("046"), cameo.get("190")
    assert release is not None and talks is not None and attack is not None
    assert family_code("100", release) == "1053"
    assert family_code("030", talks) == "036"
    assert family_code("020", attack) is None  # no appeal code for an attack
    assert family_code("112", talks) is None  # an accusation is not a family code


# -- refusals in reported speech -------------------------------------------------------------


def test_would_not_in_reported_speech_is_a_refusal() -> None:
    (event,) = code("Brazil said it would not provide support to Venezuela.")
    assert (event.cameo, event.mode) == ("121", Mode.ASSERTED)
    assert (country(event.source), country(event.target)) == ("BRA", "VEN")


def test_would_not_have_is_a_counterfactual_not_a_refusal() -> None:
    (event,) = code("Iran would not have negotiated with the US if sanctions had stayed.")
    assert event.cameo.startswith("04") and event.mode is Mode.NEGATED


# -- who the parties are ---------------------------------------------------------------------


def test_a_list_of_three_parsed_with_an_apposition_keeps_all_three() -> None:
    (event,) = code("The US, Russia, and Switzerland met yesterday.")
    assert event.reciprocal
    assert {a.country for a in event.participants()} == {"USA", "RUS", "CHE"}


def test_an_act_on_ones_own_state_keeps_the_act_without_a_target() -> None:
    (event,) = code("Chancellor Angela Merkel defended Germany's decision.")
    assert (event.cameo[:2], country(event.source), event.target) == ("05", "DEU", None)


def test_a_state_and_its_opposition_are_two_parties() -> None:
    (event,) = [e for e in code("Venezuela banned opposition leader Juan Guaido.") if e.target]
    assert event.target is not None and event.target.code == "VENOPP"
    assert country(event.source) == "VEN"


def test_the_preposition_that_names_a_party_beats_one_that_names_a_place() -> None:
    (event,) = code("Theresa May held talks at Downing Street with the Irish premier Leo Varadkar.")
    assert (country(event.source), country(event.target)) == ("GBR", "IRL")


def test_a_date_is_never_a_party_nor_a_month_an_event() -> None:
    events = code("Japan on Tuesday called on Chinese leaders to end the dispute.")
    assert [country(e.target) for e in events] == ["CHN"]
    assert not [e for e in code("On March 4, Peru and Chile signed a treaty.") if e.cameo == "141"]


def test_a_possessive_pronoun_on_a_light_verbs_object_is_the_subject() -> None:
    (event,) = code("Iraqi forces have begun their assault on Mosul.")
    assert event.cameo == "190" and event.source is not None and event.source.code == "IRQMIL"


def test_members_of_a_group_act_as_the_group() -> None:
    events = code("Members of the Taliban attacked a police post in Kabul.")
    (attack,) = [e for e in events if e.cameo.startswith("19")]
    assert attack.source is not None and attack.source.country == "AFG"


def test_the_target_may_sit_two_phrases_below_the_object() -> None:
    (welcome,) = code("France welcomed the resumption of diplomatic ties with Iran.")
    assert (country(welcome.source), country(welcome.target)) == ("FRA", "IRN")
    (lifted,) = code("Canada lifted a travel ban imposed on Chadian citizens.")
    assert country(lifted.target) == "TCD"


def test_a_place_held_by_a_group_stands_for_the_group() -> None:
    (event,) = code("Syrian warplanes attacked the rebel-held city near Damascus.")
    assert event.target is not None and "REB" in event.target.sectors
    (backed,) = code("Turkish jets struck US-backed fighters in Syria.")
    assert backed.target is None or backed.target.country != "USA"  # backed by, not held by


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The U.S. rolled back tariffs on Chinese goods.", "085"),
        ("Israel ended the blockade of Gaza.", "0872"),
        ("Sanctions against Iran were lifted in January.", "085"),
        ("The army ended its offensive against the rebels.", "087"),
    ],
)
def test_undoing_a_coercive_measure_is_easing_it(text: str, expected: str) -> None:
    (event,) = code(text)
    assert (event.cameo, event.plover) == (expected, "RETREAT")


def test_imposing_a_measure_is_still_coercion() -> None:
    (event,) = code("Russia imposed tariffs on Chinese goods.")
    assert event.cameo == "163" and country(event.target) == "CHN"


def test_the_recipient_of_a_gift_is_its_target_however_the_parser_labels_it() -> None:
    (sent,) = code("Cuba sent doctors to Peru.")  # "to" parsed as a dative
    assert (sent.cameo[:2], country(sent.source), country(sent.target)) == ("07", "CUB", "PER")
    (gave,) = code("The EU gave Jordan financial aid.")
    assert country(gave.target) == "JOR"


def test_a_name_parsed_as_a_modifier_of_the_gift_is_its_recipient() -> None:
    (sent,) = code("Russia sent Syria new weapons.")
    assert country(sent.target) == "SYR"
    (alone,) = code("Russia sent new weapons.")
    assert alone.target is None


def test_saying_that_someone_must_act_is_a_demand_on_them() -> None:
    (event,) = code("Amnesty said that Sudanese authorities must ensure security.")
    assert (event.cameo, event.plover, event.mode) == ("100", "REQUEST", Mode.ASSERTED)
    assert country(event.target) == "SDN"
    assert not code("Russia said the plan was ready.")  # no "must": no demand
