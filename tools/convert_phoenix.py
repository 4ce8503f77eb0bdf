"""Write ``src/newsevents/actors/data/phoenix_actors.tsv`` from the Phoenix actor dictionaries.

Usage::

    python tools/convert_phoenix.py DICTIONARY_DIR [-o OUT.tsv] [--horizon YYYY-MM-DD]

``DICTIONARY_DIR`` holds ``Phoenix.Countries.actors.txt``, ``Phoenix.International.actors.txt``
and ``Phoenix.MilNonState.actors.txt`` of the PETRARCH 2 distribution (Open Event Data
Alliance, MIT licence). The files are read with the package's own reader
(:mod:`newsevents.actors.dictionaries`), so a line the reader skips is skipped here too. The
output is deterministic: the same inputs and package tables give the same bytes (rows sorted,
no timestamps).

What is kept, and why (the rules are repeated in the header of the output):

* **Entries with a usable code**: the first three letters of a code must be a CAMEO state
  (``countrynames.txt``), a CAMEO region, or an international code (IGO, NGO, IMG, MNC, INT).
  Entries coded only by a religion (``[HINRAD]``) or by an editor's placeholder (``KKL``) go.
* **Open roles end at the horizon**: the latest date the files write (17 February 2015,
  Ashton Carter's appointment; the Countries file was produced from CountryInfo of 30
  January 2014 and edited by hand after). A role written ``[XXXGOV >100101]`` is known to
  hold until then, not after. Such a role ends at the horizon and is followed by a role with
  the country alone, so a minister of 2010 is neither a minister nor a former minister in
  2020: the table does not know. Roles that ended before keep the file's own default (ELI).
* **Spellings that name, not describe.** A spelling is dropped when the shipped tables already
  read it, or read it better:

  - the gazetteer knows it (states, demonyms, capitals, seats of power, institutions,
    organisations): the gazetteer wins at run time anyway, and its case rules are stricter;
  - it is made entirely of gazetteer names, sector terms and function words ("SENATE",
    "UNITED STATES CONGRESS", "KOSOVAR PRIME MINISTER"): the actors stage reads such phrases
    from the text with the country the text gives, where the dictionary fixes one country;
  - a person's spelling that starts with a title or a demonym ("PRESIDENT PUTIN",
    "RUSSIAN PRESIDENT VLADIMIR PUTIN"): the text's own title is read by the sector lexicon,
    and the spelling would hide it;
  - a person's single-word spelling that is not the last word of the name (a given name:
    "ALBERT"), and any single word used in the name of another entry ("KARZAI" when Ahmed
    Wali Karzai is listed too): a surname alone is kept only when it names one entry;
  - a spelling of fewer than three letters, or a date ("21 JUNE", a Greek group's name);
  - a single word that English also uses as a verb, adjective or adverb ("ZERO", "FALCON",
    "MALE" for the Maldives' capital), by the word lists of the installed spaCy model's
    lemmatizer (WordNet's): the tagger takes such a word for a name at the start of a
    sentence or in a headline.

  A spelling written in capitals in the output (single words of up to four letters, as the
  files give them: "PFLP") matches only in capitals at run time.
* **One entry per name.** Entries with the same name, kind and country are merged (their
  roles in file order); a spelling that remains with two different entries is dropped from
  both, since the table cannot tell which is meant ("MOHAMMED ALI" of Egypt and of Iraq).
* **Codes** are kept as the files write them ("PSEREBHMS", "IGOUNO", "MNCUSA"); a code that
  is a role alone ("ELI") is written alone. What sectors a code gives is the package's rule
  (:func:`newsevents.actors.dictionaries.code_role`), applied when the table is loaded.

Output columns (tab-separated, one row per entry, sorted by name and kind)::

    name  kind  roles  spellings

``kind`` is person, organisation or country (the reader's guess: dated codes make a person).
``roles`` are ``;``-separated ``CODE`` (undated: the default) or ``CODE:START:END`` with ISO
dates, START inclusive and END exclusive, either empty when open, in the order they are tried.
``spellings`` are ``|``-separated, in capitalised form and otherwise as the package keys
names (no accents, no leading "The"), so that the loader keys them by case-folding alone; a
row's name is one of them only if it is listed there.
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import sys
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from newsevents.actors.dictionaries import (
    INTERNATIONAL_CODES,
    ActorEntry,
    display_name,
    parse_actors,
    person_from,
)
from newsevents.actors.gazetteer import Gazetteer
from newsevents.actors.people import Person, spelling_key
from newsevents.actors.sectors import SectorLexicon

REPO = Path(__file__).resolve().parents[1]
DEFAULT_OUT = REPO / "src/newsevents/actors/data/phoenix_actors.tsv"
FILES = (
    "Phoenix.Countries.actors.txt",
    "Phoenix.International.actors.txt",
    "Phoenix.MilNonState.actors.txt",
)
#: CAMEO region codes (CAMEO 1.1b3 manual, "Regions"), valid where a state code would stand.
REGIONS = frozenset(
    {
        *("AFR", "ASA", "BLK", "CAF", "CAS", "CAU", "CFR", "CRB", "EAF", "EEU", "EIN", "EUR"),
        *("LAM", "MEA", "MDT", "NAF", "NMR", "PGS", "SAF", "SAM", "SAS", "SEA", "SCN", "WAF"),
        *("WEU", "WST"),
    }
)
#: Historic states CAMEO codes and the dictionaries use (the USSR, East Germany,
#: Yugoslavia, Czechoslovakia, South and North Yemen, Rhodesia...).
HISTORIC = frozenset({"SUN", "DDR", "YUG", "CSK", "YMD", "YAR", "RHO", "ZAR", "BUR", "SCG"})
#: Words that may sit between names and titles in a descriptive spelling.
FUNCTION_WORDS = frozenset({"the", "of", "and", "for", "in", "on", "to", "'s", "de", "del"})
#: Courtesy titles and honorifics a person's spelling may start with.
HONORIFICS = frozenset(
    {"mr", "mrs", "ms", "dr", "sir", "dame", "lord", "lady", "sheikh", "shaikh", "sheik"}
)
#: Words of a spelling that is a date ("21 JUNE"): month names, digits and ordinals.
DATE_WORDS = frozenset(
    {
        *("january", "february", "march", "april", "may", "june", "july", "august"),
        *("september", "october", "november", "december", "of", "the"),
    }
)
_WORD = re.compile(r"[A-Za-z]")
_SPLIT = re.compile(r"[^\s\-]+|-")


@dataclass
class Row:
    name: str
    kind: str
    country: str
    roles: list[str] = field(default_factory=list)
    spellings: list[str] = field(default_factory=list)
    #: The upper-case name words of the entry, for the surname rule.
    words: frozenset[str] = frozenset()


@dataclass
class Report:
    entries: int = 0
    kept: int = 0
    horizon: dt.date | None = None
    dropped: dict[str, int] = field(default_factory=lambda: defaultdict(int))

    def drop(self, reason: str, n: int = 1) -> None:
        self.dropped[reason] += n


def common_words() -> frozenset[str]:
    """Verbs, adjectives and adverbs of the installed model's lemmatizer tables (WordNet)."""
    from spacy.strings import get_string_id

    from newsevents.nlp.model import load_model

    table = load_model("en_core_web_sm").get_pipe("lemmatizer").lookups.get_table("lemma_index")
    words: set[str] = set()
    for pos in ("verb", "adj", "adv"):
        words.update(table.get(get_string_id(pos), []))
    return frozenset(words)


