"""Score the actor coder against actor-level gold: a phrase (+ context, date) → country and sector.

The gold format is one JSON object per line, as in the NGEC actor tests::

    {"test": "test_fsb2", "method": "agent_to_code", "input": "FSB, Russia's security service",
     "context": null, "date": "today", "expect": {"country": "RUS", "code_1": "SPY"}}

``expect`` may give ``country`` (or ``cc``; ``""`` = no country) and ``code_1`` (the main
sector; ``""`` = a bare state or none). Other keys (``wiki``, ``title``) need an encyclopedia
and are not scored; a case with neither key is counted as not scorable.

Gold follows POLECAT conventions, which differ from CAMEO's in a few places; a resolution is
translated before it is compared (:func:`polecat_country`): Kosovo is ``XKX`` (CAMEO ``KSV``),
UN bodies are country ``UNO``, EU bodies ``EUR``, other international organisations ``IGO``,
and a multinational corporation (CAMEO ``MNC`` + its home state, ``MNCUSA``) is its home
state. Sectors likewise (:func:`polecat_sectors`):

* CAMEO's media code ``MED`` is POLECAT's ``JRN``, CAMEO's health code ``HLH`` is its ``MED``,
  and an organisation's ``IGO``/``NGO`` part is its country there;
* POLECAT never puts opposition (``OPP``) first: it is a second code after the actor's own
  (``CVLOPP`` protesters, activists and dissidents, ``PTYOPP`` opposition parties; the PLOVER
  agents file has no code that starts with OPP). CAMEO's OPP alone is therefore ``CVL`` +
  ``OPP``, and OPP before another sector goes after it ("an opposition lawmaker" is LEG);
* a phrase we cannot code at all is POLECAT's unknown agent ``UNK`` ("a group of men");
* CAMEO codes a city as its state alone; POLECAT codes a capital named alone as its government
  (``GOV``: "Beijing") and any other city, or a place in a city, as civilians (``CVL``:
  "Mariupol", "an amusement park in Kabul").

These are convention maps, applied to every case alike.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..actors.gazetteer import Gazetteer
from ..actors.phrase import ActorResolution
from ..actors.sectors import SectorLexicon
from ..errors import InputError
from ..ingest import parse_date
from .jsonl import json_records

__all__ = [
    "ActorCase",
    "ActorCaseResult",
    "ActorReport",
    "evaluate_actor_cases",
    "is_actor_case",
    "polecat_country",
    "read_actor_cases",
]

#: CAMEO country codes that POLECAT spells differently.
POLECAT_COUNTRY = {"KSV": "XKX", "TMP": "TLS"}
#: CAMEO agent codes that POLECAT spells differently (MED is media in CAMEO, medical there).
POLECAT_SECTOR = {"MED": "JRN", "HLH": "MED"}


@dataclass(frozen=True, slots=True)
class ActorCase:
    id: str
    kind: str  # the gold's own grouping ("method"), e.g. agent_to_code
    text: str
    context: str | None
    date: dt.date | None
    country: str | None  # None: not scored; "" : no country expected
    sector: str | None  # None: not scored; "" : no sector expected
    needs_encyclopedia: bool  # the gold also names a Wikipedia page


@dataclass(frozen=True, slots=True)
class ActorCaseResult:
    case: ActorCase
    found: ActorResolution
    country: str | None  # ours, in the gold's conventions
    country_ok: bool | None  # None: not scored
    sector_ok: bool | None
    sector_any_ok: bool | None  # the expected sector anywhere in ours, not only first

    @property
    def category(self) -> str:
        """What kind of phrase the case is: a bare name, a description, or a name with a title."""
        return case_category(self.case.text)


@dataclass(slots=True)
class _Tally:
    n: int = 0
    ok: int = 0

    def add(self, ok: bool | None) -> None:
        if ok is not None:
            self.n += 1
            self.ok += ok

    @property
    def accuracy(self) -> float | None:
        return self.ok / self.n if self.n else None


@dataclass(slots=True)
class ActorReport:
    results: list[ActorCaseResult] = field(default_factory=list)
    not_scorable: int = 0

    def tally(
        self, key: Callable[[ActorCaseResult], str] | None = None
    ) -> dict[str, dict[str, Any]]:
        """Country, first-sector and any-sector accuracy, overall or grouped by ``key``."""
        groups: dict[str, list[_Tally]] = {}
        for r in self.results:
            name = key(r) if key else "all"
            tallies = groups.setdefault(name, [_Tally(), _Tally(), _Tally()])
            tallies[0].add(r.country_ok)
            tallies[1].add(r.sector_ok)
            tallies[2].add(r.sector_any_ok)
        return {
            name: {
                "cases": sum(1 for r in self.results if (key(r) if key else "all") == name),
                "country": _figure(t[0]),
                "sector": _figure(t[1]),
                "sector_any": _figure(t[2]),
            }
            for name, t in sorted(groups.items())
        }

    def misses(self) -> list[ActorCaseResult]:
        return [r for r in self.results if r.country_ok is False or r.sector_ok is False]

    def to_dict(self) -> dict[str, Any]:
        return {
            "overall": self.tally()["all"] if self.results else {},
            "by_kind": self.tally(lambda r: r.case.kind),
            "by_category": self.tally(lambda r: r.category),
            "unresolved_names": [r.case.text for r in self.misses() if _needs_knowledge(r)],
            "not_scorable": self.not_scorable,
            "misses": [_miss(r) for r in self.misses()],
        }

    def to_markdown(self) -> str:
        lines = ["# Actor resolution against gold", ""]
        lines += [
            "| group | cases | country | sector (first) | sector (any) |",
            "|---|---|---|---|---|",
        ]
        rows = [("all", self.tally().get("all"))]
        rows += [(f"kind: {k}", v) for k, v in self.tally(lambda r: r.case.kind).items()]
        rows += [(f"category: {k}", v) for k, v in self.tally(lambda r: r.category).items()]
        for name, t in rows:
            if t is None:
                continue
            lines.append(
                f"| {name} | {t['cases']} | {_cell(t['country'])} | {_cell(t['sector'])} "
                f"| {_cell(t['sector_any'])} |"
            )
        lines += [
            "",
            f"{self.not_scorable} case(s) expect only an encyclopedia page or nothing.",
            "",
        ]
        lines += ["## Misses", "", "| text | expected | found | via |", "|---|---|---|---|"]
        for r in self.misses():
            expected = f"{r.case.country!r} {r.case.sector!r}"
            found = f"{r.country!r} {','.join(polecat_sectors(r.found, r.case.text)) or '-'}"
            lines.append(f"| {r.case.text} | {expected} | {found} | {r.found.via or '-'} |")
        return "\n".join(lines) + "\n"


def _figure(t: _Tally) -> dict[str, Any]:
    return {
        "scored": t.n,
        "correct": t.ok,
        "accuracy": None if t.accuracy is None else round(t.accuracy, 3),
    }


def _cell(figure: dict[str, Any]) -> str:
    if figure["accuracy"] is None:
        return "-"
    return f"{100 * figure['accuracy']:.1f}% ({figure['correct']}/{figure['scored']})"


def _miss(r: ActorCaseResult) -> dict[str, Any]:
    return {
        "id": r.case.id,
        "text": r.case.text,
        "expected": {"country": r.case.country, "sector": r.case.sector},
        "found": r.found.to_dict() | {"country": r.country},
    }


def _needs_knowledge(r: ActorCaseResult) -> bool:
    """A proper name we could not resolve at all: only an encyclopedia would know it."""
    return r.found.via is None and case_category(r.case.text) == "name"


def case_category(text: str) -> str:
    """What kind of phrase a case is, to report accuracy by it.

    ``name``: proper names only ("Diego Molano", "FSB"); ``titled``: a name with a title or
    sector word ("Foreign Minister Park Jin", "Kyiv police", "American warplanes");
    ``description``: common nouns only ("taxi drivers", "a group of men").
    """
    lexicon = SectorLexicon.builtin()
    words = [w for w in re.findall(r"[\w'’.-]+", text) if w.lower() not in {"the", "a", "an"}]
    terms = [w for w in words if _is_sector_word(lexicon, w)]
    names = [w for w in words if w[:1].isupper() and w not in terms]
    if names and not terms:
        return "name"
    return "titled" if names else "description"


def _is_sector_word(lexicon: SectorLexicon, word: str) -> bool:
    lower = word.lower()
    return lexicon.is_term(lower) or (lower.endswith("s") and lexicon.is_term(lower[:-1]))


def polecat_country(found: ActorResolution) -> str | None:
    """Our country in the gold's conventions (see the module docstring)."""
    country = found.country
    if country == "MNC" and found.code[3:6].isalpha() and len(found.code) >= 6:
        return found.code[3:6]  # MNCUSA: a company of the United States
    if country in {"IGO", "NGO", "IMG"}:
        code = found.code
        if code.startswith("IGOUNO"):
            return "UNO"
        if code.startswith("IGOEUR") and code != "IGOEUROSC" and code != "IGOEURCOE":
            return "EUR"
        return country
    return POLECAT_COUNTRY.get(country, country) if country else None


