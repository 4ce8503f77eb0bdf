"""Event locations: where each event happened, resolved against an offline GeoNames index."""

from __future__ import annotations

from .gazetteer import PlaceEntry, PlaceGazetteer
from .resolve import resolve_place
from .stage import PlaceLocator

__all__ = ["PlaceEntry", "PlaceGazetteer", "PlaceLocator", "resolve_place"]
