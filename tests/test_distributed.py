"""Distributed ingest on Dask: partitioning, reading partitions, and runs on a real LocalCluster
(two worker processes, one thread each) compared with a single-machine ``batch.run``."""

from __future__ import annotations

import contextlib
import gzip
import io
import itertools
import json
import os
import sqlite3
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import duckdb
import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from newsevents import InputError, Pipeline, Settings, Store, batch
from newsevents.cli import cli
from newsevents.distributed import (
    DASK_MISSING,
    DistributedRunError,
    Plan,
    TaskResult,
    parse_scheduler,
    plan_tasks,
    run_distributed,
)
from newsevents.distributed import run as run_module
from newsevents.distributed.plan import MAX_FILES_PER_TASK, LineRange, iter_range_lines, line_ranges
from newsevents.distributed.worker import TaskError, read_piece, warm_up
from newsevents.errors import ConfigError
from newsevents.ingest.reader import read_file
from newsevents.types import Article

# -- the byte-range splitter ---------------------------------------------------------------------

PIECES = [b"\n", b"\n", b"a", b"bc", b"\r\n", b'{"x": 1}', "é".encode(), b" ", b"\xff"]


def expected_lines(content: bytes) -> list[bytes]:
    """Lines as a binary file iterates them: split after each b"\\n", newlines kept."""
    return io.BytesIO(content).readlines()


@settings(max_examples=300, deadline=None)
@given(
    content=st.lists(st.sampled_from(PIECES), max_size=80).map(b"".join),
    chunk=st.integers(min_value=1, max_value=40),
)
def test_byte_ranges_neither_lose_nor_repeat_a_line(content: bytes, chunk: int) -> None:
    stream = io.BytesIO(content)
    ranges = line_ranges(stream, len(content), chunk)
    # Contiguous, covering every byte, each but the last at least `chunk` long and ending a line.
    assert ranges[0].start == 0 and ranges[-1].end == len(content)
    for before, after in itertools.pairwise(ranges):
        assert before.end == after.start
        assert before.end - before.start >= chunk
        assert content[before.end - 1 : before.end] == b"\n"
    read = [line for r in ranges for line in iter_range_lines(stream, r)]
    assert [raw for _, raw in read] == expected_lines(content)
    assert [number for number, _ in read] == list(range(1, len(read) + 1))


def test_a_range_reads_only_its_own_lines() -> None:
    content = b"one\ntwo\nthree\nfour\n"
    ranges = line_ranges(io.BytesIO(content), len(content), 5)
    assert ranges == [LineRange(0, 8, 1), LineRange(8, 14, 3), LineRange(14, 19, 4)]
    assert list(iter_range_lines(io.BytesIO(content), ranges[1])) == [(3, b"three\n")]


# -- planning ------------------------------------------------------------------------------------


ARTICLES = [
    ("2024-01-05", "Russia accused Ukraine of shelling the Zaporizhzhia nuclear plant."),
    ("2024-01-19", "France and Germany signed a defense agreement in Paris on Friday."),
    ("2024-02-02", "Japan accused North Korea of firing two ballistic missiles."),
    ("2024-02-14", "India and China held a new round of border talks in New Delhi."),
    ("2024-03-01", "Turkey condemned the Israeli air strikes on Gaza."),
    ("2024-03-22", "The United States imposed new sanctions on Iran over its drone exports."),
    ("2024-04-09", "Egypt and Qatar mediated talks between Israel and Hamas in Cairo."),
    ("2024-04-30", "Poland expelled a Russian diplomat and accused Moscow of espionage."),
    ("2024-05-17", "Brazil and Argentina agreed to cooperate on trade, the ministers said."),
    ("2024-06-03", "Ukrainian forces attacked Russian positions near Bakhmut."),
    ("2024-06-21", "The European Union criticized Hungary for blocking aid to Ukraine."),
    ("2024-07-11", "Germany pledged military aid to Ukraine on Thursday."),
    (
        "2024-07-20",
        "Poland and Lithuania held talks on border security. Lithuanian Deputy Defence Minister "
        "Tomas Vaitkunas met Polish officials in Warsaw on Monday.",
    ),
]


