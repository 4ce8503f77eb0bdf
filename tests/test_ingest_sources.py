"""Inputs: folders, globs, stdin and unreadable paths, each bad one an error value."""

from __future__ import annotations

import datetime as dt
import gzip
import io
import json
import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from newsevents.errors import InputError
from newsevents.ingest import input_size, iter_articles, reader
from newsevents.ingest.streams import ChunkReader
from newsevents.types import Article

DAY = dt.date(2024, 10, 15)
JSONL = json.dumps({"date": "2024-10-15", "text": "From JSONL."}) + "\n"


def read(*inputs: str | Path, **kwargs: object) -> list[Article | InputError]:
    return list(iter_articles(inputs, **kwargs))  # type: ignore[arg-type]


def put(path: Path, data: str | bytes = "date 2024-10-15 Talks.") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode() if isinstance(data, str) else data)
    return path


def origins(items: list[Article | InputError]) -> list[str]:
    return [item.origin for item in items]


def test_folder_is_read_recursively_in_sorted_order(tmp_path: Path) -> None:
    put(tmp_path / "b.txt")
    put(tmp_path / "a.jsonl", JSONL)
    put(tmp_path / "sub" / "c.csv", "date,text\n2024-10-15,From CSV.\n")
    put(tmp_path / "sub" / "d.ndjson.gz", gzip.compress(JSONL.encode()))
    assert origins(read(tmp_path)) == [
        f"{tmp_path}/a.jsonl:1",
        f"{tmp_path}/b.txt",
        f"{tmp_path}/sub/c.csv:2",
        f"{tmp_path}/sub/d.ndjson.gz:1",
    ]


def test_folder_skips_hidden_entries_and_unknown_extensions(tmp_path: Path) -> None:
    put(tmp_path / "a.txt")
    put(tmp_path / ".hidden.txt")
    put(tmp_path / ".git" / "b.txt")
    put(tmp_path / "README.md", "no date here")
    put(tmp_path / "data.json", "{}")
    assert origins(read(tmp_path)) == [f"{tmp_path}/a.txt"]


def test_folder_with_one_bad_file_yields_all_good_articles_and_one_error(tmp_path: Path) -> None:
    for name in ("a.txt", "b.txt", "d.txt"):
        put(tmp_path / name)
    put(tmp_path / "c.txt", b"\xff\xfe binary-ish \x00")
    items = read(tmp_path)
    errors = [item for item in items if isinstance(item, InputError)]
    assert len([item for item in items if isinstance(item, Article)]) == 3
    assert [str(error) for error in errors] == [f"{tmp_path}/c.txt: binary data, not text"]


def test_empty_folder_is_an_error(tmp_path: Path) -> None:
    put(tmp_path / "notes.md")
    [item] = read(tmp_path)
    assert isinstance(item, InputError) and item.origin == str(tmp_path)


def test_unlistable_folder_is_one_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def denied(
        top: str, onerror: Callable[[OSError], None]
    ) -> Iterator[tuple[str, list[str], list[str]]]:
        onerror(PermissionError(13, "Permission denied", top))
        yield from ()

    monkeypatch.setattr(os, "walk", denied)
    assert [str(item) for item in read(tmp_path)] == [
        f"{tmp_path}: cannot read folder: permission denied"
    ]


def test_glob_matches_in_sorted_order(tmp_path: Path) -> None:
    for name in ("b.jsonl.gz", "a.jsonl.gz"):
        put(tmp_path / "news" / name, gzip.compress(JSONL.encode()))
    put(tmp_path / "news" / "c.txt")
    assert origins(read(f"{tmp_path}/news/*.jsonl.gz")) == [
        f"{tmp_path}/news/a.jsonl.gz:1",
        f"{tmp_path}/news/b.jsonl.gz:1",
    ]


def test_double_star_glob_recurses_and_reads_each_file_once(tmp_path: Path) -> None:
    put(tmp_path / "a.txt")
    put(tmp_path / "x" / "y" / "b.txt")
    assert origins(read(f"{tmp_path}/**/*.txt")) == [f"{tmp_path}/a.txt", f"{tmp_path}/x/y/b.txt"]
    assert origins(read(f"{tmp_path}/**")) == [f"{tmp_path}/a.txt", f"{tmp_path}/x/y/b.txt"]


