"""The shipped people table (``data/people.tsv``): well-formed rows and known facts."""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections import defaultdict
from dataclasses import dataclass
from importlib import resources

import pytest

from newsevents.actors.gazetteer import Gazetteer
from newsevents.actors.people import People, parse_people

D = dt.date
AGENT_CODES = {
    "GOV", "MIL", "COP", "SPY", "JUD", "LEG", "OPP", "PTY", "REB", "UAF", "BUS", "MED", "EDU",
    "CVL", "HLH", "REF", "LAB", "ELI", "CRM", "AGR", "REL", "HRI", "DEV", "ENV", "NGO", "IGO",
}  # fmt: skip


@dataclass(frozen=True)
class Row:
    line: int
    name: str
    country: str
    sectors: tuple[str, ...]
    spellings: tuple[str, ...]
    start: dt.date | None
    end: dt.date | None


def _date(text: str) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


def _key(text: str) -> str:
    return re.sub(r"\s*-\s*", "-", " ".join(text.split())).casefold()


@pytest.fixture(scope="module")
def lines() -> list[str]:
    path = resources.files("newsevents.actors") / "data" / "people.tsv"
    return path.read_text("utf-8").splitlines()


@pytest.fixture(scope="module")
def rows(lines: list[str]) -> list[Row]:
    out = []
    for number, line in enumerate(lines, start=1):
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.split("\t")
        assert len(cols) == 6, f"line {number}: expected 6 tab-separated columns"
        name, country, sectors, spellings, start, end = cols
        out.append(
            Row(
                number,
                name,
                country,
                tuple(s for s in sectors.split(";") if s),
                tuple(s for s in spellings.split("|") if s),
                _date(start),
                _date(end),
            )
        )
    return out


@pytest.fixture(scope="module")
def people() -> People:
    return People.builtin()


# -- every row ----------------------------------------------------------------------------------


def test_every_row_parses(lines: list[str], rows: list[Row]) -> None:
    parsed = parse_people(lines, origin="people.tsv")
    assert len({p.name for p in parsed.values()}) == len({r.name for r in rows}) >= 350


def test_countries_are_states_or_img(rows: list[Row]) -> None:
    states = {e.code for e in Gazetteer.builtin().entries() if e.kind == "name"}
    bad = [(r.line, r.name, r.country) for r in rows if r.country not in states | {"IMG"}]
    assert bad == []


def test_sectors_are_cameo_agent_codes(rows: list[Row]) -> None:
    bad = [(r.line, r.name, r.sectors) for r in rows if not set(r.sectors) <= AGENT_CODES]
    assert bad == []


def test_a_person_has_one_country_on_all_rows(rows: list[Row]) -> None:
    # The loader takes the country of a person's first row only.
    countries: dict[str, set[str]] = defaultdict(set)
    for r in rows:
        countries[r.name].add(r.country)
    assert {n: c for n, c in countries.items() if len(c) > 1} == {}


def test_roles_start_before_they_end(rows: list[Row]) -> None:
    bad = [(r.line, r.name) for r in rows if r.start and r.end and not r.start < r.end]
    assert bad == []


def test_roles_of_a_person_do_not_overlap(rows: list[Row]) -> None:
    roles: dict[str, list[Row]] = defaultdict(list)
    for r in rows:
        roles[r.name].append(r)
    overlaps = []
    for name, held in roles.items():
        held.sort(key=lambda r: r.start or dt.date.min)
        for before, after in itertools.pairwise(held):
            if (before.end or dt.date.max) > (after.start or dt.date.min):
                overlaps.append((name, before.line, after.line))
    assert overlaps == []


def test_each_spelling_names_one_person(rows: list[Row]) -> None:
    # A spelling listed for two people would silently go to the last one read.
    owners: dict[str, set[str]] = defaultdict(set)
    for r in rows:
        for spelling in (r.name, *r.spellings):
            owners[_key(spelling)].add(r.name)
    assert {s: n for s, n in owners.items() if len(n) > 1} == {}


