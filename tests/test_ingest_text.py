"""Dated text files: ``date YYYY-MM-DD`` first, the article text on the same and next lines."""

from __future__ import annotations

import datetime as dt
import gzip
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsevents.errors import InputError
from newsevents.ingest import article_id, iter_articles
from newsevents.types import Article

SAMPLE = (
    Path(__file__).resolve().parents[1] / ".." / "shared" / "samples" / "article-2024-10-15.txt"
)
DAY = dt.date(2024, 10, 15)
NO_DATE = "no date: first line must start with 'date YYYY-MM-DD' (or pass --date)"


def read_one(path: Path, date: dt.date | None = None) -> Article | InputError:
    items = list(iter_articles([path], date=date))
    assert len(items) == 1
    return items[0]


def article(path: Path, date: dt.date | None = None) -> Article:
    item = read_one(path, date)
    assert isinstance(item, Article), item
    return item


def error(path: Path, date: dt.date | None = None) -> InputError:
    item = read_one(path, date)
    assert isinstance(item, InputError), item
    return item


def write(tmp_path: Path, data: str | bytes, name: str = "a.txt") -> Path:
    path = tmp_path / name
    path.write_bytes(data.encode() if isinstance(data, str) else data)
    return path


@pytest.mark.skipif(not SAMPLE.exists(), reason="shared samples not available")
def test_shared_sample_parses_with_its_date_and_text() -> None:
    item = article(SAMPLE)
    assert item.date == DAY
    assert item.text.startswith("Russia and China working")
    assert "\n\nThe talks will also reinforce" in item.text
    assert item.title == ""
    assert item.origin == str(SAMPLE)
    assert item.id == article_id(item.text, item.date)


def test_text_continues_on_the_date_line(tmp_path: Path) -> None:
    item = article(write(tmp_path, " date 2024-10-15 Talks began.\n\nThey ended.\n"))
    assert (item.date, item.text) == (DAY, "Talks began.\n\nThey ended.")


def test_text_may_start_on_the_next_line(tmp_path: Path) -> None:
    item = article(write(tmp_path, "date 2024-10-15\nTalks began.\n"))
    assert item.text == "Talks began."


def test_blank_lines_before_the_date_line_are_tolerated(tmp_path: Path) -> None:
    assert article(write(tmp_path, "\n\n\tdate 2024-10-15 Talks.")).date == DAY


def test_internal_whitespace_is_kept(tmp_path: Path) -> None:
    item = article(write(tmp_path, "date 2024-10-15   A  b.\n\n\n  C.\n"))
    assert item.text == "A  b.\n\n\n  C."


def test_default_date_applies_without_a_date_line(tmp_path: Path) -> None:
    item = article(write(tmp_path, "Talks began.\n"), date=DAY)
    assert (item.date, item.text) == (DAY, "Talks began.")


def test_date_line_wins_over_the_default_date(tmp_path: Path) -> None:
    item = article(write(tmp_path, "date 2024-10-15 Talks.\n"), date=dt.date(2000, 1, 1))
    assert item.date == DAY


def test_missing_date_line_is_an_error(tmp_path: Path) -> None:
    path = write(tmp_path, "Talks began.\n")
    assert str(error(path)) == f"{path}: {NO_DATE}"


def test_first_word_date_that_is_not_a_date_is_text(tmp_path: Path) -> None:
    path = write(tmp_path, "Date palms grew.\n")
    assert error(path).reason == NO_DATE
    assert article(path, date=DAY).text == "Date palms grew."


def test_impossible_date_on_the_date_line_is_an_error(tmp_path: Path) -> None:
    assert (
        error(write(tmp_path, "date 2024-02-30 Talks.\n")).reason == "impossible date '2024-02-30'"
    )


def test_a_date_line_without_text_is_empty_text(tmp_path: Path) -> None:
    assert error(write(tmp_path, "date 2024-10-15\n\n   \n"), date=DAY).reason == "empty text"


@pytest.mark.parametrize("content", ["", "  \n\t\n"])
@pytest.mark.parametrize("date", [DAY, None])
def test_an_empty_file_is_reported_as_empty_with_or_without_a_date(
    tmp_path: Path, content: str, date: dt.date | None
) -> None:
    """Not "no date": that sent users looking for a date line in a file with nothing in it."""
    assert error(write(tmp_path, content), date=date).reason == "empty file"


def test_crlf_line_endings_are_tolerated(tmp_path: Path) -> None:
    item = article(write(tmp_path, "date 2024-10-15 A.\r\n\r\nB.\r\n"))
    assert item.text == "A.\n\nB."


def test_utf8_bom_is_tolerated(tmp_path: Path) -> None:
    item = article(write(tmp_path, b"\xef\xbb\xbfdate 2024-10-15 Caf\xc3\xa9 talks."))
    assert (item.date, item.text) == (DAY, "Café talks.")


def test_non_utf8_file_names_the_byte_and_offset(tmp_path: Path) -> None:
    path = write(tmp_path, b"date 2024-10-15 caf\xe9 talks")
    assert str(error(path)) == f"{path}: not UTF-8 text (byte 0xe9 at offset 19)"


def test_binary_data_is_an_error(tmp_path: Path) -> None:
    assert error(write(tmp_path, b"date 2024-10-15 \x00\x01\x02")).reason == "binary data, not text"


@pytest.mark.parametrize("name", ["article", "article.md", "article.TXT"])
def test_files_of_other_names_are_read_as_text(tmp_path: Path, name: str) -> None:
    assert article(write(tmp_path, "date 2024-10-15 Talks.", name)).text == "Talks."


def test_gzipped_text_file_is_read(tmp_path: Path) -> None:
    path = write(tmp_path, gzip.compress(b"date 2024-10-15 Talks."), "a.txt.gz")
    assert article(path).text == "Talks."


bodies = st.text(st.characters(codec="utf-8", exclude_characters="\x00\r")).filter(
    lambda s: s.strip()
)


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(day=st.dates(dt.date(1000, 1, 1), dt.date(2999, 12, 31)), body=bodies)
def test_any_text_after_a_date_line_round_trips(tmp_path: Path, day: dt.date, body: str) -> None:
    item = article(write(tmp_path, f"date {day.isoformat()} {body}"))
    assert (item.date, item.text) == (day, body.strip())
