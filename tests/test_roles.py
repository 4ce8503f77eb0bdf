"""Date-bounded roles of known people, read at the event's own date."""

from __future__ import annotations

import datetime as dt

import pytest

import newsevents
from newsevents.actors.people import People, parse_people
from newsevents.errors import LexiconError

D = dt.date

PEOPLE = parse_people(
    [
        "# name country sectors spellings start end",
        "Ann Example\tUSA\tLEG\tExample\t2001-01-03\t2009-01-20",
        "Ann Example\tUSA\tGOV\t\t2009-01-20\t2013-02-01",
        "Bo Undated\tFRA\tGOV\tUndated",
    ],
    origin="test.tsv",
)


def test_roles_change_on_their_start_date_end_exclusive() -> None:
    person = People(PEOPLE).lookup("Example")
    assert person is not None
    assert person.sectors_on(D(2009, 1, 19)) == ("LEG",)
    assert person.sectors_on(D(2009, 1, 20)) == ("GOV",)
    assert person.sectors_on(D(2013, 2, 1)) == ("ELI",)  # out of office: CAMEO's elites
    assert person.sectors_on(D(2000, 1, 1)) == ()  # before any office: the country alone


def test_an_undated_role_always_holds() -> None:
    person = People(PEOPLE).lookup("Bo Undated")
    assert person is not None and person.sectors_on(D(1900, 1, 1)) == ("GOV",)


def test_a_bad_date_names_the_file_and_line() -> None:
    with pytest.raises(LexiconError, match=r"x\.tsv:1"):
        parse_people(["Name\tUSA\tGOV\t\t2020-13-01\t"], origin="x.tsv")


def test_shipped_people_have_their_roles() -> None:
    shoigu = People.builtin().lookup("Shoigu")
    assert shoigu is not None
    assert shoigu.sectors_on(D(2020, 1, 1)) == ("GOV", "MIL")
    assert shoigu.sectors_on(D(2025, 1, 1)) == ("GOV",)


@pytest.mark.model
def test_a_role_is_read_at_the_event_date_not_the_publication_date() -> None:
    # Published in 2025, about 2011: Shoigu was then emergencies minister, not defence minister.
    (meet,) = [
        e
        for e in newsevents.code("In 2011, Shoigu met French officials in Paris.", "2025-03-01")
        if e.source is not None and e.source.name == "Sergei Shoigu"
    ]
    assert meet.event_date.start == D(2011, 1, 1)
    assert meet.source is not None
    assert meet.source.sectors == ("GOV",)
    assert meet.source.code == "RUSGOV"


@pytest.mark.model
def test_a_role_stated_in_the_article_is_kept() -> None:
    events = newsevents.code(
        "In 2011, Defense Minister Shoigu met French officials in Paris.", "2025-03-01"
    )
    source = next(e.source for e in events if e.source is not None)
    assert "MIL" in source.sectors
