"""Review routes: analysts mark events right or wrong, correct them, add missed ones.

Reading reviews, samples and scores needs nothing; writing needs a server started with a
review token (``--review-token``, or the ingest ``--token``), ``Authorization: Bearer
<token>`` and the reviewer's name in ``X-Reviewer`` (1-60 printable characters): the server
records who said what, and one shared token among a team is the usual setup, so the name is
the reviewer's word, not an identity the server proves. The token is checked before the body
is read. Writes are serialised by the server's write lock and go through
:meth:`Store.add_review`, which checks every value against the store (422 naming the field).
"""

from __future__ import annotations

import dataclasses
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Header, Query, Request
from pydantic import BaseModel, ConfigDict, Field

from ..evaluate.reviewed import review_scores
from ..store import Store, reviewed
from ..store.query import EventQuery, count_sql, where_clause
from ..store.reviewed import ReviewedEvent
from ..store.reviews import LIVE, Review
from .api import MAX_PAGE, _run, _server, bearer_matches
from .errors import ApiError

router = APIRouter()

Reviewer = Annotated[
    str | None, Header(alias="X-Reviewer", description="the reviewer's name (1-60 characters)")
]
Authorization = Annotated[
    str | None, Header(description="Bearer <token> (the server's --review-token or --token)")
]


class ReviewBody(BaseModel):
    """``POST /api/reviews``: a verdict on an event, or an event the coder missed."""

    model_config = ConfigDict(extra="forbid")

    verdict: Literal["right", "wrong", "corrected", "added"]
    event_id: str | None = Field(None, min_length=1, max_length=64)
    doc_id: str | None = Field(None, min_length=1, max_length=200)
    evidence_start: int | None = Field(None, ge=0)
    evidence_end: int | None = Field(None, ge=0)
    trigger_start: int | None = Field(None, ge=0)
    trigger_end: int | None = Field(None, ge=0)
    cameo: str | None = Field(None, max_length=8)
    plover: str | None = Field(None, max_length=30)
    sources: list[str] | None = Field(None, max_length=20)
    targets: list[str] | None = Field(None, max_length=20)
    mode: str | None = Field(None, max_length=20)
    date: str | None = Field(None, max_length=10)
    comment: str | None = Field(None, max_length=2000)

    def review(self, reviewer: str) -> Review:
        corrected = {
            name: getattr(self, name)
            for name in ("cameo", "plover", "sources", "targets", "mode", "date")
            if getattr(self, name) is not None
        }
        if self.verdict == "added":
            missing = [
                f for f in ("doc_id", "evidence_start", "evidence_end") if getattr(self, f) is None
            ]
            if missing:
                raise ApiError(
                    422,
                    f"invalid value for {', '.join(missing)}",
                    detail=[{"field": f, "message": "an added event needs it"} for f in missing],
                )
        elif self.event_id is None:
            raise ApiError(
                422,
                "invalid value for event_id",
                detail=[{"field": "event_id", "message": f"a {self.verdict} review needs it"}],
            )
        return Review(
            verdict=self.verdict,
            reviewer=reviewer,
            event_id=self.event_id if self.verdict != "added" else None,
            doc_id=self.doc_id or "",
            corrected=corrected,
            comment=self.comment or "",
            evidence_start=-1 if self.evidence_start is None else self.evidence_start,
            evidence_end=-1 if self.evidence_end is None else self.evidence_end,
            trigger_start=-1 if self.trigger_start is None else self.trigger_start,
            trigger_end=-1 if self.trigger_end is None else self.trigger_end,
        )


class SampleBody(BaseModel):
    """``POST /api/review/samples``: draw a named random sample of events to review."""

    model_config = ConfigDict(extra="forbid")

    n: int = Field(ge=1, le=100_000)
    stratify: Literal["none", "type", "source", "confidence"] = "none"
    seed: int = Field(1, ge=0, le=2**62)
    name: str | None = Field(None, min_length=1, max_length=80, pattern=r"^[\w.:-]+$")


def _writer(request: Request, authorization: str | None, reviewer: str | None) -> str:
    """The reviewer's name of a write request; 403/401/422 when it may not write."""
    server = _server(request)
    tokens = server.review_tokens()
    if not tokens:
        raise ApiError(403, "this server does not take reviews; start it with --review-token")
    if not any(bearer_matches(authorization, t) for t in tokens):
        raise ApiError(
            401,
            "missing or wrong token; send Authorization: Bearer <token>",
            headers={"WWW-Authenticate": "Bearer"},
        )
    name = (reviewer or "").strip()
    if not name or len(name) > 60 or not name.isprintable():
        raise ApiError(
            422,
            "invalid value for X-Reviewer",
            detail=[{"field": "X-Reviewer", "message": "the reviewer's name, 1-60 characters"}],
        )
    return name


def _write(server: Any, change: Any) -> Any:
    with server._write_lock, Store(server.db) as store:
        return change(store)


@router.post("/api/reviews", tags=["review"], status_code=201)
async def post_review(
    request: Request,
    body: ReviewBody,
    authorization: Authorization = None,
    x_reviewer: Reviewer = None,
) -> dict[str, Any]:
    """Store a review: ``right``/``wrong``/``corrected`` of an ``event_id`` (a correction gives
    any of ``cameo``, ``plover``, ``sources``, ``targets``, ``mode``, ``date``), or ``added``:
    an event the coder missed, with its ``doc_id``, evidence span and type."""
    name = _writer(request, authorization, x_reviewer)
    review = body.review(name)
    stored: Review = await _run(_write, _server(request), lambda s: s.add_review(review))
    return {"review": stored.to_dict()}


