"""How a sentence presents an event: asserted, negated, future, hypothetical or reported.

Read from the trigger's own clause and the clauses above it, so "did not attack" is negated,
"vowed to retaliate" is future, "refused to lift" negated, "could strike" is hypothetical and
"X said Y attacked" (or
"..., according to X") is reported, "X accused Y of attacking" claimed and "Y denied attacking"
denied (the attribution module finds these and their speakers). Negated and hypothetical events
are kept but never count as having happened.
"""

from __future__ import annotations

from ..nlp.tree import DepTree
from ..nlp.words import FUTURE_AUX
from ..types import Mode, Token
from .attribution import attached, attribution, clauses, step

NEGATORS = frozenset({"not", "n't", "never", "no"})
HYPOTHETICAL_AUX = frozenset({"could", "might", "may", "would", "should", "can"})
#: Matrix verbs whose infinitive complement has not happened yet.
INTENT = frozenset(
    {
        "vow",
        "pledge",
        "promise",
        "plan",
        "threaten",
        "intend",
        "aim",
        "seek",
        "want",
        "hope",
        "prepare",
        "agree",
        "offer",
        "decide",
        "expect",
        "propose",
        "try",
        "attempt",
        "consider",
        "warn",
        "urge",
        "call",
        "ask",
        "demand",
    }
)


#: Matrix verbs whose infinitive complement is refused or fails: it does not happen.
REFUSE = frozenset({"refuse", "decline", "fail"})
#: Auxiliaries of a statement about what one will do: negated, a refusal ("will not lift").
WILL = frozenset({"will", "wo", "shall"})


def is_refusal(tree: DepTree, trigger: Token) -> bool:
    """Whether a negated event is a refusal: "X will not (won't) lift the ban", and in
    reported speech "X said it would not lift the ban" (but not "would not have lifted")."""
    if not (_has(tree, trigger, "neg") or _has_lemma(tree, trigger, NEGATORS, "advmod")):
        return False
    auxes = {c.text.lower() for c in tree.children(trigger.i, "aux")}
    if "would" in auxes and not _counterfactual(tree, trigger, auxes):
        return True
    return bool(auxes & WILL)


def mode_of(tree: DepTree, trigger: Token) -> Mode:
    """The mode of the event whose predicate (verb, or light verb for a noun) is ``trigger``."""
    if _has(tree, trigger, "neg") or _has_lemma(tree, trigger, NEGATORS, "advmod", "det"):
        return Mode.NEGATED
    auxes = {c.lemma.lower() for c in tree.children(trigger.i, "aux")} | {
        c.text.lower() for c in tree.children(trigger.i, "aux")
    }
    if _conditional(tree, trigger):
        return Mode.HYPOTHETICAL
    # A claim or denial is what the event is, whatever its tense: "X accused Y of planning to
    # attack" and "Y denied it would attack" are claimed and denied attacks.
    said = attribution(tree, trigger)
    if said is not None and said.mode is not Mode.REPORTED:
        return said.mode
    if auxes & FUTURE_AUX or "going" in auxes:
        return Mode.FUTURE
    if "would" in auxes and not _counterfactual(tree, trigger, auxes):
        return Mode.FUTURE  # news's future in the past: "the EU would hold talks next month"
    if auxes & HYPOTHETICAL_AUX:
        return Mode.HYPOTHETICAL
    if attached(tree, trigger) is not None:
        return Mode.REPORTED
    # The innermost of intent and report decides: "Japan said Russia vowed to attack" is a
    # future attack, not a reported one.
    for node, head in clauses(tree, trigger):
        if node.dep == "xcomp" and head.lemma.lower() in REFUSE:
            return Mode.NEGATED  # "refused to lift the ban": the lifting did not happen
        if node.dep in {"xcomp", "advcl"} and head.lemma.lower() in INTENT:
            return Mode.FUTURE
        found = step(tree, node, head)
        if found is not None:
            return found.mode
    return Mode.ASSERTED


def _has(tree: DepTree, tok: Token, dep: str) -> bool:
    return tree.child(tok.i, dep) is not None


def _has_lemma(tree: DepTree, tok: Token, lemmas: frozenset[str], *deps: str) -> bool:
    return any(c.lemma.lower() in lemmas for c in tree.children(tok.i, *deps))


def _counterfactual(tree: DepTree, tok: Token, auxes: set[str]) -> bool:
    """ "would have attacked", or "would attack if ...": a condition, not a plan."""
    if "have" in auxes or "could" in auxes or "might" in auxes:
        return True
    return any(_conditional(tree, clause) for clause in tree.children(tok.i, "advcl"))


def _conditional(tree: DepTree, tok: Token) -> bool:
    """An ``if``/``unless`` clause governs the trigger ("if attacked, X would respond")."""
    return any(c.lemma.lower() in {"if", "unless"} for c in tree.children(tok.i, "mark"))
