"""The parties of an event: which actors its argument tokens stand for.

The rules and the learned selection choose *tokens*; this module turns them into actors the
way a reader does: a non-actor noun stands for its owner ("Russia's war effort" is Russia's), a
quantity or a part for its group ("dozens of protesters", "members of the NPA"), a plural
reference for all it stands for ("they" after "Russia and China"). It also keeps one party per
actor on a side and the pairs that make a dyad (a state and its own government are one party).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from ..nlp.tree import DepTree
from ..types import Actor, Document, Token, same_party
from .arguments import own_means

__all__ = ["ActorIndex", "actors_of", "distinct", "dyadic", "partnered"]

QUANTITIES = frozenset(
    {
        "dozen",
        "dozens",
        "hundred",
        "hundreds",
        "thousand",
        "thousands",
        "million",
        "millions",
        "number",
        "group",
        "some",
        "many",
        "most",
        "all",
        "several",
        "scores",
        "score",
    }
)
#: Participles of control: "the rebel-held city", "ISIS-controlled areas".
HELD_BY = frozenset({"hold", "control", "occupy", "run", "dominate"})
#: Nouns for a part of a group, which acts as the group: "members of the New People's Army".
PARTS = frozenset(
    {"member", "part", "faction", "wing", "branch", "unit", "contingent", "remnant", "elements"}
)


def partnered(sources: list[Actor], targets: list[Actor]) -> bool:
    """Whether some target is another party than every source (any target is, with no
    source): "they" standing for the sources themselves is no partner of theirs."""
    return not sources or any(all(not same_party(s, t) for s in sources) for t in targets)


def distinct(actors: list[Actor]) -> list[Actor]:
    """One participant per actor: "Beijing" and "China" on one side are China twice, which
    would count each of its dyads twice; two people of one code ("Putin and Lavrov") stay."""
    seen: set[tuple[str, str]] = set()
    out: list[Actor] = []
    for actor in actors:
        if (actor.code, actor.name) not in seen:
            seen.add((actor.code, actor.name))
            out.append(actor)
    return out


def dyadic(sources: list[Actor], targets: list[Actor]) -> tuple[list[Actor], list[Actor]]:
    """Both sides without the actors that form no dyad (a target that is the same party as
    every source: "Putin and Xi visited Russia" is Xi's visit), the first valid pair first."""
    pairs = [(s, t) for s in sources for t in targets if not same_party(s, t)]
    if not pairs:
        return [], []
    first_source, first_target = pairs[0]
    kept_sources = {id(s) for s, _ in pairs}
    kept_targets = {id(t) for _, t in pairs}
    return (
        [first_source, *(s for s in sources if id(s) in kept_sources and s is not first_source)],
        [first_target, *(t for t in targets if id(t) in kept_targets and t is not first_target)],
    )


class ActorIndex(dict[int, Actor]):
    """The actor of each mention's head token, and the several actors a plural reference
    stands for ("they" after "Russia and China", "the two countries")."""

    def __init__(self, actors: Mapping[int, Actor], groups: Mapping[int, tuple[Actor, ...]]):
        super().__init__(actors)
        self.groups = dict(groups)

    def with_groups(self, groups: Mapping[int, tuple[Actor, ...]]) -> ActorIndex:
        """This index with more tokens that stand for several actors (none: itself)."""
        if not groups:
            return self
        more = {i: group[0] for i, group in groups.items() if group}
        return ActorIndex({**self, **more}, {**self.groups, **groups})

    @classmethod
    def of(cls, doc: Document) -> ActorIndex:
        actors = {m.head: m.actor for m in doc.mentions if m.actor is not None}
        return cls(actors, {m.head: m.group for m in doc.mentions if m.group})


def actors_of(tree: DepTree, tokens: Iterable[Token], actors: Mapping[int, Actor]) -> list[Actor]:
    """The actors of argument tokens; a non-actor noun stands for the state or person that
    owns it ("Russia's war effort" → Russia, "U.S. efforts" → the U.S.); a plural reference
    for all it stands for."""
    groups = actors.groups if isinstance(actors, ActorIndex) else {}
    out: list[Actor] = []
    for tok in tokens:
        if tok.i in groups:
            out.extend(a for a in groups[tok.i] if all(a.start != b.start for b in out))
            continue
        actor = actors.get(tok.i)
        if actor is None and (tok.pos == "NUM" or tok.lemma.lower() in QUANTITIES | PARTS):
            # "dozens of protesters", "thousands of troops", "members of the NPA"
            for prep in tree.children(tok.i, "prep"):
                if prep.lemma.lower() == "of":
                    found = actors_of(tree, tree.children(prep.i, "pobj"), actors)
                    actor = found[0] if found else None
        if actor is None and tok.pos == "NOUN":
            # "its NATO ally Turkey": the name the noun describes, before any owner
            actor = next((a for c in tree.children(tok.i, "appos") if (a := actors.get(c.i))), None)
        if actor is None and tok.pos == "NOUN":
            for child in tree.children(tok.i, "poss", "compound", "amod"):
                if child.i in groups:  # "their resumption of ties": all they stand for
                    out.extend(a for a in groups[child.i] if all(a.start != b.start for b in out))
                    break
                owner = actors.get(child.i)
                if owner is None and child.lemma.lower() in HELD_BY:
                    # "the rebel-held city": the rebels' (but a "US-backed" force is not the US)
                    owner = next(
                        (a for g in tree.children(child.i) if (a := actors.get(g.i))), None
                    )
                if owner is not None:
                    actor = owner
                    break
        if actor is not None and all(a.start != actor.start for a in out):
            out.append(actor)
    return out


def own_forces(tree: DepTree, tok: Token, actors: Mapping[int, Actor]) -> bool:
    """Forces named by their kind alone ("mobilized troops", "sent the army"), which the
    subject moves: its means, not the event's target."""
    actor = actors.get(tok.i)
    return (
        actor is not None
        and actor.country is None
        and bool(actor.sectors)
        and set(actor.sectors) <= {"MIL", "COP"}
        and own_means(tree, tok)
    )


#: Things two parties can only make, keep or break together.
MUTUAL_NOUNS = frozenset(
    {"agreement", "deal", "accord", "ceasefire", "truce", "armistice", "treaty", "pact",
     "compromise", "settlement", "consensus"}
)  # fmt: skip


def mutual_object(tree: DepTree, heads: Iterable[Token]) -> bool:
    """Whether a trigger names or acts on a thing two parties share: coordinated subjects of
    "X and Y failed to reach an agreement", "X and Y violated the ceasefire" act on each
    other."""
    for head in heads:
        below = [head, *tree.children(head.i, "dobj", "xcomp")]
        below += [o for v in below[1:] for o in tree.children(v.i, "dobj")]
        if any(t.lemma.lower() in MUTUAL_NOUNS for t in below):
            return True
    return False
