"""The server on real sockets: deadlines for a request's head and body, the connection cap,
keep-alive kept after error responses, the token checked before a body is read, and the
``serve`` command's options (allowed hosts, worker processes).

A uvicorn server on the guarded protocol runs in a thread of the test process (so that a fault
can be simulated in it); the command runs as a subprocess, as users run it.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from uvicorn import Server

import newsevents
from newsevents.serve import create_app
from newsevents.serve.server import Limits, uvicorn_config

pytestmark = pytest.mark.model

TOKEN = "s3cret-token-for-tests"
#: Short deadlines, so that waiting them out is quick.
FAST = Limits(header_timeout=0.6, body_timeout=0.6, keep_alive=5.0, max_connections=50)


@contextlib.contextmanager
def running(app: Any, limits: Limits) -> Iterator[int]:
    """``app`` served on a free loopback port in a thread; the port."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    server = Server(uvicorn_config(app, limits=limits, log_level="critical", lifespan="on"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "the server did not start"
        time.sleep(0.02)
    try:
        yield int(sock.getsockname()[1])
    finally:
        server.should_exit = True
        thread.join(10)
        sock.close()


def connect(port: int) -> socket.socket:
    conn = socket.create_connection(("127.0.0.1", port), timeout=10)
    return conn


def request(method: str, path: str, headers: dict[str, str] | None = None) -> bytes:
    lines = [f"{method} {path} HTTP/1.1", "Host: localhost"]
    lines += [f"{k}: {v}" for k, v in (headers or {}).items()]
    return ("\r\n".join(lines) + "\r\n\r\n").encode()


def read_response(conn: socket.socket) -> tuple[int, dict[str, str], bytes]:
    """One response (with a Content-Length) from ``conn``: status, headers, body."""
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = conn.recv(65536)
        assert chunk, f"the connection closed before a response: {data!r}"
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    headers = {k.strip().lower(): v.strip() for k, _, v in (x.partition(":") for x in lines[1:])}
    while len(body) < int(headers["content-length"]):
        chunk = conn.recv(65536)
        assert chunk, "the connection closed inside a response"
        body += chunk
    return int(lines[0].split()[1]), headers, body


def closed_within(conn: socket.socket, seconds: float) -> bool:
    """Whether the server closes ``conn`` (after anything it still sends) within ``seconds``."""
    conn.settimeout(seconds)
    try:
        while conn.recv(65536):
            pass
    except TimeoutError:
        return False
    except ConnectionResetError:
        return True
    return True