def article_line(n: int, date: str, text: str) -> str:
    record = {"id": f"wire-{n}", "date": date, "title": f"Story {n}", "text": text}
    return json.dumps(record) + "\n"


@pytest.fixture
def corpus(tmp_path: Path, examples_dir: Path) -> tuple[list[str], dict[str, Path]]:
    """Inputs of every kind: a JSON Lines file large enough to split (with bad lines), CSV with a
    quoted newline, gzipped JSON Lines with a repeated article, a text file, the examples."""
    folder = tmp_path / "in"
    folder.mkdir()
    wire = folder / "wire.jsonl"
    lines = [article_line(n, d, t) for n, (d, t) in enumerate(ARTICLES)]
    lines.insert(3, "{not json\n")
    lines.insert(6, "\n")
    lines.insert(8, json.dumps({"id": "no-date", "text": "Russia met China."}) + "\n")
    wire.write_bytes(b"".join(line.encode() for line in lines) + b'{"date": "2024-08-01", \xff}\n')
    table = folder / "more.csv"
    table.write_text(
        "id,date,text\n"
        'csv-1,2024-08-12,"Greece and Turkey held talks in Athens.\nBoth sides agreed to meet."\n'
        "csv-2,2024-08-20,Chile protested against the Argentine border patrols.\n",
        encoding="utf-8",
    )
    packed = folder / "packed.jsonl.gz"
    same = article_line(99, "2024-09-02", "Kenya and Ethiopia signed a water agreement.")
    packed.write_bytes(gzip.compress((same + same).encode()))
    story = folder / "story.txt"
    story.write_text("date 2024-10-01 Cuba accused the United States of interference.\n")
    inputs = [str(wire), str(table), str(packed), str(story), str(examples_dir)]
    return inputs, {"wire": wire, "csv": table, "gz": packed, "txt": story}


CHUNK = 600  # bytes: splits wire.jsonl into several tasks


def test_large_json_lines_are_split_and_the_rest_read_whole(
    corpus: tuple[list[str], dict[str, Path]],
) -> None:
    inputs, files = corpus
    plan = plan_tasks(inputs, chunk_bytes=CHUNK)
    wire = [t for t in plan.tasks if t.pieces[0].label == str(files["wire"])]
    assert len(wire) >= 3 and all(len(t.pieces) == 1 for t in wire)
    ranges = [t.pieces[0] for t in wire]
    assert ranges[0].start == 0 and ranges[-1].end == files["wire"].stat().st_size
    assert all(a.end == b.start for a, b in itertools.pairwise(ranges))
    whole = [p for t in plan.tasks for p in t.pieces if p.whole]
    labels = {p.label for p in whole}
    assert {str(files["csv"]), str(files["gz"]), str(files["txt"])} <= labels
    assert len({t.id for t in plan.tasks}) == len(plan.tasks)
    assert plan_tasks(inputs, chunk_bytes=CHUNK) == plan  # stable ids


def test_csv_and_gzip_are_never_split(tmp_path: Path) -> None:
    big_csv = tmp_path / "big.csv"
    big_csv.write_text("id,date,text\n" + "".join(f"{n},2024-01-01,x\n" for n in range(500)))
    big_gz = tmp_path / "big.jsonl.gz"
    big_gz.write_bytes(
        gzip.compress(b"".join(article_line(n, "2024-01-01", "x").encode() for n in range(500)))
    )
    disguised = tmp_path / "disguised.jsonl"  # gzip under a plain name: read as a run reads it
    disguised.write_bytes(big_gz.read_bytes() + b"\n" * 100)
    for path in (big_csv, big_gz, disguised):
        plan = plan_tasks([path], chunk_bytes=64)
        assert [[p.whole for p in t.pieces] for t in plan.tasks] == [[True]]


