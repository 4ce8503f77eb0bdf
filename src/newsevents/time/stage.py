"""The time stage: date each event by the time expression of its own clause.

An event keeps the publication date (precision ``publication``) unless a time expression of
its own clause dates it. The expression must hang on a token of the event's *clause path*:
the trigger and the tokens above it up to the verb heading its clause (a preposition-like
verb such as "following" or "according" heads no clause), or a core argument of a verb on
that path ("launched an attack on Monday" with the expression on "attack"). So:

* an expression in another clause never dates the event: in "Japan said on Monday that North
  Korea attacked last week" the attack is last week and the saying Monday; in "Japan said on
  Monday that North Korea attacked" the attack has no date of its own; "crashed on
  Wednesday" in a clause of its own does not date a strike in the main clause;
* a nominal trigger inside another noun's phrase ("a summit on abuse", "an inquiry into the
  violence on June 12") is not dated by what dates that noun, except through "of" ("a wave
  of attacks");
* an expression that only modifies a noun before it ("the 1968 assassination", "the 2020
  nomination") dates that noun's event, nothing else;
* coordinated verbs without a subject of their own share their head's clause ("met Mali on
  Monday and condemned Chad"), and a sentence-initial expression on the main verb dates the
  coordinated clauses after it ("On Monday, Russia struck Kyiv and Ukraine hit Belgorod");
* a participle clause without subject or subordinator shares its verb's time ("struck on
  Monday, killing eight"); a relative clause on a date is dated by it ("in 2014, when the
  rebels seized the capital");
* a span's bound ("since 1976", "until May", "as of Monday", "until his next court
  appearance on April 5") dates nothing.

Anaphoric expressions ("the day before", "two days later", "the following month") are
grounded against the date the article last gave before them, in text order. A month or day
without a year is placed by the event's tense: forward for the future (will, is due to, is
scheduled to, a future mode, "his next court appearance"), back for the past, the nearer one
for the present.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from ..events.anchor import PREDICATE_POS
from ..nlp.tree import DepTree
from ..nlp.words import FUTURE_AUX, REPORTING_VERBS
from ..types import Document, Event, Mode, Precision, TimeRef, Token
from .expressions import TimeExpression, find_expressions
from .grounding import Tense, ground

PRECISION_RANK = {
    Precision.DAY: 0,
    Precision.WEEK: 1,
    Precision.MONTH: 2,
    Precision.YEAR: 3,
    Precision.PUBLICATION: 4,
}
NOMINAL_POS = frozenset({"NOUN", "PROPN", "PRON", "NUM"})
#: Arguments of a verb whose attached time expression dates the verb's clause.
CORE_ARGS = frozenset({"dobj", "nsubj", "nsubjpass", "attr", "dative", "oprd"})
#: Dependencies of an expression that only modifies the noun after it ("the 2020 election").
PRENOMINAL = frozenset({"compound", "amod", "nummod", "nmod", "poss"})
SUBJECTS = frozenset({"nsubj", "nsubjpass", "csubj", "csubjpass", "expl"})
#: Nouns that only place an expression in time: "the night of Monday", "the end of May".
TIME_NOUNS = frozenset(
    {"night", "morning", "afternoon", "evening", "day", "weekend", "week", "end", "beginning",
     "start", "middle", "hour", "hours", "dawn", "eve", "course"}
)  # fmt: skip
#: Heads of a "to" clause that put it in the future ("is due to appear", "plans to visit").
FUTURE_HEADS = frozenset(
    {"due", "schedule", "scheduled", "set", "expect", "expected", "plan", "intend", "slate",
     "slated", "poise", "poised", "prepare", "hope", "aim", "go"}
)  # fmt: skip
#: Modifiers that make a noun's time the future ("his next court appearance on April 5").
FUTURE_MODIFIERS = frozenset(
    {"next", "upcoming", "forthcoming", "planned", "scheduled", "future", "coming", "proposed"}
)


@dataclass(frozen=True, slots=True)
class _Found:
    """An expression of a sentence and the date the article last gave before it."""

    expr: TimeExpression
    anchor: TimeRef | None


class TimeGrounder:
    """Stage ``Document -> Document`` that sets each event's ``event_date``."""

    name = "time"
    requires: tuple[str, ...] = ("nlp", "events")

    def __call__(self, doc: Document) -> Document:
        if not doc.events:
            return replace(doc, stages=(*doc.stages, self.name))
        tree = DepTree(doc.tokens)
        found = timeline(doc, tree)
        events: list[Event] = []
        for event in doc.events:
            when = self._date(doc, tree, event, found[event.sentence_index])
            events.append(event if when is None else replace(event, event_date=when))
        return replace(doc, events=tuple(events), stages=(*doc.stages, self.name))

    def _date(
        self, doc: Document, tree: DepTree, event: Event, expressions: list[_Found]
    ) -> TimeRef | None:
        if not expressions:
            return None
        triggers = trigger_tokens(doc, event)
        if not triggers:
            return None
        path, clause = clause_path(tree, triggers)
        if _says_own_stance(event):
            path, clause = _through_saying(tree, path, clause)
        grounded: list[tuple[int, int, int, TimeRef]] = []
        for item in expressions:
            expr = item.expr
            step = dates(tree, expr, triggers, path, clause)
            if step is None:
                continue
            tense = tense_of(tree, clause, event.mode, governor(tree, expr))
            ref = ground(expr.text, doc.date, tense=tense, anchor=item.anchor)
            if ref is not None:
                distance = min(abs(expr.head - t) for t in triggers)
                grounded.append((step, PRECISION_RANK[ref.precision], distance, ref))
        if not grounded:
            return None
        return min(grounded, key=lambda g: g[:3])[3]


