"""The Phoenix actor dictionaries shipped as package data: the converter, the table, the merge.

The converter (``tools/convert_phoenix.py``) is tested on a dictionary written here, so each
rule is seen at work on a line made for it; the shipped table is tested for what it must give
the actors stage: dated roles, the hand table winning, the setting that turns it off.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

import newsevents
from newsevents import Settings
from newsevents.actors.gazetteer import Gazetteer
from newsevents.actors.people import People, Person, Role, spelling_key
from newsevents.actors.phoenix import (
    ConvertedEntries,
    combine,
    parse_converted,
    phoenix_people,
    shipped_people,
)
from newsevents.actors.resolve import ActorResolver
from newsevents.actors.sectors import SectorLexicon
from newsevents.errors import LexiconError
from newsevents.pipeline import Pipeline

D = dt.date
TOOL = Path(__file__).resolve().parents[1] / "tools" / "convert_phoenix.py"


@pytest.fixture(scope="module")
def tool() -> ModuleType:
    spec = importlib.util.spec_from_file_location("convert_phoenix", TOOL)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["convert_phoenix"] = module
    spec.loader.exec_module(module)
    return module


SNIPPET = """\
# A made-up actor file in the Phoenix format.
RUSSIA_ [RUS]
+NOVGOROD_OBLAST_
GRIGORY_IVANOVICH_PETROV_  # a minister whose last role is still open in the file
+PRESIDENT_PETROV_
+GRIGORY_
+PETROV_
\t[RUSELI 700101-051231]
\t[RUSGOVMIL >060101]
\t[RUSELI]
ANNA_PETROVA_SOKOLOVA_
+SOKOLOVA_
\t[RUSGOV 020101-040630]
\t[RUSELI]
IVAN_PETROV_
+SOKOLOVA_  # shared with the entry above
\t[UKRGOV 030101-031231]
RED_DAWN_FRONT_ [KKLREB]
BLUE_DAWN_FRONT_ [WEUREB]
+BDF
21_JUNE_ [GRCREB]
SENATE_ [USALEG]
NOTED_WIDGETS_INC_ [MNCUSA]
+ZERO_
+WIDGETS_INC_
IVAN_PETROV_
\t[UKRGOV 100101-101231]
"""


def _convert(tool: ModuleType, text: str = SNIPPET) -> list[str]:
    gazetteer, sectors = Gazetteer.builtin(), SectorLexicon.builtin()
    prefixes = tool.valid_prefixes(None, gazetteer)
    return list(
        tool.convert(
            [("test.actors.txt", text.splitlines())],
            gazetteer=gazetteer,
            sectors=sectors,
            prefixes=prefixes,
            common=frozenset({"zero"}),
        )
    )


def _rows(lines: list[str]) -> dict[str, list[str]]:
    return {line.split("\t")[0]: line.split("\t") for line in lines}


def test_the_converter_is_deterministic(tool: ModuleType) -> None:
    first = _convert(tool)
    assert first == _convert(tool)
    assert first == sorted(first, key=lambda line: line.split("\t")[0].casefold())


def test_open_roles_end_at_the_latest_date_of_the_files(tool: ModuleType) -> None:
    rows = _rows(_convert(tool))
    _name, kind, roles, spellings = rows["Grigory Ivanovich Petrov"]
    # The latest date written is 31 December 2010: the open role ends there, then the table
    # knows only the country; the file's own default (ELI) stays last.
    assert roles.split(";") == [
        "RUSELI:1970-01-01:2006-01-01",
        "RUSGOVMIL:2006-01-01:2010-12-31",
        "RUS:2010-12-31:",
        "RUSELI",
    ]
    assert kind == "person"
    # "PRESIDENT PETROV" hides the text's own title; "GRIGORY" is a given name; the surname
    # alone is kept because no other person's name has it ... except Ivan Petrov's here.
    assert spellings.split("|") == ["Grigory Ivanovich Petrov"]


def test_spellings_two_entries_share_are_dropped_and_duplicates_merged(tool: ModuleType) -> None:
    rows = _rows(_convert(tool))
    assert rows["Anna Petrova Sokolova"][3] == "Anna Petrova Sokolova"  # "Sokolova" is shared
    assert rows["Ivan Petrov"][2] == "UKRGOV:2003-01-01:2004-01-01;UKRGOV:2010-01-01:2011-01-01"


def test_names_the_tables_read_better_are_dropped(tool: ModuleType) -> None:
    rows = _rows(_convert(tool))
    assert "Russia" in rows and "Novgorod Oblast" in rows["Russia"][3]  # a province stays
    assert "Russia" not in rows["Russia"][3].split("|")  # the gazetteer knows the state
    assert "Senate" not in rows  # a description, read from the text with its own country
    assert "21 June" not in rows  # a date, not a name
    assert "Red Dawn Front" not in rows  # KKL opens no state, region or international code
    assert rows["Blue Dawn Front"][2] == "WEUREB"  # a CAMEO region does
    assert rows["Noted Widgets Inc"][3].split("|") == ["Noted Widgets Inc", "Widgets Inc"]


def test_the_output_reads_back_with_the_package_loader(tool: ModuleType) -> None:
    lines = ["name\tkind\troles\tspellings", *_convert(tool)]
    people = People.from_persons(parse_converted(lines, origin="test"), case_rule=True)
    bdf = people.lookup("BDF")
    assert bdf is not None and bdf.code_on(D(2020, 1, 1)) == "WEUREB"
    assert people.lookup("Bdf") is None  # written in capitals: matches only in capitals
    petrov = people.lookup("Grigory Ivanovich Petrov")
    assert petrov is not None
    assert petrov.sectors_on(D(2008, 1, 1)) == ("GOV", "MIL")
    assert petrov.sectors_on(D(2020, 1, 1)) == ()  # after the horizon: the country alone
    assert petrov.country_on(D(2020, 1, 1)) == "RUS"


def test_a_broken_converted_row_is_an_error_naming_its_line() -> None:
    lines = ["name\tkind\troles\tspellings", "X\tperson\tRUSGOV:2010-13-01:\tX"]
    with pytest.raises(LexiconError, match="test:2"):
        parse_converted(lines, origin="test")


# -- the shipped table ----------------------------------------------------------------------------


def test_every_shipped_row_parses_and_spellings_are_keyed_by_case_alone() -> None:
    # The loader keys spellings by case-folding them, trusting the converter to have written
    # them as spelling_key normalises names; a strict reading checks every row.
    path = Path(newsevents.__file__).parent / "actors" / "data" / "phoenix_actors.tsv"
    lines = path.read_text("utf-8").splitlines()
    pairs = parse_converted(lines, origin="phoenix_actors.tsv")
    assert len({id(p) for _, p in pairs}) > 20_000
    assert [s for s, _ in pairs if spelling_key(s) != s.casefold()] == []


def test_entries_are_built_only_when_looked_up() -> None:
    entries = phoenix_people().mapping()
    assert isinstance(entries, ConvertedEntries)
    sangala = entries["aaron sangala"]
    assert sangala is entries["aaron sangala"]  # built once
    assert len(entries) > 25_000


def test_a_converted_person_has_dated_roles_then_only_a_country() -> None:
    sangala = shipped_people().lookup("Aaron Sangala")  # Malawi's defence minister, 2008-09
    assert sangala is not None and sangala.kind == "person"
    assert sangala.code_on(D(2008, 6, 1)) == "MWIGOVMIL"
    assert sangala.sectors_on(D(2008, 6, 1)) == ("GOV", "MIL")
    assert sangala.sectors_on(D(2020, 6, 1)) == ()
    assert sangala.country_on(D(2020, 6, 1)) == "MWI"


def test_organisations_keep_their_complete_codes() -> None:
    table = phoenix_people()
    pflp_gc = table.lookup("PFLP-GC")
    assert pflp_gc is not None and pflp_gc.kind == "organisation"
    assert pflp_gc.sectors_on(D(2020, 1, 1)) == ("REB",)
    bank = table.lookup("Wachovia")
    assert bank is not None and bank.code_on(D(2020, 1, 1)) == "MNCUSA"
    assert bank.sectors_on(D(2020, 1, 1)) == ("BUS",)  # a multinational is a business


def test_the_hand_table_wins_for_the_people_it_lists() -> None:
    shipped, hand, converted = shipped_people(), People.builtin(), phoenix_people()
    day = D(2020, 1, 1)
    # The converted Merkel's roles end in 2015; the hand table's are current.
    assert converted.lookup("Angela Merkel").sectors_on(day) == ()  # type: ignore[union-attr]
    assert shipped.lookup("Angela Merkel") is hand.lookup("Angela Merkel")
    # A spelling only the converted table has is the hand table's person all the same.
    assert hand.lookup("Angela Dorothea Merkel") is None
    assert shipped.lookup("Angela Dorothea Merkel") is hand.lookup("Angela Merkel")


def test_combine_keeps_a_converted_person_apart_and_drops_surnames_the_hand_table_uses() -> None:
    hand = People.from_persons([("Mahinda Rajapaksa", Person("Mahinda Rajapaksa", "LKA"))])
    basil = Person("Basil Rajapaksa", "LKA", (Role(("GOV",), D(2010, 1, 1), None),))
    other = Person("Mahinda Rajapaksa", "IND")
    converted = People.from_persons(
        [("Basil Rajapaksa", basil), ("Rajapaksa", basil), ("M. Rajapaksa", other)]
    )
    both = combine(hand, converted)
    assert both.lookup("Basil Rajapaksa") is basil  # another person of the same family
    assert both.lookup("Rajapaksa") is None  # a word of a hand-table name
    assert both.lookup("Mahinda Rajapaksa") is hand.lookup("Mahinda Rajapaksa")


def test_the_setting_turns_the_converted_table_off() -> None:
    on, off = Pipeline(Settings()), Pipeline(Settings(phoenix_actors=False))
    stage_on, stage_off = on.stage("actors"), off.stage("actors")
    assert isinstance(stage_on, ActorResolver) and isinstance(stage_off, ActorResolver)
    assert stage_on.people.lookup("Aaron Sangala") is not None
    assert stage_off.people.lookup("Aaron Sangala") is None
    assert stage_off.people.lookup("Vladimir Putin") is not None


def test_person_keys_ignore_accents_and_courtesy_titles() -> None:
    assert spelling_key("Jüri Ratas") == spelling_key("Juri Ratas") == "juri ratas"
    assert spelling_key("Mr Erdoğan") == "erdogan"


@pytest.mark.model
def test_a_converted_person_resolves_with_the_role_of_the_day() -> None:
    then = newsevents.resolve_actor("Aaron Sangala", date="2008-06-01")
    assert (then.code, then.via) == ("MWIGOVMIL", "dictionary")
    later = newsevents.resolve_actor("Aaron Sangala", date="2020-06-01")
    assert (later.country, later.sectors) == ("MWI", ())
