"""Multi-CoPED (Parolin et al. 2022) English gold: a coarse class per sentence, actor spans.

Two JSON Lines files, read separately because they hold different sentences:

* ``train_class.jsonl``: ``{"id", "text", "pentaclass", "pentaclass_name"}``, the class of the
  sentence's event: 0 make a statement or appeal (CAMEO roots 01-02), 1 verbal cooperation
  (03-05), 2 material cooperation (06-08), 3 verbal conflict (09-13), 4 material conflict
  (14-20), as the dataset names them;
* ``train_ner.jsonl``: ``{"id", "text", "tokens", "tags", ...}`` with BIO tags ``S`` (source),
  ``T`` (target) and ``R`` (the actors of a mutual event, on both sides).

The classes are the Phoenix "PentaClass" of the event's CAMEO root: QuadClass except that the
statements and appeals (01-02) are a class of their own. :func:`pentaclass` maps our events.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..types import Event
from .gold import LabelItem, SpanItem
from .jsonl import json_records, parsed_records

__all__ = [
    "PENTACLASSES",
    "detokenize",
    "is_multicoped_class",
    "is_multicoped_spans",
    "pentaclass",
    "read_multicoped_classes",
    "read_multicoped_spans",
]

#: Class number → name, as the dataset writes them.
PENTACLASSES = {
    "0": "statement/appeal (01-02)",
    "1": "verbal cooperation (03-05)",
    "2": "material cooperation (06-08)",
    "3": "verbal conflict (09-13)",
    "4": "material conflict (14-20)",
}


def pentaclass(event: Event) -> str:
    """The Multi-CoPED class of an event: "0" for roots 01-02, else its QuadClass.

    The shipped CAMEO table puts root 09 (investigate) in QuadClass 3 and 14 (protest) in 4, the
    Phoenix rule, which is also where the dataset's class names put them.
    """
    return "0" if event.cameo[:2] in {"01", "02"} else str(event.quad_class)


def is_multicoped_class(record: dict[str, Any]) -> bool:
    return "text" in record and "pentaclass" in record


def is_multicoped_spans(record: dict[str, Any]) -> bool:
    return "tokens" in record and "tags" in record


def read_multicoped_classes(path: Path) -> Iterator[LabelItem | InputError]:
    """Labelled sentences; a bad line is an :class:`InputError` value, not a stop."""
    for origin, record in json_records(path):
        if isinstance(record, InputError):
            yield record
            continue
        text, label = record.get("text"), record.get("pentaclass")
        if not isinstance(text, str) or not text.strip():
            yield InputError(origin, "empty 'text'")
        elif str(label) not in PENTACLASSES or isinstance(label, bool):
            yield InputError(origin, f"'pentaclass' must be 0-4, not {label!r}")
        else:
            yield LabelItem(str(record.get("id") or origin), None, text, str(label), origin)


def read_multicoped_spans(path: Path) -> Iterator[SpanItem | InputError]:
    """Tagged sentences; a bad line is an :class:`InputError` value, not a stop."""
    return parsed_records(path, _span_item)


def _span_item(record: dict[str, Any], origin: str) -> SpanItem:
    tokens, tags = record.get("tokens"), record.get("tags")
    if not isinstance(tokens, list) or not all(isinstance(t, str) for t in tokens) or not tokens:
        raise ValueError("'tokens' must be a non-empty list of strings")
    if not isinstance(tags, list) or len(tags) != len(tokens):
        raise ValueError(f"'tags' must be a list as long as 'tokens' ({len(tokens)})")
    sides: dict[str, set[int]] = {"S": set(), "T": set(), "R": set()}
    for i, tag in enumerate(tags):
        if tag == "O":
            continue
        if not isinstance(tag, str) or tag[:2] not in {"B-", "I-"} or tag[2:] not in sides:
            raise ValueError(f"token {i + 1}: unknown tag {tag!r} (expected O, B-/I- S, T or R)")
        sides[tag[2:]].add(i)
    text, offsets = detokenize(tokens)
    return SpanItem(
        id=str(record.get("id") or origin),
        date=None,
        text=text,
        tokens=tuple(tokens),
        offsets=offsets,
        source=frozenset(sides["S"]),
        target=frozenset(sides["T"]),
        mutual=frozenset(sides["R"]),
        origin=origin,
    )


_NO_SPACE_BEFORE = {",", ".", ":", ";", "!", "?", ")", "]", "}", "%", "'s", "’s", "n't", "'", "’"}
_NO_SPACE_AFTER = {"(", "[", "{", "$", "#"}


def detokenize(tokens: Sequence[str]) -> tuple[str, tuple[tuple[int, int], ...]]:
    """Tokens joined as prose ("Baghdad ’ s rebel - held ." → "Baghdad’s rebel-held.").

    The parser reads text better than space-separated tokens; each token keeps its character
    span so actors found in the text map back onto the tagged tokens.
    """
    parts: list[str] = []
    offsets: list[tuple[int, int]] = []
    position = 0
    previous = ""
    for i, token in enumerate(tokens):
        glued = i == 0 or token in _NO_SPACE_BEFORE or previous in _NO_SPACE_AFTER
        glued = glued or "-" in (token, previous)  # "rebel - held" was "rebel-held"
        if previous in {"'", "’"} and token in {"s", "S"}:
            glued = True
        if not glued:
            parts.append(" ")
            position += 1
        offsets.append((position, position + len(token)))
        parts.append(token)
        position += len(token)
        previous = token
    return "".join(parts), tuple(offsets)
