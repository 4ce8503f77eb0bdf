"""Which earlier actors a pronoun or a plural reference stands for.

Event coders need only a little coreference, but they need it often: "Russia and China held
talks as they intensified criticism of the U.S." has two sources for the criticism, "the two
countries" and "their" name a pair already mentioned, "its forces" are a state's. This module
resolves those over the actors the article has already named, with rules simple enough to
explain in a sentence each:

* ``they``/``them``/``their`` stand for the nearest earlier group of actors: a coordination
  ("Moscow and Beijing") or a plural noun that names actors ("the rebels", "officials"), in the
  same sentence or the one before;
* ``it``/``its`` stand for the nearest earlier state or organisation (not a person) in the
  same sentence or the subject of the sentence before, unless ``it`` is the empty subject of
  "it is ..." or "it was reported that ...";
* "the two countries", "both sides", "the two leaders" stand for the last two distinct actors
  of that kind.

``he``/``she`` (people) are resolved by the actors stage itself. A reference with no
antecedent within reach stays unresolved: a wrong actor is worse than none.
"""

from __future__ import annotations

from collections.abc import Callable

from ..nlp.tree import DepTree
from ..nlp.words import PERSON_NOUNS
from ..types import Actor, Document, Token, same_party

__all__ = ["PAIR_NOUNS", "PLURAL_PRONOUNS", "SINGULAR_PRONOUNS", "Antecedents"]

PLURAL_PRONOUNS = frozenset({"they", "them", "their", "theirs"})
SINGULAR_PRONOUNS = frozenset({"it", "its"})
#: Heads of "the two countries", "both sides": the kind of actor each names.
PAIR_NOUNS = {
    "country": "state", "nation": "state", "state": "state", "government": "state",
    "capital": "state", "neighbour": "state", "neighbor": "state", "power": "state",
    "side": "any", "party": "any", "ally": "any", "rival": "any", "foe": "any",
    "leader": "person", "president": "person", "minister": "person", "man": "person",
    "military": "state", "army": "state",
}  # fmt: skip
#: Verbs whose subject "it" is usually empty ("it is clear", "it seems", "it took years").
EMPTY_IT_VERBS = frozenset(
    {"be", "seem", "appear", "remain", "take", "happen", "become", "mean", "matter", "rain"}
)
#: How many sentences back a reference may reach.
REACH = 1


class Antecedents:
    """The actors named so far in one article, in text order, for resolving references.

    ``actor_of`` gives the actor already resolved for a token (None if none); the actors stage
    passes its own memoised resolution, so nothing is resolved twice.
    """

    def __init__(
        self, doc: Document, tree: DepTree, actor_of: Callable[[int], Actor | None]
    ) -> None:
        self.doc = doc
        self.tree = tree
        self.actor_of = actor_of

    def plural(self, tok: Token) -> tuple[Actor, ...]:
        """The group a plural pronoun stands for, nearest first: () when none is in reach."""
        for cand in self._earlier(tok):
            group = self._group_at(cand)
            if group:
                return group
        return ()

    def singular(self, tok: Token) -> Actor | None:
        """The state or organisation ``it``/``its`` stands for, or None."""
        if tok.text.lower() == "it":
            head = self.tree.head(tok.i)
            if tok.dep == "expl" or (head is not None and head.lemma.lower() in EMPTY_IT_VERBS):
                return None
        for cand in self._earlier(tok):
            if cand.sentence != tok.sentence and cand.dep not in {"nsubj", "nsubjpass"}:
                continue  # across sentences, only a subject is a safe antecedent
            actor = self.actor_of(cand.i)
            if actor is None or cand.pos == "PRON" or cand.ent_type == "PERSON":
                continue
            if (cand.pos == "NOUN" and cand.lemma.lower() in PERSON_NOUNS) or cand.dep == "amod":
                continue  # "an Indian diplomat to its ministry": neither his nor India's
            if cand.tag in {"NNS", "NNPS"} or self._conjuncts(cand):
                continue  # a group is "they"
            return actor
        return None

    def pair(self, tok: Token, kind: str) -> tuple[Actor, ...]:
        """The last two distinct actors of ``kind`` ("state", "person", "any") before ``tok``."""
        found: list[Actor] = []
        for cand in self._earlier(tok, reach=2):
            actor = self.actor_of(cand.i)
            if actor is None or cand.pos == "PRON" or not _of_kind(actor, cand, kind):
                continue
            if all(not same_party(actor, a) for a in found):  # "China" and "China's Xi": one
                found.append(actor)
            if len(found) == 2:
                return (found[1], found[0])  # text order
        return ()

    # -- helpers ----------------------------------------------------------------------------

    def _earlier(self, tok: Token, reach: int = REACH) -> list[Token]:
        """Tokens before ``tok`` in its sentence and the ``reach`` before it, nearest first."""
        first = max(0, tok.sentence - reach)
        start = self.doc.sentences[first].first_token
        return [self.doc.tokens[i] for i in range(tok.i - 1, start - 1, -1)]

    def _group_at(self, tok: Token) -> tuple[Actor, ...]:
        """The actors a coordination headed at ``tok`` names, or a plural noun's actor."""
        if tok.pos == "PRON":
            return ()
        top = self._first_conjunct(tok)
        if top.i != tok.i:  # the last of "Egypt, Jordan, Qatar and Oman": the whole list
            tok = top
        members = self._conjuncts(tok)
        if members:
            actors = [self.actor_of(t.i) for t in (tok, *members)]
            named = tuple(a for a in actors if a is not None)
            if len(named) >= 2 and len(named) == len(actors):
                return named
        actor = self.actor_of(tok.i)
        pair = self._joined(tok, actor)
        if pair:
            return pair
        if members:
            return ()
        if actor is not None and tok.tag in {"NNS", "NNPS"} and tok.dep != "compound":
            return (actor,)
        return ()

    def _joined(self, tok: Token, actor: Actor | None) -> tuple[Actor, ...]:
        """ "X and Y" read off the words when the parse joins them otherwise ("Moscow and
        Beijing's partnership" is parsed as Moscow and the partnership)."""
        tokens = self.doc.tokens
        if actor is None or tok.i + 2 >= len(tokens) or tokens[tok.i + 1].text.lower() != "and":
            return ()
        other = self.actor_of(tok.i + 2)
        if other is None or other.code == actor.code:
            return ()
        return (actor, other)

    def _conjuncts(self, tok: Token) -> list[Token]:
        if tok.dep == "conj":
            return []  # the group is read from its first member
        return [t for t in self.tree.conjuncts(tok.i) if t.i != tok.i]

    def _first_conjunct(self, tok: Token) -> Token:
        """The first member of the coordination ``tok`` belongs to (``tok`` if none)."""
        while tok.dep == "conj" and (head := self.tree.head(tok.i)) is not None:
            if head.pos not in {"PROPN", "NOUN"}:
                break
            tok = head
        return tok


def _of_kind(actor: Actor, tok: Token, kind: str) -> bool:
    if kind == "person":
        return tok.ent_type == "PERSON"
    if kind == "state":
        return tok.ent_type != "PERSON" and bool(actor.country)
    return True


def pair_kind(tok: Token, tree: DepTree) -> str | None:
    """The kind of actor "the two countries", "both sides" names, or None for other phrases."""
    kind = PAIR_NOUNS.get(tok.lemma.lower())
    if kind is None or tok.tag not in {"NNS", "NNPS"}:
        return None
    counted = any(
        c.lemma.lower() in {"two", "both"} for c in tree.children(tok.i, "nummod", "det", "predet")
    )
    return kind if counted else None