def test_surname_spellings_name_one_person(rows: list[Row]) -> None:
    # Surnames alone ("Putin", "Erdogan") are the riskiest spellings: spell the rule out.
    surnames: dict[str, set[str]] = defaultdict(set)
    for r in rows:
        for spelling in r.spellings:
            if " " not in spelling:
                surnames[_key(spelling)].add(r.name)
    assert len(surnames) >= 300
    assert {s: n for s, n in surnames.items() if len(n) > 1} == {}
    for family_name in ("kim", "li", "wang", "abe", "sharif", "gandhi", "castro", "clinton"):
        assert family_name not in surnames


# -- known facts: the role held on a day ---------------------------------------------------------


@pytest.mark.parametrize(
    ("spelling", "day", "name", "country", "sectors"),
    [
        ("Putin", D(1999, 1, 1), "Vladimir Putin", "RUS", ("SPY",)),
        ("Putin", D(2010, 1, 1), "Vladimir Putin", "RUS", ("GOV",)),
        ("Zelenskyy", D(2018, 1, 1), "Volodymyr Zelensky", "UKR", ("MED",)),
        ("Zelensky", D(2022, 3, 1), "Volodymyr Zelensky", "UKR", ("GOV",)),
        ("Netanyahu", D(2022, 1, 1), "Benjamin Netanyahu", "ISR", ("OPP",)),
        ("Gantz", D(2021, 1, 1), "Benny Gantz", "ISR", ("GOV", "MIL")),
        ("Erdoğan", D(2010, 1, 1), "Recep Tayyip Erdogan", "TUR", ("GOV",)),
        ("Qaddafi", D(2011, 3, 1), "Muammar Gaddafi", "LBY", ("GOV",)),
        ("Assad", D(2025, 1, 1), "Bashar al-Assad", "SYR", ()),
        ("al-Jolani", D(2020, 1, 1), "Ahmed al-Sharaa", "SYR", ("REB",)),
        ("Ahmed al-Sharaa", D(2025, 6, 1), "Ahmed al-Sharaa", "SYR", ("GOV",)),
        ("Haniyeh", D(2006, 6, 1), "Ismail Haniyeh", "PSE", ("GOV",)),
        ("Haniyeh", D(2020, 1, 1), "Ismail Haniyeh", "PSE", ("REB",)),
        ("Nasrallah", D(2024, 10, 1), "Hassan Nasrallah", "LBN", ()),
        ("bin Laden", D(2005, 1, 1), "Osama bin Laden", "IMG", ("REB",)),
        ("Akhundzada", D(2020, 1, 1), "Hibatullah Akhundzada", "AFG", ("REB",)),
        ("Akhundzada", D(2022, 1, 1), "Hibatullah Akhundzada", "AFG", ("GOV",)),
        ("Navalny", D(2020, 1, 1), "Alexei Navalny", "RUS", ("OPP",)),
        ("Shoigu", D(2020, 1, 1), "Sergei Shoigu", "RUS", ("GOV", "MIL")),
        ("Mattis", D(2018, 1, 1), "Jim Mattis", "USA", ("GOV", "MIL")),
        ("Comey", D(2016, 7, 1), "James Comey", "USA", ("COP",)),
        ("Le Drian", D(2015, 1, 1), "Jean-Yves Le Drian", "FRA", ("GOV", "MIL")),
        ("Le Drian", D(2020, 1, 1), "Jean-Yves Le Drian", "FRA", ("GOV",)),
        ("Raisi", D(2020, 1, 1), "Ebrahim Raisi", "IRN", ("JUD",)),
        ("Saif al-Islam", D(2011, 3, 1), "Saif al-Islam Gaddafi", "LBY", ()),
    ],
)
def test_known_people(
    people: People,
    spelling: str,
    day: dt.date,
    name: str,
    country: str,
    sectors: tuple[str, ...],
) -> None:
    person = people.lookup(spelling)
    assert person is not None, spelling
    role = person.role_on(day)  # the data itself: no role is () whatever the fallback code
    held = role.sectors if role is not None else ()
    assert (person.name, person.country, held) == (name, country, sectors)


def test_people_of_international_organisations_are_not_listed(people: People) -> None:
    # One country per person cannot express "Portugal's prime minister, then the UN's
    # secretary-general": such people are left to the text's own titles.
    for name in ("Antonio Guterres", "Ban Ki-moon", "Jens Stoltenberg", "Ursula von der Leyen"):
        assert people.lookup(name) is None
