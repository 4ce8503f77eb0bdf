"""Lexicon coverage of common news constructions: giving and returning things, sharing
information, taking in refugees, considering options, sentiment, commitment and force posture;
declining to comment, claiming attacks, messages of condolence, seeking refuge, accepting
proposals, money aid, releases and returns, handing over power or weapons, failing to agree,
deadlines, aid suspensions, borders, human shields, returned fire and sent forces.

Each test codes sentences written for it and checks the CAMEO code and the countries of
source and target; the negative tests check that near-miss phrases stay uncoded.
"""

from __future__ import annotations

import pytest

import newsevents
from newsevents.types import Event

pytestmark = pytest.mark.model

DATE = "2020-01-01"


def _event(text: str, code: str) -> Event:
    """The one event of ``text`` whose code starts with ``code``."""
    events = newsevents.code(text, DATE)
    found = [e for e in events if e.cameo.startswith(code)]
    assert len(found) == 1, (text, [(e.cameo, e.trigger.text) for e in events])
    return found[0]


def _dyad(event: Event) -> tuple[str | None, str | None]:
    source = event.source.country if event.source is not None else None
    target = event.target.country if event.target is not None else None
    return source, target


def _codes(text: str) -> list[str]:
    return [e.cameo for e in newsevents.code(text, DATE)]


def _none_of(text: str, prefix: str) -> bool:
    """Whether ``text`` codes no event whose code starts with ``prefix``."""
    return not [c for c in _codes(text) if c.startswith(prefix)]


# -- giving and returning things ----------------------------------------------------------


def test_returning_looted_objects_returns_property() -> None:
    event = _event("Switzerland returned the looted antiquities to Egypt.", "084")
    assert event.cameo == "0842"
    assert _dyad(event) == ("CHE", "EGY")
    event = _event("Italy returned the stolen fossils to Mongolia.", "084")
    assert (event.cameo, _dyad(event)) == ("0842", ("ITA", "MNG"))


def test_handing_over_medical_supplies_is_humanitarian_aid() -> None:
    event = _event("Germany handed over medical supplies to Italy.", "07")
    assert event.cameo == "073"
    assert _dyad(event) == ("DEU", "ITA")


def test_sending_supplies_or_doctors_is_humanitarian_aid() -> None:
    event = _event("Egypt sent relief supplies to Sudan.", "07")
    assert (event.cameo, _dyad(event)) == ("073", ("EGY", "SDN"))
    event = _event("Cuba has sent 200 doctors to Peru.", "07")
    assert (event.cameo, _dyad(event)) == ("073", ("CUB", "PER"))


def test_delivering_and_shipping_medicine() -> None:
    event = _event("Turkey delivered medicine to Syria.", "07")
    assert (event.cameo, _dyad(event)) == ("073", ("TUR", "SYR"))
    event = _event("Jordan shipped vaccines to Iraq.", "07")
    assert (event.cameo, _dyad(event)) == ("073", ("JOR", "IRQ"))


def test_donating_or_contributing_money_is_economic_aid() -> None:
    event = _event("Japan donated 5 million dollars to Nepal.", "07")
    assert (event.cameo, _dyad(event)) == ("071", ("JPN", "NPL"))
    event = _event("Canada contributed $10 million to Haiti.", "07")
    assert (event.cameo, _dyad(event)) == ("071", ("CAN", "HTI"))


def test_distributing_food_is_humanitarian_aid() -> None:
    event = _event("Ethiopia distributed food to Somali refugees.", "07")
    assert (event.cameo, _dyad(event)) == ("073", ("ETH", "SOM"))


def test_flying_medicine_in_is_humanitarian_aid_not_a_visit() -> None:
    event = _event("Britain flew medicine into Sierra Leone.", "07")
    assert (event.cameo, _dyad(event)) == ("073", ("GBR", "SLE"))
    assert _none_of("Britain flew medicine into Sierra Leone.", "042")


# -- sharing information ------------------------------------------------------------------


def test_sharing_evidence_or_data_is_sharing_information() -> None:
    event = _event("Australia shared evidence with Indonesia.", "06")
    assert (event.cameo, _dyad(event)) == ("064", ("AUS", "IDN"))
    event = _event("Turkey shared data with Germany.", "06")
    assert (event.cameo, _dyad(event)) == ("064", ("TUR", "DEU"))


# -- refugees and borders -----------------------------------------------------------------


def test_accepting_or_taking_in_refugees_grants_asylum() -> None:
    event = _event("Canada will accept asylum seekers from Haiti.", "07")
    assert (event.cameo, _dyad(event)) == ("075", ("CAN", "HTI"))
    event = _event("Sweden took in refugees from Iraq.", "07")
    assert (event.cameo, _dyad(event)) == ("075", ("SWE", "IRQ"))


