"""Scoring the coder against gold data (actor-level gold so far; see ``actor_cases``)."""

from .actor_cases import ActorReport, evaluate_actor_cases, read_actor_cases

__all__ = ["ActorReport", "evaluate_actor_cases", "read_actor_cases"]
