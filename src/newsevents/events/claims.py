"""The claims stage: link claimed events to the statements that claim them, and denials to the
claims they answer.

"The U.S. accuses China of supporting Russia's war effort. China denies these claims." gives an
accusation (USA→CHN, 112), the support it claims (CHN→RUS, mode ``claimed``, speaker USA) and a
denial (CHN, 016). This stage sets the claimed event's ``claim_of`` to the accusation's id and
the denial's ``responds_to`` to the same id, so a reader (or ``Store.claims``) can tell a claim
from a fact and see who disputes it.

* ``claim_of``: on an event told as a claim or a denial (mode ``claimed`` or ``denied``), the
  event whose trigger is the claiming or denying word ("accuses", "denied", "accusations").
* ``responds_to``: on a denial (a CAMEO 016 event, or a denied event with no denial event of its
  own), the most recent earlier claim in the article against the denier: an accusation whose
  target is the denier or whose claimed event the denier is said to do, or a claimed event
  with no accusation ("the U.S. claimed that China ...") that the denier is said to do. On a
  denied event whose denial answers a claim, the claimed event it contradicts.

Links are event ids (:func:`newsevents.serialize.event_id`), which depend on the actors' codes,
so this stage runs after every stage that re-codes actors.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from ..nlp.tree import DepTree
from ..serialize import event_id
from ..types import Actor, Document, Event, Mode
from .anchor import clause_verb, trigger_token
from .attribution import attribution

#: CAMEO "Deny responsibility": how the coder codes "denied the claims", "rejected accusations".
DENIAL_CODE = "016"
#: CAMEO "Accuse": a statement that others may deny even when no claimed event is coded.
ACCUSATION_CODE = "112"
CONTENT_MODES = frozenset({Mode.CLAIMED, Mode.DENIED})


class ClaimLinker:
    """Stage ``Document -> Document`` that fills ``claim_of`` and ``responds_to``."""

    name = "claims"
    requires: tuple[str, ...] = ("events",)

    def __call__(self, doc: Document) -> Document:
        stages = (*doc.stages, self.name)
        events = doc.events
        if not any(e.mode in CONTENT_MODES or is_denial(e) for e in events):
            return replace(doc, stages=stages)
        tree = DepTree(doc.tokens)
        statements = {
            i: j
            for i, e in enumerate(events)
            if e.mode in CONTENT_MODES and (j := _statement_of(doc, tree, i)) is not None
        }
        answers: dict[int, int] = {}
        for i, e in enumerate(events):
            if is_denial(e) or (e.mode is Mode.DENIED and i not in statements):
                found = _answered(events, statements, i)
                if found is not None:
                    answers[i] = found
        for i, e in enumerate(events):
            if e.mode is Mode.DENIED and i in statements and i not in answers:
                found = _contradicted(events, statements, answers, i)
                if found is not None:
                    answers[i] = found
        ids = [event_id(e) for e in events]
        linked = tuple(
            replace(
                e,
                claim_of=ids[statements[i]] if i in statements else e.claim_of,
                responds_to=ids[answers[i]] if i in answers else e.responds_to,
            )
            if i in statements or i in answers
            else e
            for i, e in enumerate(events)
        )
        return replace(doc, events=linked, stages=stages)


def is_denial(event: Event) -> bool:
    """A denial statement: CAMEO 016 ("China denies these claims")."""
    return event.cameo.startswith(DENIAL_CODE)


def same_side(a: Actor, b: Actor) -> bool:
    """One party under two codes: equal, one a prefix of the other (``CHN``, ``CHNGOV``), or
    the same country ("Beijing" and "China's foreign ministry")."""
    if a.code and b.code and (a.code.startswith(b.code) or b.code.startswith(a.code)):
        return True
    return a.country is not None and a.country == b.country


def _statement_of(doc: Document, tree: DepTree, i: int) -> int | None:
    """The event whose trigger is the word claiming or denying event ``i`` (same sentence)."""
    event = doc.events[i]
    first = trigger_token(doc, event)
    if first is None:
        return None
    word = None
    for predicate in dict.fromkeys((first.i, clause_verb(tree, first.i))):
        said = attribution(tree, tree[predicate])
        if said is not None and said.mode is event.mode:
            word = said.word
            break
    if word is None:
        return None
    covering = [
        j
        for j, other in enumerate(doc.events)
        if j != i
        and other.sentence_index == event.sentence_index
        and other.trigger.start <= word.idx < other.trigger.end
    ]
    starting = [j for j in covering if doc.events[j].trigger.start == word.idx]
    found = starting or covering
    return found[0] if found else None


def _speakers(event: Event) -> tuple[Actor, ...]:
    """Who makes a denial: the denial event's sources, or a denied event's speaker."""
    if is_denial(event):
        return event.all_sources()
    return (event.speaker,) if event.speaker is not None else ()


def _answered(events: Sequence[Event], statements: dict[int, int], i: int) -> int | None:
    """The claim denial ``i`` answers: the most recent earlier claim against the denier."""
    deniers = _speakers(events[i])
    if not deniers:
        return None
    claimed_by: dict[int, list[Event]] = {}
    for content, statement in statements.items():
        if events[content].mode is Mode.CLAIMED:
            claimed_by.setdefault(statement, []).append(events[content])
    best: int | None = None
    for j, candidate in enumerate(events):
        if j == i or candidate.trigger.start >= events[i].trigger.start:
            continue
        if is_denial(candidate) or candidate.mode in {Mode.NEGATED, Mode.DENIED}:
            continue
        if j in claimed_by or candidate.cameo.startswith(ACCUSATION_CODE):
            accused = [*candidate.all_targets()]
            accused += [a for c in claimed_by.get(j, ()) for a in c.all_sources()]
        elif candidate.mode is Mode.CLAIMED and j not in statements:
            accused = [*candidate.all_sources()]
        else:
            continue
        later = best is None or candidate.trigger.start > events[best].trigger.start
        if later and any(same_side(d, a) for d in deniers for a in accused):
            best = j
    return best


def _contradicted(
    events: Sequence[Event], statements: dict[int, int], answers: dict[int, int], i: int
) -> int | None:
    """The claimed event a denied event ``i`` contradicts: the most recent earlier claimed event
    done by the same party, preferring the claims its denial answers ("China denied supporting
    Russia" against "accused China of supporting Russia")."""
    denied = events[i]
    answered = answers.get(statements[i])
    best: tuple[bool, int, int] | None = None
    for j, candidate in enumerate(events):
        if candidate.mode is not Mode.CLAIMED or candidate.trigger.start >= denied.trigger.start:
            continue
        if not any(same_side(a, b) for a in denied.all_sources() for b in candidate.all_sources()):
            continue
        rank = (answered is not None and statements.get(j) == answered, candidate.trigger.start, j)
        if best is None or rank > best:
            best = rank
    return best[2] if best is not None else None
