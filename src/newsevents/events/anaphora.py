"""Event nouns that refer back to an event the article told earlier.

"Beijing held war games around Taiwan. The exercises drew condemnation from Taipei": the target
of the condemnation is whoever held the exercises. "The U.S. accuses China of supporting
Russia. China denies these claims": the denial answers the U.S. News refers back to events with
a definite noun ("the exercises", "the attack", "these claims") far more than with a pronoun,
and the phrase names no party itself. This module remembers, sentence by sentence, the event
words the events stage met and who did them; a later definite event noun with no party of its
own then stands for the parties of the latest earlier event of the same kind:

* the same kind: a CAMEO root that a lexicon row for the noun could have ("exercise" is a
  military exercise, 150, or a joint one, 062; "war games" are 150), or, for a claim noun
  ("claims", "accusations", "allegations", "charges"), an accusation or criticism (11x), whose
  parties are the ones who claimed;
* earlier: in the same sentence before the noun, or in the :data:`REACH` sentences before;
* who did it: the event's sources; for an event word whose phrase named nobody ("following a
  day of war games"), the nearest earlier subject of its sentence that names an actor, the
  most salient doer there.

A noun that names its own party ("Russia's exercises", "the exercises by the navy") is left to
the rules; so is a noun with no antecedent in reach.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from ..nlp.tree import DepTree
from ..nlp.words import CLAIM_NOUNS
from ..types import Actor, Token
from .lexicon import Lexicon

__all__ = ["REACH", "EventMemory"]

#: How many sentences back an event noun may refer.
REACH = 3
#: Determiners of a noun that refers back ("the attack", "these claims", "such talks").
DEFINITE = frozenset({"the", "this", "these", "that", "those", "such"})
#: CAMEO roots of the events a claim noun refers to: accusations and criticism.
CLAIM_ROOTS = frozenset({"11"})
#: Dependencies through which a noun names its own party ("Russia's", "by the navy").
OWN_PARTY_DEPS = frozenset({"poss", "compound", "amod", "nmod"})
OWN_PARTY_PREPS = frozenset({"by", "of", "between", "from"})


@dataclass(frozen=True, slots=True)
class Told:
    """An event word met earlier: where, its possible CAMEO roots and who did it."""

    sentence: int
    token: int
    roots: frozenset[str]
    doers: tuple[Actor, ...]


class EventMemory:
    """The event words of one article so far, for later nouns that refer back to them."""

    def __init__(self, lexicon: Lexicon) -> None:
        self.lexicon = lexicon
        self.told: list[Told] = []

    def remember(self, token: Token, cameo: str, doers: Sequence[Actor]) -> None:
        """An event word at ``token`` of CAMEO code ``cameo``, done by ``doers`` (may be [])."""
        self.told.append(Told(token.sentence, token.i, frozenset({cameo[:2]}), tuple(doers)))

    def referents(
        self, tree: DepTree, sentence: Iterable[Token], actors: Mapping[int, Actor]
    ) -> dict[int, tuple[Actor, ...]]:
        """For each noun of ``sentence`` that refers back to an earlier event, its doers."""
        found: dict[int, tuple[Actor, ...]] = {}
        if not self.told:
            return found
        for tok in sentence:
            if tok.pos != "NOUN" or tok.i in actors:
                continue
            roots = self._roots(tree, tok, actors)
            if not roots:
                continue
            for told in reversed(self.told):
                if told.token >= tok.i or told.token == tok.i:
                    continue
                if tok.sentence - told.sentence > REACH:
                    break
                if told.roots & roots:
                    doers = told.doers or self._salient(tree, told, actors)
                    if doers:
                        found[tok.i] = doers
                    break
        return found

    def _roots(self, tree: DepTree, tok: Token, actors: Mapping[int, Actor]) -> frozenset[str]:
        """The CAMEO roots ``tok`` may refer back to, or none if it does not refer back."""
        if tok.pos != "NOUN" or tok.i in actors:
            return frozenset()
        if not any(c.lemma.lower() in DEFINITE for c in tree.children(tok.i, "det")):
            return frozenset()
        if _names_own_party(tree, tok, actors):
            return frozenset()
        lemma = tok.lemma.lower()
        if lemma in CLAIM_NOUNS:
            return CLAIM_ROOTS
        return frozenset(t.cameo[:2] for t in self.lexicon.candidates("noun", lemma) if t.cameo)

    def _salient(self, tree: DepTree, told: Told, actors: Mapping[int, Actor]) -> tuple[Actor, ...]:
        """The doer of an event word whose phrase named nobody: the nearest earlier subject of
        its sentence that names an actor ("China's military vowed ..., following a day of war
        games")."""
        for i in range(told.token - 1, -1, -1):
            tok = tree[i]
            if tok.sentence != told.sentence:
                break
            if tok.dep in {"nsubj", "nsubjpass"} and tok.i in actors:
                return (actors[tok.i],)
        return ()


def _names_own_party(tree: DepTree, tok: Token, actors: Mapping[int, Actor]) -> bool:
    if any(c.i in actors for c in tree.children(tok.i) if c.dep in OWN_PARTY_DEPS):
        return True
    for prep in tree.children(tok.i, "prep"):
        if prep.lemma.lower() in OWN_PARTY_PREPS and any(
            p.i in actors for p in tree.children(prep.i, "pobj")
        ):
            return True
    return False
