"""The time stage: each event is dated by the time expression of its own clause."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

import newsevents
from docbuilder import build
from newsevents.actors.resolve import ActorResolver
from newsevents.events.extract import EventCoder
from newsevents.pipeline import Pipeline
from newsevents.time import TimeGrounder, find_expressions
from newsevents.types import Event, Precision

PUBLISHED = dt.date(2024, 10, 15)  # a Tuesday
DAY = dt.timedelta(days=1)


def _dates(events: list[Event]) -> set[tuple[dt.date, dt.date, Precision]]:
    return {(e.event_date.start, e.event_date.end, e.event_date.precision) for e in events}


# -- without the model: hand-built parses ------------------------------------------------------


def _reported_attack() -> newsevents.Document:
    """Japan said on Monday that North Korea attacked Seoul last week."""
    return build(
        [
            "Japan Japan PROPN nsubj 2 GPE",
            "said say VERB ROOT 0",
            "on on ADP prep 2",
            "Monday Monday PROPN pobj 3 DATE",
            "that that SCONJ mark 8",
            "North North PROPN compound 7 GPE",
            "Korea Korea PROPN nsubj 8 GPE",
            "attacked attack VERB ccomp 2",
            "Seoul Seoul PROPN dobj 8 GPE",
            "last last ADJ amod 11 DATE",
            "week week NOUN npadvmod 8 DATE",
        ]
    )


def _coded(doc: newsevents.Document) -> newsevents.Document:
    return Pipeline(stages=[ActorResolver(), EventCoder(), TimeGrounder()]).annotate(doc)


def test_expressions_are_found_with_their_opening_preposition() -> None:
    doc = _reported_attack()
    found = find_expressions(doc, 0)
    assert [(e.text, doc.tokens[e.head].text) for e in found] == [
        ("on Monday", "on"),
        ("last week", "week"),
    ]
    for e in found:
        assert doc.article.text[e.start : e.end] == e.text


def test_a_reported_event_takes_its_own_clause_date_not_the_reporting_verb() -> None:
    out = _coded(_reported_attack())
    attacks = [e for e in out.events if e.trigger.text == "attacked"]
    assert attacks
    monday = PUBLISHED - PUBLISHED.weekday() * DAY
    for e in attacks:
        assert e.event_date.precision is Precision.WEEK
        assert (e.event_date.start, e.event_date.end) == (monday - 7 * DAY, monday - DAY)
        assert e.event_date.text == "last week"
    assert out.stages[-1] == "time"


def test_a_date_on_a_reporting_verb_is_not_borrowed() -> None:
    doc = build(
        [
            "Japan Japan PROPN nsubj 2 GPE",
            "said say VERB ROOT 0",
            "Tuesday Tuesday PROPN npadvmod 2 DATE",
            "that that SCONJ mark 6",
            "China China PROPN nsubj 6 GPE",
            "condemned condemn VERB ccomp 2",
            "Mali Mali PROPN dobj 6 GPE",
        ]
    )
    out = _coded(doc)
    condemned = [e for e in out.events if e.trigger.text == "condemned"]
    assert condemned
    for e in condemned:
        assert e.event_date.precision is Precision.PUBLICATION
        assert e.event_date.start == e.event_date.end == PUBLISHED
        assert e.event_date.text == ""


def test_events_without_expressions_keep_the_publication_date() -> None:
    doc = build(
        [
            "France France PROPN nsubj 2 GPE",
            "condemned condemn VERB ROOT 0",
            "Mali Mali PROPN dobj 2 GPE",
        ]
    )
    out = _coded(doc)
    assert out.events
    assert _dates(list(out.events)) == {(PUBLISHED, PUBLISHED, Precision.PUBLICATION)}


def test_the_sole_expression_of_the_sentence_dates_a_coordinated_verb() -> None:
    """France met Mali on Monday and condemned Chad: "on Monday" hangs on "met"."""
    doc = build(
        [
            "France France PROPN nsubj 2 GPE",
            "met meet VERB ROOT 0",
            "Mali Mali PROPN dobj 2 GPE",
            "on on ADP prep 2",
            "Monday Monday PROPN pobj 4 DATE",
            "and and CCONJ cc 2",
            "condemned condemn VERB conj 2",
            "Chad Chad PROPN dobj 7 GPE",
        ]
    )
    out = _coded(doc)
    condemned = [e for e in out.events if e.trigger.text == "condemned"]
    assert condemned
    assert _dates(condemned) == {(PUBLISHED - DAY, PUBLISHED - DAY, Precision.DAY)}


def test_the_stage_needs_events_first() -> None:
    with pytest.raises(newsevents.PipelineError, match="'time' needs events"):
        Pipeline(stages=[ActorResolver(), TimeGrounder(), EventCoder()])


# -- with the model --------------------------------------------------------------------------


@pytest.mark.model
def test_on_tuesday_in_a_tuesday_article_is_that_day() -> None:
    events = newsevents.code("Russia and China held talks in Beijing on Tuesday.", PUBLISHED)
    assert events
    assert _dates(events) == {(PUBLISHED, PUBLISHED, Precision.DAY)}
    assert {e.event_date.text for e in events} == {"on Tuesday"}


@pytest.mark.model
def test_a_weekday_in_a_future_clause_is_the_coming_one() -> None:
    events = newsevents.code("Russia will hold talks with China on Friday.", PUBLISHED)
    assert events
    friday = PUBLISHED + ((4 - PUBLISHED.weekday()) % 7 or 7) * DAY
    assert _dates(events) == {(friday, friday, Precision.DAY)}


@pytest.mark.model
def test_days_ago() -> None:
    events = newsevents.code("Israeli forces attacked Gaza three days ago.", PUBLISHED)
    assert events
    assert _dates(events) == {(PUBLISHED - 3 * DAY, PUBLISHED - 3 * DAY, Precision.DAY)}


@pytest.mark.model
def test_month_and_year_at_the_start_of_the_sentence() -> None:
    events = newsevents.code(
        "In February 2022, China and Russia declared a partnership.", PUBLISHED
    )
    assert {e.cameo for e in events} == {"030"}
    assert _dates(events) == {(dt.date(2022, 2, 1), dt.date(2022, 2, 28), Precision.MONTH)}


@pytest.mark.model
def test_month_this_year() -> None:
    events = newsevents.code(
        "In May this year, Putin and Xi pledged a new era of partnership.", PUBLISHED
    )
    assert events
    may = (dt.date(PUBLISHED.year, 5, 1), dt.date(PUBLISHED.year, 5, 31), Precision.MONTH)
    assert _dates(events) == {may}


@pytest.mark.model
def test_reported_attack_is_dated_last_week_not_the_day_it_was_said() -> None:
    events = newsevents.code(
        "Japan said on Monday that North Korea attacked South Korea last week.", PUBLISHED
    )
    attacks = [e for e in events if e.trigger.text == "attacked"]
    assert attacks
    monday = PUBLISHED - PUBLISHED.weekday() * DAY
    assert _dates(attacks) == {(monday - 7 * DAY, monday - DAY, Precision.WEEK)}


@pytest.mark.model
def test_event_with_no_expression_keeps_the_publication_date() -> None:
    events = newsevents.code("France condemned the attack on Mali.", PUBLISHED)
    assert events
    for e in events:
        assert e.event_date.precision is Precision.PUBLICATION
        assert e.event_date.start == e.event_date.end == PUBLISHED
        assert e.event_date.text == ""


@pytest.mark.model
def test_sample_article_gets_dates_from_its_text(sample_article_path: Path) -> None:
    text = sample_article_path.read_text(encoding="utf-8")
    events = newsevents.code(text, PUBLISHED)
    assert events
    moved = [e for e in events if (e.event_date.start, e.event_date.end) != (PUBLISHED, PUBLISHED)]
    assert len(moved) / len(events) > 0
    assert all(e.event_date.start <= e.event_date.end for e in events)
    assert all(e.event_date.start <= PUBLISHED for e in events)
    pledged = [e for e in events if e.trigger.text == "pledged"]
    assert pledged
    assert {e.event_date.text for e in pledged} == {"In May this year"}
