"""Names of states and organisations → CAMEO actor codes.

Actors in news are named in many ways: "Russia", "the Russian Federation", "Russian",
"Russians", "Moscow", "the Kremlin". The gazetteer maps every such spelling to one
:class:`Entry` (code, canonical name, home country, implied sectors, kind of spelling) so the
actor stage can code "the Kremlin" as ``RUS`` + ``GOV`` and "NATO" as ``IGOWSTNAT``.

The spellings live in six hand-written data files in ``actors/data``: ``countries.tsv``
(names, aliases, demonyms and capitals of every UN member plus Taiwan, Kosovo, Palestine,
Hong Kong, Western Sahara and the Vatican), ``metonyms.tsv`` (seats of power such as the
Kremlin), ``institutions.tsv`` (named state bodies: the FSB, the Knesset, the Bundeswehr, the
Federal Reserve, ruling and opposition parties), ``regions.tsv`` (CAMEO regions: "Latin
America" is ``LAM``, which also keeps its "America" from reading as the United States) and
``organisations.tsv`` (bodies with no single home state or with a complete code of their own:
the UN, NATO, Hamas) and ``bodies.tsv`` (non-state bodies with a home state: universities,
think tanks, companies, news media). They are read once, on first use.

Matching rule (:meth:`Gazetteer.lookup`; :meth:`Gazetteer.match_at` joins words with spaces
and applies the same rule):

1. The text is normalised: curly apostrophes become straight ones, accents are dropped
   ("Élysée" = "Elysee"), runs of spaces collapse, spaces around hyphens and before commas go
   ("Guinea - Bissau" = "Guinea-Bissau") and before apostrophes ("People 's" = "People's"),
   one leading "the " is dropped ("the Kremlin"), one
   trailing possessive is dropped ("Russia's", "Russia 's", "Americans'"), and one period
   attached to the last word is dropped ("U.S." = "U.S"). Spellings in the data are
   normalised the same way.
2. The normalised text must then equal a spelling, compared case-insensitively, with a case
   condition that depends on the spelling:

   * a spelling with no lower-case letter and at least two capitals (an abbreviation: "US",
     "U.S.", "UK", "PRC", "NATO", "WHO") matches only with exactly that case, so the pronoun
     "us" or the word "who" never match;
   * any other spelling matches only if the text's first character is upper case or is the
     spelling's own first character: "Turkey", "TURKEY" and "the Kremlin" match, "turkey"
     and "china" do not, and "al-Qaeda" matches as written or capitalised.

Why this rule: names of states are also ordinary words (turkey, china, chad, jordan) and
abbreviations are also pronouns (us), while news capitalises names; the leading article and
the possessive are grammar, not part of the name.

A spelling belongs to exactly one entry: the loader rejects a spelling listed for two
entries, so a lookup is never ambiguous. Sectors: seats of power and institutions carry the
organ they stand for (Kremlin → ``GOV``, Pentagon → ``MIL``, FSB → ``SPY``, Knesset →
``LEG``); capitals carry none (CAMEO codes "Moscow said" as ``RUS``), and
``kind == "capital"`` tells callers the spelling is a city.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from importlib import resources

from ..errors import LexiconError

__all__ = ["KINDS", "Entry", "Gazetteer", "country_names", "normalise"]

#: The kinds of spelling, in the order the data files list them.
KINDS = (
    "name",
    "alias",
    "demonym",
    "capital",
    "metonym",
    "institution",
    "organisation",
    "region",
)


@dataclass(frozen=True, slots=True)
class Entry:
    """What one spelling refers to.

    ``code`` is the CAMEO actor code: the country code for a state's names, demonyms,
    capitals, metonyms and institutions ("RUS"), the complete code for an organisation
    ("IGOUNO", "PSEREBHMS"). ``name`` is the state's or organisation's canonical name ("Russia"
    for "Russians" and "Moscow"), but a seat of power's or institution's own name ("Kremlin",
    "FSB"). ``country`` is the state's code (the region code for a region), or
    "IGO"/"NGO"/"IMG" for organisations without a home state. ``sectors`` are the CAMEO agent
    codes the spelling itself implies (Kremlin: ("GOV",); FSB: ("SPY",)). ``kind`` is one of
    :data:`KINDS`.
    """

    code: str
    name: str
    country: str | None
    sectors: tuple[str, ...]
    kind: str


@dataclass(frozen=True, slots=True)
class _Spelling:
    form: str  # normalised, case kept
    exact: bool  # abbreviation: case must match exactly
    entry: Entry

    def accepts(self, norm: str) -> bool:
        if self.exact:
            return norm == self.form or (_titled_acronym(self.form) and norm == self.form.title())
        return norm[:1].isupper() or norm[:1] == self.form[:1]


#: Acronyms whose title-case spelling is also a common word or name ("Rand", "Doge").
_TITLE_CASE_WORDS = frozenset({"RAND", "DOGE", "MILF", "SANA", "MOIS", "NABU"})


def _titled_acronym(form: str) -> bool:
    """Whether an acronym also matches in title case, as much of the press writes one of four
    letters or more ("Nato", "Ecowas", "Opec", "Unicef"); short ones do not ("Us", "Who")."""
    return len(form) >= 4 and form.isalpha() and form not in _TITLE_CASE_WORDS


# -- normalisation ----------------------------------------------------------------------------

_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "`": "'", "\u00a0": " "})
_SPACES = re.compile(r"\s+")
_HYPHEN = re.compile(r"\s*-\s*")
_COMMA = re.compile(r"\s+,")
_APOSTROPHE_SPACE = re.compile(r"\s+'")
_THE = re.compile(r"^the\s+", re.IGNORECASE)
_POSSESSIVE = re.compile(r"(?:\s*'s|(?<=[sS])\s*')$", re.IGNORECASE)
_FINAL_PERIOD = re.compile(r"(?<=\S)\.$")
_TOKENS = re.compile(r"\w+|[^\w\s]")


def _strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@functools.lru_cache(maxsize=1 << 16)
def normalise(text: str) -> str:
    """The form spellings are compared in (case kept): see the module docstring, step 1.

    Cached: the actors stage asks about the same few thousand words over and over.
    """
    text = _strip_accents(text.translate(_APOSTROPHES))
    text = _SPACES.sub(" ", text).strip()
    text = _APOSTROPHE_SPACE.sub("'", _COMMA.sub(",", _HYPHEN.sub("-", text)))
    text = _THE.sub("", text, count=1)
    if len(text) > 2:
        text = _POSSESSIVE.sub("", text, count=1)
    return _FINAL_PERIOD.sub("", text, count=1)


@functools.lru_cache(maxsize=1 << 16)
def _first_word(key: str) -> str:
    """The part of a folded spelling that a single spaCy token at its start also folds to."""
    return re.split(r"[\s\-']+", key, maxsplit=1)[0].rstrip(".")


def _is_abbreviation(form: str) -> bool:
    return not any(ch.islower() for ch in form) and sum(ch.isupper() for ch in form) >= 2


# -- the gazetteer ----------------------------------------------------------------------------


class Gazetteer:
    """Spelling → :class:`Entry` index with the matching rule of the module docstring.

    Build one from ``(spelling, entry)`` pairs, or use :meth:`builtin` for the shipped data.
    Raises :class:`~newsevents.errors.LexiconError` if a spelling is given for two entries.
    """

    def __init__(self, spellings: Iterable[tuple[str, Entry]], *, origin: str = "gazetteer"):
        self._index: dict[str, list[_Spelling]] = {}
        self._pairs: list[tuple[str, Entry]] = []
        #: The first word of each spelling, with a bound on the words a spelling starting
        #: with it can take (so :meth:`match_at` tries no longer n-grams than can match).
        self._first: dict[str, int] = {}
        self._canonical: dict[str, Entry] = {}
        longest = 1
        for spelling, entry in spellings:
            form = normalise(spelling)
            if not form:
                raise LexiconError(origin, f"empty spelling for {entry.code} {entry.name!r}")
            key = form.casefold()
            known = self._index.setdefault(key, [])
            clash = next((s for s in known if s.entry != entry), None)
            if clash is not None:
                raise LexiconError(
                    origin,
                    f"spelling {spelling!r} given for {entry.code} {entry.name!r} ({entry.kind})"
                    f" and {clash.entry.code} {clash.entry.name!r} ({clash.entry.kind})",
                )
            if any(s.form == form for s in known):
                continue  # the same spelling twice for one entry: harmless, keep one
            known.append(_Spelling(form, _is_abbreviation(form), entry))
            self._pairs.append((spelling, entry))
            # Generous bound on the spaCy tokens of a spelling, plus "the" and "'s".
            words = len(_TOKENS.findall(spelling)) + 2
            first = _first_word(key)
            self._first[first] = max(self._first.get(first, 0), words)
            if entry.kind in ("name", "organisation", "metonym", "institution", "region"):
                self._canonical.setdefault(entry.code, entry)
            longest = max(longest, words)
        self._max_words = longest

    @classmethod
    def builtin(cls) -> Gazetteer:
        """The gazetteer of the shipped data files (built once, then shared)."""
        return _builtin()

    @property
    def max_words(self) -> int:
        """An upper bound on the number of words :meth:`match_at` can consume."""
        return self._max_words

    def may_begin(self, word: str) -> bool:
        """Whether some spelling can begin with the token ``word``: False means no match that
        :meth:`match_at` tries from it can succeed."""
        return _first_word(normalise(word).casefold()) in self._first

    def lookup(self, text: str) -> Entry | None:
        """The entry ``text`` spells, or None (see the matching rule in the module docstring)."""
        norm = normalise(text)
        if not norm:
            return None
        for spelling in self._index.get(norm.casefold(), ()):
            if spelling.accepts(norm):
                return spelling.entry
        return None

    def match_at(self, words: Sequence[str], start: int) -> tuple[int, Entry] | None:
        """The longest spelling made of consecutive ``words`` from ``words[start]`` on.

        ``words`` are token texts as spaCy gives them (["the", "United", "States", "'s"],
        ["Guinea", "-", "Bissau"]); a leading "the" and a trailing possessive are consumed
        with the name. Returns ``(number of words consumed, entry)`` or None.
        """
        if not 0 <= start < len(words):
            return None
        head = normalise(words[start]).casefold()
        bound = self._max_words if head == "the" else self._first.get(_first_word(head))
        if bound is None:
            return None
        for n in range(min(bound, len(words) - start), 0, -1):
            entry = self.lookup(" ".join(words[start : start + n]))
            if entry is not None:
                return n, entry
        return None

    def scan(self, words: Sequence[str]) -> Iterator[tuple[int, Entry]]:
        """(start, entry) of every name met reading ``words`` left to right, the longest at
        each position (see :meth:`match_at`); the words a name takes are not read again."""
        i = 0
        while i < len(words):
            found = self.match_at(words, i)
            if found is None:
                i += 1
                continue
            yield i, found[1]
            i += found[0]

    def spellings(self) -> Iterator[tuple[str, Entry]]:
        """Every spelling as written in the data, with its entry (duplicates removed)."""
        return iter(self._pairs)

    def entries(self) -> list[Entry]:
        """Every distinct entry, in data order."""
        return list(dict.fromkeys(entry for _, entry in self._pairs))

    def canonical(self, code: str) -> Entry | None:
        """The entry of a state's or organisation's canonical name, by code ("RUS")."""
        return self._canonical.get(code)

    def __len__(self) -> int:
        return len(self._pairs)


# -- loading the shipped data -----------------------------------------------------------------


def _rows(filename: str, columns: tuple[str, ...]) -> Iterator[tuple[str, list[str]]]:
    """(origin, fields) for every data row of a shipped TSV file, header checked."""
    text = resources.files("newsevents.actors").joinpath("data", filename).read_text("utf-8")
    return table_rows(text.splitlines(), columns, filename)


def table_rows(
    lines: Iterable[str], columns: tuple[str, ...], filename: str
) -> Iterator[tuple[str, list[str]]]:
    """(``file:line``, fields) for every data row of a tab-separated table with a header row
    naming ``columns``; blank lines and ``#`` comments are skipped. A wrong header or a row
    with another number of fields raises :class:`~newsevents.errors.LexiconError`."""
    header_seen = False
    for lineno, line in enumerate(lines, start=1):
        if not line.strip() or line.startswith("#"):
            continue
        origin = f"{filename}:{lineno}"
        fields = [f.strip() for f in line.split("\t")]
        if not header_seen:
            if tuple(fields) != columns:
                raise LexiconError(origin, f"expected header {' '.join(columns)}")
            header_seen = True
            continue
        if len(fields) != len(columns):
            raise LexiconError(origin, f"expected {len(columns)} tab-separated fields")
        yield origin, fields


def _split(field: str) -> list[str]:
    return [part.strip() for part in field.split(";") if part.strip()]


_CODE = re.compile(r"^[A-Z]{3}(?:[A-Z]{3})*$")


def _check_code(code: str, origin: str) -> str:
    if not _CODE.match(code):
        raise LexiconError(origin, f"bad CAMEO actor code {code!r}")
    return code


def _sectors(field: str, origin: str) -> tuple[str, ...]:
    return tuple(_check_code(s, origin) for s in _split(field))


def _country_spellings() -> Iterator[tuple[str, Entry, str]]:
    columns = ("code", "name", "names", "aliases", "demonyms", "capitals")
    for origin, (code, name, names, aliases, demonyms, capitals) in _rows("countries.tsv", columns):
        _check_code(code, origin)
        if not name:
            raise LexiconError(origin, f"{code} has no name")
        for kind, field in (
            ("name", f"{name};{names}"),
            ("alias", aliases),
            ("demonym", demonyms),
            ("capital", capitals),
        ):
            entry = Entry(code=code, name=name, country=code, sectors=(), kind=kind)
            for spelling in _split(field):
                yield spelling, entry, origin


@functools.cache
def country_names() -> dict[str, str]:
    """Each state's code, and its names, aliases and demonyms case-folded, → its code.

    Read from the countries file alone, far quicker than building the gazetteer: for reading a
    country a user names in a filter ("iran", "United States", "usa").
    """
    found: dict[str, str] = {}
    for spelling, entry, _origin in _country_spellings():
        found.setdefault(entry.code, entry.code)
        if entry.kind != "capital":
            found.setdefault(spelling.casefold(), entry.code)
    return found


def _metonym_spellings() -> Iterator[tuple[str, Entry, str]]:
    for origin, (name, code, sectors, spellings) in _rows(
        "metonyms.tsv", ("name", "code", "sectors", "spellings")
    ):
        _check_code(code, origin)
        entry = Entry(
            code=code, name=name, country=code, sectors=_sectors(sectors, origin), kind="metonym"
        )
        for spelling in [name, *_split(spellings)]:
            yield spelling, entry, origin


def _institution_spellings() -> Iterator[tuple[str, Entry, str]]:
    for origin, (name, code, sectors, spellings) in _rows(
        "institutions.tsv", ("name", "code", "sectors", "spellings")
    ):
        _check_code(code, origin)
        entry = Entry(
            code=code,
            name=name,
            country=code,
            sectors=_sectors(sectors, origin),
            kind="institution",
        )
        for spelling in [name, *_split(spellings)]:
            yield spelling, entry, origin


def _region_spellings() -> Iterator[tuple[str, Entry, str]]:
    for origin, (code, name, spellings, demonyms) in _rows(
        "regions.tsv", ("code", "name", "spellings", "demonyms")
    ):
        _check_code(code, origin)
        for kind, field in (("region", f"{name};{spellings}"), ("demonym", demonyms)):
            entry = Entry(code=code, name=name, country=code, sectors=(), kind=kind)
            for spelling in _split(field):
                yield spelling, entry, origin


def _organisation_spellings(
    filename: str = "organisations.tsv",
) -> Iterator[tuple[str, Entry, str]]:
    columns = ("code", "name", "country", "sectors", "spellings", "composed")
    for origin, (code, name, country, sectors, spellings, _composed) in _rows(filename, columns):
        _check_code(code, origin)
        entry = Entry(
            code=code,
            name=name,
            country=_check_code(country, origin),
            sectors=_sectors(sectors, origin),
            kind="organisation",
        )
        for spelling in [name, *_split(spellings)]:
            yield spelling, entry, origin


@functools.cache
def _builtin() -> Gazetteer:
    pairs: list[tuple[str, Entry]] = []
    origins: dict[tuple[str, Entry], str] = {}
    sources = (
        _country_spellings(),
        _metonym_spellings(),
        _institution_spellings(),
        _region_spellings(),
        _organisation_spellings(),
        _organisation_spellings("bodies.tsv"),
    )
    for source in sources:
        for spelling, entry, origin in source:
            pairs.append((spelling, entry))
            origins.setdefault((spelling, entry), origin)
    try:
        return Gazetteer(pairs, origin="actors/data")
    except LexiconError as exc:
        # Name the file and line of the offending spelling, not just the data folder.
        where = next((o for (s, _), o in origins.items() if repr(s) in exc.reason), "actors/data")
        raise LexiconError(where, exc.reason) from None
