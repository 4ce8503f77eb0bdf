"""The Phoenix actor dictionaries as package data, behind the hand-made people table.

``data/phoenix_actors.tsv`` is the people and organisations of PETRARCH 2's Phoenix actor
dictionaries (about 25,000 entries: heads of state, ministers and officials of every country
to 2015 with dated roles, international and non-governmental organisations, companies, armed
groups, and provinces and cities as names of their state), converted by
``tools/convert_phoenix.py`` (its docstring gives every rule; the file's header gives the MIT
licence and attribution). It gives the actors stage names the hand table cannot list one by
one, with the dictionary's complete codes.

The hand table (``people.tsv``) is checked and kept current, the converted one is neither
(its roles end in February 2015), so :func:`combine` lets the hand table win:

* a spelling the hand table lists is the hand table's;
* a converted entry that is a hand-table person (same country, and a name of two words or
  more that one lists as a spelling of the other, or whose words contain the other's) adds
  its other spellings to the hand-table person, so "Vladimir Vladimirovich Putin" gets the
  current roles too;
* a converted single word that is a word of a hand-table name is dropped: the hand table lists
  surnames alone only when news uses them for one person ("Rajapaksa" is not listed).

Cost: the table is read on first use, and an entry is built only when a spelling of it is
looked up, so loading takes a tenth of a second rather than the half second that building
25,000 entries with their dated roles would (docs/dictionaries.md gives the figures). This
relies on the converter writing spellings that :func:`~newsevents.actors.people.spelling_key`
folds by case alone (a test checks it).
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable, Iterator, Mapping
from importlib import resources

from ..errors import LexiconError
from .dictionaries import INTERNATIONAL_CODES, ROLE_CODES, code_role
from .gazetteer import table_rows
from .people import KINDS, People, Person, Role, spelling_key

__all__ = [
    "DATA_FILE",
    "ConvertedEntries",
    "combine",
    "parse_converted",
    "phoenix_people",
    "shipped_people",
]

DATA_FILE = "phoenix_actors.tsv"
_COLUMNS = ("name", "kind", "roles", "spellings")


def parse_converted(lines: Iterable[str], *, origin: str) -> list[tuple[str, Person]]:
    """``(spelling, entry)`` pairs from the lines of a converted table, every row checked.

    The shipped table is read lazily (:class:`ConvertedEntries`); this strict reading is for
    tests and for users' own converted files.
    """
    pairs: list[tuple[str, Person]] = []
    for where, (name, kind, roles, spellings) in table_rows(lines, _COLUMNS, origin):
        entry = _entry(name, kind, roles, where)
        pairs.extend((spelling, entry) for spelling in spellings.split("|") if spelling)
    return pairs


def _entry(name: str, kind: str, roles_text: str, where: str) -> Person:
    if kind not in KINDS:
        raise LexiconError(where, f"unknown kind {kind!r}")
    roles = tuple(_role(text, where) for text in roles_text.split(";") if text)
    country = next((r.country for r in roles if r.country), None)
    if country is None:
        raise LexiconError(where, f"no role of {name!r} gives a country")
    return Person(name, country, roles, kind=kind)


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


class ConvertedEntries(Mapping[str, Person]):
    """Spelling key → converted entry, each entry built from its row when first looked up.

    ``rows`` are ``(name, kind, roles, keys)``: the first three as the file writes them, then
    the row's spelling keys; ``index`` maps every spelling key to its row.
    """

    def __init__(
        self, rows: list[tuple[str, str, str, tuple[str, ...]]], index: dict[str, int], origin: str
    ) -> None:
        self._rows = rows
        self._index = index
        self._origin = origin
        self._built: dict[int, Person] = {}

    def __getitem__(self, key: str) -> Person:
        return self.entry(self._index[key])

    def __iter__(self) -> Iterator[str]:
        return iter(self._index)

    def __len__(self) -> int:
        return len(self._index)

    def __contains__(self, key: object) -> bool:
        return key in self._index

    def row_of(self, key: str) -> int | None:
        return self._index.get(key)

    def entry(self, row: int) -> Person:
        built = self._built.get(row)
        if built is None:
            name, kind, roles, _keys = self._rows[row]
            built = self._built[row] = _entry(name, kind, roles, f"{self._origin} row {row}")
        return built

    def raw(self, row: int) -> tuple[str, str, str, tuple[str, ...]]:
        """A row's name, kind, roles (as written) and spelling keys, without building it."""
        return self._rows[row]


