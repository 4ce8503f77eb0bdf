"""Who "they", "it", "the two countries", "the exercises" and "these claims" are.

Pronouns and plural references resolve over the actors the article already named
(newsevents.actors.coreference); definite event nouns refer back to an earlier event and stand
for its doers (newsevents.events.anaphora).
"""

from __future__ import annotations

import pytest

import newsevents
from newsevents import Event

pytestmark = pytest.mark.model

DAY = "2024-10-15"


def countries(actors: tuple[newsevents.Actor, ...]) -> set[str | None]:
    return {a.country for a in actors}


def only(events: list[Event], trigger: str) -> Event:
    (event,) = [e for e in events if e.trigger.text.startswith(trigger)]
    return event


# -- pronouns and plural references -----------------------------------------------------------


def test_they_stands_for_a_coordination_named_before() -> None:
    events = newsevents.code(
        "The talks reinforce Moscow and Beijing's partnership as they intensified criticism of "
        "U.S. efforts in Asia.",
        DAY,
    )
    criticism = only(events, "intensified criticism")
    assert countries(criticism.all_sources()) == {"RUS", "CHN"}
    assert countries(criticism.all_targets()) == {"USA"}


def test_they_reaches_the_sentence_before() -> None:
    events = newsevents.code("The rebels entered the city. They killed ten soldiers.", DAY)
    killing = only(events, "killed")
    assert killing.source is not None and "REB" in killing.source.sectors
    assert killing.target is not None and "MIL" in killing.target.sectors


def test_the_two_countries_are_the_last_two_named() -> None:
    events = newsevents.code(
        "Russia and China signed a trade deal. The two countries also condemned the sanctions.",
        DAY,
    )
    condemned = only(events, "condemned")
    assert countries(condemned.all_sources()) == {"RUS", "CHN"}


def test_its_forces_are_the_states_named_before() -> None:
    events = newsevents.code("Iran seized a tanker. Its navy also detained the crew.", DAY)
    detention = only(events, "detained")
    assert detention.source is not None and detention.source.code == "IRNMIL"


def test_an_empty_it_names_nobody() -> None:
    text = "Iran warned Israel. It is clear that talks failed."
    doc = newsevents.Pipeline()(newsevents.article(text, DAY))
    assert not [m for m in doc.mentions if m.text == "It"]


def test_a_pronoun_names_its_actor_by_the_antecedent_in_the_same_sentence() -> None:
    """The evidence shows who acts by name: "Slovakia says it will not accept refugees"."""
    (refusal,) = [
        e
        for e in newsevents.code("Slovakia says it will not accept Syrian refugees.", DAY)
        if e.cameo.startswith("12")
    ]
    assert refusal.source is not None and refusal.source.text == "Slovakia"


# -- event nouns that refer back --------------------------------------------------------------


def test_the_exercises_are_the_war_games_told_before() -> None:
    events = newsevents.code(
        "China's navy held war games near Taiwan on Monday. "
        "The exercises drew condemnation from Japan.",
        DAY,
    )
    condemnation = only(events, "drew condemnation")
    assert countries(condemnation.all_sources()) == {"JPN"}
    assert countries(condemnation.all_targets()) == {"CHN"}


def test_a_denial_of_these_claims_answers_the_accuser() -> None:
    events = newsevents.code(
        "The U.S. accused China of supporting Russia's war. China denied these claims.", DAY
    )
    denial = only(events, "denied")
    assert denial.cameo == "016"
    assert countries(denial.all_targets()) == {"USA"}


def test_an_event_noun_naming_its_own_party_does_not_refer_back() -> None:
    events = newsevents.code(
        "Russia held drills near Finland. Belarus's exercises drew criticism from Poland.", DAY
    )
    criticism = only(events, "drew criticism")
    assert countries(criticism.all_targets()) == {"BLR"}


def test_an_event_told_long_before_is_out_of_reach() -> None:
    filler = " ".join(f"Officials in Oslo met on day {n}." for n in range(5))
    events = newsevents.code(
        f"China's navy held war games near Taiwan. {filler} The exercises drew condemnation "
        "from Japan.",
        DAY,
    )
    condemnation = only(events, "drew condemnation")
    assert condemnation.target is None


# -- one event told once ----------------------------------------------------------------------


def test_an_event_noun_that_restates_its_verb_is_not_a_second_event() -> None:
    events = newsevents.code(
        'Putin and Xi agreed to deepen their "strategic partnership," Belousov said.', DAY
    )
    assert [e.cameo[:2] for e in events] == ["03"]


def test_an_event_noun_of_another_doer_is_an_event_of_its_own() -> None:
    events = newsevents.code("Russia condemned Ukraine's attack on the bridge.", DAY)
    assert {(e.cameo[:2], e.source.country if e.source else None) for e in events} == {
        ("11", "RUS"),
        ("19", "UKR"),
    }


# -- who acts in a reduced relative and in an attack "from" somewhere ------------------------


def test_soldiers_killed_somewhere_are_the_target() -> None:
    (killing,) = newsevents.code("There were 10 Russian soldiers killed in Ukraine today.", DAY)
    assert killing.source is None or killing.source.country != "RUS"
    assert killing.target is not None and killing.target.code == "RUSMIL"


def test_attacks_from_a_country_are_that_countrys() -> None:
    text = "Armenia said it was retaliating against attacks from Azerbaijan."
    events = newsevents.code(text, DAY)
    attacks = only(events, "attacks")
    assert attacks.source is not None and attacks.source.country == "AZE"
