"""Modes that match the text, through the real model: what is refused, pending, conditional or
only intended is not told as having happened, and an event's tense is its own verb's.

Sentences are made up, several per construction with different verbs and actors, so that a
rule keyed to one sentence does not pass.
"""

from __future__ import annotations

import pytest

import newsevents
from newsevents.types import Event, Mode

pytestmark = pytest.mark.model

DATE = "2020-06-01"
HAPPENED = frozenset({Mode.ASSERTED, Mode.REPORTED})


def code(text: str) -> list[Event]:
    return newsevents.code(text, DATE)


def by_trigger(events: list[Event], word: str) -> Event:
    found = [e for e in events if e.trigger.text.split()[0] == word]
    assert found, f"no event triggered by {word!r} in {[e.trigger.text for e in events]}"
    return found[0]


def country(actor: newsevents.Actor | None) -> str | None:
    return actor.country if actor is not None else None


# -- a negated permission: the act does not happen, the refusal does ------------------------


@pytest.mark.parametrize(
    ("text", "act", "refuser", "refused"),
    [
        (
            "The United States would not allow any Turkish military operations in Syria.",
            "operations",
            "USA",
            "TUR",
        ),
        ("Israel will not allow Hamas to attack its cities.", "attack", "ISR", "PSE"),
        ("Moscow would never allow NATO troops to invade Belarus.", "invade", "RUS", None),
        (
            "Pakistan did not allow American drones to strike targets in its territory.",
            "strike",
            "PAK",
            "USA",
        ),
        ("Turkey will not tolerate Kurdish attacks on its soldiers.", "attacks", "TUR", None),
    ],
)
def test_what_is_not_permitted_does_not_happen_and_the_refusal_does(
    text: str, act: str, refuser: str, refused: str | None
) -> None:
    events = code(text)
    disallowed = by_trigger(events, act)
    assert disallowed.mode is Mode.NEGATED
    assert not [e for e in events if e.cameo[:2] in {"15", "18", "19"} and e.mode in HAPPENED]
    (refusal,) = [e for e in events if e.cameo.startswith("12")]
    assert refusal.mode is Mode.ASSERTED
    assert country(refusal.source) == refuser
    if refused is not None:
        assert country(refusal.target) == refused


def test_a_permission_given_is_no_refusal() -> None:
    events = code("Israel allowed Egyptian troops to attack the militants in Sinai.")
    assert not [e for e in events if e.cameo.startswith("12")]


# -- pending events ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "trigger"),
    [
        ("The resolution still awaited approval by the Iraqi government.", "approval"),
        ("The treaty still awaits ratification by the Senate.", "ratification"),
        ("The agreement is awaiting approval by the Israeli cabinet.", "approval"),
        ("The treaty is pending ratification by the French parliament.", "ratification"),
        ("The accord was waiting for approval by the Egyptian parliament.", "approval"),
        (
            "The deal, which is subject to approval by the Iranian parliament, was announced.",
            "approval",
        ),
        ("The ratification of the treaty by Germany is still pending.", "ratification"),
        ("Israel has yet to sign the agreement.", "sign"),
        ("The Senate has yet to ratify the treaty with Russia.", "ratify"),
        ("India has not yet ratified the treaty.", "ratified"),
    ],
)
def test_a_pending_event_is_hypothetical(text: str, trigger: str) -> None:
    assert by_trigger(code(text), trigger).mode is Mode.HYPOTHETICAL


# -- conditions -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "trigger"),
    [
        ("Turkey will attack the Kurdish militants if necessary.", "attack"),
        ("Japan will send troops to Iraq if necessary.", "send"),
        ("If Russia invades Ukraine, the EU will impose sanctions on Moscow.", "impose"),
        ("If Russia invades Ukraine, the EU will impose sanctions on Moscow.", "invades"),
        ("NATO will defend Estonia in case of a Russian attack.", "defend"),
        ("In case of an attack, NATO would defend Poland.", "defend"),
        ("Iran will retaliate against Israel unless the strikes stop.", "retaliate"),
        ("Israel would strike Iran unless the talks succeed.", "strike"),
    ],
)
def test_a_conditional_event_is_hypothetical(text: str, trigger: str) -> None:
    assert by_trigger(code(text), trigger).mode is Mode.HYPOTHETICAL


