"""Count the items of the inputs quickly, so a long run can show its progress and an ETA.

Counting must cost little next to coding (a few seconds for the 156k-item feed corpus, against
many minutes of parsing), so nothing is decoded: JSON Lines count their non-blank lines, CSV
files their records (quoted line breaks respected), feed files their ``<item>``/``<entry>``
tags, and every other file one article. The count is an estimate for progress only: a bad line
still counts, because the run reports it as an item too.
"""

from __future__ import annotations

import csv
import io
import os
import re
import stat
import zlib
from collections.abc import Iterable

from .reader import format_of
from .sources import STDIN, expand
from .streams import CHUNK, open_content

_FEED_ITEM = re.compile(rb"<(?:item|entry)[\s>]", re.IGNORECASE)


def count_items(inputs: Iterable[str | os.PathLike[str]]) -> int | None:
    """How many items (articles or bad lines) the inputs hold; None when unknowable (stdin)."""
    total = 0
    for source in expand(list(inputs)):
        if not isinstance(source, str):
            total += 1  # an input error is reported as one item
        elif source == STDIN:
            return None
        else:
            total += _count_file(source)
    return total


def _count_file(path: str) -> int:
    fmt, gz = format_of(path)
    if fmt not in ("jsonl", "csv", "feed") or not _regular(path):
        return 1  # a pipe named on the command line is read once, by the run
    try:
        with open(path, "rb") as raw:
            _, stream, damage = open_content(raw, gz)
            if fmt == "feed":  # a feed file is read whole by its reader too
                return max(1, len(_FEED_ITEM.findall(stream.read())))
            if fmt == "jsonl":
                found = _count_lines(iter(lambda: stream.read(CHUNK), b""))
            else:
                text = io.TextIOWrapper(stream, "utf-8", errors="replace", newline="")
                found = max(0, sum(1 for _ in csv.reader(text)) - 1)  # the header is no article
            damaged = damage is not None and damage.error is not None
            return found + 1 if damaged else found  # the damage is reported as one more item
    except (OSError, EOFError, ValueError, zlib.error, csv.Error):
        return 1  # the run reports the failure as one item


def _regular(path: str) -> bool:
    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except OSError:
        return False


def _count_lines(chunks: Iterable[bytes]) -> int:
    """Non-blank lines, counted chunk by chunk (a line split across chunks counts once)."""
    lines = 0
    pending = b""
    for chunk in chunks:
        parts = (pending + chunk).split(b"\n")
        pending = parts.pop()
        lines += sum(1 for part in parts if part.strip())
    return lines + (1 if pending.strip() else 0)