def test_opening_borders_to_refugees_grants_asylum() -> None:
    event = _event("Poland opened its borders to Ukrainian refugees.", "07")
    assert (event.cameo, _dyad(event)) == ("075", ("POL", "UKR"))


# -- considering policy -------------------------------------------------------------------


def test_considering_or_exploring_a_possibility_is_considering_policy() -> None:
    (first, *_) = newsevents.code(
        "Japan is considering the possibility of sanctions against Russia.", DATE
    )
    assert first.cameo == "014" and _dyad(first)[0] == "JPN"
    event = _event("Norway is exploring the possibility of talks with Iran.", "014")
    assert _dyad(event)[0] == "NOR"


def test_mulling_and_weighing_options_is_considering_policy() -> None:
    event = _event("The Belgian cabinet mulled new measures against Congo.", "014")
    assert _dyad(event)[0] == "BEL"
    event = _event("Chile weighs options on the dispute with Bolivia.", "014")
    assert _dyad(event)[0] == "CHL"


# -- sentiment ----------------------------------------------------------------------------


def test_expressing_hope_is_optimistic_and_surprise_or_scepticism_pessimistic() -> None:
    event = _event("The Russian president expressed hope that ties with Japan would grow.", "01")
    assert (event.cameo, _dyad(event)[0]) == ("013", "RUS")
    event = _event("Brazil expressed surprise at the decision.", "01")
    assert (event.cameo, _dyad(event)[0]) == ("012", "BRA")
    event = _event("France voiced scepticism about the British plan.", "01")
    assert (event.cameo, _dyad(event)[0]) == ("012", "FRA")


def test_adjective_predicates_of_sentiment() -> None:
    event = _event("Germany is skeptical about the Italian budget.", "01")
    assert (event.cameo, _dyad(event)[0]) == ("012", "DEU")
    event = _event("Japan remained optimistic about a deal with China.", "01")
    assert (event.cameo, _dyad(event)[0]) == ("013", "JPN")


# -- intent -------------------------------------------------------------------------------


def test_being_committed_is_intent_to_cooperate_once() -> None:
    event = _event("Britain remains committed to free trade with Canada.", "03")
    assert (event.cameo, _dyad(event)[0]) == ("030", "GBR")
    event = _event("China is committed to peace with India.", "03")  # one event, not two
    assert (event.cameo, _dyad(event)[0]) == ("030", "CHN")


def test_pledging_support_is_intent_to_support() -> None:
    event = _event("Germany pledged support for Ukraine.", "03")
    assert (event.cameo, _dyad(event)) == ("032", ("DEU", "UKR"))


# -- material protest and force posture ---------------------------------------------------


def test_stopping_work_is_a_strike() -> None:
    event = _event("Dock workers in Argentina stopped work on Monday.", "14")
    assert (event.cameo, _dyad(event)[0]) == ("143", "ARG")


def test_burning_a_flag_is_a_protest_against_its_country() -> None:
    event = _event("Protesters in Athens burned the Turkish flag.", "14")
    assert (event.cameo, _dyad(event)) == ("141", ("GRC", "TUR"))


def test_being_put_or_remaining_on_alert_raises_alert_status() -> None:
    event = _event("The Indian army remained on alert along the border with Pakistan.", "15")
    assert (event.cameo, _dyad(event)) == ("152", ("IND", "PAK"))
    event = _event("South Korea put its troops on high alert.", "15")
    assert (event.cameo, _dyad(event)[0]) == ("152", "KOR")


def test_strengthening_forces_is_a_military_buildup() -> None:
    event = _event("Russia strengthened its forces near Ukraine.", "15")
    assert (event.cameo, _dyad(event)) == ("154", ("RUS", "UKR"))
    event = _event("India bolstered its troops along the border with China.", "15")
    assert (event.cameo, _dyad(event)) == ("154", ("IND", "CHN"))


# -- near misses --------------------------------------------------------------------------


def test_returning_somewhere_is_travel_not_a_return_of_property() -> None:
    for text in (
        "The minister returned to Brazil on Friday.",
        "The refugees returned to Syria.",
    ):
        assert _none_of(text, "084"), text


def test_considering_someone_something_is_not_considering_policy() -> None:
    assert _none_of("Russia considers NATO a threat.", "014")


def test_contributing_to_a_crisis_or_sharing_a_photo_is_no_cooperation() -> None:
    assert _none_of("Rising prices contributed to the crisis in Lebanon.", "07")
    assert _none_of("The minister shared a photo with reporters.", "064")


