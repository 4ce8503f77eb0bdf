"""How a sentence presents an event: asserted, negated, future, hypothetical or reported.

Read from the trigger's own clause and the clauses above it, so "did not attack" is negated,
"vowed to retaliate" is future, "refused to lift" negated, "could strike" is hypothetical and
"X said Y attacked" (or "..., according to X") is reported, "X accused Y of attacking" claimed
and "Y denied attacking" denied (the attribution module finds these and their speakers).
Negated and hypothetical events are kept but never count as having happened.

Tense and modality come from the trigger's own clause only: the trigger, its auxiliaries, and
the verbs it is the infinitive (``xcomp``) or shared-subject conjunct of, up to the clause's
head ("will try to attack", "will meet X and sign Y"). A "will" or an intent verb in another
clause ("Britain plans to raise it after Raab spoke with Pompeo") says nothing about the
trigger. The first rule that applies decides:

1. negated: a negator on the trigger ("did not attack"); hypothetical with "yet" ("has not yet
   signed": pending);
2. hypothetical: a condition on the clause ("if attacked", "unless ...", "if necessary", "in
   case of an invasion") or an indirect question ("asked whether X attacked");
3. claimed or denied: what an accusation or denial states, whatever its tense;
4. the word governing an event noun: negated under a negated permission ("would not allow any
   military operations"), hypothetical when pending ("awaited approval", "pending
   ratification", "subject to approval"), future or hypothetical when intended or possible
   ("talks are planned", "plans for talks", "the threat of war");
5. negated when prevented ("prevented X from attacking");
6. the auxiliaries of the trigger, then of each verb above it in its clause, innermost first,
   together with what each of those verbs makes of its complement: "will", "shall", "is going
   to" and "would" with no condition (news's future in the past) are future, "could", "might",
   "must" hypothetical; a negated permission ("will not let X expand", "did not permit X to
   attack"), a refusal ("refused to lift") or a negated matrix ("did not try to attack") is
   negated; "has yet to sign" and "needs to sign" hypothetical; an intent or plan ("vowed
   to", "plans to", "is ready to", "is due to", "developing plans to attack") future, and a
   mere possibility ("is considering attacking", "is likely to") hypothetical;
7. reported: someone's statement ("X said", "according to X");
8. otherwise asserted.

A negated permission is also a refusal by whoever withholds it: the events stage codes it as
an event of its own (see :func:`refused_permission`).
"""

from __future__ import annotations

from ..nlp.tree import DepTree
from ..nlp.words import FUTURE_AUX
from ..types import Mode, Token
from .attribution import attached, attribution, clauses, step

