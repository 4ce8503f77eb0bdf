"""Nasty inputs met in real corpora: each bad record is reported where it is, and nothing else
is lost (special files, unbalanced CSV quotes, damaged gzip, oversized records)."""

from __future__ import annotations

import gzip
import json
import os
import socket
import threading
import tracemalloc
import zlib
from collections.abc import Iterator
from pathlib import Path

import pytest

from newsevents.errors import InputError
from newsevents.ingest import iter_articles
from newsevents.ingest.count import count_items
from newsevents.types import Article

needs_fifo = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")


def record(n: int, text: str | None = None) -> dict[str, str]:
    return {"id": f"a{n}", "date": f"2024-05-{n:02d}", "text": text or f"Story number {n}."}


def jsonl(*records: dict[str, str]) -> bytes:
    return "".join(json.dumps(r) + "\n" for r in records).encode()


def read(*inputs: str | os.PathLike[str], **options: int) -> list[Article | InputError]:
    return list(iter_articles([*inputs], **options))  # type: ignore[arg-type]


def split(items: list[Article | InputError]) -> tuple[list[Article], list[InputError]]:
    return (
        [i for i in items if isinstance(i, Article)],
        [i for i in items if isinstance(i, InputError)],
    )


@pytest.fixture
def alarm() -> Iterator[None]:
    """Fail instead of hanging if reading blocks (a named pipe opened with no writer)."""
    import signal

    def hung(_signum: int, _frame: object) -> None:
        raise AssertionError("reading blocked")

    previous = signal.signal(signal.SIGALRM, hung)
    signal.alarm(10)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


# -- special files ------------------------------------------------------------------------------


@needs_fifo
def test_a_named_pipe_in_a_folder_is_reported_and_the_files_beside_it_read(
    tmp_path: Path, alarm: None
) -> None:
    (tmp_path / "a.jsonl").write_bytes(jsonl(record(1)))
    os.mkfifo(tmp_path / "b.jsonl")  # nobody writes to it: opening it would wait for ever
    (tmp_path / "c.txt").write_text("date 2024-05-03 Story three.\n")

    articles, errors = split(read(tmp_path))

    assert [a.text for a in articles] == ["Story number 1.", "Story three."]
    assert [str(e) for e in errors] == [
        f"{tmp_path / 'b.jsonl'}: not a regular file (a named pipe)"
    ]
    assert count_items([tmp_path]) == 3  # counting does not open it either


@needs_fifo
def test_a_named_pipe_matched_by_a_glob_is_reported(tmp_path: Path, alarm: None) -> None:
    os.mkfifo(tmp_path / "b.jsonl")
    (tmp_path / "c.jsonl").write_bytes(jsonl(record(3)))

    articles, errors = split(read(f"{tmp_path}/*.jsonl"))

    assert [a.id for a in articles] == ["a3"]
    assert [str(e) for e in errors] == [
        f"{tmp_path / 'b.jsonl'}: not a regular file (a named pipe)"
    ]


@needs_fifo
def test_a_named_pipe_named_on_the_command_line_is_read(tmp_path: Path, alarm: None) -> None:
    """``newsevents ingest <(zcat news.jsonl.gz)`` names a pipe: it is read like a file."""
    pipe = tmp_path / "news.jsonl"
    os.mkfifo(pipe)

    def write() -> None:
        with open(pipe, "wb") as out:
            out.write(jsonl(record(1), record(2)))

    writer = threading.Thread(target=write)
    writer.start()
    items = read(pipe)
    writer.join()

    assert [i.id for i in items if isinstance(i, Article)] == ["a1", "a2"]


def test_a_socket_is_skipped_wherever_it_is_named(tmp_path: Path) -> None:
    path = tmp_path / "s.jsonl"
    server = socket.socket(socket.AF_UNIX)
    try:
        server.bind(str(path))
    except OSError as exc:  # a path too long for a socket address
        pytest.skip(str(exc))
    try:
        for inputs in ([path], [tmp_path]):
            [error] = read(*inputs)
            assert str(error) == f"{path}: not a regular file (a socket)"
    finally:
        server.close()


# -- CSV quotes ---------------------------------------------------------------------------------

HEADER = "id,date,text\n"


def test_a_quote_never_closed_is_reported_and_the_rows_it_swallowed_read(tmp_path: Path) -> None:
    path = tmp_path / "news.csv"
    path.write_text(
        HEADER + 'a1,2024-05-01,"Good one."\n'
        'a2,2024-05-02,"A quote that is never closed\n'
        "a3,2024-05-03,Good two.\n"
        'a4,2024-05-04,"Good three, quoted."\n'
    )

    articles, errors = split(read(path))

    assert [(a.id, a.origin) for a in articles] == [
        ("a1", f"{path}:2"),
        ("a3", f"{path}:4"),
        ("a4", f"{path}:5"),
    ]
    [error] = errors
    assert error.origin == f"{path}:3"
    assert "reading resumes at line 4" in error.reason


def test_a_quoted_field_that_closes_rows_later_is_reported_and_the_rows_read(
    tmp_path: Path,
) -> None:
    """The stray quote closes at the end of a later row: no parse error, yet rows were
    swallowed into one text; the rows that read as rows of their own are found again."""
    path = tmp_path / "news.csv"
    path.write_text(
        HEADER + 'a1,2024-05-01,"Stray quote\na2,2024-05-02,Good two.\na3,2024-05-03,Good three."\n'
    )

    articles, errors = split(read(path))

    assert [a.id for a in articles] == ["a2", "a3"]
    [error] = errors
    assert error.origin == f"{path}:2" and error.reason.startswith("unbalanced quote")
    assert "line 3" in error.reason


def test_a_quote_inside_a_quoted_field_is_that_rows_error_only(tmp_path: Path) -> None:
    path = tmp_path / "news.csv"
    path.write_text(HEADER + 'a1,2024-05-01,"He said "no" twice."\na2,2024-05-02,Good.\n')

    articles, errors = split(read(path))

    assert [a.id for a in articles] == ["a2"]
    assert [e.origin for e in errors] == [f"{path}:2"]
    assert errors[0].reason.startswith("malformed CSV")


def test_legitimate_multiline_fields_are_not_taken_for_swallowed_rows(tmp_path: Path) -> None:
    text = "First paragraph, with a comma.\n\n2024 was a year; so was 2023.\nLast one."
    path = tmp_path / "news.csv"
    path.write_text(HEADER + f'a1,2024-05-01,"{text}"\na2,2024-05-02,Next.\n')

    articles, errors = split(read(path))

    assert errors == []
    assert [(a.id, a.text) for a in articles] == [("a1", text), ("a2", "Next.")]


def test_a_record_over_the_size_cap_is_skipped_and_reading_resumes_at_the_next_row(
    tmp_path: Path,
) -> None:
    long = "word, " * 400  # 2,400 bytes over several lines, in a quoted field
    path = tmp_path / "news.csv"
    lines = "\n".join([long] * 5)
    path.write_text(HEADER + f'a1,2024-05-01,"{lines}"\na2,2024-05-02,Next.\n')

    articles, errors = split(read(path, max_bytes=4000))

    assert [a.id for a in articles] == ["a2"]
    [error] = errors
    assert error.origin == f"{path}:2"
    assert "over max_article_bytes (4,000)" in error.reason


# -- gzip ---------------------------------------------------------------------------------------

GOOD = jsonl(*(record(n) for n in range(1, 6)))


def test_trailing_garbage_after_gzip_data_keeps_every_line(tmp_path: Path) -> None:
    path = tmp_path / "news.jsonl.gz"
    path.write_bytes(gzip.compress(GOOD) + b"garbage")

    articles, errors = split(read(path))

    assert [a.id for a in articles] == ["a1", "a2", "a3", "a4", "a5"]
    [error] = errors
    assert error.origin == str(path)
    assert error.reason.startswith("corrupt gzip: after the compressed data")


def test_trailing_garbage_keeps_a_last_line_without_a_line_break(tmp_path: Path) -> None:
    path = tmp_path / "news.jsonl.gz"
    path.write_bytes(gzip.compress(GOOD.rstrip(b"\n")) + b"garbage")

    assert [i.id for i in read(path) if isinstance(i, Article)] == ["a1", "a2", "a3", "a4", "a5"]


