"""Where a coded event sits in the parse: its trigger token and the verb of its clause.

The time and places stages both tie things to an event through its clause ("talks in Beijing
on Tuesday"), so they share this one definition.
"""

from __future__ import annotations

from ..nlp.tree import DepTree
from ..types import Document, Event, Token

PREDICATE_POS = frozenset({"VERB", "AUX"})


def trigger_token(doc: Document, event: Event) -> Token | None:
    """The first token of the event's trigger."""
    for tok in doc.sentence_tokens(event.sentence_index):
        if tok.idx == event.trigger.start:
            return tok
    return None


def clause_verb(tree: DepTree, i: int) -> int:
    """The nearest verb at or above token ``i`` in its sentence (the root if there is none)."""
    tok = tree[i]
    while tok.pos not in PREDICATE_POS:
        head = tree.head(tok.i)
        if head is None or head.sentence != tok.sentence:
            break
        tok = head
    return tok.i
