"""Attacks with no named agent get an unidentified-forces source (CAMEO ``UAF``).

News often tells an attack by what struck, not by who struck: "A roadside bombing near Samarra
killed a U.S. soldier", "A car bomb in Kabul killed 12 people", "Two rockets hit the Green
Zone", "A soldier was killed in a bombing". Such an event has a source, only an unknown one.
The field codes it as such rather than dropping it or leaving the source empty: CAMEO and
PETRARCH have the agent code ``UAF`` ("Unidentified Forces"; PLOVER's agent list files
gunmen, assailants and armed men under it), ICEWS files such sources under the sector
"Unidentified Forces", and GDELT keeps "unidentified gunmen" events with no actor country but
with the country of the place they happened in. So the coder gives an attack without a named
agent a ``UAF`` source whose text is the phrase that carries the attack ("A roadside bombing",
"A car bomb", "Two rockets") and whose ``via`` is :data:`UNATTRIBUTED`; the domestic stage then
gives it the country where the event happened, as it does for police or rebels named without
one (``IRQUAF``).

It applies to attacks, assaults and other uses of force (CAMEO roots 18, 19 and 20, and the
destruction of property, 1712) and only to these constructions, none of which names an agent:

* an instrument or an attack as the subject of the event's verb ("a car bomb killed",
  "rockets hit", "an explosion destroyed") or as its passive agent ("killed by a bomb");
* a passive event whose attack is in a phrase or a clause of its own ("was killed in a
  bombing", "were killed when a roadside bomb exploded");
* an attack noun that is an event of its own, with a target but no agent ("a rocket attack
  on a U.S. base"; "the attack" alone, with nobody on either side, stays uncoded).

An event whose agent the text names, even by a pronoun or a sector word ("they", "gunmen",
"unknown assailants": those are actors already), never gets one. Nor does an attack phrase or
clause that names its doer itself ("a car bombing by the Islamic State group", "an Israeli
airstrike", "the missiles fired by the Israeli military", "were killed when rebels attacked"):
that doer is the event's source.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping

from ..nlp.tree import DepTree
from ..types import Actor, Document, Token

__all__ = [
    "UAF",
    "UNATTRIBUTED",
    "is_attack_code",
    "is_attack_noun_code",
    "unattributed_agent",
]

#: ``Actor.via`` of an unidentified-forces source that the coder supplied: the text tells the
#: attack but names no agent.
UNATTRIBUTED = "unattributed"
#: CAMEO's agent code for unidentified forces, and the name such actors are given.
UAF = "UAF"
UAF_NAME = "unidentified forces"
#: CAMEO roots of assaults, fighting and mass violence, and the codes of other material
#: conflict that an instrument can do on its own (destroying property).
ATTACK_ROOTS = ("18", "19", "20")
ATTACK_CODES = ("1712",)
#: CAMEO codes of the lexicon's attack nouns that carry an attack by themselves, whoever did
#: it: assaults, bombings and kidnappings (18), shootings, shelling and air strikes (193-195),
#: massacres and attacks with unconventional weapons (202, 204). Not wars, offensives, sieges,
#: invasions or occupations ("the invasion of Iraq"): those are waged by parties the story
#: is about, not by unidentified forces.
ATTACK_NOUN_CODES = ("18", "193", "194", "195", "202", "204")
#: Nouns of an unspecified attack (CAMEO 190) that carry one all the same.
GENERIC_ATTACKS = frozenset({"attack", "assault", "ambush", "raid", "killing"})
#: Weapons and blasts that carry an attack when they are its subject ("a car bomb killed").
#: Attack nouns of the lexicon ("bombing", "explosion": :data:`ATTACK_NOUN_CODES`) count too.
INSTRUMENTS = frozenset(
    {
        "bomb",
        "car bomb",
        "explosive",
        "device",
        "ied",
        "mine",
        "landmine",
        "grenade",
        "rocket",
        "missile",
        "mortar",
        "shell",
        "bullet",
        "gunfire",
        "shrapnel",
        "artillery",
        "airstrike",
        "shelling",
        "blast",
        "explosion",
        "ambush",
    }
)
#: Modifiers that make "strike" a military strike ("an air strike", "a drone strike").
STRIKE_KINDS = frozenset({"air", "drone", "missile", "rocket", "artillery", "aerial"})
#: Prepositions of a passive event that hold the attack it happened in ("killed in a blast").
ATTACK_PREPS = frozenset({"in", "by", "during"})
#: Conjunctions of a clause that tells what a passive event happened in ("killed when a bomb
#: exploded", "wounded after a rocket hit").
CAUSE_MARKERS = frozenset({"when", "after", "as"})
#: Dependents that belong to the phrase naming the attack (its words left of the head).
PHRASE_DEPS = frozenset({"det", "amod", "compound", "nummod", "nmod", "quantmod"})


def is_attack_code(code: str) -> bool:
    """Whether an event of CAMEO ``code`` is a use of force an unnamed agent can do."""
    return code.startswith(ATTACK_ROOTS) or code.startswith(ATTACK_CODES)


def is_attack_noun_code(code: str) -> bool:
    """Whether a noun of CAMEO ``code`` names an attack that unidentified forces can carry
    out ("bombing", "shelling"; not "invasion" or "war")."""
    return code.startswith(ATTACK_NOUN_CODES)


def unattributed_agent(
    doc: Document,
    tree: DepTree,
    *,
    code: str,
    predicate: Token,
    source_tokens: Iterable[Token],
    trigger_tokens: Iterable[Token],
    has_target: bool,
    actors: Mapping[int, Actor],
    attack_noun: Callable[[str], bool],
) -> Actor | None:
    """The ``UAF`` source of an attack event that has no source actor, or None; the doer
    when the phrase that carries the attack names one ("a bombing by the Islamic State").

    ``source_tokens`` are the tokens the parse gives as the event's agent (none of them an
    actor), ``trigger_tokens`` the trigger's words; ``attack_noun`` tells whether a lemma is an
    attack noun of the lexicon (:func:`is_attack_noun_code`). See the module docstring for when
    there is one.
    """
    if not is_attack_code(code):
        return None

    def carries(tok: Token) -> bool:
        return tok.i not in actors and _carries_attack(tree, tok, attack_noun)

    sources = list(source_tokens)
    head = next((t for t in sources if carries(t)), None)
    if head is None and not sources and tree.children(predicate.i, "nsubjpass"):
        # "a soldier was killed in a bombing near Samarra"
        head = next(
            (
                pobj
                for prep in tree.children(predicate.i, "prep", "agent")
                if prep.lemma.lower() in ATTACK_PREPS
                for pobj in tree.children(prep.i, "pobj")
                if carries(pobj)
            ),
            None,
        )
        # "three soldiers were killed when a roadside bomb exploded"; "... when rebels attacked
        # their base" names the doer
        for subj in _cause_subjects(tree, predicate):
            if subj.i in actors:
                return actors[subj.i]
            if head is None and carries(subj):
                head = subj
    if head is None and not sources and has_target:
        # "a rocket attack on a U.S. base": the attack noun names the event and its doer alike
        head = next((t for t in trigger_tokens if t.pos == "NOUN" and carries(t)), None)
    if head is None:
        return None
    named = _named_doer(tree, head, actors)
    if named is not None:
        return named
    first = min([head.i, *(t.i for t in _modifiers(tree, head))])
    return Actor(
        text=doc.span_text(first, head.i + 1),
        name=UAF_NAME,
        code=UAF,
        country=None,
        sectors=(UAF,),
        start=doc.tokens[first].idx,
        end=head.end,
        via=UNATTRIBUTED,
    )


def _carries_attack(tree: DepTree, tok: Token, attack_noun: Callable[[str], bool]) -> bool:
    if tok.pos not in {"NOUN", "PROPN"}:
        return False
    lemma = tok.lemma.lower()
    if lemma in INSTRUMENTS or lemma in GENERIC_ATTACKS or attack_noun(lemma):
        return True
    kinds = {c.lemma.lower() for c in tree.children(tok.i, "compound", "amod", "nmod")}
    return lemma == "strike" and bool(kinds & STRIKE_KINDS)


def _cause_subjects(tree: DepTree, predicate: Token) -> list[Token]:
    """The subjects of the clauses that tell what a passive event happened in ("killed when
    a bomb exploded", "wounded after rebels attacked")."""
    return [
        subj
        for clause in tree.children(predicate.i, "advcl")
        if any(m.lemma.lower() in CAUSE_MARKERS for m in tree.children(clause.i, "mark", "advmod"))
        for subj in tree.children(clause.i, "nsubj")
    ]


def _named_doer(tree: DepTree, head: Token, actors: Mapping[int, Actor]) -> Actor | None:
    """The actor an attack phrase names as its doer: a possessor or modifier ("Israel's
    airstrike", "a Taliban attack"), a ``by`` or ``from`` phrase ("a bombing by the Islamic
    State", "rocket fire from Gaza"), or the agent of a participle on it ("the missiles fired by
    the Israeli military")."""
    for child in tree.children(head.i, "poss", "compound", "amod", "nmod"):
        if child.i in actors:
            return actors[child.i]
    holders = [head, *tree.children(head.i, "acl")]
    for holder in holders:
        for prep in tree.children(holder.i, "prep", "agent"):
            # "a bombing by the Islamic State", "missile attacks from Azerbaijan"
            if prep.lemma.lower() not in {"by", "from"} or (
                prep.lemma.lower() == "from" and holder is not head
            ):
                continue
            for pobj in tree.children(prep.i, "pobj"):
                if pobj.i in actors:
                    return actors[pobj.i]
    return None


def _modifiers(tree: DepTree, head: Token) -> list[Token]:
    """The words left of ``head`` that belong to its phrase ("A roadside", "Two")."""
    found: list[Token] = []
    for child in tree.children(head.i):
        if child.i < head.i and child.dep in PHRASE_DEPS:
            found.extend(t for t in tree.subtree(child.i) if t.i < head.i)
    return found
