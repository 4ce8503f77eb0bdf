"""Attribution: whose statement an event is, when the article tells it as someone's words.

"Belousov said he held talks", "Russia attacked Ukraine, according to the Pentagon", "the U.S.
accuses China of supporting Russia", "China denied supplying weapons": each event is told as a
speaker's statement, report, claim or denial, not as the article's own fact. This module finds,
in the parse alone, the word that attributes an event (a reporting, claiming or denying verb, a
claim noun, "according to") and the tokens naming its speaker; the events stage maps those
tokens to actors, and the modality reads the same walk so an event's mode and its speaker
always come from one construction.

The speaker's own clause is never an event against the quote's subject: "Belousov said the two
militaries share an understanding" attributes the sharing to Belousov, it does not make
Belousov act on the militaries.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from ..nlp.tree import DepTree
from ..nlp.words import CLAIM_NOUNS, CLAIM_VERBS, DENY_VERBS, REPORTING_VERBS
from ..types import Mode, Token
from .arguments import subject_of

#: Dependencies an event's clause passes through to reach the clause that embeds it.
PASS_DEPS = frozenset({"xcomp", "conj", "advcl", "pcomp", "prep"})
#: How many clause levels above the predicate are searched.
MAX_DEPTH = 4
#: Entity types and common nouns that name who speaks in "according to X" ("according to
#: officials"); other objects ("according to plan") attribute nothing.
SPEAKER_ENTS = frozenset({"PERSON", "ORG", "NORP", "GPE", "FAC"})
SOURCE_NOUNS = frozenset(
    {
        "official", "source", "report", "witness", "statement", "spokesman", "spokeswoman",
        "spokesperson", "ministry", "agency", "media", "analyst", "diplomat", "government",
        "military", "army", "police", "authority", "minister", "president", "leader",
        "observer", "monitor", "group", "office", "prosecutor", "commander", "resident",
    }
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class Attribution:
    """What makes an event someone's statement.

    ``mode`` is ``REPORTED``, ``CLAIMED`` or ``DENIED``; ``word`` the attributing token (the
    reporting, claiming or denying verb, the claim noun, or "according"); ``speaker`` the
    tokens naming who speaks (empty when the parse names nobody: "it was reported that").
    """

    mode: Mode
    word: Token
    speaker: tuple[Token, ...]


def clauses(tree: DepTree, predicate: Token) -> Iterator[tuple[Token, Token]]:
    """``(node, head)`` steps from an event's predicate up through the clauses embedding it.

    Stops after a step whose dependency does not pass on ("Japan said X attacked": the
    ``ccomp`` step is the last), so a reporting verb two clauses away is not the speaker.
    """
    node = predicate
    for _ in range(MAX_DEPTH):
        head = tree.head(node.i)
        if head is None:
            return
        yield node, head
        if node.dep not in PASS_DEPS:
            return
        node = head


def attached(tree: DepTree, verb: Token) -> Attribution | None:
    """An attribution hanging on the clause itself: "according to X", a parenthetical "X said".

    "Russia attacked Ukraine, according to the Pentagon"; "Russia, Japan said, attacked
    Ukraine" when the parser makes "said" a dependent of "attacked" rather than its head.
    """
    for child in tree.children(verb.i):
        if child.dep in {"prep", "advcl"} and child.text.lower() == "according":
            for to in tree.children(child.i, "prep"):
                objects = [t for p in tree.children(to.i, "pobj") for t in tree.conjuncts(p.i)]
                if objects and _names_a_speaker(objects[0]):
                    return Attribution(Mode.REPORTED, child, tuple(objects))
        elif (
            child.dep in {"parataxis", "advcl"}
            and child.lemma.lower() in REPORTING_VERBS
            and not tree.children(child.i, "ccomp", "dobj", "xcomp", "mark")
        ):
            speaker = tree.children(child.i, "nsubj")
            if speaker:
                return Attribution(Mode.REPORTED, child, tuple(tree.conjuncts(speaker[0].i)))
    return None


def governing(tree: DepTree, node: Token, head: Token) -> Attribution | None:
    """The attribution made by the word ``node`` depends on, if it reports, claims or denies.

    Claims and denials win over plain reports, since "claim", "allege" and "deny" are also
    reporting verbs: "Kyiv alleged that Moscow shelled Kharkiv" is Kyiv's claim.
    """
    lemma = head.lemma.lower()
    if node.dep == "pcomp":  # "accused X of V-ing", "rejected accusations of V-ing"
        above = tree.head(head.i)
        if above is None:
            return None
        word = above.lemma.lower()
        if word in CLAIM_VERBS:
            return Attribution(Mode.CLAIMED, above, _subject(tree, above))
        if word in DENY_VERBS:
            return Attribution(Mode.DENIED, above, _subject(tree, above))
        if word in CLAIM_NOUNS and above.pos == "NOUN":
            denier = denying_verb(tree, above)
            if denier is not None:
                return Attribution(Mode.DENIED, denier, _subject(tree, denier))
            owners = tree.children(above.i, "poss", "compound")
            return Attribution(Mode.CLAIMED, above, tuple(owners))
        return None
    if node.dep == "ccomp":
        if lemma in DENY_VERBS:
            return Attribution(Mode.DENIED, head, _subject(tree, head))
        if lemma in CLAIM_VERBS:
            return Attribution(Mode.CLAIMED, head, _subject(tree, head))
        if lemma in REPORTING_VERBS:
            return Attribution(Mode.REPORTED, head, _subject(tree, head))
    # "China denied supporting Russia" (a gerund the parser may also take for an object)
    if (node.dep == "xcomp" or (node.dep == "dobj" and node.pos == "VERB")) and lemma in DENY_VERBS:
        return Attribution(Mode.DENIED, head, _subject(tree, head))
    return None


def denying_verb(tree: DepTree, noun: Token) -> Token | None:
    """The verb denying a claim noun ("rejected the accusations"), or None."""
    head = tree.head(noun.i)
    if noun.dep in {"dobj", "nsubjpass"} and head is not None and head.lemma.lower() in DENY_VERBS:
        return head
    return None


def attribution(tree: DepTree, predicate: Token) -> Attribution | None:
    """Whose statement the event with this predicate is, innermost attribution first.

    In "Japan accused North Korea of firing missiles, the ministry said" the firing is Japan's
    claim and the accusation the ministry's report.
    """
    found = attached(tree, predicate)
    if found is not None:
        return found
    for node, head in clauses(tree, predicate):
        found = step(tree, node, head)
        if found is not None:
            return found
    return None


def step(tree: DepTree, node: Token, head: Token) -> Attribution | None:
    """The attribution met on one step up: the head's own word, or what hangs on the head."""
    found = governing(tree, node, head)
    if found is None and node.dep in PASS_DEPS:
        found = attached(tree, head)
    return found


def _subject(tree: DepTree, verb: Token) -> tuple[Token, ...]:
    """Who speaks through ``verb``: its subject or passive agent, the object quoted "as saying"
    (object control, see :func:`subject_of`), or the subject a participle inherits ("Putin
    praised China, saying Beijing ...")."""
    found = subject_of(tree, verb)
    head = tree.head(verb.i)
    if not found and head is not None and verb.dep == "advcl":
        found = subject_of(tree, head)
    return tuple(found)


def _names_a_speaker(tok: Token) -> bool:
    if tok.ent_type in SPEAKER_ENTS or tok.pos in {"PROPN", "PRON"}:
        return True
    return tok.lemma.lower() in SOURCE_NOUNS
