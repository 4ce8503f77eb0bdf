"""Property: any event survives event_to_dict -> store -> event_from_dict unchanged."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from newsevents.serialize import event_from_dict, event_to_dict
from newsevents.store import EventQuery, Store
from newsevents.types import Actor, Article, Document, Event, Mode, Place, Precision, Span, TimeRef

text = st.text(max_size=40)
offsets = st.integers(min_value=-1, max_value=10_000)
actors = st.none() | st.builds(
    Actor,
    text=text,
    name=text,
    code=st.text(min_size=1, max_size=12),
    country=st.none() | text,
    sectors=st.lists(st.text(min_size=1, max_size=5), max_size=3).map(tuple),
    start=offsets,
    end=offsets,
    via=text,
)
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
    return Event(
        doc_id=draw(st.text(max_size=20)),
        doc_date=draw(dates),
        sentence_index=draw(st.integers(0, 10_000)),
        source=draw(actors),
        target=draw(actors),
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
        if event.source is not None:
            assert store.count_events(EventQuery(source=event.source.code)) == 1
        if event.evidence.text:
            assert store.count_events(EventQuery(text=event.evidence.text)) == 1
