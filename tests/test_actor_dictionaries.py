"""PETRARCH/TABARI actor and agent dictionaries: parsing, conversion, wiring, end to end."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

import newsevents
from newsevents import Settings
from newsevents.actors.dictionaries import (
    ActorDictionary,
    AgentDictionary,
    DatedCode,
    Skipped,
    load_dictionaries,
    parse_actors,
    parse_agents,
    parse_code,
    parse_date,
    person_from,
    read_dictionary,
    sector_terms,
)
from newsevents.actors.people import People, Person, Role
from newsevents.actors.sectors import SectorLexicon
from newsevents.cli import cli
from newsevents.errors import LexiconError
from newsevents.pipeline import default_stages

D = dt.date

ACTORS = """\
# a comment line
<!-- an XML comment
     over two lines -->
ALVARO_EXAMPLE_VELEZ_  # trailing comment
+ALVARO_EXAMPLE
+PRESIDENT_EXAMPLE_
\t[COLELI 700101-020806]
\t[COLGOV >020807]
\t[COLELI]

HAMAS_LIKE_MOVEMENT [PSEREBHMS] ; TABARI-style comment
+HLM

KOFI_EXAMPLE_\t[IGOUNO 970101-061231] [ELI]

GOLLUM
\t[HOB < 950601]
\t[HOBGOV 19950601 - 19990815]
\t[HOBREB > 990816]

ENT
\t[ENT]

