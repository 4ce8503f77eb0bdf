"""An ingest killed half-way resumes where it stopped: nothing lost, nothing coded twice.

The runs are real ``newsevents ingest`` processes. One is killed with SIGKILL (no chance to
clean up) once some batches are stored, another is interrupted with SIGINT; each is then run
again, and the store must equal that of one uninterrupted run: the same documents, the same
events and mentions, the same merged events.
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


def _command(corpus: Path, db: Path) -> list[str]:
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
        "1",
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


def _snapshot(db: Path) -> dict[str, object]:
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        return {
            "documents": sorted(r[0] for r in conn.execute("SELECT id FROM documents")),
            "events": sorted(r[0] for r in conn.execute("SELECT event_id FROM events")),
            "mentions": conn.execute("SELECT count(*) FROM mentions").fetchone()[0],
            "merged": conn.execute("SELECT count(*) FROM merged_events").fetchone()[0],
            "n_events": conn.execute(
                "SELECT count(*) FROM documents d WHERE n_events != "
                "(SELECT count(*) FROM events e WHERE e.doc_id = d.id)"
            ).fetchone()[0],
        }


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


def _interrupt_part_way(
    corpus: Path, db: Path, stop: Callable[[subprocess.Popen[str]], None]
) -> str:
    process = subprocess.Popen(
        _command(corpus, db),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=_env(),
    )
    try:
        deadline = time.monotonic() + 300
        while _stored(db) < 4:
            if process.poll() is not None:
                pytest.fail(f"the run ended before it was interrupted: {process.stderr.read()}")
            if time.monotonic() > deadline:
                pytest.fail("no batch was stored in 300 s")
            time.sleep(0.02)
        stop(process)
        _, err = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
    stored = _stored(db)
    assert 0 < stored < N_ARTICLES, f"the run was not interrupted part-way ({stored} stored)"
    return err


def _resume(corpus: Path, db: Path) -> str:
    done = subprocess.run(
        _command(corpus, db), capture_output=True, text=True, env=_env(), timeout=600
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_a_killed_run_resumes_without_losing_or_repeating_anything(
    corpus: Path, tmp_path: Path, uninterrupted: dict[str, object]
) -> None:
    db = tmp_path / "killed.db"
    _interrupt_part_way(corpus, db, lambda p: p.kill())
    partial = _snapshot(db)  # consistent after SIGKILL: whole batches or nothing
    assert partial["n_events"] == 0
    assert set(partial["events"]) <= set(uninterrupted["events"])  # type: ignore[call-overload]

    out = _resume(corpus, db)
    already = len(partial["documents"])  # type: ignore[arg-type]
    assert f"{N_ARTICLES - already} coded" in out
    assert f"{already} already stored" in out
    assert _snapshot(db) == uninterrupted


def test_an_interrupted_run_says_how_to_resume_and_resumes(
    corpus: Path, tmp_path: Path, uninterrupted: dict[str, object]
) -> None:
    db = tmp_path / "interrupted.db"
    err = _interrupt_part_way(corpus, db, lambda p: p.send_signal(signal.SIGINT))
    assert "rerun the same command to resume" in err
    _resume(corpus, db)
    assert _snapshot(db) == uninterrupted
