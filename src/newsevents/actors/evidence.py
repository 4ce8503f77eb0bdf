"""What in an article states a named actor's country clearly enough for the actor memory.

The memory (:mod:`newsevents.actors.memory`) turns what one article says into a fact every
later article uses, so it learns a name only from what a careful human coder would accept as
saying who the name is, in the name's own words:

* a country word in the name's own phrase, its modifiers or an ``of`` phrase on it: "Russian
  Defense Minister Andrei Belousov", "Russia's ambassador Vasily Nebenzya", "the Hungarian
  daily Magyar Nemzet", "Prime Minister Igor Matovic of the Slovak Republic" (basis
  ``"phrase"``);
* a country word in an apposition to the name: "Andrei Belousov, Russia's defence minister",
  "Akilisi Pohiva, the prime minister of Tonga" (basis ``"apposition"``);
* for an organisation, a country word inside its own name: "the Indonesian National Police"
  (basis ``"name"``).

A *country word* is a spelling the actors gazetteer lists for the country the actor was coded
with: a state's name, alias or demonym, a seat of power, a named institution or organisation.
Not a city: city names are shared across countries and with ordinary words ("Federal" is a
town in Argentina and "Liberal" one in Kansas, which once taught the memory that the Federal
Aviation Administration is Argentine and the Liberal Party American). Nor does a country the
resolver found elsewhere count: a "from"/"in" phrase, an earlier mention's title ("the
courts" after "U.S. circuit courts" made "the Supreme Court" American), a person in a
possessive ("Putin's spokesman"), or the article's main country. Those are good enough to code
the mention in its own article, not to decide the name for the whole corpus.

*Generic institutional names* ("Supreme Court", "Liberal Party", "the Interior Ministry",
"Federal Aviation Administration", "National Crime Agency") are names that contain a sector
term (court, party, ministry, administration, police, university...) or a word for a public
body (agency, council, institute, foundation, :data:`BODY_WORDS`): they name a kind of body
many countries have, so "Pakistan's Supreme Court" says nothing about the next article's
"Supreme Court".
They are learned only when the country word is part of the name ("Indonesian National
Police"); add others with ``newsevents actors edit``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..nlp.tree import DepTree
from ..types import Actor, Document, Statement, Token
from .gazetteer import Gazetteer
from .sectors import SectorLexicon

__all__ = ["BACKING", "BODY_WORDS", "LEARNABLE_LABELS", "is_learnable_name", "statement"]

#: Participles that name a group's backer, not the group: "US-backed", "Iranian-supported".
BACKING = frozenset({"back", "support", "sponsor", "fund", "arm", "train", "ally", "finance"})
#: Entity labels of the names the memory learns: people, and organisations the gazetteer lacks.
LEARNABLE_LABELS = frozenset({"PERSON", "ORG"})
#: Words that start a phrase without being part of the name ("the Liberal Party").
_DETERMINERS = frozenset({"the", "a", "an"})
#: Words for a public body, beside the sector terms: a name with one of them names a kind of
#: body ("National Crime Agency"), not one country's, unless a country word is in it.
BODY_WORDS = frozenset(
    {
        "agency",
        "assembly",
        "association",
        "authority",
        "board",
        "bureau",
        "center",
        "centre",
        "commission",
        "committee",
        "council",
        "department",
        "directorate",
        "federation",
        "foundation",
        "front",
        "institute",
        "league",
        "movement",
        "office",
        "organisation",
        "organization",
        "service",
        "tribunal",
        "union",
    }
)
#: Dependencies of the words that make a phrase of a head word.
MODIFIERS = frozenset({"amod", "compound", "nmod", "poss", "det", "nummod", "prep"})
#: Gazetteer kinds that name a city, not a state: never evidence of a name's country.
_CITY_KINDS = frozenset({"capital"})
#: Words that make a region of the country name they precede, unless the gazetteer lists the
#: pair as a country ("South Africa" is one, "South Australia" is not).
_PLACE_PREFIXES = frozenset(
    {
        "new",
        "north",
        "south",
        "east",
        "west",
        "northern",
        "southern",
        "eastern",
        "western",
        "central",
        "mid",
        "upper",
        "lower",
        "greater",
    }
)
#: How a word of a learnable name is spelled: letters first, then letters, digits, periods,
#: apostrophes and hyphens ("Jean-Jacques", "W.", "O'Brien"), no brackets or quotes.
_NAME_WORD = re.compile(r"[^\W\d_][\w.'’-]*")


def statement(
    doc: Document,
    tree: DepTree,
    head: int,
    actor: Actor,
    *,
    first: int,
    last: int,
    gazetteer: Gazetteer,
    sectors: SectorLexicon,
) -> Statement | None:
    """How the mention with head token ``head`` and tokens ``[first, last)`` states the
    country ``actor`` was coded with, or None if it does not state it clearly (see above)."""
    tok = doc.tokens[head]
    if tok.ent_type not in LEARNABLE_LABELS or not actor.country:
        return None
    name_tokens = _name_tokens(doc.tokens, head)
    name = doc.span_text(name_tokens[0].i, name_tokens[-1].i + 1) if name_tokens else ""
    if not is_learnable_name(name):
        return None
    country = actor.country
    if tok.ent_type == "ORG":
        if _states(name_tokens, country, tree, gazetteer, inside=True):
            return _said(name, "name", actor)
        if _is_generic([t.lemma.lower() for t in name_tokens], sectors):
            return None  # "Supreme Court": a kind of body, not one country's
    in_name = {t.i for t in name_tokens}
    own_phrase = [t for t in doc.tokens[first:last] if t.i not in in_name]
    if _states(own_phrase, country, tree, gazetteer) or any(
        _states(of_phrase, country, tree, gazetteer) for of_phrase in _of_phrases(tree, head)
    ):
        return _said(name, "phrase", actor)
    for other in _apposed(tree, head):
        if _states(_phrase(tree, other.i, with_of=True), country, tree, gazetteer):
            return _said(name, "apposition", actor)
    return None


def _said(name: str, basis: str, actor: Actor) -> Statement:
    return Statement(name, basis, actor.country or "", actor.sectors, actor.code)


def is_learnable_name(name: str) -> bool:
    """A proper name of two to six words, capitalised at both ends ("Andrei Belousov").

    A bare surname or acronym ("Belousov", "DEPA") is too ambiguous to become a corpus-wide
    fact; longer runs are phrases, not names.
    """
    words = name.split()
    if len(words) < 2 or len(words) > 6:
        return False
    if not all(_NAME_WORD.fullmatch(w) for w in words):
        return False  # "Narendra] Modi": a bracketed insertion, not a name
    return words[0][:1].isupper() and words[-1][:1].isupper()


def _name_tokens(tokens: tuple[Token, ...], head: int) -> list[Token]:
    """The named entity the head token ends, without a leading article or a possessive."""
    first = head
    while first > 0 and tokens[first].ent_iob == "I":
        first -= 1
    last = head + 1
    while last < len(tokens) and tokens[last].ent_iob == "I":
        last += 1
    name = list(tokens[first:last])
    while name and name[0].text.lower() in _DETERMINERS:
        name = name[1:]
    while name and name[-1].text in {"'s", "’s", "'", "’"}:
        name = name[:-1]
    return name


def _is_generic(lemmas: list[str], sectors: SectorLexicon) -> bool:
    """Whether a name says what kind of body it is: a sector term ("Supreme Court", "Liberal
    Party") or a word for a public body ("National Crime Agency", "National Science
    Foundation"). Many states have a body of that name."""
    return bool(sectors.sectors_in(lemmas)) or any(w in BODY_WORDS for w in lemmas)


def _states(
    tokens: Sequence[Token],
    country: str,
    tree: DepTree,
    gazetteer: Gazetteer,
    *,
    inside: bool = False,
) -> bool:
    """Whether ``tokens`` state ``country`` with a country word (see the module docstring)
    and name no other country ("UK-based Tesco and Denmark-based Salling Group" states
    neither for Salling Group).

    A word is no country word when it ends a longer place name: after a word such as "New"
    or "South" that does not make a country name with it ("New Mexico", "New South Wales",
    "Northern Ireland"), or, outside a name (``inside`` False), inside another entity
    ("League of United Latin American Citizens president Domingo Garcia"); nor when it names
    a backer ("the Armenian-backed Republic of Artsakh").
    """
    words = [t.text for t in tokens]
    stated: set[str | None] = set()
    for j, tok in enumerate(tokens):
        if j > 0 and words[j - 1].lower() in _PLACE_PREFIXES:
            continue
        if not inside and tok.ent_type and tok.ent_iob == "I":
            continue
        found = gazetteer.match_at(words, j)
        if found is None or found[1].kind in _CITY_KINDS:
            continue
        if not _is_backer(tokens, j + found[0] - 1, tree):
            stated.add(found[1].country)
    return stated == {country}


def _is_backer(tokens: Sequence[Token], j: int, tree: DepTree) -> bool:
    """Whether the country word ending at ``tokens[j]`` names a backer: "Armenian" in "the
    Armenian-backed Republic of Artsakh", however it is parsed."""
    tok = tokens[j]
    if tok.head != tok.i and tree[tok.head].lemma.lower() in BACKING:
        return True
    after = tokens[j + 1 : j + 3]
    return len(after) == 2 and after[0].text == "-" and after[1].lemma.lower() in BACKING


def _apposed(tree: DepTree, head: int) -> list[Token]:
    """The phrases in apposition to the head: "X, Russia's minister" and "Russia's minister,
    X". A list parsed as appositions ("the US, Russia, and China") is not one, nor is an
    abbreviation of the name ("the National Telecommunications Commission (NTC)": the
    gazetteer's NTC is Libya's council, not this one)."""
    found = [a for a in tree.children(head, "appos") if not tree.children(a.i, "conj")]
    tok = tree[head]
    if tok.dep == "appos" and tok.head != tok.i and not tree.children(head, "conj"):
        found.append(tree[tok.head])
    return [a for a in found if not _is_abbreviation(tree, a)]


def _is_abbreviation(tree: DepTree, tok: Token) -> bool:
    """A one-word phrase in capitals ("NTC", "U.S.A.")."""
    letters = [c for c in tok.text if c.isalpha()]
    alone = not any(c.dep in MODIFIERS for c in tree.children(tok.i))
    return alone and len(letters) >= 2 and all(c.isupper() for c in letters)


def _phrase(tree: DepTree, i: int, *, with_of: bool) -> list[Token]:
    """Token ``i`` with its left modifiers and, with ``with_of``, its ``of`` phrases ("the
    prime minister of Tonga"); not its relative clauses, which may name other countries."""
    kept: dict[int, Token] = {i: tree[i]}
    for child in tree.children(i):
        if child.i < i:
            kept.update((t.i, t) for t in tree.subtree(child.i))
    if with_of:
        for of_phrase in _of_phrases(tree, i):
            kept.update((t.i, t) for t in of_phrase)
    return [kept[j] for j in sorted(kept)]


def _of_phrases(tree: DepTree, i: int) -> list[list[Token]]:
    """The objects of token ``i``'s ``of`` phrases with their left modifiers ("Prime Minister
    Igor Matovic of the Slovak Republic")."""
    return [
        _phrase(tree, pobj.i, with_of=False)
        for prep in tree.children(i, "prep")
        if prep.lemma.lower() == "of"
        for pobj in tree.children(prep.i, "pobj")
    ]
