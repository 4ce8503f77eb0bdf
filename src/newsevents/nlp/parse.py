"""The NLP stage: articles in, parsed Documents out, batched through ``nlp.pipe``."""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator
from dataclasses import replace
from typing import Any

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

        def texts() -> Iterator[_Item]:
            for article in articles:
                text = article.text[:limit]
                if screener is None:
                    yield text, (article, ())
                else:
                    screened = screener(text)
                    yield screened.text, (article, screened.unparsed)

        batch_size = self.settings.batch_size
        if n_process == 1:
            yield from _parse(self.nlp, texts(), batch_size)
            return
        load_model(self.settings.model)  # before the workers start: forked ones share it
        parse = functools.partial(_parse_batch, self.settings.model, batch_size)
        for documents in ordered_map(parse, _batches(texts(), batch_size), processes=n_process):
            yield from documents


#: A text to parse (the article's, maybe screened) with its article and the unparsed spans.
_Item = tuple[str, tuple[Article, tuple[tuple[int, int], ...]]]


def _parse(nlp: Any, items: Iterable[_Item], batch_size: int) -> Iterator[Document]:
    for doc, (article, unparsed) in nlp.pipe(items, as_tuples=True, batch_size=batch_size):
        document = to_document(article, doc)
        yield replace(document, unparsed=unparsed) if unparsed else document


def _parse_batch(model: str, batch_size: int, items: list[_Item]) -> list[Document]:
    """One batch, in a worker process (:func:`newsevents.nlp.workers.ordered_map`)."""
    return list(_parse(load_model(model), items, batch_size))


def _batches(items: Iterable[_Item], size: int) -> Iterator[list[_Item]]:
    batch: list[_Item] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch
