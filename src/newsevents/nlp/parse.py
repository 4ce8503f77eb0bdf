"""The NLP stage: articles in, parsed Documents out, batched through ``nlp.pipe``."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from ..settings import Settings
from ..types import Article, Document
from .convert import to_document
from .model import load_model


class Parser:
    """Parses articles with one spaCy model; ``workers > 1`` uses spaCy's multiprocessing."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._nlp: Any = None

    @property
    def nlp(self) -> Any:
        if self._nlp is None:
            self._nlp = load_model(self.settings.model)
        return self._nlp

    def __call__(self, article: Article) -> Document:
        return next(self.pipe([article], workers=1))

    def pipe(
        self, articles: Iterable[Article], *, workers: int | None = None
    ) -> Iterator[Document]:
        """Parse lazily, keeping input order; ``workers`` defaults to the setting."""
        n_process = self.settings.workers if workers is None else workers
        limit = self.settings.max_chars
        texts = ((article.text[:limit], article) for article in articles)
        for doc, article in self.nlp.pipe(
            texts, as_tuples=True, batch_size=self.settings.batch_size, n_process=n_process
        ):
            yield to_document(article, doc)
