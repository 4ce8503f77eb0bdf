"""Event types decided by the construction around the trigger, through the real model.

Carrying goods or fighters is no visit; names of movements are no events; regretting one's own
act is an apology, another's a disapproval; a state's protest is an official complaint;
admitting an act acknowledges responsibility for it; a threat to destroy is typed by what would
be destroyed. Each case has controls that keep their old codes. Sentences are made up.
"""

from __future__ import annotations

import pytest

import newsevents
from newsevents.types import Event, Mode

pytestmark = pytest.mark.model

DATE = "2020-01-10"


def code(text: str) -> list[Event]:
    return newsevents.code(text, DATE)


def country(actor: newsevents.Actor | None) -> str | None:
    return actor.country if actor is not None else None


def codes(text: str) -> list[str]:
    return [e.cameo for e in code(text)]


# -- carrying is no visit ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Israel claims Mahan flies fighters and cargo to Syria.",
        "Iran flew weapons to the Houthis last year.",
        "Russia shipped fighters to Libya.",
        "Turkey transported arms to Azerbaijan.",
    ],
)
def test_flying_arms_or_fighters_to_a_place_is_military_aid_not_a_visit(text: str) -> None:
    found = code(text)
    assert "042" not in [e.cameo for e in found]
    (aid,) = [e for e in found if e.cameo == "072"]
    assert aid.source is not None and aid.target is not None


@pytest.mark.parametrize(
    "text", ["The airline flew cargo to Damascus.", "The company flies passengers to Tehran."]
)
def test_carrying_goods_or_passengers_is_no_event(text: str) -> None:
    assert "042" not in codes(text)


@pytest.mark.parametrize(
    ("text", "source", "target"),
    [
        ("Putin visited Beijing.", "RUS", "CHN"),
        ("Putin flew to Beijing for talks.", "RUS", "CHN"),
        ("The Iranian foreign minister travelled to Damascus on Monday.", "IRN", "SYR"),
        ("Erdogan arrived in Moscow.", "TUR", "RUS"),
    ],
)
def test_a_person_travelling_still_makes_a_visit(text: str, source: str, target: str) -> None:
    (visit,) = [e for e in code(text) if e.cameo == "042"]
    assert (country(visit.source), country(visit.target)) == (source, target)


# -- names of movements ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "The Houthi rebellion has lasted for years.",
        "Saudi Arabia is fighting the Houthi rebellion in Yemen.",
        "The Kurdish uprising is a recurring theme in Turkish politics.",
        "Extinction Rebellion activists blocked roads in London.",
        "Hong Kong protest leaders met Pelosi.",
        "Saudi Arabia fought the Houthi insurgency.",
    ],
)
def test_a_movement_named_is_no_protest_event(text: str) -> None:
    assert not [c for c in codes(text) if c.startswith("14") and c != "144"]


@pytest.mark.parametrize(
    "text",
    [
        "The uprising against Assad broke out in 2011.",
        "Syrian protesters staged an uprising in Daraa.",
        "Kurdish rebels launched a rebellion against Baghdad.",
    ],
)
def test_an_uprising_that_happens_is_still_an_event(text: str) -> None:
    assert "145" in codes(text)


def test_street_protests_stay_demonstrations() -> None:
    for text in (
        "Thousands of workers protested in Paris.",
        "Students protested against the government in Tehran.",
        "Iranians protested in the streets of Tehran.",
    ):
        assert codes(text)[:1] == ["141"], text


# -- regret and apology ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Iran deeply regrets this disastrous mistake.",
        "The government regretted its decision to close the border.",
        "The Prime Minister said sorry to the families of the victims.",
        "Canada expressed regret for the incident.",
        "Iran regrets that it shot down the plane.",
        "Japan apologized to South Korea for its wartime abuses.",
    ],
)
def test_regretting_ones_own_act_is_an_apology(text: str) -> None:
    found = code(text)
    assert "055" in [e.cameo for e in found]
    assert "110" not in [e.cameo for e in found]


