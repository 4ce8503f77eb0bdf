"""Running the app on uvicorn with the limits a server on an open port needs.

uvicorn bounds an idle keep-alive connection (``timeout_keep_alive``) but not a connection
that is still sending its request: one that opens and says nothing, or sends a header a byte
at a time, is held for ever, and a few thousand of them exhaust the server's file descriptors.
:class:`GuardedH11Protocol` gives the request head and the body each a deadline, and caps the
open connections: at the cap a new connection closes the one idle the longest, or, when every
connection has a request running, is refused with a 503.

Several worker processes (``workers``) share the listening socket: the JSON work of a request
is Python holding the GIL, so one process uses one core however many threads it has.
"""

from __future__ import annotations

import asyncio
import functools
from dataclasses import dataclass
from typing import Any

import h11
from uvicorn import Config, Server
from uvicorn.protocols.http.h11_impl import H11Protocol
from uvicorn.server import ServerState

from . import errors
from .app import DEFAULT_MAX_BODY, create_app
from .guard import SECURITY_HEADERS


@dataclass(frozen=True)
class Limits:
    """How long a client may take to send a request, and how many connections a worker keeps."""

    #: Seconds from a connection's first byte of a request (or its opening) to the end of the
    #: request head; a client still sending headers then gets a 408 and is closed.
    header_timeout: float = 10.0
    #: Seconds from the end of the head to the end of the body.
    body_timeout: float = 30.0
    #: Seconds an idle keep-alive connection stays open.
    keep_alive: float = 5.0
    #: Open connections per worker process.
    max_connections: int = 256

    def __post_init__(self) -> None:
        if min(self.header_timeout, self.body_timeout, self.keep_alive) <= 0:
            raise ValueError("timeouts must be positive")
        if self.max_connections < 1:
            raise ValueError("max_connections must be at least 1")


class LimitedConfig(Config):
    """uvicorn's configuration with the :class:`Limits`; worker processes get it pickled."""

    def __init__(self, app: Any, *, limits: Limits, **kwargs: Any) -> None:
        super().__init__(app, timeout_keep_alive=limits.keep_alive, **kwargs)  # type: ignore[arg-type]
        self.limits = limits


def _raw_error(status: int, reason: str, message: str) -> bytes:
    """A complete error response, for when no request (or no h11 state) can carry one."""
    body = bytes(errors.error_response(status, message).body)
    head = [
        f"HTTP/1.1 {status} {reason}".encode(),
        b"content-type: application/json",
        f"content-length: {len(body)}".encode(),
        b"connection: close",
        *(name + b": " + value for name, value in SECURITY_HEADERS),
    ]
    return b"\r\n".join(head) + b"\r\n\r\n" + body


