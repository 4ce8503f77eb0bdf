"""A longer fuzz run over the readers: how many nasty inputs crash, hang or lose good records.

    python bench/fuzz_ingest.py [--n 200] [--seed 1]

Each category builds ``--n`` inputs whose records are known good or bad (the corruptions of
``tests/test_ingest_fuzz.py``: random bytes, cuts, NUL bytes, bytes that are not UTF-8,
unbalanced CSV quotes, impossible dates, oversized records, damaged gzip, named pipes and
sockets in a folder) and reads each with ``iter_articles``. Per category it prints the inputs
tried, the crashes (an exception out of the reader), the hangs (no answer in 5 s), the good
records lost (not read as written at their line or item) and the bad ones not reported at
theirs. The last line is the peak memory of reading one 50 MB JSON Lines line.

It only uses ``iter_articles(inputs, date=..., stdin=...)``, so it also measures an older
version of the package: run it with that version first on ``PYTHONPATH``.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import inspect
import io
import json
import os
import random
import signal
import socket
import subprocess
import sys
import tempfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from newsevents.errors import InputError
from newsevents.ingest import iter_articles
from newsevents.types import Article

CAP = 5_000
HANG_SECONDS = 5
CHARS = "abcdefghij XYZ \"',;.\u00e9\u4e2d\u0645\U0001f600"
CSV_CHARS = "abcdefghij XYZ \"',;.\n\u00e9\u4e2d"  # no digits: no text line reads as a row
WORDS = ["the", "minister", "said", "talks", "with", "the", "delegation", "would", "resume"]


@dataclass
class Case:
    """One input and what must come out of it: origin -> text (good) or None (bad)."""

    paths: list[str]
    expected: dict[str, str | None]
    stdin: bytes | None = None


@dataclass
class Tally:
    inputs: int = 0
    good: int = 0
    bad: int = 0
    crashes: int = 0
    hangs: int = 0
    lost: int = 0
    unreported: int = 0
    examples: list[str] = field(default_factory=list)


def text(rng: random.Random, chars: str = CHARS, size: int = 40) -> str:
    while not (value := "".join(rng.choice(chars) for _ in range(rng.randint(1, size)))).strip():
        pass
    return value


def day(rng: random.Random) -> str:
    return f"{rng.randint(1950, 2050)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"


def jsonl_records(rng: random.Random) -> tuple[bytes, list[str | bool | None]]:
    """Bytes and per line: the good text, None for a bad record, False for a blank line."""
    lines: list[bytes] = []
    records: list[str | bool | None] = []
    for n in range(rng.randint(1, 12)):
        body, date = text(rng), day(rng)
        good = json.dumps({"id": f"r{n}", "date": date, "text": body}).encode()
        kind = rng.choice(["good", "good", "blank", "garbage", "cut", "nul", "utf8", "date"])
        line = good
        record: str | bool | None = body
        if kind == "blank":
            line, record = b"", False
        elif kind == "garbage":
            line, record = b"{" + bytes(rng.randrange(1, 256) for _ in range(20)), None
            line = line.replace(b"\n", b"").replace(b"}", b"")
        elif kind == "cut":
            line, record = good[: rng.randint(1, len(good) - 1)], None
        elif kind in ("nul", "utf8"):
            at = rng.randint(0, len(good))
            line, record = good[:at] + (b"\0" if kind == "nul" else b"\xff") + good[at:], None
        elif kind == "date":
            line = json.dumps({"date": "2024-02-30", "text": body}).encode()
            record = None
        lines.append(line)
        records.append(record)
    return b"\n".join(lines) + b"\n", records


def by_line(origin: str, records: list[str | bool | None]) -> dict[str, str | None]:
    return {f"{origin}:{i}": r for i, r in enumerate(records, 1) if not isinstance(r, bool)}


def jsonl_case(rng: random.Random, folder: Path) -> Case:
    data, records = jsonl_records(rng)
    path = folder / "news.jsonl"
    path.write_bytes(data)
    return Case([str(path)], by_line(str(path), records))


def stdin_case(rng: random.Random, _folder: Path) -> Case:
    data, records = jsonl_records(rng)
    data = b'{"date": "2024-01-01", "text": "First."}\n' + data
    return Case(["-"], by_line("<stdin>", ["First.", *records]), stdin=data)


def gzip_case(rng: random.Random, folder: Path) -> Case:
    data, records = jsonl_records(rng)
    compressed = gzip.compress(data)
    if rng.random() < 0.5:
        damaged = compressed[: rng.randint(1, len(compressed) - 1)]
        whole = zlib.decompressobj(zlib.MAX_WBITS | 16).decompress(damaged).count(b"\n")
    else:
        damaged, whole = compressed + b"!garbage", len(records)
    path = folder / "news.jsonl.gz"
    path.write_bytes(damaged)
    return Case([str(path)], by_line(str(path), records[:whole]))


def csv_case(rng: random.Random, folder: Path) -> Case:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["id", "date", "text"])
    expected: dict[str, str | None] = {}
    path = folder / "news.csv"
    line = 2
    for n in range(rng.randint(1, 10)):
        body, kind = text(rng, CSV_CHARS), rng.choice(["good", "good", "quote", "date", "empty"])
        if kind == "quote":
            flat = body.replace('"', "").replace("\n", " ")
            out.write(f'r{n},{day(rng)},"{flat}\n')
            expected[f"{path}:{line}"] = None
            line += 1
            continue
        date = "2024-02-30" if kind == "date" else day(rng)
        value = "" if kind == "empty" else body
        writer.writerow([f"r{n}", date, value])
        expected[f"{path}:{line}"] = body if kind == "good" else None
        line += 1 + value.count("\n")
    path.write_text(out.getvalue(), encoding="utf-8")
    return Case([str(path)], expected)


def files_case(rng: random.Random, folder: Path) -> Case:
    """A folder of text files, pages and feeds, good and bad."""
    expected: dict[str, str | None] = {}
    for n in range(rng.randint(1, 5)):
        kind = rng.choice(["txt", "txt-bad", "html", "html-bad", "feed"])
        if kind.startswith("txt"):
            path = folder / f"{n}.txt"
            body = text(rng).strip() or "x"
            good = kind == "txt"
            path.write_bytes(
                f"date {day(rng)} {body}\n".encode() if good else b"\xff\xfe\0" + body.encode()
            )
            expected[str(path)] = body if good else None
        elif kind.startswith("html"):
            path = folder / f"{n}.html"
            story = " ".join(rng.choice(WORDS) for _ in range(30))
            meta = f'<meta property="article:published_time" content="{day(rng)}">'
            good = kind == "html"
            path.write_text(
                f"<html><head><title>T</title>{meta if good else ''}</head><body><article>"
                f"<p>{story}.</p><p>{story}!</p></article></body></html>"
            )
            expected[str(path)] = "" if good else None  # "": any text
        else:
            path = folder / f"{n}.rss"
            items = []
            for i in range(1, rng.randint(2, 5)):
                dated = rng.random() < 0.7
                date = "<pubDate>Wed, 01 May 2024 10:00:00 GMT</pubDate>" if dated else ""
                items.append(f"<item><title>Story {i}</title>{date}</item>")
                expected[f"{path}:item {i}"] = f"Story {i}" if dated else None
            path.write_text(f'<rss version="2.0"><channel>{"".join(items)}</channel></rss>')
    return Case([str(folder)], expected)


def special_case(rng: random.Random, folder: Path) -> Case:
    """Good files beside a named pipe nobody writes to, or a socket."""
    good = folder / "a.jsonl"
    good.write_text(json.dumps({"date": "2024-05-01", "text": "Story."}) + "\n")
    special = folder / "b.jsonl"
    expected: dict[str, str | None] = {f"{good}:1": "Story.", str(special): None}
    if rng.random() < 0.5:
        os.mkfifo(special)
    else:
        sock = socket.socket(socket.AF_UNIX)
        sock.bind(str(special))
        sock.close()
    return Case([str(folder)], expected)


CATEGORIES: dict[str, Callable[[random.Random, Path], Case]] = {
    "jsonl": jsonl_case,
    "stdin": stdin_case,
    "gzip": gzip_case,
    "csv": csv_case,
    "files": files_case,
    "special": special_case,
}


class Hang(Exception):
    pass


def _alarm(_signum: int, _frame: object) -> None:
    raise Hang


def read(case: Case) -> list[Article | InputError]:
    options: dict[str, Any] = {"date": None}
    if case.stdin is not None:
        options["stdin"] = io.BytesIO(case.stdin)
    if "max_bytes" in inspect.signature(iter_articles).parameters:
        options["max_bytes"] = CAP
    return list(iter_articles(case.paths, **options))


def judge(case: Case, items: list[Article | InputError], tally: Tally) -> None:
    got: dict[str, Article | InputError] = {}
    for item in items:
        got.setdefault(item.origin, item)
    for origin, want in case.expected.items():
        found = got.get(origin)
        if want is None:
            tally.bad += 1
            whole_file = got.get(origin.rsplit(":", 1)[0])  # "binary data" for the file
            if not (isinstance(found, InputError) or isinstance(whole_file, InputError)):
                tally.unreported += 1
        else:
            tally.good += 1
            if not (isinstance(found, Article) and (want == "" or found.text == want)):
                tally.lost += 1
                if len(tally.examples) < 3:
                    tally.examples.append(f"{origin}: {found!r:.100}")


def run_category(
    name: str, make: Callable[[random.Random, Path], Case], n: int, seed: int
) -> Tally:
    tally = Tally()
    rng = random.Random(f"{name}-{seed}")
    previous = signal.signal(signal.SIGALRM, _alarm)
    try:
        for _ in range(n):
            with tempfile.TemporaryDirectory() as tmp:
                case = make(rng, Path(tmp))
                tally.inputs += 1
                signal.alarm(HANG_SECONDS)
                try:
                    items = read(case)
                except Hang:  # nothing comes out: every good record is lost
                    tally.hangs += 1
                    judge(case, [], tally)
                    continue
                except Exception as exc:  # a crash: a traceback for the user
                    tally.crashes += 1
                    tally.examples.append(f"crash: {type(exc).__name__}: {exc}"[:120])
                    continue
                finally:
                    signal.alarm(0)
                judge(case, items, tally)
    finally:
        signal.signal(signal.SIGALRM, previous)
    return tally


# VmHWM, not ru_maxrss: Linux carries ru_maxrss over from the parent across fork and exec.
_HUGE = """
import sys
from newsevents.ingest import iter_articles
items = list(iter_articles([sys.argv[1]]))
status = open("/proc/self/status").read()
print(int(status.split("VmHWM:")[1].split()[0]) // 1024, len(items))
"""


def huge_line_peak() -> tuple[int, int]:
    """Peak resident MB of reading a JSON Lines file with one 50 MB line, and of reading a
    small one (the interpreter and imports), in fresh processes."""
    peaks = []
    with tempfile.TemporaryDirectory() as tmp:
        for size in (50_000_000, 10):
            path = Path(tmp) / "big.jsonl"
            with path.open("w") as out:
                out.write(json.dumps({"date": "2024-01-01", "text": "x" * size}) + "\n")
            done = subprocess.run(
                [sys.executable, "-c", _HUGE, str(path)], capture_output=True, text=True, check=True
            )
            peaks.append(int(done.stdout.split()[0]))
    return peaks[0], peaks[1]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=200, help="inputs per category")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)

    import newsevents

    print(f"newsevents from {Path(newsevents.__file__).parent}")
    header = ("category", "inputs", "good", "bad", "crashes", "hangs", "good lost", "bad unrep.")
    print("".join(f"{h:>11}" for h in header))
    total = Tally()
    examples: list[str] = []
    for name, make in CATEGORIES.items():
        t = run_category(name, make, args.n, args.seed)
        row = (name, t.inputs, t.good, t.bad, t.crashes, t.hangs, t.lost, t.unreported)
        print("".join(f"{v:>11}" for v in row))
        for key in ("inputs", "good", "bad", "crashes", "hangs", "lost", "unreported"):
            setattr(total, key, getattr(total, key) + getattr(t, key))
        examples += [f"{name}: {e}" for e in t.examples[:2]]
    row = ("total", total.inputs, total.good, total.bad, total.crashes, total.hangs, total.lost,
           total.unreported)  # fmt: skip
    print("".join(f"{v:>11}" for v in row))
    for example in examples:
        print("  e.g.", example)
    big, small = huge_line_peak()
    print(f"one 50 MB line: peak {big} MB resident (a small file: {small} MB)")


if __name__ == "__main__":
    main()