@pytest.mark.parametrize("cut", [9, 20, 30])
def test_a_small_truncated_gzip_keeps_the_lines_before_the_cut(tmp_path: Path, cut: int) -> None:
    """A file smaller than one read used to lose every line: the error came first."""
    compressed = gzip.compress(GOOD)
    path = tmp_path / "news.jsonl.gz"
    path.write_bytes(compressed[:-cut])
    whole_lines = _decompressible(compressed[:-cut]).count(b"\n")

    articles, errors = split(read(path))

    assert [a.id for a in articles] == [f"a{n}" for n in range(1, whole_lines + 1)]
    [error] = errors
    assert error.origin == f"{path}:{whole_lines + 1}"
    assert error.reason.startswith("corrupt gzip from here on")


def test_a_truncated_gzipped_csv_never_yields_its_cut_row(tmp_path: Path) -> None:
    rows = "".join(f"a{n},2024-05-{n % 28 + 1:02d},Story {n} of many words.\n" for n in range(40))
    compressed = gzip.compress((HEADER + rows).encode())
    path = tmp_path / "news.csv.gz"
    path.write_bytes(compressed[: len(compressed) - 40])

    articles, errors = split(read(path))

    assert articles and all(a.text.endswith("of many words.") for a in articles)
    assert len(errors) == 1 and errors[0].origin == f"{path}:{len(articles) + 2}"


def test_a_truncated_gzipped_text_file_is_one_error(tmp_path: Path) -> None:
    compressed = gzip.compress(b"date 2024-05-01 " + b"A long story. " * 200)
    path = tmp_path / "story.txt.gz"
    path.write_bytes(compressed[:-30])

    [error] = read(path)

    assert isinstance(error, InputError) and error.reason.startswith("corrupt gzip")


def _decompressible(data: bytes) -> bytes:
    """What zlib can decompress of a gzip member, however it ends."""
    return zlib.decompressobj(zlib.MAX_WBITS | 16).decompress(data)


# -- size cap -----------------------------------------------------------------------------------


def test_an_oversized_jsonl_line_is_reported_and_its_neighbours_read(tmp_path: Path) -> None:
    path = tmp_path / "news.jsonl"
    path.write_bytes(jsonl(record(1), record(2, "x" * 5000), record(3)))

    articles, errors = split(read(path, max_bytes=2000))

    assert [a.id for a in articles] == ["a1", "a3"]
    [error] = errors
    assert error.origin == f"{path}:2"
    assert error.reason == (
        f"line is {len(json.dumps(record(2, 'x' * 5000))):,} bytes, over max_article_bytes (2,000)"
    )


def test_reading_a_huge_line_holds_a_small_multiple_of_the_cap(tmp_path: Path) -> None:
    path = tmp_path / "news.jsonl"
    with path.open("wb") as out:
        out.write(jsonl(record(1)))
        out.write(b'{"date": "2024-05-02", "text": "' + b"x" * 30_000_000 + b'"}\n')
        out.write(jsonl(record(3)))

    tracemalloc.start()
    try:
        ids = [i.id if isinstance(i, Article) else "error" for i in read(path, max_bytes=1_000_000)]
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    assert ids == ["a1", "error", "a3"]
    assert peak < 4_000_000  # the whole line would be 30 MB, its decoded JSON as much again


@pytest.mark.parametrize(
    ("name", "data", "what"),
    [
        ("story.txt", b"date 2024-05-01 " + b"word " * 1000, "text file"),
        ("page.html", b"<html><body><p>" + b"word " * 5000 + b"</p></body></html>", "page"),
    ],
)
def test_an_oversized_file_read_whole_is_one_error(
    tmp_path: Path, name: str, data: bytes, what: str
) -> None:
    path = tmp_path / name
    path.write_bytes(data)

    [error] = read(path, max_bytes=2000)

    assert isinstance(error, InputError) and error.origin == str(path)
    assert error.reason.startswith(f"{what} is more than")


def test_an_oversized_feed_item_is_that_items_error(tmp_path: Path) -> None:
    items = "".join(
        f"<item><title>Story {n}</title><pubDate>Wed, 01 May 2024 10:00:00 GMT</pubDate>"
        f"<description>{'Long text. ' * (300 if n == 2 else 3)}</description></item>"
        for n in (1, 2, 3)
    )
    path = tmp_path / "world.rss"
    path.write_text(f'<?xml version="1.0"?><rss version="2.0"><channel>{items}</channel></rss>')

    articles, errors = split(read(path, max_bytes=2000))

    assert [a.title for a in articles] == ["Story 1", "Story 3"]
    assert [e.origin for e in errors] == [f"{path}:item 2"]
    assert errors[0].reason.startswith("article text is ")