def test_small_files_are_packed_into_tasks(tmp_path: Path) -> None:
    for n in range(MAX_FILES_PER_TASK + 5):
        (tmp_path / f"a{n:04d}.txt").write_text("date 2024-01-01 x\n")
    plan = plan_tasks([tmp_path], chunk_bytes=10**9)
    assert [len(t.pieces) for t in plan.tasks] == [MAX_FILES_PER_TASK, 5]
    small = plan_tasks([tmp_path], chunk_bytes=60)
    assert all(sum(p.size for p in t.pieces) <= 60 for t in small.tasks)


def test_a_changed_file_gets_a_new_task_id(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text("date 2024-01-01 Russia met China.\n")
    before = plan_tasks([path]).tasks[0].id
    os.utime(path, ns=(1, 1))
    assert plan_tasks([path]).tasks[0].id != before


def test_missing_inputs_are_errors_and_stdin_is_refused(tmp_path: Path) -> None:
    plan = plan_tasks([tmp_path / "nope.jsonl"])
    assert plan.tasks == () and "no such file" in str(plan.errors[0])
    with pytest.raises(ConfigError, match="standard input"):
        plan_tasks(["-"])


# -- reading a partition -------------------------------------------------------------------------


def items(found: Iterator[Article | InputError]) -> list[str]:
    return [str(i) if isinstance(i, InputError) else f"{i.origin} {i.id}" for i in found]


def test_partitions_read_what_a_single_run_reads_with_the_same_origins(
    corpus: tuple[list[str], dict[str, Path]],
) -> None:
    _, files = corpus
    wire = files["wire"]
    wire.write_bytes(b"\xef\xbb\xbf" + wire.read_bytes().replace(b"\n", b"\r\n", 2))
    plan = plan_tasks([wire], chunk_bytes=CHUNK)
    assert len(plan.tasks) >= 3
    split = [item for t in plan.tasks for p in t.pieces for item in items(read_piece(p, None))]
    assert split == items(read_file(str(wire)))
    assert f"{wire}:4: malformed JSON" in "\n".join(split)
    assert f"{wire}:9: missing date" in "\n".join(split)
    last = len(ARTICLES) + 4  # the articles, a malformed, a blank and an undated line, then it
    assert any(s.startswith(f"{wire}:{last}: not UTF-8") for s in split)


def test_a_file_changed_after_planning_fails_its_task(tmp_path: Path) -> None:
    path = tmp_path / "a.jsonl"
    path.write_text(article_line(1, "2024-01-01", "Russia met China."))
    (task,) = plan_tasks([path]).tasks
    with path.open("a") as f:
        f.write(article_line(2, "2024-01-02", "China met Russia."))
    with pytest.raises(TaskError, match="changed since the run was planned"):
        list(read_piece(task.pieces[0], None))


# -- scheduler and missing Dask ------------------------------------------------------------------


def test_scheduler_values() -> None:
    assert parse_scheduler("local:3").workers == 3
    assert parse_scheduler("local").workers >= 1
    assert parse_scheduler("tcp://10.0.0.5:8786").address == "tcp://10.0.0.5:8786"
    for bad in ("local:0", "local:x", "8786", "http://host:8786", "tcp://"):
        with pytest.raises(ConfigError, match="scheduler"):
            parse_scheduler(bad)


def test_without_dask_the_error_says_how_to_install_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "distributed", None)  # import distributed -> ImportError
    story = tmp_path / "a.txt"
    story.write_text("date 2024-01-01 Russia met China.\n")
    with pytest.raises(ConfigError) as raised:
        run_distributed([story], None, scheduler="local:1", merge=False, parts_dir=tmp_path / "p")
    assert str(raised.value) == DASK_MISSING
    db = tmp_path / "x.db"
    result = CliRunner().invoke(
        cli, ["ingest", str(story), "--db", str(db), "--scheduler", "local:2", "--no-progress"]
    )
    assert result.exit_code == 1
    assert result.output.strip() == "error: --scheduler needs Dask: pip install 'newsevents[dask]'"
    assert not db.exists() and not (tmp_path / "p").exists()