NEGATORS = frozenset({"not", "n't", "never", "no"})
HYPOTHETICAL_AUX = frozenset({"could", "might", "may", "would", "should", "can", "must"})
#: Matrix verbs (and adjectives) whose infinitive complement has not happened yet.
INTENT = frozenset(
    {
        "vow", "pledge", "promise", "plan", "plot", "threaten", "intend", "aim", "seek", "want",
        "hope", "prepare", "agree", "offer", "decide", "expect", "propose", "try", "attempt",
        "consider", "warn", "urge", "call", "ask", "demand", "schedule", "mean", "wish",
        "contemplate", "weigh", "mull", "scheme", "conspire", "resolve", "determine",
        # adjectives: "is ready to attack", "is due to meet", "is set to sign"
        "ready", "prepared", "willing", "eager", "determined", "poised", "set", "due",
        "scheduled", "slated", "about", "keen", "likely", "unlikely",
    }
)  # fmt: skip
#: Nouns whose infinitive ("plans to attack") or "of"/"for" complement ("the threat of war",
#: "calls for talks") is intended, not done.
INTENT_NOUNS = frozenset(
    {
        "plan", "plot", "intention", "intent", "bid", "attempt", "effort", "proposal",
        "offer", "call", "demand", "request", "pledge", "promise", "vow", "threat", "decision",
        "readiness", "willingness", "preparation", "scheme", "ultimatum", "aim", "goal",
        "possibility", "prospect", "risk", "danger", "chance", "likelihood", "option",
        "conspiracy", "idea", "push", "drive", "campaign", "order", "agreement", "deal",
    }
)  # fmt: skip
#: Of those, the ones whose "of" complement is done, not intended ("a campaign of bombing").
DONE_NOUNS = frozenset(
    {"campaign", "drive", "push", "effort", "attempt", "bid", "agreement", "deal", "order",
     "decision", "conspiracy"}
)  # fmt: skip
#: Prepositions between a word of intent and what is intended ("plans for talks", "the threat
#: of war", "called for a ceasefire").
INTENDED_PREPS = frozenset({"of", "for"})
#: Of those, the ones whose complement is only possible: hypothetical rather than future.
POSSIBLE = frozenset(
    {"possibility", "prospect", "risk", "danger", "chance", "likelihood", "option", "idea",
     "likely", "unlikely", "consider", "contemplate", "weigh", "mull"}
)  # fmt: skip
#: Matrix verbs whose infinitive complement is refused or fails: it does not happen.
REFUSE = frozenset({"refuse", "decline", "fail"})
#: Verbs of permission: negated ("would not allow X", "will not let X attack", "did not permit
#: X to enter") what they govern does not happen, and the negation is a refusal.
PERMIT = frozenset({"allow", "permit", "tolerate", "let", "authorize", "authorise", "countenance"})
#: Words of a pending event: what they govern has not happened yet ("the resolution awaited
#: approval", "pending ratification", "subject to approval", "requires ratification").
PENDING = frozenset({"await", "pend", "pending", "wait", "require", "need", "subject"})
#: Auxiliaries of a statement about what one will do: negated, a refusal ("will not lift").
WILL = frozenset({"will", "wo", "shall"})
#: Subordinators of a condition ("if", "unless", "provided that").
CONDITIONS = frozenset({"if", "unless", "provided", "providing", "lest"})
#: Nouns of "in case of", "in the event of": a condition.
CONDITION_NOUNS = frozenset({"case", "event"})
#: Subordinators of an indirect question: an event asked about ("asked whether X attacked").
QUESTIONS = frozenset({"if", "whether"})
#: Verbs that keep what they govern from happening ("prevented X from attacking").
PREVENT = frozenset({"prevent", "stop", "bar", "forbid", "prohibit", "deter", "keep", "ban"})
#: Tags of finite verbs, whose tense is their own.
FINITE = frozenset({"VBD", "VBZ", "VBP"})
#: Auxiliaries that mark an infinitive, not a tense ("to attack").
_NOT_TENSE = frozenset({"to"})
#: Dependencies of a noun trigger on the word that governs it.
_NOUN_ARGS = frozenset({"dobj", "nsubjpass", "nsubj", "attr", "oprd"})


def is_refusal(tree: DepTree, trigger: Token) -> bool:
    """Whether a negated event is a refusal: "X will not (won't) lift the ban", and in
    reported speech "X said it would not lift the ban" (but not "would not have lifted"); a
    negated permission in any tense ("did not allow aid", "would not permit inspectors")."""
    if not _negated(tree, trigger):
        return False
    auxes = {c.text.lower() for c in tree.children(trigger.i, "aux")}
    if "would" in auxes and not _counterfactual(tree, trigger, auxes):
        return True
    if trigger.lemma.lower() in PERMIT and not auxes & {"could", "might", "have"}:
        return True
    return bool(auxes & WILL)


def refused_permission(tree: DepTree, trigger: Token, noun: Token | None = None) -> Token | None:
    """The negated permission verb the event is the object or complement of, or None.

    "would not allow any Turkish military operations", "will not let NATO expand", "did not
    permit foreign troops to attack": the operations, the expansion and the attack do not
    happen, and the permission verb is the refusal.
    """
    for node, head in own_clause(tree, trigger):
        verb = _permission(tree, node, head)
        if verb is not None:
            return verb
    governor = _noun_governor(tree, noun) if noun is not None else None
    if noun is not None and governor is not None:
        return _permission(tree, noun, governor)
    return None


def own_clause(tree: DepTree, trigger: Token) -> list[tuple[Token, Token]]:
    """``(node, head)`` steps from the trigger up to the head of its own clause.

    A step goes up from an infinitive complement ("try to attack", "is ready to attack"), an
    infinitive under a noun of intent ("plans to attack"), a purpose infinitive ("met to
    discuss"), a permitted act ("let NATO expand") and a conjunct verb without a subject or
    tense of its own ("will meet X and sign Y"); it stops at a finite verb, a subordinate
    clause ("after Raab spoke"), a report ("said that ...").
    """
    steps: list[tuple[Token, Token]] = []
    node = trigger
    for _ in range(6):
        head = tree.head(node.i)
        if head is None or not _continues(tree, node, head):
            break
        steps.append((node, head))
        if node.dep == "acl":
            break  # "plans to attack": the noun is not a verb of the clause
        node = head
    return steps


