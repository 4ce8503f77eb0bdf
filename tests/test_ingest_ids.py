"""article_id: the same article gets the same id wherever and however it was wrapped."""

from __future__ import annotations

import datetime as dt
import re

from hypothesis import given
from hypothesis import strategies as st

from newsevents.ingest import article_id

DAY = dt.date(2024, 10, 15)


def test_id_is_16_hex_digits() -> None:
    assert re.fullmatch(r"[0-9a-f]{16}", article_id("Talks resumed.", DAY))


def test_same_text_and_date_give_the_same_id() -> None:
    assert article_id("Talks resumed.", DAY) == article_id("Talks resumed.", DAY)


def test_rewrapped_copy_gets_the_same_id() -> None:
    original = "Russia and China held talks.\n\nThe talks went on."
    rewrapped = "  Russia and China\nheld talks.  The talks\twent on.\n"
    assert article_id(original, DAY) == article_id(rewrapped, DAY)


def test_different_date_gives_a_different_id() -> None:
    assert article_id("Talks resumed.", DAY) != article_id("Talks resumed.", DAY.replace(day=16))


def test_different_text_gives_a_different_id() -> None:
    assert article_id("Talks resumed.", DAY) != article_id("Talks stalled.", DAY)


def test_lone_surrogates_do_not_crash() -> None:
    assert len(article_id("bad \ud800 text", DAY)) == 16


@given(st.lists(st.text(alphabet=st.characters(exclude_categories=["Z", "Cc"]), min_size=1)))
def test_whitespace_between_words_does_not_change_the_id(words: list[str]) -> None:
    assert article_id(" ".join(words), DAY) == article_id("\n\n  ".join(words) + "\n", DAY)
