"""The parser's worker processes: results in order, input read lazily, and no hang or orphan
when a worker fails, is killed, or the caller stops reading early.

The workers here run small functions, not the model; ``tests/test_resume.py`` kills a real
``newsevents ingest --workers 2`` and checks its workers end with it.
"""

from __future__ import annotations

import os
import pickle
import signal
import threading
import time
from collections.abc import Iterator
from dataclasses import fields

import pytest

from newsevents.errors import WorkerError
from newsevents.nlp.workers import ordered_map
from newsevents.types import Token


def square(n: int) -> int:
    return n * n


def pid_of_worker(_n: int) -> int:
    return os.getpid()


def stuck_after_two(n: int) -> int:
    if n >= 2:
        time.sleep(3600)  # a batch that takes (almost) forever
    return os.getpid()


def fail_on_seven(n: int) -> int:
    if n == 7:
        raise ValueError(f"cannot take {n}")
    return n


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def test_results_come_back_in_input_order() -> None:
    items = list(range(25))
    assert list(ordered_map(square, items, processes=3)) == [n * n for n in items]


def test_the_input_is_read_only_a_few_items_ahead() -> None:
    pulled = 0

    def items() -> Iterator[int]:
        nonlocal pulled
        for n in range(40):
            pulled += 1
            yield n

    results = ordered_map(square, items(), processes=2, ahead=2)
    for taken, _ in enumerate(results, start=1):
        assert pulled <= taken + 4  # processes * ahead in flight, never the whole input
    assert pulled == 40


def test_an_error_in_a_worker_is_raised_with_its_traceback() -> None:
    with pytest.raises(WorkerError, match="ValueError: cannot take 7"):
        list(ordered_map(fail_on_seven, range(20), processes=2))


def test_a_killed_worker_is_an_error_not_a_hang() -> None:
    results = ordered_map(pid_of_worker, range(20), processes=2, ahead=1)
    os.kill(next(results), signal.SIGKILL)  # item 0's worker: items 2, 4 ... were its
    with pytest.raises(WorkerError, match="ended without a result"):
        list(results)


def test_stopping_early_ends_busy_workers_at_once() -> None:
    results = ordered_map(stuck_after_two, range(100), processes=2)
    pids = {next(results), next(results)}  # both workers are now stuck on their next item
    assert len(pids) == 2 and all(_running(pid) for pid in pids)
    closing = threading.Thread(target=results.close)
    closing.start()
    closing.join(timeout=60)  # waiting for the stuck items would take an hour
    assert not closing.is_alive(), "stopping early waited for the workers' work"
    assert not any(_running(pid) for pid in pids)


def test_a_token_crosses_processes_with_every_field() -> None:
    """Tokens pickle by their fields in order (for speed): a field added later must be too."""
    values = {
        f.name: n if f.type == "int" else f"{f.name}-{n}" for n, f in enumerate(fields(Token))
    }
    token = Token(**values)  # type: ignore[arg-type]
    assert pickle.loads(pickle.dumps(token)) == token
