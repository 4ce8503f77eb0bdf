"""Finding time expressions in a parsed sentence: NER ``DATE``/``TIME`` spans plus a scan.

The model's entities catch most dates; a regular-expression scan of the sentence text adds
the forms it misses. Overlapping finds are merged, a preceding "on"/"in"/"last"/"next" is
taken in, and only what :func:`~newsevents.time.grounding.ground` can resolve is kept.

An expression that bounds or measures a span rather than naming when something happened
("since 1976", "until May", "as of Monday", "between 2010 and 2015", "more than last year",
"the highest since March") is kept with its marker in ``bound``; it dates no event.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass

from ..types import Document, Token
from .grounding import APPROXIMATE, MONTHS, NUMBERS, UNIT_RE, WEEKDAYS, YEAR_RE, ground

TIME_LABELS = frozenset({"DATE", "TIME"})
#: Words taken into an expression when they stand just before it.
OPENERS = frozenset({"on", "in", "last", "next", "this", "earlier", "later", "early", "late"})
#: Words before an expression (or the preposition it hangs on) that make it a span's bound or
#: a comparison, not the time of an event: "since 1976", "until May", "by 2030", "than 2019".
BOUNDS = frozenset(
    {"since", "until", "till", "til", "through", "thru", "by", "from", "between", "before",
     "after", "than", "throughout", "pending"}
)  # fmt: skip
#: Two-word bounds, as (first, second): "as of Monday", "prior to May", "up to 2020".
BOUND_PAIRS = frozenset({("as", "of"), ("prior", "to"), ("up", "to"), ("compared", "to"),
                         ("compared", "with"), ("ever", "since")})  # fmt: skip

_WEEKDAY = "|".join(sorted((w.capitalize() for w in WEEKDAYS if len(w) > 3), key=len, reverse=True))
_MONTH = "|".join(sorted((m.capitalize() for m in MONTHS if m != "may"), key=len, reverse=True))
_NUMBER = "|".join([*NUMBERS, r"\d{1,3}"])
_ORD = r"(?:st|nd|rd|th)?"
#: Capitalised names (case-sensitive, so the verb "may" and "march" are not months).
_NAMES = re.compile(
    rf"\b(?:(?:{_WEEKDAY}),?\s+)?(?:{_MONTH}|May)\.?\s+\d{{1,2}}{_ORD}\b(?:,?\s+{YEAR_RE}\b)?"
    rf"|\b\d{{1,2}}{_ORD}\s+(?:of\s+)?(?:{_MONTH}|May)\b(?:\s+{YEAR_RE}\b)?"
    rf"|\b(?:{_MONTH}|May)\.?,?\s+(?:of\s+)?{YEAR_RE}\b"
    rf"|\b(?:{_MONTH}|May)\s+(?:of\s+)?(?:this|last|next)\s+year\b"
    rf"|\b(?:[Ii]n|[Ee]arly|[Ll]ate|[Mm]id-)\s*(?:{_MONTH}|May)\b"
    rf"|\b(?:{_MONTH})\b"
    rf"|\b(?:(?:[Ll]ast|[Nn]ext|[Tt]his)\s+)?(?:{_WEEKDAY})\b"
    rf"(?:\s+(?:morning|afternoon|evening|night))?"
    r"|\b\d{4}-\d{2}-\d{2}\b"
    rf"|\b[Ii]n\s+{YEAR_RE}\b"
)
_RELATIVE = re.compile(
    r"\b(?:yesterday|today|tonight|tomorrow|overnight|last\s+night"
    r"|this\s+(?:morning|afternoon|evening)"
    r"|the\s+(?:previous|prior)\s+day|the\s+day\s+before"
    r"|(?:(?:earlier|later)\s+)?this\s+(?:week|month|year)|(?:last|next)\s+(?:week|month|year)"
    rf"|(?:{_NUMBER})\s+(?:day|week|month|year)s?\s+ago"
    # anaphoric: counted from the date the text last gave
    rf"|(?:{APPROXIMATE}\s+)?(?:{_NUMBER}|a\s+few|several)\s+{UNIT_RE}s?\s+"
    r"(?:later|earlier|after(?:wards?)?|before|previously|prior)(?:\s+(?:this|that|then)\b)?"
    r"|the\s+(?:next|following|previous|preceding|prior|same)\s+"
    rf"(?:day|morning|afternoon|evening|night|{UNIT_RE})"
    r"|the\s+day\s+(?:before|after)"
    rf"|(?:(?:later|earlier)\s+)?that\s+(?:day|morning|afternoon|evening|night|{UNIT_RE}))\b",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class TimeExpression:
    """A time expression in the text: character offsets, tokens ``[first, last)`` and the
    token that links it to the rest of the parse (its syntactic head)."""

    text: str
    start: int
    end: int
    first_token: int
    last_token: int  # exclusive
    head: int
    #: The word that makes it a span's bound ("since", "until", "as of"); ``""`` for a date.
    bound: str = ""


def find_expressions(doc: Document, sentence_index: int) -> list[TimeExpression]:
    """The groundable time expressions of one sentence, in text order, not overlapping."""
    sentence = doc.sentences[sentence_index]
    tokens = doc.sentence_tokens(sentence_index)
    if not tokens:
        return []
    spans = _entity_spans(tokens)
    for pattern in (_NAMES, _RELATIVE):
        for m in pattern.finditer(sentence.text):
            spans.append(_snap(tokens, sentence.start + m.start(), sentence.start + m.end()))
    out: list[TimeExpression] = []
    for first, last in _merge(s for s in spans if s[0] < s[1]):
        first = _with_opener(tokens, first)
        expr = _groundable(doc, tokens, first, last)
        if expr is not None:
            out.append(expr)
    return out


def _entity_spans(tokens: tuple[Token, ...]) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    for tok in tokens:
        if tok.ent_type not in TIME_LABELS:
            continue
        if tok.ent_iob == "B" or not spans or spans[-1][1] != tok.i:
            spans.append((tok.i, tok.i + 1))
        else:
            spans[-1] = (spans[-1][0], tok.i + 1)
    return spans


def _snap(tokens: tuple[Token, ...], start: int, end: int) -> tuple[int, int]:
    """The tokens ``[first, last)`` that a character span touches."""
    inside = [t.i for t in tokens if t.idx < end and t.end > start]
    return (inside[0], inside[-1] + 1) if inside else (0, 0)


def _merge(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    ordered = sorted(spans)
    merged: list[tuple[int, int]] = []
    for first, last in ordered:
        if merged and first < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], last))
        else:
            merged.append((first, last))
    return merged


def _with_opener(tokens: tuple[Token, ...], first: int) -> int:
    base = tokens[0].i
    if first > base and tokens[first - 1 - base].text.lower() in OPENERS:
        return first - 1
    return first


def _groundable(
    doc: Document, tokens: tuple[Token, ...], first: int, last: int
) -> TimeExpression | None:
    """The longest stretch of ``[first, last)`` that grounds, trimming words at either end
    ("the talks on Tuesday" → "on Tuesday")."""
    probe = dt.date(2000, 6, 15)
    for size in range(last - first, 0, -1):
        for a in range(first, last - size + 1):
            b = a + size
            text = doc.span_text(a, b)
            if ground(text, probe) is None:
                continue
            head = _head(doc, a, b)
            return TimeExpression(
                text=text,
                start=doc.tokens[a].idx,
                end=doc.tokens[b - 1].end,
                first_token=a,
                last_token=b,
                head=head,
                bound=_bound(doc, tokens, a, head),
            )
    return None


def _bound(doc: Document, tokens: tuple[Token, ...], first: int, head: int) -> str:
    """The marker that makes the expression a span's bound: the word before it, or the
    preposition it hangs on (with the word before that for "as of", "prior to")."""
    base = tokens[0].i
    places = [first]
    head_tok = doc.tokens[head]
    if head_tok.dep == "pobj" and head_tok.head != head:
        places.append(head_tok.head + 1)  # the preposition, as the "word before" its object
    elif head_tok.dep == "prep" and head == first:
        places.append(head + 1)  # the expression opens with its preposition ("after May 5")
    for at in places:
        one = doc.tokens[at - 1].text.lower() if at - 1 >= base else ""
        two = doc.tokens[at - 2].text.lower() if at - 2 >= base else ""
        if (two, one) in BOUND_PAIRS:
            return f"{two} {one}"
        if one in BOUNDS:
            return one
    # Inside a bound's noun phrase: "until his next court appearance on April 5".
    tok = doc.tokens[head_tok.head]
    while tok.pos not in {"VERB", "AUX"} and tok.head != tok.i:
        if tok.dep == "prep" and tok.text.lower() in BOUNDS:
            return tok.text.lower()
        tok = doc.tokens[tok.head]
    return ""


def _head(doc: Document, first: int, last: int) -> int:
    """The first token of the span whose syntactic head lies outside it."""
    for i in range(first, last):
        head = doc.tokens[i].head
        if head == i or not first <= head < last:
            return i
    return first
