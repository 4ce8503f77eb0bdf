"""The JSON API: events, dyad timelines, actors, networks, claims, documents and places.

Every route reads through the store's parameterised queries (:mod:`newsevents.store.query`,
:mod:`newsevents.store.aggregate`); no request value is ever spliced into SQL. Lists are paged
with ``limit`` (at most 500) and ``offset``. Routes are coroutines that hand their store work to
a worker thread in one step (``_run``): a plain ``def`` route would take two (the route, then
checking its answer), each a wait for the GIL under load.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hmac
import json
import unicodedata
from collections.abc import Callable
from dataclasses import asdict
from typing import Annotated, Any, Literal, ParamSpec, TypeVar

from fastapi import APIRouter, Header, Query, Request
from fastapi.exceptions import RequestValidationError
from pydantic import AfterValidator, BaseModel, Field, ValidationError
from starlette.concurrency import run_in_threadpool

from ..actors.phoenix import shipped_people
from ..codes import cameo as cameo_table
from ..errors import InputError
from ..serialize import event_from_dict, event_to_dict
from ..store import aggregate
from ..store.actor_search import search_actors
from ..store.claims import claim_to_dict
from ..store.query import EventQuery, Order, count_sql, select_sql
from ..types import Mode
from .errors import ApiError

router = APIRouter()
P = ParamSpec("P")
T = TypeVar("T")

MAX_PAGE = 500
#: Articles per POST /api/articles.
MAX_ARTICLES = 1000


def _printable(value: str | None) -> str | None:
    """Refuse control characters in a text parameter: none belongs in a search, and a NUL
    ends the text early in SQLite's C code (``q=%00`` matched every event)."""
    if value is not None and any(unicodedata.category(c) == "Cc" for c in value):
        raise ValueError("contains a control character")
    return value


Text = AfterValidator(_printable)
Code = Annotated[str, Query(pattern=r"^[A-Za-z0-9]{1,12}$", description="actor code prefix")]
OptCode = Annotated[
    str | None, Query(pattern=r"^[A-Za-z0-9]{1,12}$", description="actor code prefix")
]
Since = Annotated[dt.date | None, Query(description="first event date, YYYY-MM-DD")]
Until = Annotated[dt.date | None, Query(description="last event date, YYYY-MM-DD")]
Modes = Annotated[
    str | None,
    Query(description="comma-separated modes to count (default asserted,reported; 'all' for all)"),
]


def _server(request: Request) -> Any:
    return request.app.state.server


