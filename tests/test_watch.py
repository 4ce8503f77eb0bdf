"""Watched folders (``newsevents.watch``, ``ingest --watch``): files coded once as they arrive.

The watcher runs in a thread over a temporary folder with a short interval; the store is opened
in that thread (a SQLite connection belongs to the thread that opened it) and read here through
a second, read-only connection.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import Any

import pytest
from click.testing import CliRunner

from newsevents import batch
from newsevents.cli import cli
from newsevents.errors import ConfigError, InputError, StoreError
from newsevents.pipeline import Pipeline
from newsevents.settings import Settings
from newsevents.store import Store, schema
from newsevents.types import Article, Document
from newsevents.watch import WatchedFile, WatchSummary, watch

INTERVAL = 0.1
QUIET = 0.6  # several scans in which nothing may happen
TIMEOUT = 30.0

STORY = "date 2024-05-01 Japan accused North Korea of firing missiles.\n"
STORIES = [
    "France condemned the attack on Mali.",
    "Germany and Poland held talks in Berlin.",
    "Japan accused North Korea of firing missiles.",
    "Brazil signed a trade agreement with Argentina.",
    "Russia expelled two Moldovan diplomats.",
]


def lines(*numbers: int) -> str:
    """JSON Lines articles ``story-N`` for the given indexes of ``STORIES``."""
    return "".join(
        json.dumps({"id": f"story-{n}", "date": f"2024-06-{n + 1:02d}", "text": STORIES[n]}) + "\n"
        for n in numbers
    )


def drop(path: Path, text: str | bytes) -> Path:
    """Write a file the way a careful producer does: under a hidden name, then rename it."""
    part = path.with_name(f".{path.name}.part")
    if isinstance(text, str):
        part.write_text(text, encoding="utf-8")
    else:
        part.write_bytes(text)
    os.replace(part, path)
    return path


def wait_until(condition: Callable[[], bool], what: str, timeout: float = TIMEOUT) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"timed out waiting for {what}")
        time.sleep(0.02)


@pytest.fixture(scope="module")
def coder() -> Pipeline:
    """One pipeline for the module, its spaCy model loaded before any watcher starts."""
    pipeline = Pipeline(Settings(batch_size=2))
    article = Article(id="warm-up", date=dt.date(2024, 5, 1), text="Japan met Korea.")
    list(pipeline.pipe([article]))
    return pipeline


@pytest.fixture
def inbox(tmp_path: Path) -> Path:
    folder = tmp_path / "inbox"
    folder.mkdir()
    return folder


class Watching:
    """:func:`watch` over ``folder`` into the store at ``db``, in a thread, as a context."""

    def __init__(
        self, folder: Path, db: Path, pipeline: Pipeline, *, interval: float = INTERVAL, **kw: Any
    ) -> None:
        self.stop = threading.Event()
        self.files: list[WatchedFile] = []
        self.errors: list[InputError] = []
        self.summary: WatchSummary | None = None
        self.failure: BaseException | None = None
        self.thread = threading.Thread(
            target=self._run, args=(folder, db, pipeline, interval, kw), daemon=True
        )

    def _run(
        self, folder: Path, db: Path, pipeline: Pipeline, interval: float, kw: dict[str, Any]
    ) -> None:
        try:
            with Store(db) as store:
                self.summary = watch(
                    folder,
                    store,
                    pipeline,
                    interval=interval,
                    stop=self.stop,
                    on_file=self.files.append,
                    on_error=self.errors.append,
                    **kw,
                )
        except BaseException as exc:
            self.failure = exc

    def __enter__(self) -> Watching:
        self.thread.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop.set()
        self.thread.join(timeout=TIMEOUT)
        assert not self.thread.is_alive(), "the watcher did not stop"
        if self.failure is not None and exc is None:
            raise self.failure

    def wait_files(self, n: int) -> None:
        def done() -> bool:
            if self.failure is not None:
                raise self.failure
            return len(self.files) >= n

        wait_until(done, f"{n} files to be coded")

    def keys(self) -> list[str]:
        return [f.key for f in self.files]


def documents(db: Path) -> int:
    with Store(db, readonly=True) as store:
        return store.stats().documents


# -- the watcher ---------------------------------------------------------------------------------


@pytest.mark.model
def test_dropped_files_are_coded_once(tmp_path: Path, inbox: Path, coder: Pipeline) -> None:
    db = tmp_path / "e.db"
    with Watching(inbox, db, coder) as w:
        drop(inbox / "a.txt", STORY)
        news = drop(inbox / "news.jsonl", lines(0, 1, 2))
        w.wait_files(2)
        time.sleep(QUIET)

    assert sorted(w.keys()) == ["a.txt", "news.jsonl"]
    assert [f.status for f in w.files] == ["coded", "coded"] and w.errors == []
    assert w.summary is not None and w.summary.files == 2 and w.summary.failed == 0
    assert w.summary.articles.coded == 4 and w.summary.articles.events > 0
    assert "2 files coded, 0 failed: 4 articles read, 4 coded" in str(w.summary)
    with Store(db, readonly=True) as store:
        assert store.stats().documents == 4
        record = store.ingested_file("news.jsonl")
        assert record is not None and record.status == "coded" and record.error is None
        assert (record.size, record.mtime_ns) == (news.stat().st_size, news.stat().st_mtime_ns)
        assert (record.articles, record.skipped, record.coded) == (3, 0, 3)
        by_key = {f.key: f for f in w.files}
        assert record.events == by_key["news.jsonl"].summary.events
        assert set(store.ingested_files()) == {"a.txt", "news.jsonl"}


@pytest.mark.model
def test_a_file_written_in_two_halves_is_read_once_complete(
    tmp_path: Path, inbox: Path, coder: Pipeline
) -> None:
    db = tmp_path / "e.db"
    news, story = lines(0, 1), STORY
    with Watching(inbox, db, coder, settle=1.0) as w:
        with (inbox / "news.jsonl").open("w") as out1, (inbox / "a.txt").open("w") as out2:
            out1.write(news[: len(news) * 3 // 4])  # the second line cut in the middle
            out2.write(story[:30])  # a valid article, but not the whole one
            out1.flush()
            out2.flush()
            time.sleep(0.3)  # the producer pauses, for less than the settle time
            out1.write(news[len(news) * 3 // 4 :])
            out2.write(story[30:])
        w.wait_files(2)
        time.sleep(QUIET)

    assert sorted(w.keys()) == ["a.txt", "news.jsonl"] and w.errors == []
    assert sum(f.summary.coded for f in w.files) == 3
    with Store(db, readonly=True) as store:
        assert store.stats().documents == 3
        texts = [row[0] for row in store.select("SELECT text FROM documents")]
        assert "Japan accused North Korea of firing missiles." in texts


@pytest.mark.model
def test_restarting_the_watcher_reads_nothing_again(
    tmp_path: Path, inbox: Path, coder: Pipeline, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "e.db"
    drop(inbox / "a.txt", STORY)
    (inbox / "sub").mkdir()
    drop(inbox / "sub" / "news.jsonl", lines(0, 1))
    with Watching(inbox, db, coder) as first:
        first.wait_files(2)
    assert sorted(first.keys()) == ["a.txt", "sub/news.jsonl"]

    reads: list[object] = []
    real_run = batch.run

    def counting_run(*args: Any, **kwargs: Any) -> batch.RunSummary:
        reads.append(args[0])
        return real_run(*args, **kwargs)

    monkeypatch.setattr(batch, "run", counting_run)
    with Watching(inbox, db, coder) as again:
        time.sleep(QUIET)
    moved = inbox.rename(tmp_path / "moved")  # records are relative to the watched folder
    with Watching(moved, db, coder) as elsewhere:
        time.sleep(QUIET)

    assert again.files == [] and elsewhere.files == [] and reads == []
    assert again.summary is not None and again.summary.polls >= 2
    assert documents(db) == 3


@pytest.mark.model
def test_an_appended_or_replaced_file_adds_only_its_new_articles(
    tmp_path: Path, inbox: Path, coder: Pipeline
) -> None:
    db = tmp_path / "e.db"
    news = inbox / "news.jsonl"
    with Watching(inbox, db, coder) as w:
        drop(news, lines(0, 1))
        w.wait_files(1)
        with news.open("a", encoding="utf-8") as out:
            out.write(lines(2, 3))
        w.wait_files(2)
        drop(news, lines(0, 4))  # replaced: one article stored already, one new
        w.wait_files(3)
        time.sleep(QUIET)

    runs = [(f.summary.read, f.summary.coded, f.summary.already_stored) for f in w.files]
    assert runs == [(2, 2, 0), (4, 2, 2), (2, 1, 1)]
    with Store(db, readonly=True) as store:
        assert store.stats().documents == 5
        record = store.ingested_file("news.jsonl")
        assert record is not None and (record.articles, record.coded) == (2, 1)


@pytest.mark.model
def test_a_bad_file_is_reported_once_and_read_again_when_it_changes(
    tmp_path: Path, inbox: Path, coder: Pipeline
) -> None:
    db = tmp_path / "e.db"
    bad = inbox / "bad.jsonl"
    with Watching(inbox, db, coder) as w:
        drop(bad, "this is not JSON\n")
        drop(inbox / "binary.txt", b"\x00\x01\x02 not text")
        w.wait_files(2)
        time.sleep(QUIET)  # scans in which the failed files are left alone
        assert sorted((f.key, f.status) for f in w.files) == [
            ("bad.jsonl", "failed"),
            ("binary.txt", "failed"),
        ]
        assert sorted(e.origin for e in w.errors) == [f"{bad}:1", str(inbox / "binary.txt")]
        with Store(db, readonly=True) as store:
            record = store.ingested_file("bad.jsonl")
            assert record is not None and record.status == "failed"
            assert record.error is not None and "malformed JSON" in record.error

        drop(bad, lines(0))  # fixed
        w.wait_files(3)
        time.sleep(QUIET)

    assert len(w.files) == 3 and len(w.errors) == 2
    assert (w.files[2].key, w.files[2].status, w.files[2].summary.coded) == (
        "bad.jsonl",
        "coded",
        1,
    )
    assert w.summary is not None and (w.summary.files, w.summary.failed) == (1, 2)
    with Store(db, readonly=True) as store:
        record = store.ingested_file("bad.jsonl")
        assert record is not None and record.status == "coded" and record.error is None


@pytest.mark.model
def test_hidden_files_and_other_suffixes_are_ignored_and_pipes_reported_once(
    tmp_path: Path, inbox: Path, coder: Pipeline
) -> None:
    db = tmp_path / "e.db"
    (inbox / ".partial").mkdir()
    (inbox / "sub").mkdir()
    with Watching(inbox, db, coder) as w:
        (inbox / ".hidden.txt").write_text(STORY)
        (inbox / ".partial" / "a.txt").write_text(STORY)
        (inbox / "notes.md").write_text(STORY)
        (inbox / "news.json").write_text(lines(0))
        if hasattr(os, "mkfifo"):
            os.mkfifo(inbox / "pipe.txt")  # reading it would block the watcher for ever
        drop(inbox / "sub" / "ok.txt", STORY)
        w.wait_files(1)
        time.sleep(QUIET)

    assert w.keys() == ["sub/ok.txt"]
    if hasattr(os, "mkfifo"):  # reported, not read (once, though every scan finds it)
        assert [str(e) for e in w.errors] == [
            f"{inbox / 'pipe.txt'}: not a regular file (a named pipe)"
        ]
    else:
        assert w.errors == []
    assert documents(db) == 1


@pytest.mark.model
def test_the_stop_event_ends_the_watch_promptly(
    tmp_path: Path, inbox: Path, coder: Pipeline
) -> None:
    with Watching(inbox, tmp_path / "e.db", coder, interval=60.0) as w:
        time.sleep(0.3)  # asleep between two scans
        w.stop.set()
        stopped = time.monotonic()
        w.thread.join(timeout=5)
        assert time.monotonic() - stopped < 1.0
    assert w.summary is not None and w.summary.polls == 1

    already = threading.Event()
    already.set()
    with Store(tmp_path / "e.db") as store:
        summary = watch(inbox, store, coder, stop=already)
    assert summary.polls == 0


@pytest.mark.model
def test_watch_refuses_what_it_cannot_do(tmp_path: Path, inbox: Path, coder: Pipeline) -> None:
    db = tmp_path / "e.db"
    with Store(db) as store:
        with pytest.raises(ConfigError, match="interval must be > 0"):
            watch(inbox, store, coder, interval=0)
        with pytest.raises(ConfigError, match="settle time"):
            watch(inbox, store, coder, settle=-1)
        with pytest.raises(InputError, match="no such folder"):
            watch(tmp_path / "missing", store, coder)
        with pytest.raises(InputError, match="not a folder"):
            watch(db, store, coder)
    with Store(db, readonly=True) as store, pytest.raises(ConfigError, match="read-only"):
        watch(inbox, store, coder)


# -- the schema: migration 8 -------------------------------------------------------------------


def _version_7_store(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with monkeypatch.context() as m:
        m.setattr(schema, "MIGRATIONS", schema.MIGRATIONS[:7])
        with Store(path) as store:
            article = Article(id="a", date=dt.date(2024, 5, 1), text="Russia met Ukraine.")
            store.add_documents([Document(article=article, events=())])
            assert store.schema_version == 7


def _tables(path: Path) -> set[str]:
    conn = sqlite3.connect(path)
    try:
        return {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
    finally:
        conn.close()


def test_migration_8_records_watched_files(tmp_path: Path) -> None:
    migration = schema.MIGRATIONS[7]
    assert (migration.version, migration.name, migration.readers_need) == (
        8,
        "watched files",
        False,
    )
    with Store(tmp_path / "e.db") as store:
        assert store.schema_version >= 8
        assert store.ingested_file("a.txt") is None and store.ingested_files() == {}
        first = store.record_ingested("a.txt", size=10, mtime_ns=5, status="failed", error="bad")
        assert store.ingested_file("a.txt") == first
        second = store.record_ingested(
            "a.txt", size=20, mtime_ns=6, status="coded", articles=2, coded=2, events=3
        )
        assert store.ingested_files() == {"a.txt": second}
        assert (second.size, second.status, second.error, second.events) == (20, "coded", None, 3)
        with pytest.raises(StoreError, match="cannot record"):
            store.record_ingested("b.txt", size=-1, mtime_ns=0, status="coded")


def test_a_version_7_store_is_upgraded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "e.db"
    _version_7_store(path, monkeypatch)
    assert "ingested_files" not in _tables(path)
    with Store(path) as store:
        assert store.schema_version == len(schema.MIGRATIONS)
        assert store.stats().documents == 1 and store.ingested_files() == {}
        store.record_ingested("a.txt", size=1, mtime_ns=1, status="coded")
    assert "ingested_files" in _tables(path)


def test_a_version_7_store_still_opens_read_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "e.db"
    _version_7_store(path, monkeypatch)
    with Store(path, readonly=True) as store:  # readers need not upgrade the file
        assert store.schema_version == 7 and store.stats().documents == 1
        assert store.ingested_file("a.txt") is None and store.ingested_files() == {}
        with pytest.raises(StoreError, match="read-only"):
            store.record_ingested("a.txt", size=1, mtime_ns=1, status="coded")
    assert "ingested_files" not in _tables(path)


# -- the command -------------------------------------------------------------------------------


def test_ingest_needs_inputs_or_a_folder_to_watch(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["ingest", "--db", str(tmp_path / "e.db")])
    assert result.exit_code == 2
    assert "give INPUTS to code, --watch DIR to watch, or both" in result.output


def _recorded(db: Path, key: str) -> bool:
    try:
        with Store(db, readonly=True) as store:
            return store.ingested_file(key) is not None
    except StoreError:  # not created or not migrated yet
        return False


@pytest.mark.model
def test_ingest_watch_codes_arriving_files_until_interrupted(tmp_path: Path, inbox: Path) -> None:
    db = tmp_path / "e.db"
    first = tmp_path / "first.txt"
    first.write_text("date 2024-05-02 France condemned the attack on Mali.\n")
    command = [
        sys.executable,
        "-c",
        "from newsevents.cli import main; main()",  # what the ``newsevents`` script runs
        "ingest",
        str(first),
        "--watch",
        str(inbox),
        "--db",
        str(db),
        "--interval",
        "0.2",
        "--no-progress",
    ]
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEWSEVENTS_")}
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env
    )
    try:
        drop(inbox / "a.txt", STORY)

        def recorded() -> bool:
            if process.poll() is not None:
                pytest.fail(f"the watcher exited ({process.returncode}): {process.stderr.read()}")
            return _recorded(db, "a.txt")

        wait_until(recorded, "the watcher to record a.txt", timeout=180)  # the model loads first
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()

    assert process.returncode == 0, err
    summaries = out.splitlines()
    assert summaries[0].startswith(f"{db}: 1 articles read, 1 coded, 0 skipped")
    assert summaries[1].startswith(f"{db}: 1 files coded, 0 failed: 1 articles read, 1 coded")
    assert f"{inbox / 'a.txt'}: 1 articles, " in err
    assert "SIGINT: stopping after the current file" in err
    assert documents(db) == 2
