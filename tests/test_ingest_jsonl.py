"""JSON Lines: one article per line, bad lines reported by line number and skipped."""

from __future__ import annotations

import datetime as dt
import gzip
import io
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsevents.errors import InputError
from newsevents.ingest import article_id, iter_articles
from newsevents.types import Article

DAY = dt.date(2024, 10, 15)
GOOD = {"date": "2024-10-15", "text": "Talks began."}


def line(record: object) -> str:
    return json.dumps(record) + "\n"


def write(tmp_path: Path, data: str | bytes, name: str = "news.jsonl") -> Path:
    path = tmp_path / name
    path.write_bytes(data.encode() if isinstance(data, str) else data)
    return path


def read(path: Path) -> list[Article | InputError]:
    return list(iter_articles([path]))


def only_error(path: Path) -> InputError:
    [item] = read(path)
    assert isinstance(item, InputError), item
    return item


def test_all_fields_are_read(tmp_path: Path) -> None:
    record = {
        "id": "a1",
        "date": "2024-10-15",
        "title": "Talks",
        "text": "Talks began.",
        "url": "https://example.org/a1",
        "source": "example.org",
    }
    path = write(tmp_path, line(record))
    assert read(path) == [
        Article(
            id="a1",
            date=DAY,
            text="Talks began.",
            title="Talks",
            url="https://example.org/a1",
            source="example.org",
            origin=f"{path}:1",
        )
    ]


def test_only_date_and_text_are_required(tmp_path: Path) -> None:
    [item] = read(write(tmp_path, line(GOOD)))
    assert isinstance(item, Article)
    assert (item.title, item.url, item.source) == ("", "", "")
    assert item.id == article_id("Talks began.", DAY)


def test_null_optional_fields_read_as_empty(tmp_path: Path) -> None:
    [item] = read(write(tmp_path, line({**GOOD, "title": None, "id": None})))
    assert isinstance(item, Article)
    assert item.title == ""
    assert item.id == article_id("Talks began.", DAY)


def test_numeric_id_is_kept_as_a_string(tmp_path: Path) -> None:
    [item] = read(write(tmp_path, line({**GOOD, "id": 42})))
    assert isinstance(item, Article) and item.id == "42"


@pytest.mark.parametrize("value", ["2024-10-15", "20241015", "2024-10-15T08:00:00Z", 20241015])
def test_accepted_date_forms(tmp_path: Path, value: object) -> None:
    [item] = read(write(tmp_path, line({**GOOD, "date": value})))
    assert isinstance(item, Article) and item.date == DAY


def test_blank_lines_are_skipped_and_origins_count_every_line(tmp_path: Path) -> None:
    path = write(tmp_path, "\n" + line(GOOD) + "  \n\n" + line(GOOD))
    assert [item.origin for item in read(path)] == [f"{path}:2", f"{path}:5"]


def test_title_stays_separate_from_text(tmp_path: Path) -> None:
    [item] = read(write(tmp_path, line({**GOOD, "title": "Headline"})))
    assert isinstance(item, Article)
    assert (item.title, item.text) == ("Headline", "Talks began.")


def test_title_without_text_is_an_empty_text_error(tmp_path: Path) -> None:
    path = write(tmp_path, line({"date": "2024-10-15", "title": "Headline", "text": " "}))
    assert str(only_error(path)) == f"{path}:1: empty text"


def test_malformed_line_is_reported_and_reading_continues(tmp_path: Path) -> None:
    path = write(tmp_path, line(GOOD) + '{"date": "2024-10-15", text}\n' + line(GOOD))
    first, bad, last = read(path)
    assert isinstance(first, Article) and isinstance(last, Article)
    assert isinstance(bad, InputError)
    assert bad.origin == f"{path}:2"
    assert bad.reason.startswith("malformed JSON: expecting property name")


def test_a_control_character_is_named_once_with_its_column(tmp_path: Path) -> None:
    path = write(tmp_path, '{"date": "2024-10-15", "text": "a\tb"}\n')
    (bad,) = read(path)
    assert isinstance(bad, InputError)
    assert bad.reason == "malformed JSON: invalid control character at column 34"


@pytest.mark.parametrize(
    ("value", "kind"), [([1, 2], "array"), ("text", "string"), (3, "number"), (None, "null")]
)
def test_non_object_line_is_an_error(tmp_path: Path, value: object, kind: str) -> None:
    assert only_error(write(tmp_path, line(value))).reason == f"expected a JSON object, got {kind}"


@pytest.mark.parametrize(
    ("record", "reason"),
    [
        ({"text": "Talks."}, "missing date"),
        ({"date": "", "text": "Talks."}, "missing date"),
        ({"date": "2024-02-30", "text": "Talks."}, "impossible date '2024-02-30'"),
        ({"date": "2024-10-15"}, "missing 'text'"),
        ({"date": "2024-10-15", "text": ""}, "empty text"),
        ({"date": "2024-10-15", "text": ["a"]}, "'text' must be a string, not array"),
        ({**GOOD, "title": 5}, "'title' must be a string, not number"),
        ({**GOOD, "id": True}, "'id' must be a string, not boolean"),
        ({"date": "2024-10-15", "text": "bad \ud800"}, "'text' contains a lone surrogate (U+D800)"),
    ],
)
def test_bad_records_are_errors(tmp_path: Path, record: dict[str, object], reason: str) -> None:
    assert only_error(write(tmp_path, line(record))).reason == reason


