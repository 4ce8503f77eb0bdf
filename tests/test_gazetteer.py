"""The gazetteer of states and organisations: coverage, the matching rule, known facts."""

from __future__ import annotations

import re

import pytest

from newsevents.actors.gazetteer import KINDS, Entry, Gazetteer, normalise
from newsevents.errors import LexiconError

#: The 193 UN member states by CAMEO code (ISO alpha-3, Timor-Leste as CAMEO's TMP).
UN_MEMBERS = re.findall(
    r"[A-Z]{3}",
    """
AFG ALB DZA AND AGO ATG ARG ARM AUS AUT AZE BHS BHR BGD BRB BLR BEL BLZ BEN BTN BOL BIH BWA BRA
BRN BGR BFA BDI CPV KHM CMR CAN CAF TCD CHL CHN COL COM COG COD CRI CIV HRV CUB CYP CZE DNK DJI
DMA DOM ECU EGY SLV GNQ ERI EST SWZ ETH FJI FIN FRA GAB GMB GEO DEU GHA GRC GRD GTM GIN GNB GUY
HTI HND HUN ISL IND IDN IRN IRQ IRL ISR ITA JAM JPN JOR KAZ KEN KIR PRK KOR KWT KGZ LAO LVA LBN
LSO LBR LBY LIE LTU LUX MDG MWI MYS MDV MLI MLT MHL MRT MUS MEX FSM MDA MCO MNG MNE MAR MOZ MMR
NAM NRU NPL NLD NZL NIC NER NGA MKD NOR OMN PAK PLW PAN PNG PRY PER PHL POL PRT QAT ROU RUS RWA
KNA LCA VCT WSM SMR STP SAU SEN SRB SYC SLE SGP SVK SVN SLB SOM ZAF SSD ESP LKA SDN SUR SWE CHE
SYR TJK TZA THA TMP TGO TON TTO TUN TUR TKM TUV UGA UKR ARE GBR USA URY UZB VUT VEN VNM YEM ZMB
ZWE
""",
)
OTHER_STATES = ["TWN", "KSV", "PSE", "HKG", "ESH", "VAT"]
AGENT_CODES = {
    "GOV", "MIL", "COP", "SPY", "JUD", "LEG", "OPP", "PTY", "REB", "UAF", "BUS", "MED", "EDU",
    "CVL", "HLH", "REF", "LAB", "ELI", "CRM", "AGR", "REL", "HRI", "DEV", "ENV", "NGO", "IGO",
}  # fmt: skip


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return Gazetteer.builtin()


def _state(gaz: Gazetteer, code: str) -> Entry:
    entry = gaz.canonical(code)
    assert entry is not None, f"no canonical entry for {code}"
    return entry


# -- coverage -----------------------------------------------------------------------------------


def test_every_un_member_and_the_six_others_present(gaz: Gazetteer) -> None:
    assert len(UN_MEMBERS) == len(set(UN_MEMBERS)) == 193
    states = {e.code for e in gaz.entries() if e.kind == "name"}
    missing = sorted(set(UN_MEMBERS + OTHER_STATES) - states)
    assert missing == []


def test_counts(gaz: Gazetteer) -> None:
    entries = gaz.entries()
    assert len({e.code for e in entries if e.kind == "name"}) == 199
    assert len({(e.code, e.name) for e in entries if e.kind == "organisation"}) >= 50
    assert len(gaz) >= 1200


def test_every_spelling_resolves_back_to_its_own_entry(gaz: Gazetteer) -> None:
    """Each spelling in the data, looked up whole and matched word by word, gives its entry."""
    pairs = list(gaz.spellings())
    failures = []
    for spelling, entry in pairs:
        words = spelling.split()
        if gaz.lookup(spelling) != entry or gaz.match_at(words, 0) != (len(words), entry):
            failures.append(spelling)
    share = 1 - len(failures) / len(pairs)
    assert share == 1.0, f"{share:.1%} of {len(pairs)} spellings resolve; failing: {failures[:20]}"


