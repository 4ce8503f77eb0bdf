"""Coding stored articles again: a correction reaches the events already stored, and the store
reads as if the articles had been coded that way from the start."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

import newsevents
from newsevents.actors.memory import USER, KnownActor
from newsevents.cli import cli
from newsevents.errors import StoreError
from newsevents.store import Store
from newsevents.types import Actor, Article, Document, Event, Precision, Span, TimeRef

DAY = dt.date(2024, 6, 3)


def actor(code: str) -> Actor:
    return Actor(text=code, name=f"{code} name", code=code, country=code[:3], start=0, end=3)


def event(doc_id: str, source: str, target: str, cameo: str = "190") -> Event:
    return Event(
        doc_id=doc_id,
        doc_date=DAY,
        sentence_index=0,
        source=actor(source),
        target=actor(target),
        cameo=cameo,
        cameo_name=f"name of {cameo}",
        plover="ASSAULT",
        quad_class=4,
        goldstein=-10.0,
        event_date=TimeRef(DAY, DAY, Precision.DAY),
        evidence=Span("Russia attacked Ukraine.", 0, 24),
        trigger=Span("attacked", 7, 15),
    )


def doc(doc_id: str, *events: Event) -> Document:
    article = Article(id=doc_id, date=DAY, text="Russia attacked Ukraine.", source=doc_id)
    return Document(article=article, events=events)


def state(path: Path) -> dict[str, Any]:
    """Everything a reader sees, without the row ids merging happens to assign."""
    conn = sqlite3.connect(path)
    try:

        def rows(sql: str) -> list[tuple[Any, ...]]:
            return sorted(conn.execute(sql).fetchall(), key=repr)

        clusters = rows(
            "SELECT group_concat(event_id, ' '), count(*) FROM "
            "(SELECT merged_id, event_id FROM events ORDER BY event_id) GROUP BY merged_id"
        )
        return {
            "events": rows("SELECT event_id, doc_id, source_code, target_code, record FROM events"),
            "participants": rows(
                "SELECT event_id, side, position, code, country FROM event_actors"
            ),
            "mentions": rows('SELECT doc_id, start, "end", actor_code, actor_name FROM mentions'),
            "actors": rows("SELECT code, n_events, first_seen, last_seen FROM actors"),
            "documents": rows("SELECT id, n_events FROM documents"),
            "clusters": clusters,
            "merged": rows(
                "SELECT cameo, source_code, target_code, n_mentions, n_articles, n_sources "
                "FROM merged_events"
            ),
            "unclustered": rows("SELECT event_id FROM events WHERE merged_id IS NULL"),
        }
    finally:
        conn.close()


def test_replacing_a_coding_updates_events_merges_and_counts(tmp_path: Path) -> None:
    path = tmp_path / "recoded.db"
    with Store(path) as store:
        store.add_documents(
            [
                doc("a", event("a", "RUS", "UKR")),
                doc("b", event("b", "RUS", "UKR")),
                doc("c", event("c", "CHN", "USA", "042")),
            ]
        )
        assert store.count_merged() == 2  # a and b are one event
        unrelated = state(path)
        result = store.replace_documents([doc("a", event("a", "BLR", "UKR"))])
        assert (result.documents, result.events_before, result.events_after) == (1, 1, 1)
    recoded = state(path)
    fresh = tmp_path / "fresh.db"
    with Store(fresh) as store:
        store.add_documents(
            [
                doc("a", event("a", "BLR", "UKR")),
                doc("b", event("b", "RUS", "UKR")),
                doc("c", event("c", "CHN", "USA", "042")),
            ]
        )
    assert recoded == state(fresh)
    assert ("RUS", 1, "2024-06-03", "2024-06-03") in recoded["actors"]
    assert recoded["unclustered"] == []
    c_rows = [r for r in unrelated["events"] if r[1] == "c"]
    assert [r for r in recoded["events"] if r[1] == "c"] == c_rows


def test_a_coding_that_drops_every_event_removes_its_actors_and_merges(tmp_path: Path) -> None:
    path = tmp_path / "e.db"
    with Store(path) as store:
        store.add_documents(
            [doc("a", event("a", "RUS", "UKR")), doc("b", event("b", "CHN", "USA"))]
        )
        result = store.replace_documents([doc("a")])
        assert (result.events_before, result.events_after) == (1, 0)
        assert store.count_events() == 1 and store.count_merged() == 1
    assert [code for code, *_ in state(path)["actors"]] == ["CHN", "USA"]


def test_recoding_an_article_that_is_not_stored_changes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "e.db"
    with Store(path) as store:
        store.add_documents([doc("a", event("a", "RUS", "UKR"))])
        before = state(path)
        with pytest.raises(StoreError, match="'missing' is not stored"):
            store.replace_documents([doc("a", event("a", "BLR", "UKR")), doc("missing")])
    assert state(path) == before


# -- with the model: correct an actor, and the stored events follow -----------------------------

TEACHES = (
    "date 2023-03-01\nLithuanian Deputy Defence Minister Tomas Vaitkunas met Polish officials "
    "in Warsaw on Monday.\n"
)
NAMES = "date 2023-03-09\nVaitkunas criticised Russia on Thursday.\n"
UNRELATED = "date 2023-03-10\nFrance condemned the attack on Mali on Friday.\n"


def invoke(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def write(tmp_path: Path) -> list[str]:
    paths = []
    for n, text in enumerate((TEACHES, NAMES, UNRELATED)):
        path = tmp_path / f"article-{n}.txt"
        path.write_text(text, encoding="utf-8")
        paths.append(str(path))
    return paths


@pytest.mark.model
def test_a_corrected_actor_is_recoded_in_the_stored_events(tmp_path: Path) -> None:
    paths = write(tmp_path)
    db = tmp_path / "news.db"
    assert invoke("ingest", *paths, "--db", str(db), "--no-progress").exit_code == 0
    before = state(db)
    with Store(db, readonly=True) as store:
        (named,) = [e for e in store.events() if e.doc_date == dt.date(2023, 3, 9)]
        assert named.source is not None and named.source.code == "LTUGOVMIL"

    edited = invoke("actors", "edit", "Tomas Vaitkunas", "--db", str(db), "--code", "LVAGOVMIL")
    assert edited.exit_code == 0, edited.output
    assert "2 articles recoded" in edited.output

    with Store(db, readonly=True) as store:
        (named,) = [e for e in store.events() if e.doc_date == dt.date(2023, 3, 9)]
        assert named.source is not None
        assert (named.source.code, named.source.via) == ("LVAGOVMIL", "memory")
        assert store.count_events(newsevents.EventQuery(source="LTU")) == 0
    after = state(db)
    france = {r for r in before["events"] if (r[2] or "").startswith("FRA")}
    assert france and france <= set(after["events"])  # the unrelated article is untouched
    assert len(after["events"]) == len(before["events"])  # replaced, not duplicated

    # The same articles coded from scratch with the correction give the same store.
    fresh = tmp_path / "fresh.db"
    with Store(fresh) as store:
        store.correct_actor(
            KnownActor("Tomas Vaitkunas", "LVA", ("GOV", "MIL"), "LVAGOVMIL", source=USER)
        )
    assert invoke("ingest", *paths, "--db", str(fresh), "--no-progress").exit_code == 0
    assert after == state(fresh)


@pytest.mark.model
def test_recode_command_codes_the_articles_naming_an_actor_or_all(tmp_path: Path) -> None:
    paths = write(tmp_path)
    db = str(tmp_path / "news.db")
    assert invoke("ingest", *paths, "--db", db, "--no-progress").exit_code == 0
    assert (
        invoke(
            "actors", "edit", "Tomas Vaitkunas", "--db", db, "--country", "LVA", "--no-recode"
        ).exit_code
        == 0
    )
    with Store(db, readonly=True) as store:
        assert store.count_events(newsevents.EventQuery(source="LVA")) == 0
    one = invoke("recode", "--db", db, "--actor", "Tomas Vaitkunas", "--no-progress")
    assert one.exit_code == 0 and "2 articles recoded" in one.output
    with Store(db, readonly=True) as store:
        assert store.count_events(newsevents.EventQuery(source="LVA")) >= 1
        shown = store.known_actor("Tomas Vaitkunas")
        assert shown is not None and (shown.source, shown.conflicts) == (USER, 1)
    everything = invoke("recode", "--db", db, "--all", "--no-progress")
    assert everything.exit_code == 0 and "3 articles recoded" in everything.output
    with Store(db, readonly=True) as store:
        assert store.count_events(newsevents.EventQuery(source="LVA")) >= 1
        assert len(store.actor_sightings("Tomas Vaitkunas")) == 1  # learned again, once
    assert invoke("recode", "--db", db).exit_code == 2
    shown = json.loads(invoke("actors", "show", "Tomas Vaitkunas", "--db", db).output)
    assert (shown["code"], shown["source"], shown["events"]) == ("LVAGOVMIL", "user", 2)