async def _run(work: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
    """``work`` in a worker thread: the store's calls block."""
    return await run_in_threadpool(work, *args, **kwargs)


def _modes(value: str | None) -> tuple[str, ...] | None:
    if value is None:
        return aggregate.HAPPENED
    if value.strip() == "all":
        return None
    modes = tuple(m.strip() for m in value.split(",") if m.strip())
    known = {m.value for m in Mode}
    bad = [m for m in modes if m not in known]
    if bad or not modes:
        raise ApiError(
            422,
            f"unknown mode {', '.join(bad) or value!r}",
            detail=[{"field": "modes", "message": f"choose from {', '.join(sorted(known))}"}],
        )
    return modes


@router.get("/health", tags=["meta"])
async def health(request: Request) -> dict[str, Any]:
    """Whether the server can read its store, and how much is in it."""
    stats = await _run(lambda: _server(request).store().stats())
    return {
        "status": "ok",
        "documents": stats.documents,
        "events": stats.events,
        "first_date": stats.first_doc_date.isoformat() if stats.first_doc_date else None,
        "last_date": stats.last_doc_date.isoformat() if stats.last_doc_date else None,
        "schema_version": stats.schema_version,
        "ingest": _server(request).token is not None,
        "review": bool(_server(request).review_tokens()),
    }


@router.get("/api/events", tags=["events"])
async def events(
    request: Request,
    source: OptCode = None,
    target: OptCode = None,
    actor: OptCode = None,
    country: Annotated[
        str | None, Query(max_length=60, description="a country code (IRN) or name (Iran)"), Text
    ] = None,
    cameo: Annotated[str | None, Query(pattern=r"^[0-9]{1,4}$")] = None,
    plover: Annotated[
        str | None, Query(pattern=r"^[A-Za-z_]{2,20}$", description="a PLOVER type, any case")
    ] = None,
    quad_class: Annotated[int | None, Query(ge=0, le=4)] = None,
    mode: Annotated[str | None, Query(max_length=20, description="an event mode"), Text] = None,
    since: Since = None,
    until: Until = None,
    q: Annotated[
        str | None, Query(max_length=200, description="text in the evidence"), Text
    ] = None,
    doc_id: Annotated[str | None, Query(max_length=200), Text] = None,
    min_confidence: Annotated[float | None, Query(ge=0, le=1)] = None,
    min_relevance: Annotated[float | None, Query(ge=0, le=1)] = None,
    order: Order = "newest",
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 50,
    offset: Annotated[int, Query(ge=0)] = 0,
    reviewed: Annotated[
        bool, Query(description="events as reviewed: wrong ones out, corrections applied")
    ] = False,
) -> dict[str, Any]:
    """Events matching every given filter, newest first (``order=oldest`` for oldest first).

    Codes and PLOVER types are read in any case and ``country`` may be a name; a PLOVER type,
    CAMEO code, mode or country that names nothing is a 422 error suggesting the nearest.
    Every event carries its latest ``review`` (null when none); ``reviewed=true`` reads the
    events as reviewed (docs/review.md), the filters matching the reviewed values.
    """
    query = EventQuery(
        source=source,
        target=target,
        actor=actor,
        country=country,
        cameo=cameo,
        plover=plover,
        quad_class=quad_class,
        mode=mode,
        since=since,
        until=until,
        text=q,
        doc_id=doc_id,
        min_confidence=min_confidence,
        min_relevance=min_relevance,
        order=order,
        limit=limit,
        offset=offset,
    )
    if reviewed:
        from .review import reviewed_page

        return await _run(reviewed_page, _server(request), query)
    return await _run(_events_page, _server(request), query)


def _events_page(server: Any, query: EventQuery) -> dict[str, Any]:
    """A page of events and the total, read in one SQLite step rather than one per row.

    Python's sqlite3 releases the GIL at every step; when other threads of the server are busy,
    getting it back can take a switch interval (5 ms), so a page read row by row took 20 ms
    instead of 3 under load. SQLite does not flatten a subquery with LIMIT into an aggregate,
    so ``json_group_array`` sees the rows in the page's order (a test compares the pages with
    ``Store.events``).
    """
    store = server.store()
    page, page_params = select_sql(query, dyads=store.has_rollups)
    everything = dataclasses.replace(query, limit=None, offset=0)
    count, count_params = count_sql(everything, dyads=store.has_rollups)
    total, records = store.select(
        f"SELECT ({count}), (SELECT json_group_array(json(record)) FROM ({page}))",
        [*count_params, *page_params],
    ).fetchone()
    found = [event_to_dict(event_from_dict(r)) for r in json.loads(records)]
    with_reviews(store, found)
    return {"total": total, "limit": query.limit, "offset": query.offset, "events": found}


def with_reviews(store: Any, found: list[dict[str, Any]]) -> None:
    """Give each event record its latest ``review`` (null when none), in place."""
    latest = store.latest_reviews(e["event_id"] for e in found) if found else {}
    for record in found:
        review = latest.get(record["event_id"])
        record["review"] = None if review is None else review.to_dict()


@router.get("/api/dyads/{a}/{b}/timeline", tags=["dyads"])
async def dyad_timeline(
    request: Request,
    a: str,
    b: str,
    interval: Literal["day", "week", "month", "year"] = "month",
    both_ways: bool = True,
    modes: Modes = None,
    since: Since = None,
    until: Until = None,
) -> dict[str, Any]:
    """Events between two actors per period: counts, Goldstein sum and mean, QuadClass mix."""
    server, code_a, code_b, counted = _server(request), _code(a, "a"), _code(b, "b"), _modes(modes)
    points = await _run(
        lambda: aggregate.dyad_timeline(
            server.store()._conn,
            code_a,
            code_b,
            interval=interval,
            both_ways=both_ways,
            modes=counted,
            since=since,
            until=until,
        )
    )
    return {
        "a": a.upper(),
        "b": b.upper(),
        "interval": interval,
        "both_ways": both_ways,
        "points": [
            {**asdict(p), "cooperation": p.cooperation, "conflict": p.conflict} for p in points
        ],
    }


@router.get("/api/actors", tags=["actors"])
async def actor_search(
    request: Request,
    q: Annotated[
        str | None,
        Query(max_length=60, description="a code prefix (RUS) or part of a name (russia)"),
        Text,
    ] = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
) -> dict[str, Any]:
    """Actors for a search box: codes starting with ``q`` (the exact code first), then people
    and organisations any of whose names contains it: in the store's events, in its actor
    memory, then in the shipped people table (``events`` 0 when not in this store). ``via``
    says where the name was found."""
    server = _server(request)
    hits = await _run(
        lambda: search_actors(server.store()._conn, q or "", limit=limit, people=shipped_people)
    )
    return {"actors": [hit.to_dict() for hit in hits]}


@router.get("/api/actors/{code}", tags=["actors"])
async def actor(request: Request, code: str, modes: Modes = None) -> dict[str, Any]:
    """An actor's names, activity, partners and event types (code prefix: RUS, RUSMIL)."""
    server = _server(request)
    wanted, counted = _code(code, "code"), _modes(modes)
    profile = await _run(
        server.cached,
        ("actor", wanted, counted),
        lambda: aggregate.actor_profile(server.store()._conn, wanted, modes=counted),
    )
    if profile is None:
        raise ApiError(404, f"no events with actor {code.upper()}")
    return asdict(profile)


@router.get("/api/network", tags=["actors"])
async def network(
    request: Request,
    level: Literal["country", "actor"] = "country",
    modes: Modes = None,
    since: Since = None,
    until: Until = None,
    min_events: Annotated[int, Query(ge=1)] = 1,
    limit: Annotated[int, Query(ge=1, le=2000)] = 200,
) -> dict[str, Any]:
    """Who acts on whom: directed edges weighted by event count, with their tone."""
    counted = _modes(modes)
    edges = await _run(
        network_edges, _server(request), level, counted, since, until, min_events, limit
    )
    nodes: dict[str, int] = {}
    for edge in edges:
        nodes[edge.source] = nodes.get(edge.source, 0) + edge.events
        nodes[edge.target] = nodes.get(edge.target, 0) + edge.events
    return {
        "level": level,
        "nodes": [{"id": k, "events": v} for k, v in sorted(nodes.items())],
        "edges": [asdict(e) for e in edges],
    }


def network_edges(
    server: Any,
    level: Literal["country", "actor"],
    modes: tuple[str, ...] | None,
    since: dt.date | None,
    until: dt.date | None,
    min_events: int,
    limit: int,
) -> list[aggregate.Edge]:
    """The network's heaviest ``limit`` edges, through the server's cache. Up to
    ``NETWORK_FETCH`` edges are computed and cached at once, since the aggregation, not the
    limit, is the cost: the explorer's 12 busiest pairs and its 80-edge graph share one query."""
    fetch = max(limit, NETWORK_FETCH)
    edges = server.cached(
        ("network", level, modes, since, until, min_events, fetch),
        lambda: aggregate.network(
            server.store()._conn,
            level=level,
            modes=modes,
            since=since,
            until=until,
            min_events=min_events,
            limit=fetch,
        ),
    )
    return list(edges[:limit])


#: Edges computed per network query (see :func:`network_edges`).
NETWORK_FETCH = 200


def warm(server: Any) -> None:
    """Compute the network the explorer asks for first (its graph and its busiest pairs), so
    that the first visit to a large store does not wait for it."""
    network_edges(server, "country", aggregate.HAPPENED, None, None, 1, NETWORK_FETCH)


@router.get("/api/claims", tags=["events"])
async def claims(
    request: Request, actor: OptCode = None, since: Since = None, until: Until = None
) -> dict[str, Any]:
    """Claimed events with who asserts and who denies them."""
    server = _server(request)
    found = await _run(
        lambda: server.store().claims(
            actor=actor.upper() if actor else None, since=since, until=until
        )
    )
    return {"claims": [claim_to_dict(c) for c in found]}


@router.get("/api/documents/{doc_id}", tags=["documents"])
async def document(request: Request, doc_id: str) -> dict[str, Any]:
    """An article with its events; ``highlights`` are the character spans of their evidence
    and triggers, for marking up the text."""
    return await _run(_document, _server(request), doc_id)


def _document(server: Any, doc_id: str) -> dict[str, Any]:
    store = server.store()
    article = store.document(doc_id)
    if article is None:
        raise ApiError(404, f"no document {doc_id!r}")
    found = [event_to_dict(e) for e in store.events(EventQuery(doc_id=doc_id))]
    with_reviews(store, found)
    from .review import added_events, article_actors

    highlights = sorted(
        (
            {
                "start": e[kind]["start"],
                "end": e[kind]["end"],
                "kind": kind,
                "event_id": e["event_id"],
            }
            for e in found
            for kind in ("evidence", "trigger")
        ),
        key=lambda h: (h["start"], -h["end"]),
    )
    return {
        "id": article.id,
        "date": article.date.isoformat(),
        "title": article.title,
        "url": article.url,
        "source": article.source,
        "text": article.text,
        "events": found,
        "highlights": highlights,
        "added": added_events(store, doc_id),
        "actors": article_actors(store, doc_id),
    }


@router.get("/api/codes/cameo", tags=["codes"])
async def cameo_codes() -> dict[str, Any]:
    """Every CAMEO event code with its name, PLOVER type, QuadClass and Goldstein score (the
    choices a reviewer's correction picks from)."""
    return {
        "codes": [
            {
                "code": c.code,
                "name": c.name,
                "plover": c.plover,
                "quad_class": c.quad_class,
                "goldstein": c.goldstein,
            }
            for c in cameo_table.all_codes()
        ]
    }


@router.get("/api/places", tags=["places"])
async def places(
    request: Request,
    actor: OptCode = None,
    modes: Modes = None,
    since: Since = None,
    until: Until = None,
    limit: Annotated[int, Query(ge=1, le=5000)] = 500,
) -> dict[str, Any]:
    """Places events happened at, with coordinates and counts."""
    server, counted = _server(request), _modes(modes)
    found = await _run(
        lambda: aggregate.places(
            server.store()._conn,
            actor=actor.upper() if actor else None,
            modes=counted,
            since=since,
            until=until,
            limit=limit,
        )
    )
    return {"places": [asdict(p) for p in found]}


class ArticlesBody(BaseModel):
    """The body of ``POST /api/articles``; each article is checked by :mod:`.ingest`."""

    articles: list[dict[str, Any]] = Field(
        max_length=MAX_ARTICLES,
        description='articles: {"text", "date" (YYYY-MM-DD), "id"?, "title"?, "url"?, "source"?}',
    )


_JSON_TYPES = ("application/json", "")


@router.post(
    "/api/articles",
    tags=["ingest"],
    status_code=201,
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": ArticlesBody.model_json_schema()}},
        }
    },
)
async def ingest(
    request: Request,
    authorization: Annotated[
        str | None, Header(description="Bearer <token> (the server's --token)")
    ] = None,
) -> dict[str, Any]:
    """Code and store articles (``{"articles": [{"text", "date", "id"?, "title"?, ...}]}``).

    Only on a server started with a token, and only with ``Authorization: Bearer <token>``.
    The token is checked before the body is read: a client without it learns nothing more.
    """
    server = _server(request)
    if server.token is None:
        raise ApiError(403, "this server is read-only; start it with --token to accept articles")
    if not bearer_matches(authorization, server.token):
        raise ApiError(
            401,
            "missing or wrong token; send Authorization: Bearer <token>",
            headers={"WWW-Authenticate": "Bearer"},
        )
    media = request.headers.get("content-type", "").partition(";")[0].strip().lower()
    if media not in _JSON_TYPES and not media.endswith("+json"):
        raise ApiError(415, f"send the articles as application/json, not {media}")
    articles = _articles(await request.body())
    from .ingest import ingest_articles  # the pipeline loads only when articles come

    try:
        summary: dict[str, Any] = await _run(ingest_articles, server, articles)
    except InputError as exc:
        detail = [{"field": exc.origin, "message": exc.reason}]
        raise ApiError(422, str(exc), detail=detail) from exc
    return summary


