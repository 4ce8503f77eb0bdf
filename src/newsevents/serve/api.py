"""The JSON API: events, dyad timelines, actors, networks, claims, documents and places.

Every route reads through the store's parameterised queries (:mod:`newsevents.store.query`,
:mod:`newsevents.store.aggregate`); no request value is ever spliced into SQL. Lists are paged
with ``limit`` (at most 500) and ``offset``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hmac
from dataclasses import asdict
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Body, Header, Query, Request

from ..errors import InputError
from ..serialize import event_to_dict
from ..store import aggregate
from ..store.claims import claim_to_dict
from ..store.query import EventQuery, escape_like
from ..types import Mode
from .errors import ApiError

router = APIRouter()

MAX_PAGE = 500
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
def health(request: Request) -> dict[str, Any]:
    """Whether the server can read its store, and how much is in it."""
    stats = _server(request).store().stats()
    return {
        "status": "ok",
        "documents": stats.documents,
        "events": stats.events,
        "first_date": stats.first_doc_date.isoformat() if stats.first_doc_date else None,
        "last_date": stats.last_doc_date.isoformat() if stats.last_doc_date else None,
        "schema_version": stats.schema_version,
        "ingest": _server(request).token is not None,
    }


@router.get("/api/events", tags=["events"])
def events(
    request: Request,
    source: OptCode = None,
    target: OptCode = None,
    actor: OptCode = None,
    country: Annotated[str | None, Query(pattern=r"^[A-Za-z]{3}$")] = None,
    cameo: Annotated[str | None, Query(pattern=r"^[0-9]{2,4}$")] = None,
    plover: Annotated[str | None, Query(pattern=r"^[A-Za-z_]{2,20}$")] = None,
    quad_class: Annotated[int | None, Query(ge=0, le=4)] = None,
    mode: Annotated[Mode | None, Query()] = None,
    since: Since = None,
    until: Until = None,
    q: Annotated[str | None, Query(max_length=200, description="text in the evidence")] = None,
    doc_id: Annotated[str | None, Query(max_length=200)] = None,
    min_confidence: Annotated[float | None, Query(ge=0, le=1)] = None,
    min_relevance: Annotated[float | None, Query(ge=0, le=1)] = None,
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 50,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> dict[str, Any]:
    """Events matching every given filter, newest first... in the store's stable order."""
    query = EventQuery(
        source=source.upper() if source else None,
        target=target.upper() if target else None,
        actor=actor.upper() if actor else None,
        country=country.upper() if country else None,
        cameo=cameo,
        plover=plover.upper() if plover else None,
        quad_class=quad_class,
        mode=mode.value if mode else None,
        since=since,
        until=until,
        text=q,
        doc_id=doc_id,
        min_confidence=min_confidence,
        min_relevance=min_relevance,
        limit=limit,
        offset=offset,
    )
    store = _server(request).store()
    found = [event_to_dict(e) for e in store.events(query)]
    total = store.count_events(dataclasses.replace(query, limit=None, offset=0))
    return {"total": total, "limit": limit, "offset": offset, "events": found}