def is_actor_case(record: dict[str, Any]) -> bool:
    return "input" in record and "expect" in record


def read_actor_cases(
    path: Path, *, today: dt.date | None = None
) -> Iterator[ActorCase | InputError]:
    """Cases from a JSON Lines file; a bad line is an :class:`InputError` value, not a stop."""
    today = today or dt.date.today()
    for origin, record in json_records(path):
        if isinstance(record, InputError):
            yield record
        elif not is_actor_case(record):
            yield InputError(origin, "expected an object with 'input' and 'expect'")
        else:
            try:
                yield _case(record, origin, today)
            except ValueError as exc:
                yield InputError(origin, str(exc))


def _case(record: dict[str, Any], origin: str, today: dt.date) -> ActorCase:
    expect = record.get("expect") or {}
    if not isinstance(expect, dict):
        raise ValueError("'expect' must be an object")
    raw_date = record.get("date")
    date: dt.date | None = None
    if isinstance(raw_date, str) and raw_date.strip():
        date = today if raw_date.strip().lower() == "today" else _gold_date(raw_date)
    country = expect.get("country", expect.get("cc"))
    sector = expect.get("code_1")
    text = str(record["input"])
    if not text.strip():
        raise ValueError("empty 'input'")
    return ActorCase(
        id=str(record.get("test") or origin),
        kind=str(record.get("method") or "case"),
        text=text,
        context=record.get("context") or None,
        date=date,
        country=None if country is None else str(country),
        sector=None if sector is None else str(sector),
        needs_encyclopedia=bool(expect.get("wiki") or expect.get("title")),
    )


