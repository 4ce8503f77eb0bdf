"""Ingest: files, folders, globs and stdin in, :class:`~newsevents.types.Article` values out.

Text, JSON Lines, CSV, saved HTML pages and RSS/Atom feed files are read; nothing is fetched.
Source quirks (encodings, BOMs, CRLF, gzip, date spellings, page furniture) end here. Bad
items are yielded as :class:`~newsevents.errors.InputError` values instead of raised, so one
bad line in a million-article corpus is counted and reported while the rest is still read.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from collections.abc import Iterable, Iterator
from typing import BinaryIO, TextIO

from newsevents.errors import InputError
from newsevents.settings import MAX_ARTICLE_BYTES
from newsevents.types import Article

from .dates import parse_date
from .ids import article_id
from .reader import read_file, read_stdin
from .sources import STDIN, expand

__all__ = ["article_id", "input_size", "iter_articles", "parse_date"]


def input_size(inputs: Iterable[str | os.PathLike[str]]) -> int:
    """Bytes on disk of every file the inputs name (stdin and unreadable inputs count 0)."""
    total = 0
    for source in expand(list(inputs)):
        if isinstance(source, str) and source != STDIN:
            try:
                total += os.path.getsize(source)
            except OSError:
                continue  # reported when the file is read
    return total


def iter_articles(
    inputs: Iterable[str | os.PathLike[str]],
    *,
    date: dt.date | None = None,
    stdin: TextIO | BinaryIO | None = None,
    max_bytes: int = MAX_ARTICLE_BYTES,
) -> Iterator[Article | InputError]:
    """Lazily yield the articles of every input, and an error value for each bad item.

    ``inputs`` are files (format by extension, gzip transparently), folders (recursed),
    globs and ``-`` for ``stdin`` (default: ``sys.stdin.buffer``). ``date`` is the day for
    text articles without a ``date YYYY-MM-DD`` first line and for web pages and feed items
    without a publication date. Files are opened one at a time and JSONL/CSV read line by
    line (a page or feed file is read whole), so memory does not grow with the corpus.
    ``max_bytes`` (the ``max_article_bytes`` setting) bounds one record: a longer line, CSV
    record, text file or article text is an error, and is never held in memory whole.
    """
    if isinstance(inputs, str | os.PathLike):  # a lone path, not an iterable of characters
        inputs = [inputs]
    for source in expand(inputs):
        if isinstance(source, InputError):
            yield source
        elif source == STDIN:
            stream = stdin if stdin is not None else sys.stdin.buffer
            yield from read_stdin(stream, date, max_bytes=max_bytes)
        else:
            yield from read_file(source, date, max_bytes=max_bytes)