def bearer_matches(header: str | None, token: str) -> bool:
    """Whether an ``Authorization`` header is ``Bearer <token>`` (the scheme in any case, as
    HTTP has it); compared in constant time."""
    scheme, _, credentials = (header or "").strip().partition(" ")
    given = credentials.strip().encode("utf-8", "surrogateescape")
    return scheme.lower() == "bearer" and hmac.compare_digest(given, token.encode())


def _articles(body: bytes) -> list[dict[str, Any]]:
    """The article records of a request body; 422 naming what is wrong with it."""
    try:
        parsed = json.loads(body)
    except (ValueError, RecursionError) as exc:
        raise ApiError(
            422,
            "the request body is not JSON",
            detail=[{"field": "body", "message": str(exc)[:200]}],
        ) from exc
    try:
        return ArticlesBody.model_validate(parsed).articles
    except ValidationError as exc:
        errors = [{**e, "loc": ("body", *e["loc"])} for e in exc.errors()]
        raise RequestValidationError(errors) from exc


def _code(value: str, name: str) -> str:
    if not value.isalnum() or not value.isascii() or len(value) > 12:
        raise ApiError(
            422,
            f"invalid value for {name}",
            detail=[{"field": name, "message": "an actor code is 1-12 letters or digits"}],
        )
    return value.upper()
