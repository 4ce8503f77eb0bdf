"""How a sentence presents an event: asserted, negated, future, hypothetical or reported.

Read from the trigger's own clause and the clauses above it, so "did not attack" is negated,
"vowed to retaliate" is future, "could strike" is hypothetical and "X said Y attacked" is
reported. Negated and hypothetical events are kept but never count as having happened.
"""

from __future__ import annotations

from ..nlp.tree import DepTree
from ..nlp.words import FUTURE_AUX, REPORTING_VERBS
from ..types import Mode, Token

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
CLAIM_VERBS = frozenset({"accuse", "allege", "claim", "charge", "blame"})
DENY_VERBS = frozenset({"deny", "reject", "dismiss", "refute"})


def mode_of(tree: DepTree, trigger: Token) -> Mode:
    """The mode of the event whose predicate (verb, or light verb for a noun) is ``trigger``."""
    if _has(tree, trigger, "neg") or _has_lemma(tree, trigger, NEGATORS, "advmod", "det"):
        return Mode.NEGATED
    auxes = {c.lemma.lower() for c in tree.children(trigger.i, "aux")} | {
        c.text.lower() for c in tree.children(trigger.i, "aux")
    }
    if _conditional(tree, trigger):
        return Mode.HYPOTHETICAL
    if auxes & FUTURE_AUX or "going" in auxes:
        return Mode.FUTURE
    if auxes & HYPOTHETICAL_AUX:
        return Mode.HYPOTHETICAL
    node = trigger
    for _ in range(4):
        head = tree.head(node.i)
        if head is None:
            break
        lemma = head.lemma.lower()
        if node.dep in {"xcomp", "advcl"} and lemma in INTENT:
            return Mode.FUTURE
        if node.dep == "pcomp":
            grand = tree.head(head.i)
            if grand is not None and grand.lemma.lower() in CLAIM_VERBS:
                return Mode.CLAIMED
            if grand is not None and grand.lemma.lower() in DENY_VERBS:
                return Mode.DENIED
        if node.dep == "ccomp" and lemma in REPORTING_VERBS:
            return Mode.REPORTED
        if node.dep == "ccomp" and lemma in DENY_VERBS:
            return Mode.DENIED
        if node.dep not in {"xcomp", "conj", "advcl", "pcomp", "prep"}:
            break
        node = head
    return Mode.ASSERTED


def _has(tree: DepTree, tok: Token, dep: str) -> bool:
    return tree.child(tok.i, dep) is not None


def _has_lemma(tree: DepTree, tok: Token, lemmas: frozenset[str], *deps: str) -> bool:
    return any(c.lemma.lower() in lemmas for c in tree.children(tok.i, *deps))


def _conditional(tree: DepTree, tok: Token) -> bool:
    """An ``if``/``unless`` clause governs the trigger ("if attacked, X would respond")."""
    return any(c.lemma.lower() in {"if", "unless"} for c in tree.children(tok.i, "mark"))