def test_entries_are_well_formed(gaz: Gazetteer) -> None:
    for entry in gaz.entries():
        assert entry.kind in KINDS
        assert re.fullmatch(r"(?:[A-Z]{3})+", entry.code), entry
        assert entry.name
        assert entry.country is not None and re.fullmatch(r"[A-Z]{3}", entry.country)
        assert set(entry.sectors) <= AGENT_CODES, entry
        if entry.kind != "organisation":
            assert entry.country == entry.code
        if entry.kind == "capital":
            assert entry.sectors == ()


def test_max_words_bounds_every_spelling(gaz: Gazetteer) -> None:
    longest = max(len(s.split()) for s, _ in gaz.spellings())
    assert gaz.max_words >= longest + 2  # room for "the" and "'s"


# -- known facts --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "code", "sectors", "kind"),
    [
        ("Kremlin", "RUS", ("GOV",), "metonym"),
        ("the Kremlin", "RUS", ("GOV",), "metonym"),
        ("White House", "USA", ("GOV",), "metonym"),
        ("Pentagon", "USA", ("MIL",), "metonym"),
        ("Downing Street", "GBR", ("GOV",), "metonym"),
        ("Élysée", "FRA", ("GOV",), "metonym"),
        ("Elysee", "FRA", ("GOV",), "metonym"),
        ("Zhongnanhai", "CHN", ("GOV",), "metonym"),
        ("Foggy Bottom", "USA", ("GOV",), "metonym"),
        ("Blue House", "KOR", ("GOV",), "metonym"),
        ("Kiev", "UKR", (), "capital"),
        ("Kyiv", "UKR", (), "capital"),
        ("Beijing", "CHN", (), "capital"),
        ("Moscow", "RUS", (), "capital"),
        ("Washington", "USA", (), "capital"),
        ("Taipei", "TWN", (), "capital"),
        ("London", "GBR", (), "capital"),
        ("Burma", "MMR", (), "alias"),
        ("U.S.", "USA", (), "alias"),
        ("U.S", "USA", (), "alias"),
        ("US", "USA", (), "alias"),
        ("USA", "USA", (), "alias"),
        ("America", "USA", (), "alias"),
        ("United States of America", "USA", (), "name"),
        ("the United States", "USA", (), "name"),
        ("UK", "GBR", (), "alias"),
        ("U.K.", "GBR", (), "alias"),
        ("Britain", "GBR", (), "alias"),
        ("Great Britain", "GBR", (), "alias"),
        ("PRC", "CHN", (), "alias"),
        ("DPRK", "PRK", (), "alias"),
        ("North Korea", "PRK", (), "name"),
        ("ROK", "KOR", (), "alias"),
        ("South Korea", "KOR", (), "name"),
        ("UAE", "ARE", (), "alias"),
        ("DRC", "COD", (), "alias"),
        ("Ivory Coast", "CIV", (), "alias"),
        ("Côte d'Ivoire", "CIV", (), "name"),
        ("Cote d’Ivoire", "CIV", (), "name"),
        ("Czechia", "CZE", (), "name"),
        ("Czech Republic", "CZE", (), "name"),
        ("Kosovo", "KSV", (), "name"),
        ("East Timor", "TMP", (), "alias"),
        ("Russian", "RUS", (), "demonym"),
        ("Russians", "RUS", (), "demonym"),
        ("Chinese", "CHN", (), "demonym"),
        ("the Chinese", "CHN", (), "demonym"),
        ("American", "USA", (), "demonym"),
        ("Americans", "USA", (), "demonym"),
        ("British", "GBR", (), "demonym"),
        ("Ukrainian", "UKR", (), "demonym"),
        ("Ukrainians", "UKR", (), "demonym"),
        ("Israelis", "ISR", (), "demonym"),
        ("Palestinians", "PSE", (), "demonym"),
    ],
)
def test_known_spellings(
    gaz: Gazetteer, text: str, code: str, sectors: tuple[str, ...], kind: str
) -> None:
    entry = gaz.lookup(text)
    assert entry is not None, text
    assert (entry.code, entry.country, entry.sectors, entry.kind) == (code, code, sectors, kind)


