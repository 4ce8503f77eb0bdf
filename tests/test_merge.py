"""Cross-article merging of event mentions into merged events."""

from __future__ import annotations

import datetime as dt
import sqlite3
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from legacy import write_old_store
from newsevents.errors import StoreError
from newsevents.serialize import event_id
from newsevents.store import DEFAULT_MERGE_WINDOW_DAYS, EventQuery, MergedEvent, Store, schema
from newsevents.store.merge import MERGEABLE_MODES, _gap, _Key, _key, codes_compatible, matches
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


# -- the store's clusters against a plain reading of the rule -----------------------------------


def reference_clusters(conn: sqlite3.Connection, window: int) -> list[tuple[object, ...]]:
    """Merged events as the module docstring defines them, computed the slow, plain way: every
    stored event in insertion order against every earlier cluster's representative, counts
    taken at the end. Each cluster is (representative, members, mentions, articles, sources,
    first seen, last seen)."""
    rows = conn.execute(
        """SELECT e.event_id, e.doc_id, d.source, e.doc_date, e.cameo, e.source_code,
            e.target_code, e.event_start, e.event_end, e.event_precision, e.location_country,
            e.mode
        FROM events e JOIN documents d ON d.id = e.doc_id ORDER BY e.rowid"""
    ).fetchall()
    found: list[tuple[_Key, bool, list[tuple[str, str, str, str]]]] = []
    for event_id_, doc_id, outlet, seen, *fields, mode in rows:
        key = _key(tuple(fields))
        mergeable = mode in MERGEABLE_MODES and bool(key.source_code) and bool(key.target_code)
        best: tuple[int, int] | None = None
        for n, (rep, rep_mergeable, _) in enumerate(found):
            if mergeable and rep_mergeable and matches(key, rep, window):
                candidate = (_gap(key, rep), n)
                best = candidate if best is None else min(best, candidate)
        member = (event_id_, doc_id, outlet, seen)
        if best is None:
            found.append((key, mergeable, [member]))
        else:
            found[best[1]][2].append(member)
    return sorted(
        (
            members[0][0],
            tuple(m[0] for m in members),
            len(members),
            len({m[1] for m in members}),
            len({m[2] for m in members if m[2]}),
            min(m[3] for m in members),
            max(m[3] for m in members),
        )
        for _, _, members in found
    )


def stored_clusters(store: Store) -> list[tuple[object, ...]]:
    return sorted(
        (
            m.event_id,
            m.event_ids,
            m.n_mentions,
            m.n_articles,
            m.n_sources,
            m.first_seen.isoformat(),
            m.last_seen.isoformat(),
        )
        for m in store.merged_events()
    )


def retold(example_db: Path) -> list[Document]:
    """Real coded news (the examples and the sample article) as three more outlets retell it,
    0, 2 and 4 days later: copies of the same events, some inside the merge window, some not,
    among one-sided, negated and unrelated events."""
    with Store(example_db, readonly=True) as store:
        originals = [
            (store.document(i), list(store.events(EventQuery(doc_id=i))))
            for i in store.document_ids()
        ]
    docs = []
    for shift, outlet in ((0, "x.com"), (2, "y.com"), (4, "z.com")):
        later = dt.timedelta(days=shift)
        for article, events in originals:
            assert article is not None
            copy = replace(
                article, id=f"{article.id}@{outlet}", source=outlet, date=article.date + later
            )
            moved = tuple(
                replace(
                    e,
                    doc_id=copy.id,
                    doc_date=copy.date,
                    event_date=replace(
                        e.event_date, start=e.event_date.start + later, end=e.event_date.end + later
                    ),
                    claim_of=None,
                    responds_to=None,
                )
                for e in events
            )
            docs.append(Document(article=copy, events=moved))
    return docs


def test_coded_news_retold_by_other_outlets_merges_as_the_rule_says(example_db: Path) -> None:
    docs = retold(example_db)
    with Store(":memory:") as one_batch, Store(":memory:") as batches:
        one_batch.add_documents(docs)
        for i in range(0, len(docs), 3):
            batches.add_documents(docs[i : i + 3])
        expected = reference_clusters(one_batch._conn, one_batch.merge_window_days)
        assert stored_clusters(one_batch) == expected
        assert stored_clusters(batches) == expected
        one_batch.remerge()
        assert stored_clusters(one_batch) == expected
    sizes = [len(members) for _, members, *_ in expected]  # type: ignore[arg-type]
    assert max(sizes) > 2 and sizes.count(1) > 10  # merged across outlets, and not everything


KYIV = Place("Kyiv", "UKR", "12", 50.45, 30.52)
MINSK = Place("Minsk", "BLR", None, 53.9, 27.56)

_mention = st.tuples(
    st.sampled_from(["RUS", "RUSMIL", "UKR", None]),  # source
    st.sampled_from(["UKR", "UKRGOV", "RUS", None]),  # target
    st.sampled_from(["190", "1901", "042", "180"]),  # cameo
    st.integers(min_value=0, max_value=9),  # days after DAY
    st.sampled_from([Precision.DAY, Precision.PUBLICATION, Precision.WEEK]),
    st.sampled_from([Mode.ASSERTED, Mode.ASSERTED, Mode.REPORTED, Mode.NEGATED]),
    st.sampled_from([None, KYIV, MINSK]),
)


@settings(max_examples=60, deadline=None)
@given(
    articles=st.lists(
        st.tuples(st.sampled_from(["x", "y", ""]), st.lists(_mention, min_size=1, max_size=6)),
        min_size=1,
        max_size=25,
    ),
    batch=st.integers(min_value=1, max_value=8),
)
def test_many_mentions_merge_as_the_rule_says(
    articles: list[tuple[str, list[tuple[object, ...]]]], batch: int
) -> None:
    docs = []
    for n, (outlet, mentions) in enumerate(articles):
        events = []
        for sentence, (source, target, cameo, days, precision, mode, place) in enumerate(mentions):
            start = DAY + dt.timedelta(days=days)  # type: ignore[arg-type]
            end = start + dt.timedelta(days=6 if precision == Precision.WEEK else 0)
            made = event(
                f"d{n}",
                source=source,  # type: ignore[arg-type]
                target=target,  # type: ignore[arg-type]
                cameo=cameo,  # type: ignore[arg-type]
                mode=mode,  # type: ignore[arg-type]
                place=place,  # type: ignore[arg-type]
                sentence=sentence,
            )
            events.append(replace(made, event_date=TimeRef(start, end, precision)))  # type: ignore[arg-type]
        docs.append(doc(f"d{n}", outlet, *events, date=DAY + dt.timedelta(days=n % 5)))
    with Store(":memory:") as s:
        for i in range(0, len(docs), batch):
            s.add_documents(docs[i : i + batch])
        assert stored_clusters(s) == reference_clusters(s._conn, s.merge_window_days)


def test_thousands_of_identical_mentions_make_one_event() -> None:
    """The shape that made merging quadratic: one article repeating one event."""
    events = [event("a", sentence=n) for n in range(2000)]
    with Store(":memory:") as s:
        s.add_documents([doc("a", "x", *events)])
        (merged,) = clusters(s)
        assert (merged.n_mentions, merged.n_articles, merged.n_sources) == (2000, 1, 1)
        assert merged.event_ids == tuple(event_id(e) for e in events)
        assert stored_clusters(s) == reference_clusters(s._conn, s.merge_window_days)
