"""Claims and denials: links between claimed events, accusations and denials; the store's
``claims`` query, the schema upgrade and the ``newsevents claims`` command.

Hand-built parses pin the linking rules without the model; the sample article pins the U.S.
accusation and China's denial end to end.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

import newsevents
from docbuilder import build
from legacy import write_old_store
from newsevents import Claim, Store
from newsevents.actors.resolve import ActorResolver
from newsevents.cli import cli
from newsevents.events.claims import ClaimLinker
from newsevents.events.extract import EventCoder
from newsevents.pipeline import Pipeline, default_stages
from newsevents.serialize import event_id
from newsevents.settings import Settings
from newsevents.store import schema
from newsevents.types import Actor, Document, Event, Mode

resolver = ActorResolver()
coder = EventCoder()
linker = ClaimLinker()

US_ACCUSES_CHINA = [
    "The the DET det 2",
    "U.S. U.S. PROPN nsubj 3 GPE",
    "accused accuse VERB ROOT 0",
    "China China PROPN dobj 3 GPE",
    "of of ADP prep 3",
    "supporting support VERB pcomp 5",
    "Russia Russia PROPN dobj 6 GPE",
    ". . PUNCT punct 3",
]


def accuses(accuser: str, accused: str) -> list[str]:
    """ "<accuser> accused <accused> of supporting Russia ." (one-word GPE names)."""
    rows = list(US_ACCUSES_CHINA[1:])
    rows[0] = f"{accuser} {accuser} PROPN nsubj 2 GPE"
    rows[1] = "accused accuse VERB ROOT 0"
    rows[2] = f"{accused} {accused} PROPN dobj 2 GPE"
    rows[3] = "of of ADP prep 2"
    rows[4] = "supporting support VERB pcomp 4"
    rows[5] = "Russia Russia PROPN dobj 5 GPE"
    rows[6] = ". . PUNCT punct 2"
    return rows


def denies_the_claims(denier: str) -> list[str]:
    return [
        f"{denier} {denier} PROPN nsubj 2 GPE",
        "denied deny VERB ROOT 0",
        "the the DET det 4",
        "claims claim NOUN dobj 2",
        ". . PUNCT punct 2",
    ]


CHINA_DENIED_SUPPORTING = [
    "China China PROPN nsubj 2 GPE",
    "denied deny VERB ROOT 0",
    "supporting support VERB xcomp 2",
    "Russia Russia PROPN dobj 3 GPE",
    ". . PUNCT punct 2",
]


def linked(*sentences: list[str], doc_id: str = "doc", date: dt.date | None = None) -> Document:
    kwargs: dict[str, Any] = {"doc_id": doc_id} | ({"date": date} if date else {})
    return linker(coder(resolver(build(*sentences, **kwargs))))


def one(doc: Document, *, sentence: int, cameo: str = "", mode: Mode | None = None) -> Event:
    (event,) = [
        e
        for e in doc.events
        if e.sentence_index == sentence
        and e.cameo.startswith(cameo)
        and (mode is None or e.mode is mode)
    ]
    return event


# -- links in one article -------------------------------------------------------------------------


def test_a_claimed_event_points_at_the_accusation_claiming_it() -> None:
    doc = linked(US_ACCUSES_CHINA)
    accusation = one(doc, sentence=0, cameo="112")
    claimed = one(doc, sentence=0, mode=Mode.CLAIMED)

    assert claimed.claim_of == event_id(accusation)
    assert claimed.speaker is not None and claimed.speaker.code == "USA"
    assert (accusation.claim_of, accusation.responds_to) == (None, None)


def test_a_denial_responds_to_the_accusation_against_the_denier() -> None:
    doc = linked(US_ACCUSES_CHINA, denies_the_claims("China"))
    accusation = one(doc, sentence=0, cameo="112")
    denial = one(doc, sentence=1, cameo="016")

    assert denial.responds_to == event_id(accusation)
    assert denial.claim_of is None


def test_a_denial_by_a_party_nobody_accused_answers_nothing() -> None:
    doc = linked(US_ACCUSES_CHINA, denies_the_claims("Iran"))

    assert one(doc, sentence=1, cameo="016").responds_to is None


def test_a_denial_before_the_accusation_answers_nothing() -> None:
    doc = linked(denies_the_claims("China"), US_ACCUSES_CHINA)

    assert one(doc, sentence=0, cameo="016").responds_to is None


def test_a_denial_answers_the_most_recent_accusation_against_the_denier() -> None:
    doc = linked(
        accuses("Japan", "China"),
        accuses("Britain", "China"),
        accuses("France", "Iran"),
        denies_the_claims("China"),
    )
    latest_against_china = one(doc, sentence=1, cameo="112")

    assert one(doc, sentence=3, cameo="016").responds_to == event_id(latest_against_china)


def test_a_denial_answers_an_allegation_whose_claimed_event_the_denier_does() -> None:
    # "Kyiv alleged that Moscow shelled Kharkiv. Russia denied the claims.": the allegation has
    # no target; its claimed shelling is Russia's.
    alleged = [
        "Kyiv Kyiv PROPN nsubj 2 GPE",
        "alleged allege VERB ROOT 0",
        "that that SCONJ mark 5",
        "Moscow Moscow PROPN nsubj 5 GPE",
        "shelled shell VERB ccomp 2",
        "Kharkiv Kharkiv PROPN dobj 5 GPE",
        ". . PUNCT punct 2",
    ]
    doc = linked(alleged, denies_the_claims("Russia"))
    allegation = one(doc, sentence=0, cameo="112")

    assert allegation.target is None
    assert one(doc, sentence=0, mode=Mode.CLAIMED).claim_of == event_id(allegation)
    assert one(doc, sentence=1, cameo="016").responds_to == event_id(allegation)


def test_a_denial_answers_a_claim_that_no_event_makes() -> None:
    # "The U.S. claimed that Iran supplied drones to Russia. Iran denied the claims."
    claimed_that = [
        "The the DET det 2",
        "U.S. U.S. PROPN nsubj 3 GPE",
        "claimed claim VERB ROOT 0",
        "that that SCONJ mark 6",
        "Iran Iran PROPN nsubj 6 GPE",
        "supplied supply VERB ccomp 3",
        "drones drone NOUN dobj 6",
        "to to ADP prep 6",
        "Russia Russia PROPN pobj 8 GPE",
        ". . PUNCT punct 3",
    ]
    doc = linked(claimed_that, denies_the_claims("Iran"))
    claimed = one(doc, sentence=0, mode=Mode.CLAIMED)

    assert claimed.claim_of is None  # "claim" codes no event
    assert claimed.speaker is not None and claimed.speaker.code == "USA"
    assert one(doc, sentence=1, cameo="016").responds_to == event_id(claimed)


def test_a_denied_event_points_at_its_denial_and_the_claim_it_contradicts() -> None:
    doc = linked(US_ACCUSES_CHINA, CHINA_DENIED_SUPPORTING)
    accusation = one(doc, sentence=0, cameo="112")
    claimed = one(doc, sentence=0, mode=Mode.CLAIMED)
    denial = one(doc, sentence=1, cameo="016")
    denied = one(doc, sentence=1, mode=Mode.DENIED)

    assert denial.responds_to == event_id(accusation)
    assert denied.claim_of == event_id(denial)
    assert denied.responds_to == event_id(claimed)
    assert denied.speaker is not None and denied.speaker.code == "CHN"


def test_a_denial_with_nothing_to_answer_still_owns_its_denied_event() -> None:
    doc = linked(CHINA_DENIED_SUPPORTING)
    denial = one(doc, sentence=0, cameo="016")
    denied = one(doc, sentence=0, mode=Mode.DENIED)

    assert denied.claim_of == event_id(denial)
    assert (denial.responds_to, denied.responds_to) == (None, None)


def test_links_name_the_ids_of_the_events_as_recoded_before_linking() -> None:
    # A stage before the linker re-codes every actor: the links must use the new ids.
    class Recode:
        name = "recode"
        requires: tuple[str, ...] = ("events",)

        def __call__(self, doc: Document) -> Document:
            def gov(actor: Actor) -> Actor:
                return dataclasses.replace(actor, code=actor.code + "GOV")

            events = tuple(e.map_actors(gov) for e in doc.events)
            return dataclasses.replace(doc, events=events)

    pipeline = Pipeline(stages=[resolver, coder, Recode(), linker])
    doc = pipeline.annotate(build(US_ACCUSES_CHINA, denies_the_claims("China")))
    ids = {event_id(e) for e in doc.events}
    links = [e.claim_of for e in doc.events if e.claim_of] + [
        e.responds_to for e in doc.events if e.responds_to
    ]

    assert len(links) == 2 and set(links) <= ids
    assert one(doc, sentence=0, cameo="112").source.code == "USAGOV"  # type: ignore[union-attr]


def test_the_linker_runs_after_every_stage_that_recodes_actors() -> None:
    names = [stage.name for stage in default_stages(Settings())]

    assert names[-1] == "claims"
    assert names.index("claims") > max(names.index("roles"), names.index("domestic"))


def test_a_document_without_claims_or_denials_is_unchanged() -> None:
    doc = coder(resolver(build(["Russia Russia PROPN nsubj 2 GPE", "attacked attack VERB ROOT 0"])))

    out = linker(doc)

    assert out.events == doc.events and out.stages[-1] == "claims"


# -- the store ------------------------------------------------------------------------------------


@pytest.fixture()
def store() -> Iterator[Store]:
    with Store(":memory:") as s:
        yield s


def stored(store: Store, *docs: Document) -> Store:
    store.add_documents(docs)
    return store


def codes(actors: tuple[Actor, ...]) -> tuple[str, ...]:
    return tuple(a.code for a in actors)


def test_speaker_and_links_survive_storage(store: Store) -> None:
    doc = linked(US_ACCUSES_CHINA, CHINA_DENIED_SUPPORTING)
    stored(store, doc)

    by_id = {event_id(e): e for e in store.events()}
    assert by_id == {event_id(e): e for e in doc.events}
    rows = store.select(
        "SELECT event_id, speaker_code, speaker_name, claim_of, responds_to FROM events "
        "WHERE speaker_code IS NOT NULL OR claim_of IS NOT NULL OR responds_to IS NOT NULL"
    ).fetchall()
    for key, speaker_code, speaker_name, claim_of, responds_to in rows:
        event = by_id[key]
        assert speaker_code == (event.speaker.code if event.speaker else None)
        assert speaker_name == (event.speaker.name if event.speaker else None)
        assert (claim_of, responds_to) == (event.claim_of, event.responds_to)
        assert {claim_of, responds_to} - {None} <= set(by_id)
    assert len(rows) == 3  # the claimed event, the denial and the denied event


def test_a_claim_lists_who_asserts_it_and_who_denies_it(store: Store) -> None:
    doc = linked(US_ACCUSES_CHINA, denies_the_claims("China"))
    stored(store, doc)

    (claim,) = store.claims()

    assert isinstance(claim, Claim)
    assert claim.event == one(doc, sentence=0, mode=Mode.CLAIMED)
    assert claim.event_id == event_id(claim.event)
    assert codes(claim.asserted_by) == ("USA",)
    assert claim.assertions == (event_id(one(doc, sentence=0, cameo="112")),)
    assert codes(claim.denied_by) == ("CHN",)
    assert claim.denials == (event_id(one(doc, sentence=1, cameo="016")),)
    assert claim.status == "denied"


def test_an_undenied_claim_is_asserted(store: Store) -> None:
    stored(store, linked(US_ACCUSES_CHINA, denies_the_claims("Iran")))

    (claim,) = store.claims()

    assert (claim.status, claim.denied_by, claim.denials) == ("asserted", (), ())


def test_a_denier_who_denies_twice_is_listed_once(store: Store) -> None:
    doc = linked(US_ACCUSES_CHINA, CHINA_DENIED_SUPPORTING)
    stored(store, doc)

    (claim,) = store.claims()

    assert codes(claim.denied_by) == ("CHN",)
    assert set(claim.denials) == {
        event_id(one(doc, sentence=1, cameo="016")),
        event_id(one(doc, sentence=1, mode=Mode.DENIED)),
    }


def test_a_denial_with_no_claim_is_a_claim_asserted_by_nobody(store: Store) -> None:
    doc = linked(CHINA_DENIED_SUPPORTING)
    stored(store, doc)

    (claim,) = store.claims()

    assert claim.event == one(doc, sentence=0, mode=Mode.DENIED)
    assert (claim.asserted_by, claim.assertions) == ((), ())
    assert codes(claim.denied_by) == ("CHN",)
    assert claim.denials == (event_id(one(doc, sentence=0, cameo="016")),)
    assert claim.status == "denied"


def test_an_accusation_whose_claim_was_not_coded_is_its_own_claim(store: Store) -> None:
    # "Russia accused Moldova of spying. Moldova denied the claims." ("spy" is no trigger)
    spying = [
        "Russia Russia PROPN nsubj 2 GPE",
        "accused accuse VERB ROOT 0",
        "Moldova Moldova PROPN dobj 2 GPE",
        "of of ADP prep 2",
        "spying spy VERB pcomp 4",
        ". . PUNCT punct 2",
    ]
    doc = linked(spying, denies_the_claims("Moldova"))
    stored(store, doc)
    accusation = one(doc, sentence=0, cameo="112")

    (claim,) = store.claims()

    assert claim.event == accusation
    assert (codes(claim.asserted_by), claim.assertions) == (("RUS",), (event_id(accusation),))
    assert codes(claim.denied_by) == ("MDA",)
    assert store.claims(actor="MDA") == [claim]
    assert store.claims(actor="mda") == [claim]  # codes are read in any case
    assert store.claims(actor="RUS") == []  # the accuser is not what it is about


def test_claims_about_an_actor_match_the_claimed_event_or_the_accused(store: Store) -> None:
    stored(store, linked(US_ACCUSES_CHINA, denies_the_claims("China")))

    assert len(store.claims(actor="CHN")) == 1  # the claimed event's source
    assert len(store.claims(actor="RU")) == 1  # a prefix; Russia is the claimed target
    assert store.claims(actor="USA") == []  # the accuser
    assert store.claims(actor="IRN") == []


def test_claims_since_and_until_bound_the_publication_date(store: Store) -> None:
    day = dt.date(2024, 10, 15)
    stored(
        store,
        linked(US_ACCUSES_CHINA, doc_id="a", date=day),
        linked(accuses("Japan", "Iran"), doc_id="b", date=day + dt.timedelta(days=2)),
    )

    assert [c.event.doc_id for c in store.claims()] == ["a", "b"]
    assert [c.event.doc_id for c in store.claims(since=day + dt.timedelta(days=1))] == ["b"]
    assert [c.event.doc_id for c in store.claims(until=day)] == ["a"]
    assert [c.event.doc_id for c in store.claims(since=day, until=day)] == ["a"]


def test_a_version_4_database_is_upgraded_with_the_claim_columns(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    doc = linked(US_ACCUSES_CHINA, denies_the_claims("China"))
    write_old_store(path, 4, [doc])

    with Store(path) as upgraded:
        assert upgraded.schema_version == len(schema.MIGRATIONS) >= 5
        events = list(upgraded.events())
        claims = upgraded.claims()
        indexes = {
            row[0] for row in upgraded.select("SELECT name FROM sqlite_master WHERE type = 'index'")
        }

    assert len(events) == len(doc.events)
    assert all((e.speaker, e.claim_of, e.responds_to) == (None, None, None) for e in events)
    (claim,) = claims  # the claimed event, no longer linked to its accusation
    assert claim.event.mode is Mode.CLAIMED and claim.assertions == () and claim.denials == ()
    assert {"events_claim_of", "events_responds_to"} <= indexes


def test_a_version_4_database_stores_new_linked_events_after_upgrade(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    write_old_store(path, 4, [linked(US_ACCUSES_CHINA, doc_id="old")])
    with Store(path) as upgraded:
        upgraded.add_documents([linked(US_ACCUSES_CHINA, denies_the_claims("China"))])
        statuses = sorted((c.event.doc_id, c.status) for c in upgraded.claims())

    assert statuses == [("doc", "denied"), ("old", "asserted")]


# -- the command ----------------------------------------------------------------------------------


def invoke(*args: str | os.PathLike[str]) -> Result:
    env: dict[str, str | None] = {k: None for k in os.environ if k.startswith("NEWSEVENTS_")}
    return CliRunner().invoke(cli, [os.fspath(a) for a in args], env=env)


@pytest.fixture()
def claims_db(tmp_path: Path) -> Path:
    path = tmp_path / "claims.db"
    with Store(path) as s:
        s.add_documents(
            [
                linked(US_ACCUSES_CHINA, denies_the_claims("China"), doc_id="a"),
                linked(accuses("Japan", "Iran"), doc_id="b"),
            ]
        )
    return path


def test_claims_command_prints_a_table_with_status(claims_db: Path) -> None:
    result = invoke("claims", "--db", claims_db)

    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].split()[:2] == ["date", "source"]
    china = next(line for line in lines if line.split()[1:2] == ["CHN"])
    assert china.split()[-3:] == ["USA", "CHN", "denied"]
    iran = next(line for line in lines if line.split()[1:2] == ["IRN"])
    assert iran.split()[-3:] == ["JPN", "-", "asserted"]
    assert lines[-1] == "(2 claims)"


def test_claims_command_filters_by_actor(claims_db: Path) -> None:
    result = invoke("claims", "--db", claims_db, "--actor", "IRN")

    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[-1] == "(1 claims)"
    assert lines[-2].split()[1] == "IRN" and lines[-2].split()[-1] == "asserted"


def test_claims_command_jsonl_gives_ids_and_actors(claims_db: Path) -> None:
    result = invoke("claims", "--db", claims_db, "--actor", "CHN", "--format", "jsonl")

    assert result.exit_code == 0, result.output
    (record,) = [json.loads(line) for line in result.output.splitlines()]
    with Store(claims_db, readonly=True) as s:
        (claim,) = s.claims(actor="CHN")
    assert record["event_id"] == claim.event_id == record["event"]["event_id"]
    assert record["status"] == "denied"
    assert [a["code"] for a in record["asserted_by"]] == ["USA"]
    assert [a["code"] for a in record["denied_by"]] == ["CHN"]
    assert record["assertions"] == list(claim.assertions)
    assert record["denials"] == list(claim.denials)
    assert record["event"]["claim_of"] == claim.assertions[0]


def test_claims_command_on_a_missing_database_is_an_error_message(tmp_path: Path) -> None:
    result = invoke("claims", "--db", tmp_path / "nope.db")

    assert result.exit_code == 1
    assert "database not found" in result.output


# -- the sample article ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def sample(sample_article_path: Path, pipeline: Pipeline) -> Document:
    (article,) = newsevents.read_articles([sample_article_path])
    assert isinstance(article, newsevents.Article)
    return pipeline(article)


def in_sentence(doc: Document, opening: str) -> list[Event]:
    return [e for e in doc.events if e.evidence.text.startswith(opening)]


@pytest.mark.model
def test_the_sample_denial_links_to_the_us_accusation(sample: Document) -> None:
    accused = in_sentence(sample, "The U.S. accuses China")
    (accusation,) = [e for e in accused if e.cameo == "112"]
    (claimed,) = [e for e in accused if e.mode is Mode.CLAIMED]
    (denial,) = [e for e in in_sentence(sample, "China denies") if e.cameo == "016"]

    assert (accusation.source.code, accusation.target.code) == ("USA", "CHN")  # type: ignore[union-attr]
    assert (claimed.source.code, claimed.target.code) == ("CHN", "RUS")  # type: ignore[union-attr]
    assert claimed.speaker is not None and claimed.speaker.code == "USA"
    assert claimed.claim_of == event_id(accusation)
    assert denial.responds_to == event_id(accusation)


@pytest.mark.model
def test_every_sample_link_names_an_event_of_the_article(sample: Document) -> None:
    ids = {event_id(e) for e in sample.events}
    links = [link for e in sample.events for link in (e.claim_of, e.responds_to) if link]

    assert len(links) == 2 and set(links) <= ids


@pytest.mark.model
def test_the_stored_sample_lists_chinas_support_as_claimed_by_the_us_and_denied(
    sample: Document,
) -> None:
    with Store(":memory:") as s:
        s.add_documents([sample])
        claims = s.claims(actor="CHN")

    (claim,) = claims
    assert claim.event.cameo == "051" and claim.event.mode is Mode.CLAIMED
    assert codes(claim.asserted_by) == ("USA",)
    assert codes(claim.denied_by) == ("CHN",)
    assert claim.status == "denied"
