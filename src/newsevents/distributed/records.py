"""A task's documents file: what the store needs to insert each coded document, in Parquet.

One row per document: the article's fields, and as JSON text its events (the records of
:func:`newsevents.serialize.event_to_dict`, the one serialisation of events), its mentions
(the actor a mention resolved to as :func:`newsevents.serialize.actor_to_dict` writes it, and
what it states for the actor memory, ``Mention.stated``) and its sentence boundaries. The
store's ``insert_document`` reads only the article, the mentions and the events;
``Store.add_documents`` also learns actors from the mentions' statements (found with the parse,
on the worker), and takes each sighting's evidence sentence from ``Document.sentences``, so
the sentences are kept as
character offsets into the text (a sentence's text is ``text[start:end]``). Tokens are not
needed and not kept.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Iterator
from contextlib import suppress
from pathlib import Path
from typing import Any

from ..errors import StoreError
from ..serialize import actor_from_dict, actor_to_dict, event_from_dict, event_to_dict
from ..types import Article, Document, Mention, Sentence, Statement

_TEXT_COLUMNS = ("id", "title", "url", "source", "origin", "text")
_JSON_COLUMNS = ("sentences", "mentions", "events")
#: Documents buffered before they are written as one row group, and the text size that
#: writes them sooner (articles may be long).
_ROWS_PER_GROUP = 256
_CHARS_PER_GROUP = 8_000_000


def documents_schema() -> Any:
    import pyarrow as pa

    fields = [pa.field("id", pa.string(), nullable=False), pa.field("date", pa.date32())]
    fields += [pa.field(name, pa.string()) for name in (*_TEXT_COLUMNS[1:], *_JSON_COLUMNS)]
    return pa.schema(fields)


def mention_to_dict(mention: Mention) -> dict[str, Any]:
    return {
        "sentence": mention.sentence,
        "head": mention.head,
        "first_token": mention.first_token,
        "last_token": mention.last_token,
        "start": mention.start,
        "end": mention.end,
        "text": mention.text,
        "label": mention.label,
        "actor": actor_to_dict(mention.actor),
        "stated": _statement_to_dict(mention.stated),
    }


def _statement_to_dict(stated: Statement | None) -> dict[str, Any] | None:
    if stated is None:
        return None
    return {
        "name": stated.name,
        "basis": stated.basis,
        "country": stated.country,
        "sectors": list(stated.sectors),
        "code": stated.code,
    }


def _statement_from_dict(data: dict[str, Any] | None) -> Statement | None:
    """What a mention states for the actor memory; parts written before it existed have none."""
    if data is None:
        return None
    return Statement(
        name=data["name"],
        basis=data["basis"],
        country=data["country"],
        sectors=tuple(data["sectors"]),
        code=data["code"],
    )


def mention_from_dict(data: dict[str, Any]) -> Mention:
    return Mention(
        sentence=int(data["sentence"]),
        head=int(data["head"]),
        first_token=int(data["first_token"]),
        last_token=int(data["last_token"]),
        start=int(data["start"]),
        end=int(data["end"]),
        text=data["text"],
        label=data["label"],
        actor=actor_from_dict(data.get("actor")),
        stated=_statement_from_dict(data.get("stated")),
    )


def _dumps(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def document_row(doc: Document) -> dict[str, Any]:
    """The documents-file row of one coded document."""
    article = doc.article
    return {
        "id": article.id,
        "date": article.date,
        "title": article.title,
        "url": article.url,
        "source": article.source,
        "origin": article.origin,
        "text": article.text,
        "sentences": _dumps([[s.start, s.end, s.first_token, s.last_token] for s in doc.sentences]),
        "mentions": _dumps([mention_to_dict(m) for m in doc.mentions]),
        "events": _dumps([event_to_dict(e) for e in doc.events]),
    }


def document_from_row(row: dict[str, Any]) -> Document:
    """The Document to store from one row: article, sentences, mentions and events."""
    date = row["date"]
    article = Article(
        id=row["id"],
        date=date if isinstance(date, dt.date) else dt.date.fromisoformat(date),
        text=row["text"],
        title=row["title"] or "",
        url=row["url"] or "",
        source=row["source"] or "",
        origin=row["origin"] or "",
    )
    sentences = tuple(
        Sentence(
            index=i,
            start=start,
            end=end,
            text=article.text[start:end],
            first_token=first,
            last_token=last,
        )
        for i, (start, end, first, last) in enumerate(json.loads(row["sentences"]))
    )
    return Document(
        article=article,
        sentences=sentences,
        mentions=tuple(mention_from_dict(m) for m in json.loads(row["mentions"])),
        events=tuple(event_from_dict(e) for e in json.loads(row["events"])),
    )


class DocumentsWriter:
    """Writes one task's documents file under a hidden temporary name; :meth:`commit` renames
    it into place, :meth:`abort` removes it. Memory is bounded by one row group."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        import pyarrow.parquet as pq

        self.path = Path(path)
        self.count = 0
        self._tmp = self.path.with_name(f".{self.path.name}.tmp")
        self._schema = documents_schema()
        self._rows: list[dict[str, Any]] = []
        self._chars = 0
        try:
            self._writer: Any = pq.ParquetWriter(self._tmp, self._schema)
        except OSError as exc:
            raise StoreError(f"cannot write {self._tmp}: {exc}") from exc

    def add(self, doc: Document) -> None:
        self._rows.append(document_row(doc))
        self._chars += len(doc.article.text)
        self.count += 1
        if len(self._rows) >= _ROWS_PER_GROUP or self._chars >= _CHARS_PER_GROUP:
            self._flush()

    def _flush(self) -> None:
        import pyarrow as pa

        if not self._rows:
            return
        columns = {f.name: [row[f.name] for row in self._rows] for f in self._schema}
        self._writer.write_batch(pa.RecordBatch.from_pydict(columns, schema=self._schema))
        self._rows, self._chars = [], 0

    def commit(self) -> Path:
        self._flush()
        self._writer.close()
        os.replace(self._tmp, self.path)
        return self.path

    def abort(self) -> None:
        with suppress(Exception):
            self._writer.close()
        with suppress(OSError):
            self._tmp.unlink(missing_ok=True)


def read_documents(path: str | os.PathLike[str], *, batch_size: int = 64) -> Iterator[Document]:
    """The documents of a documents file, in the order they were coded, a batch at a time."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        file = pq.ParquetFile(path)
    except (OSError, pa.ArrowException) as exc:
        raise StoreError(f"cannot read documents file {path}: {exc}") from exc
    with file:
        try:
            for batch in file.iter_batches(batch_size=batch_size):
                for row in batch.to_pylist():
                    yield document_from_row(row)
        except (OSError, pa.ArrowException, ValueError, KeyError) as exc:
            raise StoreError(f"cannot read documents file {path}: {exc}") from exc