def valid_prefixes(countrynames: Path | None, gazetteer: Gazetteer) -> frozenset[str]:
    """Codes that may open an actor code: CAMEO states, regions and international codes."""
    codes = {e.country for e in gazetteer.entries() if e.country}
    if countrynames is not None:
        for line in countrynames.read_text("utf-8").splitlines():
            parts = line.split("\t")
            if len(parts) >= 2 and re.fullmatch(r"[A-Z]{3,}", parts[1]):
                codes.add(parts[1][:3])
    return frozenset(codes | REGIONS | HISTORIC | INTERNATIONAL_CODES)


class Filters:
    """The spelling rules of the module docstring, over the package's gazetteer and sectors.

    ``common`` are lower-case English words used as verbs, adjectives or adverbs.
    """

    def __init__(
        self, gazetteer: Gazetteer, sectors: SectorLexicon, common: frozenset[str] = frozenset()
    ) -> None:
        self.gazetteer = gazetteer
        self.sectors = sectors
        self.common = common

    def known(self, spelling: str) -> bool:
        """Whether the gazetteer reads the spelling (as news writes it: capitalised or caps)."""
        return any(self.gazetteer.lookup(s) is not None for s in (spelling, spelling.upper()))

    def _covered_from(self, words: Sequence[str], i: int) -> int:
        """How many words from ``i`` one gazetteer name, sector term or function word covers.

        The gazetteer is asked with the words capitalised and in capitals, since the files
        write everything in capitals ("UN" must stay an abbreviation).
        """
        best = 0
        for form in (list(words), [w.upper() for w in words]):
            found = self.gazetteer.match_at(form, i)
            best = max(best, found[0] if found is not None else 0)
        term = self.sectors.match_at([w.lower() for w in words], i)
        if term is not None and term[1]:
            best = max(best, term[0])
        if words[i].lower() in FUNCTION_WORDS:
            best = max(best, 1)
        return best

    def descriptive(self, spelling: str) -> bool:
        """Made only of gazetteer names, sector terms and function words."""
        words = _SPLIT.findall(spelling)
        i = 0
        while i < len(words):
            if words[i] == "-":
                i += 1
                continue
            n = self._covered_from(words, i)
            if n == 0:
                return False
            i += n
        return True

    def titled(self, spelling: str) -> bool:
        """A person's spelling that starts with a title, honorific or demonym."""
        words = _SPLIT.findall(spelling)
        if len(words) < 2:
            return False
        first = words[0].lower().rstrip(".")
        if first in HONORIFICS:
            return True
        n = self._covered_from(words, 0)
        return 0 < n < len(words) and first not in FUNCTION_WORDS


