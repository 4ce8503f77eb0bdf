"""Choosing one place for a name: the article's countries first, then the bigger place.

News mentions the cities of the countries it is about: "Tripoli" in a story about Libya is
the Libyan capital, in one about Lebanon the Lebanese port. So a candidate in one of the
article's actor countries wins, unless another candidate is far bigger (at least
:data:`DOMINANCE` times the population): a story with US actors that says "Paris" still means
France, not Paris, Texas. Between the remaining candidates a place's own name beats an
alternate name and then the larger population wins; a country-level entry outranks a city of
the same name by population (Mexico, the country, over Mexico City's alternate name).

Common words are the risk of a 34,000-city index ("Reading", "Bath", "Of"), so callers
resolve only tokens that the parser marks as places or proper nouns
(:func:`is_place_token`), and :func:`resolve_place` accepts only capitalised names.
"""

from __future__ import annotations

from ..types import Place, Token
from .gazetteer import PlaceEntry, PlaceGazetteer

__all__ = ["DOMINANCE", "PLACE_ENTITIES", "is_place_token", "resolve_place"]

#: How many times bigger an out-of-context candidate must be to beat one in context.
DOMINANCE = 20
#: spaCy entity labels that name places.
PLACE_ENTITIES = frozenset({"GPE", "LOC", "FAC"})


def is_place_token(tok: Token) -> bool:
    """Whether the parser says ``tok`` may be (part of) a place name.

    A proper noun the tagger calls a nationality may be one too: the small model tags many
    towns it does not know that way ("near Samarra"); the gazetteer has no demonyms, so
    "Americans" still resolves to nothing.
    """
    return tok.ent_type in PLACE_ENTITIES or (tok.pos == "PROPN" and tok.ent_type in {"", "NORP"})


def resolve_place(
    name: str,
    *,
    context_countries: set[str] | frozenset[str] = frozenset(),
    gazetteer: PlaceGazetteer | None = None,
) -> Place | None:
    """The place ``name`` most likely refers to in an article about ``context_countries``
    (CAMEO country codes), or None if the name is unknown or not capitalised."""
    stripped = name.strip()
    if stripped[:4].casefold() == "the ":
        stripped = stripped[4:].lstrip()
    if not stripped[:1].isupper():
        return None
    found = (gazetteer or PlaceGazetteer.builtin()).candidates(stripped)
    if not found:
        return None
    return choose(found, context_countries).place()


def choose(found: list[PlaceEntry], context_countries: set[str] | frozenset[str]) -> PlaceEntry:
    """The best of ``found`` by the rule of the module docstring."""

    def rank(e: PlaceEntry) -> tuple[bool, int]:
        return (e.primary, e.population)

    best = max(found, key=rank)
    local = [e for e in found if e.country in context_countries]
    if local:
        best_local = max(local, key=rank)
        if best.population < DOMINANCE * max(best_local.population, 1):
            return best_local
    return best
