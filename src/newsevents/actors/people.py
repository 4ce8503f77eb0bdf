"""Well-known people shipped with the package: name and spellings → country and sectors."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from importlib import resources


@dataclass(frozen=True, slots=True)
class Person:
    name: str
    country: str
    sectors: tuple[str, ...]


class People:
    """Exact-spelling lookup of people; a surname alone only when it is listed as a spelling."""

    def __init__(self, people: dict[str, Person]) -> None:
        self._by_spelling = people

    @classmethod
    @functools.cache
    def builtin(cls) -> People:
        text = (resources.files("newsevents.actors") / "data" / "people.tsv").read_text("utf-8")
        return cls(dict(parse_people(text.splitlines())))

    def lookup(self, text: str) -> Person | None:
        return self._by_spelling.get(_key(text))

    def __len__(self) -> int:
        return len(set(self._by_spelling.values()))


def parse_people(lines: list[str]) -> list[tuple[str, Person]]:
    """``(spelling key, Person)`` pairs from the TSV lines (comments and blanks skipped)."""
    pairs: list[tuple[str, Person]] = []
    for line in lines:
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.rstrip("\n").split("\t")
        name, country, sectors = cols[0], cols[1], cols[2]
        person = Person(name, country, tuple(s for s in sectors.split(";") if s))
        spellings = [name, *(cols[3].split("|") if len(cols) > 3 and cols[3] else [])]
        pairs.extend((_key(s), person) for s in spellings)
    return pairs


def _key(text: str) -> str:
    return " ".join(text.replace("’", "'").split()).casefold()
