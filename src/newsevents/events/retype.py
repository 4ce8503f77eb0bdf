"""The learned type layer: the sentence classifier checks the lexicon's type of each event.

The lexicon finds a trigger and codes it from its pattern; the classifier
(:mod:`.typemodel`) reads the whole sentence and gives the class of its main event (and the
PLOVER type). Where they agree, the pattern stays the explanation. Where the classifier is
confident of another class, the sentence's main event (its first event that happened or will
happen, as news leads with it) takes the classifier's type: the PLOVER type it rates highest
within that class, coded with the type's general CAMEO code (``ACCUSE`` → 112, ``FIGHT`` →
190 ...). The other events of the sentence keep their codes. How confident is confident enough
was chosen by cross-validation (docs/types.md).

Every event's ``confidence`` is then the calibrated probability that its type is right,
from the classifier's probability of the event's class and the rules' own confidence
(:class:`Calibration`, fitted on held-back gold by ``newsevents train types``).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, replace

from ..codes import cameo
from ..types import Document, Event, Mode
from .typemodel import TypeModel, TypeProbabilities

__all__ = ["Calibration", "DecisionPolicy", "TypeLayer", "apply", "decide", "event_class"]

#: The events a sentence's main event is chosen from: those that happened or will happen.
MAIN_MODES = frozenset({Mode.ASSERTED, Mode.REPORTED, Mode.FUTURE})

#: The CAMEO code a PLOVER type is coded with when the classifier, not a pattern, names it
#: (the types of the PLOVER head: the synthetic stories' labels).
PLOVER_CODES = {
    "REQUEST": "020",
    "AGREE": "030",
    "CONSULT": "040",
    "SUPPORT": "051",
    "COOPERATE": "060",
    "AID": "070",
    "CONCEDE": "080",
    "RETREAT": "087",
    "ACCUSE": "112",
    "REJECT": "120",
    "THREATEN": "130",
    "PROTEST": "140",
    "MOBILIZE": "150",
    "SANCTION": "160",
    "COERCE": "170",
    "ASSAULT": "180",
}

#: The code of a class when the PLOVER head knows no type of it (statements have none).
CLASS_CODES = {"0": "010", "1": "040", "2": "060", "3": "110", "4": "190"}


def event_class(code: str) -> str:
    """The PentaClass of a CAMEO code: "0" for roots 01-02, else its QuadClass."""
    entry = cameo.lookup(code)
    return "0" if entry.root in {"01", "02"} else str(entry.quad_class)


@dataclass(frozen=True, slots=True)
class DecisionPolicy:
    """When the classifier overrules the lexicon.

    ``min_class``: the classifier's probability of its class must reach this, and exceed its
    probability of the lexicon's class. Chosen by cross-validation on Multi-CoPED classes.
    ``min_plover``: within the same class, the PLOVER head's type replaces the lexicon's when
    its probability reaches this (above 1: never).
    """

    min_class: float = 0.7
    min_plover: float = 1.01


@dataclass(frozen=True, slots=True)
class Calibration:
    """``confidence = sigmoid(bias + w_class * logit(p_class) + w_rules * rules + w_changed)``.

    ``p_class`` is the classifier's probability of the event's class, ``rules`` the rules'
    confidence, and ``w_changed`` applies to events whose type the classifier chose. Fitted
    by logistic regression on out-of-fold predictions (the event's class right or wrong).
    """

    bias: float = 0.0
    w_class: float = 1.0
    w_rules: float = 0.0
    w_changed: float = 0.0

    def __call__(self, p_class: float, rules: float, changed: bool) -> float:
        p = min(max(p_class, 1e-4), 1 - 1e-4)
        z = self.bias + self.w_class * math.log(p / (1 - p)) + self.w_rules * rules
        z += self.w_changed if changed else 0.0
        return round(1.0 / (1.0 + math.exp(-z)), 4)

    @classmethod
    def of(cls, values: dict[str, float] | None) -> Calibration:
        return cls(**values) if values else cls()


#: The default: the lexicon's pattern decides every type; the classifier calibrates confidence.
LEXICON_DECIDES = DecisionPolicy(min_class=1.01, min_plover=1.01)


def _main_index(events: Sequence[Event]) -> int | None:
    best: int | None = None
    for i, event in enumerate(events):
        if event.mode in MAIN_MODES and (
            best is None or event.trigger.start < events[best].trigger.start
        ):
            best = i
    return best


def _code_for(label: str, probabilities: TypeProbabilities) -> str:
    """The code of the PLOVER type the classifier rates highest within class ``label``."""
    ranked = sorted(probabilities.plover, key=lambda kv: -kv[1])
    for plover, _p in ranked:
        code = PLOVER_CODES.get(plover)
        if code is not None and event_class(code) == label:
            return code
    return CLASS_CODES[label]


def retyped(event: Event, code: str) -> Event:
    return replace(event, **cameo.lookup(code).event_fields())


def decide(
    events: Sequence[Event],
    probabilities: TypeProbabilities,
    policy: DecisionPolicy = DecisionPolicy(),
    calibration: Calibration | None = None,
) -> tuple[Event, ...]:
    """The events of one sentence with the classifier's judgement applied (same order)."""
    out = list(events)
    changed: set[int] = set()
    main = _main_index(out)
    if main is not None:
        label, p = probabilities.best_class()
        own = event_class(out[main].cameo)
        if label != own and p >= policy.min_class and p > probabilities.of_class(own):
            out[main] = retyped(out[main], _code_for(label, probabilities))
            changed.add(main)
        elif probabilities.plover:
            plover, q = max(probabilities.plover, key=lambda kv: kv[1])
            code = PLOVER_CODES.get(plover)
            if (
                code is not None
                and q >= policy.min_plover
                and plover != out[main].plover
                and event_class(code) == own
            ):
                out[main] = retyped(out[main], code)
                changed.add(main)
    if calibration is not None:
        out = [
            replace(
                e,
                confidence=calibration(
                    probabilities.of_class(event_class(e.cameo)), e.confidence, i in changed
                ),
            )
            for i, e in enumerate(out)
        ]
    return tuple(out)


class TypeLayer:
    """Pipeline stage: run the classifier on each sentence that holds events and decide.

    By default the lexicon keeps the type and the classifier calibrates ``confidence``; with
    ``override`` the classifier also retypes a sentence's main event when it is sure of
    another class (:func:`decide`).
    """

    name = "types"
    requires: tuple[str, ...] = ("events",)

    def __init__(
        self,
        model: TypeModel,
        policy: DecisionPolicy | None = None,
        *,
        override: bool = False,
        min_confidence: float = 0.0,
    ) -> None:
        self.model = model
        chosen = DecisionPolicy(**model.meta.get("policy", {}))
        self.policy = policy or (chosen if override else LEXICON_DECIDES)
        self.calibration = Calibration.of(
            model.meta.get("calibration_override" if override else "calibration")
        )
        self.min_confidence = min_confidence

    def __call__(self, doc: Document, /) -> Document:
        wanted = sorted({e.sentence_index for e in doc.events})
        texts = [doc.sentences[i].text for i in wanted]
        read = dict(zip(wanted, self.model.predict(texts), strict=True))
        done = apply(doc, read, self.policy, self.calibration)
        kept = tuple(e for e in done.events if e.confidence >= self.min_confidence)
        return replace(done, events=kept, stages=(*done.stages, self.name))


def apply(
    doc: Document,
    read: dict[int, TypeProbabilities],
    policy: DecisionPolicy,
    calibration: Calibration | None,
) -> Document:
    """``doc`` with the classifier's reading of each sentence in ``read`` applied (the events
    keep their order)."""
    by_sentence: dict[int, list[Event]] = {}
    for event in doc.events:
        by_sentence.setdefault(event.sentence_index, []).append(event)
    decided = {
        index: list(decide(events, read[index], policy, calibration))
        for index, events in by_sentence.items()
        if index in read
    }
    out = []
    for event in doc.events:
        rest = decided.get(event.sentence_index)
        out.append(rest.pop(0) if rest is not None else event)
    return replace(doc, events=tuple(out))
