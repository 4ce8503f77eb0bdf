"""Event locations: the place gazetteer, name resolution and the places stage."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

import newsevents
from docbuilder import build
from newsevents.actors.resolve import ActorResolver
from newsevents.events.extract import EventCoder
from newsevents.pipeline import Pipeline
from newsevents.places import PlaceGazetteer, PlaceLocator, resolve_place
from newsevents.places.gazetteer import usable_alternate
from newsevents.time import TimeGrounder
from newsevents.types import Document, Event

PUBLISHED = dt.date(2024, 10, 15)


# -- the gazetteer and resolve_place -----------------------------------------------------------


def test_beijing_resolves_to_the_chinese_capital_with_coordinates() -> None:
    place = resolve_place("Beijing", context_countries=set())
    assert place is not None
    assert (place.name, place.country) == ("Beijing", "CHN")
    assert place.latitude == pytest.approx(39.9, abs=0.1)
    assert place.longitude == pytest.approx(116.4, abs=0.1)
    assert place.admin1 is not None


def test_an_ambiguous_city_prefers_the_articles_countries() -> None:
    gazetteer = PlaceGazetteer.builtin()
    assert {e.country for e in gazetteer.candidates("Tripoli")} >= {"LBY", "LBN"}
    assert {e.country for e in gazetteer.candidates("Hyderabad")} >= {"IND", "PAK"}
    libya = resolve_place("Tripoli", context_countries={"LBY"})
    lebanon = resolve_place("Tripoli", context_countries={"LBN", "SYR"})
    assert libya is not None and libya.country == "LBY"
    assert lebanon is not None and lebanon.country == "LBN"
    pakistan = resolve_place("Hyderabad", context_countries={"PAK"})
    india = resolve_place("Hyderabad", context_countries={"IND"})
    assert pakistan is not None and pakistan.country == "PAK"
    assert india is not None and india.country == "IND"


def test_without_context_the_bigger_place_wins() -> None:
    assert getattr(resolve_place("Tripoli", context_countries=set()), "country", None) == "LBY"
    assert getattr(resolve_place("Hyderabad", context_countries=set()), "country", None) == "IND"


def test_a_far_bigger_place_beats_a_small_one_in_context() -> None:
    """Paris, Texas is in the US, but a story with US actors that says "Paris" means France."""
    assert any(e.country == "USA" for e in PlaceGazetteer.builtin().candidates("Paris"))
    place = resolve_place("Paris", context_countries={"USA"})
    assert place is not None and place.country == "FRA"


def test_unknown_or_lower_case_names_do_not_resolve() -> None:
    assert resolve_place("Nowhereville-on-Sea", context_countries=set()) is None
    assert resolve_place("beijing", context_countries=set()) is None
    assert resolve_place("", context_countries=set()) is None


def test_a_country_name_gives_a_country_level_place() -> None:
    place = resolve_place("Iraq", context_countries=set())
    assert place is not None
    assert (place.name, place.country, place.admin1) == ("Iraq", "IRQ", None)
    assert place.latitude is None and place.longitude is None
    assert getattr(resolve_place("the United States", context_countries=set()), "country", None)


def test_country_codes_follow_the_package_convention() -> None:
    place = resolve_place("Kosovo", context_countries=set())
    assert place is not None and place.country == "KSV"
    pristina = resolve_place("Pristina", context_countries=set())
    assert pristina is not None and pristina.country == "KSV"


def test_alternate_names_are_latin_capitalised_and_not_abbreviations() -> None:
    assert usable_alternate("Pékin")
    assert not usable_alternate("BJS")
    assert not usable_alternate("bei jing")
    assert not usable_alternate("Пекин")
    assert getattr(resolve_place("Peking", context_countries=set()), "name", None) == "Beijing"


def test_the_gazetteer_is_built_once() -> None:
    assert PlaceGazetteer.builtin() is PlaceGazetteer.builtin()


# -- the stage on hand-built parses ------------------------------------------------------------


def _coded(doc: Document) -> Document:
    stages = [ActorResolver(), EventCoder(), TimeGrounder(), PlaceLocator()]
    return Pipeline(stages=stages).annotate(doc)


def _actor_spans(event: Event) -> set[str]:
    return {a.text for a in event.participants()}


def test_a_locative_object_of_the_predicate_is_the_location() -> None:
    """France met Mali in Beijing."""
    doc = build(
        [
            "France France PROPN nsubj 2 GPE",
            "met meet VERB ROOT 0",
            "Mali Mali PROPN dobj 2 GPE",
            "in in ADP prep 2",
            "Beijing Beijing PROPN pobj 4 GPE",
        ]
    )
    out = _coded(doc)
    assert out.events
    assert out.stages[-1] == "places"
    for e in out.events:
        assert e.location is not None
        assert (e.location.name, e.location.country) == ("Beijing", "CHN")


def test_a_place_on_the_direct_object_locates_the_event() -> None:
    """France condemned attacks in northern Mali: "northern" is not part of the name."""
    doc = build(
        [
            "France France PROPN nsubj 2 GPE",
            "condemned condemn VERB ROOT 0",
            "attacks attack NOUN dobj 2",
            "in in ADP prep 3",
            "northern northern ADJ amod 6",
            "Mali Mali PROPN pobj 4 GPE",
        ]
    )
    out = _coded(doc)
    condemned = [e for e in out.events if e.trigger.text.startswith("condemned")]
    assert condemned
    for e in condemned:
        assert e.location is not None and (e.location.name, e.location.country) == ("Mali", "MLI")


def test_an_actor_is_never_the_location() -> None:
    """France condemned Mali: Mali is the target, not where it happened."""
    doc = build(
        [
            "France France PROPN nsubj 2 GPE",
            "condemned condemn VERB ROOT 0",
            "Mali Mali PROPN dobj 2 GPE",
        ]
    )
    out = _coded(doc)
    assert out.events
    assert all(e.location is None for e in out.events)


def test_a_place_in_another_clause_is_not_taken() -> None:
    """Japan said in Tokyo that China condemned Mali: Tokyo locates the saying only."""
    doc = build(
        [
            "Japan Japan PROPN nsubj 2 GPE",
            "said say VERB ROOT 0",
            "in in ADP prep 2",
            "Tokyo Tokyo PROPN pobj 3 GPE",
            "that that SCONJ mark 7",
            "China China PROPN nsubj 7 GPE",
            "condemned condemn VERB ccomp 2",
            "Mali Mali PROPN dobj 7 GPE",
        ]
    )
    out = _coded(doc)
    condemned = [e for e in out.events if e.trigger.text.startswith("condemned")]
    assert condemned
    assert all(e.location is None for e in condemned)


def test_direction_is_not_location() -> None:
    """France sent troops into Mali: "into" is direction."""
    doc = build(
        [
            "France France PROPN nsubj 2 GPE",
            "condemned condemn VERB ROOT 0",
            "Chad Chad PROPN dobj 2 GPE",
            "into into ADP prep 2",
            "Mali Mali PROPN pobj 4 GPE",
        ]
    )
    out = _coded(doc)
    assert out.events
    assert all(e.location is None for e in out.events)


def test_documents_without_events_pass_through() -> None:
    doc = build(["Hello hello INTJ ROOT 0"])
    out = PlaceLocator()(doc)
    assert out.events == () and out.stages == ("nlp", "places")


# -- with the model ----------------------------------------------------------------------------


@pytest.mark.model
def test_talks_in_beijing_are_located_in_beijing() -> None:
    events = newsevents.code("Russia and China held talks in Beijing on Tuesday.", PUBLISHED)
    assert events
    for e in events:
        assert e.location is not None
        assert (e.location.name, e.location.country) == ("Beijing", "CHN")


@pytest.mark.model
def test_bombing_targets_in_northern_iraq_is_located_in_iraq() -> None:
    events = newsevents.code("Turkish warplanes bombed targets in northern Iraq.", PUBLISHED)
    assert events
    for e in events:
        assert e.location is not None
        assert (e.location.name, e.location.country) == ("Iraq", "IRQ")


@pytest.mark.model
def test_an_attack_between_states_has_no_location() -> None:
    events = newsevents.code("Russia attacked Ukraine.", PUBLISHED)
    assert events
    assert all(e.location is None for e in events)


@pytest.mark.model
def test_the_location_is_never_a_state_actor_span() -> None:
    texts = [
        "Russia and China held talks in Beijing on Tuesday.",
        "Russia attacked Ukraine.",
        "The Beijing talks between Russia and China ended.",
        "Israel struck Hamas targets in Gaza.",
    ]
    for text in texts:
        for e in newsevents.code(text, PUBLISHED):
            if e.location is not None and e.location.name in _actor_spans(e):
                # only a city, which CAMEO codes as its state but is also a place
                assert e.location.latitude is not None, text


@pytest.mark.model
def test_a_city_that_is_the_target_is_also_the_location() -> None:
    (event,) = newsevents.code("Rebels shelled Benghazi on Friday.", PUBLISHED)
    assert event.target is not None and event.target.country == "LBY"
    assert event.location is not None and event.location.name == "Benghazi"


@pytest.mark.model
def test_the_sample_article_locates_the_beijing_visit(sample_article_path: Path) -> None:
    text = sample_article_path.read_text(encoding="utf-8")
    events = newsevents.code(text, PUBLISHED)
    located = [e for e in events if e.location is not None and e.location.name == "Beijing"]
    assert located
    assert all(e.location is not None and e.location.country == "CHN" for e in located)
    assert any("Beijing" in e.evidence.text and "visit" in e.trigger.text for e in located)
