"""Cross-article merging of event mentions into merged events."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest

from legacy import write_old_store
from newsevents.errors import StoreError
from newsevents.serialize import event_id
from newsevents.store import DEFAULT_MERGE_WINDOW_DAYS, EventQuery, MergedEvent, Store, schema
from newsevents.store.merge import codes_compatible
from newsevents.types import Actor, Article, Document, Event, Mode, Place, Precision, Span, TimeRef

DAY = dt.date(2024, 6, 3)


def actor(code: str) -> Actor:
    return Actor(
        text=code.title(), name=f"{code} name", code=code, country=code[:3], start=0, end=3
    )


def event(
    doc_id: str,
    *,
    source: str | None = "RUS",
    target: str | None = "UKR",
    cameo: str = "190",
    when: dt.date = DAY,
    precision: Precision = Precision.DAY,
    mode: Mode = Mode.ASSERTED,
    place: Place | None = None,
    sentence: int = 0,
) -> Event:
    return Event(
        doc_id=doc_id,
        doc_date=DAY,
        sentence_index=sentence,
        source=actor(source) if source else None,
        target=actor(target) if target else None,
        cameo=cameo,
        cameo_name=f"name of {cameo}",
        plover="ASSAULT",
        quad_class=4,
        goldstein=-10.0,
        event_date=TimeRef(when, when, precision),
        evidence=Span("Russia attacked Ukraine.", 0, 24),
        trigger=Span("attacked", 7, 15),
        mode=mode,
        location=place,
    )


def doc(doc_id: str, outlet: str, *events: Event, date: dt.date = DAY) -> Document:
    text = "Russia attacked Ukraine."
    article = Article(
        id=doc_id, date=date, text=text, url=f"https://{outlet}/{doc_id}", source=outlet
    )
    return Document(article=article, events=events or (event(doc_id),))


def clusters(store: Store) -> list[MergedEvent]:
    return list(store.merged_events())


def shape(store: Store) -> list[tuple[int, int, int]]:
    return [(m.n_mentions, m.n_articles, m.n_sources) for m in clusters(store)]


def test_two_outlets_same_day_merge() -> None:
    with Store(":memory:") as s:
        s.add_documents([doc("a", "bbc.com"), doc("b", "reuters.com")])
        [merged] = clusters(s)
        assert (merged.n_mentions, merged.n_articles, merged.n_sources) == (2, 2, 2)
        assert merged.cameo == "190"
        assert (merged.source_code, merged.target_code) == ("RUS", "UKR")
        assert merged.event_start == merged.event_end == DAY
        assert merged.first_seen == merged.last_seen == DAY
        assert merged.event_id == event_id(event("a"))
        assert merged.event_ids == (event_id(event("a")), event_id(event("b")))
        assert s.count_merged() == 1
        assert s.count_events() == 2


def test_same_outlet_counts_one_source() -> None:
    with Store(":memory:") as s:
        s.add_documents([doc("a", "bbc.com"), doc("b", "bbc.com"), doc("c", "")])
        assert shape(s) == [(3, 3, 1)]


def test_different_cameo_base_does_not_merge() -> None:
    with Store(":memory:") as s:
        s.add_documents([doc("a", "x"), doc("b", "y", event("b", cameo="180"))])
        assert shape(s) == [(1, 1, 1), (1, 1, 1)]
        # Same base, different leaf code: one event.
        s.add_documents([doc("c", "z", event("c", cameo="1901"))])
        assert sorted(shape(s)) == [(1, 1, 1), (2, 2, 2)]


def test_dates_ten_days_apart_do_not_merge() -> None:
    later = DAY + dt.timedelta(days=10)
    with Store(":memory:") as s:
        s.add_documents([doc("a", "x"), doc("b", "y", event("b", when=later))])
        assert s.count_merged() == 2


def test_day_precision_tolerates_one_day_publication_the_window() -> None:
    with Store(":memory:") as s:
        s.add_documents([doc("a", "x"), doc("b", "y", event("b", when=DAY + dt.timedelta(1)))])
        s.add_documents([doc("c", "z", event("c", when=DAY + dt.timedelta(2)))])
        assert shape(s) == [(2, 2, 2), (1, 1, 1)]
    publication = Precision.PUBLICATION
    with Store(":memory:") as s:
        first = event("a", precision=publication)
        near = event("b", precision=publication, when=DAY + dt.timedelta(3))
        far = event("c", precision=publication, when=DAY + dt.timedelta(4))
        s.add_documents([doc("a", "x", first), doc("b", "y", near), doc("c", "z", far)])
        assert shape(s) == [(2, 2, 2), (1, 1, 1)]
    with Store(":memory:", merge_window_days=5) as s:
        s.add_documents([doc("a", "x", first), doc("b", "y", near), doc("c", "z", far)])
        assert shape(s) == [(3, 3, 3)]


def test_prefix_compatible_codes_merge() -> None:
    assert codes_compatible("RUS", "RUSMIL") and codes_compatible("RUSMIL", "RUS")
    assert not codes_compatible("RUS", "UKR") and not codes_compatible("RUS", None)
    assert codes_compatible(None, None)
    with Store(":memory:") as s:
        s.add_documents([doc("a", "x"), doc("b", "y", event("b", source="RUSMIL"))])
        assert shape(s) == [(2, 2, 2)]
        s.add_documents([doc("c", "z", event("c", source="UKR"))])
        s.add_documents([doc("d", "w", event("d", target=None))])
        assert s.count_merged() == 3


def test_places_must_agree() -> None:
    kyiv = Place("Kyiv", "UKR", "12", 50.45, 30.52)
    kharkiv = Place("Kharkiv", "UKR", "07", 49.99, 36.23)
    minsk = Place("Minsk", "BLR", None, 53.9, 27.56)
    with Store(":memory:") as s:
        s.add_documents(
            [
                doc("a", "x", event("a", place=kyiv)),
                doc("b", "y", event("b", place=kharkiv)),
                doc("c", "z", event("c", place=minsk)),
                doc("d", "w", event("d")),
            ]
        )
        assert shape(s) == [(2, 2, 2), (1, 1, 1), (1, 1, 1)]


@pytest.mark.parametrize("mode", [Mode.NEGATED, Mode.FUTURE, Mode.CLAIMED])
def test_unhappened_events_never_merge(mode: Mode) -> None:
    with Store(":memory:") as s:
        s.add_documents(
            [
                doc("a", "x", event("a", mode=mode)),
                doc("b", "y", event("b", mode=mode)),
                doc("c", "z", event("c")),
                doc("d", "w", event("d", mode=Mode.REPORTED)),
            ]
        )
        assert shape(s) == [(1, 1, 1), (1, 1, 1), (2, 2, 2)]


def test_two_mentions_in_one_article() -> None:
    with Store(":memory:") as s:
        s.add_documents([doc("a", "x", event("a"), event("a", sentence=3))])
        assert shape(s) == [(2, 1, 1)]


def test_re_adding_a_document_changes_nothing() -> None:
    with Store(":memory:") as s:
        s.add_documents([doc("a", "x"), doc("b", "y")])
        before = clusters(s)
        result = s.add_documents([doc("a", "x"), doc("b", "y")])
        assert result.documents_skipped == 2
        assert clusters(s) == before


def corpus() -> list[Document]:
    later = DAY + dt.timedelta(days=10)
    return [
        doc("a", "x"),
        doc("b", "y", event("b", source="RUSMIL"), event("b", cameo="042", sentence=1)),
        doc("c", "z", event("c", when=later), event("c", mode=Mode.NEGATED, sentence=2)),
        doc("d", "x", event("d", cameo="042", when=DAY + dt.timedelta(1))),
        doc("e", "w", event("e", when=later + dt.timedelta(1), precision=Precision.PUBLICATION)),
    ]


def test_incremental_equals_batch_and_remerge() -> None:
    with Store(":memory:") as batch, Store(":memory:") as one_by_one:
        batch.add_documents(corpus())
        for d in corpus():
            one_by_one.add_documents([d])
        assert clusters(batch) == clusters(one_by_one)
        assert shape(batch) == [(2, 2, 2), (2, 2, 2), (1, 1, 1), (2, 2, 2)]
        assert batch.remerge() == 4
        assert clusters(batch) == clusters(one_by_one)


def test_merged_events_query_and_pagination() -> None:
    with Store(":memory:") as s:
        s.add_documents(corpus())
        assert s.count_merged(EventQuery(cameo="04")) == 1
        assert s.count_merged(EventQuery(source="RUSMIL")) == 1
        assert s.count_merged(EventQuery(mode="negated")) == 1
        page = list(s.merged_events(EventQuery(limit=2, offset=1)))
        assert [m.merged_id for m in page] == [m.merged_id for m in clusters(s)[1:3]]
        assert s.count_merged(EventQuery(limit=2, offset=3)) == 1


def test_window_is_validated_and_documented() -> None:
    assert DEFAULT_MERGE_WINDOW_DAYS == 3
    with pytest.raises(StoreError, match="merge_window_days"):
        Store(":memory:", merge_window_days=-1)
    with Store(":memory:") as s:
        assert s.merge_window_days == 3
    text = (Path(__file__).parents[1] / "docs" / "output.md").read_text(encoding="utf-8")
    assert "3 days" in text and "merged_events" in text


def test_readonly_cannot_remerge(tmp_path: Path) -> None:
    path = tmp_path / "e.db"
    Store(path).close()
    with Store(path, readonly=True) as ro, pytest.raises(StoreError, match="read-only"):
        ro.remerge()


def test_v1_database_is_upgraded_and_clustered(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    write_old_store(path, 1, corpus())
    conn = sqlite3.connect(path)
    assert (
        conn.execute("SELECT name FROM sqlite_master WHERE name = 'merged_events'").fetchone()
        is None
    )
    conn.close()
    with Store(path) as s:
        assert s.schema_version == len(schema.MIGRATIONS)
        assert shape(s) == [(2, 2, 2), (2, 2, 2), (1, 1, 1), (2, 2, 2)]
        nulls = s._conn.execute("SELECT count(*) FROM events WHERE merged_id IS NULL").fetchone()
        assert nulls == (0,)
    with Store(":memory:") as fresh:
        fresh.add_documents(corpus())
        with Store(path, readonly=True) as upgraded:
            assert clusters(upgraded) == clusters(fresh)


@pytest.mark.parametrize(("source", "target"), [(None, "UKR"), ("RUS", None), (None, None)])
def test_one_sided_mentions_never_merge(source: str | None, target: str | None) -> None:
    with Store(":memory:") as s:
        s.add_documents(
            [
                doc("a", "x", event("a", source=source, target=target)),
                doc("b", "y", event("b", source=source, target=target)),
            ]
        )
        assert shape(s) == [(1, 1, 1), (1, 1, 1)]
