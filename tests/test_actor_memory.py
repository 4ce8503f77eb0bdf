"""Actor memory: what one article teaches about a name resolves it in later articles and runs."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

import newsevents
from docbuilder import build
from newsevents.actors.memory import USER, ActorMemory, KnownActor, learned_from
from newsevents.actors.resolve import ActorResolver
from newsevents.types import Actor, Document

TITLED = [
    "Russian russian ADJ amod 4 NORP",
    "Minister minister PROPN compound 4",
    "Ivan Ivan PROPN compound 4 PERSON",
    "Petrovsky Petrovsky PROPN nsubj 5 PERSON",
    "spoke speak VERB ROOT 0",
]
BARE = ["Petrovsky Petrovsky PROPN nsubj 2 PERSON", "left leave VERB ROOT 0"]


def actor_at(resolver: ActorResolver, doc: Document, head: int) -> Actor | None:
    for mention in resolver(doc).mentions:
        if mention.head == head:
            return mention.actor
    return None


def known(name: str, country: str, sectors: tuple[str, ...] = ("GOV",), **kw: object) -> KnownActor:
    code = country + "".join(sectors)
    return KnownActor(name=name, country=country, sectors=sectors, code=code, **kw)  # type: ignore[arg-type]


def test_an_article_teaches_the_people_whose_country_it_states() -> None:
    doc = ActorResolver()(build(TITLED, date=dt.date(2023, 5, 2), doc_id="a1"))
    (learned,) = learned_from(doc)
    assert (learned.name, learned.country, learned.sectors) == ("Ivan Petrovsky", "RUS", ("GOV",))
    assert (learned.first_seen, learned.doc_id) == (dt.date(2023, 5, 2), "a1")
    assert learned.kind == "person"
    assert "Petrovsky" in learned.evidence


def test_a_bare_surname_is_not_learned() -> None:
    doc = ActorResolver()(build(["Russian russian ADJ amod 2 NORP", *BARE]))
    assert learned_from(doc) == []


def test_a_later_article_resolves_a_surname_through_the_memory() -> None:
    memory = ActorMemory()
    resolver = ActorResolver(memory=memory)
    memory.learn(resolver(build(TITLED, doc_id="first")))
    actor = actor_at(resolver, build(BARE, doc_id="second"), 0)
    assert actor is not None
    assert (actor.country, actor.via, actor.name) == ("RUS", "memory", "Ivan Petrovsky")


def test_without_memory_the_bare_surname_stays_unresolved() -> None:
    assert actor_at(ActorResolver(), build(BARE), 0) is None


def test_a_surname_shared_by_two_known_people_resolves_to_neither() -> None:
    memory = ActorMemory([known("Ivan Petrovsky", "RUS"), known("Anna Petrovsky", "POL")])
    assert memory.lookup("Petrovsky") is None
    assert memory.lookup("anna  petrovsky") is not None


def test_a_user_entry_is_never_replaced_by_learning() -> None:
    memory = ActorMemory([known("Ivan Petrovsky", "UKR", source=USER)])
    memory.update([known("Ivan Petrovsky", "RUS")])
    found = memory.lookup("Petrovsky")
    assert found is not None and found.country == "UKR"


def test_a_user_correction_wins_over_the_shipped_people_table() -> None:
    memory = ActorMemory([known("Vladimir Putin", "FRA", ("BUS",), source=USER)])
    doc = build(["Putin Putin PROPN nsubj 2 PERSON", "spoke speak VERB ROOT 0"])
    actor = actor_at(ActorResolver(memory=memory), doc, 0)
    assert actor is not None and (actor.country, actor.code) == ("FRA", "FRABUS")


def test_a_later_sighting_updates_the_role_and_widens_the_dates() -> None:
    memory = ActorMemory([known("Ivan Petrovsky", "RUS", ("GOV",), last_seen=dt.date(2020, 1, 1))])
    memory.update(
        [
            known(
                "Ivan Petrovsky",
                "RUS",
                ("GOV", "MIL"),
                first_seen=dt.date(2022, 1, 1),
                last_seen=dt.date(2022, 1, 1),
            )
        ]
    )
    found = memory.lookup("Ivan Petrovsky")
    assert found is not None
    assert found.sectors == ("GOV", "MIL") and found.n_articles == 2


def test_the_store_records_learned_actors_and_keeps_corrections(tmp_path: Path) -> None:
    first = ActorResolver()(build(TITLED, date=dt.date(2023, 5, 2), doc_id="a1"))
    with newsevents.Store(tmp_path / "m.db") as store:
        store.add_documents([first])
        stored = store.known_actor("ivan petrovsky")
        assert stored is not None and stored.country == "RUS" and stored.n_articles == 1
        store.correct_actor(known("Ivan Petrovsky", "UKR", ("MIL",), source=USER))
        later = ActorResolver()(build(TITLED, date=dt.date(2024, 1, 9), doc_id="a2"))
        store.add_documents([later])
        kept = store.known_actor("Ivan Petrovsky")
        assert kept is not None
        assert (kept.country, kept.sectors, kept.source) == ("UKR", ("MIL",), USER)
        assert kept.last_seen == dt.date(2024, 1, 9)  # still counted, never overwritten
        assert [a.name for a in store.known_actors(search="petrov")] == ["Ivan Petrovsky"]
        assert store.forget_actor("Ivan Petrovsky") and store.known_actor("Ivan Petrovsky") is None


@pytest.mark.model
def test_memory_works_across_two_runs_on_the_same_database(tmp_path: Path) -> None:
    db = tmp_path / "news.db"
    one = tmp_path / "one.txt"
    one.write_text(
        "date 2023-03-01\nLithuanian Deputy Defence Minister Tomas Vaitkunas met Polish "
        "officials in Warsaw on Monday.\n",
        encoding="utf-8",
    )
    two = tmp_path / "two.txt"
    two.write_text("date 2023-03-09\nVaitkunas criticised Russia on Thursday.\n", encoding="utf-8")

    def ingest(path: Path) -> None:
        with newsevents.Store(db) as store:
            newsevents.run([path], store, newsevents.Pipeline(memory=ActorMemory()))

    ingest(one)
    ingest(two)
    with newsevents.Store(db, readonly=True) as store:
        learned = store.known_actor("Tomas Vaitkunas")
        assert learned is not None and learned.country == "LTU"
        later = [e for e in store.events() if e.doc_date == dt.date(2023, 3, 9)]
    assert later, "the second article should give an event"
    source = later[0].source
    assert source is not None and (source.country, source.via) == ("LTU", "memory")
