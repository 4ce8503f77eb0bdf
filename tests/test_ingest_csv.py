"""CSV with a header row: columns by name, quoted multi-line fields, one error per bad row."""

from __future__ import annotations

import datetime as dt
import gzip
from pathlib import Path

import pytest

from newsevents.errors import InputError
from newsevents.ingest import article_id, iter_articles
from newsevents.types import Article

DAY = dt.date(2024, 10, 15)


def write(tmp_path: Path, data: str | bytes, name: str = "news.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(data.encode() if isinstance(data, str) else data)
    return path


def read(path: Path) -> list[Article | InputError]:
    return list(iter_articles([path]))


def articles(path: Path) -> list[Article]:
    items = read(path)
    assert all(isinstance(item, Article) for item in items), items
    return [item for item in items if isinstance(item, Article)]


def test_columns_are_matched_by_name_in_any_case_and_order(tmp_path: Path) -> None:
    path = write(tmp_path, "Source,TEXT,Date,Title,url,ID\nex.org,Talks.,2024-10-15,T,u,a1\n")
    assert articles(path) == [
        Article(
            id="a1",
            date=DAY,
            text="Talks.",
            title="T",
            url="u",
            source="ex.org",
            origin=f"{path}:2",
        )
    ]


def test_missing_optional_columns_and_id_give_a_content_id(tmp_path: Path) -> None:
    [item] = articles(write(tmp_path, "date,text\n2024-10-15,Talks.\n"))
    assert item.id == article_id("Talks.", DAY)


@pytest.mark.parametrize("column", ["body", "content", "Body"])
def test_body_or_content_column_is_the_text(tmp_path: Path, column: str) -> None:
    [item] = articles(write(tmp_path, f"date,{column}\n2024-10-15,Talks.\n"))
    assert item.text == "Talks."


def test_quoted_multiline_field_origin_is_the_line_where_the_record_starts(
    tmp_path: Path,
) -> None:
    path = write(tmp_path, 'date,text\n2024-10-15,"A.\n\nB, c."\n2024-10-15,D.\n')
    first, second = articles(path)
    assert (first.text, first.origin) == ("A.\n\nB, c.", f"{path}:2")
    assert second.origin == f"{path}:5"


def test_missing_text_column_is_one_error_for_the_file(tmp_path: Path) -> None:
    path = write(tmp_path, "date,title\n2024-10-15,A\n2024-10-15,B\n")
    [item] = read(path)
    assert isinstance(item, InputError)
    assert item.reason.startswith("no 'text' column")


def test_missing_date_column_is_one_error_for_the_file(tmp_path: Path) -> None:
    [item] = read(write(tmp_path, "text\nA.\nB.\n"))
    assert isinstance(item, InputError)
    assert item.reason == "no 'date' column in the header row"


@pytest.mark.parametrize("content", [b"", b"\n\n", b"\xef\xbb\xbf"])
def test_empty_file_has_no_header(tmp_path: Path, content: bytes) -> None:
    [item] = read(write(tmp_path, content))
    assert isinstance(item, InputError) and item.reason.startswith("no header row")


def test_bad_rows_are_errors_and_reading_continues(tmp_path: Path) -> None:
    path = write(tmp_path, "date,text\n2024-02-30,A.\n2024-10-15,\n,C.\n2024-10-15,D.\n")
    items = read(path)
    assert [str(item) for item in items[:3]] == [
        f"{path}:2: impossible date '2024-02-30'",
        f"{path}:3: empty text",
        f"{path}:4: missing date",
    ]
    assert isinstance(items[3], Article) and items[3].text == "D."


def test_blank_rows_are_skipped(tmp_path: Path) -> None:
    assert len(articles(write(tmp_path, "date,text\n\n2024-10-15,A.\n,\n2024-10-15,B.\n"))) == 2


def test_short_rows_leave_missing_fields_empty(tmp_path: Path) -> None:
    [item] = articles(write(tmp_path, "date,text,title\n2024-10-15,A.\n"))
    assert item.title == ""


def test_non_utf8_row_is_an_error_for_that_row_only(tmp_path: Path) -> None:
    path = write(tmp_path, b"date,text\n2024-10-15,caf\xe9\n2024-10-15,B.\n")
    bad, good = read(path)
    assert str(bad) == f"{path}:2: not UTF-8 text (byte 0xe9 at offset 14)"
    assert isinstance(good, Article) and good.text == "B."


def test_non_utf8_header_is_one_error_for_the_file(tmp_path: Path) -> None:
    [item] = read(write(tmp_path, b"date,t\xe9xt\n2024-10-15,A.\n"))
    assert str(item).endswith(":1: not UTF-8 text (byte 0xe9 at offset 6)")


def test_bom_and_crlf_are_tolerated(tmp_path: Path) -> None:
    data = b'\xef\xbb\xbfdate,text\r\n2024-10-15,"A.\r\nB."\r\n'
    [item] = articles(write(tmp_path, data))
    assert (item.date, item.text) == (DAY, "A.\nB.")


def test_fields_larger_than_the_csv_default_limit_are_read(tmp_path: Path) -> None:
    text = "word " * 100_000
    [item] = articles(write(tmp_path, f'date,text\n2024-10-15,"{text}"\n'))
    assert item.text == text


def test_gzipped_csv_is_read(tmp_path: Path) -> None:
    path = write(tmp_path, gzip.compress(b"date,text\n2024-10-15,A.\n"), "news.csv.gz")
    assert [item.text for item in articles(path)] == ["A."]


def test_old_mac_line_endings_are_tolerated(tmp_path: Path) -> None:
    path = write(tmp_path, 'date,text\r2024-10-15,A.\r2024-10-15,"B.\rC."\r')
    assert [(item.text, item.origin) for item in articles(path)] == [
        ("A.", f"{path}:2"),
        ("B.\rC.", f"{path}:3"),
    ]


def test_a_nul_byte_in_one_row_does_not_lose_the_file(tmp_path: Path) -> None:
    """One NUL byte used to make the reader call the whole file binary."""
    path = tmp_path / "batch.csv"
    path.write_bytes(
        b"date,text\n2024-05-01,Russia attacked Ukraine.\n"
        b"2024-05-01,A row with a \x00 byte.\n2024-05-02,China met Russia.\n"
    )
    texts = [i.text for i in iter_articles([path]) if isinstance(i, Article)]
    assert texts[0] == "Russia attacked Ukraine." and texts[-1] == "China met Russia."