@pytest.mark.parametrize(
    "args",
    [["--parquet-only"], ["--parts-dir", "p"], ["--scheduler", "local:1", "--watch", "."]],
)
def test_distributed_options_misuse_is_a_usage_error(tmp_path: Path, args: list[str]) -> None:
    result = CliRunner().invoke(cli, ["ingest", str(tmp_path), "--db", "x.db", *args])
    assert result.exit_code == 2


# -- runs on a LocalCluster ----------------------------------------------------------------------


CODER = Settings(actor_memory=False)


@pytest.fixture(scope="module")
def client() -> Iterator[Any]:
    """One LocalCluster for the module: 2 worker processes, 1 thread each, loopback only."""
    from distributed import Client, LocalCluster

    cluster = LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=True,
        host="127.0.0.1",
        # No dashboard; the scheduler's own HTTP endpoints on a free loopback port.
        dashboard_address="127.0.0.1:0",
        scheduler_kwargs={"dashboard": False},
        silence_logs=50,
    )
    dask_client = Client(cluster)
    # Each worker loads the coder while this process codes the single-machine run.
    warming = [
        dask_client.submit(warm_up, CODER, workers=[address], pure=False)
        for address in dask_client.scheduler_info()["workers"]
    ]
    yield dask_client
    del warming
    dask_client.close()
    cluster.close()


def store_content(db: Path) -> dict[str, list[tuple[object, ...]]]:
    conn = sqlite3.connect(db)
    try:
        return {
            "documents": conn.execute(
                "SELECT id, date, title, url, source, origin, text, n_events FROM documents "
                "ORDER BY id"
            ).fetchall(),
            "events": conn.execute(
                "SELECT event_id, cameo, record FROM events ORDER BY 1"
            ).fetchall(),
            "mentions": conn.execute(
                "SELECT doc_id, sentence, start, text, label, actor_code FROM mentions "
                "ORDER BY 1, 2, 3"
            ).fetchall(),
            "known_actors": conn.execute(
                "SELECT name, code, country, evidence, doc_id FROM known_actors ORDER BY 1"
            ).fetchall(),
        }
    finally:
        conn.close()


def batch_run(inputs: list[str], db: Path) -> tuple[batch.RunSummary, list[str]]:
    errors: list[str] = []
    with Store(db) as store:
        summary = batch.run(
            inputs, store, Pipeline(CODER), on_error=lambda e: errors.append(str(e))
        )
    return summary, errors


def dask_run(
    inputs: list[str], db: Path | None, client: Any, parts: Path, **kwargs: Any
) -> tuple[batch.RunSummary, list[str], list[TaskResult]]:
    errors: list[str] = []
    results: list[TaskResult] = []
    with contextlib.ExitStack() as stack:
        store = stack.enter_context(Store(db)) if db is not None else None
        summary = run_distributed(
            inputs,
            store,
            CODER,
            client=client,
            parts_dir=parts,
            chunk_bytes=CHUNK,
            merge=db is not None,
            on_error=lambda e: errors.append(str(e)),
            on_task=results.append,
            **kwargs,
        )
    return summary, errors, results


def dataset_events(parts: Path) -> tuple[int, int]:
    glob = str(parts / "events" / "**" / "*.parquet")
    sql = (
        "SELECT count(*), count(DISTINCT event_id) "
        f"FROM read_parquet('{glob}', hive_partitioning = true)"
    )
    ((total, distinct),) = duckdb.sql(sql).fetchall()
    return int(total), int(distinct)