def role_texts(entry: ActorEntry, horizon: dt.date) -> list[str]:
    """The entry's roles in the order they are tried: dated ones, then defaults.

    A dated role still open at ``horizon`` ends there, and the entry's country alone follows
    (the role after the horizon is unknown).
    """
    dated: list[str] = []
    defaults: list[str] = []
    open_country: str | None = None
    for code in entry.codes:
        if not code.dated:
            defaults.append(code.code)
            continue
        start = code.first
        end = code.last + dt.timedelta(days=1) if code.last is not None else None
        if end is None:  # open: known to hold until the horizon, not after
            end = horizon
            open_country = open_country or (code.code[:3] if len(code.code) > 3 else None)
        dated.append(f"{code.code}:{_iso(start)}:{_iso(end)}")
    if open_country is not None:
        dated.append(f"{open_country}:{horizon.isoformat()}:")
    return dated + defaults


def latest_date(entries: Iterable[ActorEntry]) -> dt.date:
    """The latest date any code of ``entries`` is bounded by (1 January 2000 if none)."""
    days = (d for e in entries for c in e.codes for d in (c.first, c.last) if d is not None)
    return max(days, default=dt.date(2000, 1, 1))


def _iso(day: dt.date | None) -> str:
    return day.isoformat() if day is not None else ""