def _gold_date(text: str) -> dt.date:
    """ISO dates, or the written-out ones gold files also use ("10 May 2015")."""
    try:
        return parse_date(text)
    except ValueError:
        for fmt in ("%d %B %Y", "%B %d, %Y", "%d %b %Y", "%b %d, %Y"):
            try:
                return dt.datetime.strptime(text.strip(), fmt).date()
            except ValueError:
                continue
        raise


def polecat_sectors(found: ActorResolution, text: str = "") -> tuple[str, ...]:
    """Our sectors in the gold's conventions (see the module docstring); ``text`` is the
    phrase that was resolved, for the city and capital conventions."""
    if found.via is None:
        return ("UNK",)
    renamed = (POLECAT_SECTOR.get(s, s) for s in found.sectors if s not in {"IGO", "NGO"})
    sectors = tuple(dict.fromkeys(renamed))
    if sectors and sectors[0] == "OPP":
        rest = tuple(s for s in sectors if s != "OPP")
        return (*(rest or ("CVL",)), "OPP")
    if not sectors:
        place = _place_sector(found, text)
        if place is not None:
            return (place,)
    return sectors


def _place_sector(found: ActorResolution, text: str) -> str | None:
    """GOV for a capital named alone, CVL for another city or a place in a city, else None."""
    country = found.country
    if not country or len(country) != 3 or country in {"IGO", "NGO", "IMG", "MNC"}:
        return None
    gazetteer = Gazetteer.builtin()
    words = re.findall(r"[\w'’.-]+", text)
    kinds = {e.kind for _, e in gazetteer.scan(words) if e.country == country}
    if kinds & {"name", "alias", "demonym", "metonym", "institution"}:
        return None  # the state (or one of its organs) is named
    if "capital" in kinds:
        whole = gazetteer.lookup(text)
        return "GOV" if whole is not None and whole.kind == "capital" else "CVL"
    if found.via in {"gazetteer", "context"} and _is_city(found.name, country):
        return "CVL"
    return None


def _is_city(name: str, country: str) -> bool:
    from ..places.gazetteer import PlaceGazetteer  # built only when a case needs it

    places = PlaceGazetteer.builtin()
    return any(e.kind == "city" and e.country == country for e in places.candidates(name))


def score(case: ActorCase, found: ActorResolution) -> ActorCaseResult:
    country = polecat_country(found)
    country_ok = None if case.country is None else (country or "") == case.country
    sector_ok = sector_any_ok = None
    if case.sector is not None:
        sectors = polecat_sectors(found, case.text)
        first = sectors[0] if sectors else ""
        sector_ok = first == case.sector
        sector_any_ok = case.sector in sectors if case.sector else not sectors
    return ActorCaseResult(case, found, country, country_ok, sector_ok, sector_any_ok)


def evaluate_actor_cases(
    cases: Iterable[ActorCase],
    resolve: Callable[[ActorCase], ActorResolution],
) -> ActorReport:
    """Resolve every case with ``resolve`` and score it; unscorable cases are only counted."""
    report = ActorReport()
    for case in cases:
        if case.country is None and case.sector is None:
            report.not_scorable += 1
            continue
        report.results.append(score(case, resolve(case)))
    return report


def kinds(report: ActorReport) -> Counter[str]:
    return Counter(r.case.kind for r in report.results)
