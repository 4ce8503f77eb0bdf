"""Event storage: a SQLite store with recorded migrations, filtered queries and file exports."""

from .claims import Claim
from .export import EXPORT_FORMATS, EXPORT_LAYOUTS, export_events
from .merge import DEFAULT_MERGE_WINDOW_DAYS, MergedEvent
from .query import EventQuery
from .sqlite import AddResult, FailedArticle, Store, StoreStats

__all__ = [
    "DEFAULT_MERGE_WINDOW_DAYS",
    "EXPORT_FORMATS",
    "EXPORT_LAYOUTS",
    "AddResult",
    "Claim",
    "EventQuery",
    "FailedArticle",
    "MergedEvent",
    "Store",
    "StoreStats",
    "export_events",
]
