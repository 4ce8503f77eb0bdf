"""The event-trigger lexicon: which lemmas start an event, and with which CAMEO code.

Coding news into events needs a table from words to event types that a political scientist can
read, argue with and extend without touching Python. So the table is data (``data/triggers.tsv``,
format in ``docs/lexicon.md``), and this module only reads, validates and indexes it.

Rows come in five kinds, because English expresses an event in more than one way:

* ``verb`` -- the predicate is the event ("Russia *invaded* Ukraine");
* ``noun`` -- a noun names the event ("the *invasion*", "held *talks*");
* ``light`` -- a near-empty verb whose object noun carries the event and whose subject is the
  source ("China *held* talks", "Israel *carried out* airstrikes");
* ``receive`` -- a verb whose subject is the *target* of the event noun it takes
  ("the drills *drew* condemnation from Washington");
* ``say`` -- reporting verbs used to attribute what follows ("*said*", "*according to*").

The shipped file is read with the same code path as user files (a user file is just a later
file), so the built-in table has no privileges a user lexicon lacks. Nothing is read at import
time: :meth:`Lexicon.builtin` reads the shipped file on first use and caches it.
"""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Literal, get_args

from ..errors import LexiconError

__all__ = ["KINDS", "Lexicon", "Trigger", "TriggerKind", "parse_lexicon"]

TriggerKind = Literal["verb", "noun", "light", "receive", "say"]

#: Every kind, in the order the documentation presents them.
KINDS: tuple[TriggerKind, ...] = get_args(TriggerKind)

#: Kinds whose rows carry a CAMEO code; the others take ``-`` (their meaning comes from the
#: event noun they govern, or they only attribute speech).
CODED_KINDS: frozenset[str] = frozenset({"verb", "noun"})

_DATA_FILE = "triggers.tsv"
_CAMEO = re.compile(r"\d{2,4}")


@dataclass(frozen=True, slots=True)
class Trigger:
    """One lexicon row.

    ``words`` are the lemmas as written. ``head`` is the lemma the parse is searched for: the
    first word for verb-like kinds (the verb comes first: "crack down"), the last for nouns
    (the head noun comes last: "peace talk"). ``extras`` are the other words, which must all
    be found next to the head for the row to apply. ``origin`` ("triggers.tsv:123") lets
    error messages and debugging output point at the row that produced an event.
    """

    kind: TriggerKind
    words: tuple[str, ...]
    head: str
    extras: tuple[str, ...]
    cameo: str
    origin: str


def parse_lexicon(lines: Iterable[str], origin: str) -> Iterator[Trigger]:
    """The triggers in ``lines`` (the text of one lexicon file), validated.

    ``origin`` names the file in messages. Raises :class:`~newsevents.errors.LexiconError`
    with origin ``"{origin}:{lineno}"`` for a line with too few columns, an unknown kind, an
    empty or non-lower-case pattern, a CAMEO code that is not 2-4 digits on a verb or noun
    row, anything but ``-`` on a light/receive/say row, or a row repeated within the file
    (within one file a repeat is a slip; across files it is an override, see
    :meth:`Lexicon.load`).
    """
    seen: dict[tuple[str, tuple[str, ...]], int] = {}
    for lineno, raw in enumerate(lines, start=1):
        line = raw.rstrip("\r\n")
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        where = f"{origin}:{lineno}"
        trigger = _parse_row(line, where)
        key = (trigger.kind, trigger.words)
        if key in seen:
            raise LexiconError(
                where, f"{trigger.kind} row {' '.join(trigger.words)!r} already on line {seen[key]}"
            )
        seen[key] = lineno
        yield trigger


def _parse_row(line: str, where: str) -> Trigger:
    # The comment column is free text and may itself contain tabs: split three times only.
    fields = line.split("\t", 3)
    if len(fields) < 3:
        raise LexiconError(
            where, f"expected kind<TAB>pattern<TAB>cameo, got {len(fields)} column(s)"
        )
    kind, pattern, code = (f.strip() for f in fields[:3])
    if kind not in KINDS:
        raise LexiconError(where, f"unknown kind {kind!r} (expected one of {', '.join(KINDS)})")
    words = tuple(pattern.split())
    if not words:
        raise LexiconError(where, "empty pattern")
    for word in words:
        if word != word.lower():
            raise LexiconError(where, f"lemma {word!r} is not lower case")
    if kind in CODED_KINDS:
        if not _CAMEO.fullmatch(code):
            raise LexiconError(where, f"CAMEO code {code!r} is not 2-4 digits")
    elif code != "-":
        raise LexiconError(where, f"{kind} rows take '-' as code, not {code!r}")
    head, extras = (words[-1], words[:-1]) if kind == "noun" else (words[0], words[1:])
    return Trigger(
        kind=kind,
        words=words,
        head=head,
        extras=extras,
        cameo=code if kind in CODED_KINDS else "",
        origin=where,
    )


