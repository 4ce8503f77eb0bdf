"""One exception tree. Messages name the file, line or field at fault so users can act on them."""

from __future__ import annotations


class NewsEventsError(Exception):
    """Base of every error the library raises on purpose."""


class InputError(NewsEventsError):
    """An article could not be read: unreadable file, bad encoding, bad JSON, missing date...

    ``origin`` is ``path`` or ``path:line``; the message starts with it.
    """

    def __init__(self, origin: str, reason: str) -> None:
        self.origin = origin
        self.reason = reason
        super().__init__(f"{origin}: {reason}" if origin else reason)


class ArticleError(NewsEventsError):
    """An article was read but could not be coded or stored: a stage raised on it.

    ``origin`` is where it was read (``path:line``), ``doc_id`` its id, ``stage`` the stage
    that failed (``parse``, ``events``, ``store``...) and ``reason`` the exception, on one line.
    A batch run reports it, records it in the store and codes the rest of the batch.
    """

    def __init__(self, origin: str, doc_id: str, stage: str, reason: str) -> None:
        self.origin = origin
        self.doc_id = doc_id
        self.stage = stage
        self.reason = reason
        super().__init__(f"{origin or doc_id}: {stage} failed: {reason}")


class ConfigError(NewsEventsError):
    """A setting has a value that cannot be used."""


class ModelError(NewsEventsError):
    """The spaCy model cannot be loaded (usually: not installed)."""


class LexiconError(NewsEventsError):
    """A lexicon or dictionary file has a line that cannot be parsed."""

    def __init__(self, origin: str, reason: str) -> None:
        self.origin = origin
        self.reason = reason
        super().__init__(f"{origin}: {reason}")


class EventError(NewsEventsError, ValueError):
    """An event was built with participants that contradict its source and target."""


class StoreError(NewsEventsError):
    """The event database cannot be opened, migrated or queried."""


class PipelineError(NewsEventsError):
    """Stages were assembled in an order that cannot work."""


class WorkerError(NewsEventsError):
    """A parser worker process failed on a batch, or ended (killed, out of memory) without
    returning it; the message names the worker and gives its traceback or exit code."""