def convert(
    sources: Iterable[tuple[str, Iterable[str]]],
    *,
    gazetteer: Gazetteer,
    sectors: SectorLexicon,
    prefixes: frozenset[str],
    common: frozenset[str] = frozenset(),
    horizon: dt.date | None = None,
    report: Report | None = None,
) -> list[str]:
    """The data rows (no header) for the actor files given as ``(origin, lines)`` pairs.

    ``horizon`` defaults to the latest date the files write (see the module docstring).
    """
    report = report if report is not None else Report()
    filters = Filters(gazetteer, sectors, common)
    entries = [e for origin, lines in sources for e in parse_actors(lines, origin=origin).entries]
    horizon = horizon or latest_date(entries)
    report.horizon = horizon
    rows: dict[tuple[str, str, str], Row] = {}
    for entry in entries:
        report.entries += 1
        row = _row(entry, filters, prefixes, horizon, report)
        if row is None:
            continue
        key = (row.name.casefold(), row.kind, row.country)
        if key in rows:  # the same name listed twice: one entry, roles in file order
            merged = rows[key]
            merged.roles.extend(r for r in row.roles if r not in merged.roles)
            merged.spellings.extend(s for s in row.spellings if s not in merged.spellings)
            merged.words = merged.words | row.words
            report.drop("duplicate entry merged")
        else:
            rows[key] = row
    _drop_shared_spellings(list(rows.values()), report)
    out = []
    for row in sorted(rows.values(), key=lambda r: (r.name.casefold(), r.name, r.kind, r.country)):
        if not row.spellings:
            report.drop("entry left without spellings")
            continue
        report.kept += 1
        out.append("\t".join((row.name, row.kind, ";".join(row.roles), "|".join(row.spellings))))
    return out


def _row(
    entry: ActorEntry,
    filters: Filters,
    prefixes: frozenset[str],
    horizon: dt.date,
    report: Report,
) -> Row | None:
    usable = tuple(c for c in entry.codes if c.code[:3] in prefixes or len(c.code) == 3)
    if not any(c.code[:3] in prefixes for c in usable):
        report.drop("no code opens with a state, region or international code")
        return None
    entry = ActorEntry(entry.name, entry.synonyms, usable, entry.origin)
    person = person_from(entry)
    if not isinstance(person, Person):
        report.drop("no code with a country")
        return None
    spellings: list[str] = []
    for phrase in dict.fromkeys((entry.name, *entry.synonyms)):
        spelling = normal_spelling(display_name(phrase))
        reason = _spelling_problem(spelling, person.kind, filters)
        if reason is not None:
            report.drop(f"spelling: {reason}")
            continue
        spellings.append(spelling)
    if person.kind == "country":
        name = display_name(entry.name)
    else:
        several = [s for s in spellings if len(s.split()) > 1]
        name = next(iter(several or spellings), display_name(entry.name))
    words = frozenset(w for s in spellings for w in s.upper().split() if len(s.split()) > 1)
    return Row(name, person.kind, person.country, role_texts(entry, horizon), spellings, words)


def normal_spelling(spelling: str) -> str:
    """The spelling as the package keys it, case kept: accents, a leading "The" and a courtesy
    title ("Sir Guy Green") dropped, apostrophes straightened, so that the loader can key a
    spelling by case-folding it alone."""
    text = unicodedata.normalize("NFKD", spelling.replace("’", "'"))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = re.sub(r"\s*-\s*", "-", " ".join(text.split()))
    text = re.sub(r"^the\s+", "", text, flags=re.IGNORECASE)
    key = spelling_key(text)
    if text.casefold() != key and text.casefold().endswith(key):
        text = text[len(text) - len(key) :]  # what the key keeps of it
    return text


def _spelling_problem(spelling: str, kind: str, filters: Filters) -> str | None:
    if spelling_key(spelling) != spelling.casefold():
        return "not in the form the package keys names in"
    letters = len(_WORD.findall(spelling))
    if letters < 3:
        return "fewer than three letters"
    if all(w.lower() in DATE_WORDS or not _WORD.search(w) for w in spelling.split()):
        return "a date, not a name"
    if " " not in spelling and spelling.lower() in filters.common:
        return "a common English word"
    if filters.known(spelling):
        return "the gazetteer knows it"
    if filters.descriptive(spelling):
        return "a description, not a name"
    if kind == "person" and filters.titled(spelling):
        return "starts with a title or demonym"
    return None


