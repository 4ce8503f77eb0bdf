"""Fuzzing every reader with good records mixed with corrupted ones.

Each test builds an input whose records are known good or known bad (random bytes, cuts,
NUL bytes, bytes that are not UTF-8, unbalanced quotes, impossible dates, oversized records)
and checks the reader's promise: nothing is raised, every good record is read as written, and
every bad one is reported at its own line or item. ``bench/fuzz_ingest.py`` runs the same
generators longer and counts what it finds.
"""

from __future__ import annotations

import csv
import datetime as dt
import gzip
import io
import json
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsevents.errors import InputError
from newsevents.ingest import iter_articles
from newsevents.types import Article

CAP = 5_000  # max_bytes for these tests: oversized records stay cheap to build
FUZZ = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)

Items = list[Article | InputError]


@dataclass(frozen=True)
class Good:
    """A record that must be read: its text, as the reader must give it back."""

    text: str


@dataclass(frozen=True)
class Bad:
    """A record that must be reported, and how it is broken."""

    kind: str


Record = Good | Bad


def check(items: Items, expected: dict[str, Record]) -> None:
    """One item per expected origin, in order: an Article with the text for each good one,
    an InputError for each bad one (and nothing else)."""
    assert [item.origin for item in items] == list(expected)
    for item, record in zip(items, expected.values(), strict=True):
        if isinstance(record, Good):
            assert isinstance(item, Article), item
            assert item.text == record.text
        else:
            assert isinstance(item, InputError), (record, item)
            assert "\n" not in str(item)


def read(path: Path | str, **options: Any) -> Items:
    return list(iter_articles([path], max_bytes=CAP, **options))


# Texts a writer may hold: any Unicode but lone surrogates, not blank.
texts = st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=80).filter(
    lambda t: t.strip() != ""
)
days = st.dates(dt.date(1900, 1, 1), dt.date(2100, 12, 31)).map(dt.date.isoformat)

# -- JSON Lines ---------------------------------------------------------------------------------

JSONL_BAD = ("garbage", "cut", "nul", "not-utf8", "bad-date", "no-text", "oversized", "surrogate")


@st.composite
def jsonl_line(draw: st.DrawFn, n: int) -> tuple[bytes, Record]:
    text, day = draw(texts), draw(days)
    good = json.dumps(
        {"id": f"r{n}", "date": day, "text": text}, ensure_ascii=draw(st.booleans())
    ).encode()
    kind = draw(st.sampled_from(("good", "good", *JSONL_BAD)))
    if kind == "good":
        return good, Good(text)
    if kind == "garbage":  # an object that is never closed, whatever follows
        noise = draw(st.binary(max_size=40)).replace(b"\n", b"").replace(b"}", b"")
        return b"{" + noise, Bad(kind)
    if kind == "cut":
        return good[: draw(st.integers(1, len(good) - 1))], Bad(kind)
    if kind in ("nul", "not-utf8"):
        at = draw(st.integers(0, len(good)))
        return good[:at] + (b"\0" if kind == "nul" else b"\xff") + good[at:], Bad(kind)
    record: dict[str, object] = {"date": day, "text": text}
    if kind == "bad-date":
        record["date"] = draw(st.sampled_from(["2024-02-30", "0999-12-31", "3000-01-01", "soon"]))
    elif kind == "no-text":
        record["text"] = draw(st.sampled_from(["", "  ", None]))
    elif kind == "oversized":
        record["text"] = "x" * draw(st.integers(CAP, 2 * CAP))
    else:
        record["text"] = text + "\ud800"
    return json.dumps(record).encode(), Bad(kind)


@st.composite
def jsonl_file(draw: st.DrawFn) -> tuple[bytes, list[Record | None]]:
    """File bytes, and per line its record (None: a blank line, which is no item)."""
    lines: list[bytes] = []
    records: list[Record | None] = []
    for n in range(draw(st.integers(1, 12))):
        if draw(st.integers(0, 5)) == 0:
            line, record = draw(st.sampled_from([b"", b"  \t"])), None
        else:
            line, record = draw(jsonl_line(n))
        lines.append(line)
        records.append(record)
    newline = draw(st.sampled_from([b"\n", b"\r\n"]))
    data = newline.join(lines) + draw(st.sampled_from([newline, b""]))
    if draw(st.booleans()):
        data = b"\xef\xbb\xbf" + data
    return data, records


def numbered(origin: str, records: list[Record | None]) -> dict[str, Record]:
    return {f"{origin}:{i}": r for i, r in enumerate(records, start=1) if r is not None}


def check_lines(items: Items, origin: str, records: list[Record | None]) -> None:
    """:func:`check` by line; a file whose every line is broken may be one binary file."""
    if [str(i) for i in items] == [f"{origin}: binary data, not text"]:
        assert not any(isinstance(r, Good) for r in records)
        return
    check(items, numbered(origin, records))


@FUZZ
@given(jsonl_file())
def test_jsonl_reads_every_good_line_and_reports_every_bad_one(
    tmp_path: Path, case: tuple[bytes, list[Record | None]]
) -> None:
    data, records = case
    path = tmp_path / "news.jsonl"
    path.write_bytes(data)
    check_lines(read(path), str(path), records)


