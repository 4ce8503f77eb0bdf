"""The bundled examples/ code cleanly: what ``newsevents run examples/`` does, via the API."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

import newsevents
from newsevents import Article, Document, InputError, Pipeline, Store

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def items(examples_dir: Path) -> list[Article | InputError]:
    return list(newsevents.read_articles([examples_dir]))


@pytest.fixture(scope="module")
def docs(items: list[Article | InputError], pipeline: Pipeline) -> list[Document]:
    return list(pipeline.pipe(a for a in items if isinstance(a, Article)))


def sample_files(examples_dir: Path) -> list[Path]:
    return sorted(p for p in examples_dir.iterdir() if p.suffix in {".txt", ".jsonl"})


def test_every_example_is_read_without_errors(items: list[Article | InputError]) -> None:
    errors = [str(i) for i in items if isinstance(i, InputError)]

    assert errors == []


def test_every_sample_file_is_read(examples_dir: Path, items: list[Article | InputError]) -> None:
    origins = {Path(a.origin.rsplit(":", 1)[0]).name for a in items if isinstance(a, Article)}

    assert origins == {p.name for p in sample_files(examples_dir)}


def test_every_sample_file_yields_at_least_one_event(
    examples_dir: Path, docs: list[Document]
) -> None:
    events_per_file: Counter[str] = Counter()
    for doc in docs:
        events_per_file[Path(doc.article.origin.rsplit(":", 1)[0]).name] += len(doc.events)

    for path in sample_files(examples_dir):
        assert events_per_file[path.name] >= 1, f"no event coded from {path.name}"


def test_every_article_of_the_jsonl_sample_yields_an_event(docs: list[Document]) -> None:
    jsonl = [d for d in docs if ".jsonl:" in d.article.origin]

    assert len(jsonl) == 4
    assert all(d.events for d in jsonl)


def test_every_event_has_consistent_offsets(docs: list[Document]) -> None:
    for doc in docs:
        text = doc.article.text
        for event in doc.events:
            evidence, trigger = event.evidence, event.trigger
            assert text[evidence.start : evidence.end] == evidence.text
            assert text[trigger.start : trigger.end] == trigger.text
            assert evidence.start <= trigger.start < trigger.end <= evidence.end
            assert doc.sentences[event.sentence_index].text == evidence.text
            for actor in (event.source, event.target):
                if actor is not None:
                    assert text[actor.start : actor.end] == actor.text


def test_every_event_carries_its_article_date(docs: list[Document]) -> None:
    for doc in docs:
        assert all(e.doc_date == doc.date and e.doc_id == doc.id for e in doc.events)


def test_examples_cover_at_least_ten_cameo_roots(docs: list[Document]) -> None:
    roots = {e.cameo[:2] for doc in docs for e in doc.events}

    assert len(roots) >= 10, sorted(roots)


def test_examples_cover_all_four_quad_classes(docs: list[Document]) -> None:
    quads = {e.quad_class for doc in docs for e in doc.events}

    assert quads == {1, 2, 3, 4}


def test_a_run_over_the_examples_stores_every_article(
    examples_dir: Path, items: list[Article | InputError], pipeline: Pipeline
) -> None:
    with Store(":memory:") as store:
        summary = newsevents.run([examples_dir], store, pipeline)

        assert summary.read == len(items)
        assert summary.coded == len(items)
        assert summary.skipped == summary.already_stored == 0
        assert summary.events == store.stats().events > 0