@pytest.mark.parametrize(
    ("text", "target"),
    [
        ("China regrets that the United States imposed sanctions.", "USA"),
        ("China regretted Washington's decision.", "USA"),
        ("Russia regrets the decision by NATO to expand.", None),
        ("The ministry expressed regret over the American decision.", "USA"),
    ],
)
def test_regretting_another_partys_act_is_disapproval(text: str, target: str | None) -> None:
    found = code(text)
    (disapproval,) = [e for e in found if e.cameo == "110"]
    assert "055" not in [e.cameo for e in found]
    if target is not None:
        assert country(disapproval.target) == target


def test_criticism_keeps_its_code() -> None:
    (event,) = code("Germany criticised Russia.")
    assert (event.cameo, country(event.source), country(event.target)) == ("111", "DEU", "RUS")
    assert codes("Germany accused Russia of lying.")[:1] == ["112"]


# -- diplomatic protests -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "source", "target"),
    [
        ("Japan protested to China.", "JPN", "CHN"),
        ("The Japanese government protested to Seoul over the statue.", "JPN", "KOR"),
        ("China protested the visit of the Taiwanese president.", "CHN", None),
        ("Russia lodged a protest with Norway over the incident.", "RUS", "NOR"),
        ("Beijing filed a protest with Washington.", "CHN", "USA"),
    ],
)
def test_a_states_protest_is_an_official_complaint(
    text: str, source: str, target: str | None
) -> None:
    (event,) = [e for e in code(text) if e.cameo.startswith("1")]
    assert (event.cameo, country(event.source)) == ("114", source)
    if target is not None:
        assert country(event.target) == target


# -- admissions --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "doer"),
    [
        ("Iran admitted shooting down the Ukrainian airliner.", "IRN"),
        ("Russia admitted to shooting down the Malaysian airliner.", "RUS"),
        ("Iran admitted it shot down the airliner.", "IRN"),
        ("Iran acknowledged responsibility for downing the plane.", "IRN"),
    ],
)
def test_admitting_an_act_is_acknowledging_it_and_the_act_happened(text: str, doer: str) -> None:
    found = code(text)
    (admission,) = [e for e in found if e.cameo == "015"]
    (act,) = [e for e in found if e.cameo == "190"]
    assert country(admission.source) == doer and admission.mode is Mode.ASSERTED
    assert country(act.source) == doer and act.mode is Mode.ASSERTED


def test_admitting_refugees_is_still_asylum() -> None:
    assert codes("Germany admitted thousands of refugees.")[:1] != ["015"]


# -- threats to destroy ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected", "source", "target"),
    [
        (
            "Trump threatened to totally destroy and obliterate the Economy of Turkey.",
            "131",
            "USA",
            "TUR",
        ),
        ("The President threatens to destroy Iran's economy.", None, None, "IRN"),
        (
            "Erdogan said he will destroy the economy of Greece if Athens refuses.",
            "131",
            "TUR",
            "GRC",
        ),
        ("Trump threatened to totally destroy North Korea.", "138", "USA", "PRK"),
        ("Iran will wipe Israel off the map if it is attacked.", None, "IRN", "ISR"),
    ],
)
def test_threats_to_destroy_are_typed_by_what_is_destroyed(
    text: str, expected: str | None, source: str | None, target: str
) -> None:
    found = code(text)
    threats = [e for e in found if e.cameo.startswith("13")]
    assert threats, [(e.cameo, e.trigger.text) for e in found]
    threat = threats[0]
    if expected is not None:
        assert threat.cameo == expected
    if source is not None:
        assert country(threat.source) == source
    assert country(threat.target) == target
    assert threat.mode in {Mode.ASSERTED, Mode.REPORTED}
    assert not [e for e in found if e.cameo == "1712" and e.mode is Mode.FUTURE]


def test_a_conditional_future_attack_is_a_threat_but_a_plain_future_one_is_not() -> None:
    found = code("Iran will attack Israel if Israel strikes its reactors.")
    (threat,) = [e for e in found if e.cameo.startswith("13")]
    assert (threat.cameo, threat.mode, threat.trigger.text) == ("138", Mode.ASSERTED, "will attack")
    assert (country(threat.source), country(threat.target)) == ("IRN", "ISR")
    (attack,) = [e for e in found if e.trigger.text == "attack"]
    assert attack.mode is Mode.HYPOTHETICAL  # the attack itself stays conditional
    (future,) = code("Russia will attack Ukraine next week.")
    assert future.cameo.startswith("19")
