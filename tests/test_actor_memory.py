"""Actor memory: what articles clearly state about a name, weighed across articles, resolves it
in later articles and runs."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

import newsevents
from docbuilder import build
from newsevents.actors.memory import (
    MIN_CONFIDENCE,
    USER,
    ActorMemory,
    KnownActor,
    Sighting,
    learned_from,
    summarise,
)
from newsevents.actors.resolve import ActorResolver
from newsevents.types import Actor, Document

TITLED = [
    "Russian russian ADJ amod 4 NORP",
    "Minister minister PROPN compound 4",
    "Ivan Ivan PROPN compound 4 PERSON",
    "Petrovsky Petrovsky PROPN nsubj 5 PERSON",
    "spoke speak VERB ROOT 0",
]
# "Ivan Petrovsky, Ukraine's defence minister, spoke"
APPOSED = [
    "Ivan Ivan PROPN compound 2 PERSON",
    "Petrovsky Petrovsky PROPN nsubj 9 PERSON",
    ", , PUNCT punct 2",
    "Ukraine Ukraine PROPN poss 7 GPE",
    "'s 's PART case 4",
    "defence defence NOUN compound 7",
    "minister minister NOUN appos 2",
    ", , PUNCT punct 2",
    "spoke speak VERB ROOT 0",
]
BARE = ["Petrovsky Petrovsky PROPN nsubj 2 PERSON", "left leave VERB ROOT 0"]

resolver = ActorResolver()


def actor_at(resolve: ActorResolver, doc: Document, head: int) -> Actor | None:
    for mention in resolve(doc).mentions:
        if mention.head == head:
            return mention.actor
    return None


def known(name: str, country: str, sectors: tuple[str, ...] = ("GOV",), **kw: object) -> KnownActor:
    code = country + "".join(sectors)
    return KnownActor(name=name, country=country, sectors=sectors, code=code, **kw)  # type: ignore[arg-type]


def seen(
    country: str, doc_id: str, day: int, sectors: tuple[str, ...] = ("GOV",), name: str = "Ivan X"
) -> Sighting:
    code = country + "".join(sectors)
    return Sighting(name, country, sectors, code, doc_id, dt.date(2024, 1, day))


def learned(*rows: str, doc_id: str = "doc") -> list[Sighting]:
    return learned_from(resolver(build(list(rows), doc_id=doc_id)))


# -- what an article teaches --------------------------------------------------------------------


def test_a_title_with_a_demonym_teaches_the_name() -> None:
    doc = resolver(build(TITLED, date=dt.date(2023, 5, 2), doc_id="a1"))
    (sighting,) = learned_from(doc)
    assert (sighting.name, sighting.country, sighting.sectors) == (
        "Ivan Petrovsky",
        "RUS",
        ("GOV",),
    )
    assert (sighting.date, sighting.doc_id, sighting.basis) == (dt.date(2023, 5, 2), "a1", "phrase")
    assert sighting.kind == "person" and "Petrovsky" in sighting.evidence


def test_an_apposition_teaches_the_name() -> None:
    (sighting,) = learned(*APPOSED)
    assert (sighting.name, sighting.country, sighting.basis) == (
        "Ivan Petrovsky",
        "UKR",
        "apposition",
    )
    assert set(sighting.sectors) >= {"GOV", "MIL"}


def test_an_of_phrase_on_the_name_teaches_it() -> None:
    # "Prime Minister Ivan Petrovsky of the Ukraine spoke"
    (sighting,) = learned(
        "Prime prime PROPN compound 2",
        "Minister minister PROPN compound 4",
        "Ivan Ivan PROPN compound 4 PERSON",
        "Petrovsky Petrovsky PROPN nsubj 8 PERSON",
        "of of ADP prep 4",
        "the the DET det 7 GPE",
        "Ukraine Ukraine PROPN pobj 5 GPE",
        "spoke speak VERB ROOT 0",
    )
    assert (sighting.country, sighting.basis) == ("UKR", "phrase")


def test_a_bare_surname_is_not_learned() -> None:
    assert learned("Russian russian ADJ amod 2 NORP", *BARE) == []


def test_a_country_from_a_from_phrase_is_not_learned() -> None:
    # "Minister Ivan Petrovsky from Russia spoke": good enough to code, not to learn
    rows = [
        "Minister minister PROPN compound 3",
        "Ivan Ivan PROPN compound 3 PERSON",
        "Petrovsky Petrovsky PROPN nsubj 6 PERSON",
        "from from ADP prep 3",
        "Russia Russia PROPN pobj 4 GPE",
        "spoke speak VERB ROOT 0",
    ]
    actor = actor_at(resolver, build(rows), 2)
    assert actor is not None and actor.country == "RUS"
    assert learned(*rows) == []


def test_a_country_from_a_city_is_not_learned() -> None:
    # "Kano Governor Ivan Petrovsky": Kano is a Nigerian city, not a country word
    rows = [
        "Kano Kano PROPN compound 2 GPE",
        "Governor governor PROPN compound 4",
        "Ivan Ivan PROPN compound 4 PERSON",
        "Petrovsky Petrovsky PROPN nsubj 5 PERSON",
        "spoke speak VERB ROOT 0",
    ]
    actor = actor_at(resolver, build(rows), 3)
    assert actor is not None and actor.country == "NGA"
    assert learned(*rows) == []


def test_an_organisation_named_like_a_city_is_not_learned() -> None:
    # "The Liberal Times reported": Liberal is a town in Kansas, which says nothing about it
    rows = [
        "The the DET det 3 ORG",
        "Liberal Liberal PROPN compound 3 ORG",
        "Times Times PROPN nsubj 4 ORG",
        "reported report VERB ROOT 0",
    ]
    assert learned(*rows) == []


def test_the_end_of_a_longer_place_name_is_no_country_word() -> None:
    # "New Mexico governor Ivan Petrovsky": not Mexico's
    rows = [
        "New New PROPN compound 2 GPE",
        "Mexico Mexico PROPN compound 3 GPE",
        "governor governor NOUN compound 5",
        "Ivan Ivan PROPN compound 5 PERSON",
        "Petrovsky Petrovsky PROPN nsubj 6 PERSON",
        "spoke speak VERB ROOT 0",
    ]
    assert learned(*rows) == []


def test_a_generic_institution_is_never_learned_without_a_country_word_in_its_name() -> None:
    # "Pakistan's Supreme Court ruled": coded PAKJUD here, but many states have one
    rows = [
        "Pakistan Pakistan PROPN poss 4 GPE",
        "'s 's PART case 1",
        "Supreme Supreme PROPN compound 4 ORG",
        "Court Court PROPN nsubj 5 ORG",
        "ruled rule VERB ROOT 0",
    ]
    actor = actor_at(resolver, build(rows), 3)
    assert actor is not None and actor.code == "PAKJUD"
    assert learned(*rows) == []
    # "The Federal Aviation Administration investigated": "Federal" read as a town in Argentina
    faa = [
        "The the DET det 4 ORG",
        "Federal Federal PROPN compound 4 ORG",
        "Aviation Aviation PROPN compound 4 ORG",
        "Administration Administration PROPN nsubj 5 ORG",
        "investigated investigate VERB ROOT 0",
    ]
    assert learned(*faa) == []
    # "Britain's National Crime Agency said": a body named by what it does, not by its state
    agency = [
        "Britain Britain PROPN poss 5 GPE",
        "'s 's PART case 1",
        "National National PROPN compound 5 ORG",
        "Crime Crime PROPN compound 5 ORG",
        "Agency Agency PROPN nsubj 6 ORG",
        "said say VERB ROOT 0",
    ]
    actor = actor_at(resolver, build(agency), 4)
    assert actor is not None and actor.country == "GBR"
    assert learned(*agency) == []


def test_a_backer_is_no_country_word() -> None:
    # "the Russian-backed separatist Republic of Artsakh said"
    rows = [
        "the the DET det 6 ORG",
        "Russian Russian ADJ amod 6 NORP",
        "- - PUNCT punct 2",
        "backed back VERB amod 6",
        "separatist separatist ADJ amod 6",
        "Republic Republic PROPN nsubj 9 ORG",
        "of of ADP prep 6 ORG",
        "Artsakh Artsakh PROPN pobj 7 ORG",
        "said say VERB ROOT 0",
    ]
    assert learned(*rows) == []


def test_an_organisation_with_a_country_word_in_its_name_is_learned() -> None:
    (police,) = learned(
        "The the DET det 4 ORG",
        "Indonesian Indonesian PROPN compound 4 ORG",
        "National National PROPN compound 4 ORG",
        "Police Police PROPN nsubj 5 ORG",
        "arrested arrest VERB ROOT 0",
    )
    assert (police.name, police.code, police.basis) == (
        "Indonesian National Police",
        "IDNCOP",
        "name",
    )
    (paper,) = learned(
        "Hungarian hungarian ADJ amod 4 NORP",
        "newspaper newspaper NOUN compound 4",
        "Magyar Magyar PROPN compound 4 ORG",
        "Nemzet Nemzet PROPN nsubj 5 ORG",
        "reported report VERB ROOT 0",
    )
    assert (paper.name, paper.code, paper.kind) == ("Magyar Nemzet", "HUNMED", "organisation")


# -- what the sightings of a name support -------------------------------------------------------


def test_one_clear_article_gives_a_trusted_entry_of_confidence_one_half() -> None:
    entry = summarise([seen("RUS", "a", 1)])
    assert (entry.country, entry.support, entry.conflicts) == ("RUS", 1, 0)
    assert entry.confidence == pytest.approx(0.5) and entry.trusted


def test_a_conflicting_article_lowers_the_confidence_instead_of_overwriting() -> None:
    entry = summarise([seen("RUS", "a", 1), seen("UKR", "b", 2)])
    assert (entry.support, entry.conflicts) == (1, 1)
    assert entry.confidence == pytest.approx(1 / 3) and not entry.trusted
    assert entry.country == "UKR"  # the tie goes to the latest, but it is not used


def test_two_agreeing_articles_outweigh_one_conflict() -> None:
    entry = summarise([seen("RUS", "a", 1), seen("UKR", "b", 2), seen("RUS", "c", 3)])
    assert (entry.country, entry.support, entry.conflicts, entry.n_articles) == ("RUS", 2, 1, 3)
    assert entry.confidence == pytest.approx(MIN_CONFIDENCE) and entry.trusted
    more = summarise(
        [seen("RUS", "a", 1), seen("UKR", "b", 2), seen("RUS", "c", 3), seen("RUS", "d", 4)]
    )
    assert more.confidence > entry.confidence
    assert (more.first_seen, more.last_seen) == (dt.date(2024, 1, 1), dt.date(2024, 1, 4))


def test_a_later_role_in_the_same_country_is_a_new_job_not_a_conflict() -> None:
    entry = summarise([seen("RUS", "a", 9, ("GOV", "MIL")), seen("RUS", "b", 1, ("GOV",))])
    assert (entry.code, entry.conflicts, entry.doc_id) == ("RUSGOVMIL", 0, "a")


def test_the_memory_resolves_only_through_trusted_entries() -> None:
    memory = ActorMemory(sightings=[seen("RUS", "a", 1, name="Ivan Petrovsky")])
    assert memory.lookup("Petrovsky") is not None
    memory.add([seen("UKR", "b", 2, name="Ivan Petrovsky")])
    assert memory.lookup("Ivan Petrovsky") is None and memory.lookup("Petrovsky") is None
    entry = memory.entry("Ivan Petrovsky")  # kept, with its evidence, to show and correct
    assert entry is not None and entry.conflicts == 1
    assert len(memory.sightings("ivan petrovsky")) == 2
    memory.add([seen("RUS", "c", 3, name="Ivan Petrovsky")])
    found = memory.lookup("Petrovsky")
    assert found is not None and found.country == "RUS"


def test_learning_an_article_again_replaces_what_it_taught() -> None:
    memory = ActorMemory()
    first = resolver(build(TITLED, doc_id="same"))
    memory.learn(first)
    memory.learn(first)
    entry = memory.entry("Ivan Petrovsky")
    assert entry is not None and entry.n_articles == 1
    memory.learn(resolver(build(APPOSED, doc_id="same")))  # the article, coded differently
    entry = memory.entry("Ivan Petrovsky")
    assert entry is not None and (entry.country, entry.n_articles) == ("UKR", 1)


# -- using the memory ---------------------------------------------------------------------------


def test_a_later_article_resolves_a_surname_through_the_memory() -> None:
    memory = ActorMemory()
    resolve = ActorResolver(memory=memory)
    memory.learn(resolve(build(TITLED, doc_id="first")))
    actor = actor_at(resolve, build(BARE, doc_id="second"), 0)
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
    memory.add(
        [seen("RUS", "a", 1, name="Ivan Petrovsky"), seen("RUS", "b", 2, name="Ivan Petrovsky")]
    )
    found = memory.lookup("Petrovsky")
    assert found is not None and (found.country, found.source) == ("UKR", USER)
    assert (found.support, found.conflicts, found.confidence) == (0, 2, 1.0)


def test_what_an_article_says_wins_over_learning_but_not_over_a_user() -> None:
    paper = [
        "Hungarian hungarian ADJ amod 4 NORP",
        "newspaper newspaper NOUN compound 4",
        "Magyar Magyar PROPN compound 4 ORG",
        "Nemzet Nemzet PROPN nsubj 5 ORG",
        "reported report VERB ROOT 0",
    ]
    learned_elsewhere = ActorMemory(sightings=[seen("AUT", "a", 1, ("MED",), "Magyar Nemzet")])
    actor = actor_at(ActorResolver(memory=learned_elsewhere), build(paper), 3)
    assert actor is not None and (actor.code, actor.via) == ("HUNMED", "context")
    corrected = ActorMemory([known("Magyar Nemzet", "AUT", ("MED",), source=USER)])
    actor = actor_at(ActorResolver(memory=corrected), build(paper), 3)
    assert actor is not None and (actor.code, actor.via) == ("AUTMED", "memory")


def test_a_user_correction_wins_over_the_shipped_people_table() -> None:
    memory = ActorMemory([known("Vladimir Putin", "FRA", ("BUS",), source=USER)])
    doc = build(["Putin Putin PROPN nsubj 2 PERSON", "spoke speak VERB ROOT 0"])
    actor = actor_at(ActorResolver(memory=memory), doc, 0)
    assert actor is not None and (actor.country, actor.code) == ("FRA", "FRABUS")


# -- the store ----------------------------------------------------------------------------------


def test_the_store_keeps_every_sighting_and_weighs_them(tmp_path: Path) -> None:
    with newsevents.Store(tmp_path / "m.db") as store:
        store.add_documents([resolver(build(TITLED, date=dt.date(2023, 5, 2), doc_id="a1"))])
        entry = store.known_actor("ivan petrovsky")
        assert entry is not None and (entry.country, entry.n_articles, entry.trusted) == (
            "RUS",
            1,
            True,
        )
        store.add_documents([resolver(build(APPOSED, date=dt.date(2023, 6, 1), doc_id="a2"))])
        entry = store.known_actor("Ivan Petrovsky")
        assert entry is not None and (entry.support, entry.conflicts) == (1, 1)
        assert not entry.trusted and store.actor_memory().lookup("Petrovsky") is None
        sightings = store.actor_sightings("Ivan Petrovsky")
        assert [(s.doc_id, s.country, s.basis) for s in sightings] == [
            ("a1", "RUS", "phrase"),
            ("a2", "UKR", "apposition"),
        ]
        store.add_documents([resolver(build(TITLED, date=dt.date(2023, 7, 1), doc_id="a3"))])
        entry = store.known_actor("Ivan Petrovsky")
        assert entry is not None and (entry.country, entry.support, entry.conflicts) == (
            "RUS",
            2,
            1,
        )
        assert entry.trusted and entry.last_seen == dt.date(2023, 7, 1)


def test_the_store_keeps_corrections_and_forgets_with_the_evidence(tmp_path: Path) -> None:
    first = resolver(build(TITLED, date=dt.date(2023, 5, 2), doc_id="a1"))
    with newsevents.Store(tmp_path / "m.db") as store:
        store.add_documents([first])
        store.correct_actor(known("Ivan Petrovsky", "UKR", ("MIL",), source=USER))
        later = resolver(build(TITLED, date=dt.date(2024, 1, 9), doc_id="a2"))
        store.add_documents([later])
        kept = store.known_actor("Ivan Petrovsky")
        assert kept is not None
        assert (kept.country, kept.sectors, kept.source) == ("UKR", ("MIL",), USER)
        assert (kept.last_seen, kept.n_articles, kept.conflicts) == (dt.date(2024, 1, 9), 2, 2)
        assert [a.name for a in store.known_actors(search="petrov")] == ["Ivan Petrovsky"]
        assert store.forget_actor("Ivan Petrovsky") and store.known_actor("Ivan Petrovsky") is None
        assert store.actor_sightings("Ivan Petrovsky") == []


def test_a_run_weighs_what_it_learns_against_what_the_store_knew(tmp_path: Path) -> None:
    """The in-memory memory of a run and the store apply the same rule to the same evidence."""
    from newsevents.batch import load_memory

    with newsevents.Store(tmp_path / "m.db") as store:
        store.add_documents([resolver(build(TITLED, doc_id="a1"))])
        memory = ActorMemory()
        load_memory(store, memory)
        memory.learn(resolver(build(APPOSED, doc_id="a2")))
        store.add_documents([resolver(build(APPOSED, doc_id="a2"))])
        assert memory.entry("Ivan Petrovsky") == store.known_actor("Ivan Petrovsky")


# -- end to end, with the model -----------------------------------------------------------------


def _ingest(db: Path, tmp_path: Path, *texts: str) -> None:
    paths = []
    for n, text in enumerate(texts):
        path = tmp_path / f"{db.stem}-{n}.txt"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    with newsevents.Store(db) as store:
        newsevents.run(paths, store, newsevents.Pipeline(memory=ActorMemory()))


@pytest.mark.model
def test_memory_works_across_two_runs_on_the_same_database(tmp_path: Path) -> None:
    db = tmp_path / "news.db"
    _ingest(
        db,
        tmp_path,
        "date 2023-03-01\nLithuanian Deputy Defence Minister Tomas Vaitkunas met Polish "
        "officials in Warsaw on Monday.\n",
    )
    _ingest(db, tmp_path, "date 2023-03-09\nVaitkunas criticised Russia on Thursday.\n")
    with newsevents.Store(db, readonly=True) as store:
        learned = store.known_actor("Tomas Vaitkunas")
        assert learned is not None and learned.country == "LTU"
        later = [e for e in store.events() if e.doc_date == dt.date(2023, 3, 9)]
    assert later, "the second article should give an event"
    source = later[0].source
    assert source is not None and (source.country, source.via) == ("LTU", "memory")


@pytest.mark.model
def test_an_agency_in_a_story_set_in_a_city_is_not_learned_from_the_city(tmp_path: Path) -> None:
    """The kind of context that once taught "Federal Aviation Administration → ARGGOV"."""
    db = tmp_path / "crash.db"
    _ingest(
        db,
        tmp_path,
        "date 2019-09-10\nA small plane crashed near Las Vegas, Nevada on Sunday. The National "
        "Transportation Safety Board and Federal Aviation Administration began investigations "
        "of the crash.\n",
        "date 2019-10-03\nThe Federal Aviation Administration grounded the aircraft on Thursday.\n",
    )
    with newsevents.Store(db, readonly=True) as store:
        assert store.known_actor("Federal Aviation Administration") is None
        assert store.actor_sightings("Federal Aviation Administration") == []
        remembered = [
            a
            for e in store.events()
            for a in e.participants()
            if a.via == "memory" and "Aviation" in a.name
        ]
    assert remembered == []


@pytest.mark.model
def test_a_conflicting_article_stops_the_name_until_another_agrees(tmp_path: Path) -> None:
    db = tmp_path / "news.db"
    lithuanian = (
        "date 2023-03-0{}\nLithuanian Deputy Defence Minister Tomas Vaitkunas met Polish "
        "officials in Warsaw on Monday.\n"
    )
    latvian = (
        "date 2023-03-05\nLatvian Deputy Defence Minister Tomas Vaitkunas met Polish officials "
        "in Warsaw on Friday.\n"
    )
    surname = "date 2023-03-{}\nVaitkunas criticised Russia on Thursday.\n"

    def source_of_surname(day: int) -> Actor | None:
        _ingest(db, tmp_path, surname.format(day))
        with newsevents.Store(db, readonly=True) as store:
            (event,) = [e for e in store.events() if e.doc_date == dt.date(2023, 3, day)]
        return event.source

    _ingest(db, tmp_path, lithuanian.format(1))
    first = source_of_surname(10)
    assert first is not None and (first.country, first.via) == ("LTU", "memory")
    _ingest(db, tmp_path, latvian)
    with newsevents.Store(db, readonly=True) as store:
        entry = store.known_actor("Tomas Vaitkunas")
        assert entry is not None and entry.confidence == pytest.approx(1 / 3)
        (said,) = [e for e in store.events() if e.doc_date == dt.date(2023, 3, 5)]
    assert said.source is not None  # what the article itself says wins over earlier ones
    assert (said.source.code, said.source.via) == ("LVAGOVMIL", "context")
    conflicted = source_of_surname(11)
    assert conflicted is None or conflicted.via != "memory"
    _ingest(db, tmp_path, lithuanian.format(7))
    agreed = source_of_surname(12)
    assert agreed is not None and (agreed.country, agreed.via) == ("LTU", "memory")
    with newsevents.Store(db, readonly=True) as store:
        entry = store.known_actor("Tomas Vaitkunas")
        assert entry is not None and (entry.support, entry.conflicts) == (2, 1)


# -- a run's memory holds what the store records, at every batch boundary ------------------------

DEFENCE = "Lithuanian Deputy Defence Minister Tomas Vaitkunas met Polish officials in Warsaw."
FOREIGN = "Lithuanian Foreign Minister Tomas Vaitkunas met Polish officials in Warsaw."
LATVIAN = "Latvian Foreign Minister Tomas Vaitkunas met Polish officials in Warsaw."
SURNAME = "Vaitkunas criticised Russia on Thursday."


def _jsonl(path: Path, *rows: tuple[str, str, str]) -> Path:
    lines = [json.dumps({"id": i, "date": day, "text": text}) for i, day, text in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _surname_source(store: newsevents.Store) -> Actor | None:
    (event,) = [e for e in store.events() if e.doc_id == "surname"]
    return event.source


@pytest.mark.model
def test_an_article_repeated_before_it_is_stored_is_coded_and_learned_once(tmp_path: Path) -> None:
    """Two roles stated on the same day: the one read later is the name's current role. The
    coder reads a batch ahead of the writes, so the repeated first article reaches it before
    that article is stored; coding it again would make its role the later one in the run's
    memory, not in the store, and a run resumed after the first batch would code "Vaitkunas"
    otherwise."""
    news = _jsonl(
        tmp_path / "news.jsonl",
        ("defence", "2023-03-01", DEFENCE),
        ("defence", "2023-03-01", DEFENCE),
        ("foreign", "2023-03-01", FOREIGN),
        ("defence", "2023-03-01", DEFENCE),
        ("surname", "2023-03-09", SURNAME),
    )
    coded: list[str] = []
    with newsevents.Store(tmp_path / "news.db") as store:
        summary = newsevents.run(
            [news],
            store,
            newsevents.Pipeline(newsevents.Settings(batch_size=2), memory=ActorMemory()),
            on_document=lambda doc: coded.append(doc.id),
        )
        entry = store.known_actor("Tomas Vaitkunas")
        source = _surname_source(store)
    assert coded == ["defence", "foreign", "surname"]
    assert (summary.coded, summary.already_stored) == (3, 2)
    assert entry is not None and entry.doc_id == "foreign"
    assert source is not None and source.via == "memory"
    assert (source.code, source.sectors) == (entry.code, entry.sectors)


@pytest.mark.model
def test_a_run_whose_article_another_writer_stored_first_follows_the_store(
    tmp_path: Path, pipeline: newsevents.Pipeline
) -> None:
    """Another writer stores "foreign" as a Latvian's between the run's check and its write:
    the store keeps that coding, so the run's memory must drop what its own coding taught."""
    db = tmp_path / "news.db"
    news = _jsonl(
        tmp_path / "news.jsonl",
        ("defence", "2023-03-01", DEFENCE),
        ("foreign", "2023-03-02", FOREIGN),
        ("surname", "2023-03-09", SURNAME),
    )
    theirs = pipeline(newsevents.Article(id="foreign", date=dt.date(2023, 3, 2), text=LATVIAN))

    def store_theirs_first(doc: Document) -> None:
        if doc.id == "foreign":
            with newsevents.Store(db) as other:
                other.add_documents([theirs])

    memory = ActorMemory()
    with newsevents.Store(db) as store:
        summary = newsevents.run(
            [news],
            store,
            newsevents.Pipeline(newsevents.Settings(batch_size=2), memory=memory),
            on_document=store_theirs_first,
        )
        entry = store.known_actor("Tomas Vaitkunas")
        source = _surname_source(store)
    assert (summary.coded, summary.already_stored) == (2, 1)
    assert entry is not None and not entry.trusted  # Lithuanian once, Latvian once
    assert memory.entry("Tomas Vaitkunas") == entry
    assert source is None or source.via != "memory"
