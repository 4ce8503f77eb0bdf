"""The NLP stage: model loading and the spaCy parse reduced to plain values."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest

import newsevents
from newsevents.errors import ModelError
from newsevents.nlp.model import load_model
from newsevents.nlp.parse import Parser, word_batches
from newsevents.settings import Settings
from newsevents.types import Article

pytestmark = pytest.mark.model

TEXT = (
    "The exercises drew condemnation from both Taiwan and the U.S.\n\n"
    "In February 2022, China and Russia declared a partnership."
)


@pytest.fixture(scope="module")
def parser() -> Parser:
    return Parser(Settings())


def test_a_missing_model_is_a_clear_error_with_an_install_hint() -> None:
    with pytest.raises(ModelError, match="pip install"):
        load_model("no_such_model_xx")


def test_the_configured_name_falls_back_to_the_republished_package() -> None:
    nlp = load_model("en_core_web_sm")
    assert "parser" in nlp.pipe_names


def test_a_blank_line_always_ends_a_sentence(parser: Parser) -> None:
    # The model alone runs "... the U.S.\n\nIn February ..." into one sentence.
    doc = parser(newsevents.article(TEXT, "2024-10-15"))
    assert [s.text for s in doc.sentences] == [
        "The exercises drew condemnation from both Taiwan and the U.S.",
        "In February 2022, China and Russia declared a partnership.",
    ]


def test_offsets_point_into_the_article_text(parser: Parser) -> None:
    doc = parser(newsevents.article(TEXT, "2024-10-15"))
    for sentence in doc.sentences:
        assert doc.article.text[sentence.start : sentence.end] == sentence.text
    for token in doc.tokens:
        assert doc.article.text[token.idx : token.end] == token.text
        assert doc.tokens[token.head].sentence == token.sentence


def test_known_lemma_slips_of_the_model_are_corrected(parser: Parser) -> None:
    # The small model lemmatises "hoped" as "hop" and "staged" as "stag".
    doc = parser(newsevents.article("Iran hoped to talk. Rebels staged raids.", "2024-10-15"))
    lemmas = {t.text: t.lemma for t in doc.tokens}
    assert (lemmas["hoped"], lemmas["staged"], lemmas["raids"]) == ("hope", "stage", "raid")


def test_documents_are_plain_values_that_cross_process_boundaries(parser: Parser) -> None:
    doc = parser(newsevents.article(TEXT, "2024-10-15"))
    assert pickle.loads(pickle.dumps(doc)) == doc


def test_pipe_keeps_input_order(parser: Parser) -> None:
    articles = [
        newsevents.article(f"Article number {n} about Chad.", "2024-01-01") for n in range(5)
    ]
    assert [d.id for d in parser.pipe(articles)] == [a.id for a in articles]


def test_two_worker_processes_give_the_same_documents() -> None:
    articles = [
        newsevents.article(f"France criticized Mali on day {n}.", "2024-01-01") for n in range(4)
    ]
    one = list(Parser(Settings()).pipe(articles))
    two = list(Parser(Settings(workers=2, batch_words=1)).pipe(articles))
    assert one == two


def test_word_batches_end_at_the_word_target_and_keep_order() -> None:
    items = [("a", 3), ("b", 1), ("c", 10), ("d", 2), ("e", 2), ("f", 1)]
    assert list(word_batches(items, 4)) == [["a", "b"], ["c"], ["d", "e"], ["f"]]
    assert list(word_batches(items, 1)) == [[x] for x, _ in items]
    assert list(word_batches(items, 1000)) == [["a", "b", "c", "d", "e", "f"]]
    assert list(word_batches([], 5)) == []


def test_batches_by_words_give_the_same_documents_as_one_article_a_batch(
    examples_dir: Path, sample_article_path: Path
) -> None:
    # Feed items and long articles mixed, so batches of several sizes are formed.
    articles = [
        a
        for a in newsevents.read_articles([examples_dir, sample_article_path])
        if isinstance(a, Article)
    ]
    articles += [
        newsevents.article(f"France criticized Mali on day {n}. Mali rejected it.", "2024-01-01")
        for n in range(40)
    ]
    alone = list(Parser(Settings(batch_words=1)).pipe(articles))
    assert list(Parser(Settings()).pipe(articles)) == alone
    assert list(Parser(Settings(batch_words=10**6)).pipe(articles)) == alone
    assert list(Parser(Settings(screen=False)).pipe(articles)) == list(
        Parser(Settings(screen=False, batch_words=1)).pipe(articles)
    )
