"""Scoring the coder against gold data: actor-level (``actor_cases``) and event-level gold.

Event-level gold is read by one module per source format (``event_gold``, ``petrarch_xml``,
``multicoped``, ``plover_csv``) into the plain values of ``gold``; ``scoring`` compares coded
events with them without a model, and ``run`` codes the texts and picks the scoring.
"""

from .actor_cases import ActorReport, evaluate_actor_cases, read_actor_cases
from .formats import FORMATS, detect_format
from .report import EventReport, LabelReport, SpanReport
from .run import evaluate_gold
from .scoring import DEFAULT_MODES, score_events, score_labels, score_spans

__all__ = [
    "DEFAULT_MODES",
    "FORMATS",
    "ActorReport",
    "EventReport",
    "LabelReport",
    "SpanReport",
    "detect_format",
    "evaluate_actor_cases",
    "evaluate_gold",
    "read_actor_cases",
    "score_events",
    "score_labels",
    "score_spans",
]
