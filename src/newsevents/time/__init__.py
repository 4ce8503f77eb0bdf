"""Temporal grounding: date each event by the time expressions of its sentence."""

from __future__ import annotations

from .expressions import TimeExpression, find_expressions
from .grounding import ground
from .stage import TimeGrounder

__all__ = ["TimeExpression", "TimeGrounder", "find_expressions", "ground"]
