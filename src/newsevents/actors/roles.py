"""The roles stage: a known person's role read at the event's own date, not the article's.

"Biden met Xi in 2011", in an article of 2023, is the vice president meeting, coded USAGOV;
"Shoigu visited the troops in 2023", read in 2025, is the defence minister (RUSGOVMIL). Runs
after the time stage has grounded each event's date; only actors whose role came from the
people dictionary are re-read, so a role the article itself states ("President X") stands.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from ..types import Actor, Document, Event, Precision
from .people import People
from .resolve import actor_code


class RoleDater:
    """Stage ``Document -> Document``: dictionary roles of event actors at the event date."""

    name = "roles"
    requires: tuple[str, ...] = ("actors", "events", "time")

    def __init__(self, *, people: People | None = None) -> None:
        self.people = people or People.builtin()

    def __call__(self, doc: Document) -> Document:
        events = tuple(self._redate(doc, event) for event in doc.events)
        return replace(doc, events=events, stages=(*doc.stages, self.name))

    def _redate(self, doc: Document, event: Event) -> Event:
        if event.event_date.precision is Precision.PUBLICATION:
            return event
        day = event.event_date.start
        source = self._at(doc, event.source, day)
        target = self._at(doc, event.target, day)
        if source is event.source and target is event.target:
            return event
        return replace(event, source=source, target=target)

    def _at(self, doc: Document, actor: Actor | None, day: dt.date) -> Actor | None:
        if actor is None or actor.via != "dictionary":
            return actor
        person = self.people.lookup(actor.name)
        if person is None or actor.sectors != person.sectors_on(doc.date):
            return actor  # the article stated the role itself
        sectors = person.sectors_on(day)
        if sectors == actor.sectors:
            return actor
        return replace(actor, sectors=sectors, code=actor_code(actor.country, sectors))