def test_glob_without_match_is_an_error_naming_it(tmp_path: Path) -> None:
    pattern = f"{tmp_path}/*.jsonl"
    assert [str(item) for item in read(pattern)] == [f"{pattern}: no files match this pattern"]


def test_missing_path_is_an_error_and_the_next_input_is_read(tmp_path: Path) -> None:
    missing = tmp_path / "missing.txt"
    gone, good = read(missing, put(tmp_path / "a.txt"))
    assert str(gone) == f"{missing}: no such file or directory"
    assert isinstance(good, Article)


def test_a_single_path_is_not_iterated_character_by_character(tmp_path: Path) -> None:
    path = put(tmp_path / "a.txt")
    assert origins(list(iter_articles(str(path)))) == [str(path)]  # a str is iterable
    assert origins(list(iter_articles(path))) == [str(path)]  # type: ignore[arg-type]


def test_nothing_is_opened_before_iteration(tmp_path: Path) -> None:
    iter_articles([tmp_path / "missing.txt"])  # no error raised, nothing read


def test_stdin_starting_with_a_brace_is_jsonl() -> None:
    items = read("-", stdin=io.BytesIO(("\n  " + JSONL + JSONL).encode()))
    assert origins(items) == ["<stdin>:2", "<stdin>:3"]


def test_stdin_otherwise_is_one_text_article() -> None:
    [item] = read("-", stdin=io.BytesIO(b"date 2024-10-15 Talks.\n"))
    assert isinstance(item, Article)
    assert (item.text, item.origin) == ("Talks.", "<stdin>")


def test_stdin_text_uses_the_default_date() -> None:
    [item] = read("-", stdin=io.BytesIO(b"Talks."), date=DAY)
    assert isinstance(item, Article) and item.date == DAY


def test_stdin_may_be_a_text_stream() -> None:
    [item] = read("-", stdin=io.StringIO("\ufeff" + JSONL))
    assert isinstance(item, Article) and item.text == "From JSONL."


def test_stdin_text_wrapper_is_read_through_its_bytes() -> None:
    wrapper = io.TextIOWrapper(io.BytesIO(b"date 2024-10-15 caf\xc3\xa9"), encoding="latin-1")
    [item] = read("-", stdin=wrapper)
    assert isinstance(item, Article) and item.text == "café"


def test_gzipped_stdin_is_recognised_by_its_magic_bytes() -> None:
    items = read("-", stdin=io.BytesIO(gzip.compress(JSONL.encode())))
    assert origins(items) == ["<stdin>:1"]


def test_directory_where_a_file_was_expected_is_an_error(tmp_path: Path) -> None:
    [item] = reader.read_file(str(tmp_path))
    assert str(item) == f"{tmp_path}: cannot read file: is a directory"


def test_broken_symlink_is_an_error(tmp_path: Path) -> None:
    link = tmp_path / "link.txt"
    link.symlink_to(tmp_path / "nowhere.txt")
    [item] = read(link)
    assert str(item) == f"{link}: cannot read file: no such file or directory"


@pytest.mark.skipif(os.geteuid() == 0, reason="root can read any file")
def test_unreadable_file_is_an_error(tmp_path: Path) -> None:
    path = put(tmp_path / "a.txt")
    path.chmod(0)
    [item] = read(path)
    assert str(item) == f"{path}: cannot read file: permission denied"


def test_permission_denied_is_an_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = put(tmp_path / "a.txt")

    def denied(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(reader, "open", denied, raising=False)
    [item] = read(path)
    assert str(item) == f"{path}: cannot read file: permission denied"


def test_read_failure_half_way_is_reported_after_the_items_before_it() -> None:
    def disk_with_a_bad_sector() -> Iterator[bytes]:
        yield (JSONL * 1_000).encode()
        raise OSError(5, "Input/output error")

    stdin = io.BufferedReader(ChunkReader(disk_with_a_bad_sector()))
    *items, last = read("-", stdin=stdin)
    assert origins(items) == [f"<stdin>:{n}" for n in range(1, 1_001)]
    assert str(last) == "<stdin>: cannot read file: input/output error"


def test_input_size_counts_the_files_that_would_be_read(tmp_path: Path) -> None:
    (tmp_path / "a.jsonl").write_text("x" * 10)
    (tmp_path / "b.txt").write_text("y" * 5)
    (tmp_path / "notes.md").write_text("z" * 100)  # not an article file: not read
    assert input_size([tmp_path]) == 15
    assert input_size(["-", tmp_path / "missing.txt"]) == 0