def _drop_shared_spellings(rows: list[Row], report: Report) -> None:
    """Drop spellings two entries share, and single words used in another entry's name."""
    owners: dict[str, set[int]] = defaultdict(set)
    for i, row in enumerate(rows):
        for spelling in row.spellings:
            owners[_key(spelling)].add(i)
    name_words: dict[str, set[int]] = defaultdict(set)  # words of people's names
    for i, row in enumerate(rows):
        if row.kind == "person":
            for word in row.words:
                name_words[word].add(i)
    for i, row in enumerate(rows):
        kept = []
        for spelling in row.spellings:
            if len(owners[_key(spelling)]) > 1:
                report.drop("spelling: shared by two entries")
                continue
            single = len(spelling.split()) == 1
            if single and row.kind == "person":
                last = row.name.split()[-1].upper()
                if spelling.upper() != last or len(row.name.split()) < 2:
                    report.drop("spelling: a single word that is not the surname")
                    continue
            if single and name_words.get(spelling.upper(), {i}) - {i}:
                report.drop("spelling: a single word in another entry's name")
                continue
            kept.append(spelling)
        row.spellings = kept


def _key(spelling: str) -> str:
    return re.sub(r"\s*-\s*", "-", " ".join(spelling.split())).casefold()


HEADER = """\
# People and organisations of the Phoenix actor dictionaries (PETRARCH 2), converted for
# newsevents by tools/convert_phoenix.py: do not edit by hand, re-run the converter.
# Sources: Phoenix.Countries.actors.txt (produced from CountryInfo.140130.txt),
# Phoenix.International.actors.txt and Phoenix.MilNonState.actors.txt of the PETRARCH 2
# distribution (https://github.com/openeventdata/petrarch2), Copyright (c) 2014 Open Event
# Data, MIT licence (below). Changes: entries without a usable code dropped; roles still open
# in the files end on {horizon} (their latest date) and the country alone follows; spellings
# the gazetteer knows, descriptions, titled spellings, given names, spellings shared by two
# entries and single words used in another entry's name dropped; duplicates merged. See the
# converter's docstring for every rule.
# Columns: name, kind (person, organisation, country), roles (CODE or CODE:START:END, START
# inclusive, END exclusive, ISO dates, in the order they are tried), spellings (|-separated).
#
# The MIT License (MIT)
#
# Copyright (c) 2014 Open Event Data
#
# Permission is hereby granted, free of charge, to any person obtaining a copy of
# this software and associated documentation files (the "Software"), to deal in
# the Software without restriction, including without limitation the rights to
# use, copy, modify, merge, publish, distribute, sublicense, and/or sell copies of
# the Software, and to permit persons to whom the Software is furnished to do so,
# subject to the following conditions:
#
# The above copyright notice and this permission notice shall be included in all
# copies or substantial portions of the Software.
#
# THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
# IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY, FITNESS
# FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE AUTHORS OR
# COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER LIABILITY, WHETHER
# IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM, OUT OF OR IN
# CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE SOFTWARE.
name\tkind\troles\tspellings
"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("directory", type=Path, help="folder with the Phoenix actor files")
    parser.add_argument("-o", "--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument(
        "--horizon",
        type=dt.date.fromisoformat,
        default=None,
        help="end of open roles [default: the latest date the files write]",
    )
    parser.add_argument(
        "--countrynames",
        type=Path,
        default=None,
        help="CAMEO countrynames.txt (default: ../cameo/countrynames.txt beside the folder)",
    )
    args = parser.parse_args(argv)
    countrynames = args.countrynames or args.directory.parents[1] / "cameo" / "countrynames.txt"
    gazetteer, sectors = Gazetteer.builtin(), SectorLexicon.builtin()
    prefixes = valid_prefixes(countrynames if countrynames.exists() else None, gazetteer)
    report = Report()
    sources = []
    for name in FILES:
        raw = (args.directory / name).read_bytes()
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            text = raw.decode("latin-1")
        sources.append((name, text.splitlines()))
    rows = convert(
        sources,
        gazetteer=gazetteer,
        sectors=sectors,
        prefixes=prefixes,
        common=common_words(),
        horizon=args.horizon,
        report=report,
    )
    horizon = report.horizon or args.horizon
    body = HEADER.format(horizon=horizon.isoformat()) + "".join(r + "\n" for r in rows)
    args.out.write_text(body, encoding="utf-8")
    print(f"{report.entries} entries read, {report.kept} written to {args.out}", file=sys.stderr)
    for reason, n in sorted(report.dropped.items(), key=lambda kv: -kv[1]):
        print(f"  {n:6d}  {reason}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