@FUZZ
@given(jsonl_file())
def test_stdin_reads_every_good_line_and_reports_every_bad_one(
    case: tuple[bytes, list[Record | None]],
) -> None:
    data, records = case
    if not data.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{"):
        data = data.removeprefix(b"\xef\xbb\xbf")  # a BOM starts the stream or is junk
        data = b'{"date": "2024-01-01", "text": "First."}\n' + data  # sniffed as JSON Lines
        records = [Good("First."), *records]
    check_lines(read("-", stdin=io.BytesIO(data)), "<stdin>", records)


# -- gzip ---------------------------------------------------------------------------------------


@FUZZ
@given(jsonl_file(), st.data())
def test_damaged_gzip_keeps_every_good_line_it_holds(
    tmp_path: Path, case: tuple[bytes, list[Record | None]], data: st.DataObject
) -> None:
    content, records = case
    compressed = gzip.compress(content)
    if data.draw(st.booleans(), label="truncated"):
        damaged = compressed[: data.draw(st.integers(1, len(compressed) - 1), label="cut")]
        inside = zlib.decompressobj(zlib.MAX_WBITS | 16).decompress(damaged)
        whole_lines = inside.count(b"\n")  # the cut line, if any, is lost with the damage
    else:
        garbage = data.draw(st.binary(min_size=1, max_size=30), label="garbage")
        damaged = compressed + b"!" + garbage  # not zero padding, not another gzip member
        whole_lines = len(records)
    path = tmp_path / "news.jsonl.gz"
    path.write_bytes(damaged)

    *items, damage = read(path)

    cut = records[whole_lines] if whole_lines < len(records) else None
    if cut == Bad("oversized") and items and items[-1].origin == f"{path}:{whole_lines + 1}":
        items.pop()  # the cut line was already longer than the cap: reported as such
    check_lines(items, str(path), records[:whole_lines])
    assert isinstance(damage, InputError) and damage.reason.startswith("corrupt gzip")


# -- CSV ----------------------------------------------------------------------------------------

CSV_BAD = ("bad-date", "no-text", "not-utf8", "quote", "oversized")
# Letters, spaces, quotes, commas and line breaks, but no digits: no line of a text can read
# as a row of its own (see newsevents.ingest.csvfile), so none may be taken for one.
csv_texts = st.text(
    st.sampled_from("abcdefghij XYZ \"',;.\n\u00e9\u4e2d"), min_size=1, max_size=60
).filter(lambda t: t.strip() != "")


@st.composite
def csv_file(draw: st.DrawFn) -> tuple[bytes, dict[int, Record]]:
    """File bytes, and the record of each row by the line it starts on."""
    kinds = draw(st.lists(st.sampled_from(("good", "good", *CSV_BAD)), min_size=1, max_size=10))
    columns = ["id", "date", "text"]
    if "quote" not in kinds and "oversized" not in kinds:
        columns = draw(st.permutations(columns))  # else the text goes last: see starts_row
    newline = draw(st.sampled_from(["\n", "\r\n"]))
    out = io.StringIO()
    writer = csv.writer(
        out,
        lineterminator=newline,
        quoting=draw(st.sampled_from([csv.QUOTE_MINIMAL, csv.QUOTE_ALL])),
    )
    writer.writerow(columns)
    chunks = [out.getvalue().encode()]
    expected: dict[int, Record] = {}
    line = 2
    for n, kind in enumerate(kinds):
        text, day = draw(csv_texts), draw(days)
        values = {"id": f"r{n}", "date": day, "text": text}
        if kind == "bad-date":
            values["date"] = draw(st.sampled_from(["2024-02-30", "0999-12-31", "2024-13-01"]))
        elif kind == "no-text":
            values["text"] = draw(st.sampled_from(["", " "]))
        elif kind == "oversized":
            values["text"] = ("word " * 30 + "\n") * draw(st.integers(CAP // 100, CAP // 50))
        elif kind == "not-utf8":
            values["text"] = text + "\x01"  # becomes a byte that is not UTF-8
        out = io.StringIO()
        if kind == "quote":  # a quoted field that is never closed
            opened = text.replace('"', "").replace("\n", " ")
            out.write(f'r{n},{day},"{opened}{newline}')
        else:
            csv.writer(out, lineterminator=newline).writerow([values[c] for c in columns])
        row = out.getvalue().encode()
        if kind == "not-utf8":
            row = row.replace(b"\x01", b"\xff")
        chunks.append(row)
        expected[line] = Good(text) if kind == "good" else Bad(kind)
        line += 1 + (values["text"].count("\n") if kind != "quote" else 0)
    return b"".join(chunks), expected


@FUZZ
@given(csv_file())
def test_csv_reads_every_good_row_and_reports_every_bad_one(
    tmp_path: Path, case: tuple[bytes, dict[int, Record]]
) -> None:
    data, expected = case
    path = tmp_path / "news.csv"
    path.write_bytes(data)
    items = read(path)
    check(items, {f"{path}:{line}": record for line, record in expected.items()})


# -- whole files: text, pages, feeds --------------------------------------------------------------

WORDS = st.lists(
    st.text("abcdefghijklmnopqrstuvwxyz", min_size=3, max_size=9), min_size=25, max_size=40
).map(" ".join)


def binary(draw: st.DrawFn) -> bytes:
    return draw(st.binary(min_size=1, max_size=200)) + b"\0"


# A text file's body: no control characters (a NUL makes the file binary, CRs are line ends).
bodies = (
    st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=80)
    .map(str.strip)
    .filter(bool)
)


@st.composite
def text_file(draw: st.DrawFn) -> tuple[bytes, Record]:
    body = draw(bodies)
    kind = draw(st.sampled_from(("good", "good", "binary", "not-utf8", "no-date", "bad-date",
                                 "empty", "oversized")))  # fmt: skip
    if kind == "good":
        return f"date {draw(days)} {body}\n".encode(), Good(body)
    if kind == "binary":
        return binary(draw), Bad(kind)
    if kind == "not-utf8":
        return f"date {draw(days)} ".encode() + b"\xff" + body.encode(), Bad(kind)
    if kind == "no-date":
        return f"Talks were held. {body}".encode(), Bad(kind)
    if kind == "bad-date":
        return f"date 2024-02-30 {body}".encode(), Bad(kind)
    if kind == "empty":
        return f"date {draw(days)}  \n\n".encode(), Bad(kind)
    return f"date {draw(days)} ".encode() + b"word " * CAP, Bad(kind)


def page(date: str, story: str) -> str:
    meta = f'<meta property="article:published_time" content="{date}">' if date else ""
    paragraphs = "".join(f"<p>{escape(story)} {i}.</p>" for i in ("One", "Two", "Three"))
    return (
        f"<!DOCTYPE html><html><head><title>A story</title>{meta}</head><body>"
        f"<nav><a href='/'>Home</a></nav><article><h1>A story</h1>{paragraphs}</article>"
        "</body></html>"
    )


@st.composite
def html_file(draw: st.DrawFn) -> tuple[bytes, Record | None]:
    """A page and its record (None: good, whose text is the extractor's to decide)."""
    story = draw(WORDS)
    # (No impossible date: the page's date extractor then guesses one from the same tag.)
    kind = draw(st.sampled_from(("good", "good", "binary", "no-date", "oversized")))
    if kind == "good":
        return page(draw(days), story).encode(), None
    if kind == "binary":
        return binary(draw), Bad(kind)
    if kind == "no-date":
        return page("", story).encode(), Bad(kind)
    return page(draw(days), story * (CAP * 10 // len(story) + 1)).encode(), Bad(kind)


@st.composite
def feed_file(draw: st.DrawFn) -> tuple[bytes, list[Record]]:
    items, records = [], []
    for n in range(draw(st.integers(1, 8))):
        title, body = f"Story {n}", draw(WORDS)
        kind = draw(
            st.sampled_from(("good", "good", "no-date", "bad-date", "no-text", "oversized"))
        )
        date = "Wed, 01 May 2024 10:00:00 GMT"
        if kind == "no-date":
            date = ""
        elif kind == "bad-date":
            date = "someday soon"
        elif kind == "no-text":
            title = body = ""
        elif kind == "oversized":
            body = body * (CAP // len(body) + 1)
        parts = [f"<title>{title}</title>" if title else "", f"<description>{body}</description>"]
        if date:
            parts.append(f"<pubDate>{date}</pubDate>")
        items.append(f"<item>{''.join(parts)}</item>")
        records.append(Good(f"{title}\n\n{body}") if kind == "good" else Bad(kind))
    xml = f'<?xml version="1.0"?><rss version="2.0"><channel><title>W</title>{"".join(items)}'
    return (xml + "</channel></rss>").encode(), records


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(text_file(), min_size=1, max_size=6))
def test_text_files_each_give_their_article_or_their_error(
    tmp_path: Path, files: list[tuple[bytes, Record]]
) -> None:
    folder = tmp_path / "in"
    folder.mkdir(exist_ok=True)
    for old in folder.iterdir():
        old.unlink()
    expected: dict[str, Record] = {}
    for n, (data, record) in enumerate(files):
        path = folder / f"{n:02d}.txt"
        path.write_bytes(data)
        expected[str(path)] = record
    check(read(folder), expected)


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(html_file())
def test_pages_give_their_article_or_their_error(
    tmp_path: Path, case: tuple[bytes, Record | None]
) -> None:
    data, record = case
    path = tmp_path / "page.html"
    path.write_bytes(data)
    [item] = read(path)
    assert item.origin == str(path)
    if record is None:
        assert isinstance(item, Article) and "One." in item.text and "Three." in item.text
    else:
        assert isinstance(item, InputError), (record, item)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(feed_file())
def test_feed_items_each_give_their_article_or_their_error(
    tmp_path: Path, case: tuple[bytes, list[Record]]
) -> None:
    data, records = case
    path = tmp_path / "world.rss"
    path.write_bytes(data)
    check(read(path), {f"{path}:item {n}": r for n, r in enumerate(records, start=1)})
