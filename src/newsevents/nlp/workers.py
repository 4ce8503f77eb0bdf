"""Worker processes for the parser that end with the process that started them.

spaCy's own ``nlp.pipe(n_process=N)`` left two faults behind that its API gives no way to
fix, so the parser starts its workers here:

* **Orphans.** A parent killed outright (``kill -9``, the out-of-memory killer) tells its
  workers nothing; they waited forever for texts, each holding a loaded model. Each worker
  here runs :func:`watch_parent` first: on Linux the kernel sends it SIGTERM when the parent
  dies (``prctl(PR_SET_PDEATHSIG)``), and everywhere a thread checks ``os.getppid()`` every
  :data:`POLL_SECONDS` and ends it once it has been re-parented.
* **Hangs.** A parent that stopped early (Ctrl-C, a store error, a caller that stops
  reading) joined its workers while they were blocked sending results nobody would read:
  the run never ended. :func:`ordered_map` terminates its workers when it is left early,
  and a worker that dies (killed, out of memory) is an error, not a result awaited forever.

Only plain values cross: a batch of texts with their articles goes out, the batch's
:class:`~newsevents.types.Document` values come back.
"""

from __future__ import annotations

import ctypes
import multiprocessing
import multiprocessing.connection
import os
import pickle
import signal
import sys
import threading
import time
import traceback
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from typing import Any, Generic, TypeVar

from ..errors import WorkerError

__all__ = ["AHEAD", "POLL_SECONDS", "ordered_map", "watch_parent"]

#: How often a worker checks that its parent is still there, in seconds.
POLL_SECONDS = 0.5
#: Items in flight per worker: one being worked on, one waiting, so no worker idles.
AHEAD = 2
#: ``prctl`` option from <linux/prctl.h>.
_PR_SET_PDEATHSIG = 1

T = TypeVar("T")
R = TypeVar("R")


def watch_parent() -> None:
    """End this process when its parent dies; for a worker's main thread as it starts.

    SIGTERM gets its default action back, so a handler inherited from the parent
    (``ingest --watch`` installs one) cannot keep the worker alive, and SIGINT is ignored:
    Ctrl-C reaches the whole process group, and the parent ends its workers itself.
    """
    parent = os.getppid()
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _set_death_signal(signal.SIGTERM)
    if os.getppid() != parent:  # it died before the death signal was set
        os._exit(1)
    threading.Thread(target=_poll, args=(parent,), name="parent-watch", daemon=True).start()


def _poll(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(POLL_SECONDS)
    os._exit(1)


def _set_death_signal(signum: int) -> bool:
    """Ask Linux to send ``signum`` when the parent dies; False where that is not available.

    The kernel sends it when the parent *thread* that started the worker ends: the thread
    that first reads from :func:`ordered_map`, in newsevents the one that reads it to the end.
    """
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return int(libc.prctl(_PR_SET_PDEATHSIG, signum, 0, 0, 0)) == 0
    except (OSError, AttributeError):
        return False


def _serve(func: Callable[[Any], Any], tasks: Any, results: Connection) -> None:
    """A worker's loop: ``func`` on each task until the ``None`` that ends the work, or
    until the parent is gone (its ends of the pipes closed)."""
    watch_parent()
    try:
        while (task := tasks.get()) is not None:
            try:
                reply = pickle.dumps((True, func(pickle.loads(task))))
            except Exception:
                reply = pickle.dumps((False, traceback.format_exc()))
            results.send_bytes(reply)
    except (EOFError, OSError):  # BrokenPipeError among them: nobody to work for
        return


@dataclass(slots=True)
class _Worker(Generic[R]):
    process: BaseProcess
    tasks: Any  # multiprocessing.Queue: a feeder thread sends, so a busy worker blocks no one
    results: Connection

    def result(self) -> R:
        """The next reply, or WorkerError if the worker failed or ended without one."""
        ready = multiprocessing.connection.wait([self.results, self.process.sentinel])
        if self.results in ready:  # a reply sent just before the worker ended still counts
            try:
                ok, value = pickle.loads(self.results.recv_bytes())
            except (EOFError, OSError):
                ok, value = False, None
            if ok:
                return value  # type: ignore[no-any-return]
            if value is not None:
                raise WorkerError(f"parser worker {self.process.pid} failed:\n{value}")
        self.process.join(timeout=1)
        raise WorkerError(
            f"parser worker {self.process.pid} ended without a result "
            f"(exit code {self.process.exitcode}; killed, or out of memory?)"
        )

    def stop(self, *, finished: bool) -> None:
        """Let a worker that was given everything end by itself; terminate any other."""
        if finished:
            self.tasks.put(None)
        else:
            self.process.terminate()
            self.tasks.cancel_join_thread()  # what is left for a dead worker is dropped
        self.tasks.close()
        self.results.close()
        self.process.join()


def ordered_map(
    func: Callable[[T], R], items: Iterable[T], *, processes: int, ahead: int = AHEAD
) -> Iterator[R]:
    """``func`` over ``items`` in ``processes`` worker processes, lazily and in order.

    ``func`` must be picklable by reference (a module-level function or a ``partial`` of
    one) where processes are spawned, not forked. ``items`` are read here, never in another
    thread, at most ``processes * ahead`` ahead of what was yielded. Leaving the iterator
    early ends the workers at once; an error in ``func`` or a worker's death raises
    :class:`~newsevents.errors.WorkerError`.
    """
    if processes < 1 or ahead < 1:
        raise ValueError(
            f"ordered_map needs processes >= 1 and ahead >= 1, not {processes}, {ahead}"
        )
    context = multiprocessing.get_context()
    workers: list[_Worker[R]] = []
    finished = False
    try:
        for n in range(processes):
            receiving, sending = context.Pipe(duplex=False)
            tasks = context.Queue()
            process = context.Process(
                target=_serve, args=(func, tasks, sending), name=f"parser-{n}", daemon=True
            )
            process.start()
            sending.close()  # the worker's end: EOF here once the worker is gone
            workers.append(_Worker(process, tasks, receiving))
        # Item k goes to worker k % processes, so results come back in order without numbers.
        source = iter(items)
        sent = received = 0
        more = True
        while True:
            while more and sent - received < processes * ahead:
                for item in source:
                    # Pickled here, not in the queue's thread, where a failure would be lost.
                    workers[sent % processes].tasks.put(pickle.dumps(item))
                    sent += 1
                    break
                else:
                    more = False
            if received == sent:
                break
            yield workers[received % processes].result()
            received += 1
        finished = True
    finally:
        for worker in workers:
            worker.stop(finished=finished)