def _says_own_stance(event: Event) -> bool:
    """A verbal event its own actor tells ("Russia said last week it was standing alongside
    China"): the statement is the event, so it happened when it was said."""
    return (
        event.quad_class in (1, 3)
        and event.speaker is not None
        and event.source is not None
        and event.speaker.code == event.source.code
    )


def _through_saying(tree: DepTree, path: dict[int, int], clause: int) -> tuple[dict[int, int], int]:
    """The clause path continued from a reported clause up to its reporting verb."""
    head = tree.head(clause)
    c = tree[clause]
    if c.dep != "ccomp" or head is None or head.lemma.lower() not in REPORTING_VERBS:
        return path, clause
    extended = dict(path)
    extended.setdefault(head.i, max(path.values(), default=0) + 1)
    return extended, head.i


def timeline(doc: Document, tree: DepTree) -> list[list[_Found]]:
    """Each sentence's expressions, each with the date the article last gave before it (the
    anchor of "the day before", "two weeks later"); spans' bounds give no anchor."""
    out: list[list[_Found]] = []
    anchor: TimeRef | None = None
    for index in range(len(doc.sentences)):
        found: list[_Found] = []
        for expr in find_expressions(doc, index):
            found.append(_Found(expr, anchor))
            if expr.bound:
                continue
            tense = tense_of(tree, clause_head(tree, governor(tree, expr)), Mode.ASSERTED)
            ref = ground(expr.text, doc.date, tense=tense, anchor=anchor)
            if ref is not None:
                anchor = ref
        out.append(found)
    return out


def trigger_tokens(doc: Document, event: Event) -> list[int]:
    """The tokens of the event's trigger."""
    start, end = event.trigger.start, event.trigger.end
    return [t.i for t in doc.sentence_tokens(event.sentence_index) if start <= t.idx < end]


def governor(tree: DepTree, expr: TimeExpression) -> int:
    """The token the expression hangs on (its head's head; itself if it is the root)."""
    head = tree.head(expr.head)
    return expr.head if head is None else head.i


def _heads_clause(tok: Token) -> bool:
    """A verb that heads a clause: not a preposition-like participle ("following the visit",
    "according to")."""
    return tok.pos in PREDICATE_POS and tok.dep not in {"prep", "agent", "aux", "auxpass"}


def clause_head(tree: DepTree, i: int) -> int:
    """The verb heading the clause of token ``i`` (the sentence root if there is none)."""
    tok = tree[i]
    while not _heads_clause(tok):
        head = tree.head(tok.i)
        if head is None:
            break
        tok = head
    return tok.i


def clause_path(tree: DepTree, triggers: list[int]) -> tuple[dict[int, int], int]:
    """The trigger's tokens and those above them up to their clause's verb, each with its
    number of steps up from the trigger, and that verb.

    The walk stops below a noun reached through a preposition other than "of" (the trigger
    is then inside that noun's phrase, not an argument of the clause), and goes on from a
    coordinated verb without a subject of its own to the verb it is coordinated with.
    """
    path: dict[int, int] = {}
    for start in triggers:
        tok = tree[start]
        step = 0
        while True:
            path[tok.i] = min(step, path.get(tok.i, step))
            step += 1
            if _heads_clause(tok) and not (
                _shares_subject(tree, tok) or _participle_adjunct(tree, tok)
            ):
                break
            head = tree.head(tok.i)
            if head is None:
                break
            if (
                tok.dep == "prep"
                and tok.lemma.lower() != "of"
                and head.pos in NOMINAL_POS
                and head.i not in triggers
            ):
                break
            tok = head
    return path, clause_head(tree, triggers[0])