@functools.cache
def phoenix_people() -> People:
    """The converted table alone (read once, on first use; entries built when looked up)."""
    path = resources.files("newsevents.actors") / "data" / DATA_FILE
    rows: list[tuple[str, str, str, tuple[str, ...]]] = []
    index: dict[str, int] = {}
    capitals: set[str] = set()
    for _where, (name, kind, roles, spellings) in table_rows(
        path.read_text("utf-8").splitlines(), _COLUMNS, DATA_FILE
    ):
        row = len(rows)
        keys = []
        for spelling in spellings.split("|"):
            key = spelling.casefold()  # the converter writes spellings normalised
            keys.append(key)
            index[key] = row
            if spelling.isupper() and len(spelling) > 1:
                capitals.add(key)  # "PFLP": matches only in capitals
        rows.append((name, kind, roles, tuple(keys)))
    return People(ConvertedEntries(rows, index, DATA_FILE), capitals=frozenset(capitals))


def combine(hand: People, converted: People) -> People:
    """One lookup over both tables in which the hand table wins (see the module docstring).

    Nothing is decided for a converted entry until one of its spellings is looked up.
    """
    table = _Combined(dict(hand.spellings()), converted.mapping())
    capitals = frozenset(k for k in converted.capital_keys() if k not in table.mine)
    return People(table, capitals=capitals)


def _country_of(roles: str) -> str | None:
    """The country of a row's first role with a code of its own ("RUSGOV:..." → RUS; "ELI"
    after a career has none), as :func:`_entry` would find it."""
    for text in roles.split(";"):
        code = text.partition(":")[0]
        if code and not (code in ROLE_CODES and code not in INTERNATIONAL_CODES):
            return code[:3]
    return None


class _Combined(Mapping[str, Person]):
    """The hand table's spellings, then the converted table's as :func:`combine` says."""

    def __init__(self, mine: dict[str, Person], converted: Mapping[str, Person]) -> None:
        self.mine = mine
        self._converted = converted
        self._by_surname: dict[str, list[Person]] = {}
        self._hand_words: set[str] = set()
        for person in {id(p): p for p in mine.values()}.values():
            words = spelling_key(person.name).split()
            self._hand_words.update(words)
            self._by_surname.setdefault(words[-1], []).append(person)
        self._same: dict[int, Person | None] = {}  # by row, or by id of a built entry
        self._keys_of: dict[int, list[str]] | None = None

    def __getitem__(self, key: str) -> Person:
        found = self.mine.get(key)
        if found is not None:
            return found
        if " " not in key and key in self._hand_words:
            raise KeyError(key)  # a word of a hand-table name: "Rajapaksa"
        converted = self._converted
        if isinstance(converted, ConvertedEntries):
            row = converted.row_of(key)
            if row is None:
                raise KeyError(key)
            if row not in self._same:
                name, kind, roles, keys = converted.raw(row)
                self._same[row] = self._same_person(name, kind, _country_of(roles), keys)
            return self._same[row] or converted.entry(row)
        entry = converted[key]
        if id(entry) not in self._same:
            if self._keys_of is None:  # a table of built entries (tests, users' own files)
                self._keys_of = {}
                for k, e in converted.items():
                    self._keys_of.setdefault(id(e), []).append(k)
            keys = tuple(self._keys_of.get(id(entry), ()))
            self._same[id(entry)] = self._same_person(entry.name, entry.kind, entry.country, keys)
        return self._same[id(entry)] or entry

    def _same_person(
        self, name: str, kind: str, country: str | None, keys: tuple[str, ...]
    ) -> Person | None:
        """The hand-table person a converted entry is, if any (same country, same name)."""
        if kind != "person":
            return None
        for key in keys:
            if " " in key and key in self.mine and self.mine[key].country == country:
                return self.mine[key]
        words = spelling_key(name).split()
        if len(words) < 2:
            return None
        for person in self._by_surname.get(words[-1], ()):
            theirs = set(spelling_key(person.name).split())
            if len(theirs) < 2 or person.country != country:
                continue
            if set(words) <= theirs or theirs <= set(words):
                return person
        return None

    def __contains__(self, key: object) -> bool:
        try:
            self[key]  # type: ignore[index]
        except (KeyError, TypeError):
            return False
        return True

    def _converted_keys(self) -> Iterator[str]:
        return (
            k
            for k in self._converted
            if k not in self.mine and (" " in k or k not in self._hand_words)
        )

    def __iter__(self) -> Iterator[str]:
        yield from self.mine
        yield from self._converted_keys()

    def __len__(self) -> int:
        return len(self.mine) + sum(1 for _ in self._converted_keys())


@functools.cache
def _shipped(phoenix: bool) -> People:
    hand = People.builtin()
    return combine(hand, phoenix_people()) if phoenix else hand


def shipped_people(*, phoenix: bool = True) -> People:
    """The people the package ships: the hand table, with the converted one behind it."""
    return _shipped(phoenix)