@pytest.mark.model
def test_a_distributed_run_stores_what_a_single_run_stores_and_resumes(
    corpus: tuple[list[str], dict[str, Path]], tmp_path: Path, client: Any
) -> None:
    inputs, files = corpus
    single, single_errors = batch_run(inputs, tmp_path / "single.db")
    parts = tmp_path / "dask.db.parts"
    summary, errors, results = dask_run(inputs, tmp_path / "dask.db", client, parts)
    assert len(results) >= 5 and not any(r.resumed for r in results)

    # The same documents, events, mentions and learned actors; the same counts and bad items.
    assert store_content(tmp_path / "dask.db") == store_content(tmp_path / "single.db")
    assert summary == single
    assert single.skipped == 3 and single.already_stored == 1
    # What the store learns on merge takes its evidence from the document's sentences.
    learned = store_content(tmp_path / "dask.db")["known_actors"]
    assert ("Tomas Vaitkunas", "LTU") in {(name, country) for name, _, country, *_ in learned}
    assert any(str(evidence).startswith("Lithuanian Deputy") for *_, evidence, _ in learned)
    assert sorted(errors) == sorted(single_errors)
    wire = files["wire"]
    assert any(e.startswith(f"{wire}:4: malformed JSON") for e in errors)
    assert any(e.startswith(f"{wire}:9: missing date") for e in errors)
    assert dataset_events(parts) == (single.events, single.events)

    # A rerun computes nothing and adds nothing (every task is found finished).
    again, again_errors, rerun = dask_run(inputs, tmp_path / "dask.db", client, parts)
    assert all(r.resumed for r in rerun) and len(rerun) == len(results)
    assert (again.coded, again.events) == (0, 0)
    assert again.already_stored == single.read - single.skipped
    assert sorted(again_errors) == sorted(single_errors)  # still reported, as a rerun reports
    assert store_content(tmp_path / "dask.db") == store_content(tmp_path / "single.db")

    # Interrupted: the store is gone and one task never finished. Only that one is computed
    # again, its part files replaced rather than added, and nothing is stored twice.
    (tmp_path / "dask.db").unlink()
    lost = next(r for r in results if "wire.jsonl" in r.description)
    (parts / "done" / f"{lost.task_id}.json").unlink()
    kept = {p: p.stat().st_mtime_ns for p in (parts / "done").iterdir()}
    resumed, _, after = dask_run(inputs, tmp_path / "dask.db", client, parts)
    assert [r.task_id for r in after if not r.resumed] == [lost.task_id]
    assert {p: p.stat().st_mtime_ns for p in kept} == kept
    assert resumed == single
    assert store_content(tmp_path / "dask.db") == store_content(tmp_path / "single.db")
    assert dataset_events(parts) == (single.events, single.events)


