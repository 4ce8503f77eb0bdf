"""Well-known people shipped with the package: spellings → country and date-bounded roles.

A person's role changes over time (Biden was a senator, vice president, then president; Shoigu
left the defence ministry in May 2024), so each role carries the dates it held. The actors
stage reads roles at the publication date; the roles stage re-reads them at the event's own
date once the time stage has grounded it.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib import resources

from ..errors import LexiconError


@dataclass(frozen=True, slots=True)
class Role:
    """Sectors held from ``start`` (inclusive) to ``end`` (exclusive); ``None`` = open."""

    sectors: tuple[str, ...]
    start: dt.date | None = None
    end: dt.date | None = None

    def holds_on(self, day: dt.date) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or day < self.end)


@dataclass(frozen=True, slots=True)
class Person:
    name: str
    country: str
    roles: tuple[Role, ...] = field(default=())

    def sectors_on(self, day: dt.date) -> tuple[str, ...]:
        """The sectors of the role held on ``day``; none (the country alone) between roles."""
        for role in self.roles:
            if role.holds_on(day):
                return role.sectors
        return ()


class People:
    """Exact-spelling lookup of people; a surname alone only when it is listed as a spelling."""

    def __init__(self, people: dict[str, Person]) -> None:
        self._by_spelling = people

    @classmethod
    @functools.cache
    def builtin(cls) -> People:
        path = resources.files("newsevents.actors") / "data" / "people.tsv"
        return cls(parse_people(path.read_text("utf-8").splitlines(), origin="people.tsv"))

    def lookup(self, text: str) -> Person | None:
        return self._by_spelling.get(_key(text))

    def __len__(self) -> int:
        return len({p.name for p in self._by_spelling.values()})


def parse_people(lines: Iterable[str], *, origin: str) -> dict[str, Person]:
    """Spelling key → Person from the TSV lines (see the header of ``data/people.tsv``).

    Rows for the same name add roles to one person; spellings may be listed on any of them.
    """
    rows: dict[str, tuple[str, list[Role], list[str]]] = {}
    for number, line in enumerate(lines, start=1):
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.rstrip("\n").split("\t")
        if len(cols) < 3:
            raise LexiconError(f"{origin}:{number}", "expected name, country and sectors")
        name, country, sectors = cols[0], cols[1], cols[2]
        spellings = [s for s in (cols[3].split("|") if len(cols) > 3 else []) if s]
        start = _date(cols[4], origin, number) if len(cols) > 4 else None
        end = _date(cols[5], origin, number) if len(cols) > 5 else None
        role = Role(tuple(s for s in sectors.split(";") if s), start, end)
        entry = rows.setdefault(name, (country, [], []))
        entry[1].append(role)
        entry[2].extend(spellings)
    people: dict[str, Person] = {}
    for name, (country, roles, spellings) in rows.items():
        person = Person(name, country, tuple(roles))
        for spelling in (name, *spellings):
            people[_key(spelling)] = person
    return people


def _date(text: str, origin: str, number: int) -> dt.date | None:
    if not text.strip():
        return None
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError as exc:
        raise LexiconError(f"{origin}:{number}", f"bad date {text!r}") from exc


def _key(text: str) -> str:
    return " ".join(text.replace("’", "'").split()).casefold()
