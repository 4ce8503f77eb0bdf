"""Named state institutions (``data/institutions.tsv``): the FSB, the Knesset, the Bundeswehr.

An institution is a spelling of kind "institution" whose entry carries its state's country code
and the sectors the name implies; the actors stage codes it as country + sectors ("RUSSPY").
"""

from __future__ import annotations

import pytest

from docbuilder import build
from newsevents.actors.gazetteer import Entry, Gazetteer
from newsevents.actors.resolve import ActorResolver


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return Gazetteer.builtin()


def _institutions(gaz: Gazetteer) -> list[Entry]:
    return [e for e in gaz.entries() if e.kind == "institution"]


# -- the data -----------------------------------------------------------------------------------


def test_institutions_are_loaded_as_their_own_kind(gaz: Gazetteer) -> None:
    assert len(_institutions(gaz)) >= 150


def test_every_institution_belongs_to_a_state_and_implies_a_sector(gaz: Gazetteer) -> None:
    states = {e.code for e in gaz.entries() if e.kind == "name"}
    for entry in _institutions(gaz):
        assert entry.code in states, entry
        assert entry.country == entry.code, entry
        assert entry.sectors, entry
        assert len(entry.sectors) <= 2, entry  # an actor code carries at most two


def test_every_institution_spelling_resolves_to_its_own_entry(gaz: Gazetteer) -> None:
    failures = []
    for spelling, entry in gaz.spellings():
        if entry.kind != "institution":
            continue
        words = spelling.split()
        if gaz.lookup(spelling) != entry or gaz.match_at(words, 0) != (len(words), entry):
            failures.append(spelling)
    assert failures == []


@pytest.mark.parametrize(
    ("text", "country", "sectors"),
    [
        ("the FSB", "RUS", ("SPY",)),
        ("Federal Security Service", "RUS", ("SPY",)),
        ("GRU", "RUS", ("MIL", "SPY")),
        ("State Duma", "RUS", ("LEG",)),
        ("the Duma", "RUS", ("LEG",)),
        ("Federation Council", "RUS", ("LEG",)),
        ("Black Sea Fleet", "RUS", ("MIL",)),
        ("Knesset", "ISR", ("LEG",)),
        ("the Knesset", "ISR", ("LEG",)),
        ("IDF", "ISR", ("MIL",)),
        ("Mossad", "ISR", ("SPY",)),
        ("Shin Bet", "ISR", ("SPY",)),
        ("CIA", "USA", ("SPY",)),
        ("FBI", "USA", ("COP",)),
        ("the Fed", "USA", ("GOV", "BUS")),
        ("Justice Department", "USA", ("GOV", "JUD")),
        ("U.S. Supreme Court", "USA", ("JUD",)),
        ("U.S. Senate", "USA", ("LEG",)),
        ("MI6", "GBR", ("SPY",)),
        ("Bank of England", "GBR", ("GOV", "BUS")),
        ("Bundeswehr", "DEU", ("MIL",)),
        ("Bundestag", "DEU", ("LEG",)),
        ("People's Liberation Army", "CHN", ("MIL",)),
        ("PLA", "CHN", ("MIL",)),
        ("National People's Congress", "CHN", ("LEG",)),
        ("Chinese Communist Party", "CHN", ("GOV", "PTY")),
        ("IRGC", "IRN", ("MIL",)),
        ("Revolutionary Guards", "IRN", ("MIL",)),
        ("Quds Force", "IRN", ("MIL",)),
        ("Verkhovna Rada", "UKR", ("LEG",)),
        ("SBU", "UKR", ("SPY",)),
        ("Lok Sabha", "IND", ("LEG",)),
        ("BJP", "IND", ("PTY",)),
        ("ISI", "PAK", ("SPY",)),
        ("Likud", "ISR", ("PTY",)),
        ("ANC", "ZAF", ("PTY",)),
        ("Palestinian Authority", "PSE", ("GOV",)),
    ],
)
def test_known_institutions(
    gaz: Gazetteer, text: str, country: str, sectors: tuple[str, ...]
) -> None:
    entry = gaz.lookup(text)
    assert entry is not None, text
    assert (entry.kind, entry.code, entry.country, entry.sectors) == (
        "institution",
        country,
        country,
        sectors,
    )


@pytest.mark.parametrize(
    "text",
    [
        # Names several states' bodies share: left to the sector lexicon and the text's country.
        "Senate",
        "Congress",
        "Supreme Court",
        "National Assembly",
        "House of Commons",
        "Foreign Office",
        "Ministry of Defence",
        "Democratic Party",
        "Joint Chiefs of Staff",
        # Abbreviations that are also other bodies' names or words in capitals.
        "SDF",
        "RSF",
        "MIT",
        "SAS",
    ],
)
def test_ambiguous_names_are_not_institutions(gaz: Gazetteer, text: str) -> None:
    assert gaz.lookup(text) is None


# -- in the actors stage ------------------------------------------------------------------------


def _actor_code(rows: list[str], head: int) -> str | None:
    doc = ActorResolver()(build(rows))
    codes = [m.actor.code for m in doc.mentions if m.head == head]
    return codes[0] if codes else None


def test_an_institution_is_coded_as_its_country_and_sectors() -> None:
    # "The FSB said ..."
    rows = ["The the DET det 2", "FSB FSB PROPN nsubj 3 ORG", "said say VERB ROOT 0"]
    assert _actor_code(rows, 1) == "RUSSPY"


def test_a_legislature_is_coded_as_its_country_and_leg() -> None:
    # "The Knesset approved ..."
    rows = [
        "The the DET det 2",
        "Knesset Knesset PROPN nsubj 3 ORG",
        "approved approve VERB ROOT 0",
    ]
    assert _actor_code(rows, 1) == "ISRLEG"