@router.get("/api/reviews", tags=["review"])
async def get_reviews(
    request: Request,
    doc_id: Annotated[str | None, Query(max_length=200)] = None,
    event_id: Annotated[str | None, Query(max_length=64)] = None,
    reviewer: Annotated[str | None, Query(max_length=60)] = None,
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 50,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> dict[str, Any]:
    """Reviews, oldest first: every review action, orphaned ones too (``status``)."""
    server = _server(request)
    total, found = await _run(
        lambda: server.store().reviews_page(doc_id, event_id, reviewer, limit=limit, offset=offset)
    )
    return {"total": total, "reviews": [r.to_dict() for r in found]}


@router.post("/api/review/samples", tags=["review"], status_code=201)
async def post_sample(
    request: Request,
    body: SampleBody,
    authorization: Authorization = None,
    x_reviewer: Reviewer = None,
) -> dict[str, Any]:
    """Draw and store a random sample of events to review (docs/review.md)."""
    _writer(request, authorization, x_reviewer)
    plan = await _run(
        _write,
        _server(request),
        lambda s: s.create_review_sample(
            body.n, stratify=body.stratify, seed=body.seed, name=body.name
        ),
    )
    return {"sample": plan.to_dict()}


@router.get("/api/review/samples", tags=["review"])
async def get_samples(request: Request) -> dict[str, Any]:
    """The stored samples' plans."""
    server = _server(request)
    plans = await _run(lambda: server.store().review_samples())
    return {"samples": [p.to_dict() for p in plans]}


@router.get("/api/review/samples/{name}", tags=["review"])
async def get_sample(request: Request, name: str) -> dict[str, Any]:
    """A sample's events in walking order, and whether each has a review yet."""
    server = _server(request)
    return await _run(_sample, server, name)


def _sample(server: Any, name: str) -> dict[str, Any]:
    store = server.store()
    plan = store.review_sample(name)
    if plan is None:
        raise ApiError(404, f"no sample {name!r}")
    sampled = store.review_sample_events(name)
    reviewed = store.latest_reviews(s.event_id for s in sampled)
    return {
        **plan.to_dict(),
        "events": [{**dataclasses.asdict(s), "reviewed": s.event_id in reviewed} for s in sampled],
    }


@router.get("/api/review/scores", tags=["review"])
async def scores(request: Request) -> dict[str, Any]:
    """The coder's scores against the reviews (``evaluate --db D --reviewed``)."""
    server = _server(request)
    result: dict[str, Any] = await _run(lambda: review_scores(server.store()).to_dict())
    return result


# -- helpers of /api/events and /api/documents ---------------------------------------------------


def reviewed_page(server: Any, query: EventQuery) -> dict[str, Any]:
    """A page of events as reviewed, and how many match."""
    store = server.store()
    found = [r.to_dict() for r in store.reviewed_events(query)]
    return {
        "total": reviewed_total(store, query),
        "limit": query.limit,
        "offset": query.offset,
        "events": found,
    }


def reviewed_total(store: Store, query: EventQuery) -> int:
    """How many events match as reviewed: the coded count without the reviewed events, plus
    the reviewed (and added) ones that match as reviewed, which are few."""
    unpaged = dataclasses.replace(query, limit=None, offset=0)
    count, params = count_sql(unpaged, dyads=store.has_rollups)
    total = int(store.select(count, params).fetchone()[0])
    if not store.has_reviews:
        return total
    where, where_params = where_clause(unpaged, dyads=store.has_rollups)
    joiner = " AND " if where else "WHERE "
    reviewed_ids = (
        f"SELECT r.event_id FROM reviews r WHERE {LIVE} AND r.status = 'attached' "
        "AND r.event_id IS NOT NULL"
    )
    sql = f"SELECT count(*) FROM events {where}{joiner}event_id IN ({reviewed_ids})"
    total -= int(store.select(sql, where_params).fetchone()[0])
    return total + len(reviewed.extras(store._conn, unpaged))


def added_events(store: Store, doc_id: str) -> list[dict[str, Any]]:
    """The events reviewers added to an article, as event records with their review."""
    found: list[ReviewedEvent] = [
        r
        for r in store.reviewed_events(EventQuery(doc_id=doc_id))
        if r.review is not None and r.review.verdict == "added"
    ]
    return [r.to_dict() for r in found]


def article_actors(store: Store, doc_id: str) -> list[dict[str, Any]]:
    """The distinct coded actors of an article (its events' participants and its resolved
    mentions), each with its name and the spans naming it, for a reviewer to pick from."""
    actors: dict[str, dict[str, Any]] = {}

    def add(code: str, name: str, country: str | None, span: tuple[int, int, str] | None) -> None:
        entry = actors.setdefault(
            code, {"code": code, "name": name, "country": country, "spans": []}
        )
        if not entry["name"] and name:
            entry["name"] = name
        if span is not None and span[0] >= 0:
            found = {"start": span[0], "end": span[1], "text": span[2]}
            if found not in entry["spans"]:
                entry["spans"].append(found)

    for event in store.events(EventQuery(doc_id=doc_id)):
        for a in event.participants():
            add(a.code, a.name, a.country, (a.start, a.end, a.text))
    rows = store.select(
        'SELECT actor_code, actor_name, start, "end", text FROM mentions '
        "WHERE doc_id = ? AND actor_code IS NOT NULL ORDER BY start",
        (doc_id,),
    )
    for code, name, start, end, text in rows:
        add(str(code), str(name or ""), None, (int(start), int(end), str(text)))
    for entry in actors.values():
        entry["spans"].sort(key=lambda s: (s["start"], s["end"]))
    return sorted(actors.values(), key=lambda e: e["code"])
