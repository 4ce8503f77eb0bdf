"""Whatever bytes come in, the reader yields Articles or InputErrors and never raises."""

from __future__ import annotations

import datetime as dt
import gzip
import io
import json
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsevents.errors import InputError
from newsevents.ingest import iter_articles
from newsevents.types import Article

DAY = dt.date(2024, 10, 15)
NAMES = ["a.txt", "a.jsonl", "a.csv", "a.jsonl.gz", "a", "a.csv.gz"]

# Bytes that look a little like the real thing reach deeper than uniform noise.
fragments = st.sampled_from(
    [
        b"date 2024-10-15 ",
        b"{",
        b"}",
        b'"text": ',
        b'"date": "2024-02-30"',
        b",",
        b'"',
        b"\n",
        b"\r\n",
        b"\xef\xbb\xbf",
        b"\xff",
        b"\x00",
        b"\x1f\x8b",
        b"date,text\n",
        b"[[[",
    ]
)
noise = st.one_of(
    st.binary(max_size=300),
    st.lists(st.one_of(fragments, st.binary(max_size=8)), max_size=30).map(b"".join),
)


def check(items: list[Article | InputError]) -> None:
    for item in items:
        assert isinstance(item, Article | InputError)
        if isinstance(item, Article):
            assert item.text.strip() and item.id
        else:
            assert "\n" not in str(item) and item.reason[:1] == item.reason[:1].lower()


@given(noise)
def test_arbitrary_stdin_never_raises(data: bytes) -> None:
    check(list(iter_articles(["-"], stdin=io.BytesIO(data), date=DAY)))


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(noise, st.sampled_from(NAMES))
def test_arbitrary_files_never_raise(tmp_path: Path, data: bytes, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    check(list(iter_articles([path])))


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(noise, st.integers(min_value=0, max_value=200))
def test_truncated_gzip_never_raises(tmp_path: Path, data: bytes, cut: int) -> None:
    path = tmp_path / "a.jsonl.gz"
    path.write_bytes(gzip.compress(data)[:cut])
    check(list(iter_articles([path])))


@given(st.recursive(st.none() | st.booleans() | st.integers() | st.text(), st.lists, max_leaves=5))
def test_any_json_value_in_any_field_never_raises(value: object) -> None:
    records = [
        {"date": value, "text": "A."},
        {"date": "2024-10-15", "text": value},
        {"date": "2024-10-15", "text": "A.", "title": value, "id": value},
        value,
    ]
    data = "".join(json.dumps(record) + "\n" for record in records).encode()
    check(list(iter_articles(["-"], stdin=io.BytesIO(b"{}\n" + data))))
