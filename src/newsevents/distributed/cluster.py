"""Where tasks run: a local cluster of worker processes, or a Dask scheduler already running.

``local:N`` starts a ``LocalCluster`` of N worker processes with one thread each (the coder is
CPU-bound Python: threads would share one interpreter lock), listening on the loopback address
only and without the diagnostics dashboard. ``tcp://HOST:PORT`` (or ``tls://``) connects to a
running scheduler; its workers must see the inputs and the parts folder at the same paths.
Dask is imported only here and only when a run starts, so it stays an optional dependency.
"""

from __future__ import annotations

import contextlib
import importlib
import logging
import os
from collections.abc import Iterator
from dataclasses import dataclass
from types import ModuleType
from typing import Any

from ..errors import ConfigError

#: The message when Dask is not installed.
DASK_MISSING = "--scheduler needs Dask: pip install 'newsevents[dask]'"
_REMOTE_SCHEMES = ("tcp://", "tls://")
_CONNECT_TIMEOUT = "20s"


@dataclass(frozen=True, slots=True)
class Scheduler:
    """A parsed ``--scheduler`` value: ``workers`` local processes, or a scheduler ``address``."""

    workers: int = 0
    address: str = ""

    @property
    def local(self) -> bool:
        return not self.address

    def __str__(self) -> str:
        return f"local:{self.workers}" if self.local else self.address


def parse_scheduler(value: str) -> Scheduler:
    """``local:N`` (``local`` alone: one worker per CPU) or ``tcp://HOST:PORT``/``tls://...``."""
    text = value.strip()
    if text == "local":
        return Scheduler(workers=os.cpu_count() or 1)
    if text.startswith("local:"):
        count = text.removeprefix("local:")
        if not count.isdigit() or int(count) < 1:
            raise ConfigError(f"scheduler {value!r}: local:N needs a number of workers N >= 1")
        return Scheduler(workers=int(count))
    if text.startswith(_REMOTE_SCHEMES) and len(text) > len("tcp://"):
        return Scheduler(address=text)
    raise ConfigError(
        f"scheduler {value!r}: use local:N (N worker processes on this machine) or the "
        "address of a running Dask scheduler, tcp://HOST:8786"
    )


def require_dask() -> ModuleType:
    """The ``distributed`` module, or a :class:`ConfigError` saying how to install Dask."""
    try:
        importlib.import_module("dask")
        return importlib.import_module("distributed")
    except ImportError as exc:
        raise ConfigError(DASK_MISSING) from exc


def check_scheduler(value: str) -> Scheduler:
    """Parse ``value`` and check that Dask is installed, before anything is opened or written."""
    scheduler = parse_scheduler(value)
    require_dask()
    return scheduler


@contextlib.contextmanager
def connect(scheduler: Scheduler) -> Iterator[Any]:
    """A ``distributed.Client`` for ``scheduler``, closed (with its local cluster) on exit."""
    distributed = require_dask()
    Client, LocalCluster = distributed.Client, distributed.LocalCluster

    with contextlib.ExitStack() as stack:
        if scheduler.local:
            cluster = LocalCluster(
                n_workers=scheduler.workers,
                threads_per_worker=1,
                processes=True,
                host="127.0.0.1",
                # No dashboard; the scheduler's own HTTP endpoints on a free loopback port.
                dashboard_address="127.0.0.1:0",
                scheduler_kwargs={"dashboard": False},
                silence_logs=logging.CRITICAL,
            )
            stack.callback(cluster.close)
            client = Client(cluster)
        else:
            try:
                client = Client(scheduler.address, timeout=_CONNECT_TIMEOUT)
            except (OSError, TimeoutError) as exc:
                raise ConfigError(
                    f"cannot connect to the Dask scheduler at {scheduler.address}: {exc}"
                ) from exc
        stack.callback(client.close)
        yield client
