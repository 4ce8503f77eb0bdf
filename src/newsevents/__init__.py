"""newsevents: political event data (who did what to whom, when and where) from dated news.

The public API is small::

    import newsevents
    events = newsevents.code("Russia and China held talks in Beijing.", date="2024-10-15")
    for doc in newsevents.pipe(newsevents.read_articles(["news.jsonl"])): ...
    with newsevents.Store("news.db") as store:
        store.events(newsevents.EventQuery(source="RUS", target="CHN"))
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator

from .actors.gazetteer import Gazetteer
from .actors.memory import ActorMemory, KnownActor, Sighting
from .actors.phrase import (
    ActorResolution,
    choose_mention,
    listed_name,
    phrase_article,
    resolution,
)
from .actors.resolve import ActorResolver
from .batch import RecodeSummary, RunSummary, recode, run
from .errors import (
    ArticleError,
    ConfigError,
    InputError,
    LexiconError,
    ModelError,
    NewsEventsError,
    PipelineError,
    StoreError,
)
from .ingest import article_id, iter_articles, parse_date
from .pipeline import Pipeline, shared_pipeline
from .serialize import event_from_dict, event_to_dict, event_to_row
from .settings import Settings
from .store import Claim, EventQuery, Store, export_events
from .types import (
    Actor,
    Article,
    Document,
    Event,
    Mention,
    Mode,
    Place,
    Precision,
    Sentence,
    Span,
    TimeRef,
    Token,
)

__version__ = "0.1.0"

__all__ = [
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

#: Read articles from files, folders, globs or ``-``; yields Article or InputError values.
read_articles = iter_articles


def article(
    text: str,
    date: dt.date | str,
    *,
    id: str | None = None,
    title: str = "",
    url: str = "",
    source: str = "",
) -> Article:
    """Build an Article from a text and its publication date (``"2024-10-15"`` or a date)."""
    when = parse_date(date) if isinstance(date, str) else date
    return Article(
        id=id or article_id(text, when), date=when, text=text, title=title, url=url, source=source
    )


def code(text: str, date: dt.date | str, *, settings: Settings | None = None) -> list[Event]:
    """Code one article's text, published on ``date``, into events (nothing is stored)."""
    doc = shared_pipeline(settings or Settings())(article(text, date))
    return list(doc.events)


def pipe(articles: Iterable[Article], *, settings: Settings | None = None) -> Iterator[Document]:
    """Code many articles lazily (batched parsing); yields one Document per article."""
    return shared_pipeline(settings or Settings()).pipe(articles)


def resolve_actor(
    text: str,
    *,
    date: dt.date | str | None = None,
    context: str | None = None,
    settings: Settings | None = None,
    memory: ActorMemory | None = None,
    latest_role: bool = False,
) -> ActorResolution:
    """Code one actor phrase ("the Saudi National Guard", "Belousov") as the coder would.

    ``date`` is the day the role is wanted for (default today): a known person's role is read
    at that date. With ``latest_role``, a known person's latest role is read instead, whatever
    the date: what the person is known as (Heiko Maas: foreign minister), for a phrase asked
    about without a date. ``context`` is a sentence around the phrase, or a hint such as a
    country. ``memory`` adds the actors a store has learned (``Store.actor_memory()``).

    Without a context, a phrase that is as a whole a name the gazetteer lists is answered
    from the gazetteer without parsing (:func:`~newsevents.actors.phrase.listed_name`).
    """
    day = (parse_date(date) if isinstance(date, str) else date) or dt.date.today()
    if not context:  # a listed name is the same in any sentence: no parse, no model to load
        listed = listed_name(text, Gazetteer.builtin())
        if listed is not None:
            return listed
    pipeline = shared_pipeline(settings or Settings())
    stage = pipeline.stage("actors")
    if (memory is not None or latest_role) and isinstance(stage, ActorResolver):
        # The same tables with the store's memory; building a whole pipeline per phrase would
        # reload the lexicons and place index for every case of an evaluation.
        stage = stage.variant(
            memory=memory if memory is not None else stage.memory, latest_roles=latest_role
        )
    doc, start = phrase_article(text, day, context)
    annotated = stage(pipeline.parser(doc, screen=False))  # a phrase holds no event to screen for
    end = start + len(" ".join(text.split()))
    mention = choose_mention(annotated, start, end)
    return resolution(text, mention.actor if mention is not None else None)