@pytest.mark.parametrize(
    ("text", "code", "country"),
    [
        ("NATO", "IGOWSTNAT", "IGO"),
        ("Nato", "IGOWSTNAT", "IGO"),
        ("United Nations", "IGOUNO", "IGO"),
        ("UN", "IGOUNO", "IGO"),
        ("U.N.", "IGOUNO", "IGO"),
        ("European Union", "IGOEUREEC", "IGO"),
        ("Amnesty International", "NGOHRIAMN", "NGO"),
        ("Doctors Without Borders", "NGOHLHMSF", "NGO"),
        ("Médecins Sans Frontières", "NGOHLHMSF", "NGO"),
        ("Hamas", "PSEREBHMS", "PSE"),
        ("Hezbollah", "LBNREB", "LBN"),
        ("Taliban", "AFGREB", "AFG"),
        ("the Houthis", "YEMREB", "YEM"),
        ("ISIS", "IMGMUSISI", "IMG"),
        ("Islamic State", "IMGMUSISI", "IMG"),
        ("Daesh", "IMGMUSISI", "IMG"),
        ("al-Qaeda", "IMGMUSALQ", "IMG"),
        ("AQIM", "IMGMUSALQ", "IMG"),
        ("AQAP", "YEMREB", "YEM"),
        ("ISWAP", "IMGMUSISI", "IMG"),
        ("European Council", "IGOEUREEC", "IGO"),
        ("European Central Bank", "IGOEUREEC", "IGO"),
        ("OHCHR", "IGOUNOHRI", "IGO"),
        ("UNIFIL", "IGOUNO", "IGO"),
        ("OPCW", "IGOUNO", "IGO"),
        ("YPG", "SYRREB", "SYR"),
        ("Syrian Democratic Forces", "SYRREB", "SYR"),
        ("Free Syrian Army", "SYRREB", "SYR"),
        ("Syrian National Council", "SYROPP", "SYR"),
        ("National Transitional Council", "LBYREB", "LBY"),
        ("Rapid Support Forces", "SDNREB", "SDN"),
        ("ELN", "COLREB", "COL"),
        ("Tamil Tigers", "LKAREB", "LKA"),
        ("Pakistani Taliban", "PAKREB", "PAK"),
        ("Qassam Brigades", "PSEREBHMS", "PSE"),
    ],
)
def test_known_organisations(gaz: Gazetteer, text: str, code: str, country: str) -> None:
    entry = gaz.lookup(text)
    assert entry is not None, text
    assert (entry.code, entry.country, entry.kind) == (code, country, "organisation")


@pytest.mark.parametrize(
    ("words", "code"),
    [
        (["Latin", "America"], "LAM"),
        (["Latin", "American", "leaders"], "LAM"),
        (["European", "leaders"], "EUR"),
        (["the", "Middle", "East"], "MEA"),
        (["South", "African", "troops"], "ZAF"),
        (["Southern", "Africa"], "SAF"),
    ],
)
def test_regions_take_precedence_over_words_inside_them(
    gaz: Gazetteer, words: list[str], code: str
) -> None:
    found = gaz.match_at(words, 0)
    assert found is not None and found[1].code == code


def test_organisation_sectors(gaz: Gazetteer) -> None:
    assert gaz.lookup("NATO").sectors == ("IGO",)  # type: ignore[union-attr]
    assert gaz.lookup("Human Rights Watch").sectors == ("NGO", "HRI")  # type: ignore[union-attr]
    assert gaz.lookup("Hamas").sectors == ("REB",)  # type: ignore[union-attr]
    assert gaz.lookup("CIA").sectors == ("SPY",)  # type: ignore[union-attr]


# -- the matching rule --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    ["us", "Us", "the us", "uk", "who", "Who", "nato", "un", "turkey", "china", "chad", "jordan",
     "georgia", "the kremlin", "white house", "élysée", "pentagon", "", "the", "'s"],
)  # fmt: skip
def test_lower_case_words_and_pronouns_do_not_match(gaz: Gazetteer, text: str) -> None:
    assert gaz.lookup(text) is None


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Turkey", "TUR"),
        ("TURKEY", "TUR"),
        ("Chad", "TCD"),
        ("Jordan", "JOR"),
        ("Russia's", "RUS"),
        ("Russia’s", "RUS"),
        ("Russia 's", "RUS"),
        ("Americans'", "USA"),
        ("the US", "USA"),
        ("THE US", "USA"),
        ("The United States", "USA"),
        ("U.S.'s", "USA"),
        ("  United   States  ", "USA"),
        ("Guinea - Bissau", "GNB"),
        ("Sao Tome and Principe", "STP"),
        ("São Tomé and Príncipe", "STP"),
        ("Türkiye", "TUR"),
        ("Turkiye", "TUR"),
        ("Al-Qaeda", "IMGMUSALQ"),
        ("AL-QAEDA", "IMGMUSALQ"),
    ],
)
def test_normalised_forms_match(gaz: Gazetteer, text: str, code: str) -> None:
    entry = gaz.lookup(text)
    assert entry is not None and entry.code == code, text


