"""One actor phrase on its own (``resolve_actor``), cities as states, and out-of-office titles."""

from __future__ import annotations

import datetime as dt

import pytest

import newsevents
from newsevents.actors.phrase import CARRIER, phrase_article, resolution
from newsevents.actors.resolve import city_country
from newsevents.places.gazetteer import PlaceEntry, PlaceGazetteer
from newsevents.types import Actor

DAY = dt.date(2022, 1, 1)


def test_a_bare_phrase_is_parsed_as_the_subject_of_a_carrier_sentence() -> None:
    article, at = phrase_article("  Russian   troops ", DAY)
    assert article.text == CARRIER.format("Russian troops")
    assert article.text[at : at + len("Russian troops")] == "Russian troops"


def test_a_context_sentence_holding_the_phrase_is_the_article() -> None:
    article, at = phrase_article("the minister", DAY, "Estonia's minister, the minister said.")
    assert article.text == "Estonia's minister, the minister said."
    assert at == article.text.find("the minister")


def test_a_context_hint_goes_before_the_phrase() -> None:
    article, at = phrase_article("The PAN", DAY, "Mexico")
    assert article.text.startswith("Mexico.\n\n") and article.text[at:].startswith("The PAN")


def test_an_empty_phrase_is_refused() -> None:
    with pytest.raises(ValueError, match="empty"):
        phrase_article("   ", DAY)


def test_confidence_falls_without_a_country() -> None:
    stated = Actor("police", "police", "EGYCOP", "EGY", ("COP",), via="context")
    bare = Actor("police", "police", "COP", None, ("COP",), via="context")
    assert resolution("police", stated).confidence > resolution("police", bare).confidence
    assert resolution("x", None).via is None and resolution("x", None).confidence == 0.0


def _city(name: str, country: str, population: int, primary: bool = True) -> PlaceEntry:
    return PlaceEntry(name, country, "city", population, primary=primary)


def test_a_city_name_is_its_state_only_when_one_country_dominates() -> None:
    places = PlaceGazetteer(
        [
            ("Tripoli", _city("Tripoli", "LBY", 1_300_000)),
            ("Tripoli", _city("Tripoli", "LBN", 229_000)),
            ("Victoria", _city("Victoria", "CAN", 289_000)),
            ("Victoria", _city("Victoria", "SYC", 200_000)),
            ("Madras", _city("Chennai", "IND", 4_600_000, primary=False)),
        ]
    )
    assert city_country(places, "Tripoli") == "LBY"
    assert city_country(places, "Victoria") is None
    assert city_country(places, "Madras") == "IND"
    assert city_country(places, "Atlantis") is None


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("the Saudi National Guard", "SAUMIL"),  # a demonym inside an organisation's name
        ("Kano State government", "NGAGOV"),  # a city (or its state) names the country
        ("a former Russian defence minister", "RUSELI"),  # out of office: elite
        ("retired vice president", "ELI"),
        ("Britain's Defense Ministry", "GBRGOVMIL"),
        ("the Obama administration", "USAGOV"),  # a known person's country names the body
        ("anti-government protesters", "OPP"),  # against the government, not of it
        ("Mexican immigration inspectors", "MEXCOP"),  # a term that ends at the head
        ("NATO lawmakers", "IGOWSTNAT"),  # the organisation inside keeps the other sectors
        ("the French president's office", "FRAGOV"),  # a group noun takes its possessor's
        ("Kandahar police", "AFGCOP"),  # a province the dictionaries list gives its country
        ("a researcher at the Brookings Institution", "USAEDU"),  # where a title is held
        ("ordinary Iranians", "IRNCVL"),
        ("Buddhist monks", "REL"),
    ],
)
def test_phrases_resolve_to_cameo_codes(text: str, code: str) -> None:
    assert newsevents.resolve_actor(text, date=DAY).code == code


@pytest.mark.model
def test_an_organisation_inside_a_phrase_keeps_the_phrases_sectors() -> None:
    found = newsevents.resolve_actor("NATO lawmakers", date=DAY)
    assert found.sectors == ("IGO", "LEG")


@pytest.mark.model
def test_a_known_person_without_a_date_is_what_they_were_last() -> None:
    later = dt.date(2024, 1, 1)
    assert newsevents.resolve_actor("Heiko Maas", date=later).code == "DEUELI"
    assert newsevents.resolve_actor("Heiko Maas", date=later, latest_role=True).code == "DEUGOV"
    # In office, the latest role is today's: nothing changes.
    assert newsevents.resolve_actor("Xi Jinping", date=later, latest_role=True).code == "CHNGOV"


@pytest.mark.model
def test_an_apposition_phrase_resolves_to_the_person_it_names() -> None:
    found = newsevents.resolve_actor("Jaan Tamm, Estonia's deputy foreign minister", date=DAY)
    assert (found.name, found.code) == ("Jaan Tamm", "ESTGOV")
