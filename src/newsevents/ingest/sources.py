"""Expand command-line inputs (files, folders, globs, ``-``) into the files to read."""

from __future__ import annotations

import glob
import os
import stat
from collections.abc import Iterable, Iterator

from newsevents.errors import InputError

from .messages import describe

STDIN = "-"
JSONL_SUFFIXES = (".jsonl", ".ndjson")
CSV_SUFFIXES = (".csv",)
TEXT_SUFFIXES = (".txt",)
HTML_SUFFIXES = (".html", ".htm")
FEED_SUFFIXES = (".rss", ".atom", ".xml")
GZ_SUFFIX = ".gz"
_ARTICLE_SUFFIXES = TEXT_SUFFIXES + JSONL_SUFFIXES + CSV_SUFFIXES + HTML_SUFFIXES + FEED_SUFFIXES
_FOLDER_SUFFIXES = tuple(suffix + gz for suffix in _ARTICLE_SUFFIXES for gz in ("", GZ_SUFFIX))
_GLOB_CHARS = frozenset("*?[")
_SPECIAL = (
    (stat.S_ISFIFO, "a named pipe"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
)
# Named on the command line, a pipe or character device is read as ``cat`` would read it
# (``<(zcat news.jsonl.gz)``, ``/dev/stdin``); found in a folder or by a glob it is skipped.
_READABLE_WHEN_NAMED = frozenset({"a named pipe", "a character device"})


def _hidden(name: str) -> bool:
    return name.startswith(".")


def special_kind(path: str) -> str | None:
    """What ``path`` is when it is no regular file or folder ("a named pipe"), else None.

    Opening a named pipe waits for a writer, possibly forever; a device may never end.
    """
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return None  # missing or unreadable: reported when it is opened
    return next((kind for test, kind in _SPECIAL if test(mode)), None)


def _skipped_special(path: str, kind: str) -> InputError:
    return InputError(path, f"not a regular file ({kind})")


def _file(path: str) -> str | InputError:
    """A file found in a folder or by a glob, or the report of a special file there."""
    kind = special_kind(path)
    return path if kind is None else _skipped_special(path, kind)


def walk_folder(top: str) -> Iterator[str | InputError]:
    """Article files under ``top`` in sorted order, skipping hidden entries and other files.

    Subfolders that cannot be listed are reported, not silently skipped as ``os.walk`` would;
    so are named pipes, sockets and devices with an article suffix, which are not read.
    """
    failures: list[OSError] = []
    for folder, subfolders, names in os.walk(top, onerror=failures.append):
        yield from _failures(failures, top)
        subfolders[:] = sorted(name for name in subfolders if not _hidden(name))
        for name in sorted(names):
            if not _hidden(name) and name.lower().endswith(_FOLDER_SUFFIXES):
                yield _file(os.path.join(folder, name))
    yield from _failures(failures, top)


def _failures(failures: list[OSError], top: str) -> Iterator[InputError]:
    while failures:
        exc = failures.pop(0)
        yield InputError(str(exc.filename or top), f"cannot read folder: {describe(exc)}")


def _folder(top: str) -> Iterator[str | InputError]:
    empty = True
    for item in walk_folder(top):
        empty = False
        yield item
    if empty:
        yield InputError(top, f"no article files in folder ({', '.join(_ARTICLE_SUFFIXES)}, .gz)")


def _glob(pattern: str) -> Iterator[str | InputError]:
    """Matches of ``pattern`` (``**`` recursive), folders expanded, each file once."""
    seen: set[str] = set()
    for match in sorted(glob.glob(pattern, recursive=True)):
        items = walk_folder(match) if os.path.isdir(match) else iter([_file(match)])
        for item in items:
            key = os.path.normpath(item if isinstance(item, str) else item.origin)
            if key in seen:
                continue
            seen.add(key)
            yield item
    if not seen:
        yield InputError(pattern, "no files match this pattern")


def expand(inputs: Iterable[str | os.PathLike[str]]) -> Iterator[str | InputError]:
    """Yield file paths (or ``-``) to read, and an :class:`InputError` for inputs matching nothing.

    A name that exists is taken literally even if it contains glob characters; a file named
    explicitly or matched by a glob is read whatever its extension (the user chose it).
    """
    for item in inputs:
        name = os.fspath(item)
        if name == STDIN:
            yield name
        elif os.path.isdir(name):
            yield from _folder(name)
        elif os.path.lexists(name):
            kind = special_kind(name)
            if kind is None or kind in _READABLE_WHEN_NAMED:
                yield name
            else:
                yield _skipped_special(name, kind)
        elif _GLOB_CHARS.intersection(name):
            yield from _glob(name)
        else:
            yield InputError(name, "no such file or directory")
