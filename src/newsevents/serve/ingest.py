"""``POST /api/articles``: read JSON records as articles, code them, store them.

A bad record stops the request with the index and field at fault, before anything is coded,
so a client never has to guess which of its articles went in. Writes are serialised by a lock;
readers keep reading (the store is in WAL mode).
"""

from __future__ import annotations

from typing import Any

from ..errors import ArticleError, InputError
from ..ingest import article_id, parse_date
from ..ingest.limits import too_long
from ..pipeline import Pipeline
from ..settings import Settings
from ..store import Store
from ..types import Article

#: Fields a record may carry; ``text`` and ``date`` are required.
FIELDS = ("id", "date", "text", "title", "url", "source")


def _encodable(value: str) -> bool:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def read_records(records: list[dict[str, Any]], *, max_bytes: int | None = None) -> list[Article]:
    """Articles from JSON records; the first bad one raises :class:`InputError`
    (origin ``articles[3].date``). A text over ``max_bytes`` (by default the
    ``max_article_bytes`` setting) is one, as in every reader."""
    limit = max_bytes if max_bytes is not None else Settings().max_article_bytes
    out: list[Article] = []
    for i, record in enumerate(records):
        where = f"articles[{i}]"
        if not isinstance(record, dict):
            raise InputError(where, "an article is a JSON object")
        unknown = sorted(set(record) - set(FIELDS))
        if unknown:
            known = ", ".join(FIELDS)
            raise InputError(f"{where}.{unknown[0]}", f"unknown field; fields are {known}")
        text = record.get("text")
        if not isinstance(text, str) or not text.strip():
            raise InputError(f"{where}.text", "missing or empty")
        for key in FIELDS:
            value = record.get(key)
            if isinstance(value, str) and not _encodable(value):
                # a lone surrogate ("\ud800") is valid JSON but no text: the store would fail
                raise InputError(f"{where}.{key}", "not valid Unicode text (a lone surrogate)")
        size = len(text.encode("utf-8"))
        if size > limit:
            raise InputError(f"{where}.text", too_long("the text", size, limit))
        raw_date = record.get("date")
        if not isinstance(raw_date, str):
            raise InputError(f"{where}.date", "missing; write YYYY-MM-DD")
        try:
            date = parse_date(raw_date)
        except ValueError as exc:
            raise InputError(f"{where}.date", str(exc)) from exc
        extra = {k: record.get(k) for k in ("title", "url", "source")}
        for key, value in extra.items():
            if value is not None and not isinstance(value, str):
                raise InputError(f"{where}.{key}", "must be a string")
        given_id = record.get("id")
        if given_id is not None and (not isinstance(given_id, str) or not given_id.strip()):
            raise InputError(f"{where}.id", "must be a non-empty string")
        out.append(
            Article(
                id=given_id or article_id(text, date),
                date=date,
                text=text,
                title=extra["title"] or "",
                url=extra["url"] or "",
                source=extra["source"] or "",
                origin=f"POST {where}",
            )
        )
    return out


def ingest_articles(server: Any, records: list[dict[str, Any]]) -> dict[str, Any]:
    """Code ``records`` and add them to the server's store; what was added."""
    articles = read_records(records)
    with server._write_lock:
        if server._pipeline is None:
            server._pipeline = Pipeline(Settings())
        pipeline: Pipeline = server._pipeline
        with Store(server.db) as store:
            fresh = [a for a in articles if not store.has_document(a.id)]
            failures: list[ArticleError] = []  # a stage's bug costs its article only
            docs = list(pipeline.pipe(fresh, on_failure=failures.append))
            result = store.add_documents(docs)
            if failures:
                store.record_failures(failures)
    failed = {f.doc_id for f in failures}
    return {
        "received": len(articles),
        "documents_added": result.documents_added,
        "documents_skipped": len(articles) - result.documents_added - len(failed),
        "events_added": result.events_added,
        "ids": [a.id for a in articles],
        "failed": [{"id": f.doc_id, "stage": f.stage, "reason": f.reason} for f in failures],
    }