def test_a_weather_alert_or_a_stopped_car_is_no_conflict() -> None:
    assert _none_of("The weather service issued a storm alert for Texas.", "15")
    assert _none_of("Police stopped the car near the border.", "143")
    assert _none_of("As far as Russia is concerned, the deal is dead.", "01")


def test_verbs_given_rows_still_carry_other_event_nouns() -> None:
    """'place', 'build' and 'contribute' got verb rows; their other objects still code."""
    event = _event("Germany placed sanctions on Iran.", "16")
    assert (event.cameo, _dyad(event)) == ("163", ("DEU", "IRN"))
    event = _event("China built a partnership with Brazil.", "03")
    assert (event.cameo, _dyad(event)) == ("030", ("CHN", "BRA"))


# -- statements, claims and messages ------------------------------------------------------


def test_declining_to_say_or_elaborate_is_declining_comment() -> None:
    event = _event("The Kremlin declined to say whether Russia would send troops to Belarus.", "01")
    assert (event.cameo, _dyad(event)) == ("011", ("RUS", None))
    text = "The Chinese foreign ministry refused to elaborate on the talks with India."
    event = _event(text, "01")
    assert (event.cameo, _dyad(event)[0]) == ("011", "CHN")


def test_voicing_doubts_or_unease_is_pessimism() -> None:
    event = _event("The Dutch government expressed doubts about the Greek reforms.", "01")
    assert (event.cameo, _dyad(event)[0]) == ("012", "NLD")
    event = _event("Italy voiced unease over the French plan.", "01")
    assert (event.cameo, _dyad(event)[0]) == ("012", "ITA")


def test_claiming_an_attack_is_claiming_responsibility() -> None:
    event = _event("The Taliban claimed the attack on the Pakistani checkpoint.", "015")
    assert _dyad(event) == ("AFG", "PAK")
    assert _none_of("The Taliban claimed the attack on the Pakistani checkpoint.", "19")


def test_condolence_and_congratulatory_messages() -> None:
    text = "King Abdullah of Jordan sent a condolence message to the Turkish president."
    event = _event(text, "01")
    assert (event.cameo, _dyad(event)) == ("018", ("JOR", "TUR"))
    text = "The Egyptian president sent a congratulatory message to the Tunisian president."
    event = _event(text, "05")
    assert (event.cameo, _dyad(event)) == ("051", ("EGY", "TUN"))


# -- refuge and asylum --------------------------------------------------------------------


def test_seeking_refuge_is_asking_for_asylum() -> None:
    event = _event("Hundreds of Venezuelans sought refuge in Colombia.", "02")
    assert (event.cameo, _dyad(event)[0]) == ("0233", "VEN")


def test_receiving_refugees_or_granting_refuge_grants_asylum() -> None:
    event = _event("Germany received 5,000 refugees from Syria.", "07")
    assert (event.cameo, _dyad(event)) == ("075", ("DEU", "SYR"))
    event = _event("Lebanon granted refuge to Syrian dissidents.", "07")
    assert (event.cameo, _dyad(event)) == ("075", ("LBN", "SYR"))


# -- intent and diplomacy -----------------------------------------------------------------


def test_accepting_a_proposal_or_offer_is_intent_to_cooperate() -> None:
    event = _event("Hamas accepted the Egyptian proposal.", "03")
    assert (event.cameo, _dyad(event)) == ("030", ("PSE", "EGY"))
    event = _event("The United Nations stands ready to assist Haiti.", "03")
    assert event.cameo == "030"


def test_returning_an_ambassador_restores_relations() -> None:
    event = _event("Saudi Arabia returned its ambassador to Qatar.", "05")
    assert (event.cameo, _dyad(event)) == ("050", ("SAU", "QAT"))


# -- money, releases and returns ----------------------------------------------------------


def test_giving_providing_or_pledging_money_is_economic_aid() -> None:
    event = _event("Germany gave 352 million euros to Ethiopia.", "07")
    assert (event.cameo, _dyad(event)) == ("071", ("DEU", "ETH"))
    event = _event("Canada provided $5 million to Haiti.", "07")
    assert (event.cameo, _dyad(event)) == ("071", ("CAN", "HTI"))
    event = _event("Japan pledged $10 million to Nepal.", "03")
    assert (event.cameo, _dyad(event)) == ("0331", ("JPN", "NPL"))


def test_handing_over_or_releasing_people_releases_them() -> None:
    event = _event("The Houthis handed over the hostages to Oman.", "08")
    assert (event.cameo, _dyad(event)) == ("0841", ("YEM", "OMN"))
    event = _event("Russia released 20 Ukrainian civilians.", "08")
    assert (event.cameo, _dyad(event)) == ("0841", ("RUS", "UKR"))


