"""The roles stage: a known person's role read at the event's own date, not the article's.

"Biden met Xi in 2011", in an article of 2023, is the vice president meeting, coded USAGOV;
"Shoigu visited the troops in 2023", read in 2025, is the defence minister (RUSGOVMIL). Runs
after the time stage has grounded each event's date; only actors whose role came from the
people dictionary are re-read, so a role the article itself states ("President X") stands.
A role from an actor dictionary brings its complete code: with Phoenix.Countries.actors.txt,
Putin is RUSELI in 1995 and RUSGOV in 2010.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from ..types import Actor, Document, Event, Precision
from .people import People
from .phoenix import shipped_people
from .resolve import actor_code


class RoleDater:
    """Stage ``Document -> Document``: dictionary roles of event actors at the event date."""

    name = "roles"
    requires: tuple[str, ...] = ("actors", "events", "time")

    def __init__(self, *, people: People | None = None) -> None:
        self.people = people if people is not None else shipped_people()

    def __call__(self, doc: Document) -> Document:
        events = tuple(self._redate(doc, event) for event in doc.events)
        return replace(doc, events=events, stages=(*doc.stages, self.name))

    def _redate(self, doc: Document, event: Event) -> Event:
        if event.event_date.precision is Precision.PUBLICATION:
            return event
        day = event.event_date.start
        # Every participant, not only the primary dyad: "Biden and Xi met in 2011".
        return event.map_actors(lambda actor: self._at(doc, actor, day))

    def _at(self, doc: Document, actor: Actor, day: dt.date) -> Actor:
        if actor.via != "dictionary":
            return actor
        person = self.people.lookup(actor.name)
        if person is None or actor.sectors != person.sectors_on(doc.date):
            return actor  # the article stated the role itself
        sectors = person.sectors_on(day)
        country = person.country_on(day)  # a dictionary code may change country too
        code = person.code_on(day) or actor_code(country, sectors)
        if (sectors, country, code) == (actor.sectors, actor.country, actor.code):
            return actor
        return replace(actor, sectors=sectors, country=country, code=code)
