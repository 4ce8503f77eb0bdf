"""One poison article costs itself only: an article a stage fails on (the parse, a coding stage,
its write to the store) is reported, recorded in ``failed_articles`` and skipped; the rest of
its batch is stored, and a rerun neither fails on it again nor retries it unless asked.

The faults are simulated: a stage that raises, a screen that raises inside spaCy's batch, a
store write that fails for one document.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest

import newsevents
from newsevents import ArticleError, Document, InputError, Pipeline, Settings, Store
from newsevents.errors import StoreError
from newsevents.pipeline import default_stages

pytestmark = pytest.mark.model

STORIES = [
    "France condemned the attack on Mali.",
    "Germany and Poland held talks in Berlin.",
    "Japan accused North Korea of firing missiles. POISON",
    "Brazil signed a trade agreement with Argentina.",
    "Russia expelled two Moldovan diplomats.",
    "The United States praised Kenya for its peaceful election. POISON",
    "Egypt mediated talks between Israel and Hamas.",
]
POISONED = {"story-2", "story-5"}


def write_jsonl(path: Path) -> Path:
    lines = [
        json.dumps({"id": f"story-{n}", "date": f"2024-06-{n + 1:02d}", "text": text})
        for n, text in enumerate(STORIES)
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def news(tmp_path: Path) -> Path:
    return write_jsonl(tmp_path / "news.jsonl")


class Poison:
    """A stage that fails on every article whose text says POISON (a simulated bug)."""

    name = "poison"
    requires = ("events",)

    def __init__(self) -> None:
        self.seen: list[str] = []

    def __call__(self, doc: Document, /) -> Document:
        self.seen.append(doc.id)
        if "POISON" in doc.article.text:
            raise ValueError(f"cannot code {doc.id}\nsecond line")
        return doc


@pytest.fixture(scope="module")
def settings() -> Settings:
    return Settings(batch_size=4)


def poisoned_pipeline(settings: Settings) -> tuple[Pipeline, Poison]:
    poison = Poison()
    return Pipeline(settings, stages=[*default_stages(settings), poison]), poison


def test_a_failing_stage_costs_only_its_article(news: Path, settings: Settings) -> None:
    pipeline, _ = poisoned_pipeline(settings)
    failures: list[ArticleError] = []

    with Store(":memory:") as store:
        summary = newsevents.run([news], store, pipeline, on_failure=failures.append)
        stored = set(store.document_ids())
        recorded = store.failed_articles()
        stats = store.stats()

    assert stored == {f"story-{n}" for n in range(7)} - POISONED
    assert (summary.read, summary.coded, summary.failed, summary.skipped) == (7, 5, 2, 0)
    assert [(f.origin, f.stage) for f in failures] == [
        (f"{news}:3", "poison"),
        (f"{news}:6", "poison"),
    ]
    reason = "ValueError: cannot code story-2 second line"  # one line
    assert failures[0].reason == reason
    assert str(failures[0]) == f"{news}:3: poison failed: {reason}"
    assert {(r.doc_id, r.origin, r.stage, r.attempts) for r in recorded} == {
        ("story-2", f"{news}:3", "poison", 1),
        ("story-5", f"{news}:6", "poison", 1),
    }
    assert stats.failed_articles == 2


def test_a_rerun_skips_failed_articles_until_asked_to_retry_them(
    news: Path, tmp_path: Path, settings: Settings
) -> None:
    db = tmp_path / "e.db"
    with Store(db) as store:
        newsevents.run([news], store, poisoned_pipeline(settings)[0])

    pipeline, poison = poisoned_pipeline(settings)
    with Store(db) as store:
        again = newsevents.run([news], store, pipeline)
    assert (again.coded, again.already_stored, again.already_failed, again.failed) == (0, 5, 2, 0)
    assert not POISONED & set(poison.seen)  # not coded again
    assert str(again).endswith("2 failed before (not retried)")

    pipeline, poison = poisoned_pipeline(settings)
    with Store(db) as store:
        retried = newsevents.run([news], store, pipeline, retry_failed=True)
        [attempts] = {r.attempts for r in store.failed_articles()}
    assert (retried.failed, retried.already_failed) == (2, 0)
    assert attempts == 2

    fixed = Pipeline(settings)  # the bug is fixed: the retry stores them
    with Store(db) as store:
        healed = newsevents.run([news], store, fixed, retry_failed=True)
        assert store.failed_articles() == [] and store.stats().failed_articles == 0
        assert set(store.document_ids()) == {f"story-{n}" for n in range(7)}
    assert (healed.coded, healed.already_stored) == (2, 5)


class FaultyScreen:
    """Raises inside spaCy's batch, where an exception cannot be tied to one article."""

    def __init__(self, real: Any) -> None:
        self.real = real

    def __call__(self, text: str) -> Any:
        if "POISON" in text:
            raise RuntimeError("the parser broke")
        return self.real(text)


