"""Property: any event survives event_to_dict -> store -> event_from_dict unchanged, with every
participant findable by the actor filters."""

from __future__ import annotations

import datetime as dt
import string

from hypothesis import given, settings
from hypothesis import strategies as st

from newsevents.serialize import event_from_dict, event_to_dict
from newsevents.store import EventQuery, Store
from newsevents.types import Actor, Article, Document, Event, Mode, Place, Precision, Span, TimeRef

text = st.text(max_size=40)
offsets = st.integers(min_value=-1, max_value=10_000)
some_actor = st.builds(
    Actor,
    text=text,
    name=text,
    # Codes as the coder writes them (upper-case letters and digits): filters read any case.
    code=st.text(alphabet=string.ascii_uppercase + string.digits, min_size=1, max_size=12),
    country=st.none() | text,
    sectors=st.lists(st.text(min_size=1, max_size=5), max_size=3).map(tuple),
    start=offsets,
    end=offsets,
    via=text,
)
actors = st.none() | some_actor
more_actors = st.lists(some_actor, max_size=2).map(tuple)
places = st.none() | st.builds(
    Place,
    name=text,
    country=st.none() | text,
    admin1=st.none() | text,
    latitude=st.none() | st.floats(-90, 90),
    longitude=st.none() | st.floats(-180, 180),
)
dates = st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31))
spans = st.builds(Span, text=text, start=offsets, end=offsets)


@st.composite
def events(draw: st.DrawFn) -> Event:
    start = draw(dates)
    end = start + dt.timedelta(days=draw(st.integers(0, 400)))
    source, target = draw(actors), draw(actors)
    reciprocal = source is not None and target is not None and draw(st.booleans())
    sources: tuple[Actor, ...] = ()
    targets: tuple[Actor, ...] = ()
    if reciprocal and source is not None and target is not None:
        sources = targets = (source, target, *draw(more_actors))
    else:
        sources = (source, *draw(more_actors)) if source is not None else ()
        targets = (target, *draw(more_actors)) if target is not None else ()
    return Event(
        doc_id=draw(st.text(max_size=20)),
        doc_date=draw(dates),
        sentence_index=draw(st.integers(0, 10_000)),
        source=source,
        target=target,
        sources=sources,
        targets=targets,
        reciprocal=reciprocal,
        cameo=draw(st.text(min_size=1, max_size=4)),
        cameo_name=draw(text),
        plover=draw(text),
        quad_class=draw(st.integers(0, 4)),
        goldstein=draw(st.floats(-10, 10)),
        event_date=TimeRef(start, end, draw(st.sampled_from(Precision)), draw(text)),
        evidence=draw(spans),
        trigger=draw(spans),
        mode=draw(st.sampled_from(Mode)),
        location=draw(places),
        confidence=draw(st.floats(0, 1)),
    )


@settings(max_examples=150, deadline=None)
@given(event=events(), body=st.text(max_size=60))
def test_event_round_trips_through_the_store(event: Event, body: str) -> None:
    article = Article(id=event.doc_id, date=event.doc_date, text=body, title=body)
    with Store(":memory:") as store:
        assert store.add_documents([Document(article=article, events=(event,))]).events_added == 1
        (stored,) = store.events(EventQuery(doc_id=event.doc_id))
        assert stored == event
        assert event_to_dict(stored) == event_to_dict(event)
        assert event_from_dict(event_to_dict(stored)) == event
        assert store.document(event.doc_id) == article
        for actor in event.all_sources():
            assert store.count_events(EventQuery(source=actor.code)) == 1
            assert store.count_events(EventQuery(actor=actor.code)) == 1
        for actor in event.all_targets():
            assert store.count_events(EventQuery(target=actor.code)) == 1
        (rows,) = store._conn.execute("SELECT count(*) FROM event_actors").fetchone()
        assert rows == len(event.all_sources()) + len(event.all_targets())
        if event.evidence.text:
            assert store.count_events(EventQuery(text=event.evidence.text)) == 1
