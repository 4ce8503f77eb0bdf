"""Assembling stages: the order is checked when the pipeline is built."""

from __future__ import annotations

import pytest

from docbuilder import build
from newsevents.actors.resolve import ActorResolver
from newsevents.errors import PipelineError
from newsevents.events.extract import EventCoder
from newsevents.pipeline import Pipeline


def test_a_stage_before_what_it_requires_is_refused() -> None:
    with pytest.raises(PipelineError, match="'events' needs actors"):
        Pipeline(stages=[EventCoder(), ActorResolver()])


def test_annotate_runs_every_stage_on_a_hand_built_document() -> None:
    doc = build(
        [
            "France France PROPN nsubj 2 GPE",
            "condemned condemn VERB ROOT 0",
            "Mali Mali PROPN dobj 2 GPE",
        ]
    )
    out = Pipeline().annotate(doc)
    assert out.stages == (
        "nlp",
        "actors",
        "events",
        "types",
        "time",
        "roles",
        "places",
        "domestic",
        "relevance",
        "claims",
    )
    assert [(e.source.code, e.target.code) for e in out.events if e.source and e.target] == [
        ("FRA", "MLI")
    ]