@router.get("/api/dyads/{a}/{b}/timeline", tags=["dyads"])
def dyad_timeline(
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
    conn = _server(request).store()._conn
    points = aggregate.dyad_timeline(
        conn,
        _code(a, "a"),
        _code(b, "b"),
        interval=interval,
        both_ways=both_ways,
        modes=_modes(modes),
        since=since,
        until=until,
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
def actor_search(
    request: Request,
    q: Annotated[
        str | None,
        Query(max_length=60, description="a code prefix (RUS) or part of a name (russia)"),
    ] = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
) -> dict[str, Any]:
    """Actor codes for a search box: codes starting with ``q`` or names containing it, the
    exact code first, then the most active."""
    text = (q or "").strip()
    clauses: list[str] = []
    params: list[object] = [text.upper()]
    if text:
        clauses.append("name LIKE ? ESCAPE '\\'")
        params.append(f"%{escape_like(text)}%")
        if text.isascii() and text.isalnum():
            low, high = aggregate.prefix_range(text)
            clauses.append("(code >= ? AND code < ?)")
            params += [low, high]
    where = f"WHERE {' OR '.join(clauses)}" if clauses else ""
    rows = (
        _server(request)
        .store()
        .select(
            "SELECT code, name, country, n_events, code = ? AS exact FROM actors "
            f"{where} ORDER BY exact DESC, n_events DESC, code LIMIT ?",
            [*params, limit],
        )
        .fetchall()
    )
    return {
        "actors": [{"code": r[0], "name": r[1], "country": r[2], "events": int(r[3])} for r in rows]
    }


@router.get("/api/actors/{code}", tags=["actors"])
def actor(request: Request, code: str, modes: Modes = None) -> dict[str, Any]:
    """An actor's names, activity, partners and event types (code prefix: RUS, RUSMIL)."""
    server = _server(request)
    wanted, counted = _code(code, "code"), _modes(modes)
    profile = server.cached(
        ("actor", wanted, counted),
        lambda: aggregate.actor_profile(server.store()._conn, wanted, modes=counted),
    )
    if profile is None:
        raise ApiError(404, f"no events with actor {code.upper()}")
    return asdict(profile)


@router.get("/api/network", tags=["actors"])
def network(
    request: Request,
    level: Literal["country", "actor"] = "country",
    modes: Modes = None,
    since: Since = None,
    until: Until = None,
    min_events: Annotated[int, Query(ge=1)] = 1,
    limit: Annotated[int, Query(ge=1, le=2000)] = 200,
) -> dict[str, Any]:
    """Who acts on whom: directed edges weighted by event count, with their tone."""
    edges = network_edges(_server(request), level, _modes(modes), since, until, min_events, limit)
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
def claims(
    request: Request, actor: OptCode = None, since: Since = None, until: Until = None
) -> dict[str, Any]:
    """Claimed events with who asserts and who denies them."""
    found = (
        _server(request)
        .store()
        .claims(actor=actor.upper() if actor else None, since=since, until=until)
    )
    return {"claims": [claim_to_dict(c) for c in found]}


@router.get("/api/documents/{doc_id}", tags=["documents"])
def document(request: Request, doc_id: str) -> dict[str, Any]:
    """An article with its events; ``highlights`` are the character spans of their evidence
    and triggers, for marking up the text."""
    store = _server(request).store()
    article = store.document(doc_id)
    if article is None:
        raise ApiError(404, f"no document {doc_id!r}")
    found = [event_to_dict(e) for e in store.events(EventQuery(doc_id=doc_id))]
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
    }


@router.get("/api/places", tags=["places"])
def places(
    request: Request,
    actor: OptCode = None,
    modes: Modes = None,
    since: Since = None,
    until: Until = None,
    limit: Annotated[int, Query(ge=1, le=5000)] = 500,
) -> dict[str, Any]:
    """Places events happened at, with coordinates and counts."""
    conn = _server(request).store()._conn
    found = aggregate.places(
        conn,
        actor=actor.upper() if actor else None,
        modes=_modes(modes),
        since=since,
        until=until,
        limit=limit,
    )
    return {"places": [asdict(p) for p in found]}


@router.post("/api/articles", tags=["ingest"], status_code=201)
def ingest(
    request: Request,
    articles: Annotated[list[dict[str, Any]], Body(embed=True, max_length=1000)],
    authorization: Annotated[str | None, Header()] = None,
) -> dict[str, Any]:
    """Code and store articles (``{"articles": [{"text", "date", "id"?, "title"?, ...}]}``).

    Only on a server started with a token, and only with ``Authorization: Bearer <token>``.
    """
    server = _server(request)
    if server.token is None:
        raise ApiError(403, "this server is read-only; start it with --token to accept articles")
    given = (authorization or "").removeprefix("Bearer ").strip()
    if not hmac.compare_digest(given.encode(), server.token.encode()):
        raise ApiError(401, "missing or wrong token")
    from .ingest import ingest_articles  # the pipeline loads only when articles come

    try:
        summary = ingest_articles(server, articles)
    except InputError as exc:
        detail = [{"field": exc.origin, "message": exc.reason}]
        raise ApiError(422, str(exc), detail=detail) from exc
    return summary


def _code(value: str, name: str) -> str:
    if not value.isalnum() or not value.isascii() or len(value) > 12:
        raise ApiError(
            422,
            f"invalid value for {name}",
            detail=[{"field": name, "message": "an actor code is 1-12 letters or digits"}],
        )
    return value.upper()