def _shares_subject(tree: DepTree, tok: Token) -> bool:
    """A verb coordinated with another without a subject of its own ("met X and condemned Y":
    "condemned")."""
    return tok.dep == "conj" and not tree.children(tok.i, *SUBJECTS)


def _participle_adjunct(tree: DepTree, tok: Token) -> bool:
    """A participle clause without subject or subordinator hanging on a verb ("killed eight
    people, triggering a war"): it happens when its head does."""
    head = tree.head(tok.i)
    return (
        tok.dep == "advcl"
        and tok.tag in {"VBG", "VBN"}
        and head is not None
        and _heads_clause(head)
        and not tree.children(tok.i, *SUBJECTS, "mark", "aux", "auxpass")
    )


def dates(
    tree: DepTree, expr: TimeExpression, triggers: list[int], path: dict[int, int], clause: int
) -> int | None:
    """Whether ``expr`` is in the event's clause (on its path, on a core argument of a verb
    of the path, or sentence-initial on the main verb the event's clause is coordinated
    with), as the number of steps up the path to where it hangs; ``None`` if it is not.
    The nearest expression dates the event: "Last week, X declared ... with Y following suit
    yesterday" is last week for X."""
    g = tree[governor(tree, expr)]
    c = tree[clause]
    if c.dep == "relcl" and expr.first_token <= c.head < expr.last_token:
        return 0  # "in 2014, when Houthis seized Sanaa": the clause of the date itself
    if expr.bound:
        return None
    if tree[expr.head].dep in PRENOMINAL and g.pos in NOMINAL_POS:
        return 0 if g.i in triggers else None
    while g.i not in path and (g.pos == "ADP" or g.lemma.lower() in TIME_NOUNS):
        up = tree.head(g.i)  # up from a preposition, or a noun like "the night of Monday"
        if up is None:
            break
        g = up
    if g.i in path:
        return path[g.i]
    head = tree.head(g.i)
    if g.dep in CORE_ARGS and head is not None and head.i in path and _heads_clause(head):
        return path[head.i] + 1
    return len(tree.tokens) if _fronted_over(tree, expr, g, clause) else None


def _fronted_over(tree: DepTree, expr: TimeExpression, g: Token, clause: int) -> bool:
    """ "On Monday, Russia struck Kyiv and Ukraine hit Belgorod": an expression opening the
    sentence on its main verb dates the clauses coordinated with that verb."""
    if tree.head(g.i) is not None:
        return False
    start = min(t.i for t in tree.subtree(g.i))
    if expr.first_token - start > 1:
        return False
    tok = tree[clause]
    while tok.dep == "conj":
        head = tree.head(tok.i)
        if head is None:
            return False
        tok = head
        if tok.i == g.i:
            return True
    return False


def tense_of(
    tree: DepTree, predicate: int, mode: Mode = Mode.ASSERTED, governor: int | None = None
) -> Tense:
    """The tense of the predicate's clause: future with will/shall or "going to", a future
    mode, a "to" clause under "due", "scheduled", "expected", "plans" and the like, or an
    expression on a noun marked "next", "upcoming", "planned"; past for past forms; present
    otherwise."""
    verb = tree[predicate]
    if mode is Mode.FUTURE or _future(tree, predicate):
        return "future"
    if governor is not None and tree[governor].pos in NOMINAL_POS:
        modifiers = tree.children(governor, "amod", "compound", "advmod")
        if any(m.lemma.lower() in FUTURE_MODIFIERS for m in modifiers):
            return "future"
    aux = tree.children(predicate, "aux", "auxpass")
    if verb.tag in {"VBD", "VBN"} or any(a.tag == "VBD" for a in aux):
        return "past"
    if verb.tag in {"VBP", "VBZ", "VBG", "VB"}:
        return "present"
    return "past"


def _future(tree: DepTree, predicate: int) -> bool:
    """Will/shall on the verb or on a verb it is the "to" clause of ("will travel to meet"),
    or a "to" clause under a word of plans and schedules ("is due to appear")."""
    tok = tree[predicate]
    while True:
        aux = tree.children(tok.i, "aux", "auxpass")
        if any(a.lemma.lower() in FUTURE_AUX or a.text.lower() in FUTURE_AUX for a in aux):
            return True
        head = tree.head(tok.i)
        if tok.dep not in {"xcomp", "advcl"} or head is None:
            return False
        if not any(a.lemma.lower() == "to" for a in aux):
            return False
        if head.lemma.lower() in FUTURE_HEADS or head.text.lower() in FUTURE_HEADS:
            return head.lemma.lower() != "go" or head.tag == "VBG"
        tok = head
