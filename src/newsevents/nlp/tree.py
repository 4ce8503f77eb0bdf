"""Navigating the dependency parse of a Document (children, subtrees, chains)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from ..types import Token


class DepTree:
    """Child lists for the tokens of one Document, built once and shared by the stages."""

    def __init__(self, tokens: Sequence[Token]) -> None:
        self.tokens = tokens
        children: list[list[int]] = [[] for _ in tokens]
        for tok in tokens:
            if tok.head != tok.i:
                children[tok.head].append(tok.i)
        self._children = children

    def __getitem__(self, i: int) -> Token:
        return self.tokens[i]

    def children(self, i: int, *deps: str) -> list[Token]:
        """Children of token ``i`` in order, only those with one of ``deps`` if given."""
        kids = (self.tokens[c] for c in self._children[i])
        return [k for k in kids if not deps or k.dep in deps]

    def child(self, i: int, *deps: str) -> Token | None:
        found = self.children(i, *deps)
        return found[0] if found else None

    def head(self, i: int) -> Token | None:
        tok = self.tokens[i]
        return None if tok.head == i else self.tokens[tok.head]

    def subtree(self, i: int) -> Iterator[Token]:
        """Token ``i`` and all its descendants, in text order."""
        seen: list[int] = []
        stack = [i]
        while stack:
            j = stack.pop()
            seen.append(j)
            stack.extend(self._children[j])
        for j in sorted(seen):
            yield self.tokens[j]

    def conjuncts(self, i: int) -> list[Token]:
        """``i`` and the tokens coordinated with it ("Russia and China" → both).

        A list of three is often parsed with its second item as an apposition that carries the
        rest ("The US, Russia, and Switzerland": Russia appos, Switzerland its conj); such an
        apposition is a list item. An apposition without conjuncts is the same thing renamed
        ("Putin, the president") and is not.
        """
        out = [self.tokens[i]]
        stack = [i]
        while stack:
            j = stack.pop()
            items = self.children(j, "conj") + [
                a for a in self.children(j, "appos") if self.children(a.i, "conj")
            ]
            for k in items:
                out.append(k)
                stack.append(k.i)
        return sorted(out, key=lambda t: t.i)

    def ancestors(self, i: int) -> Iterator[Token]:
        tok = self.tokens[i]
        while tok.head != tok.i:
            tok = self.tokens[tok.head]
            yield tok