# -- intents and plans ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "trigger", "mode"),
    [
        ("Iranian agents were developing plans to attack American diplomats.", "attack", None),
        ("Iran was developing plans to attack Saudi oil facilities.", "attack", None),
        ("Police said the group had developed plans to bomb the parliament.", "bomb", None),
        ("The rebels were plotting an attack on the capital.", "attack", None),
        ("Hezbollah is preparing an attack on Israel.", "attack", None),
        ("Israel is ready to attack Iran.", "attack", Mode.FUTURE),
        ("Russia is going to attack Ukraine.", "attack", Mode.FUTURE),
        ("The US is considering imposing sanctions on Turkey.", "imposing", None),
    ],
)
def test_an_intended_event_has_not_happened(text: str, trigger: str, mode: Mode | None) -> None:
    found = by_trigger(code(text), trigger).mode
    assert found in {Mode.FUTURE, Mode.HYPOTHETICAL}
    if mode is not None:
        assert found is mode


@pytest.mark.parametrize(
    "text",
    [
        "Iran threatened to attack American ships.",
        "Russia vowed to strike Kyiv.",
        "Hezbollah was planning to attack Israeli soldiers.",
    ],
)
def test_a_threat_stays_a_threat_that_happened(text: str) -> None:
    events = code(text)
    assert [e for e in events if e.cameo.startswith("13") and e.mode is Mode.ASSERTED]
    assert not [e for e in events if e.cameo.startswith("19") and e.mode in HAPPENED]


# -- tense from the event's own clause --------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "trigger"),
    [
        ("Britain plans to raise the issue after Raab spoke with Pompeo.", "spoke"),
        ("Merkel met Macron in Berlin, and the two will travel to Rome next week.", "met"),
        ("Russia attacked Ukraine after Biden said he would impose sanctions.", "attacked"),
        ("Obama visited Japan before he will travel to China.", "visited"),
        ("Raab spoke with Pompeo, who will visit London next week.", "spoke"),
    ],
)
def test_a_past_event_is_not_made_future_by_another_clause(text: str, trigger: str) -> None:
    assert by_trigger(code(text), trigger).mode is Mode.ASSERTED


@pytest.mark.parametrize(
    ("text", "triggers"),
    [
        ("Russia will meet Ukraine and sign a deal.", ("meet", "sign")),
        ("The US will continue to attack Iran.", ("attack",)),
        ("Merkel met Macron in Berlin, and the two will travel to Rome next week.", ("travel",)),
    ],
)
def test_the_future_of_the_event_s_own_clause(text: str, triggers: tuple[str, ...]) -> None:
    events = code(text)
    for trigger in triggers:
        assert by_trigger(events, trigger).mode is Mode.FUTURE


@pytest.mark.parametrize(
    ("text", "trigger"),
    [
        ("Police prevented the protesters from marching on the parliament.", "marching"),
        ("Egypt stopped the militants from attacking Israel.", "attacking"),
        ("Iran did not try to attack Israel.", "attack"),
        ("Russia won't try to invade Georgia.", "invade"),
    ],
)
def test_a_prevented_or_negated_matrix_negates_its_complement(text: str, trigger: str) -> None:
    assert by_trigger(code(text), trigger).mode is Mode.NEGATED


# -- controls: what happened stays asserted ---------------------------------------------------


@pytest.mark.parametrize(
    ("text", "root"),
    [
        ("Russia attacked Ukraine.", "19"),
        ("China signed the agreement on Monday.", "05"),
        ("Putin met Erdogan in Moscow.", "04"),
        ("Raab spoke with Pompeo.", "04"),
        ("Putin spoke with Macron by phone on Tuesday.", "04"),
    ],
)
def test_what_happened_stays_asserted(text: str, root: str) -> None:
    events = code(text)
    assert events
    assert all(e.mode is Mode.ASSERTED for e in events)
    assert any(e.cameo.startswith(root) for e in events)