def mode_of(tree: DepTree, trigger: Token, noun: Token | None = None) -> Mode:
    """The mode of the event whose predicate (verb, or light verb for a noun) is ``trigger``;
    ``noun`` is the event noun of a noun event, whose governing word may decide its mode."""
    if _negated(tree, trigger):
        return Mode.HYPOTHETICAL if _yet(tree, trigger) else Mode.NEGATED
    chain = own_clause(tree, trigger)
    nodes = [trigger, *(head for _, head in chain)]
    if any(_conditional(tree, node) for node in nodes):
        return Mode.HYPOTHETICAL
    # A claim or denial is what the event is, whatever its tense: "X accused Y of planning to
    # attack" and "Y denied it would attack" are claimed and denied attacks.
    said = attribution(tree, trigger)
    if said is not None and said.mode is not Mode.REPORTED:
        return said.mode
    governed = _governed(tree, trigger, noun)
    if governed is not None:
        return governed
    if _prevented(tree, trigger):
        return Mode.NEGATED
    found = _own_aux(tree, trigger)
    if found is not None:
        return found
    for node, head in chain:
        found = _governed_by(tree, node, head)
        if found is not None:
            return found
        found = _own_aux(tree, head)
        if found is not None:
            return found
    if attached(tree, trigger) is not None:
        return Mode.REPORTED
    for node, head in clauses(tree, trigger):
        found_said = step(tree, node, head)
        if found_said is not None:
            return found_said.mode
    return Mode.ASSERTED


def _continues(tree: DepTree, node: Token, head: Token) -> bool:
    """Whether ``node``'s clause is part of ``head``'s (see :func:`own_clause`)."""
    infinitive = any(a.lemma.lower() == "to" for a in tree.children(node.i, "aux"))
    if node.tag in FINITE:
        return False  # "spoke", "attacks": a tense of its own (a finite complement is a misparse)
    if node.dep == "xcomp":
        return True
    if node.dep == "acl":
        return infinitive and head.lemma.lower() in INTENT_NOUNS
    if node.dep == "advcl":
        return infinitive and not tree.children(node.i, "mark", "nsubj", "nsubjpass")
    if node.dep == "ccomp":  # "let NATO expand", "hopes to attack" parsed as a clause
        return head.lemma.lower() in PERMIT or (
            infinitive and not tree.children(node.i, "nsubj", "nsubjpass")
        )
    if node.dep == "conj":  # "will meet X and sign Y": the conjunct shares the auxiliaries
        auxes = tree.children(node.i, "aux", "auxpass")
        own = [a for a in auxes if a.lemma.lower() not in _NOT_TENSE]
        return (
            node.pos in {"VERB", "AUX"}
            and node.tag not in {"VBD", "VBZ", "VBP"}
            and not own
            and not tree.children(node.i, "nsubj", "nsubjpass")
        )
    return False


def _governed_by(tree: DepTree, node: Token, head: Token) -> Mode | None:
    """What the verb, adjective or noun above ``node`` in its clause makes of it."""
    lemma = head.lemma.lower()
    if node.dep == "conj":
        return None  # the conjunct's mode is its head's: read from the head's own step
    if _permission(tree, node, head) is not None:
        return Mode.NEGATED  # "would not allow X to attack": the attack does not happen
    if _negated(tree, head):
        # "did not try to attack", "has not yet decided to attack"
        return Mode.HYPOTHETICAL if _yet(tree, head) else Mode.NEGATED
    if node.dep == "xcomp" and lemma in REFUSE | PREVENT:
        return Mode.NEGATED  # "refused to lift the ban": the lifting did not happen
    if _yet(tree, head) or (node.dep == "xcomp" and lemma in PENDING):
        return Mode.HYPOTHETICAL  # "has yet to sign", "is yet to be approved", "needs to sign"
    if lemma in INTENT or (node.dep == "acl" and lemma in INTENT_NOUNS):
        return Mode.HYPOTHETICAL if lemma in POSSIBLE else Mode.FUTURE
    if lemma == "go" and head.tag == "VBG":
        return Mode.FUTURE  # "is going to attack"
    return None


