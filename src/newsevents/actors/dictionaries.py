"""PETRARCH/TABARI actor and agent dictionaries, read into typed values.

The field's coders (TABARI, PETRARCH, Phoenix) ship their knowledge of actors as flat text
dictionaries: ``*.actors.txt`` (names → dated CAMEO codes) and ``*.agents.txt`` (common nouns
→ agent codes). This module reads both so that users can bring them along
(``Settings(actor_dictionaries=...)``, ``--actors-dict``); the package ships none.

Actor files (see ``dictionaries.rst`` of PETRARCH)::

    VLADIMIR_PUTIN_  # a primary phrase; words joined by "_" or blanks
    +PUTIN_          # a synonym
        [RUSELI 700101-990809]   # a code held between two dates (both inclusive)
        [RUSGOV >080508]         # on and after a date; "<date": on and before
        [RUSELI]                 # undated: the default when no dated code holds
    HAMAS [PSEREBHMS]            # a code on the phrase line is a default too

Dates are ``YYYYMMDD`` or ``YYMMDD``. A six-digit year ``YY`` is ``20YY`` when ``YY <= 30``
and ``19YY`` otherwise: the rule of KEDS, TABARI and PETRARCH's ``dstr_to_ordate``, and the
only one that fits the Phoenix files, whose six-digit years run 00-14 and 31-99. Dated codes
are tried in file order and the first that holds wins; then the first undated code.

Agent files::

    !PERSON! = MAN, MEN, WOMAN, WOMEN, PERSON   # a substitution set
    FOREIGN_MINISTER [~GOV]                    # "~GOV": GOV follows the country code
    CONGRESS!PERSON! [~LEG]                    # one entry per member of the set
    CHAMBER_OF_COMMERCE {CHAMBERS_OF_COMMERCE} [~BUS]   # an irregular plural; {} = none
    HUMAN_RIGHTS_BODY [NGO~]                   # "NGO~": PETRARCH puts NGO before it

Comments start at ``#`` (and at ``;``, TABARI's habit); ``<!-- ... -->`` blocks may span lines.

What cannot be used is skipped and recorded as a :class:`Skipped` (file:line and why), never
silently dropped: codes that are not letters and digits (``[ELR/GAL]``, ``[+++]``), dates that
are not six or eight digits (the Phoenix files have a few typos such as ``9008223``) or not a
real day, a single date without ``<`` or ``>``, the null code ``[---]``, a stray ``]``, text
after a code, agent lines without a usable code or with an undefined substitution set, and
entries left with no country. The real files are irregular in these ways, so none of them stops
loading. Lines whose shape cannot be read at all (an unclosed ``[``, an empty ``[]``, a date
part that is not digits, ``<``, ``>`` and ``-``, a date line or synonym before any entry)
raise :class:`~newsevents.errors.LexiconError` naming the file and line.

Approximations, documented in ``docs/dictionaries.md``: names match whole spellings only (a
TABARI stem such as ``ARGENTIN`` matches only "Argentin"); agent words separated by a blank
must be consecutive like ``_`` ones; a prefix agent code (``NGO~``) becomes a sector like the
others.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from ..errors import LexiconError
from .people import People, Person, Role
from .sectors import SectorLexicon

__all__ = [
    "INTERNATIONAL_CODES",
    "ROLE_CODES",
    "SECTOR_CODES",
    "ActorDictionary",
    "ActorEntry",
    "AgentDictionary",
    "AgentEntry",
    "DatedCode",
    "Dictionaries",
    "Skipped",
    "code_role",
    "display_name",
    "load_dictionaries",
    "parse_actors",
    "parse_agents",
    "parse_code",
    "parse_date",
    "person_from",
    "read_dictionary",
    "sector_terms",
]

#: CAMEO 1.1b3 role codes. A code made of one of them alone ("[ELI]" after a career) is a role
#: without a country of its own.
ROLE_CODES = frozenset(
    {
        *("GOV", "MIL", "REB", "OPP", "PTY", "COP", "JUD", "SPY", "INS", "SEP", "UAF", "MOD"),
        *("RAD", "ELI", "AGR", "BUS", "CRM", "CVL", "DEV", "EDU", "ENV", "HLH", "HRI", "LAB"),
        *("LEG", "MED", "REF", "IGO", "NGO", "NGM", "IMG"),
    }
)
#: Three-letter parts of a code after the country that become ``Actor.sectors``: roles and
#: religions. Other parts name an organisation ("UNO", "HMS"). Religions are not in
#: :data:`ROLE_CODES` because "MUS" alone is Mauritius.
SECTOR_CODES = ROLE_CODES | frozenset(
    {"REL", "MUS", "CHR", "JEW", "BUD", "HIN", "CTH", "PRO", "ORT", "SUN", "SHI", "SFI"}
)
#: First parts of a code that stand where a country would: international bodies and groups.
INTERNATIONAL_CODES = frozenset({"IGO", "NGO", "NGM", "IMG", "MNC", "INT"})

_NULL_CODE = "---"
_CODE = re.compile(r"[A-Za-z0-9]+")
#: Inside of a code bracket: the code, then optionally "<date", ">date", "date" or "date-date",
#: blanks allowed around the parts ("[HOB < 950601]", "[X 19950601 - 19990815]").
_CODE_BRACKET = re.compile(r"\s*(\S+)(?:\s+([<>]?)\s*(\d+)(?:\s*-\s*(\d+))?)?\s*")
_BRACKET = re.compile(r"\[([^\[\]]*)\]")
_MISCLOSED = re.compile(r"\[([^\[\]{}]*)\}")
_WORD_SEP = re.compile(r"[\s_]+")
_MARKER_DEF = re.compile(r"^!(\w+)!\s*=\s*(.*)$")
_MARKER_USE = re.compile(r"!(\w+)!")
_ONE_DAY = dt.timedelta(days=1)


# -- values -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Skipped:
    """A line (or entry) that was read but could not be used, and why."""

    origin: str  # "file:line"
    reason: str
    text: str


@dataclass(frozen=True, slots=True)
class DatedCode:
    """One code of an actor ("USAGOV") with the days it holds, both ends inclusive (None = open)."""

    code: str
    first: dt.date | None = None
    last: dt.date | None = None

    @property
    def dated(self) -> bool:
        return self.first is not None or self.last is not None


@dataclass(frozen=True, slots=True)
class ActorEntry:
    """One record of an actor file: its primary phrase, synonyms and codes in file order.

    Phrases are upper-case words joined by single spaces ("VLADIMIR PUTIN").
    """

    name: str
    synonyms: tuple[str, ...]
    codes: tuple[DatedCode, ...]
    origin: str


@dataclass(frozen=True, slots=True)
class AgentEntry:
    """One agent: a lower-case phrase, its plurals (listed or regular) and its sectors.

    ``prefix`` records a code written ``NGO~`` (PETRARCH puts it before the country code).
    """

    phrase: str
    plurals: tuple[str, ...]
    sectors: tuple[str, ...]
    prefix: bool
    origin: str


@dataclass(frozen=True, slots=True)
class ActorDictionary:
    path: str
    entries: tuple[ActorEntry, ...]
    skipped: tuple[Skipped, ...]


@dataclass(frozen=True, slots=True)
class AgentDictionary:
    path: str
    entries: tuple[AgentEntry, ...]
    skipped: tuple[Skipped, ...]


class _Skip(ValueError):
    """A value that is readable in shape but unusable: the line is skipped and recorded."""


# -- dates and codes --------------------------------------------------------------------------


@functools.lru_cache(maxsize=1 << 14)
def parse_date(digits: str) -> dt.date:
    """``YYYYMMDD`` or ``YYMMDD`` (``YY <= 30`` → 20YY, else 19YY) as a date.

    Raises ValueError for other lengths and for impossible dates.
    """
    if not digits.isdigit() or len(digits) not in (6, 8):
        raise ValueError(f"date {digits!r} is not YYMMDD or YYYYMMDD")
    if len(digits) == 8:
        year, rest = int(digits[:4]), digits[4:]
    else:
        yy, rest = int(digits[:2]), digits[2:]
        year = 2000 + yy if yy <= 30 else 1900 + yy
    return dt.date(year, int(rest[:2]), int(rest[2:]))


def parse_code(inner: str, *, origin: str) -> DatedCode:
    """The inside of a code bracket: ``USAGOV``, ``USAGOV 20090120-20170120``, ``X <991231``.

    Blanks inside the date part are ignored ("[HOB < 950601]", "[X 19950601 - 19990815]").
    Raises :class:`LexiconError` when the bracket cannot be read at all, and ValueError when
    it can be read but not used (see the module docstring), including the null code ``---``
    ("known, but not an actor"), which cannot be expressed as a role.
    """
    match = _CODE_BRACKET.fullmatch(inner)
    if match is None:
        parts = inner.split(None, 1)
        if not parts:
            raise LexiconError(origin, "empty code bracket []")
        raise LexiconError(origin, f"cannot read the date part {parts[1]!r} of [{inner}]")
    raw_code, bound, one, two = match.groups()
    if raw_code == _NULL_CODE:
        raise _Skip("null code --- (not an actor) is not supported")
    if not _CODE.fullmatch(raw_code):
        raise _Skip(f"code {raw_code!r} is not letters and digits")
    code = raw_code.upper()
    if one is None:
        return DatedCode(code)
    if bound and two:
        raise LexiconError(origin, f"a date range cannot also have {bound}: [{inner}]")
    try:
        start = parse_date(one)
        end = parse_date(two) if two else None
    except ValueError as exc:
        raise _Skip(str(exc)) from None
    if bound == "<":
        return DatedCode(code, None, start)
    if bound == ">":
        return DatedCode(code, start, None)
    if end is None:
        raise _Skip(f"single date {one} without < or >")
    if end < start:
        raise _Skip(f"date range {one}-{two} ends before it starts")
    return DatedCode(code, start, end)


def _brackets(text: str, origin: str) -> tuple[str, list[str]]:
    """Text outside code brackets, and the inside of each bracket.

    A bracket closed by ``}`` ("[~ENV}", also in PETRARCH's own documentation) is read as
    closed. A ``[`` that is never closed raises :class:`LexiconError`; a stray ``]``
    ("+FAEROYENE]_") is a typo that skips the line.
    """
    if "[" not in text and "]" not in text:
        return text, []
    if "}" in text:
        text = _MISCLOSED.sub(r"[\1]", text)
    inside = _BRACKET.findall(text)
    outside = _BRACKET.sub(" ", text)
    if "[" in outside:
        raise LexiconError(origin, f"code bracket [ never closed in {text.strip()!r}")
    if "]" in outside:
        raise _Skip("stray ]")
    return outside, inside


# -- reading lines ----------------------------------------------------------------------------


def _content_lines(lines: Iterable[str], origin: str) -> Iterator[tuple[str, str]]:
    """``(file:line, text)`` with comments, ``<!-- -->`` blocks and blank lines removed.

    Leading blanks are kept: callers strip them, as PETRARCH does.
    """
    in_block = False
    for number, raw in enumerate(lines, start=1):
        line = raw.rstrip("\r\n")
        if in_block:
            if "-->" not in line:
                continue
            line = line.split("-->", 1)[1]
            in_block = False
        while "<!" in line:
            before, after = line.split("<!", 1)
            if "-->" in after:
                line = before + after.split("-->", 1)[1]
            else:
                line, in_block = before, True
        line = line.split("#", 1)[0].split(";", 1)[0]
        if line.strip():
            yield f"{origin}:{number}", line


def _words(phrase: str) -> list[str]:
    return [w for w in _WORD_SEP.split(phrase.strip()) if w]


@dataclass(slots=True)
class _Open:
    name: str
    origin: str
    synonyms: list[str]
    codes: list[DatedCode]


def parse_actors(lines: Iterable[str], *, origin: str) -> ActorDictionary:
    """Read the lines of an actor file (``origin`` names it in messages)."""
    entries: list[ActorEntry] = []
    skipped: list[Skipped] = []
    current: _Open | None = None

    def close() -> None:
        if current is None:
            return
        if not current.codes:
            skipped.append(Skipped(current.origin, "no usable code", current.name))
            return
        entries.append(
            ActorEntry(current.name, tuple(current.synonyms), tuple(current.codes), current.origin)
        )

    def codes(inside: list[str], where: str, text: str) -> list[DatedCode]:
        found: list[DatedCode] = []
        for inner in inside:
            try:
                found.append(parse_code(inner, origin=where))
            except _Skip as exc:
                skipped.append(Skipped(where, str(exc), text.strip()))
        return found

    for where, line in _content_lines(lines, origin):
        text = line.strip()
        try:
            outside, inside = _brackets(text, where)
        except _Skip as exc:
            skipped.append(Skipped(where, str(exc), text))
            continue
        if text.startswith("["):
            if current is None:
                raise LexiconError(where, "date restriction before any actor")
            if outside.strip():
                skipped.append(Skipped(where, "text outside the code bracket", text))
                continue
            current.codes.extend(codes(inside, where, text))
        elif text.startswith("+"):
            if current is None:
                raise LexiconError(where, "synonym before any actor")
            words = _phrase(text, outside, where, skipped)
            if words:
                current.synonyms.append(words)
            current.codes.extend(codes(inside, where, text))
        else:
            close()
            words = _phrase(text, outside, where, skipped)
            if not words:
                raise LexiconError(where, f"no phrase before the code in {text!r}")
            current = _Open(words, where, [], codes(inside, where, text))
    close()
    return ActorDictionary(origin, tuple(entries), tuple(skipped))


def _phrase(text: str, outside: str, where: str, skipped: list[Skipped]) -> str:
    """The phrase before the first code bracket (without a synonym's ``+``), upper case, words
    joined by one space."""
    head = text.split("[", 1)[0]
    tail = outside[len(head) :].strip()  # brackets became blanks in ``outside``
    if tail:
        skipped.append(Skipped(where, "text after the code ignored", tail))
    return " ".join(_words(head.lstrip("+"))).upper()


def _regular_plural(phrase: str) -> str:
    """PETRARCH's regular plural of a phrase's last word (for the record; lemmas need none)."""
    if phrase.endswith("y"):
        return phrase[:-1] + "ies"
    if phrase.endswith("s"):
        return phrase + "es"
    return phrase + "s"


def parse_agents(lines: Iterable[str], *, origin: str) -> AgentDictionary:
    """Read the lines of an agent file (``origin`` names it in messages)."""
    entries: list[AgentEntry] = []
    skipped: list[Skipped] = []
    markers: dict[str, list[str]] = {}
    for where, line in _content_lines(lines, origin):
        text = line.strip()
        definition = _MARKER_DEF.match(text)
        if definition is not None and "[" not in text:
            markers[definition.group(1)] = [
                item.strip() for item in definition.group(2).split(",") if item.strip()
            ]
            continue
        try:
            inside = _brackets(text, where)[1]
            if not inside:
                raise _Skip("no agent code")
            entries.extend(_agent_entries(text.split("[", 1)[0], inside[0], markers, where))
        except _Skip as exc:
            skipped.append(Skipped(where, str(exc), text))
    return AgentDictionary(origin, tuple(entries), tuple(skipped))


def _agent_entries(
    head: str, code: str, markers: dict[str, list[str]], where: str
) -> list[AgentEntry]:
    code = code.replace(" ", "")
    prefix = code.endswith("~")
    if not (prefix or code.startswith("~")) or not _CODE.fullmatch(code.strip("~")):
        raise _Skip(f"agent code [{code}] is not ~CODE or CODE~")
    letters = code.strip("~").upper()
    if len(letters) % 3:
        raise _Skip(f"agent code [{code}] is not made of three-letter parts")
    sectors = tuple(letters[i : i + 3] for i in range(0, len(letters), 3))
    plurals: list[str] | None = None
    if "{" in head:
        if "}" not in head:
            raise _Skip("missing }")
        inner = head[head.index("{") + 1 : head.index("}")]
        plurals = [" ".join(_words(p)).lower() for p in inner.split()]
        head = head[: head.index("{")]
    phrase = " ".join(_words(head)).lower()
    if not phrase:
        raise LexiconError(where, "agent code without a phrase")
    if _MARKER_USE.search(phrase):  # every member of the set, with no plurals of its own
        return [AgentEntry(form, (), sectors, prefix, where) for form in _expand(phrase, markers)]
    listed = tuple(p for p in plurals if p) if plurals is not None else (_regular_plural(phrase),)
    return [AgentEntry(phrase, listed, sectors, prefix, where)]


def _expand(phrase: str, markers: dict[str, list[str]]) -> list[str]:
    """``phrase`` with its first ``!SET!`` replaced by each member, recursively."""
    marker = _MARKER_USE.search(phrase)
    if marker is None:
        return [phrase]
    name = marker.group(1).upper()
    if name not in markers:
        raise _Skip(f"substitution set !{name}! is not defined above")
    out: list[str] = []
    for item in markers[name]:
        filled = phrase[: marker.start()] + item.lower() + phrase[marker.end() :]
        out.extend(_expand(filled, markers))
    return out


def read_dictionary(path: Path) -> ActorDictionary | AgentDictionary:
    """Read an actor or agent file; which one it is, its first code says (``~`` = agents).

    Raises :class:`LexiconError` if the file cannot be read or a line cannot be parsed.
    """
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise LexiconError(str(path), "actor dictionary not found") from None
    except OSError as exc:
        raise LexiconError(str(path), f"cannot read actor dictionary: {exc}") from exc
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        text = raw.decode("latin-1")  # older TABARI files; every byte decodes
    lines = text.splitlines()
    if _is_agent_file(lines, str(path)):
        return parse_agents(lines, origin=str(path))
    return parse_actors(lines, origin=str(path))


def _is_agent_file(lines: Sequence[str], origin: str) -> bool:
    for _where, line in _content_lines(lines, origin):
        found = _BRACKET.search(line)
        if found is not None:
            return "~" in found.group(1)
    return False


# -- conversion -------------------------------------------------------------------------------


def _role(code: DatedCode) -> Role:
    """The :class:`Role` of a dated code (its end made exclusive, as roles have it)."""
    end = code.last + _ONE_DAY if code.last is not None else None
    return code_role(code.code, code.first, end)


def code_role(value: str, start: dt.date | None = None, end: dt.date | None = None) -> Role:
    """The :class:`Role` a complete code gives from ``start`` to ``end`` (exclusive).

    Its sectors are the code's later three-letter parts that are roles or religions
    ("PSEREBHMS" → REB); a multinational corporation (``MNC``, ``MNCUSA``) is a business
    (BUS), as CAMEO defines it. A role code alone ("ELI") keeps no code of its own, so the
    entry's country stays.
    """
    sectors, full = _code_parts(value)
    return Role(sectors, start, end, code=full)


@functools.lru_cache(maxsize=4096)
def _code_parts(value: str) -> tuple[tuple[str, ...], str | None]:
    """A code's sectors, and the code itself unless it is a role alone (cached: codes repeat)."""
    if len(value) == 3 and value in ROLE_CODES and value not in INTERNATIONAL_CODES:
        # "[ELI]" after a career: a role without a country of its own; the person's stays.
        return (value,), None
    parts = [value[i : i + 3] for i in range(3, len(value), 3)]
    if value.startswith("MNC"):
        parts.insert(0, "BUS")
    return tuple(dict.fromkeys(p for p in parts if p in SECTOR_CODES)), value


def display_name(phrase: str) -> str:
    """Capitalised: "VLADIMIR V. PUTIN" → "Vladimir V. Putin"; short single words stay (NATO)."""
    words = phrase.split()
    if len(words) == 1 and len(phrase) <= 4:
        return phrase
    return " ".join(_capitalise(w) for w in words)


def _capitalise(word: str) -> str:
    if "." in word:  # initials and abbreviations: "V.", "U.N."
        return word
    return "-".join(part.capitalize() for part in word.split("-"))


def person_from(entry: ActorEntry) -> Person | Skipped:
    """The :class:`Person` an actor entry describes, or why it cannot be one.

    Roles: dated codes in file order, then undated ones (defaults). The person's country is
    the first default's, else the first dated code's. ``kind``: a person if any code is
    dated, a country if every code is a bare country code (not ``[NGO]`` or ``[MNC]``), else
    an organisation (a guess: the files do not say).
    """
    dated = [_role(c) for c in entry.codes if c.dated]  # file order: the first that holds wins
    defaults = [_role(c) for c in entry.codes if not c.dated]
    country = next((r.country for r in (*defaults, *dated) if r.country), None)
    if country is None:
        return Skipped(entry.origin, "no code with a country", entry.name)
    roles = (*dated, *defaults)
    if dated:
        kind = "person"
    elif all(len(c.code) == 3 and c.code not in INTERNATIONAL_CODES for c in entry.codes):
        kind = "country"
    else:
        kind = "organisation"
    return Person(display_name(entry.name), country, roles, kind=kind)


def sector_terms(entry: AgentEntry) -> list[str]:
    """Lower-case lemma-like terms for an agent: the phrase, listed plurals, crude singulars.

    :class:`SectorLexicon` matches spaCy lemmas ("ministers" arrives as "minister"), so a
    phrase written in the plural ("HUMAN_RIGHTS_ACTIVISTS", "TROOPS") also gets every word
    reduced to a singular ("human right activist", "troop"); regular plurals need no term.
    """
    forms = [entry.phrase]
    if entry.plurals != (_regular_plural(entry.phrase),):
        forms.extend(entry.plurals)
    out: list[str] = []
    for form in forms:
        for variant in (form, " ".join(_singular(w) for w in form.split())):
            if variant not in out:
                out.append(variant)
    return out


def _singular(word: str) -> str:
    """A crude English singular: enough for the lemmas spaCy gives regular plurals."""
    if len(word) <= 3 or word.endswith(("ss", "us", "is")):
        return word
    if word.endswith("men"):
        return word[:-3] + "man"
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("ches", "shes", "sses", "xes")):
        return word[:-2]
    if word.endswith("s"):
        return word[:-1]
    return word


# -- loading ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Dictionaries:
    """What a set of dictionary files gives the actors stage, and what it could not use.

    ``people`` is the shipped people tables with every actor file merged in front of them
    (later files win for a spelling they share); ``sectors`` is the shipped sector lexicon extended
    by every agent file (likewise). ``skipped`` lists every unusable line or entry.
    """

    actors: tuple[ActorDictionary, ...]
    agents: tuple[AgentDictionary, ...]
    people: People
    sectors: SectorLexicon
    skipped: tuple[Skipped, ...]

    def counts(self) -> dict[str, tuple[int, int]]:
        """``path → (entries, skipped lines or entries)`` for every file, in order."""
        out: dict[str, tuple[int, int]] = {}
        files: tuple[ActorDictionary | AgentDictionary, ...] = (*self.actors, *self.agents)
        for d in files:
            prefix = f"{d.path}:"
            out[d.path] = (len(d.entries), sum(s.origin.startswith(prefix) for s in self.skipped))
        return out


def load_dictionaries(paths: Sequence[Path], *, phoenix: bool = True) -> Dictionaries:
    """Read every file once per process (Phoenix.Countries is 54,000 lines).

    The people of the files go in front of the shipped people (with the converted Phoenix
    table unless ``phoenix`` is false). The cache is keyed by path, size and modification
    time, so an edited file is re-read. Raises :class:`LexiconError` for a missing or
    unreadable file or a broken line.
    """
    key: list[tuple[str, int, int]] = []
    for path in paths:
        try:
            stat = Path(path).stat()
        except OSError:
            raise LexiconError(str(path), "actor dictionary not found") from None
        key.append((str(path), stat.st_size, stat.st_mtime_ns))
    return _load(tuple(key), phoenix)


@functools.lru_cache(maxsize=8)
def _load(key: tuple[tuple[str, int, int], ...], phoenix: bool) -> Dictionaries:
    from .phoenix import shipped_people  # it reads codes with this module's rules

    actors: list[ActorDictionary] = []
    agents: list[AgentDictionary] = []
    for path, _size, _mtime in key:
        found = read_dictionary(Path(path))
        if isinstance(found, AgentDictionary):
            agents.append(found)
        else:
            actors.append(found)
    skipped = [s for d in actors for s in d.skipped] + [s for d in agents for s in d.skipped]
    sources: list[People] = []
    for dictionary in actors:
        pairs: list[tuple[str, Person]] = []
        for entry in dictionary.entries:
            person = person_from(entry)
            if isinstance(person, Skipped):
                skipped.append(person)
                continue
            pairs.extend((spelling, person) for spelling in (entry.name, *entry.synonyms))
        sources.append(People.from_persons(pairs))
    people = People.merged(shipped_people(phoenix=phoenix), *sources)
    terms: dict[str, tuple[str, ...]] = {}
    for agent_file in agents:
        for agent in agent_file.entries:
            for term in sector_terms(agent):
                terms.pop(term, None)  # re-insert: a later entry wins and comes later
                terms[term] = agent.sectors
    sectors = SectorLexicon.builtin()
    if terms:
        sectors = sectors.extended(terms.items(), origin=", ".join(a.path for a in agents))
    return Dictionaries(tuple(actors), tuple(agents), people, sectors, tuple(skipped))
