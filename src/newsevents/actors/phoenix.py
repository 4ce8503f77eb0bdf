"""The Phoenix actor dictionaries as package data, behind the hand-made people table.

``data/phoenix_actors.tsv`` is the people and organisations of PETRARCH 2's Phoenix actor
dictionaries (about 25,000 entries: heads of state, ministers and officials of every country
to 2014 with dated roles, international and non-governmental organisations, companies, armed
groups), converted by ``tools/convert_phoenix.py`` (its docstring gives every rule; the
file's header gives the MIT licence and attribution). It gives the actors stage names the hand
table cannot list one by one, with the dictionary's complete codes.

The hand table (``people.tsv``) is checked and kept current, the converted one is neither
(its roles end in February 2015), so :func:`combine` lets the hand table win:

* a spelling the hand table lists is the hand table's;
* a converted entry that is a hand-table person (same country, and a name of two words or
  more that one lists as a spelling of the other, or whose words contain the other's) adds
  its other spellings to the hand-table person, so "Vladimir Vladimirovich Putin" gets the
  current roles too;
* a converted single word that is a word of a hand-table name is dropped: the hand table lists
  surnames alone only when news uses them for one person ("Rajapaksa" is not listed).
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable
from importlib import resources

from ..errors import LexiconError
from .dictionaries import code_role
from .people import KINDS, People, Person, Role, spelling_key

__all__ = ["DATA_FILE", "combine", "parse_converted", "phoenix_people", "shipped_people"]

DATA_FILE = "phoenix_actors.tsv"
_COLUMNS = ("name", "kind", "roles", "spellings")


def parse_converted(lines: Iterable[str], *, origin: str) -> list[tuple[str, Person]]:
    """``(spelling, entry)`` pairs from the lines of a converted table (header checked)."""
    pairs: list[tuple[str, Person]] = []
    header_seen = False
    for number, line in enumerate(lines, start=1):
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.rstrip("\n").split("\t")
        where = f"{origin}:{number}"
        if not header_seen:
            if tuple(cols) != _COLUMNS:
                raise LexiconError(where, f"expected header {' '.join(_COLUMNS)}")
            header_seen = True
            continue
        if len(cols) != len(_COLUMNS):
            raise LexiconError(where, f"expected {len(_COLUMNS)} tab-separated fields")
        name, kind, roles_text, spellings = cols
        if kind not in KINDS:
            raise LexiconError(where, f"unknown kind {kind!r}")
        roles = tuple(_role(text, where) for text in roles_text.split(";") if text)
        country = next((r.country for r in roles if r.country), None)
        if country is None:
            raise LexiconError(where, f"no role of {name!r} gives a country")
        entry = Person(name, country, roles, kind=kind)
        pairs.extend((spelling, entry) for spelling in spellings.split("|") if spelling)
    return pairs


def _role(text: str, where: str) -> Role:
    code, _, dates = text.partition(":")
    if not dates:
        return code_role(code)
    start, _, end = dates.partition(":")
    try:
        return code_role(code, _date(start), _date(end))
    except ValueError as exc:
        raise LexiconError(where, f"bad role {text!r}: {exc}") from None


def _date(text: str) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


@functools.cache
def phoenix_people() -> People:
    """The converted table alone (read once, on first use)."""
    path = resources.files("newsevents.actors") / "data" / DATA_FILE
    lines = path.read_text("utf-8").splitlines()
    return People.from_persons(parse_converted(lines, origin=DATA_FILE), case_rule=True)


def combine(hand: People, converted: People) -> People:
    """One lookup over both tables in which the hand table wins (see the module docstring)."""
    mine = dict(hand.spellings())
    by_name: dict[str, list[Person]] = {}
    hand_words: set[str] = set()
    for person in {id(p): p for p in mine.values()}.values():
        words = spelling_key(person.name).split()
        hand_words.update(words)
        by_name.setdefault(words[-1], []).append(person)
    groups: dict[int, tuple[Person, list[str]]] = {}
    for key, entry in converted.spellings():
        groups.setdefault(id(entry), (entry, []))[1].append(key)
    table: dict[str, Person] = {}
    capitals: set[str] = set()
    for entry, keys in groups.values():
        same = _same_person(entry, keys, mine, by_name)
        for key in keys:
            if key in mine or (" " not in key and key in hand_words):
                continue
            table[key] = same or entry
            if converted.needs_capitals(key):
                capitals.add(key)
    table.update(mine)
    return People(table, capitals=frozenset(capitals))


def _same_person(
    entry: Person, keys: list[str], mine: dict[str, Person], by_name: dict[str, list[Person]]
) -> Person | None:
    """The hand-table person a converted entry is, if any (same country, same name)."""
    if entry.kind != "person":
        return None
    for key in keys:
        if " " in key and key in mine and mine[key].country == entry.country:
            return mine[key]
    words = spelling_key(entry.name).split()
    if len(words) < 2:
        return None
    for person in by_name.get(words[-1], ()):
        theirs = set(spelling_key(person.name).split())
        if len(theirs) < 2 or person.country != entry.country:
            continue
        if set(words) <= theirs or theirs <= set(words):
            return person
    return None


@functools.cache
def shipped_people(*, phoenix: bool = True) -> People:
    """The people the package ships: the hand table, with the converted one behind it."""
    hand = People.builtin()
    return combine(hand, phoenix_people()) if phoenix else hand
