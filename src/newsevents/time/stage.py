"""The time stage: date each event by the time expression of its own clause.

An event keeps the publication date (precision ``publication``) unless a time expression is
tied to it: one whose syntactic head hangs on the event's predicate (directly, through a
preposition, or through a noun of the same clause), not one inside another clause. In
"Japan said on Monday that North Korea attacked last week" the attack is last week and the
saying is Monday. When nothing is tied to the event's clause, the sentence's only expression
is used, unless it dates a reporting verb ("said Tuesday") or sits in a relative or reported
clause of its own.
"""

from __future__ import annotations

from dataclasses import replace

from ..events.anchor import clause_verb, trigger_token
from ..nlp.tree import DepTree
from ..nlp.words import FUTURE_AUX, REPORTING_VERBS
from ..types import Document, Event, Mode, Precision, TimeRef
from .expressions import TimeExpression, find_expressions
from .grounding import Tense, ground

#: Clauses with a time of their own: the fallback does not borrow their expression.
OWN_TIME_DEPS = frozenset({"relcl", "ccomp", "acl"})
PRECISION_RANK = {
    Precision.DAY: 0,
    Precision.WEEK: 1,
    Precision.MONTH: 2,
    Precision.YEAR: 3,
    Precision.PUBLICATION: 4,
}


class TimeGrounder:
    """Stage ``Document -> Document`` that sets each event's ``event_date``."""

    name = "time"
    requires: tuple[str, ...] = ("nlp", "events")

    def __call__(self, doc: Document) -> Document:
        tree = DepTree(doc.tokens)
        found: dict[int, list[TimeExpression]] = {}
        events: list[Event] = []
        for event in doc.events:
            index = event.sentence_index
            if index not in found:
                found[index] = find_expressions(doc, index)
            when = self._date(doc, tree, event, found[index])
            events.append(event if when is None else replace(event, event_date=when))
        return replace(doc, events=tuple(events), stages=(*doc.stages, self.name))

    def _date(
        self, doc: Document, tree: DepTree, event: Event, expressions: list[TimeExpression]
    ) -> TimeRef | None:
        if not expressions:
            return None
        trigger = trigger_token(doc, event)
        if trigger is None:
            return None
        predicate = clause_verb(tree, trigger.i)
        tense = tense_of(tree, predicate, event.mode)
        tied = [e for e in expressions if clause_verb(tree, _governor(tree, e)) == predicate]
        if not tied and len(expressions) == 1 and _borrowable(tree, expressions[0], predicate):
            tied = expressions
        grounded: list[tuple[int, int, TimeRef]] = []
        for expr in tied:
            ref = ground(expr.text, doc.date, tense=tense)
            if ref is not None:
                rank = PRECISION_RANK[ref.precision]
                grounded.append((rank, abs(expr.head - trigger.i), ref))
        if not grounded:
            return None
        return min(grounded, key=lambda g: (g[0], g[1]))[2]


def _governor(tree: DepTree, expr: TimeExpression) -> int:
    """The token the expression hangs on (its head's head; itself if it is the root)."""
    head = tree.head(expr.head)
    return expr.head if head is None else head.i


def _borrowable(tree: DepTree, expr: TimeExpression, predicate: int) -> bool:
    """Whether an expression not tied to the event's clause may still date it: not when it
    dates a reporting verb ("said Tuesday") or a relative or reported clause of its own."""
    verb = tree[clause_verb(tree, _governor(tree, expr))]
    if verb.i != predicate and verb.lemma.lower() in REPORTING_VERBS:
        return False
    inside_event = any(t.i == verb.i for t in tree.subtree(predicate))
    if not inside_event:
        return True
    tok = verb
    while tok.i != predicate:
        if tok.dep in OWN_TIME_DEPS:
            return False
        head = tree.head(tok.i)
        if head is None:
            break
        tok = head
    return True


def tense_of(tree: DepTree, predicate: int, mode: Mode = Mode.ASSERTED) -> Tense:
    """The tense of the predicate's clause: future with will/shall or "going to", past for
    past forms, present otherwise (present dates point back like past ones)."""
    verb = tree[predicate]
    if mode is Mode.FUTURE:
        return "future"
    aux = tree.children(predicate, "aux", "auxpass")
    if any(a.lemma.lower() in FUTURE_AUX or a.text.lower() in FUTURE_AUX for a in aux):
        return "future"
    head = tree.head(predicate)
    if (
        verb.dep == "xcomp"
        and head is not None
        and head.lemma.lower() == "go"
        and head.tag == "VBG"
        and any(a.lemma.lower() == "to" for a in aux)
    ):
        return "future"
    if verb.tag in {"VBD", "VBN"} or any(a.tag == "VBD" for a in aux):
        return "past"
    if verb.tag in {"VBP", "VBZ", "VBG", "VB"}:
        return "present"
    return "past"
