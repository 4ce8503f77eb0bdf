"""Well-known people shipped with the package: spellings → country and date-bounded roles.

A person's role changes over time (Biden was a senator, vice president, then president; Shoigu
left the defence ministry in May 2024), so each role carries the dates it held. The actors
stage reads roles at the publication date; the roles stage re-reads them at the event's own
date once the time stage has grounded it.

Actor dictionaries (:mod:`newsevents.actors.dictionaries`) add entries of the same shape whose
roles carry a complete CAMEO code ("USAGOV", "IGOUNO", "PSEREBHMS"), and which may be
organisations or country-level names as well as people; :meth:`People.merged` puts them in
front of the shipped table.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from importlib import resources

from ..errors import LexiconError

#: ``Person.kind`` values: a person, an organisation, or a country-level name (a state, a
#: city or province standing for its state).
KINDS = ("person", "organisation", "country")


#: Sectors of an office: once it has ended, its holder is an elite (ELI).
OFFICE_SECTORS = frozenset({"GOV", "LEG", "MIL", "JUD", "COP", "SPY"})


@dataclass(frozen=True, slots=True)
class Role:
    """Sectors held from ``start`` (inclusive) to ``end`` (exclusive); ``None`` = open.

    ``code`` is the complete CAMEO actor code when a dictionary gives one ("USAGOV",
    "PSEREBHMS"): it says more than country + sectors can (the "HMS" of Hamas), so the actor
    takes it as it is. The shipped people table gives sectors only (``code`` is None).
    """

    sectors: tuple[str, ...]
    start: dt.date | None = None
    end: dt.date | None = None
    code: str | None = None

    def holds_on(self, day: dt.date) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or day < self.end)

    @property
    def country(self) -> str | None:
        """The country (or IGO/NGO...) part of ``code``: its first three letters."""
        return self.code[:3] if self.code else None


@dataclass(frozen=True, slots=True)
class Person:
    """A named actor with date-bounded roles; ``kind`` is one of :data:`KINDS`."""

    name: str
    country: str
    roles: tuple[Role, ...] = field(default=())
    kind: str = "person"

    def role_on(self, day: dt.date) -> Role | None:
        """The first listed role that holds on ``day``, or None between roles."""
        for role in self.roles:
            if role.holds_on(day):
                return role
        return None

    def sectors_on(self, day: dt.date) -> tuple[str, ...]:
        """The sectors of the role held on ``day``.

        Out of office after holding one, a person is one of CAMEO's elites (``ELI``: "former
        government officials"): Merkel in 2023, Blair after 2007. Before any role, and for
        organisations, nothing: the country alone.
        """
        role = self.role_on(day)
        if role is not None:
            return role.sectors
        if self.kind == "person" and any(
            r.end is not None and r.end <= day and OFFICE_SECTORS.intersection(r.sectors)
            for r in self.roles
        ):
            return ("ELI",)
        return ()

    def latest_day(self) -> dt.date | None:
        """A day of the person's latest role that has sectors: what the person is known as
        when no date is asked for (Heiko Maas: foreign minister, not a former one). None when
        no dated role has sectors; the day is the role's last, or its first if it is open."""
        best: tuple[dt.date, dt.date] | None = None
        for role in self.roles:
            if not role.sectors or (role.start is None and role.end is None):
                continue
            last = role.end - dt.timedelta(days=1) if role.end is not None else dt.date.max
            day = role.end - dt.timedelta(days=1) if role.end is not None else role.start
            if day is not None and (best is None or last > best[0]):
                best = (last, day)
        return best[1] if best is not None else None

    def country_on(self, day: dt.date) -> str:
        """The country of the role's code on ``day`` (Rhodesia, then Zimbabwe), else ``country``."""
        role = self.role_on(day)
        return (role.country if role is not None else None) or self.country

    def code_on(self, day: dt.date) -> str | None:
        """The dictionary's complete code for ``day``, or None (compose country + sectors)."""
        role = self.role_on(day)
        return role.code if role is not None else None