def test_normalise() -> None:
    assert normalise("the U.S.’s") == "U.S"
    assert normalise("Élysée") == "Elysee"
    assert normalise("Guinea - Bissau") == "Guinea-Bissau"
    assert normalise("People 's Republic") == "People's Republic"
    assert normalise("Russia .") == "Russia ."  # a separate period token is not part of a name


@pytest.mark.parametrize(
    ("words", "start", "expected"),
    [
        (["the", "United", "States", "'s", "allies"], 0, (4, "USA")),
        (["the", "United", "States", "said"], 0, (3, "USA")),
        (["U.S."], 0, (1, "USA")),
        (["North", "Korea", "fired"], 0, (2, "PRK")),
        (["South", "Sudan"], 0, (2, "SSD")),
        (["Sudan", "and", "South", "Sudan"], 2, (2, "SSD")),
        (["Papua", "New", "Guinea"], 0, (3, "PNG")),
        (["Guinea", "-", "Bissau", "and"], 0, (3, "GNB")),
        (["Democratic", "People", "'s", "Republic", "of", "Korea"], 0, (6, "PRK")),
        (["Côte", "d'Ivoire"], 0, (2, "CIV")),
        (["St.", "Kitts", "and", "Nevis"], 0, (4, "KNA")),
        (["the", "Kremlin", "’s", "spokesman"], 0, (3, "RUS")),
        (["Russia", "."], 0, (1, "RUS")),
        (["Russian", "defense", "minister"], 0, (1, "RUS")),
        (["said", "the", "Kremlin"], 1, (2, "RUS")),
        (["United", "Nations", "Security", "Council"], 0, (4, "IGOUNO")),
    ],
)
def test_match_at_spacy_tokens(
    gaz: Gazetteer, words: list[str], start: int, expected: tuple[int, str]
) -> None:
    found = gaz.match_at(words, start)
    assert found is not None
    assert (found[0], found[1].code) == expected


@pytest.mark.parametrize(
    ("words", "start"),
    [(["us"], 0), (["the"], 0), (["talks", "in"], 0), (["Russia"], 1), (["Russia"], -1), ([], 0)],
)
def test_match_at_no_match(gaz: Gazetteer, words: list[str], start: int) -> None:
    assert gaz.match_at(words, start) is None


def test_builtin_is_shared() -> None:
    assert Gazetteer.builtin() is Gazetteer.builtin()


def test_canonical(gaz: Gazetteer) -> None:
    assert _state(gaz, "RUS").name == "Russia"
    assert _state(gaz, "IGOWSTNAT").name == "NATO"
    assert gaz.canonical("XXX") is None


# -- building custom gazetteers -----------------------------------------------------------------


def test_custom_gazetteer_and_conflicting_spelling() -> None:
    gondor = Entry("GON", "Gondor", "GON", (), "name")
    mordor = Entry("MOR", "Mordor", "MOR", (), "name")
    gaz = Gazetteer([("Gondor", gondor), ("Minas Tirith", gondor), ("Mordor", mordor)])
    assert gaz.lookup("the Gondor's") == gondor
    assert gaz.match_at(["Minas", "Tirith"], 0) == (2, gondor)
    with pytest.raises(LexiconError, match="Gondor"):
        Gazetteer([("Gondor", gondor), ("GONDOR", mordor)])


def test_duplicate_spelling_for_one_entry_is_kept_once() -> None:
    gondor = Entry("GON", "Gondor", "GON", (), "name")
    gaz = Gazetteer([("Gondor", gondor), ("Gondor", gondor)])
    assert list(gaz.spellings()) == [("Gondor", gondor)]
