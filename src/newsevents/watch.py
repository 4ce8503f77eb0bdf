"""A watched folder: article files dropped into it are coded as they arrive, each exactly once.

:func:`watch` scans the folder every ``interval`` seconds. It polls rather than subscribing to
file-system notifications (inotify, FSEvents, ReadDirectoryChangesW) because polling needs no
extra dependency and works on every file system: notifications are not delivered for changes
made by another machine on network mounts (NFS, SMB, sshfs), in many container bind mounts
and on some FUSE file systems, which is exactly where shared inboxes tend to live. A scan is a
directory listing and one ``stat`` per file, cheap next to coding one article.

Which files
    Those :func:`~newsevents.ingest.sources.walk_folder` finds, the same as ``ingest DIR``:
    the article files of ``newsevents ingest DIR`` (text, JSON Lines, CSV, HTML pages,
    RSS/Atom feeds, and their ``.gz``) in the folder and its subfolders;
    hidden files and folders (a leading ``.``) and other suffixes are ignored; entries that
    are not regular files (a named pipe would block the reader) are reported once and not read.

When a file is ready (the settle rule)
    A file is read once it has not changed for ``settle`` seconds (default: one ``interval``),
    so a file still being written is not read half-way. "Not changed" means the same size and
    modification time (``mtime_ns``). It is judged two ways:

    * by observation: the watcher saw the same size and mtime in scans at least ``settle``
      seconds apart (measured on the watcher's own monotonic clock, so it does not depend on
      the clock of a file server);
    * at first sight, by the file's mtime: a file whose mtime is already ``settle`` seconds or
      more in the past is ready in the scan that first sees it. This is what makes a complete
      file moved in with ``mv`` (which keeps its mtime), copied with ``cp -p``/``rsync`` (which
      set the original mtime only when the copy is complete), or present when the watcher
      starts ready at once. An mtime in the future (a file server whose clock runs ahead)
      only delays the file until it is seen unchanged.

    A writer that may pause longer than ``settle`` in the middle of a file (a slow network
    copy) should write under a hidden name (``.news.jsonl.part``) or another suffix and rename
    the file when it is complete: a rename within one file system is atomic, and the hidden
    name is ignored until then. A file that never stops changing is read when it pauses.

Exactly once
    After a file's articles are stored (:func:`newsevents.batch.run`), the file is recorded
    in the store (``ingested_files``: size, mtime, counts; :meth:`Store.record_ingested`). A
    file recorded with its current size and mtime is never read again, also after the watcher
    restarts. A file that grows (appended JSON Lines) or is replaced is read again from the
    start, and the articles of it already stored are skipped by id, so no article is coded
    twice; the same holds if the watcher dies between storing a file's articles and recording
    it. A file that changes while it is read is not recorded: it is read again once it settles.

Paths
    Files are recorded by their path relative to the watched folder (``/`` separators), not
    by absolute path: moving or renaming the folder, mounting it elsewhere or watching it
    through a symbolic link leaves every record valid, whereas absolute paths would make every
    file look new and re-read the whole folder. So one store records the names of one inbox:
    to watch several sources into one store, make them subfolders of one watched folder.

Failures
    Bad items are reported through ``on_error`` as :class:`~newsevents.errors.InputError`
    (``origin`` is the file, or ``file:line``, and ``reason`` says what is wrong), once per
    read of the file. A file from which nothing could be read (unreadable, binary, corrupt
    gzip, every line malformed) is recorded as ``failed`` and is not retried until it changes
    (``touch`` it to retry after fixing permissions). Errors of the store (the disk is full)
    are raised: the watcher stops and, restarted, carries on where it stopped.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import stat
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from . import batch
from .errors import ConfigError, InputError
from .ingest.sources import walk_folder
from .pipeline import Pipeline
from .store import Store
from .store.sqlite import IngestedFile, IngestStatus

DEFAULT_INTERVAL = 2.0

#: A file's identity for "has it changed": size in bytes and modification time in nanoseconds.
Signature = tuple[int, int]


@dataclass(frozen=True, slots=True)
class WatchedFile:
    """One read of one watched file: where it is, what was recorded and what the run did."""

    path: str
    """The file as found: the watched folder joined with ``key``."""
    key: str
    """The path recorded in the store, relative to the watched folder."""
    status: IngestStatus
    summary: batch.RunSummary
    error: str | None = None
    """Why nothing could be read, for a ``failed`` file."""


@dataclass(slots=True)
class WatchSummary:
    """Counts of one watch: reads of files (coded or failed), scans and the articles read.

    A file read again because it grew counts again in ``files``; ``articles`` adds up the
    runs, so its articles read before count in ``already_stored``.
    """

    files: int = 0
    failed: int = 0
    polls: int = 0
    articles: batch.RunSummary = field(default_factory=batch.RunSummary)

    def __str__(self) -> str:
        return f"{self.files} files coded, {self.failed} failed: {self.articles}"

    def add(self, result: WatchedFile) -> None:
        if result.status == "failed":
            self.failed += 1
        else:
            self.files += 1
        for count in dataclasses.fields(result.summary):
            value = getattr(result.summary, count.name)
            if isinstance(value, int):
                setattr(self.articles, count.name, getattr(self.articles, count.name) + value)


@dataclass(slots=True)
class _Seen:
    """A file waiting to settle: its signature and when (monotonic) it was first seen so."""

    signature: Signature
    since: float


def watch(
    folder: str | os.PathLike[str],
    store: Store,
    pipeline: Pipeline,
    *,
    interval: float = DEFAULT_INTERVAL,
    settle: float | None = None,
    stop: threading.Event | None = None,
    on_file: Callable[[WatchedFile], None] | None = None,
    on_error: Callable[[InputError], None] | None = None,
    date: dt.date | None = None,
) -> WatchSummary:
    """Code the article files arriving in ``folder`` into ``store`` until ``stop`` is set.

    Scans every ``interval`` seconds; a file is read when it has not changed for ``settle``
    seconds (default ``interval``) and recorded so it is read once (see the module docstring).
    ``on_file`` is called after each file is recorded, ``on_error`` for each bad item and for
    folders that cannot be listed (once each until they recover). ``date`` is the publication
    date of text files without a date line. Setting ``stop`` from another thread ends the watch
    after the file being coded; without ``stop`` it runs forever. (A signal handler should set
    it from a new thread: ``Event.set`` takes a lock the interrupted thread may be holding.)
    """
    if not interval > 0:
        raise ConfigError(f"watch interval must be > 0 seconds, got {interval}")
    settle = interval if settle is None else settle
    if not settle >= 0:
        raise ConfigError(f"watch settle time must be >= 0 seconds, got {settle}")
    top = os.fspath(folder)
    if not os.path.isdir(top):
        reason = "not a folder" if os.path.exists(top) else "no such folder"
        raise InputError(top, f"cannot watch: {reason}")
    if store.readonly:
        raise ConfigError(f"{store.path}: cannot watch into a read-only store")

    stop = stop if stop is not None else threading.Event()
    watcher = _Watcher(top, store, pipeline, settle, on_file, on_error, date)
    while not stop.is_set():
        started = time.monotonic()
        watcher.poll(stop)
        stop.wait(max(0.0, interval - (time.monotonic() - started)))
    return watcher.summary


class _Watcher:
    """The state of one watch: what is recorded, what is settling, what was reported."""

    def __init__(
        self,
        top: str,
        store: Store,
        pipeline: Pipeline,
        settle: float,
        on_file: Callable[[WatchedFile], None] | None,
        on_error: Callable[[InputError], None] | None,
        date: dt.date | None,
    ) -> None:
        self.top = top
        self.store = store
        self.pipeline = pipeline
        self.settle = settle
        self.on_file = on_file
        self.on_error = on_error
        self.date = date
        self.summary = WatchSummary()
        self.recorded: dict[str, Signature] = {
            key: (f.size, f.mtime_ns) for key, f in store.ingested_files().items()
        }
        self.pending: dict[str, _Seen] = {}
        self.problems: set[str] = set()  # folders and files that cannot be listed or stat'ed

    def poll(self, stop: threading.Event) -> None:
        """One scan: find the settled files and code them in path order."""
        self.summary.polls += 1
        ready: list[tuple[str, str, Signature]] = []
        present: set[str] = set()
        problems: set[str] = set()
        for item in walk_folder(self.top):
            if isinstance(item, InputError):
                self._problem(item, problems)
                continue
            key = self._key(item)
            present.add(key)
            signature = self._signature(item, problems)
            if signature is None:
                continue
            if self.recorded.get(key) == signature:
                self.pending.pop(key, None)  # read already, as it is now
            elif self._settled(key, signature):
                ready.append((item, key, signature))
        self.problems = problems  # a problem that went away is reported again if it returns
        for key in set(self.pending) - present:
            del self.pending[key]  # deleted or renamed before it settled
        for path, key, signature in ready:
            if stop.is_set():
                return
            self._code(path, key, signature)

    def _key(self, path: str) -> str:
        return os.path.relpath(path, self.top).replace(os.sep, "/")

    def _problem(self, error: InputError, problems: set[str]) -> None:
        problems.add(str(error))
        if str(error) not in self.problems and self.on_error is not None:
            self.on_error(error)

    def _signature(self, path: str, problems: set[str]) -> Signature | None:
        """Size and mtime of a regular file; None for a file to leave alone in this scan."""
        try:
            info = os.stat(path)
        except FileNotFoundError:
            return None  # removed since the folder was listed (or a dangling link)
        except OSError as exc:
            self._problem(InputError(path, f"cannot stat file: {exc.strerror or exc}"), problems)
            return None
        if not stat.S_ISREG(info.st_mode):
            return None
        return (info.st_size, info.st_mtime_ns)

    def _settled(self, key: str, signature: Signature) -> bool:
        """Whether a new or changed file has stayed the same for the settle time."""
        now = time.monotonic()
        seen = self.pending.get(key)
        if seen is None or seen.signature != signature:
            self.pending[key] = _Seen(signature, now)
            age = time.time() - signature[1] / 1e9  # since its last change, by its mtime
            return age >= self.settle
        return now - seen.since >= self.settle

    def _current(self, path: str) -> Signature | None:
        try:
            info = os.stat(path)
        except OSError:
            return None
        return (info.st_size, info.st_mtime_ns)

    def _code(self, path: str, key: str, signature: Signature) -> None:
        """Read one settled file into the store and record it, unless it changed meanwhile."""
        if self._current(path) != signature:
            return  # changed since the scan: the next scans wait for it to settle again
        errors: list[InputError] = []
        summary = batch.run(
            [path], self.store, self.pipeline, date=self.date, on_error=errors.append
        )
        if self._current(path) != signature:
            # Changed (or removed) while being read: the errors may be those of a half-written
            # file, so they are not reported and the file is not recorded. Whatever articles
            # were complete are stored; the rest are read when the file settles again.
            self.pending.pop(key, None)
            return
        if self.on_error is not None:
            for error in errors:
                self.on_error(error)
        failed = summary.skipped > 0 and summary.skipped == summary.read
        status: IngestStatus = "failed" if failed else "coded"
        reason = errors[0].reason if failed and errors else None
        record: IngestedFile = self.store.record_ingested(
            key,
            size=signature[0],
            mtime_ns=signature[1],
            status=status,
            articles=summary.read - summary.skipped,
            skipped=summary.skipped,
            coded=summary.coded,
            events=summary.events,
            error=reason,
        )
        self.recorded[key] = (record.size, record.mtime_ns)
        self.pending.pop(key, None)
        result = WatchedFile(path=path, key=key, status=status, summary=summary, error=reason)
        self.summary.add(result)
        if self.on_file is not None:
            self.on_file(result)
