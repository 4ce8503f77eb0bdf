"""An ingest killed half-way resumes where it stopped: nothing lost, nothing coded twice.

The runs are real ``newsevents ingest`` processes, stopped once some batches are stored: with
SIGKILL (no chance to clean up), in one process and parsing in two worker processes, and with
SIGINT, in one process and with two workers. Each is then run again, and the store must hold
exactly what one uninterrupted run stores: every row of every table (events with their
actors, dates and places, mentions, merged events, the actor memory), not only the same ids.
No worker may outlive its run.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from newsevents import read_articles
from newsevents.types import Article

pytestmark = pytest.mark.model

N_ARTICLES = 48


def _command(corpus: Path, db: Path, workers: int = 1) -> list[str]:
    return [
        sys.executable,
        "-c",
        "from newsevents.cli import main; main()",  # what the ``newsevents`` script runs
        "ingest",
        str(corpus),
        "--db",
        str(db),
        "--batch-size",
        "2",
        "--workers",
        str(workers),
        "--no-progress",
    ]


def _env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if not k.startswith("NEWSEVENTS_")}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory, examples_dir: Path) -> Path:
    """48 distinct articles: the examples' stories under different dates and headlines."""
    stories = [a for a in read_articles([examples_dir]) if isinstance(a, Article)]
    path = tmp_path_factory.mktemp("resume") / "corpus.jsonl"
    with path.open("w", encoding="utf-8") as f:
        for i in range(N_ARTICLES):
            story = stories[i % len(stories)]
            record = {
                "id": f"story-{i:03d}",
                "date": f"2024-{1 + i % 12:02d}-{1 + i // 12:02d}",
                "title": f"Dispatch {i}",
                "text": f"Dispatch number {i}.\n\n{story.text}",
            }
            f.write(json.dumps(record) + "\n")
    return path


# Every table a run writes, with the columns that may differ between equal stores left out.
_TABLES = {
    "documents": ("added_at",),
    "events": (),
    "event_actors": (),
    "mentions": (),
    "merged_events": (),
    "actors": (),
    "known_actors": (),
    "actor_sightings": (),
}


def _snapshot(db: Path) -> dict[str, object]:
    """Each table's rows, sorted, and whether each document's ``n_events`` counts its events."""
    snapshot: dict[str, object] = {}
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        for table, left_out in _TABLES.items():
            columns = [
                f'"{row[1]}"'
                for row in conn.execute(f"PRAGMA table_info({table})")
                if row[1] not in left_out
            ]
            rows = conn.execute(f"SELECT {', '.join(columns)} FROM {table}").fetchall()
            snapshot[table] = sorted(rows, key=repr)
        snapshot["n_events"] = conn.execute(
            "SELECT count(*) FROM documents d WHERE n_events != "
            "(SELECT count(*) FROM events e WHERE e.doc_id = d.id)"
        ).fetchone()[0]
    return snapshot


def _ids(snapshot: dict[str, object], table: str) -> set[str]:
    return {str(row[0]) for row in snapshot[table]}  # type: ignore[attr-defined]


def _differences(got: dict[str, object], want: dict[str, object]) -> list[str]:
    """Per table, a few rows one store has and the other has not (for a readable failure)."""
    found = []
    for table in want:
        if got[table] != want[table]:
            if not isinstance(want[table], list):
                found.append(f"{table}: {got[table]!r} != {want[table]!r}")
                continue
            extra = [r for r in got[table] if r not in want[table]][:3]  # type: ignore[attr-defined]
            missing = [r for r in want[table] if r not in got[table]][:3]  # type: ignore[attr-defined]
            found.append(f"{table}: resumed has {extra}, uninterrupted has {missing}")
    return found


def _stored(db: Path) -> int:
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1) as conn:
            return int(conn.execute("SELECT count(*) FROM documents").fetchone()[0])
    except sqlite3.Error:  # not created or not migrated yet
        return 0