class Lexicon:
    """An indexed, immutable set of triggers.

    Built from triggers in order; a later trigger with the same kind and words replaces the
    earlier one (keeping its place in the order), which is how a user file overrides a shipped
    row. Lookups are by kind and head lemma, most specific row first.
    """

    def __init__(self, triggers: Iterable[Trigger]) -> None:
        rows: dict[tuple[str, tuple[str, ...]], Trigger] = {}
        for trigger in triggers:
            rows[(trigger.kind, trigger.words)] = trigger
        self._rows: tuple[Trigger, ...] = tuple(rows.values())
        index: dict[tuple[str, str], list[Trigger]] = {}
        for trigger in self._rows:
            index.setdefault((trigger.kind, trigger.head), []).append(trigger)
        # Most words first; sorted() is stable, so equally long rows keep file order.
        self._index: dict[tuple[str, str], tuple[Trigger, ...]] = {
            key: tuple(sorted(group, key=lambda t: -len(t.words))) for key, group in index.items()
        }

    @classmethod
    def builtin(cls) -> Lexicon:
        """The shipped lexicon, read on first use and shared afterwards (it is immutable)."""
        if cls is Lexicon:
            return _builtin()
        return cls(_builtin_triggers())

    @classmethod
    def load(cls, paths: Sequence[str | os.PathLike[str]] = (), *, builtin: bool = True) -> Lexicon:
        """The shipped lexicon (unless ``builtin=False``) followed by the files in ``paths``.

        Files are applied in order; a row whose kind and words equal an earlier row's replaces
        it, so users change a code by repeating the row with their code. A file may also be a
        PETRARCH verb dictionary (``CAMEO.2.0.txt``), whose verbs and patterns become ``verb``
        rows (:mod:`newsevents.events.petrarch_verbs`) applied the same way. Raises
        :class:`~newsevents.errors.LexiconError` for an unreadable file or a bad row.
        """
        triggers: list[Trigger] = list(_builtin_triggers()) if builtin else []
        for path in paths:
            triggers.extend(_read_file(Path(path)))
        return cls(triggers)

    def candidates(self, kind: TriggerKind, head: str) -> tuple[Trigger, ...]:
        """The rows of ``kind`` whose head lemma is ``head``, most words first.

        The caller takes the first row whose extras it finds next to the head, which makes
        "impose sanction" win over "impose" and "peace talk" over "talk".
        """
        return self._index.get((kind, head), ())

    def best(self, kind: TriggerKind, head: str, nearby: Iterable[str]) -> Trigger | None:
        """The first of :meth:`candidates` whose extras all occur in ``nearby`` (lemmas), or None.

        ``nearby`` is what the caller found next to the head in the parse: the lemmas of a
        verb's particles, prepositions, objects and complements, or a noun's modifiers.
        """
        found = frozenset(nearby)
        for trigger in self.candidates(kind, head):
            if all(word in found for word in trigger.extras):
                return trigger
        return None

    def is_kind(self, kind: TriggerKind, lemma: str) -> bool:
        """Whether some row of ``kind`` has ``lemma`` as its head."""
        return (kind, lemma) in self._index

    def __iter__(self) -> Iterator[Trigger]:
        return iter(self._rows)

    def __len__(self) -> int:
        return len(self._rows)

    def __repr__(self) -> str:
        return f"<Lexicon {len(self._rows)} triggers>"


def _read_file(path: Path) -> Sequence[Trigger]:
    """The rows of one user file: our TSV table or a PETRARCH verb dictionary, told apart by
    their first line so that both go through ``--lexicon`` without a format flag."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise LexiconError(str(path), f"cannot read lexicon: {exc}") from exc
    lines = text.splitlines()
    # Imported here: petrarch_verbs builds Trigger values, so it imports this module.
    from . import petrarch_verbs

    if petrarch_verbs.is_verb_dictionary(lines):
        return petrarch_verbs.load_verb_dictionary(path).triggers
    return list(parse_lexicon(lines, str(path)))


@functools.cache
def _builtin_triggers() -> tuple[Trigger, ...]:
    """The rows of the shipped ``data/triggers.tsv``, parsed once."""
    data = resources.files("newsevents.events") / "data" / _DATA_FILE
    return tuple(parse_lexicon(data.read_text(encoding="utf-8").splitlines(), _DATA_FILE))


@functools.cache
def _builtin() -> Lexicon:
    return Lexicon(_builtin_triggers())
