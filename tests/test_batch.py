"""Batch runs (``newsevents.run``): idempotent, counted, and resumable after a crash."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import newsevents
from newsevents import Document, InputError, Pipeline, RunSummary, Settings, Store
from newsevents.pipeline import default_stages
from newsevents.serialize import event_id

pytestmark = pytest.mark.model

STORIES = [
    "France condemned the attack on Mali.",
    "Germany and Poland held talks in Berlin.",
    "Japan accused North Korea of firing missiles.",
    "Brazil signed a trade agreement with Argentina.",
    "Russia expelled two Moldovan diplomats.",
    "The United States praised Kenya for its peaceful election.",
    "Egypt mediated talks between Israel and Hamas.",
    "Turkey threatened to attack Syria.",
    "India imposed sanctions on Pakistan.",
    "Chad and Niger signed a security agreement.",
]


def write_jsonl(path: Path, stories: list[str], *, first_day: int = 1) -> Path:
    lines = [
        json.dumps({"id": f"story-{n}", "date": f"2024-06-{first_day + n:02d}", "text": text})
        for n, text in enumerate(stories)
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def news(tmp_path: Path) -> Path:
    return write_jsonl(tmp_path / "news.jsonl", STORIES)


@pytest.fixture(scope="module")
def small_batches() -> Pipeline:
    """Two articles per batch, so a run of ten commits five separate transactions."""
    return Pipeline(Settings(batch_size=2))


class CrashOnDocument:
    """A pipeline stage that simulates Ctrl-C while the ``n``-th document is being coded."""

    name = "crash"
    requires = ("events",)

    def __init__(self, n: int) -> None:
        self.n = n
        self.seen = 0

    def __call__(self, doc: Document, /) -> Document:
        self.seen += 1
        if self.seen == self.n:
            raise KeyboardInterrupt
        return doc


def crashing_pipeline(n: int) -> Pipeline:
    settings = Settings(batch_size=2)
    return Pipeline(settings, stages=[*default_stages(settings), CrashOnDocument(n)])


def stored(store: Store) -> tuple[int, int, list[str]]:
    """Documents, events and the sorted event ids of a store."""
    stats = store.stats()
    ids = sorted(event_id(e) for e in store.events())
    return stats.documents, stats.events, ids


def assert_complete(summary: RunSummary) -> None:
    assert summary.read == summary.coded + summary.skipped + summary.already_stored


def test_a_run_codes_and_stores_every_article(news: Path, small_batches: Pipeline) -> None:
    with Store(":memory:") as store:
        summary = newsevents.run([news], store, small_batches)

        assert (summary.read, summary.coded, summary.skipped, summary.already_stored) == (
            10,
            10,
            0,
            0,
        )
        assert summary.events == store.stats().events
        assert summary.events >= 10
        assert store.known_documents(f"story-{n}" for n in range(10)) == {
            f"story-{n}" for n in range(10)
        }


def test_rerunning_the_same_inputs_adds_nothing_and_counts_already_stored(
    news: Path, small_batches: Pipeline
) -> None:
    with Store(":memory:") as store:
        newsevents.run([news], store, small_batches)
        before = stored(store)

        again = newsevents.run([news], store, small_batches)

        assert stored(store) == before
        assert (again.read, again.coded, again.already_stored, again.events) == (10, 0, 10, 0)
        assert_complete(again)


def test_counts_add_up_with_bad_lines_and_repeated_articles(
    tmp_path: Path, small_batches: Pipeline
) -> None:
    news = write_jsonl(tmp_path / "news.jsonl", STORIES[:4])
    with news.open("a", encoding="utf-8") as out:
        out.write("{not json\n")
        out.write(json.dumps({"id": "no-date", "text": "Chad praised Niger."}) + "\n")
    repeat = write_jsonl(tmp_path / "repeat.jsonl", STORIES[:2])
    errors: list[InputError] = []

    with Store(":memory:") as store:
        summary = newsevents.run([news, repeat], store, small_batches, on_error=errors.append)

        assert summary.read == 8
        assert (summary.coded, summary.skipped, summary.already_stored) == (4, 2, 2)
        assert_complete(summary)
        assert len(errors) == 2
        assert all(str(news) in str(e) for e in errors)
        assert store.stats().documents == 4


def test_callbacks_see_every_article_and_every_coded_document(
    news: Path, small_batches: Pipeline
) -> None:
    seen_articles: list[str] = []
    seen_docs: list[str] = []

    with Store(":memory:") as store:
        newsevents.run(
            [news],
            store,
            small_batches,
            on_article=lambda a: seen_articles.append(a.id),
            on_document=lambda d: seen_docs.append(d.id),
        )

    expected = [f"story-{n}" for n in range(10)]
    assert seen_articles == expected
    assert seen_docs == expected


def test_a_crash_loses_only_the_batch_being_coded(news: Path, tmp_path: Path) -> None:
    db = tmp_path / "crashed.db"

    with Store(db) as store, pytest.raises(KeyboardInterrupt):
        newsevents.run([news], store, crashing_pipeline(3))

    with Store(db, readonly=True) as store:
        assert store.known_documents(f"story-{n}" for n in range(10)) == {"story-0", "story-1"}


def test_an_interrupted_run_resumes_without_duplicates_or_loss(
    news: Path, tmp_path: Path, small_batches: Pipeline
) -> None:
    with Store(tmp_path / "clean.db") as clean:
        newsevents.run([news], clean, small_batches)
        expected = stored(clean)

    db = tmp_path / "resumed.db"
    with Store(db) as store, pytest.raises(KeyboardInterrupt):
        newsevents.run([news], store, crashing_pipeline(3))
    with Store(db) as store:
        resumed = newsevents.run([news], store, small_batches)
        result = stored(store)

    assert result == expected
    assert len(set(result[2])) == len(result[2])
    assert (resumed.read, resumed.already_stored, resumed.coded) == (10, 2, 8)
    assert_complete(resumed)


def test_a_crash_while_writing_rolls_back_the_whole_batch(
    news: Path, tmp_path: Path, small_batches: Pipeline, monkeypatch: pytest.MonkeyPatch
) -> None:
    from newsevents.store import sqlite

    real_insert = sqlite.insert_document
    calls = 0

    def insert_then_crash(*args: object, **kwargs: object) -> int:
        nonlocal calls
        calls += 1
        if calls == 4:  # the second document of the second batch
            raise KeyboardInterrupt
        return real_insert(*args, **kwargs)  # type: ignore[arg-type]

    db = tmp_path / "half-written.db"
    with monkeypatch.context() as patch:
        patch.setattr(sqlite, "insert_document", insert_then_crash)
        with Store(db) as store, pytest.raises(KeyboardInterrupt):
            newsevents.run([news], store, small_batches)

    with Store(db) as store:
        assert store.stats().documents == 2
        resumed = newsevents.run([news], store, small_batches)
        assert (resumed.coded, resumed.already_stored) == (8, 2)
        assert store.stats().documents == 10