@pytest.mark.model
def test_a_failed_task_is_reported_and_the_rerun_completes(
    corpus: tuple[list[str], dict[str, Path]],
    tmp_path: Path,
    client: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    inputs, files = corpus
    wire = files["wire"]
    db, parts = tmp_path / "f.db", tmp_path / "f.parts"
    planned: list[Plan] = []

    def plan_then_change(*args: Any, **kwargs: Any) -> Plan:
        planned.append(plan_tasks(*args, **kwargs))
        with wire.open("a") as f:  # changed after planning: its tasks must not read it
            f.write(article_line(50, "2024-11-11", "Cuba recalled its ambassador from Spain."))
        return planned[0]

    monkeypatch.setattr(run_module, "plan_tasks", plan_then_change)
    with pytest.raises(DistributedRunError) as raised:
        dask_run(inputs, db, client, parts)
    wire_tasks = [t for t in planned[0].tasks if t.pieces[0].label == str(wire)]
    message = str(raised.value)
    assert f"{len(wire_tasks)} of {len(planned[0].tasks)} tasks failed" in message
    assert f"{wire}: changed since the run was planned" in message
    assert [t for t, _ in raised.value.failures] == wire_tasks
    failed = raised.value.summary
    assert failed.coded > 0 and failed.read == failed.coded + failed.skipped + failed.already_stored

    monkeypatch.undo()
    summary, _, results = dask_run(inputs, db, client, parts)
    computed = [r for r in results if not r.resumed]
    assert computed and all(str(wire) in r.description for r in computed)
    single, _ = batch_run(inputs, tmp_path / "single.db")
    assert store_content(db) == store_content(tmp_path / "single.db")
    assert summary.coded == single.coded - failed.coded


@pytest.mark.model
def test_parquet_only_writes_a_dataset_duckdb_reads(
    corpus: tuple[list[str], dict[str, Path]],
    tmp_path: Path,
    client: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    inputs, _ = corpus
    single, _ = batch_run(inputs, tmp_path / "single.db")

    @contextlib.contextmanager
    def module_cluster(_scheduler: object) -> Iterator[Any]:
        yield client  # the CLI's local:2 cluster is this module's cluster

    monkeypatch.setattr(run_module, "connect", module_cluster)
    db, parts = tmp_path / "never.db", tmp_path / "pq"
    options = ["--db", str(db), "--scheduler", "local:2", "--parts-dir", str(parts)]
    result = CliRunner().invoke(
        cli, ["ingest", *inputs, *options, "--parquet-only", "--no-progress", "--no-memory"]
    )
    assert result.exit_code == 3, result.output  # finished, the corpus's bad lines skipped
    assert f"{parts / 'events'}: {single}" in result.output
    assert "malformed JSON" in result.output  # bad lines reported, with file and line
    assert not db.exists()
    assert dataset_events(parts) == (single.events, single.events)
    with Store(tmp_path / "single.db", readonly=True) as store:
        by_month = store.select(
            "SELECT substr(event_start, 1, 7), count(*) FROM events GROUP BY 1 ORDER BY 1"
        ).fetchall()
    glob = str(parts / "events" / "**" / "*.parquet")
    assert duckdb.sql(
        f"SELECT event_month, count(*) FROM read_parquet('{glob}', hive_partitioning = true) "
        "GROUP BY 1 ORDER BY 1"
    ).fetchall() == [tuple(row) for row in by_month]

    # The parts can still be merged into a store later: every task is found finished.
    merged = CliRunner().invoke(cli, ["ingest", *inputs, *options, "--no-progress", "--no-memory"])
    assert merged.exit_code == 3, merged.output
    assert f"{db}: {single}" in merged.output
    assert store_content(db) == store_content(tmp_path / "single.db")

    # Other coder settings would make the parts a mix: refused.
    other = CliRunner().invoke(
        cli, ["ingest", *inputs, *options, "--parquet-only", "--min-confidence", "0.9"]
    )
    assert other.exit_code == 1 and "coded with other settings" in other.output


@pytest.mark.model
def test_workers_resolve_names_through_what_the_store_knew(tmp_path: Path, client: Any) -> None:
    from newsevents import ActorMemory, KnownActor

    story = tmp_path / "two.txt"
    story.write_text("date 2023-03-09\nVaitkunas criticised Russia on Thursday.\n")
    minister = KnownActor(
        name="Tomas Vaitkunas", country="LTU", sectors=("GOV",), code="LTUGOV", source="user"
    )
    dbs = {}
    for name in ("single", "dask"):
        dbs[name] = tmp_path / f"{name}.db"
        with Store(dbs[name]) as store:
            store.correct_actor(minister)
    with Store(dbs["single"]) as store:
        batch.run([story], store, Pipeline(Settings(), memory=ActorMemory()))
    with Store(dbs["dask"]) as store:
        run_distributed([story], store, Settings(), client=client, parts_dir=tmp_path / "p")
    content = store_content(dbs["dask"])
    assert content == store_content(dbs["single"])
    sources = [json.loads(str(record))["source"] for _, _, record in content["events"]]
    assert any(s and s["code"] == "LTUGOV" and s["via"] == "memory" for s in sources)