@pytest.fixture(scope="module")
def port(example_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[int]:
    db = tmp_path_factory.mktemp("limits") / "copy.db"
    shutil.copy(example_db, db)
    with running(create_app(db, token=TOKEN), FAST) as found:
        yield found


# -- deadlines ---------------------------------------------------------------------------------


def test_a_connection_that_sends_nothing_is_closed_after_the_header_timeout(port: int) -> None:
    with connect(port) as conn:
        start = time.monotonic()
        assert closed_within(conn, 5)
        assert 0.5 <= time.monotonic() - start < 4


def test_a_header_sent_slowly_gets_a_408_and_the_connection_closes(port: int) -> None:
    with connect(port) as conn:
        start = time.monotonic()
        conn.sendall(b"GET /health HTTP/1.1\r\nHost: localhost\r\n")
        with contextlib.suppress(OSError):  # the server may close while this still drips
            for _ in range(40):
                conn.sendall(b"X-Slow: 1\r\n")
                time.sleep(0.1)
                if time.monotonic() - start > 2:
                    break
        status, headers, body = read_response(conn)
        assert status == 408 and headers["connection"] == "close"
        assert json.loads(body)["error"]["type"] == "request_timeout"
        assert closed_within(conn, 2)
        assert time.monotonic() - start < 4


def test_a_body_sent_too_slowly_gets_a_408(port: int) -> None:
    head = request(
        "POST",
        "/api/articles",
        {"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/json"},
    )
    with connect(port) as conn:
        conn.sendall(head.replace(b"\r\n\r\n", b"\r\nContent-Length: 200\r\n\r\n") + b'{"art')
        status, _, body = read_response(conn)
        assert status == 408 and "body" in json.loads(body)["error"]["message"]
        assert closed_within(conn, 2)


def test_a_keep_alive_connection_gets_the_same_deadline_for_its_next_request(port: int) -> None:
    with connect(port) as conn:
        conn.sendall(request("GET", "/health"))
        assert read_response(conn)[0] == 200
        conn.sendall(b"GET /health HTTP/1.1\r\n")  # and never the rest
        status, _, _ = read_response(conn)
        assert status == 408 and closed_within(conn, 2)


# -- keep-alive after errors -------------------------------------------------------------------


def test_error_responses_keep_the_connection_open(
    port: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(newsevents.Store, "stats", broken)  # a fault in /health only
    with connect(port) as conn:
        statuses = []
        for method, path in [
            ("GET", "/api/nothing"),
            ("GET", "/api/events?quad_class=9"),
            ("GET", "/health"),
            ("POST", "/api/articles"),  # no Content-Length: 411
            ("GET", "/api/events?limit=1"),
        ]:
            conn.sendall(request(method, path))
            status, headers, _ = read_response(conn)
            statuses.append(status)
            assert headers.get("connection") != "close"
        assert statuses == [404, 422, 500, 411, 200]


def test_a_request_that_is_not_http_gets_the_json_error_and_the_headers(port: int) -> None:
    with connect(port) as conn:
        conn.sendall(b"HELLO THERE\r\n\r\n")
        status, headers, body = read_response(conn)
        assert status == 400 and json.loads(body)["error"]["type"] == "bad_request"
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["content-security-policy"].startswith("default-src 'none'")
        assert closed_within(conn, 2)


# -- the token before the body -----------------------------------------------------------------


def test_a_request_without_the_token_is_answered_before_its_body_is_sent(port: int) -> None:
    with connect(port) as conn:
        head = request("POST", "/api/articles", {"Content-Type": "application/json"})
        conn.sendall(head.replace(b"\r\n\r\n", b"\r\nContent-Length: 5000\r\n\r\n"))
        conn.settimeout(0.5)  # under the body timeout: the answer must not wait for the body
        status, _, body = read_response(conn)
        assert status == 401 and json.loads(body)["error"]["detail"] is None


# -- the connection cap ------------------------------------------------------------------------


def test_at_the_cap_the_longest_idle_connection_makes_room(example_db: Path) -> None:
    limits = Limits(header_timeout=30, body_timeout=30, keep_alive=30, max_connections=3)
    with running(create_app(example_db), limits) as found:
        idle = [connect(found) for _ in range(3)]
        time.sleep(0.2)  # the server has accepted them, in this order
        try:
            with connect(found) as late:
                late.sendall(request("GET", "/health"))
                assert read_response(late)[0] == 200
            assert closed_within(idle[0], 2)
            assert not closed_within(idle[1], 0.3) and not closed_within(idle[2], 0.3)
        finally:
            for conn in idle:
                conn.close()


def test_when_every_connection_is_busy_a_new_one_gets_a_503(
    tmp_path: Path, example_db: Path
) -> None:
    db = tmp_path / "copy.db"
    shutil.copy(example_db, db)
    limits = Limits(header_timeout=30, body_timeout=30, keep_alive=30, max_connections=2)
    auth = {"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/json"}
    head = request("POST", "/api/articles", auth).replace(
        b"\r\n\r\n", b"\r\nContent-Length: 100\r\n\r\n"
    )
    with running(create_app(db, token=TOKEN), limits) as found:
        busy = [connect(found) for _ in range(2)]
        try:
            for conn in busy:
                conn.sendall(head + b"{")  # a request under way: its body is still coming
            time.sleep(0.2)
            with connect(found) as late:
                status, headers, body = read_response(late)
                assert status == 503 and headers["connection"] == "close"
                assert json.loads(body)["error"]["type"] == "unavailable"
        finally:
            for conn in busy:
                conn.close()


# -- the command -------------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _workers(pid: int) -> list[int]:
    """The worker processes the server process started (Linux ``/proc``)."""
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        with contextlib.suppress(OSError):
            for child in (task / "children").read_text().split():
                command = Path(f"/proc/{child}/cmdline").read_bytes()
                if b"spawn_main" in command:
                    found.append(int(child))
    return found


@pytest.fixture(scope="module")
def command(example_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """``newsevents serve --workers 2 --allow-host news.example --header-timeout 1``."""
    listen = _free_port()
    log = tmp_path_factory.mktemp("serve-command") / "server.log"
    args = ["--workers", "2", "--allow-host", "news.example", "--header-timeout", "1"]
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEWSEVENTS_")}
    with log.open("w") as out:
        process = subprocess.Popen(
            [
                *(sys.executable, "-c", "from newsevents.cli import main; main()", "serve"),
                *("--db", str(example_db), "--port", str(listen), *args),
            ],
            stdout=out,
            stderr=subprocess.STDOUT,
            env=env,
        )
    try:
        deadline = time.monotonic() + 60
        while True:
            assert process.poll() is None, f"the server exited: {log.read_text()}"
            with contextlib.suppress(OSError, AssertionError), connect(listen) as conn:
                conn.sendall(request("GET", "/health"))
                if read_response(conn)[0] == 200:
                    break
            assert time.monotonic() < deadline, f"no answer: {log.read_text()}"
            time.sleep(0.2)
        yield process, listen
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def test_serve_answers_the_allowed_host_names_only(command: Any) -> None:
    _, listen = command
    answers = {}
    for host in ("localhost", "127.0.0.1", "news.example", "NEWS.example:80", "evil.example"):
        with connect(listen) as conn:
            conn.sendall(f"GET /health HTTP/1.1\r\nHost: {host}\r\n\r\n".encode())
            answers[host] = read_response(conn)[0]
    assert answers == {
        "localhost": 200,
        "127.0.0.1": 200,
        "news.example": 200,
        "NEWS.example:80": 200,
        "evil.example": 400,
    }


def test_serve_runs_the_workers_and_the_header_timeout_it_is_given(command: Any) -> None:
    process, listen = command
    assert len(_workers(process.pid)) == 2
    with connect(listen) as conn:
        start = time.monotonic()
        assert closed_within(conn, 6)
        assert 0.9 <= time.monotonic() - start < 5
