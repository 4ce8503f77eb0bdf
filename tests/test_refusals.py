"""Modality in news: refusals ("will not lift"), "would" as a plan; and whose counterpart."""

from __future__ import annotations

import pytest

import newsevents
from newsevents.types import Mode

pytestmark = pytest.mark.model


def test_a_negated_will_statement_is_a_refusal_that_happened() -> None:
    (event,) = newsevents.code("Iran won't negotiate with the United States.", "2011-02-01")
    assert (event.cameo, event.mode) == ("125", Mode.ASSERTED)
    assert event.source is not None and event.source.country == "IRN"
    assert event.target is not None and event.target.country == "USA"


def test_a_negated_threat_is_not_turned_into_a_refusal() -> None:
    (event,) = newsevents.code("Iran will not attack Israel.", "2011-02-01")
    assert (event.cameo[:2], event.mode) == ("19", Mode.NEGATED)


def test_a_past_negation_stays_negated() -> None:
    events = newsevents.code("Russia did not attend the talks with Ukraine.", "2011-02-01")
    attend = [e for e in events if e.trigger.text == "attend"]
    assert attend and attend[0].mode is Mode.NEGATED and attend[0].cameo.startswith("04")


def test_a_refusal_is_one_event_against_the_target_of_what_was_refused() -> None:
    events = newsevents.code("France refused to lift the ban on Britain.", "2011-02-01")
    (refusal,) = [e for e in events if e.cameo.startswith("12")]
    assert refusal.mode is Mode.ASSERTED
    assert refusal.target is not None and refusal.target.country == "GBR"
    assert not [e for e in events if e.cameo.startswith("08") and e.mode is Mode.ASSERTED]


def test_what_failed_did_not_happen() -> None:
    (event,) = newsevents.code("Russia failed to deliver the weapons to Ukraine.", "2023-01-20")
    assert (event.cameo, event.mode) == ("072", Mode.NEGATED)


def test_failing_to_agree_is_a_rejection_and_no_agreement() -> None:
    """The lexicon codes failing to agree as CAMEO 120, as PETRARCH codes FAIL."""
    (event,) = newsevents.code("Russia failed to reach an agreement with Ukraine.", "2023-01-20")
    assert (event.cameo, event.mode) == ("120", Mode.ASSERTED)
    assert event.target is not None and event.target.country == "UKR"


def test_would_without_a_condition_is_the_future_in_the_past() -> None:
    (plan,) = newsevents.code("China said it would help Pakistan.", "2018-09-01")
    assert plan.mode is Mode.FUTURE
    events = newsevents.code("Iran would attack Israel if the talks failed.", "2018-09-01")
    # the attack is conditional; saying it would attack on a condition is a threat (138)
    (condition,) = [e for e in events if e.trigger.text == "attack"]
    assert condition.mode is Mode.HYPOTHETICAL
    assert [(e.cameo, e.mode) for e in events if e is not condition] == [("138", Mode.ASSERTED)]


def test_a_counterpart_belongs_to_the_state_its_demonym_names() -> None:
    (meeting,) = newsevents.code("Wang Yi met his Russian counterpart Sergei Lavrov.", "2018-09-01")
    assert meeting.source is not None and meeting.source.country == "CHN"
    assert meeting.target is not None and meeting.target.country == "RUS"


def test_declining_to_act_is_a_refusal_but_a_decline_in_numbers_is_nothing() -> None:
    (refusal,) = newsevents.code("Iran declined to meet the American envoy.", "2021-03-01")
    assert refusal.cameo == "125" and refusal.target is not None
    assert refusal.target.country == "USA"
    assert newsevents.code("Exports declined sharply.", "2021-03-01") == []
