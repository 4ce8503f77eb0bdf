"""The HTTP application: the JSON API, the explorer's static files and an offline API page.

``create_app(db)`` builds a FastAPI app over one store file. It is read-only unless a token is
given: then ``POST /api/articles`` codes and stores articles whose request carries
``Authorization: Bearer <token>``. Each worker thread opens its own read-only connection (SQLite
connections are not shared across threads), and there are few threads: the work of a request
is mostly Python under the GIL, so more threads only make requests wait longer for it (and the
event loop, which reads and writes the sockets, with them); enough that a few slow aggregates
(seconds on a large store) leave threads for the rest. Requests pass :mod:`.guard` (allowed
host names, body cap, security headers), and nothing loads from the internet: the explorer's
scripts, styles and world outline are files of this package.
"""

from __future__ import annotations

import threading
from collections.abc import AsyncIterator, Callable, Iterable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import TypeVar, cast

import anyio.to_thread
from fastapi import FastAPI
from fastapi.responses import FileResponse, RedirectResponse
from fastapi.staticfiles import StaticFiles

from .. import __version__
from ..errors import StoreError
from ..store import Store
from . import api, errors
from .api import router
from .guard import LOOPBACK_HOSTS, Guard, host_names
from .review import router as review_router

T = TypeVar("T")
#: How many aggregate results a server remembers.
CACHE_SIZE = 128
#: Largest request body accepted, in bytes (a POST of articles); larger ones get 413.
DEFAULT_MAX_BODY = 5 * 1024 * 1024
#: Threads answering requests in one process (each with its own store connection).
DEFAULT_THREADS = 8
STATIC = Path(str(resources.files("newsevents.serve") / "static"))


@dataclass
class ServerState:
    """What the routes share: the store path, a connection per thread, the ingest token."""

    db: Path
    token: str | None = None
    review_token: str | None = None
    max_body: int = DEFAULT_MAX_BODY
    _local: threading.local = field(default_factory=threading.local)
    _write_lock: threading.Lock = field(default_factory=threading.Lock)
    _pipeline: object | None = None
    _cache: dict[tuple[object, ...], object] = field(default_factory=dict)
    _cache_lock: threading.Lock = field(default_factory=threading.Lock)
    _running: dict[tuple[object, ...], threading.Event] = field(default_factory=dict)

    def cached(self, key: tuple[object, ...], compute: Callable[[], T]) -> T:
        """``compute()``, remembered until the store changes: the slow aggregates (a network
        over a million events takes seconds) answer repeated requests at once. The store only
        grows, so its last event rowid tells whether it changed. A request for a result being
        computed waits for it instead of computing it again."""
        version = self.store().select("SELECT max(rowid) FROM events").fetchone()[0]
        full = (version, *key)
        with self._cache_lock:
            if full in self._cache:
                return cast(T, self._cache[full])
            running = self._running.get(full)
            if running is None:
                self._running[full] = threading.Event()
        if running is not None:
            running.wait()
            with self._cache_lock:
                if full in self._cache:
                    return cast(T, self._cache[full])
            return compute()  # the other computation failed; its caller saw why
        try:
            value = compute()
            with self._cache_lock:
                if len(self._cache) >= CACHE_SIZE:
                    self._cache.pop(next(iter(self._cache)))
                self._cache[full] = value
            return value
        finally:
            with self._cache_lock:
                self._running.pop(full).set()

    def review_tokens(self) -> tuple[str, ...]:
        """The tokens that allow reviewing: the review token and the ingest token."""
        return tuple(t for t in (self.review_token, self.token) if t is not None)

    def store(self) -> Store:
        """This thread's read-only store (opened on first use)."""
        store = getattr(self._local, "store", None)
        if store is None:
            store = Store(self.db, readonly=True)
            self._local.store = store
        return store


def create_app(
    db: str | Path,
    *,
    token: str | None = None,
    review_token: str | None = None,
    max_body: int = DEFAULT_MAX_BODY,
    warm: bool = False,
    allowed_hosts: Iterable[str] | None = None,
    threads: int = DEFAULT_THREADS,
) -> FastAPI:
    """The API and explorer over the store at ``db`` (which must exist).

    ``warm`` computes the explorer's first network in a background thread at once (seconds on
    a million events), so the first visitor finds it ready. ``allowed_hosts`` are the names
    the server answers to in the ``Host`` header (``*``: any); by default the loopback names.
    ``review_token`` (or ``token``) lets requests carrying it review events
    (:mod:`.review`); a server that may write reviews upgrades an older store when it starts,
    so its readers see the reviews table from the first request.
    """
    path = Path(db)
    Store(path, readonly=True).close()  # fail now, with the store's own message, not per request
    if token is not None and len(token) < 16:
        raise StoreError("an ingest token must be at least 16 characters")
    if review_token is not None and len(review_token) < 16:
        raise StoreError("a review token must be at least 16 characters")
    if token is not None or review_token is not None:
        Store(path).close()  # migrate now: per-thread readers keep the version they opened
    hosts = host_names(LOOPBACK_HOSTS if allowed_hosts is None else allowed_hosts)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        anyio.to_thread.current_default_thread_limiter().total_tokens = threads
        yield

    app = FastAPI(
        title="newsevents",
        version=__version__,
        description="Political events coded from news: who did what to whom, when and where.",
        docs_url=None,  # FastAPI's pages load their scripts from a CDN; ours are offline
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.server = ServerState(
        db=path, token=token, review_token=review_token, max_body=max_body
    )
    if warm:
        threading.Thread(
            target=api.warm, args=(app.state.server,), name="warm-cache", daemon=True
        ).start()
    errors.install(app)
    app.add_middleware(Guard, hosts=hosts, max_body=max_body)

    app.include_router(router)
    app.include_router(review_router)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")

    @app.get("/", include_in_schema=False)
    def index() -> FileResponse:
        return FileResponse(STATIC / "index.html")

    @app.get("/docs", include_in_schema=False)
    def api_docs() -> FileResponse:
        return FileResponse(STATIC / "docs.html")

    @app.get("/explore", include_in_schema=False)
    def explore() -> RedirectResponse:
        return RedirectResponse("/")

    return app