def test_a_parse_failure_inside_a_batch_costs_only_its_article(
    news: Path, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    pipeline = Pipeline(settings)
    monkeypatch.setattr(pipeline.parser, "_screen", FaultyScreen(pipeline.parser.screen))
    failures: list[ArticleError] = []

    with Store(":memory:") as store:
        summary = newsevents.run([news], store, pipeline, on_failure=failures.append)
        stored = store.document_ids()

    assert stored == [f"story-{n}" for n in range(7) if f"story-{n}" not in POISONED]
    assert [(f.doc_id, f.stage, f.reason) for f in failures] == [
        ("story-2", "parse", "RuntimeError: the parser broke"),
        ("story-5", "parse", "RuntimeError: the parser broke"),
    ]
    assert (summary.coded, summary.failed) == (5, 2)


def test_pipe_without_on_failure_still_raises(settings: Settings) -> None:
    pipeline, _ = poisoned_pipeline(settings)
    article = newsevents.Article(id="p", date=newsevents.parse_date("2024-06-01"), text="POISON")
    with pytest.raises(ValueError, match="cannot code p"):
        list(pipeline.pipe([article]))


def test_errors_of_the_articles_themselves_are_not_blamed_on_an_article(
    settings: Settings,
) -> None:
    def articles() -> Any:
        yield newsevents.Article(id="a", date=newsevents.parse_date("2024-06-01"), text="Talks.")
        raise StoreError("the store went away")

    failures: list[ArticleError] = []
    with pytest.raises(StoreError, match="went away"):
        list(Pipeline(settings).pipe(articles(), on_failure=failures.append))
    assert failures == []


def fail_to_insert(monkeypatch: pytest.MonkeyPatch, doc_id: str, error: Exception) -> None:
    from newsevents.store import sqlite

    real = sqlite.insert_document

    def insert(conn: sqlite3.Connection, doc: Document, added_at: str) -> int:
        if doc.id == doc_id:
            raise error
        return real(conn, doc, added_at)

    monkeypatch.setattr(sqlite, "insert_document", insert)


def test_a_document_the_store_refuses_costs_only_itself(
    news: Path, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    fail_to_insert(monkeypatch, "story-1", sqlite3.IntegrityError("CHECK constraint failed"))
    failures: list[ArticleError] = []

    with Store(":memory:") as store:
        summary = newsevents.run([news], store, Pipeline(settings), on_failure=failures.append)
        assert set(store.document_ids()) == {f"story-{n}" for n in range(7)} - {"story-1"}
        assert [(r.doc_id, r.stage) for r in store.failed_articles()] == [("story-1", "store")]

    assert [f.doc_id for f in failures] == ["story-1"]
    assert "CHECK constraint failed" in failures[0].reason
    assert (summary.coded, summary.failed) == (6, 1)


def test_a_store_that_cannot_write_at_all_stops_the_run(
    news: Path, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A locked or full database is no article's fault: nothing is recorded as failed."""
    fail_to_insert(monkeypatch, "story-1", sqlite3.OperationalError("database or disk is full"))

    with Store(":memory:") as store:
        with pytest.raises(StoreError, match="disk is full"):
            newsevents.run([news], store, Pipeline(settings))
        assert store.failed_articles() == []


def test_bad_inputs_and_failed_articles_are_counted_apart(
    news: Path, tmp_path: Path, settings: Settings
) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_bytes(b'{"date": "2024-02-30", "text": "x"}\n{not json\n\xff\n')
    errors: list[InputError] = []
    pipeline, _ = poisoned_pipeline(settings)

    with Store(":memory:") as store:
        summary = newsevents.run([news, bad], store, pipeline, on_error=errors.append)

    assert (summary.read, summary.articles, summary.skipped, summary.failed) == (10, 7, 3, 2)
    assert summary.read == (
        summary.coded
        + summary.skipped
        + summary.already_stored
        + summary.failed
        + summary.already_failed
    )
    assert [e.origin for e in errors] == [f"{bad}:1", f"{bad}:2", f"{bad}:3"]
    assert str(summary).startswith("7 articles read, 5 coded, 3 skipped (bad input)")
