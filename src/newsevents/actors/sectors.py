"""Sector terms: the common nouns that give an actor its CAMEO agent codes.

"The Russian defense minister" is ``RUS`` + ``GOV`` + ``MIL``: the country comes from the
gazetteer, the sectors from words like "defense minister", "riot police" or "warplanes".
Terms are stored in ``actors/data/sectors.tsv`` as lower-case *lemma* sequences, because the
actor stage sees spaCy lemmas: "troops" arrives as "troop", "warplanes" as "warplane".

Matching takes the longest term at each position, so "riot police" gives ``COP`` only and
"defense minister" gives ``GOV`` + ``MIL`` rather than ``GOV`` from "minister". A term whose
sectors are ``-`` in the data is a *blocker*: it is consumed and yields nothing, which stops
"general election" from reading as a general.

The model tags some plurals as proper nouns and then leaves them unlemmatised ("MPs",
"guerrillas", "airmen"); a lemma that is not a term word is therefore also tried in its
singular form (``-men`` → ``-man``, ``-ies`` → ``-y``, ``-s`` → ``""``) before giving up.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator, Sequence
from importlib import resources

from ..errors import LexiconError

__all__ = ["SectorLexicon"]

_DATA_FILE = "sectors.tsv"
_CODE = re.compile(r"^[A-Z]{3}$")
_BLOCK = "-"


def _split_term(term: str) -> tuple[str, ...]:
    """Lemma tokens of a term as spaCy splits them: words, and hyphens on their own."""
    return tuple(re.findall(r"[^\s\-]+|-", term.lower()))


class SectorLexicon:
    """Lemma sequences → CAMEO agent codes, matched longest-first.

    Build one from ``(term, sectors)`` pairs (an empty ``sectors`` tuple makes a blocker), or
    use :meth:`builtin` for the shipped data. Raises
    :class:`~newsevents.errors.LexiconError` on a term given twice.
    """

    def __init__(
        self, terms: Iterable[tuple[str, tuple[str, ...]]], *, origin: str = "sectors"
    ) -> None:
        self._terms: dict[tuple[str, ...], tuple[str, ...]] = {}
        for term, sectors in terms:
            key = _split_term(term)
            if not key:
                raise LexiconError(origin, "empty sector term")
            if key in self._terms:
                raise LexiconError(origin, f"sector term {term!r} given twice")
            self._terms[key] = tuple(sectors)
        self._longest = max((len(k) for k in self._terms), default=1)
        self._vocabulary = frozenset(word for key in self._terms for word in key)
        self._starts = frozenset(key[0] for key in self._terms)

    @classmethod
    def builtin(cls) -> SectorLexicon:
        """The lexicon of the shipped ``sectors.tsv`` (built once, then shared)."""
        return _builtin()

    def extended(
        self, terms: Iterable[tuple[str, tuple[str, ...]]], *, origin: str = "sectors"
    ) -> SectorLexicon:
        """A new lexicon with ``terms`` added; an extra term replaces the same term here.

        Used for agent dictionaries: the user's file says what a word means in their data, so
        it wins over the shipped table. Later extra terms win over earlier ones too.
        """
        combined = dict(self._terms)
        for term, sectors in terms:
            key = _split_term(term)
            if not key:
                raise LexiconError(origin, "empty sector term")
            combined[key] = tuple(sectors)
        return SectorLexicon(((" ".join(k), v) for k, v in combined.items()), origin=origin)

    def _canon(self, lemma: str) -> str:
        """``lemma`` lower-cased, reduced to a known singular if only that is a term word."""
        word = lemma.lower()
        if word in self._vocabulary:
            return word
        for plural, singular in (("men", "man"), ("ies", "y"), ("s", "")):
            if word.endswith(plural) and not word.endswith("ss"):
                stem = word[: -len(plural)] + singular
                if len(stem) >= 2 and stem in self._vocabulary:
                    return stem
        return word

    def _match(self, words: Sequence[str], start: int) -> tuple[int, tuple[str, ...]] | None:
        if words[start] not in self._starts:
            return None
        for n in range(min(self._longest, len(words) - start), 0, -1):
            sectors = self._terms.get(tuple(words[start : start + n]))
            if sectors is not None:
                return n, sectors
        return None

    def match_at(self, lemmas: Sequence[str], start: int) -> tuple[int, tuple[str, ...]] | None:
        """The longest term starting at ``lemmas[start]``: ``(number of lemmas, sectors)``.

        A blocker matches with empty sectors. Returns None when no term starts there.
        """
        if not 0 <= start < len(lemmas):
            return None
        end = min(len(lemmas), start + self._longest)
        words = [self._canon(lemma) for lemma in lemmas[start:end]]
        return self._match(words, 0)

    def sectors_in(self, lemmas: Sequence[str]) -> tuple[str, ...]:
        """Sectors of every term found scanning ``lemmas`` left to right, longest first.

        The result is their union in order of appearance, without duplicates:
        ["the", "russian", "defense", "minister"] → ("GOV", "MIL").
        """
        found: list[str] = []
        for _end, sectors in self._scan(lemmas):
            found.extend(s for s in sectors if s not in found)
        return tuple(found)

    def ends_term(self, lemmas: Sequence[str]) -> bool:
        """Whether the last of ``lemmas`` ends a (non-blocking) term, scanning as
        :meth:`sectors_in` does: "taxi driver" and "immigration inspector" are actors although
        "driver" and "inspector" alone are not terms."""
        return any(end == len(lemmas) and bool(s) for end, s in self._scan(lemmas))

    def _scan(self, lemmas: Sequence[str]) -> Iterator[tuple[int, tuple[str, ...]]]:
        """(end, sectors) of each term met scanning ``lemmas`` left to right, longest first
        (a blocking term has no sectors)."""
        words = [self._canon(lemma) for lemma in lemmas]
        i = 0
        while i < len(words):
            hit = self._match(words, i)
            if hit is None:
                i += 1
                continue
            n, sectors = hit
            i += n
            yield i, sectors

    def is_term(self, lemma: str) -> bool:
        """Whether ``lemma`` alone is a (non-blocking) sector term: "minister", "troop"."""
        return bool(self._terms.get((self._canon(lemma),)))

    def terms(self) -> list[tuple[str, tuple[str, ...]]]:
        """Every term (lemmas joined by spaces) with its sectors, in data order."""
        return [(" ".join(key), sectors) for key, sectors in self._terms.items()]

    def __len__(self) -> int:
        return len(self._terms)


def _parse(text: str) -> list[tuple[str, tuple[str, ...]]]:
    terms: list[tuple[str, tuple[str, ...]]] = []
    seen: dict[tuple[str, ...], int] = {}
    header_seen = False
    for lineno, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        origin = f"{_DATA_FILE}:{lineno}"
        fields = [f.strip() for f in line.split("\t")]
        if len(fields) != 2:
            raise LexiconError(origin, "expected 2 tab-separated fields: term, sectors")
        term, codes = fields
        if not header_seen:
            if (term, codes) != ("term", "sectors"):
                raise LexiconError(origin, "expected header: term, sectors")
            header_seen = True
            continue
        if term != term.lower():
            raise LexiconError(origin, f"term {term!r} is not lower case")
        if _split_term(term) in seen:
            raise LexiconError(origin, f"term {term!r} already on line {seen[_split_term(term)]}")
        seen[_split_term(term)] = lineno
        if codes == _BLOCK:
            terms.append((term, ()))
            continue
        sectors = tuple(c.strip() for c in codes.split(";") if c.strip())
        if not sectors or not all(_CODE.match(c) for c in sectors):
            raise LexiconError(origin, f"bad sector codes {codes!r} for {term!r}")
        terms.append((term, sectors))
    return terms


@functools.cache
def _builtin() -> SectorLexicon:
    text = resources.files("newsevents.actors").joinpath("data", _DATA_FILE).read_text("utf-8")
    return SectorLexicon(_parse(text), origin=_DATA_FILE)
