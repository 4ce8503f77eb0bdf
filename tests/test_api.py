"""The public API (``import newsevents``): its names, and what each entry point promises."""

from __future__ import annotations

import datetime as dt
import inspect
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

import newsevents
from newsevents import Article, Document, Event, Precision

# Changing this list is changing the public API: do it on purpose, with the docs.
PUBLIC_NAMES = [
    "Actor",
    "ActorMemory",
    "ActorResolution",
    "Article",
    "ArticleError",
    "Claim",
    "ConfigError",
    "Document",
    "Event",
    "EventQuery",
    "InputError",
    "KnownActor",
    "LexiconError",
    "Mention",
    "Mode",
    "ModelError",
    "NewsEventsError",
    "Pipeline",
    "PipelineError",
    "Place",
    "Precision",
    "RecodeSummary",
    "RunSummary",
    "Sentence",
    "Settings",
    "Sighting",
    "Span",
    "Store",
    "StoreError",
    "TimeRef",
    "Token",
    "__version__",
    "article",
    "code",
    "event_from_dict",
    "event_to_dict",
    "event_to_row",
    "export_events",
    "pipe",
    "read_articles",
    "recode",
    "resolve_actor",
    "run",
]

TWO_SENTENCES = "France condemned the attack on Mali. Germany and Poland held talks in Berlin."


@pytest.fixture(scope="module")
def sample_docs(sample_article_path: Path) -> list[Document]:
    articles = list(newsevents.read_articles([sample_article_path]))
    assert all(isinstance(a, Article) for a in articles)
    return list(newsevents.pipe(articles))


def test_all_is_the_pinned_sorted_list_of_public_names() -> None:
    assert newsevents.__all__ == PUBLIC_NAMES
    assert sorted(newsevents.__all__) == newsevents.__all__


@pytest.mark.parametrize("name", PUBLIC_NAMES)
def test_every_public_name_exists(name: str) -> None:
    assert getattr(newsevents, name, None) is not None


def test_every_library_error_derives_from_newsevents_error() -> None:
    for name in (
        "ArticleError",
        "ConfigError",
        "InputError",
        "LexiconError",
        "ModelError",
        "PipelineError",
    ):
        assert issubclass(getattr(newsevents, name), newsevents.NewsEventsError)
    assert issubclass(newsevents.StoreError, newsevents.NewsEventsError)


@pytest.mark.model
def test_code_returns_events_dated_by_publication_when_text_has_no_time_expression() -> None:
    events = newsevents.code(TWO_SENTENCES, "2024-05-01")

    assert events
    assert all(isinstance(e, Event) for e in events)
    for event in events:
        assert event.doc_date == dt.date(2024, 5, 1)
        assert event.event_date.start == event.event_date.end == dt.date(2024, 5, 1)
        assert event.event_date.precision is Precision.PUBLICATION


@pytest.mark.model
def test_code_accepts_a_date_object_like_an_iso_string() -> None:
    as_text = newsevents.code(TWO_SENTENCES, "2024-05-01")
    as_date = newsevents.code(TWO_SENTENCES, dt.date(2024, 5, 1))

    assert as_text == as_date


@pytest.mark.model
def test_code_finds_the_dyadic_talks_event() -> None:
    events = newsevents.code(TWO_SENTENCES, "2024-05-01")

    talks = [e for e in events if e.cameo.startswith("04")]
    dyads = {(e.source.code, e.target.code) for e in talks if e.source and e.target}
    assert ("DEU", "POL") in dyads


def test_pipe_is_lazy_and_pulls_no_article_before_iteration() -> None:
    pulled: list[str] = []

    def articles() -> Iterator[Article]:
        for text in ("France condemned Mali.", "Chad praised Niger."):
            pulled.append(text)
            yield newsevents.article(text, "2024-05-01")

    result = newsevents.pipe(articles())

    assert inspect.isgenerator(result)
    assert pulled == []


@pytest.mark.model
def test_pipe_yields_one_document_per_article_in_input_order() -> None:
    texts = [
        "France condemned the attack on Mali.",
        "Nothing happened in the quiet village.",
        "Germany and Poland held talks in Berlin.",
        "Japan accused North Korea of firing missiles.",
    ]
    articles = [newsevents.article(t, "2024-05-01", id=f"a{i}") for i, t in enumerate(texts)]

    docs = list(newsevents.pipe(iter(articles)))

    assert all(isinstance(d, Document) for d in docs)
    assert [d.id for d in docs] == ["a0", "a1", "a2", "a3"]
    assert [d.article.text for d in docs] == texts
    assert docs[1].events == ()
    assert all(e.doc_id == d.id for d in docs for e in d.events)


def test_article_id_is_stable_for_the_same_text_and_date() -> None:
    first = newsevents.article("France condemned Mali.", "2024-05-01")
    second = newsevents.article("France condemned Mali.", dt.date(2024, 5, 1))

    assert first.id == second.id
    assert first.date == dt.date(2024, 5, 1)


def test_article_id_ignores_rewrapped_whitespace() -> None:
    flat = newsevents.article("France condemned Mali on Monday.", "2024-05-01")
    wrapped = newsevents.article("France condemned\n  Mali on   Monday.", "2024-05-01")

    assert flat.id == wrapped.id


def test_article_id_changes_with_the_date_and_with_the_text() -> None:
    base = newsevents.article("France condemned Mali.", "2024-05-01")

    assert newsevents.article("France condemned Mali.", "2024-05-02").id != base.id
    assert newsevents.article("France praised Mali.", "2024-05-01").id != base.id


def test_article_keeps_an_explicit_id_and_metadata() -> None:
    built = newsevents.article(
        "France condemned Mali.",
        "2024-05-01",
        id="wire-42",
        title="France and Mali",
        url="https://example.org/42",
        source="Example Wire",
    )

    assert built.id == "wire-42"
    assert (built.title, built.url, built.source) == (
        "France and Mali",
        "https://example.org/42",
        "Example Wire",
    )


@pytest.mark.model
def test_event_dicts_round_trip_on_real_coded_events(sample_docs: list[Document]) -> None:
    events = [e for doc in sample_docs for e in doc.events]
    assert len(events) >= 5

    for event in events:
        record = newsevents.event_to_dict(event)
        assert newsevents.event_from_dict(record) == event
        through_json = json.loads(json.dumps(record, ensure_ascii=False))
        assert newsevents.event_from_dict(through_json) == event


@pytest.mark.model
def test_event_ids_are_unique_within_the_sample_article(sample_docs: list[Document]) -> None:
    ids = [newsevents.event_to_dict(e)["event_id"] for doc in sample_docs for e in doc.events]

    assert len(ids) == len(set(ids))


@pytest.mark.model
def test_event_to_row_and_event_to_dict_agree_on_shared_fields(
    sample_docs: list[Document],
) -> None:
    for event in (e for doc in sample_docs for e in doc.events):
        record = newsevents.event_to_dict(event)
        row = newsevents.event_to_row(event)
        for key in ("event_id", "doc_id", "doc_date", "cameo", "plover", "mode", "confidence"):
            assert row[key] == record[key]
        assert row["source_code"] == (record["source"] or {}).get("code")
        assert row["target_code"] == (record["target"] or {}).get("code")


@pytest.mark.model
def test_the_library_never_prints_while_coding(
    sample_article_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    articles = list(newsevents.read_articles([sample_article_path]))
    events = [e for doc in newsevents.pipe(articles) for e in doc.events]
    events += newsevents.code(articles[0].text, articles[0].date)

    captured = capsys.readouterr()
    assert events
    assert captured.out == ""
    assert captured.err == ""
