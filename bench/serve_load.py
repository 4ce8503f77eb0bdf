"""Throughput and latency of the HTTP API under concurrent clients, on loopback.

    python bench/serve_load.py [--events 100000] [--db PATH] [--seconds 10]
        [--clients 1 16 64] [--workers 1 2] [--path /api/events ...] [--src LABEL=DIR ...]

Starts the real server (``newsevents serve``) on a synthetic store (the generator of
bench/serve_latency.py; ``--db`` reuses or keeps one), and for each number of clients keeps that
many keep-alive connections busy for ``--seconds``: each client sends its next request as soon
as the previous answer is in. It reports requests/s, the median and 99th-percentile latency,
the CPU time the server's processes used per answered request (Linux ``/proc``), and the
errors: any answer but 200, and any refused, reset or stalled connection. There must be none.

Every ``--workers`` value is a separate server (``newsevents serve --workers N``). ``--src
LABEL=DIR`` also measures the server of another source tree (``PYTHONPATH=DIR``, for example an
export of an older commit: ``git archive COMMIT src | tar -x -C /tmp/old``), so before and after
are measured in one run on the same store. Such a server is started without ``--workers``.

Shared machines are noisy, so the servers run side by side and take turns: each level's
``--seconds`` are ``--rounds`` slices, each after a short warm-up, and the servers' slices
alternate (in a rotating order), so a burst of other work falls on all of them alike. The
clients are one asyncio process writing raw HTTP/1.1 (microseconds per request), so that the
load generator takes as little as possible of the CPUs the servers need; it still shares the
machine with them. Compare configurations measured in one run, and the ratio of requests/s at
N clients to 1 client, rather than absolute numbers. When other work leaves the servers one
core, requests/s at 64 clients is that core divided by the CPU time per request (a second
worker then has nothing to run on), so the CPU time per request is the figure to compare.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import math
import os
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from serve_latency import _cpu_seconds, _setting, open_or_generate, serving

#: Seconds of load before each measured slice (connections opened, caches warm).
WARM_UP = 0.5
#: A request taking longer than this counts as an error (a stalled connection).
STALLED = 30.0


@dataclass
class Level:
    """What one number of clients measured."""

    clients: int
    seconds: float = 0.0
    latencies: list[float] = field(default_factory=list)
    errors: dict[str, int] = field(default_factory=dict)
    cpu: float = 0.0  # CPU seconds the server's processes used while measured

    @property
    def cpu_per_request(self) -> float:
        return self.cpu / len(self.latencies) if self.latencies else math.nan

    @property
    def rate(self) -> float:
        return len(self.latencies) / self.seconds

    def percentile(self, p: float) -> float:
        if not self.latencies:
            return math.nan
        ordered = sorted(self.latencies)
        return ordered[max(0, math.ceil(p * len(ordered)) - 1)]

    def error(self, kind: str) -> None:
        self.errors[kind] = self.errors.get(kind, 0) + 1


def _request(path: str, host: str) -> bytes:
    return f"GET {path} HTTP/1.1\r\nHost: {host}\r\nAccept: application/json\r\n\r\n".encode()


async def _client(
    host: str, port: int, paths: list[str], first: int, start: float, stop: float, level: Level
) -> None:
    """One keep-alive connection sending ``paths`` in turn until ``stop``; only answers that
    arrive after ``start`` count."""
    requests = [_request(p, f"{host}:{port}") for p in paths]
    i = first
    writer: asyncio.StreamWriter | None = None
    reader: asyncio.StreamReader | None = None
    while time.monotonic() < stop:
        try:
            if writer is None or reader is None:
                reader, writer = await asyncio.open_connection(host, port)
            sent = time.monotonic()
            writer.write(requests[i % len(requests)])
            i += 1
            head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), STALLED)
            lines = head.decode("latin-1").split("\r\n")
            status = int(lines[0].split()[1])
            headers = dict(
                (k.strip().lower(), v.strip()) for k, _, v in (x.partition(":") for x in lines[1:])
            )
            if "content-length" not in headers:
                raise ValueError("an answer without Content-Length")
            await asyncio.wait_for(reader.readexactly(int(headers["content-length"])), STALLED)
            done = time.monotonic()
            if headers.get("connection", "").lower() == "close":
                writer.close()
                writer = reader = None
        except (OSError, asyncio.IncompleteReadError, asyncio.LimitOverrunError) as exc:
            if time.monotonic() >= start:
                level.error(type(exc).__name__)
            if writer is not None:
                writer.close()
            writer = reader = None
            await asyncio.sleep(0.01)
            continue
        except (TimeoutError, ValueError) as exc:
            level.error(type(exc).__name__)
            if writer is not None:
                writer.close()
            writer = reader = None
            continue
        if start <= sent and done <= stop:
            if status == 200:
                level.latencies.append(done - sent)
            else:
                level.error(f"HTTP {status}")
    if writer is not None:
        writer.close()


def _tree(pid: int) -> list[int]:
    """A process and its descendants (Linux ``/proc``): the server and its workers."""
    found = [pid]
    for task in Path(f"/proc/{pid}/task").glob("*"):
        with contextlib.suppress(OSError, ValueError):
            for child in (task / "children").read_text().split():
                found += _tree(int(child))
    return found


def _tree_cpu(pid: int) -> float:
    return sum(_cpu_seconds(p) or 0.0 for p in _tree(pid))


async def _load(base: str, pid: int, paths: list[str], seconds: float, level: Level) -> None:
    """One slice: ``level.clients`` clients for ``seconds`` after the warm-up, into ``level``."""
    host, port = base.removeprefix("http://").rsplit(":", 1)
    start = time.monotonic() + WARM_UP
    stop = start + seconds

    async def cpu_while_measured() -> float:
        await asyncio.sleep(max(0.0, start - time.monotonic()))
        before = _tree_cpu(pid)
        await asyncio.sleep(max(0.0, stop - time.monotonic()))
        return _tree_cpu(pid) - before

    cpu, *_ = await asyncio.gather(
        cpu_while_measured(),
        *(_client(host, int(port), paths, k, start, stop, level) for k in range(level.clients)),
    )
    level.seconds += seconds
    level.cpu += cpu


@dataclass
class Setup:
    """One server to measure: its label, its extra options and its PYTHONPATH."""

    label: str
    options: list[str]
    src: str | None = None


def _setups(args: argparse.Namespace) -> list[Setup]:
    setups = [
        Setup(f"{n} worker{'s' if n > 1 else ''}", ["--workers", str(n)] if n > 1 else [])
        for n in args.workers
    ]
    for spec in args.src:
        label, _, src = spec.partition("=")
        setups.insert(0, Setup(label, [], src))
    return setups


def _env(src: str | None) -> dict[str, str] | None:
    if src is None:
        return None
    return {**os.environ, "PYTHONPATH": str(Path(src).resolve())}


def print_levels(label: str, levels: list[Level]) -> None:
    base = levels[0].rate if levels and levels[0].clients == 1 else math.nan
    print(f"\n{label}")
    columns = ("clients", "req/s", "x 1 client", "p50 ms", "p99 ms", "CPU ms/req")
    widths = (7, 8, 10, 8, 8, 10)
    print("  " + " ".join(f"{c:>{w}s}" for c, w in zip(columns, widths, strict=True)), " errors")
    for level in levels:
        errors = sum(level.errors.values())
        kinds = f" ({', '.join(f'{k}: {n}' for k, n in sorted(level.errors.items()))})"
        print(
            f"  {level.clients:7d} {level.rate:8.0f} {level.rate / base:10.2f} "
            f"{1000 * level.percentile(0.5):8.1f} {1000 * level.percentile(0.99):8.1f} "
            f"{1000 * level.cpu_per_request:10.2f}  "
            f"{errors}{kinds if errors else ''}"
        )
    sys.stdout.flush()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=100_000, help="synthetic store size")
    parser.add_argument(
        "--db",
        default=None,
        help="store to reuse, or to generate when missing (default: temporary)",
    )
    parser.add_argument(
        "--seconds", type=float, default=10.0, help="measured seconds per level and server"
    )
    parser.add_argument("--rounds", type=int, default=5, help="slices each level is cut into")
    parser.add_argument("--clients", type=int, nargs="+", default=[1, 16, 64])
    parser.add_argument("--workers", type=int, nargs="+", default=[1], help="server processes")
    parser.add_argument(
        "--path",
        dest="paths",
        action="append",
        default=[],
        help="request path with its query, sent in turn (repeatable; default /api/events)",
    )
    parser.add_argument(
        "--src",
        action="append",
        default=[],
        metavar="LABEL=DIR",
        help="also measure the server of another source tree (repeatable)",
    )
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    if not 0 < args.seconds <= 600 or min(args.clients) < 1 or args.rounds < 1:
        parser.error("--seconds is 0-600, --clients and --rounds at least 1")
    paths = args.paths or ["/api/events"]

    print(_setting())
    workdir = Path(tempfile.mkdtemp(prefix="serve-load-"))
    try:
        db = Path(args.db) if args.db else workdir / f"events-{args.events}.db"
        gen = open_or_generate(db, args.events, args.seed)
        print(f"store {db}: {gen.events:,} events, {gen.documents:,} documents")
        print(
            f"requests: {', '.join(paths)}; {args.seconds:g} s per level and server "
            f"in {args.rounds} slices"
        )
        setups = _setups(args)
        levels = [[Level(n) for n in args.clients] for _ in setups]
        with contextlib.ExitStack() as running:
            servers = [
                running.enter_context(
                    serving(db, workdir / f"server-{i}.log", setup.options, _env(setup.src))
                )
                for i, setup in enumerate(setups)
            ]
            for k in range(len(args.clients)):
                for r in range(args.rounds):
                    for j in range(len(servers)):
                        i = (j + r) % len(servers)
                        level = levels[i][k]
                        server = servers[i]
                        slice_seconds = args.seconds / args.rounds
                        asyncio.run(_load(server.base, server.pid, paths, slice_seconds, level))
        for setup, measured in zip(setups, levels, strict=True):
            print_levels(setup.label + (f" ({setup.src})" if setup.src else ""), measured)
        failed = sum(sum(level.errors.values()) for measured in levels for level in measured)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    if failed:
        raise SystemExit(f"{failed} requests failed")


if __name__ == "__main__":
    main()