LORIEN  [ELR/GAL]
ISILDUR  [+++]
ONODOHER
\t[ONO 9008223-911221]
\t[ONO 911222]
BOROMIR [---]
+FAEROYENE]_
"""

AGENTS = """\
<!-- AGENTS -->
!PERSON! = MAN, MEN, WOMAN, WOMEN, PERSON
MINISTER_ [~GOV]
CONGRESS!PERSON! [~LEG]
TROOPS {} [~MIL]
CHAMBER_OF_COMMERCE {CHAMBERS_OF_COMMERCE} [~BUS]
HUMAN_RIGHTS_ACTIVISTS [~HRI]
HUMAN_RIGHTS_BODY  [NGO~]
POLICE {} [ ~COP]
DEPARMENT_OF_ENVIRONMENT [~ENV}
ISLAMIC_EXTREMIST
!MISSING!_OF_SILLY_WALKS [~GOV]
"""


def actors(text: str = ACTORS) -> ActorDictionary:
    return parse_actors(text.splitlines(), origin="t.actors.txt")


def agents(text: str = AGENTS) -> AgentDictionary:
    return parse_agents(text.splitlines(), origin="t.agents.txt")


def entry(name: str) -> Person:
    (found,) = [e for e in actors().entries if e.name == name]
    person = person_from(found)
    assert isinstance(person, Person)
    return person


# -- dates and code brackets ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("digits", "day"),
    [
        ("090120", D(2009, 1, 20)),
        ("300101", D(2030, 1, 1)),  # YY <= 30 is 20YY ...
        ("310101", D(1931, 1, 1)),  # ... and YY > 30 is 19YY (KEDS/TABARI/PETRARCH)
        ("991231", D(1999, 12, 31)),
        ("18970101", D(1897, 1, 1)),
        ("20170120", D(2017, 1, 20)),
    ],
)
def test_six_and_eight_digit_dates(digits: str, day: dt.date) -> None:
    assert parse_date(digits) == day


@pytest.mark.parametrize("digits", ["9008223", "201005011", "1920030320", "20100931", "abcdef"])
def test_other_lengths_and_impossible_dates_are_refused(digits: str) -> None:
    with pytest.raises(ValueError):
        parse_date(digits)


codes = st.from_regex(r"[A-Z]{3}([A-Z]{3}){0,3}", fullmatch=True)
six_digit_days = st.dates(D(1931, 1, 1), D(2030, 12, 31))
eight_digit_days = st.dates(D(1600, 1, 1), D(2200, 12, 31))
blanks = st.sampled_from(["", " ", "  "])


def _digits(day: dt.date, six: bool) -> str:
    return day.strftime("%y%m%d") if six else day.strftime("%Y%m%d")


@given(code=codes, day=six_digit_days | eight_digit_days, six=st.booleans(), gap=blanks)
def test_open_ended_brackets_round_trip(code: str, day: dt.date, six: bool, gap: str) -> None:
    six = six and D(1931, 1, 1) <= day <= D(2030, 12, 31)
    digits = _digits(day, six)

    assert parse_code(f"{code} <{gap}{digits}", origin="x") == DatedCode(code, None, day)
    assert parse_code(f"{code}  >{gap}{digits}", origin="x") == DatedCode(code, day, None)


@given(
    code=codes,
    days=st.lists(six_digit_days, min_size=2, max_size=2),
    six=st.tuples(st.booleans(), st.booleans()),
    gap=blanks,
)
def test_date_ranges_round_trip_in_either_notation(
    code: str, days: list[dt.date], six: tuple[bool, bool], gap: str
) -> None:
    first, last = sorted(days)
    spec = f"{_digits(first, six[0])}{gap}-{gap}{_digits(last, six[1])}"

    assert parse_code(f"{code} {spec}", origin="x") == DatedCode(code, first, last)
    assert parse_code(code.lower(), origin="x") == DatedCode(code)  # undated; case folded


@pytest.mark.parametrize("inner", ["", "USAGOV soon", "USAGOV 2009-01-20", "USAGOV <20090120-2"])
def test_a_bracket_that_cannot_be_read_is_an_error(inner: str) -> None:
    with pytest.raises(LexiconError, match=r"^x:"):
        parse_code(inner, origin="x")


# -- actor files ------------------------------------------------------------------------------


def test_an_actor_entry_has_its_synonyms_and_codes_in_file_order() -> None:
    (first, *_rest) = actors().entries

    assert first.name == "ALVARO EXAMPLE VELEZ"
    assert first.synonyms == ("ALVARO EXAMPLE", "PRESIDENT EXAMPLE")
    assert first.codes == (
        DatedCode("COLELI", D(1970, 1, 1), D(2002, 8, 6)),
        DatedCode("COLGOV", D(2002, 8, 7), None),
        DatedCode("COLELI"),
    )
    assert first.origin == "t.actors.txt:4"


def test_dated_codes_hold_inclusively_and_the_default_holds_otherwise() -> None:
    person = entry("ALVARO EXAMPLE VELEZ")

    assert person.name == "Alvaro Example Velez"
    assert person.country == "COL" and person.kind == "person"
    assert person.code_on(D(2002, 8, 6)) == "COLELI"
    assert person.code_on(D(2002, 8, 7)) == "COLGOV"
    assert person.sectors_on(D(2010, 1, 1)) == ("GOV",)
    role = person.role_on(D(1960, 1, 1))  # before every dated code: the default
    assert role == Role(("ELI",), None, None, code="COLELI")


def test_blanks_inside_date_brackets_are_read() -> None:
    gollum = entry("GOLLUM")

    assert [gollum.code_on(D(y, 1, 1)) for y in (1990, 1997, 2005)] == ["HOB", "HOBGOV", "HOBREB"]
    assert gollum.code_on(D(1999, 8, 15)) == "HOBGOV"  # "or equal to"
    assert gollum.role_on(D(1999, 8, 16)) is not None


def test_a_complete_code_keeps_its_organisation_part_and_yields_sectors() -> None:
    hamas = entry("HAMAS LIKE MOVEMENT")

    assert (hamas.country, hamas.kind) == ("PSE", "organisation")
    assert hamas.code_on(D(2020, 1, 1)) == "PSEREBHMS"
    assert hamas.sectors_on(D(2020, 1, 1)) == ("REB",)


def test_a_role_code_alone_keeps_the_entrys_country() -> None:
    kofi = entry("KOFI EXAMPLE")  # two brackets on the phrase line

    assert kofi.code_on(D(2000, 1, 1)) == "IGOUNO"
    assert kofi.code_on(D(2010, 1, 1)) is None  # [ELI]: no code of its own ...
    assert (kofi.country_on(D(2010, 1, 1)), kofi.sectors_on(D(2010, 1, 1))) == ("IGO", ("ELI",))


def test_country_level_entries() -> None:
    assert entry("ENT").kind == "country"


def test_unusable_lines_are_skipped_and_recorded_with_their_line() -> None:
    skipped = {(s.origin, s.reason.split()[0]) for s in actors().skipped}

    assert skipped == {
        ("t.actors.txt:24", "code"),  # [ELR/GAL]
        ("t.actors.txt:24", "no"),  # ... and LORIEN is left with no usable code
        ("t.actors.txt:25", "code"),  # [+++]
        ("t.actors.txt:25", "no"),
        ("t.actors.txt:26", "no"),  # ONODOHER: nothing usable in
        ("t.actors.txt:27", "date"),  # a seven-digit date
        ("t.actors.txt:28", "single"),  # a date without < or >
        ("t.actors.txt:29", "null"),  # [---]
        ("t.actors.txt:29", "no"),
        ("t.actors.txt:30", "stray"),  # +FAEROYENE]_
    }


@pytest.mark.parametrize(
    ("text", "line", "reason"),
    [
        ("\t[USAGOV]\n", 1, "before any actor"),
        ("+SYNONYM\nX [ABC]\n", 1, "before any actor"),
        ("X [ABC]\n\t[USAGOV 20090120\n", 2, "never closed"),
        ("X [USAGOV 2009/01/20]\n", 1, "date part"),
        ("X\n\t[]\n", 2, "empty"),
    ],
)
def test_broken_actor_lines_raise_with_file_and_line(text: str, line: int, reason: str) -> None:
    with pytest.raises(LexiconError, match=rf"^t\.actors\.txt:{line}: .*{reason}"):
        actors(text)


# -- agent files ------------------------------------------------------------------------------


def test_agent_entries_plurals_markers_and_prefix_codes() -> None:
    found = {e.phrase: e for e in agents().entries}

    assert found["minister"].sectors == ("GOV",) and not found["minister"].prefix
    assert found["minister"].plurals == ("ministers",)  # PETRARCH's regular plural
    assert {"congressman", "congresswomen", "congressperson"} <= set(found)
    assert found["troops"].plurals == ()
    assert found["chamber of commerce"].plurals == ("chambers of commerce",)
    assert found["human rights body"].prefix and found["human rights body"].sectors == ("NGO",)
    assert found["police"].sectors == ("COP",)
    assert found["deparment of environment"].sectors == ("ENV",)  # "[~ENV}" is read


def test_agent_lines_without_code_or_with_unknown_markers_are_skipped() -> None:
    assert [(s.origin, s.reason) for s in agents().skipped] == [
        ("t.agents.txt:11", "no agent code"),
        ("t.agents.txt:12", "substitution set !MISSING! is not defined above"),
    ]


def test_sector_terms_add_a_singular_for_lemmas() -> None:
    found = {e.phrase: e for e in agents().entries}

    assert sector_terms(found["human rights activists"]) == [
        "human rights activists",
        "human right activist",
    ]
    assert sector_terms(found["troops"]) == ["troops", "troop"]
    assert sector_terms(found["minister"]) == ["minister"]


def test_an_extended_sector_lexicon_lets_the_extra_terms_win() -> None:
    base = SectorLexicon([("minister", ("GOV",)), ("riot police", ("COP",))])
    extended = base.extended([("minister", ("GOV", "ELI")), ("human right activist", ("HRI",))])

    assert extended.sectors_in(["foreign", "minister"]) == ("GOV", "ELI")
    assert extended.sectors_in(["human", "right", "activists"]) == ("HRI",)
    assert extended.sectors_in(["riot", "police"]) == ("COP",)
    assert base.sectors_in(["minister"]) == ("GOV",)  # the original is unchanged


# -- people and loading -----------------------------------------------------------------------


def test_merged_people_let_later_sources_win_per_spelling() -> None:
    shipped = People.builtin()
    mine = People.from_persons(
        [("Putin", Person("Vladimir Putin", "RUS", (Role(("ELI",), code="RUSELI"),)))]
    )
    merged = People.merged(shipped, mine)

    putin = merged.lookup("putin")
    assert putin is not None and putin.code_on(D(2020, 1, 1)) == "RUSELI"
    assert merged.lookup("Xi Jinping") == shipped.lookup("Xi Jinping")
    assert shipped.lookup("Putin") != putin


def test_spellings_ignore_spaces_around_hyphens() -> None:
    people = People.from_persons([("BAN KI-MOON", Person("Ban Ki-moon", "KOR"))])

    assert people.lookup("Ban Ki - moon") is not None


@pytest.fixture
def files(tmp_path: Path) -> tuple[Path, Path]:
    actor_file = tmp_path / "mine.actors.txt"
    actor_file.write_text(ACTORS, encoding="utf-8")
    agent_file = tmp_path / "mine.agents"  # the kind comes from the content, not the name
    agent_file.write_text(AGENTS, encoding="utf-8")
    return actor_file, agent_file


def test_files_are_read_as_actors_or_agents_by_their_codes(files: tuple[Path, Path]) -> None:
    actor_file, agent_file = files

    assert isinstance(read_dictionary(actor_file), ActorDictionary)
    assert isinstance(read_dictionary(agent_file), AgentDictionary)


def test_loading_merges_people_and_sectors_once(files: tuple[Path, Path]) -> None:
    loaded = load_dictionaries(files)

    assert loaded is load_dictionaries(list(files))  # cached per set of files
    person = loaded.people.lookup("President Example")
    assert person is not None and person.name == "Alvaro Example Velez"
    assert loaded.people.lookup("Xi") is not None  # the shipped table is still there
    assert loaded.sectors.sectors_in(["human", "right", "activist"]) == ("HRI",)
    assert loaded.counts() == {
        str(files[0]): (len(actors().entries), len(actors().skipped)),
        str(files[1]): (len(agents().entries), 2),
    }
    assert all(isinstance(s, Skipped) for s in loaded.skipped)


def test_a_missing_dictionary_is_an_error_naming_it(tmp_path: Path) -> None:
    missing = tmp_path / "nope.actors.txt"

    with pytest.raises(LexiconError, match=r"nope\.actors\.txt: actor dictionary not found"):
        load_dictionaries([missing])
    with pytest.raises(LexiconError, match="nope"):
        default_stages(Settings(actor_dictionaries=(missing,)))


def test_the_setting_takes_paths_from_the_environment_and_lists() -> None:
    env = {"NEWSEVENTS_ACTOR_DICTIONARIES": os.pathsep.join(["a.txt", "b.txt"])}

    assert Settings.from_env(env).actor_dictionaries == (Path("a.txt"), Path("b.txt"))
    from_list = Settings(actor_dictionaries=["a.txt"])  # type: ignore[arg-type]
    assert from_list == Settings(actor_dictionaries=(Path("a.txt"),))
    assert hash(from_list) == hash(Settings(actor_dictionaries=(Path("a.txt"),)))


def test_the_cli_names_a_missing_dictionary(tmp_path: Path) -> None:
    story = tmp_path / "story.txt"
    story.write_text("date 2024-05-01 Japan accused North Korea.\n", encoding="utf-8")
    env: dict[str, str | None] = {k: None for k in os.environ if k.startswith("NEWSEVENTS_")}

    result = CliRunner().invoke(
        cli, ["code", str(story), "--actors-dict", str(tmp_path / "nope.txt")], env=env
    )

    assert result.exit_code == 1
    assert "nope.txt: actor dictionary not found" in result.output


# -- the field's own files (../shared) ---------------------------------------------------------

PHOENIX = Path(__file__).resolve().parents[2] / "shared" / "eval" / "petrarch2" / "dictionaries"
SHIPPED_FILES = {
    # file: (entries at least, skipped records at most)
    "Phoenix.Countries.actors.txt": (18_000, 60),
    "Phoenix.International.actors.txt": (7_800, 40),
    "Phoenix.MilNonState.actors.txt": (1_000, 5),
    "PETR.Validate.actors.txt": (120, 15),
    "Phoenix.agents.txt": (3_300, 5),
    "PETR.Validate.agents.txt": (90, 5),
}
needs_phoenix = pytest.mark.skipif(not PHOENIX.is_dir(), reason="../shared dictionaries absent")


@needs_phoenix
@pytest.mark.parametrize(("name", "expected"), SHIPPED_FILES.items())
def test_the_field_dictionaries_load(name: str, expected: tuple[int, int]) -> None:
    found = read_dictionary(PHOENIX / name)

    assert isinstance(found, AgentDictionary) == name.endswith("agents.txt")
    assert len(found.entries) >= expected[0]
    assert len(found.skipped) <= expected[1]


@needs_phoenix
def test_putins_phoenix_role_depends_on_the_date() -> None:
    loaded = load_dictionaries([PHOENIX / "Phoenix.Countries.actors.txt"])
    putin = loaded.people.lookup("Putin")

    assert putin is not None and putin.name == "Vladimir Putin"
    assert putin.code_on(D(1995, 6, 1)) == "RUSELI"
    assert putin.code_on(D(2010, 6, 1)) == "RUSGOV"


@needs_phoenix
def test_all_field_dictionaries_load_together() -> None:
    loaded = load_dictionaries([PHOENIX / name for name in SHIPPED_FILES])

    assert len(loaded.actors) == 4 and len(loaded.agents) == 2
    counts = loaded.counts()
    assert sum(n for n, _ in counts.values()) > 30_000
    person = loaded.people.lookup("Lashkar-e-Taiba")
    assert person is not None and person.country == "PAK"


# -- end to end -------------------------------------------------------------------------------

SANTOS = """\
MATEO_RESTREPO_ALZATE_
+RESTREPO_ALZATE_
\t[COLGOVMIL 20060801-20090731]
\t[COLGOV >20100901]
\t[COLELI]
NORTHERN_LIBERATION_FRONT_ [COLREBNLF]
+NLF_
"""


@pytest.fixture(scope="module")
def santos_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    path = tmp_path_factory.mktemp("dicts") / "santos.actors.txt"
    path.write_text(SANTOS, encoding="utf-8")
    return Settings(actor_dictionaries=(path,))


def _source(events: list[newsevents.Event], name: str) -> newsevents.Actor:
    (actor,) = {e.source for e in events if e.source is not None and e.source.name == name}
    return actor


@pytest.mark.model
def test_a_person_known_only_from_a_dictionary_gets_its_country_and_code(
    santos_settings: Settings,
) -> None:
    text = "Mateo Restrepo Alzate met Venezuelan officials in Caracas."
    assert (
        not [  # without the dictionary the coder has no idea who he is
            e for e in newsevents.code(text, "2012-03-01") if e.source and e.source.country == "COL"
        ]
    )

    santos = _source(
        newsevents.code(text, "2012-03-01", settings=santos_settings), "Mateo Restrepo Alzate"
    )

    assert (santos.code, santos.country, santos.via) == ("COLGOV", "COL", "dictionary")


@pytest.mark.model
def test_an_event_dated_before_publication_gets_the_role_of_its_own_date(
    santos_settings: Settings,
) -> None:
    events = newsevents.code(
        "In 2008, Mateo Restrepo Alzate met Venezuelan officials in Caracas.",
        "2012-03-01",
        settings=santos_settings,
    )

    santos = _source(events, "Mateo Restrepo Alzate")
    assert santos.code == "COLGOVMIL" and santos.sectors == ("GOV", "MIL")


@pytest.mark.model
def test_an_organisation_keeps_the_dictionarys_complete_code(santos_settings: Settings) -> None:
    events = newsevents.code(
        "The Northern Liberation Front attacked Colombian troops in Cali.",
        "2012-03-01",
        settings=santos_settings,
    )

    front = _source(events, "Northern Liberation Front")
    assert (front.code, front.country, front.sectors) == ("COLREBNLF", "COL", ("REB",))


@needs_phoenix
@pytest.mark.model
def test_phoenix_codes_putin_by_the_event_date() -> None:
    settings = Settings(actor_dictionaries=(PHOENIX / "Phoenix.Countries.actors.txt",))

    early = newsevents.code(
        "In 1995, Putin met French officials in Paris.", "2010-03-01", settings=settings
    )
    late = newsevents.code("Putin met French officials in Paris.", "2010-03-01", settings=settings)

    assert _source(early, "Vladimir Putin").code == "RUSELI"
    assert _source(late, "Vladimir Putin").code == "RUSGOV"
