"""The NLP stage: articles in, parsed Documents out, batched through ``nlp.pipe``."""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator
from dataclasses import replace
from typing import Any, TypeVar

from ..events.lexicon import Lexicon
from ..settings import Settings
from ..types import Article, Document
from .convert import to_document
from .model import load_model
from .screen import Screen
from .workers import ordered_map


class Parser:
    """Parses articles with one spaCy model; ``workers > 1`` parses batches in that many
    processes, which end with this one however it ends (:mod:`newsevents.nlp.workers`).

    With ``settings.screen`` on, sentences that cannot hold an event are blanked before the
    parse (:mod:`newsevents.nlp.screen`), and each Document records the spans left unparsed.
    Batches for ``nlp.pipe`` hold about ``settings.batch_words`` words, not a number of
    articles: a feed item of fifty words and a report of five thousand cost the parser in
    proportion to their words, and short texts parse much faster in large batches.
    """

    def __init__(self, settings: Settings, *, lexicon: Lexicon | None = None) -> None:
        self.settings = settings
        self._lexicon = lexicon
        self._nlp: Any = None
        self._screen: Screen | None = None

    @property
    def nlp(self) -> Any:
        if self._nlp is None:
            self._nlp = load_model(self.settings.model)
        return self._nlp

    @property
    def screen(self) -> Screen:
        """The screen for this parser's model and lexicon (the settings' when none was given),
        built on first use."""
        if self._screen is None:
            lexicon = self._lexicon or Lexicon.load(self.settings.lexicons)
            self._screen = Screen.for_model(self.nlp, lexicon)
        return self._screen

    def __call__(self, article: Article, *, screen: bool | None = None) -> Document:
        return next(self.pipe([article], workers=1, screen=screen))

    def pipe(
        self,
        articles: Iterable[Article],
        *,
        workers: int | None = None,
        screen: bool | None = None,
    ) -> Iterator[Document]:
        """Parse lazily, keeping input order; ``workers`` and ``screen`` default to the
        settings (a text parsed for its actors alone, not its events, is never screened)."""
        n_process = self.settings.workers if workers is None else workers
        limit = self.settings.max_chars
        use_screen = self.settings.screen if screen is None else screen
        screener = self.screen if use_screen else None
        # In this process the parse takes the screen's tokens; a worker tokenizes the text
        # itself, which costs it less than pickling a Doc would cost this process.
        reuse_tokens = n_process == 1

        def items() -> Iterator[tuple[_Item, int]]:
            for article in articles:
                text = article.text[:limit]
                if screener is None:
                    yield (text, (article, ())), _words(text)
                    continue
                screened = screener(text)
                parsed = screened.doc() if reuse_tokens else screened.text
                yield (parsed, (article, screened.unparsed)), _words(screened.text)

        batches = word_batches(items(), self.settings.batch_words)
        if n_process == 1:
            for batch in batches:
                yield from _parse(self.nlp, batch)
            return
        load_model(self.settings.model)  # before the workers start: forked ones share it
        parse = functools.partial(_parse_batch, self.settings.model)
        for documents in ordered_map(parse, batches, processes=n_process):
            yield from documents


#: What ``nlp.pipe`` parses (the article's text, maybe screened, or the screen's ``Doc`` of
#: it) with its article and the unparsed spans.
_Item = tuple[Any, tuple[Article, tuple[tuple[int, int], ...]]]

T = TypeVar("T")


def word_batches(items: Iterable[tuple[T, int]], words: int) -> Iterator[list[T]]:
    """Group ``(item, word count)`` pairs, in order, into batches of about ``words`` words.

    A batch ends with the item that brings it to ``words`` or more, so no batch is empty and
    an item longer than ``words`` is a batch of its own (or ends one).
    """
    batch: list[T] = []
    total = 0
    for item, n in items:
        batch.append(item)
        total += n
        if total >= words:
            yield batch
            batch, total = [], 0
    if batch:
        yield batch


def _words(text: str) -> int:
    """Words as the batch size counts them: runs of non-space characters."""
    return len(text.split())


def _parse(nlp: Any, batch: list[_Item]) -> Iterator[Document]:
    """One batch through ``nlp.pipe`` as a single spaCy batch."""
    for doc, (article, unparsed) in nlp.pipe(batch, as_tuples=True, batch_size=len(batch)):
        document = to_document(article, doc)
        yield replace(document, unparsed=unparsed) if unparsed else document


def _parse_batch(model: str, items: list[_Item]) -> list[Document]:
    """One batch, in a worker process (:func:`newsevents.nlp.workers.ordered_map`)."""
    return list(_parse(load_model(model), items))
