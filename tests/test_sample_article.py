"""End to end on a real article (../shared/samples/article-2024-10-15.txt).

The expectations are what a careful reader takes from the article, checked by the actors'
countries and the CAMEO root or code prefix rather than by exact codes.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

import newsevents
from newsevents import Actor, Article, Document, Event, Mode, Pipeline

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def doc(sample_article_path: Path, pipeline: Pipeline) -> Document:
    items = list(newsevents.read_articles([sample_article_path]))
    assert len(items) == 1
    assert isinstance(items[0], Article)
    (coded,) = pipeline.pipe(items)
    return coded


@pytest.fixture(scope="module")
def events(doc: Document) -> list[Event]:
    return list(doc.events)


def country(actor: Actor | None) -> str | None:
    return actor.country if actor else None


def find(
    events: list[Event],
    *,
    source: str | None = None,
    target: str | None = None,
    cameo: str = "",
    evidence: str = "",
) -> list[Event]:
    """Events with a dyad whose source/target countries match, and whose CAMEO prefix and
    evidence opening match (an event's participants count, not only its primary dyad)."""
    return [
        e
        for e in events
        if any(
            (source is None or country(s) == source) and (target is None or country(t) == target)
            for s, t in e.dyads()
        )
        and e.cameo.startswith(cameo)
        and e.evidence.text.startswith(evidence)
    ]


def dyads_of(events: list[Event]) -> set[tuple[str | None, str | None]]:
    return {(country(s), country(t)) for e in events for s, t in e.dyads()}


def test_the_article_is_read_with_its_date_line_removed(doc: Document) -> None:
    assert doc.date == dt.date(2024, 10, 15)
    assert doc.article.text.startswith("Russia and China working to strengthen their ties")
    assert doc.article.text.endswith("should not be interrupted or restricted.")


def test_every_event_belongs_to_the_article_and_its_date(doc: Document) -> None:
    assert doc.events
    for event in doc.events:
        assert event.doc_id == doc.id
        assert event.doc_date == dt.date(2024, 10, 15)


def test_every_evidence_span_matches_the_article_text(doc: Document) -> None:
    text = doc.article.text
    for event in doc.events:
        assert text[event.evidence.start : event.evidence.end] == event.evidence.text


def test_every_evidence_span_is_the_sentence_it_names(doc: Document) -> None:
    for event in doc.events:
        sentence = doc.sentences[event.sentence_index]
        assert (sentence.start, sentence.end, sentence.text) == (
            event.evidence.start,
            event.evidence.end,
            event.evidence.text,
        )


def test_every_trigger_span_matches_the_text_inside_its_evidence(doc: Document) -> None:
    text = doc.article.text
    for event in doc.events:
        trigger = event.trigger
        assert trigger.text
        assert text[trigger.start : trigger.end] == trigger.text
        assert event.evidence.start <= trigger.start < trigger.end <= event.evidence.end


def test_every_actor_span_matches_the_article_text(doc: Document) -> None:
    text = doc.article.text
    for event in doc.events:
        for actor in event.participants():
            assert actor.text
            assert text[actor.start : actor.end] == actor.text


def test_russia_and_china_consult_in_the_talks_sentence(events: list[Event]) -> None:
    talks = find(events, source="RUS", target="CHN", cameo="04", evidence="Belousov said he held")

    assert talks
    assert any("Zhang Youxia" in t.text for e in talks for t in e.all_targets())


def test_the_talks_belousov_said_he_held_are_reported(events: list[Event]) -> None:
    talks = find(events, cameo="04", evidence="Belousov said he held")

    assert talks
    assert {e.mode for e in talks} == {Mode.REPORTED}


def test_china_threatens_taiwan(events: list[Event]) -> None:
    threats = find(events, source="CHN", target="TWN", cameo="13")

    assert len(threats) == 1
    assert threats[0].quad_class == 3


def test_the_threat_against_taiwan_is_asserted(events: list[Event]) -> None:
    (threat,) = find(events, source="CHN", target="TWN", cameo="13")

    # The vow was made; "if necessary" conditions the action threatened, not the threat.
    assert threat.mode is Mode.ASSERTED


def test_taiwan_and_the_us_both_criticise_the_drills(events: list[Event]) -> None:
    criticism = find(events, cameo="11", evidence="The exercises drew condemnation")

    assert len(criticism) == 1  # one condemnation from both, not one each
    assert {country(s) for s in criticism[0].all_sources()} >= {"TWN", "USA"}


def test_the_exercises_are_chinas_so_china_is_condemned(events: list[Event]) -> None:
    """ "The exercises" refer back to the war games China's military held (anaphora)."""
    (criticism,) = find(events, cameo="11", evidence="The exercises drew condemnation")
    assert {country(t) for t in criticism.all_targets()} == {"CHN"}


def test_they_who_intensified_criticism_are_russia_and_china(events: list[Event]) -> None:
    (criticism,) = [e for e in events if e.trigger.text == "intensified criticism"]
    assert {country(s) for s in criticism.all_sources()} == {"RUS", "CHN"}
    assert {country(t) for t in criticism.all_targets()} == {"USA"}


def test_russia_invades_ukraine_as_material_conflict(events: list[Event]) -> None:
    invasion = find(events, source="RUS", target="UKR")

    assert invasion
    for event in invasion:
        assert 15 <= int(event.cameo[:2]) <= 20
        assert event.quad_class == 4
        assert "invasion" in event.trigger.text


def test_putin_and_xi_pledge_cooperation_both_ways(events: list[Event]) -> None:
    pledges = find(events, cameo="03", evidence="In May this year, Putin")

    assert len(pledges) == 1  # one pledge by both, coded both ways
    assert pledges[0].reciprocal
    assert {("RUS", "CHN"), ("CHN", "RUS")} <= dyads_of(pledges)


def test_putin_and_xi_agreeing_is_reported_cooperation(events: list[Event]) -> None:
    agreed = find(events, cameo="03", evidence="Putin and Xi also agreed")

    assert len(agreed) == 1
    assert {("RUS", "CHN"), ("CHN", "RUS")} <= dyads_of(agreed)
    assert {e.mode for e in agreed} == {Mode.REPORTED}


def test_the_us_accuses_china(events: list[Event]) -> None:
    accusations = find(events, source="USA", target="CHN", cameo="112")

    assert len(accusations) == 1
    assert accusations[0].evidence.text.startswith("The U.S. accuses China")


def test_china_denies_the_claims(events: list[Event]) -> None:
    denials = find(events, source="CHN", cameo="01", evidence="China denies")

    assert [e.cameo for e in denials] == ["016"]
    assert denials[0].trigger.text == "denies"
    assert denials[0].mode is Mode.ASSERTED


def test_chinas_denial_answers_the_us(events: list[Event]) -> None:
    """ "these claims" are the U.S. accusation told before: the denial's target is the U.S."""
    (denial,) = find(events, source="CHN", cameo="016", evidence="China denies")
    assert {country(t) for t in denial.all_targets()} == {"USA"}
    (accusation,) = find(events, source="USA", target="CHN", cameo="112")
    assert denial.responds_to == newsevents.event_to_dict(accusation)["event_id"]


def test_no_weapons_to_any_party_is_no_political_party(events: list[Event]) -> None:
    """ "have not provided weaponry to any party": China's negated aid, to no one in particular."""
    (weapons,) = [e for e in events if e.trigger.text.startswith("provided weaponry")]
    assert weapons.mode is Mode.NEGATED
    assert {country(s) for s in weapons.all_sources()} == {"CHN"}
    assert not any("PTY" in t.sectors for t in weapons.all_targets())


def test_no_event_is_coded_twice(events: list[Event]) -> None:
    ids = [newsevents.event_to_dict(e)["event_id"] for e in events]

    assert len(ids) == len(set(ids))


def test_china_and_russia_declare_a_partnership_in_2022(events: list[Event]) -> None:
    """The small model parses "following Putin's visit to Beijing, China and Russia declared"
    with China and Russia as conjuncts of Beijing; the stranded subject is recovered, and the
    visit under "following" stays an event of its own."""
    declared = find(events, cameo="03", evidence="In February 2022")

    assert {("RUS", "CHN"), ("CHN", "RUS")} <= dyads_of(declared)
    assert all(e.event_date.start == dt.date(2022, 2, 1) for e in declared)


def test_the_2022_visit_and_the_invasion_weeks_later_are_dated_february_2022(
    events: list[Event],
) -> None:
    """ "In February 2022, following Putin's visit to Beijing, ..., less than three weeks
    before this his forces launched a full-scale invasion": the visit hangs on the clause
    the date opens, the invasion counts from February 2022, not from publication."""
    feb = (dt.date(2022, 2, 1), dt.date(2022, 2, 28))
    invasion = find(events, source="RUS", target="UKR")
    visits = [e for e in events if e.trigger.text == "visit" and "February 2022" in e.evidence.text]
    assert invasion and visits
    for event in [*invasion, *visits]:
        assert (event.event_date.start, event.event_date.end) == feb
        assert event.event_date.precision is newsevents.Precision.MONTH


def test_russia_said_last_week_dates_the_stance_it_stated(events: list[Event]) -> None:
    """ "Russia said last week it was standing alongside China": Russia's own statement of
    support is the event, and it was made last week (the week before 2024-10-15)."""
    (standing,) = [e for e in events if e.evidence.text.startswith("Russia said last week")]
    assert standing.event_date.precision is newsevents.Precision.WEEK
    assert standing.event_date.start == dt.date(2024, 10, 7)
