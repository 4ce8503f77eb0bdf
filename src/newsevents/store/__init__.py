"""Event storage: a SQLite store with recorded migrations, filtered queries and file exports."""

from .export import EXPORT_FORMATS, export_events
from .query import EventQuery
from .sqlite import AddResult, Store, StoreStats

__all__ = ["EXPORT_FORMATS", "AddResult", "EventQuery", "Store", "StoreStats", "export_events"]