class GuardedH11Protocol(H11Protocol):
    """uvicorn's HTTP/1.1 protocol with request deadlines and a connection cap (see above)."""

    def __init__(
        self,
        config: Config,
        server_state: ServerState,
        app_state: dict[str, Any],
        _loop: asyncio.AbstractEventLoop | None = None,
    ) -> None:
        super().__init__(config, server_state, app_state, _loop)
        self.limits: Limits = getattr(config, "limits", None) or Limits()
        self._deadline: asyncio.TimerHandle | None = None
        self._waiting = ""  # "head" or "body": what the deadline is for
        self._idle_since: float | None = None  # when its last request ended (or it opened)

    # -- the connection's life -------------------------------------------------------------

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._idle_since = self.loop.time()
        if len(self.connections) > self.limits.max_connections and not self._make_room():
            transport.write(
                _raw_error(503, "Service Unavailable", "too many connections; try again later")
            )
            transport.close()
            return
        self._expect("head")

    def data_received(self, data: bytes) -> None:
        if self._idle_since is not None and self._waiting == "":
            self._expect("head")  # the first bytes of a request on a kept-alive connection
        super().data_received(data)
        self._follow()

    def on_response_complete(self) -> None:
        super().on_response_complete()
        self._idle_since = self.loop.time()
        if self.conn.their_state is h11.IDLE and not self.conn.trailing_data[0]:
            self._expect("")  # idle: uvicorn's keep-alive timeout applies
        else:
            self._follow()

    def connection_lost(self, exc: Exception | None) -> None:
        self._expect("")
        super().connection_lost(exc)

    def send_400_response(self, msg: str) -> None:
        """A request HTTP cannot parse: the JSON error shape and the security headers, like
        every other answer, instead of uvicorn's plain text."""
        self._expect("")
        self.transport.write(_raw_error(400, "Bad Request", "not a valid HTTP/1.1 request"))
        self.transport.close()

    # -- deadlines -------------------------------------------------------------------------

    def _follow(self) -> None:
        """Move the deadline on with the request: from its head to its body to none."""
        state = self.conn.their_state
        if state is h11.IDLE:
            self._expect("head")
        elif state is h11.SEND_BODY:
            self._expect("body")
            self._idle_since = None
        else:
            self._expect("")
            self._idle_since = None

    def _expect(self, what: str) -> None:
        """Start the deadline for ``what`` (unless it is already running), or stop it ("")."""
        if what == self._waiting:
            return
        if self._deadline is not None:
            self._deadline.cancel()
            self._deadline = None
        self._waiting = what
        if what and not self.transport.is_closing():
            seconds = self.limits.header_timeout if what == "head" else self.limits.body_timeout
            self._deadline = self.loop.call_later(seconds, self._expired)

    def _expired(self) -> None:
        self._deadline = None
        if self.transport.is_closing():
            return
        started = self.conn.their_state is not h11.IDLE or bool(self.conn.trailing_data[0])
        cycle = self.cycle  # the request being answered, or the last one answered
        answering = cycle is not None and cycle.response_started and not cycle.response_complete
        if started and not answering and self.conn.our_state is not h11.ERROR:
            what = "request headers" if self._waiting == "head" else "request body"
            self.transport.write(
                _raw_error(408, "Request Timeout", f"the {what} took too long to arrive")
            )
        self.transport.close()

    # -- the cap ---------------------------------------------------------------------------

    def _make_room(self) -> bool:
        """Close the connection idle the longest (not this one); False if none is idle."""
        idle = [
            c
            for c in self.connections
            if c is not self and isinstance(c, GuardedH11Protocol) and c._idle_since is not None
        ]
        if not idle:
            return False
        oldest = min(idle, key=lambda c: c._idle_since or 0.0)
        oldest._idle_since = None
        oldest.transport.close()
        self.connections.discard(oldest)
        return True


def uvicorn_config(
    app: Any, *, limits: Limits | None = None, workers: int = 1, **options: Any
) -> LimitedConfig:
    """uvicorn's configuration for ``app`` (an app, or a factory with ``factory=True``) on the
    guarded protocol; ``options`` are uvicorn's (``host``, ``port``, ``log_level``...)."""
    return LimitedConfig(
        app,
        limits=limits or Limits(),
        workers=workers,
        http=GuardedH11Protocol,
        server_header=False,
        **options,
    )


def serve(
    db: str,
    *,
    host: str = "127.0.0.1",
    port: int = 8000,
    token: str | None = None,
    review_token: str | None = None,
    max_body: int = DEFAULT_MAX_BODY,
    allowed_hosts: frozenset[str] | None = None,
    workers: int = 1,
    limits: Limits | None = None,
    log_level: str = "warning",
) -> None:
    """Serve the store at ``db`` until interrupted. A bad store or token raises here, before
    anything listens (not in each worker); ``allowed_hosts`` are all the names answered."""
    options: dict[str, Any] = {
        "token": token,
        "review_token": review_token,
        "max_body": max_body,
        "allowed_hosts": allowed_hosts,
    }
    create_app(db, **options)
    factory = functools.partial(create_app, db, warm=True, **options)
    config = uvicorn_config(
        factory,
        limits=limits,
        workers=workers,
        factory=True,
        host=host,
        port=port,
        log_level=log_level,
    )
    try:
        if workers > 1:
            from uvicorn.supervisors import Multiprocess

            Multiprocess(config, sockets=[config.bind_socket()]).run()
        else:
            Server(config).run()
    except KeyboardInterrupt:  # uvicorn stops on the signal, then raises it again
        pass
