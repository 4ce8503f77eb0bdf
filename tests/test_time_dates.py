"""Event dates with the model: reported speech, anaphoric chains, future dates, spans and
the event's own clause. Several paraphrases per rule, and controls that must keep working."""

from __future__ import annotations

import datetime as dt

import pytest

import newsevents
from newsevents.time import ground
from newsevents.types import Event, Precision, TimeRef

pytestmark = pytest.mark.model

TUE = dt.date(2024, 10, 15)  # a Tuesday
MARCH = dt.date(2019, 3, 20)  # a Wednesday
DAY = dt.timedelta(days=1)
PUB = Precision.PUBLICATION


def dated(text: str, published: dt.date = TUE) -> dict[str, tuple[dt.date, dt.date, Precision]]:
    """Each event's trigger → its date (start, end, precision)."""
    events: list[Event] = newsevents.code(text, published)
    assert events, text
    return {
        e.trigger.text: (e.event_date.start, e.event_date.end, e.event_date.precision)
        for e in events
    }


def day(d: dt.date) -> tuple[dt.date, dt.date, Precision]:
    return d, d, Precision.DAY


def month(year: int, m: int) -> tuple[dt.date, dt.date, Precision]:
    last = (dt.date(year + m // 12, m % 12 + 1, 1) - DAY).day
    return dt.date(year, m, 1), dt.date(year, m, last), Precision.MONTH


def week_before(pub: dt.date) -> tuple[dt.date, dt.date, Precision]:
    monday = pub - pub.weekday() * DAY
    return monday - 7 * DAY, monday - DAY, Precision.WEEK


def publication(pub: dt.date = TUE) -> tuple[dt.date, dt.date, Precision]:
    return pub, pub, PUB


# -- 1. reported speech: the saying has the saying's date, the said its own or none ---------


@pytest.mark.parametrize(
    ("text", "saying", "said"),
    [
        ("Iran warned on Monday that Israel was preparing to attack Syria.", "warned",
         "preparing to attack"),
        ("Germany accused Russia last week of helping Belarus.", "accused", "helping"),
    ],
)  # fmt: skip
def test_the_saying_is_dated_by_its_expression_the_said_event_is_not(
    text: str, saying: str, said: str
) -> None:
    dates = dated(text)
    assert dates[saying][2] in {Precision.DAY, Precision.WEEK}
    assert dates[said] == publication()


@pytest.mark.parametrize(
    ("text", "trigger"),
    [
        ("Turkey said on Friday that Greece threatened Cyprus.", "threatened"),
        ("Egypt announced yesterday that Israel and Hamas had agreed to a ceasefire.",
         "agreed to"),
        ("Japan said on Monday that North Korea attacked South Korea.", "attacked"),
    ],
)  # fmt: skip
def test_a_reported_event_without_its_own_expression_keeps_the_publication_date(
    text: str, trigger: str
) -> None:
    assert dated(text)[trigger] == publication()


@pytest.mark.parametrize(
    ("text", "trigger"),
    [
        ("Russia said last week it was standing alongside China on Asian issues.",
         "standing alongside"),
        ("Germany said on Monday it condemned the attack on the embassy in Kabul.",
         "condemned"),
        ("Brazil announced yesterday that it would cooperate with Argentina on trade.",
         "cooperate"),
    ],
)  # fmt: skip
def test_a_stance_its_own_actor_states_is_dated_when_it_was_said(text: str, trigger: str) -> None:
    """The statement is the event: a verbal act the speaker tells of itself happened when it
    was said (a material act, or another actor's, does not: above)."""
    assert dated(text)[trigger] != publication()


# -- 2. chains: counted from the date the article last gave ---------------------------------


def test_a_chain_of_anaphoric_dates() -> None:
    dates = dated(
        "Russia attacked Ukraine on March 1. The previous day, Ukraine shelled Belgorod. "
        "Two days later, Russia and Ukraine held talks. The following month, France "
        "criticised Russia.",
        MARCH,
    )
    assert dates["attacked"] == day(dt.date(2019, 3, 1))
    assert dates["shelled"] == day(dt.date(2019, 2, 28))
    assert dates["held talks"] == day(dt.date(2019, 3, 2))
    assert dates["criticised"] == month(2019, 4)


@pytest.mark.parametrize(
    ("text", "trigger", "expect"),
    [
        ("Israel struck Gaza on October 3. The day before, Hamas fired rockets at Israel.",
         "fired rockets at", day(dt.date(2024, 10, 2))),
        ("In August 2023, Niger expelled France's ambassador. A week later, France "
         "criticised Niger.", "criticised", month(2023, 8)),
        ("Serbia and Kosovo held talks on June 3. Three days later, Serbia accused Kosovo "
         "of provocation.", "accused", day(dt.date(2024, 6, 6))),
        ("In March 2021, Egypt hosted talks with Sudan. The following month, Ethiopia "
         "rejected the plan.", "rejected", month(2021, 4)),
    ],
)  # fmt: skip
def test_anaphoric_dates_count_from_the_last_date_given(
    text: str, trigger: str, expect: tuple[dt.date, dt.date, Precision]
) -> None:
    assert dated(text)[trigger] == expect


def test_an_anaphoric_date_without_an_earlier_one_counts_from_publication() -> None:
    dates = dated("The day before, Russia shelled Kharkiv.")
    assert dates["shelled"] == day(TUE - DAY)


def test_less_than_three_weeks_after_a_month_stays_in_that_month() -> None:
    dates = dated(
        "In February 2022, following Putin's visit to Beijing, China and Russia declared a "
        "partnership, less than three weeks before this his forces launched a full-scale "
        "invasion of Ukraine."
    )
    feb = month(2022, 2)
    assert dates["launched a full-scale invasion"] == feb
    assert dates["visit"] == feb


def test_an_offset_finer_than_the_anchor_does_not_move_it() -> None:
    anchor = TimeRef(dt.date(2022, 2, 1), dt.date(2022, 2, 28), Precision.MONTH)
    for text in ("less than three weeks before this", "two weeks later", "a week after"):
        ref = ground(text, TUE, anchor=anchor)
        assert ref is not None and (ref.start, ref.end) == (anchor.start, anchor.end), text
    later = ground("six weeks later", TUE, anchor=anchor)
    assert later is not None and (later.start, later.precision) == (
        dt.date(2022, 3, 1),
        Precision.MONTH,
    )


# -- 3. a future date stays in the future ---------------------------------------------------


@pytest.mark.parametrize(
    ("text", "trigger", "expect"),
    [
        ("Russia will hold talks with China on April 5.", "hold talks", dt.date(2019, 4, 5)),
        ("The leaders of France and Germany are due to meet in Paris on April 12.", "meet",
         dt.date(2019, 4, 12)),
        ("Iran is scheduled to sign a deal with Iraq on April 2.", "sign a deal",
         dt.date(2019, 4, 2)),
        ("Egypt is set to mediate talks between Israel and Hamas on April 8.", "mediate",
         dt.date(2019, 4, 8)),
        ("Japan plans to host talks with South Korea on May 20.", "plans to host",
         dt.date(2019, 5, 20)),
    ],
)  # fmt: skip
def test_a_future_month_and_day_is_not_moved_into_the_past(
    text: str, trigger: str, expect: dt.date
) -> None:
    assert dated(text, MARCH)[trigger] == day(expect)


@pytest.mark.parametrize(
    ("text", "trigger", "expect"),
    [
        ("Russia attacked Ukraine on March 2.", "attacked", day(dt.date(2019, 3, 2))),
        ("Russia attacked Ukraine on April 2.", "attacked", day(dt.date(2018, 4, 2))),
        ("Kenya and Ethiopia signed a deal on 3 March.", "signed a deal",
         day(dt.date(2019, 3, 3))),
        ("Turkey criticised Syria in February.", "criticised", month(2019, 2)),
    ],
)  # fmt: skip
def test_a_past_month_and_day_points_back(
    text: str, trigger: str, expect: tuple[dt.date, dt.date, Precision]
) -> None:
    assert dated(text, MARCH)[trigger] == expect


def test_the_present_tense_takes_the_nearer_year() -> None:
    ref = ground("on April 5", MARCH, tense="present")
    assert ref is not None and ref.start == dt.date(2019, 4, 5)
    ref = ground("on February 5", MARCH, tense="present")
    assert ref is not None and ref.start == dt.date(2019, 2, 5)


# -- 4. spans are not dates -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "trigger"),
    [
        ("Trump is the first president to refuse to meet Iran since 1976.", "refuse to meet"),
        ("Russia has not held talks with Ukraine since 2022.", "held talks"),
        ("China has condemned Japan until this year.", "condemned"),
        ("As of Monday, Ukraine was still negotiating with Russia.", "negotiating with"),
        ("Russia has sanctioned Britain since last year, the highest number since 1991.",
         "sanctioned"),
        ("Japan criticized China more than last year.", "criticized"),
    ],
)  # fmt: skip
def test_a_span_bound_does_not_date_the_event(text: str, trigger: str) -> None:
    assert dated(text)[trigger] == publication()


# -- 5. only the event's own clause ---------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "undated", "dated_trigger", "expect"),
    [
        ("A plane crashed on Wednesday, and Israeli jets struck Gaza.", "struck", None, None),
        ("Israeli jets struck Gaza after a plane crashed on Wednesday.", "struck", None, None),
        ("Russian forces shelled Kharkiv, which had been hit by missiles on Monday.",
         "shelled", "hit", day(TUE - DAY)),
        ("India condemned Pakistan, whose troops fired on the border on Sunday.",
         "condemned", "fired on the border on", day(TUE - 2 * DAY)),
        ("The UN criticised Israel because its troops raided Gaza on Thursday.",
         "criticised", "raided", day(TUE - 5 * DAY)),
    ],
)  # fmt: skip
def test_an_expression_in_another_clause_does_not_date_the_event(
    text: str,
    undated: str,
    dated_trigger: str | None,
    expect: tuple[dt.date, dt.date, Precision] | None,
) -> None:
    dates = dated(text)
    assert dates[undated] == publication()
    if dated_trigger is not None:
        assert dates[dated_trigger] == expect


# -- controls ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expect"),
    [
        ("Russia and China held talks in Beijing on Tuesday.", day(TUE)),
        ("France met Mali on Monday and condemned Chad.", day(TUE - DAY)),
        ("In May this year, Putin and Xi pledged a new era of partnership.", month(2024, 5)),
        ("Israeli forces attacked Gaza three days ago.", day(TUE - 3 * DAY)),
        ("Germany accused Russia last week of spying.", week_before(TUE)),
        ("In 1979, revolutionaries took control of Iran and captured the U.S. embassy, taking "
         "dozens of people there hostage.", (dt.date(1979, 1, 1), dt.date(1979, 12, 31),
                                             Precision.YEAR)),
    ],
)  # fmt: skip
def test_controls_every_event_of_the_sentence(
    text: str, expect: tuple[dt.date, dt.date, Precision]
) -> None:
    assert set(dated(text).values()) == {expect}