@pytest.fixture(scope="module")
def uninterrupted(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    db = tmp_path_factory.mktemp("clean") / "clean.db"
    done = subprocess.run(
        _command(corpus, db), capture_output=True, text=True, env=_env(), timeout=600
    )
    assert done.returncode == 0, done.stderr
    snapshot = _snapshot(db)
    assert len(snapshot["documents"]) == N_ARTICLES  # type: ignore[arg-type]
    assert snapshot["events"]
    return snapshot


def _children(pid: int) -> dict[int, str]:
    """The live child processes of ``pid`` (from /proc), each with its start time, so a
    recycled pid is not mistaken for the child."""
    found = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        fields = _stat_fields(stat)
        if fields is not None and fields[1] == str(pid) and fields[0] != "Z":
            found[int(stat.parent.name)] = fields[19]
    return found


def _stat_fields(stat: Path) -> list[str] | None:
    """``/proc/PID/stat`` from the state on (the command name may hold spaces); None when the
    process is gone."""
    try:
        text = stat.read_text()
    except OSError:
        return None
    return text[text.rindex(")") + 2 :].split()


def _alive(children: dict[int, str]) -> list[int]:
    """Those of ``children`` still running (a zombie waiting for init to reap it is not)."""
    alive = []
    for pid, started in children.items():
        fields = _stat_fields(Path(f"/proc/{pid}/stat"))
        if fields is not None and fields[19] == started and fields[0] != "Z":
            alive.append(pid)
    return alive


def _interrupt_part_way(
    corpus: Path,
    db: Path,
    stop: Callable[[subprocess.Popen[str]], None],
    *,
    workers: int = 1,
) -> tuple[str, dict[int, str]]:
    """Start a run, ``stop`` it once some batches are stored; its stderr and the child
    processes it had when stopped."""
    log = db.with_suffix(".stderr")
    with log.open("w") as stderr:  # a file, not a pipe: workers left behind would hold a pipe
        process = subprocess.Popen(
            _command(corpus, db, workers),
            stdout=subprocess.DEVNULL,
            stderr=stderr,
            text=True,
            env=_env(),
        )
    try:
        deadline = time.monotonic() + 300
        while _stored(db) < 4:
            if process.poll() is not None:
                pytest.fail(f"the run ended before it was interrupted: {log.read_text()}")
            if time.monotonic() > deadline:
                pytest.fail("no batch was stored in 300 s")
            time.sleep(0.02)
        children = _children(process.pid)
        stop(process)
        process.wait(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
    stored = _stored(db)
    assert 0 < stored < N_ARTICLES, f"the run was not interrupted part-way ({stored} stored)"
    return log.read_text(), children


def _resume(corpus: Path, db: Path, workers: int = 1) -> str:
    done = subprocess.run(
        _command(corpus, db, workers), capture_output=True, text=True, env=_env(), timeout=600
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def _check_resumes(
    corpus: Path, db: Path, uninterrupted: dict[str, object], workers: int = 1
) -> None:
    partial = _snapshot(db)  # consistent after SIGKILL: whole batches or nothing
    assert partial["n_events"] == 0
    assert _ids(partial, "events") <= _ids(uninterrupted, "events")

    out = _resume(corpus, db, workers)
    already = len(partial["documents"])  # type: ignore[arg-type]
    assert f"{N_ARTICLES - already} coded" in out
    assert f"{already} already stored" in out
    resumed = _snapshot(db)
    assert resumed == uninterrupted, "\n".join(_differences(resumed, uninterrupted))


def test_a_killed_run_resumes_without_losing_or_repeating_anything(
    corpus: Path, tmp_path: Path, uninterrupted: dict[str, object]
) -> None:
    db = tmp_path / "killed.db"
    _interrupt_part_way(corpus, db, lambda p: p.kill())
    _check_resumes(corpus, db, uninterrupted)


@pytest.mark.parametrize("workers", [1, 2])
def test_an_interrupted_run_says_how_to_resume_and_resumes(
    corpus: Path, tmp_path: Path, uninterrupted: dict[str, object], workers: int
) -> None:
    """SIGINT (Ctrl-C): the run stops at once, its workers with it, and says how to resume."""
    db = tmp_path / "interrupted.db"
    err, children = _interrupt_part_way(
        corpus, db, lambda p: p.send_signal(signal.SIGINT), workers=workers
    )
    assert "rerun the same command to resume" in err
    assert _alive(children) == []  # ended and reaped by the run itself
    _resume(corpus, db, workers)
    resumed = _snapshot(db)
    assert resumed == uninterrupted, "\n".join(_differences(resumed, uninterrupted))


@pytest.fixture(scope="module")
def killed_with_workers(
    corpus: Path, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Path, list[int]]:
    """A run parsing in two worker processes, killed with SIGKILL part-way: its store, and
    those of its workers still running a few seconds later."""
    db = tmp_path_factory.mktemp("workers") / "killed.db"
    _, children = _interrupt_part_way(corpus, db, lambda p: p.kill(), workers=2)
    assert len(children) == 2, f"expected two parser workers, found {sorted(children)}"
    deadline = time.monotonic() + 5
    while _alive(children) and time.monotonic() < deadline:
        time.sleep(0.05)
    left = _alive(children)
    for pid in left:  # do not leave them behind for the rest of the suite
        os.kill(pid, signal.SIGKILL)
    return db, left


def test_the_workers_of_a_killed_run_end_with_it(
    killed_with_workers: tuple[Path, list[int]],
) -> None:
    _, left = killed_with_workers
    assert left == [], f"parser workers {left} outlived their killed parent by 5 s"


def test_a_killed_run_with_workers_resumes_to_what_one_run_stores(
    corpus: Path, uninterrupted: dict[str, object], killed_with_workers: tuple[Path, list[int]]
) -> None:
    db, _ = killed_with_workers
    _check_resumes(corpus, db, uninterrupted, workers=2)
