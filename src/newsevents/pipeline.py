"""Assemble the stages: Article → parsed Document → actors → events.

Each stage is a callable ``Document -> Document`` with a ``name`` and the names of the stages
it ``requires``; the order is checked when the pipeline is built, not when it first fails.
"""

from __future__ import annotations

import functools
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Protocol

from .actors.dictionaries import load_dictionaries
from .actors.domestic import DomesticCountry
from .actors.memory import ActorMemory
from .actors.people import People
from .actors.phoenix import shipped_people
from .actors.resolve import ActorResolver
from .actors.roles import RoleDater
from .actors.sectors import SectorLexicon
from .errors import ArticleError, PipelineError
from .events.claims import ClaimLinker
from .events.extract import EventCoder
from .events.lexicon import Lexicon
from .events.relevance import RelevanceScorer
from .events.retype import TypeLayer
from .events.typemodel import shipped_type_model
from .nlp.parse import Parser
from .places import PlaceLocator
from .settings import Settings
from .time import TimeGrounder
from .types import Article, Document


class Stage(Protocol):
    name: str
    requires: tuple[str, ...]

    def __call__(self, doc: Document, /) -> Document: ...


class Pipeline:
    """The coder: parse articles in batches, then run every stage on each Document."""

    def __init__(
        self,
        settings: Settings | None = None,
        *,
        stages: Sequence[Stage] | None = None,
        memory: ActorMemory | None = None,
    ) -> None:
        self.settings = settings or Settings()
        # One lexicon for the events stage and the parser's screen (user files read once).
        lexicon = Lexicon.load(self.settings.lexicons)
        self.parser = Parser(self.settings, lexicon=lexicon)
        #: Actors learned from earlier articles; a batch run over a store fills and extends it.
        self.memory = memory
        self.stages: tuple[Stage, ...] = tuple(
            stages
            if stages is not None
            else default_stages(self.settings, memory=memory, lexicon=lexicon)
        )
        check_order(self.stages)

    def stage(self, name: str) -> Stage:
        """The stage called ``name`` ("actors", "events" ...)."""
        for stage in self.stages:
            if stage.name == name:
                return stage
        raise PipelineError(f"this pipeline has no {name!r} stage")

    def __call__(self, article: Article) -> Document:
        return self.annotate(self.parser(article))

    def annotate(self, doc: Document) -> Document:
        """Run the stages after parsing (useful on hand-built Documents)."""
        for stage in self.stages:
            doc = stage(doc)
        return doc

    def pipe(
        self,
        articles: Iterable[Article],
        *,
        on_failure: Callable[[ArticleError], None] | None = None,
    ) -> Iterator[Document]:
        """Code articles lazily, in input order.

        Without ``on_failure`` an exception in any stage ends the run. With it, an article
        on which a stage (the parse included) raises is passed to ``on_failure`` and left
        out, and the others are coded: one poison article does not cost its batch.
        ``KeyboardInterrupt`` and errors of the ``articles`` iterable itself still end it.
        """
        if on_failure is None:
            for doc in self.parser.pipe(articles):
                yield self.annotate(doc)
            return
        for doc in _parse_apart(self.parser, articles, on_failure):
            stage_name = ""
            try:
                for stage in self.stages:
                    stage_name = stage.name
                    doc = stage(doc)
            except Exception as exc:
                on_failure(failure(doc.article, stage_name, exc))
                continue
            yield doc


def failure(article: Article, stage: str, exc: BaseException) -> ArticleError:
    """The report of ``exc`` raised by ``stage`` on ``article``, on one line."""
    text = " ".join(str(exc).split())
    shown = text if len(text) <= 300 else text[:300] + "…"
    why = f"{type(exc).__name__}: {shown}" if shown else type(exc).__name__
    return ArticleError(article.origin, article.id, stage, why)


class _SourceFailed(Exception):
    """The articles iterable itself raised: not the fault of any article being parsed."""


def _parse_apart(
    parser: Parser, articles: Iterable[Article], on_failure: Callable[[ArticleError], None]
) -> Iterator[Document]:
    """Parse as ``parser.pipe`` does; when it raises, parse the articles it held one by one
    to find the one at fault, then go on with a fresh pipe over the rest.

    spaCy parses in batches (and in worker processes), so an exception cannot be tied to
    an article until the ones in flight are parsed alone.
    """
    source = iter(articles)
    in_flight: deque[Article] = deque()
    broken: list[BaseException] = []

    def feed() -> Iterator[Article]:
        while True:
            try:
                article = next(source)
            except StopIteration:
                return
            except BaseException as exc:
                broken.append(exc)
                raise _SourceFailed from exc
            in_flight.append(article)
            yield article

    while True:
        try:
            for doc in parser.pipe(feed()):
                in_flight.popleft()
                yield doc
            return
        except Exception:
            if broken:
                raise broken[0] from None
            if not in_flight:
                raise  # not any article's doing
        suspects = list(in_flight)
        in_flight.clear()
        for article in suspects:
            try:
                doc = parser(article)
            except Exception as exc:
                on_failure(failure(article, "parse", exc))
                continue
            yield doc


def default_stages(
    settings: Settings, *, memory: ActorMemory | None = None, lexicon: Lexicon | None = None
) -> list[Stage]:
    people, sectors = _dictionary_lookups(settings)
    if not settings.learned_types:
        events: list[Stage] = [EventCoder(settings, lexicon=lexicon)]
    else:  # confidence is calibrated by the type layer, so it drops the unsure events
        events = [
            EventCoder(settings.replace(min_confidence=0.0), lexicon=lexicon),
            TypeLayer(
                shipped_type_model(settings.type_model),
                override=settings.type_override,
                min_confidence=settings.min_confidence,
            ),
        ]
    return [
        ActorResolver(memory=memory, people=people, sectors=sectors),
        *events,
        TimeGrounder(),
        RoleDater(people=people),
        PlaceLocator(),
        DomesticCountry(),
        RelevanceScorer(settings),  # after the stages that re-code actors; drops events
        ClaimLinker(),  # last: links are event ids, which change when actors are re-coded
    ]


def _dictionary_lookups(settings: Settings) -> tuple[People, SectorLexicon | None]:
    """People and sector terms with the user's actor and agent dictionaries (None: shipped).

    The files are read once per process for each set of paths (see ``load_dictionaries``).
    """
    if not settings.actor_dictionaries:
        return shipped_people(phoenix=settings.phoenix_actors), None
    loaded = load_dictionaries(settings.actor_dictionaries, phoenix=settings.phoenix_actors)
    return loaded.people, loaded.sectors


def check_order(stages: Sequence[Stage]) -> None:
    done = {"nlp"}
    for stage in stages:
        missing = [r for r in stage.requires if r not in done]
        if missing:
            raise PipelineError(f"stage {stage.name!r} needs {', '.join(missing)} to run before it")
        done.add(stage.name)


@functools.cache
def shared_pipeline(settings: Settings) -> Pipeline:
    """One pipeline per distinct settings value, so repeated ``code()`` calls load nothing."""
    return Pipeline(settings)