def test_non_utf8_line_is_an_error_for_that_line_only(tmp_path: Path) -> None:
    path = write(tmp_path, line(GOOD).encode() + b'{"text": "caf\xe9"}\n' + line(GOOD).encode())
    first, bad, last = read(path)
    assert isinstance(first, Article) and isinstance(last, Article)
    assert str(bad) == f"{path}:2: not UTF-8 text (byte 0xe9 at offset 13)"


def test_bom_and_crlf_are_tolerated(tmp_path: Path) -> None:
    data = b"\xef\xbb\xbf" + json.dumps(GOOD).encode() + b"\r\n" + json.dumps(GOOD).encode()
    assert all(isinstance(item, Article) for item in read(write(tmp_path, data)))
    assert len(read(write(tmp_path, data))) == 2


@pytest.mark.parametrize("name", ["news.ndjson", "news.jsonl.gz", "news.ndjson.gz", "NEWS.JSONL"])
def test_other_names_and_gzip(tmp_path: Path, name: str) -> None:
    data = (line(GOOD) * 3).encode()
    path = write(tmp_path, gzip.compress(data) if name.endswith(".gz") else data, name)
    items = read(path)
    assert len(items) == 3 and all(isinstance(item, Article) for item in items)


def test_corrupt_gzip_keeps_the_articles_read_before(tmp_path: Path) -> None:
    compressed = gzip.compress((line(GOOD) * 20_000).encode())
    path = write(tmp_path, compressed[: len(compressed) // 2], "news.jsonl.gz")
    items = read(path)
    *articles, last = items
    assert articles and all(isinstance(item, Article) for item in articles)
    # The report names the line where reading stopped: every line before it was read.
    assert isinstance(last, InputError) and last.origin == f"{path}:{len(articles) + 1}"
    assert last.reason.startswith("corrupt gzip from here on: ")


def test_gz_name_without_gzip_data_is_corrupt_gzip(tmp_path: Path) -> None:
    reason = only_error(write(tmp_path, line(GOOD), "news.jsonl.gz")).reason
    assert reason.startswith("corrupt gzip: not a gzipped file")


def test_reading_is_lazy_one_line_at_a_time(tmp_path: Path) -> None:
    path = write(tmp_path, line(GOOD) * 100_000)
    items = iter_articles([path])
    assert isinstance(next(items), Article)
    with path.open("r+b") as handle:  # whatever was not read yet disappears
        handle.truncate(0)
    assert len(list(items)) < 2_000


def test_stdin_is_read_lazily() -> None:
    stream = io.BytesIO((line(GOOD) * 100_000).encode())
    items = iter_articles(["-"], stdin=stream)
    assert isinstance(next(items), Article)
    assert stream.tell() < len(stream.getvalue()) // 10


records = st.fixed_dictionaries(
    {
        "date": st.dates(dt.date(1000, 1, 1), dt.date(2999, 12, 31)),
        "text": st.text().filter(str.strip),
    },
    optional={"title": st.text(), "id": st.text(min_size=1).filter(str.strip)},
)


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(records, min_size=1, max_size=5), st.booleans())
def test_records_with_any_unicode_round_trip(
    tmp_path: Path, batch: list[dict[str, object]], ascii_only: bool
) -> None:
    data = "".join(
        json.dumps({**r, "date": str(r["date"])}, ensure_ascii=ascii_only) + "\n" for r in batch
    )
    items = read(write(tmp_path, data))
    assert len(items) == len(batch)
    for record, item in zip(batch, items, strict=True):
        assert isinstance(item, Article)
        assert (item.date, item.text) == (record["date"], record["text"])
        assert item.title == record.get("title", "")
        if "id" in record:
            assert item.id == str(record["id"]).strip()


@pytest.mark.parametrize(
    "bad",
    [
        b'{"date": "2024-05-01", "text": "Russia\x00 attacked Ukraine."}',
        '{"date": "2024-05-01", "text": "Russia attacked."}'.encode("utf-16-le"),
    ],
    ids=["a NUL byte", "a UTF-16 line"],
)
def test_one_binary_line_costs_only_that_line(tmp_path: Path, bad: bytes) -> None:
    """One NUL byte or UTF-16 line used to make the reader call the whole file binary and
    skip every good record in it."""
    good = [
        json.dumps({"date": "2024-05-01", "text": f"Story {n}: Russia attacked Ukraine."})
        for n in range(3)
    ]
    path = tmp_path / "batch.jsonl"
    path.write_bytes(b"\n".join([good[0].encode(), bad, good[1].encode(), good[2].encode()]))
    items = list(iter_articles([path]))
    assert [i.text[:7] for i in items if isinstance(i, Article)] == [
        "Story 0",
        "Story 1",
        "Story 2",
    ]
    (error,) = [i for i in items if isinstance(i, InputError)]
    assert error.origin == f"{path}:2"


def test_a_binary_file_named_jsonl_is_still_one_error(tmp_path: Path) -> None:
    path = tmp_path / "image.jsonl"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
    (error,) = list(iter_articles([path]))
    assert isinstance(error, InputError) and "binary" in error.reason
