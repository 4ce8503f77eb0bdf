"""Compound and reciprocal actors: one event with all its participants.

"Putin and Xi pledged to deepen ties" is one pledge, not two; "Russia and China held talks" is
one meeting, mutual, coded both ways wherever dyads are needed (queries, ICEWS, POLECAT, GDELT),
and never silently reduced to one of its participants.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import json
from pathlib import Path

import pytest

import newsevents
from docbuilder import build
from legacy import write_old_store
from newsevents.actors.domestic import DomesticCountry
from newsevents.actors.people import People, parse_people
from newsevents.actors.resolve import ActorResolver
from newsevents.actors.roles import RoleDater
from newsevents.errors import EventError
from newsevents.events.extract import EventCoder
from newsevents.serialize import ROW_FIELDS, event_from_dict, event_id, event_to_dict, event_to_row
from newsevents.store import EventQuery, Store, export_events, schema
from newsevents.store.export import dyad_id
from newsevents.types import (
    Actor,
    Article,
    Document,
    Event,
    Precision,
    Span,
    TimeRef,
    code_order,
    same_party,
)

DAY = dt.date(2024, 10, 15)
TEXT = "Russia and China held talks with Iran and Belarus."


def actor(code: str, start: int, *, name: str = "", via: str = "gazetteer") -> Actor:
    sectors = (code[3:],) if len(code) > 3 else ()
    return Actor(
        text=code.title(),
        name=name or f"{code} name",
        code=code,
        country=code[:3],
        sectors=sectors,
        start=start,
        end=start + 3,
        via=via,
    )


RUS, CHN, IRN, BLR = actor("RUS", 0), actor("CHN", 11), actor("IRN", 33), actor("BLR", 42)


def event(
    doc_id: str = "d",
    *,
    sources: tuple[Actor, ...] = (),
    targets: tuple[Actor, ...] = (),
    reciprocal: bool = False,
    cameo: str = "046",
    when: TimeRef | None = None,
) -> Event:
    """A talks event; with ``reciprocal`` the participants are ``sources`` in code order."""
    if reciprocal:
        sources = targets = code_order(sources)
    return Event(
        doc_id=doc_id,
        doc_date=DAY,
        sentence_index=0,
        source=sources[0] if sources else None,
        target=(sources[1] if reciprocal else targets[0]) if targets else None,
        cameo=cameo,
        cameo_name="Engage in negotiation",
        plover="CONSULT",
        quad_class=1,
        goldstein=3.5,
        event_date=when or TimeRef(DAY, DAY, Precision.DAY),
        evidence=Span(TEXT, 0, len(TEXT)),
        trigger=Span("held talks", 20, 30),
        sources=sources,
        targets=targets,
        reciprocal=reciprocal,
    )


def doc(*events: Event, doc_id: str = "d", source: str = "bbc.com") -> Document:
    """An article holding ``events`` (moved to it)."""
    article = Article(
        id=doc_id, date=DAY, text=TEXT, url=f"https://{source}/{doc_id}", source=source
    )
    mine = tuple(dataclasses.replace(e, doc_id=doc_id) for e in events)
    return Document(article=article, events=mine)


def codes(pairs: list[tuple[Actor | None, Actor | None]]) -> list[tuple[str | None, str | None]]:
    return [(s.code if s else None, t.code if t else None) for s, t in pairs]


TALKS = event("b", sources=(RUS, CHN), reciprocal=True)  # "Russia and China held talks"
WITH_IRAN = event("a", sources=(RUS, CHN), targets=(IRN,))  # "... held talks with Iran"


# -- the data model ------------------------------------------------------------------------


def test_a_reciprocal_event_is_coded_both_ways_and_never_pairs_an_actor_with_itself() -> None:
    assert (TALKS.source, TALKS.target) == (CHN, RUS)  # code order, not word order
    assert TALKS.all_sources() == TALKS.all_targets() == (CHN, RUS)
    assert codes(TALKS.dyads()) == [("CHN", "RUS"), ("RUS", "CHN")]


def test_coordinated_sources_share_their_target() -> None:
    assert codes(WITH_IRAN.dyads()) == [("RUS", "IRN"), ("CHN", "IRN")]
    assert WITH_IRAN.participants() == (RUS, CHN, IRN)


def test_an_actor_and_its_own_state_are_no_dyad() -> None:
    putin = actor("RUSGOV", 50, name="Vladimir Putin")
    talks = event(sources=(RUS, putin, CHN), reciprocal=True)
    assert same_party(RUS, putin) and not same_party(putin, CHN)
    assert codes(talks.dyads()) == [
        ("CHN", "RUS"),
        ("CHN", "RUSGOV"),
        ("RUS", "CHN"),
        ("RUSGOV", "CHN"),
    ]


def test_a_state_and_its_opposition_or_rebels_are_two_parties() -> None:
    opposition, rebels = actor("VENOPP", 50), actor("VENREB", 60)
    assert not same_party(actor("VEN", 0), opposition)
    assert not same_party(actor("VENGOV", 10), rebels)
    assert same_party(actor("VEN", 0), actor("VENMIL", 70))
    assert same_party(actor("IGOUNO", 0), actor("IGOUNO", 20))


def test_one_sided_events_give_one_dyad_per_actor() -> None:
    one_sided = event(sources=(RUS, CHN), cameo="019")
    assert codes(one_sided.dyads()) == [("RUS", None), ("CHN", None)]
    assert codes(event(targets=(IRN, BLR)).dyads()) == [(None, "IRN"), (None, "BLR")]


def test_hand_built_events_without_lists_are_their_primary_dyad() -> None:
    plain = dataclasses.replace(WITH_IRAN, sources=(), targets=())
    assert plain.all_sources() == (RUS,) and plain.all_targets() == (IRN,)
    assert codes(plain.dyads()) == [("RUS", "IRN")]
    # one actor on a side is the same event as no list at all
    assert dataclasses.replace(plain, sources=(RUS,)) == plain


@pytest.mark.parametrize(
    "change",
    [
        {"sources": (CHN, RUS)},  # sources[0] must be the source
        {"targets": (BLR, IRN)},
        {"reciprocal": True, "sources": (RUS, CHN), "targets": (RUS, IRN)},
        {"reciprocal": True, "target": None, "targets": ()},
    ],
)
def test_inconsistent_participants_are_refused(change: dict[str, object]) -> None:
    with pytest.raises(EventError, match="sentence 0"):
        dataclasses.replace(WITH_IRAN, **change)  # type: ignore[arg-type]


def test_recoding_an_actor_recodes_it_everywhere_and_keeps_code_order() -> None:
    renamed = TALKS.map_actors(lambda a: dataclasses.replace(a, code="ZZZ") if a is CHN else a)
    assert (renamed.source.code, renamed.target.code) == ("RUS", "ZZZ")  # type: ignore[union-attr]
    assert [a.code for a in renamed.all_sources()] == ["RUS", "ZZZ"]
    assert TALKS.map_actors(lambda a: a) is TALKS


# -- the coder ---------------------------------------------------------------------------------


def coded(*rows: str) -> list[Event]:
    return list(EventCoder()(ActorResolver()(build(list(rows)))).events)


def test_coordinated_sources_and_targets_make_one_event_with_every_dyad() -> None:
    (event,) = coded(
        "Germany Germany PROPN nsubj 4 GPE",
        "and and CCONJ cc 1",
        "France France PROPN conj 1 GPE",
        "condemned condemn VERB ROOT 0",
        "Russia Russia PROPN dobj 4 GPE",
        "and and CCONJ cc 5",
        "Belarus Belarus PROPN conj 5 GPE",
    )
    assert codes(event.dyads()) == [
        ("DEU", "RUS"),
        ("DEU", "BLR"),
        ("FRA", "RUS"),
        ("FRA", "BLR"),
    ]


def test_one_actor_named_twice_on_a_side_is_one_participant() -> None:
    # "Russia criticized Beijing and China": both are China, one dyad, not two.
    (event,) = coded(
        "Russia Russia PROPN nsubj 2 GPE",
        "criticized criticize VERB ROOT 0",
        "Beijing Beijing PROPN dobj 2 GPE",
        "and and CCONJ cc 3",
        "China China PROPN conj 3 GPE",
    )
    assert codes(event.dyads()) == [("RUS", "CHN")]


@pytest.mark.model
def test_putin_and_xi_pledging_is_one_event_with_both() -> None:
    (pledge,) = newsevents.code("Putin and Xi pledged to deepen ties.", DAY)
    assert pledge.cameo.startswith("03")
    assert {a.country for a in pledge.all_sources()} == {"RUS", "CHN"}


@pytest.mark.model
def test_talks_are_one_reciprocal_event_in_either_word_order() -> None:
    (talks,) = newsevents.code("Russia and China held talks.", DAY)
    (reversed_talks,) = newsevents.code("China and Russia held talks.", DAY)
    assert talks.reciprocal
    assert codes(talks.dyads()) == [("CHN", "RUS"), ("RUS", "CHN")]
    primary = (talks.source.code, talks.target.code)  # type: ignore[union-attr]
    assert primary == (reversed_talks.source.code, reversed_talks.target.code)  # type: ignore[union-attr]


@pytest.mark.model
def test_talks_of_two_with_a_third_are_one_event_with_two_dyads() -> None:
    (talks,) = newsevents.code("Russia and China held talks with Iran.", DAY)
    assert not talks.reciprocal
    assert codes(talks.dyads()) == [("RUS", "IRN"), ("CHN", "IRN")]


@pytest.mark.model
def test_a_visit_to_ones_own_country_is_no_participant() -> None:
    (visit,) = newsevents.code("Putin and Xi visited Russia.", DAY)
    assert codes(visit.dyads()) == [("CHNGOV", "RUS")]


@pytest.mark.model
def test_every_participant_takes_its_role_at_the_event_date() -> None:
    # Shoigu, second source, was emergencies minister (GOV) in 2011, defence minister later.
    (meeting,) = newsevents.code("In 2011, Lavrov and Shoigu met French officials.", "2025-03-01")
    shoigu = meeting.all_sources()[1]
    assert shoigu.name == "Sergei Shoigu" and shoigu.code == "RUSGOV"


@pytest.mark.model
def test_every_domestic_participant_takes_the_country_of_the_place() -> None:
    (clash,) = newsevents.code("Police and protesters clashed in Homs.", "2011-05-01")
    assert clash.reciprocal
    assert {a.country for a in clash.participants()} == {"SYR"}


def test_the_roles_stage_redates_a_participant() -> None:
    # A legislator until 2009, in government since: "Russia and Ann met Iran in 2005".
    people = parse_people(
        [
            "Ann Example\tUSA\tLEG\tExample\t2001-01-03\t2009-01-20",
            "Ann Example\tUSA\tGOV\t\t2009-01-20",
        ],
        origin="t.tsv",
    )
    ann = actor("USAGOV", 20, name="Ann Example", via="dictionary")
    day = dt.date(2005, 3, 1)
    met = event(sources=(RUS, ann), targets=(IRN,), when=TimeRef(day, day, Precision.DAY))
    out = RoleDater(people=People(people))(doc(met))
    (redated,) = out.events
    assert [a.code for a in redated.all_sources()] == ["RUS", "USALEG"]


def test_the_domestic_stage_fills_every_participant() -> None:
    police = Actor("Police", "police", "COP", None, ("COP",), 0, 6)
    rebels = Actor("rebels", "rebels", "REB", None, ("REB",), 11, 17)
    army = Actor("the army", "army", "MIL", None, ("MIL",), 22, 30)
    fight = event(sources=(police, rebels, army), reciprocal=True, cameo="190")
    place = newsevents.Place("Homs", "SYR")
    out = DomesticCountry()(doc(dataclasses.replace(fight, location=place)))
    (filled,) = out.events
    assert [a.code for a in filled.all_sources()] == ["SYRCOP", "SYRMIL", "SYRREB"]
    assert filled.all_sources() == filled.all_targets()


# -- serialisation -----------------------------------------------------------------------------


def test_records_carry_every_participant_and_read_back() -> None:
    record = event_to_dict(TALKS)
    assert [a["code"] for a in record["sources"]] == ["CHN", "RUS"]
    assert [a["code"] for a in record["targets"]] == ["CHN", "RUS"]
    assert record["reciprocal"] is True
    assert event_from_dict(record) == TALKS
    assert event_from_dict(json.loads(json.dumps(event_to_dict(WITH_IRAN)))) == WITH_IRAN


def test_old_records_without_participants_read_as_their_one_dyad() -> None:
    record = event_to_dict(dataclasses.replace(WITH_IRAN, sources=()))
    for key in ("sources", "targets", "reciprocal"):
        del record[key]
    old = event_from_dict(record)
    assert (old.sources, old.targets, old.reciprocal) == ((), (), False)
    assert codes(old.dyads()) == [("RUS", "IRN")]


def test_flat_rows_end_with_the_participant_columns() -> None:
    first = ROW_FIELDS.index("source_codes")  # appended after the original columns
    assert ROW_FIELDS[first - 1 : first + 3] == (
        "confidence",
        "source_codes",
        "target_codes",
        "reciprocal",
    )
    row = event_to_row(WITH_IRAN)
    assert (row["source_code"], row["source_codes"], row["target_codes"]) == (
        "RUS",
        "RUS;CHN",
        "IRN",
    )
    assert row["reciprocal"] is False
    assert event_to_row(TALKS)["target_codes"] == "CHN;RUS"
    assert event_to_row(event(targets=(IRN,)))["source_codes"] is None


# -- the store ---------------------------------------------------------------------------------


@pytest.fixture
def store() -> Store:
    s = Store(":memory:")
    s.add_documents([doc(WITH_IRAN, doc_id="a"), doc(TALKS, doc_id="b", source="reuters.com")])
    return s


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        (EventQuery(source="CHN"), ["a", "b"]),  # China is the second source of "a"
        (EventQuery(source="RUS"), ["a", "b"]),
        (EventQuery(target="RUS"), ["b"]),  # only the mutual talks have Russia as a target
        (EventQuery(target="IRN"), ["a"]),
        (EventQuery(source="IRN"), []),
        (EventQuery(actor="CH"), ["a", "b"]),
        (EventQuery(country="IRN"), ["a"]),
        (EventQuery(actor_name="CHN name"), ["a", "b"]),
        (EventQuery(source="CHN", target="IRN"), ["a"]),
    ],
)
def test_filters_match_any_participant(
    store: Store, query: EventQuery, expected: list[str]
) -> None:
    assert [e.doc_id for e in store.events(query)] == expected
    assert store.count_events(query) == len(expected)


def test_one_event_row_with_one_participant_row_per_side_and_position(store: Store) -> None:
    assert store.count_events() == 2
    rows = store._conn.execute(
        "SELECT side, position, code FROM event_actors WHERE event_id = ? ORDER BY side, position",
        (event_id(TALKS),),
    ).fetchall()
    assert rows == [
        ("source", 0, "CHN"),
        ("source", 1, "RUS"),
        ("target", 0, "CHN"),
        ("target", 1, "RUS"),
    ]
    stored = store._conn.execute(
        "SELECT source_codes, target_codes, reciprocal FROM events WHERE event_id = ?",
        (event_id(TALKS),),
    ).fetchone()
    assert stored == ("CHN;RUS", "CHN;RUS", 1)


def test_participant_filters_use_the_indexes(store: Store) -> None:
    from newsevents.store.query import select_sql

    sql, params = select_sql(EventQuery(source="CHN", country="IRN"))
    plan = " ".join(str(r[-1]) for r in store._conn.execute(f"EXPLAIN QUERY PLAN {sql}", params))
    assert "event_actors_code" in plan and "event_actors_country" in plan


def test_actors_count_every_participant_once_per_event(store: Store) -> None:
    counts = dict(store._conn.execute("SELECT code, n_events FROM actors").fetchall())
    assert counts == {"RUS": 2, "CHN": 2, "IRN": 1}


def test_participants_go_with_their_document(store: Store) -> None:
    store._conn.execute("DELETE FROM documents WHERE id = 'b'")
    events_left = {r[0] for r in store._conn.execute("SELECT DISTINCT event_id FROM event_actors")}
    assert events_left == {event_id(WITH_IRAN)}


def test_mutual_talks_in_two_word_orders_merge() -> None:
    reversed_talks = event("c", sources=(CHN, RUS), reciprocal=True)
    with Store(":memory:") as s:
        s.add_documents([doc(TALKS, doc_id="b"), doc(reversed_talks, doc_id="c", source="x")])
        (merged,) = s.merged_events()
        assert (merged.n_mentions, merged.source_code, merged.target_code) == (2, "CHN", "RUS")


def test_a_version_3_database_upgrades_and_answers_participant_queries(tmp_path: Path) -> None:
    path = tmp_path / "v3.db"
    old = dataclasses.replace(WITH_IRAN, sources=(), targets=())  # events had one dyad then
    write_old_store(path, 3, [doc(old, doc_id="a")])
    with Store(path) as s:
        assert s.schema_version == len(schema.MIGRATIONS)
        assert [e.doc_id for e in s.events(EventQuery(source="RUS"))] == ["a"]
        assert [e.doc_id for e in s.events(EventQuery(target="IRN"))] == ["a"]
        assert s.count_events(EventQuery(country="IRN")) == 1
        assert list(s.events()) == [old]
        s.add_documents([doc(TALKS, doc_id="b")])
        assert s.count_events(EventQuery(source="CHN")) == 1
        row = s._conn.execute("SELECT source_codes, reciprocal FROM events WHERE doc_id = 'a'")
        assert row.fetchone() == ("RUS", 0)


# -- exports -----------------------------------------------------------------------------------


def rows(store: Store, layout: str, fmt: str = "csv") -> list[dict[str, str]]:
    out = io.StringIO()
    n = export_events(store, fmt, out, EventQuery(doc_id="b"), layout=layout)
    out.seek(0)
    found = list(csv.DictReader(out)) if fmt == "csv" else [json.loads(x) for x in out]
    assert n == len(found)
    return found


def test_icews_writes_both_dyads_of_mutual_talks(store: Store) -> None:
    found = rows(store, "icews")
    assert [(r["Source Country"], r["Target Country"]) for r in found] == [
        ("CHN", "RUS"),
        ("RUS", "CHN"),
    ]
    key = event_id(TALKS)
    assert [r["Event ID"] for r in found] == [key, f"{key}-2"] == [dyad_id(key, 1), dyad_id(key, 2)]


def test_polecat_writes_both_dyads_of_mutual_talks(store: Store) -> None:
    found = rows(store, "polecat", "jsonl")
    assert [(o["source"]["code"], o["target"]["code"]) for o in found] == [
        ("CHN", "RUS"),
        ("RUS", "CHN"),
    ]
    assert len({o["event_id"] for o in found}) == 2


def test_gdelt_writes_every_dyad_of_a_merged_event(store: Store) -> None:
    found = rows(store, "gdelt")
    assert [(r["Actor1Code"], r["Actor2Code"], r["DyadNumber"]) for r in found] == [
        ("CHN", "RUS", "1"),
        ("RUS", "CHN", "2"),
    ]
    assert len({r["GlobalEventID"] for r in found}) == 1


def test_the_events_layout_keeps_one_row_per_event(store: Store) -> None:
    out = io.StringIO()
    assert export_events(store, "csv", out) == 2
    out.seek(0)
    by_doc = {r["doc_id"]: r for r in csv.DictReader(out)}
    assert (by_doc["a"]["source_codes"], by_doc["a"]["reciprocal"]) == ("RUS;CHN", "False")
    assert by_doc["b"]["reciprocal"] == "True"


def test_parquet_types_the_reciprocal_flag(store: Store, tmp_path: Path) -> None:
    import pyarrow.parquet as pq

    path = tmp_path / "e.parquet"
    export_events(store, "parquet", path)
    table = pq.read_table(path)
    assert str(table.schema.field("reciprocal").type) == "bool"
    assert table.column("source_codes").to_pylist() == ["RUS;CHN", "CHN;RUS"]