def _governed(tree: DepTree, predicate: Token, noun: Token | None) -> Mode | None:
    """What the word governing a noun event (or the predicate itself) makes of it: "awaited
    approval", "pending ratification", "subject to approval", "talks are planned", "plans for
    talks", "the threat of war", "in case of an invasion"."""
    if predicate.lemma.lower() in PENDING or predicate.text.lower() in PENDING:
        return Mode.HYPOTHETICAL  # the predicate is the pending word: "awaited approval"
    if noun is None:
        return None
    governor = _noun_governor(tree, noun)
    if governor is None:
        return None
    lemma = governor.lemma.lower()
    if _permission(tree, noun, governor) is not None:
        return Mode.NEGATED
    pending = {lemma, governor.text.lower()} & PENDING or any(
        c.lemma.lower() in PENDING or c.text.lower() in PENDING
        for c in tree.children(governor.i, "acomp")
    )
    if pending:
        return Mode.HYPOTHETICAL
    if noun.dep == "nsubj":
        return None  # the subject of "plan" plans
    if noun.dep == "pobj":
        prep = tree.head(noun.i)
        if prep is None or prep.lemma.lower() not in INTENDED_PREPS:
            return None  # "the campaign against ISIS", "agreed on a ceasefire"
        if governor.pos == "NOUN" and lemma in CONDITION_NOUNS:
            return Mode.HYPOTHETICAL  # "in case of an invasion"
        if governor.pos == "NOUN" and lemma in DONE_NOUNS:
            return None  # "a campaign of bombing" happened
    if lemma in INTENT_NOUNS | INTENT:
        return Mode.HYPOTHETICAL if lemma in POSSIBLE else Mode.FUTURE
    return None


def _noun_governor(tree: DepTree, noun: Token) -> Token | None:
    """The word a noun is the argument of: the verb of its object or subject ("awaited
    approval", "ratification is pending"), the word above its preposition ("subject to
    approval", "plans for talks", "in case of an invasion")."""
    if noun.pos not in {"NOUN", "PROPN"}:
        return None
    head = tree.head(noun.i)
    if head is None:
        return None
    if noun.dep in _NOUN_ARGS:
        return head
    if noun.dep == "pobj" and head.pos == "ADP":
        return tree.head(head.i)
    return None


def _prevented(tree: DepTree, verb: Token) -> bool:
    """ "Police prevented the protesters from marching": the march did not happen."""
    prep = tree.head(verb.i)
    if verb.dep != "pcomp" or prep is None or prep.lemma.lower() != "from":
        return False
    above = tree.head(prep.i)
    return above is not None and above.lemma.lower() in PREVENT


def _permission(tree: DepTree, node: Token, head: Token) -> Token | None:
    """``head`` when it is a negated permission verb governing ``node``."""
    if head.lemma.lower() not in PERMIT or not _negated(tree, head):
        return None
    if node.dep not in {"xcomp", "ccomp", "dobj", "nsubjpass"}:
        return None
    auxes = {c.text.lower() for c in tree.children(head.i, "aux")}
    return None if _counterfactual(tree, head, auxes) and "have" in auxes else head


def _own_aux(tree: DepTree, verb: Token) -> Mode | None:
    """The mode ``verb``'s own auxiliaries give: will, going to, would, a modal."""
    aux = tree.children(verb.i, "aux")
    auxes = {c.lemma.lower() for c in aux} | {c.text.lower() for c in aux}
    if auxes & FUTURE_AUX or "going" in auxes:
        return Mode.FUTURE
    if "would" in auxes and not _counterfactual(tree, verb, auxes):
        return Mode.FUTURE  # news's future in the past: "the EU would hold talks next month"
    if auxes & HYPOTHETICAL_AUX:
        return Mode.HYPOTHETICAL
    return None


def _negated(tree: DepTree, tok: Token) -> bool:
    return tree.child(tok.i, "neg") is not None or any(
        c.lemma.lower() in NEGATORS for c in tree.children(tok.i, "advmod", "det")
    )


def _yet(tree: DepTree, tok: Token) -> bool:
    """ "has yet to sign", "is yet to be approved": an event still pending."""
    return any(c.lemma.lower() == "yet" for c in tree.children(tok.i, "advmod"))


def _counterfactual(tree: DepTree, tok: Token, auxes: set[str]) -> bool:
    """ "would have attacked", or "would attack if ...": a condition, not a plan."""
    if "have" in auxes or "could" in auxes or "might" in auxes:
        return True
    return _conditional(tree, tok)


def _conditional(tree: DepTree, tok: Token) -> bool:
    """A condition governs ``tok`` or hangs on it: "if attacked, X would respond", "X will
    intervene if necessary", "unless the talks succeed", "in case of an invasion"."""
    if any(c.lemma.lower() in CONDITIONS | QUESTIONS for c in tree.children(tok.i, "mark")):
        return True
    for clause in tree.children(tok.i, "advcl"):
        if any(c.lemma.lower() in CONDITIONS for c in tree.children(clause.i, "mark")):
            return True
    for prep in tree.children(tok.i, "prep"):
        if prep.lemma.lower() == "in" and any(
            p.lemma.lower() in CONDITION_NOUNS and tree.children(p.i, "prep")
            for p in tree.children(prep.i, "pobj")
        ):
            return True
    return False