class People:
    """Exact-spelling lookup of people; a surname alone only when it is listed as a spelling.

    Spellings are compared as :func:`spelling_key` folds them, so case does not matter,
    except for the keys in ``capitals``: abbreviations ("ZERO", "MALE" in the converted
    Phoenix table) that match only a text written in capitals, as the gazetteer's do.
    """

    def __init__(
        self, people: Mapping[str, Person], *, capitals: frozenset[str] = frozenset()
    ) -> None:
        # A mapping, not only a dict: the converted Phoenix table builds an entry only when
        # it is looked up (see ``phoenix.py``).
        self._by_spelling = people
        self._capitals = capitals

    @classmethod
    def from_persons(
        cls, persons: Iterable[tuple[str, Person]], *, case_rule: bool = False
    ) -> People:
        """A lookup from ``(spelling, person)`` pairs; a spelling given twice keeps the last.

        With ``case_rule``, a spelling written in capitals (at least two, no lower-case
        letter) matches only in capitals. Dictionaries written all in capitals (PETRARCH's)
        must leave it off.
        """
        table: dict[str, Person] = {}
        capitals: set[str] = set()
        for spelling, person in persons:
            key = _key(spelling)
            table[key] = person
            if case_rule and _is_abbreviation(spelling):
                capitals.add(key)
            else:
                capitals.discard(key)
        return cls(table, capitals=frozenset(capitals))

    @classmethod
    def merged(cls, first: People, *more: People) -> People:
        """One lookup over several: for a spelling in more than one, the last source wins.

        ``People.merged(People.builtin(), from_dictionary)`` lets a user's dictionary
        override the shipped table for the spellings it lists and keeps the rest.
        """
        combined = dict(first._by_spelling)
        capitals = set(first._capitals)
        for people in more:
            combined.update(people._by_spelling)
            capitals -= people._by_spelling.keys()
            capitals |= people._capitals
        return cls(combined, capitals=frozenset(capitals))

    def mapping(self) -> Mapping[str, Person]:
        """Spelling key → person, as the lookup holds it (without the case rule)."""
        return self._by_spelling

    def spellings(self) -> Iterator[tuple[str, Person]]:
        """Every ``(spelling key, person)`` pair: keys are lower-cased, spaces collapsed."""
        return iter(self._by_spelling.items())

    @classmethod
    @functools.cache
    def builtin(cls) -> People:
        path = resources.files("newsevents.actors") / "data" / "people.tsv"
        return cls(parse_people(path.read_text("utf-8").splitlines(), origin="people.tsv"))

    def lookup(self, text: str) -> Person | None:
        key = _key(text)
        found = self._by_spelling.get(key)
        if found is not None and key in self._capitals and not _is_abbreviation(text):
            return None  # "Zero" is not the group ZERO
        return found

    def capital_keys(self) -> frozenset[str]:
        """The spelling keys that match only in capitals."""
        return self._capitals

    def needs_capitals(self, key: str) -> bool:
        """Whether the spelling ``key`` matches only in capitals (see the class docstring)."""
        return key in self._capitals

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


def _is_abbreviation(text: str) -> bool:
    """Written in capitals: at least two, and no lower-case letter ("NATO", "U.N.")."""
    return not any(ch.islower() for ch in text) and sum(ch.isupper() for ch in text) >= 2


def _date(text: str, origin: str, number: int) -> dt.date | None:
    if not text.strip():
        return None
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError as exc:
        raise LexiconError(f"{origin}:{number}", f"bad date {text!r}") from exc


_HYPHEN = re.compile(r"\s*-\s*")
_THE = re.compile(r"^the\s+", re.IGNORECASE)


#: Courtesy titles that news puts before a name and the tagger often includes in it.
_HONORIFIC = re.compile(r"^(?:mr|mrs|ms|miss|dr|sir|dame|madam|mme|m)\.?\s+(?=\S)", re.IGNORECASE)


@functools.lru_cache(maxsize=1 << 16)
def spelling_key(text: str) -> str:
    """Spaces collapsed, curly apostrophes straightened, spaces around hyphens dropped (spaCy
    splits "Ki-moon" into three tokens, which callers join with spaces), one leading "the"
    dropped (entity spans often include it: "the Northern Alliance"), one courtesy title
    ("Mr Blair", "Mrs. Clinton": the tagger often puts it in the name) and accents dropped
    (news writes "Jüri Ratas" and "Juri Ratas", "Erdoğan" and "Erdogan"), case folded.

    Cached: the actors stage looks up the same names again and again."""
    text = _HYPHEN.sub("-", " ".join(text.replace("’", "'").split()))
    text = _HONORIFIC.sub("", _THE.sub("", text))
    if not text.isascii():
        decomposed = unicodedata.normalize("NFKD", text)
        text = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return text.casefold()


_key = spelling_key