def test_releasing_a_seized_tanker_returns_property() -> None:
    event = _event("Iran released the seized British tanker.", "08")
    assert (event.cameo, _dyad(event)) == ("0842", ("IRN", "GBR"))


def test_returning_remains_drones_or_artefacts_returns_property() -> None:
    event = _event("Germany returned the skulls to Namibia.", "08")
    assert (event.cameo, _dyad(event)) == ("0842", ("DEU", "NAM"))
    event = _event("Iran returned the seized drone to the United States.", "08")
    assert (event.cameo, _dyad(event)) == ("0842", ("IRN", "USA"))
    event = _event("Britain repatriated the looted artefacts to Nigeria.", "08")
    assert (event.cameo, _dyad(event)) == ("0842", ("GBR", "NGA"))


def test_handing_over_power_yields_leadership() -> None:
    event = _event("The Sudanese army handed over power to a civilian government.", "08")
    assert (event.cameo, _dyad(event)[0]) == ("0831", "SDN")


def test_handing_over_weapons_is_disarming() -> None:
    event = _event("The FARC handed over their weapons to the United Nations.", "08")
    assert event.cameo == "0873" and _dyad(event)[0] == "COL"


# -- rejecting, demanding and reducing relations ------------------------------------------


def test_failing_to_agree_is_a_rejection_not_a_negated_agreement() -> None:
    event = _event("Serbia and Kosovo failed to reach an agreement.", "12")
    assert event.cameo == "120" and event.reciprocal  # an agreement is made, or not, together
    assert "SRB" in {a.country for a in event.all_sources()}
    assert _none_of("Serbia and Kosovo failed to reach an agreement.", "05")
    event = _event("Iran failed to comply with the resolution of the United Nations.", "12")
    assert (event.cameo, _dyad(event)[0]) == ("128", "IRN")


def test_giving_a_deadline_is_an_ultimatum() -> None:
    event = _event("Turkey gave Sweden a deadline to extradite the suspects.", "13")
    assert (event.cameo, _dyad(event)) == ("139", ("TUR", "SWE"))


def test_suspending_or_freezing_aid_reduces_aid() -> None:
    event = _event("Denmark announced a suspension of aid to Egypt.", "16")
    assert (event.cameo, _dyad(event)) == ("160", ("DNK", "EGY"))
    event = _event("Britain froze funding to the Palestinian Authority.", "16")
    assert (event.cameo, _dyad(event)) == ("1621", ("GBR", "PSE"))
    event = _event("The United States suspended military assistance to Pakistan.", "16")
    assert (event.cameo, _dyad(event)) == ("162", ("USA", "PAK"))


def test_ending_mediation_halts_mediation() -> None:
    event = _event("Norway ended its mediation between Colombia and the rebels.", "16")
    assert (event.cameo, _dyad(event)[0]) == ("165", "NOR")


def test_closing_and_reopening_borders() -> None:
    event = _event("Germany closed its border with Austria.", "17")
    assert (event.cameo, _dyad(event)) == ("172", ("DEU", "AUT"))
    event = _event("Hungary reopened its border with Serbia.", "08")
    assert (event.cameo, _dyad(event)) == ("081", ("HUN", "SRB"))


# -- force --------------------------------------------------------------------------------


def test_holding_civilians_as_human_shields() -> None:
    text = "Islamic State militants held Iraqi civilians as human shields in Mosul."
    event = _event(text, "18")
    assert (event.cameo, _dyad(event)[1]) == ("184", "IRQ")


def test_returning_fire_is_fighting_with_small_arms() -> None:
    event = _event("Israeli troops returned fire after militants from Gaza attacked.", "193")
    assert _dyad(event)[0] == "ISR"


def test_sending_warships_or_jets_is_a_military_buildup() -> None:
    event = _event("Russia sent two warships to Syria.", "15")
    assert (event.cameo, _dyad(event)) == ("154", ("RUS", "SYR"))
    event = _event("Russia dispatched fighter jets to Belarus.", "15")
    assert (event.cameo, _dyad(event)) == ("154", ("RUS", "BLR"))


# -- near misses of the rows above --------------------------------------------------------


def test_opening_fire_at_a_border_is_not_opening_the_border() -> None:
    text = "Israeli troops opened fire at the border with Gaza."
    assert _none_of(text, "08")
    assert [c for c in _codes(text) if c.startswith("19")]


def test_sending_aid_to_forces_is_no_buildup() -> None:
    assert _none_of("Iran sent aid to government forces in Syria.", "15")


def test_goals_and_readiness_are_no_ultimatum_or_intent() -> None:
    assert _none_of("The minister set a deadline of 2030 for phasing out coal in Germany.", "13")
    assert _none_of("Egypt is not ready for democracy.", "03")
