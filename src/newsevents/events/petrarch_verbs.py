"""PETRARCH verb dictionaries (``CAMEO.2.0.txt``) read as extra trigger-lexicon rows.

PETRARCH and TABARI keep decades of coding decisions in their verb dictionaries. Reading one
lets a user bring those decisions to this coder (``--lexicon CAMEO.2.0.txt``) without
converting it by hand; the package ships none. The format (PETRARCH's ``dictionaries.rst``)::

    &CURRENCY                        # a synonym set ("synset"): a label, then "+" members
    +DOLLAR
    +CASH_                           # "_" at the end: no plural

    ---  ASK   [---]  ---            # a verb block: its name and the code of its verbs
    ASK     [020]                    # a verb with its own code ([---]: the verb alone is no event)
    SPEED {SPEEDING SPEEDS SPED}     # irregular forms
    +ASK_FOR {+ASKED_FOR} [020]      # a multi-word verb; "+" marks the verb
    - * (FOR AID)        [0231]      # a pattern: "*" is the verb, (...) a prepositional phrase
    - * &CURRENCY        [0231]      # a synset stands for each of its members
    - &MILITARY * (TO +) [154]       # words before "*" constrain the subject; + target, $ source
    - * (TO)             [042:043]   # code from subject to object : code the other way round
    ~ a (a b ATTACK) SAY = a b 015   # a transformation

Every pattern of a block applies to every verb of the block (the ``# RUSH`` comments only say
where a pattern came from), as in PETRARCH. The coder compares spaCy lemmas, so what is read is
turned into lemmas: a verb is its base form (forms in ``{}`` and inflected listings such as
``DETERRING`` fold into the verb they inflect), plural nouns become singular, and a synset
stands for each of its one-word members. A verb with a CAMEO code gives the row
``verb <lemma> <code>``; a pattern gives, for each verb of its block and each synset member,
``verb <lemma> <words after the verb> <code>``: particles, object heads, complements,
prepositions and the heads of their objects, which is what a ``verb`` row can require
(``docs/lexicon.md``). ``+`` after the verb and ``$`` before it are dropped: they mark where
the coder looks for the target and the source anyway.

What a row cannot say is skipped and recorded as a :class:`Skipped` (``file:line`` and why),
never silently dropped: words before the verb (subject constraints), ``+`` before the verb,
``$`` after it, ``^`` and ``%``, noun phrases in ``{}`` (a row cannot require modifiers of a
noun), words joined by ``_`` (consecutive words), hyphenated words (the tokenizer splits them),
alternatives written ``A/B``, undefined synsets, the null code ``[---]``, codes with only the
reverse direction (``[:173]``: the subject is the target), codes not in the CAMEO table,
transformations (``~``), verbs with words before them (``WIRE_+TAP``) and verbs listed twice
(the first listing keeps its block, as in PETRARCH). Losses inside something that still gives
rows (the reverse code of ``[042:043]``, synset members that are phrases, a verb's own code
that is not CAMEO) are recorded too, with ``partial=True``. Lines whose shape cannot be read (a
pattern without ``[code]`` or with other than one ``*``, an empty ``[]``, a verb or pattern
before any block, a multi-word verb without one ``+``) raise
:class:`~newsevents.errors.LexiconError` naming the file and line.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..codes import cameo
from ..errors import LexiconError
from .lexicon import Trigger

__all__ = [
    "Counts",
    "PatternCode",
    "Skipped",
    "VerbDictionary",
    "VerbEntry",
    "VerbPattern",
    "is_verb_dictionary",
    "load_verb_dictionary",
    "noun_lemma",
    "parse_code",
    "parse_verb_dictionary",
    "tokenize_pattern",
]

_NULL = "---"
#: How the first line of a PETRARCH verb file can begin (after ``#`` comments); a TSV lexicon
#: row begins with its kind, a lower-case word.
_PETRARCH_STARTS = ("<!", "---", "-", "&", "+", "~")
_CODE_PART = re.compile(r"\d{2,4}|---")
_CODE_AT_END = re.compile(r"\[([^\[\]]*)\]\s*$")
_TOKEN = re.compile(r"[(){}]|[^\s(){}]+")
_WORD = re.compile(r"[A-Za-z][A-Za-z']*")
_SEPARATORS = re.compile(r"[\s_]+")
#: Text, then a comment: from ``#`` or ``;`` outside a code bracket to the end of the line
#: (``[###]`` is TABARI's discard code, not a comment).
_COMMENT = re.compile(r"((?:[^#;\[]|\[[^\]]*\]?)*)[#;].*")
_HEADER = re.compile(r"---\s*([^\s\[\]]+)\s*(?:\[([^\[\]]*)\])?(.*)")
_VERB_LINE = re.compile(r"([^\s{}\[\]]+)\s*(?:\{([^{}]*)\})?\s*")
_MARKERS = ("+", "$", "^", "%")

# -- lemmas -----------------------------------------------------------------------------------

#: Words ending in "s" that are not plurals (function words, mass nouns).
_NOT_PLURAL = frozenset(
    {
        *("as", "us", "its", "his", "hers", "ours", "yours", "theirs", "this", "thus", "yes"),
        *("is", "was", "has", "does", "always", "perhaps", "sometimes", "besides", "whereas"),
        *("towards", "afterwards", "backwards", "forwards", "upwards", "downwards", "across"),
        *("less", "unless", "news", "series", "species", "means", "overseas", "gas", "chaos"),
        *("bias", "alias", "atlas", "christmas", "teargas", "themselves", "ourselves"),
    }
)
#: Plurals the rules miss, as the model lemmatises them (it reads "bases" and "taxes" as
#: plurals of "basis" and "taxis": a row must use the model's lemma to match).
_IRREGULAR_PLURALS = {
    "bases": "basis",
    "taxes": "taxis",
    "auspices": "auspex",
    "crises": "crisis",
    "analyses": "analysis",
    "theses": "thesis",
    "children": "child",
    "feet": "foot",
    "teeth": "tooth",
    "mice": "mouse",
    "lives": "life",
    "wives": "wife",
    "knives": "knife",
    "thieves": "thief",
    "halves": "half",
    "criteria": "criterion",
}
_AUXILIARIES = {
    **dict.fromkeys(("is", "are", "am", "was", "were", "been", "being"), "be"),
    **dict.fromkeys(("has", "had", "having"), "have"),
}


@functools.lru_cache(maxsize=8192)
def noun_lemma(word: str) -> str:
    """The singular of a lower-case English word, as the parser's lemma would give it.

    PETRARCH patterns name a word as it appears ("SANCTIONS"); the coder compares lemmas
    ("sanction"). A few rules cover the regular plurals of news nouns; words ending in "s" that
    are not plurals ("news", "towards", "status", "crisis") are kept.
    """
    if word in _IRREGULAR_PLURALS:
        return _IRREGULAR_PLURALS[word]
    if word in _NOT_PLURAL or len(word) <= 3:
        return word
    if word.endswith("men"):
        return word[:-3] + "man"
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("sses", "shes", "ches", "xes", "zzes")):
        return word[:-2]
    if word.endswith(("ss", "us", "is", "ous")):
        return word
    if word.endswith("s"):
        return word[:-1]
    return word


def _inflection_candidates(form: str) -> Iterator[str]:
    """Base forms a regularly inflected verb form may come from: deterring → deter."""
    for suffix in ("ing", "ed"):
        if form.endswith(suffix) and len(form) > len(suffix) + 2:
            stem = form[: -len(suffix)]
            yield stem
            yield stem + "e"
            if len(stem) > 2 and stem[-1] == stem[-2]:
                yield stem[:-1]
            if suffix == "ed" and stem.endswith("i"):
                yield stem[:-1] + "y"
    if form.endswith("ies"):
        yield form[:-3] + "y"
    if form.endswith("es"):
        yield form[:-2]
    if form.endswith("s"):
        yield form[:-1]


# -- values -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Skipped:
    """Something read but not turned into rows, and why.

    ``item`` says what it is ("pattern", "verb", "synset member", "block", "transformation");
    ``category`` is a short fixed label for counting ("noun phrase", "null code");
    ``partial`` is True when the line still gave rows and only this part was lost.
    """

    origin: str  # "file:line"
    item: str
    category: str
    reason: str
    text: str
    partial: bool = False


@dataclass(frozen=True, slots=True)
class PatternCode:
    """A code bracket: ``[042:043]`` is ``active="042", passive="043"``; None is ``---``/empty.

    PETRARCH codes the active part from the subject to the object and the passive part the
    other way round ("X rushed to Y": X visits Y, Y hosts X).
    """

    active: str | None
    passive: str | None = None

    def __str__(self) -> str:
        if self.passive is None:
            return self.active or _NULL
        return f"{self.active or ''}:{self.passive}"


@dataclass(frozen=True, slots=True)
class VerbEntry:
    """One verb of a block: its lemma words ("ask", "for"), the forms listed in ``{}`` (lower
    case, for reference: the coder compares lemmas) and the code of the verb alone, its own or
    its block's (``code.active`` None: the verb alone is no event)."""

    words: tuple[str, ...]
    forms: tuple[str, ...]
    code: PatternCode
    block: str
    origin: str

    @property
    def lemma(self) -> str:
        return " ".join(self.words)


@dataclass(frozen=True, slots=True)
class VerbPattern:
    """One reading of a pattern line that a row can express: the words required after the
    verb and the code. A line with synsets has one reading per combination of members."""

    block: str
    words: tuple[str, ...]
    code: str
    origin: str
    text: str


@dataclass(frozen=True, slots=True)
class Counts:
    """What a verb file gave.

    ``patterns`` lines were read, ``converted`` of them gave at least one row and ``skipped``
    none (``converted + skipped == patterns``); ``coded_verbs`` of the ``verbs`` have a row of
    their own; ``replaced`` rows were given again by a later line of the same file, which wins
    as in PETRARCH.
    """

    verbs: int
    coded_verbs: int
    patterns: int
    converted: int
    skipped: int
    rows: int
    replaced: int


@dataclass(frozen=True)
class VerbDictionary:
    """A parsed PETRARCH verb file and the trigger rows it converts to.

    ``synsets`` maps each label to the one-word lemmas it stands for in patterns.
    """

    path: str
    synsets: Mapping[str, tuple[str, ...]]
    verbs: tuple[VerbEntry, ...]
    patterns: tuple[VerbPattern, ...]
    triggers: tuple[Trigger, ...]
    skipped: tuple[Skipped, ...]
    counts: Counts

    def reasons(self, item: str | None = "pattern", *, partial: bool = False) -> Counter[str]:
        """How many ``item`` records (None: all) were skipped per category.

        ``partial=True`` counts the losses inside lines that still gave rows instead.
        """
        return Counter(
            s.category
            for s in self.skipped
            if s.partial == partial and (item is None or s.item == item)
        )


class _Skip(Exception):
    """A pattern or entry that can be read but not expressed as a row."""

    def __init__(self, category: str, reason: str) -> None:
        super().__init__(reason)
        self.category = category
        self.reason = reason


# -- small parsers ----------------------------------------------------------------------------


def tokenize_pattern(text: str) -> list[str]:
    """The tokens of a pattern: each bracket ``( ) { }`` alone, other runs of non-blanks.

    ``(FOR {FINANCIAL AID})`` → ``( FOR { FINANCIAL AID } )``; PETRARCH writes brackets both
    attached to words and apart, so they are split off wherever they are.
    """
    return _TOKEN.findall(text)


def parse_code(inner: str, origin: str) -> PatternCode:
    """The inside of a code bracket: ``"190"``, ``"042:043"``, ``":173"``, ``"---"``.

    Raises :class:`LexiconError` for an empty bracket, and ValueError for a code that can be
    read but not used: anything but 2-4 digits or ``---`` on a side (``075A``, a WEIS code).
    """
    text = inner.strip()
    if not text:
        raise LexiconError(origin, "empty code bracket []")
    active, colon, passive = (part.strip() for part in text.partition(":"))
    for part in (active, passive):
        if part and not _CODE_PART.fullmatch(part):
            raise ValueError(f"code [{text}] is not 2-4 digits or ---")
    if not active and not passive:
        raise ValueError(f"code [{text}] is empty on both sides")
    return PatternCode(
        active=None if active in ("", _NULL) else active,
        passive=None if not colon or passive in ("", _NULL) else passive,
    )


def is_verb_dictionary(lines: Iterable[str]) -> bool:
    """Whether a lexicon file is a PETRARCH verb dictionary rather than our TSV table.

    Decided by the first line that is not blank or a ``#`` comment: PETRARCH's begins with
    ``<!--``, ``---``, ``-``, ``&``, ``+`` or ``~``; a TSV row begins with its kind.
    """
    for raw in lines:
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        return line.startswith(_PETRARCH_STARTS)
    return False


def _content_lines(lines: Iterable[str], origin: str) -> Iterator[tuple[str, str]]:
    """``(file:line, text)`` without comments or blank lines.

    Comments start at ``#`` (and at ``;``, TABARI's habit: ``SCRAP {...};shan 8/30/93``);
    ``<!-- ... -->`` blocks may span lines.
    """
    in_comment = False
    for number, raw in enumerate(lines, start=1):
        line = raw.rstrip("\r\n")
        if in_comment:
            if "-->" not in line:
                continue
            line = line.split("-->", 1)[1]
            in_comment = False
        while "<!--" in line:
            before, after = line.split("<!--", 1)
            if "-->" in after:
                line = before + after.split("-->", 1)[1]
            else:
                line, in_comment = before, True
        if "#" in line or ";" in line:
            line = (
                _COMMENT.sub(r"\1", line) if "[" in line else re.split("[#;]", line, maxsplit=1)[0]
            )
        line = line.strip()
        if line:
            yield f"{origin}:{number}", line


# -- reading ----------------------------------------------------------------------------------


@dataclass(slots=True)
class _RawVerb:
    primary: str
    forms: tuple[str, ...]
    code: PatternCode | None  # None: the block's
    bad_code: str | None  # why the code on the line cannot be used
    origin: str
    text: str


@dataclass(slots=True)
class _RawPattern:
    body: str
    code: PatternCode | None
    bad_code: str | None
    origin: str
    text: str


@dataclass(slots=True)
class _Block:
    name: str
    code: PatternCode
    origin: str
    verbs: list[_RawVerb] = field(default_factory=list)
    patterns: list[_RawPattern] = field(default_factory=list)


@dataclass(slots=True)
class _Raw:
    synsets: dict[str, list[tuple[str, str]]] = field(default_factory=dict)  # (origin, member)
    blocks: list[_Block] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)


def _split_code(text: str, where: str) -> tuple[str, PatternCode | None, str | None]:
    """The text before a trailing ``[code]``, the code, and why it cannot be used (or None)."""
    match = _CODE_AT_END.search(text)
    if match is None:
        if "[" in text or "]" in text:
            raise LexiconError(where, f"code bracket not closed or not at the end: {text!r}")
        return text, None, None
    before = text[: match.start()]
    if "[" in before or "]" in before:
        raise LexiconError(where, f"more than one code bracket: {text!r}")
    try:
        return before, parse_code(match.group(1), where), None
    except ValueError as exc:
        return before, None, str(exc)


def _read(lines: Iterable[str], origin: str) -> _Raw:
    """Synsets, blocks (verbs and patterns) and transformations, in file order."""
    raw = _Raw()
    synset: str | None = None
    for where, line in _content_lines(lines, origin):
        if line.startswith("---"):
            synset = None
            raw.blocks.append(_block(line, where, raw.skipped))
        elif line.startswith("-"):
            synset = None
            if not raw.blocks:
                raise LexiconError(where, "pattern before any --- verb block")
            body, code, bad = _split_code(line[1:], where)
            if code is None and bad is None:
                raise LexiconError(where, f"pattern without a [code]: {line!r}")
            if body.count("*") != 1:
                raise LexiconError(where, f"a pattern needs exactly one * (the verb): {line!r}")
            raw.blocks[-1].patterns.append(_RawPattern(body, code, bad, where, line))
        elif line.startswith("&"):
            label, *rest = line.split()
            if rest:
                raise LexiconError(where, f"text after the synset label {label}: {rest[0]!r}")
            synset = label
            raw.synsets.setdefault(label, [])
        elif line.startswith("~"):
            raw.skipped.append(
                Skipped(where, "transformation", "transformation", "not supported", line)
            )
        elif line.startswith("+") and synset is not None:
            raw.synsets[synset].append((where, line[1:].strip()))
        else:
            if not raw.blocks:
                raise LexiconError(where, f"verb {line!r} before any --- verb block")
            raw.blocks[-1].verbs.append(_verb_line(line, where))
    return raw


def _block(line: str, where: str, skipped: list[Skipped]) -> _Block:
    header = _HEADER.fullmatch(line)
    if header is None:
        raise LexiconError(where, f"cannot read the block header {line!r}")
    name, inner, rest = header.groups()
    code = PatternCode(None)
    try:
        code = parse_code(inner, where) if inner is not None else code
    except ValueError as exc:  # the verbs' own codes still count
        skipped.append(Skipped(where, "block", "code not CAMEO", str(exc), line, partial=True))
    if rest.strip("- "):  # "--- DELAY [120]  [031:031] ---": PETRARCH reads the first code
        reason = f"ignored after the code: {rest.strip()!r}"
        skipped.append(Skipped(where, "block", "header text", reason, line, partial=True))
    return _Block(name, code, where)


def _verb_line(line: str, where: str) -> _RawVerb:
    text, code, bad = _split_code(line, where)
    match = _VERB_LINE.fullmatch(text)
    if match is not None:
        primary, forms = match.groups()
        listed = tuple(f.strip(",").lower() for f in (forms or "").split() if f.strip(","))
        return _RawVerb(primary, listed, code, bad, where, line)
    if "{" not in text and "}" not in text and len(text.split()) > 1:
        # "LASH OUT": not in the format (multi-word verbs are +LASH_OUT); kept to be reported
        return _RawVerb(text.strip(), (), code, bad, where, line)
    raise LexiconError(where, f"cannot read the verb line {line!r}")


# -- converting -------------------------------------------------------------------------------


def _usable_code(code: PatternCode | None, bad: str | None) -> str:
    """The CAMEO code a row gets; raises _Skip when there is none."""
    if code is None:
        raise _Skip("code not CAMEO", bad or "no code")
    if code.active is None:
        if code.passive is None:
            raise _Skip("null code", "[---]: PETRARCH codes no event")
        raise _Skip(
            "reverse code only",
            f"[:{code.passive}]: the subject is the target, which a verb row cannot say",
        )
    if cameo.get(code.active) is None:
        raise _Skip("code not CAMEO", f"code {code.active} is not in the CAMEO table")
    return code.active


def _reverse_dropped(
    code: PatternCode | None, item: str, raw: _RawVerb | _RawPattern
) -> list[Skipped]:
    """The record of the reverse half of ``[042:043]``: a row has one code, subject → object."""
    if code is None or code.passive is None or code.passive == code.active:
        return []
    reason = f"[{code}]: rows code {code.active}; the reverse {code.passive} is dropped"
    return [Skipped(raw.origin, item, "reverse code dropped", reason, raw.text, partial=True)]


def _word(tok: str, *, prep: bool) -> str:
    """A pattern word as a lemma; prepositions are kept as written ("towards")."""
    if "_" in tok:
        raise _Skip("consecutive words", f"{tok}: words joined by _ must be consecutive")
    if "/" in tok:
        raise _Skip("alternatives", f"{tok}: alternatives written with / are not supported")
    if "-" in tok:
        raise _Skip("hyphenated word", f"{tok}: the tokenizer splits hyphenated words")
    if not _WORD.fullmatch(tok):
        raise _Skip("unusual word", f"{tok!r} is not a word")
    word = tok.lower()
    return word if prep else noun_lemma(word)


class _Synsets:
    """Synset labels → the one-word lemmas they stand for, expanded on first use."""

    def __init__(self, raw: Mapping[str, list[tuple[str, str]]]) -> None:
        self.raw = raw
        self._done: dict[str, tuple[str, ...]] = {}

    def key(self, label: str) -> str | None:
        """The defined label: as written, or with the trailing ``_`` that only switches off
        plurals ("&PREPOSIT1" is "&PREPOSIT1_")."""
        for key in (label, label + "_"):
            if key in self.raw:
                return key
        return None

    def members(self, label: str) -> tuple[str, ...]:
        """The lemmas of a synset; raises _Skip for an undefined label."""
        key = self.key(label)
        if key is None:
            raise _Skip("undefined synset", f"synset {label} is not defined")
        if key not in self._done:
            self._done[key] = ()  # a synset that contains itself adds nothing more
            kept: dict[str, None] = {}
            for _where, member in self.raw[key]:
                if member.startswith("&"):
                    if self.key(member) is not None:
                        kept.update(dict.fromkeys(self.members(member)))
                elif self.problem(member) is None:
                    kept[noun_lemma(member.strip("_").lower())] = None
            self._done[key] = tuple(kept)
        return self._done[key]

    def problem(self, member: str) -> str | None:
        """Why a member stands for nothing in patterns, or None."""
        if member.startswith("&"):
            return None if self.key(member) else f"synset {member} is not defined"
        words = [w for w in _SEPARATORS.split(member.strip("_ ")) if w]
        if len(words) > 1:
            return f"{member} is a phrase: rows cannot require modifiers or consecutive words"
        if not words or not _WORD.fullmatch(words[0]):
            return f"{member!r} is not a word (hyphenated words are split by the tokenizer)"
        return None

    def dropped(self) -> list[Skipped]:
        return [
            Skipped(where, "synset member", "synset member", reason, f"+{member}", partial=True)
            for members in self.raw.values()
            for where, member in members
            if (reason := self.problem(member)) is not None
        ]


def _readings(raw: _RawPattern, synsets: _Synsets) -> list[tuple[str, ...]]:
    """The words a pattern requires after the verb, one tuple per combination of synset
    members. Raises _Skip when the pattern cannot be a row."""
    before, after = raw.body.split("*")
    before, after = before.rstrip("_"), after.lstrip("_")  # "IN_*", "*_OUT": next to the verb
    pre = tokenize_pattern(before)
    if "+" in pre:
        raise _Skip("target before the verb", "+ before the verb: the subject is the target")
    if any(tok != "$" for tok in pre):
        raise _Skip(
            "words before the verb",
            f"words before the verb ({before.strip()}) constrain the subject; rows do not",
        )
    slots: list[tuple[str, ...]] = []
    in_paren = in_brace = prep_next = False
    brace: list[str] = []
    for tok in tokenize_pattern(after):
        if tok == "(":
            if in_paren or in_brace:
                raise _Skip("unbalanced brackets", "a ( inside brackets")
            in_paren = prep_next = True
        elif tok == ")":
            if not in_paren or in_brace:
                raise _Skip("unbalanced brackets", "a ) without its (")
            in_paren = prep_next = False
        elif tok == "{":
            if in_brace:
                raise _Skip("unbalanced brackets", "a { inside braces")
            in_brace, brace = True, []
        elif tok == "}":
            if not in_brace:
                raise _Skip("unbalanced brackets", "a } without its {")
            in_brace = False
            if len(brace) != 1 or brace[0].startswith(("&", *_MARKERS)):
                phrase = " ".join(brace)
                raise _Skip("noun phrase", f"{{{phrase}}}: rows cannot require modifiers")
            slots.append((_word(brace[0], prep=prep_next),))
            prep_next = False
        elif in_brace:
            brace.append(tok)
        else:
            slot = _slot(tok, synsets, prep=prep_next)
            if slot:
                slots.append(slot)
            prep_next = False
    if in_paren or in_brace:
        raise _Skip("unbalanced brackets", "a bracket is never closed")
    if not slots:
        raise _Skip("no words", "no words besides the verb: the verb's own code applies")
    readings: dict[tuple[str, ...], None] = {}
    for combination in itertools.product(*slots):
        readings[tuple(dict.fromkeys(combination))] = None
    return list(readings)


def _slot(tok: str, synsets: _Synsets, *, prep: bool) -> tuple[str, ...]:
    """The words a token stands for (alternatives); empty for a dropped target marker."""
    if tok == "+":
        return ()  # the target: after the verb, where the coder looks for it
    if tok == "$":
        raise _Skip("source after the verb", "$ after the verb: rows take the subject as source")
    if tok in ("^", "%"):
        what = "the skip marker ^" if tok == "^" else "the compound-actor marker %"
        raise _Skip("unsupported marker", f"{what} is not supported")
    if tok.startswith("&"):
        members = synsets.members(tok)
        if not members:
            raise _Skip("synset without words", f"synset {tok} has no one-word member")
        return members
    return (_word(tok, prep=prep),)


def _verb_bases(blocks: Sequence[_Block]) -> list[dict[str, str]]:
    """Per block, listing → base form for the listings that inflect another verb of the block.

    PETRARCH lists some forms as verbs of their own ("DETER {DETERRING ...}", then
    "DETERRING"); the coder sees the lemma, so such a listing is the verb it inflects. Only
    verbs of the same block count: "FOUND" in a block of its own is "to found", not "find".
    """
    forms: dict[str, str] = {}
    for block in blocks:
        for verb in block.verbs:
            if "_" not in verb.primary:
                for form in verb.forms:
                    forms.setdefault(form.lstrip("+"), verb.primary.lstrip("+").lower())
    out: list[dict[str, str]] = []
    for block in blocks:
        listed = {v.primary.lstrip("+").lower() for v in block.verbs}
        base: dict[str, str] = {}
        for form in listed:
            if forms.get(form, form) != form and forms[form] in listed:
                base[form] = forms[form]
                continue
            for candidate in _inflection_candidates(form):
                if candidate != form and candidate in listed:
                    base[form] = candidate
                    break
        out.append(base)
    return out


def _verb_words(raw: _RawVerb, base: Mapping[str, str]) -> tuple[str, ...]:
    """The lemma words of a verb listing ("+ASK_FOR" → ask, for); raises _Skip."""
    primary = raw.primary
    if " " in primary:
        raise _Skip("verb with blanks", f"{primary}: a multi-word verb is written +WORD_WORD")
    if "_" in primary:
        if primary.count("+") != 1:
            raise LexiconError(raw.origin, f"multi-word verb {primary!r} needs one + on the verb")
        parts = primary.lower().split("_")
        at = next(i for i, part in enumerate(parts) if part.startswith("+"))
        if at:
            raise _Skip("words before the verb", f"{primary}: words before the verb")
        parts[0] = parts[0][1:]
    else:
        parts = [primary.lstrip("+").lower()]
    if not all(_WORD.fullmatch(p) for p in parts):
        raise _Skip("hyphenated word", f"{primary}: not words the tokenizer keeps whole")
    head = _AUXILIARIES.get(parts[0]) or base.get(parts[0], parts[0])
    return (head, *parts[1:])


def parse_verb_dictionary(lines: Iterable[str], origin: str) -> VerbDictionary:
    """A PETRARCH verb file's verbs and patterns, and the trigger rows they convert to.

    ``origin`` names the file in ``Trigger.origin`` and in messages. Rows come in file order;
    a row whose words an earlier row of the file has replaces it (keeping its place), as a
    later pattern wins in PETRARCH. Raises :class:`LexiconError` for a line whose shape
    cannot be read (see the module docstring).
    """
    raw = _read(lines, origin)
    synsets = _Synsets(raw.synsets)
    skipped = raw.skipped + synsets.dropped()
    verbs: list[VerbEntry] = []
    patterns: list[VerbPattern] = []
    rows: dict[tuple[str, ...], tuple[str, str]] = {}  # words → (code, origin)
    first: dict[tuple[str, ...], str] = {}
    given = 0

    for block, base in zip(raw.blocks, _verb_bases(raw.blocks), strict=True):
        members: list[VerbEntry] = []
        for verb in block.verbs:
            try:
                words = _verb_words(verb, base)
                if words in first:
                    raise _Skip(
                        "repeated verb",
                        f"{' '.join(words)} is listed at {first[words]}: the first listing "
                        "keeps its block, as in PETRARCH",
                    )
            except _Skip as skip:
                skipped.append(Skipped(verb.origin, "verb", skip.category, skip.reason, verb.text))
                continue
            first[words] = verb.origin
            own = verb.code if verb.bad_code is None else PatternCode(None)  # "[abc]": none
            entry = VerbEntry(words, verb.forms, own or block.code, block.name, verb.origin)
            members.append(entry)
            verbs.append(entry)
            try:
                code = _usable_code(None if verb.bad_code else entry.code, verb.bad_code)
            except _Skip as skip:
                if skip.category != "null code":  # [---]: the verb alone is no event, by design
                    skipped.append(
                        Skipped(verb.origin, "verb", skip.category, skip.reason, verb.text, True)
                    )
                continue
            skipped.extend(_reverse_dropped(entry.code, "verb", verb))
            rows[words] = (code, verb.origin)
            given += 1
        for pattern in block.patterns:
            try:
                code = _usable_code(pattern.code, pattern.bad_code)
                readings = _readings(pattern, synsets)
                if not members:
                    raise _Skip(
                        "no verbs",
                        "its block has no verb of its own (all listed in earlier blocks or "
                        "not matchable)",
                    )
            except _Skip as skip:
                skipped.append(
                    Skipped(pattern.origin, "pattern", skip.category, skip.reason, pattern.text)
                )
                continue
            skipped.extend(_reverse_dropped(pattern.code, "pattern", pattern))
            value = (code, pattern.origin)
            for extras in readings:
                patterns.append(VerbPattern(block.name, extras, code, pattern.origin, pattern.text))
                for entry in members:
                    after = extras  # "ask for" + (for, aid): the verb's particle only once
                    particles = entry.words[1:]
                    if particles and not set(particles).isdisjoint(extras):
                        after = tuple(w for w in extras if w not in particles)
                    rows[entry.words + after] = value
                given += len(members)
    triggers = tuple(
        Trigger("verb", words, words[0], words[1:], code, where)
        for words, (code, where) in rows.items()
    )
    alive = frozenset(where for _code, where in rows.values())
    lines_read = [p.origin for b in raw.blocks for p in b.patterns]
    for where, text in {p.origin: p.text for p in patterns}.items():
        if where not in alive:
            reason = "each of its rows is given again by a later line, which wins"
            skipped.append(Skipped(where, "pattern", "replaced", reason, text))
    skipped.sort(key=lambda s: _line_number(s.origin))
    converted = sum(1 for where in lines_read if where in alive)
    counts = Counts(
        verbs=len(verbs),
        coded_verbs=sum(1 for v in verbs if v.origin in alive),
        patterns=len(lines_read),
        converted=converted,
        skipped=len(lines_read) - converted,
        rows=len(triggers),
        replaced=given - len(rows),
    )
    return VerbDictionary(
        path=origin,
        synsets={label: synsets.members(label) for label in raw.synsets},
        verbs=tuple(verbs),
        patterns=tuple(patterns),
        triggers=triggers,
        skipped=tuple(skipped),
        counts=counts,
    )


def _line_number(origin: str) -> int:
    tail = origin.rsplit(":", 1)[-1]
    return int(tail) if tail.isdigit() else 0


# -- loading ----------------------------------------------------------------------------------


def load_verb_dictionary(path: str | Path) -> VerbDictionary:
    """The verb file at ``path``, parsed once per process while it is unchanged (CAMEO.2.0.txt
    takes about a second). The cache is keyed by path, size and modification time, so an edited
    file is read again. Raises :class:`LexiconError` for an unreadable file or a broken line.
    """
    try:
        stat = Path(path).stat()
    except OSError as exc:
        raise LexiconError(str(path), f"cannot read lexicon: {exc}") from exc
    return _load(str(path), stat.st_size, stat.st_mtime_ns)


@functools.lru_cache(maxsize=8)
def _load(path: str, _size: int, _mtime: int) -> VerbDictionary:
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise LexiconError(path, f"cannot read lexicon: {exc}") from exc
    return parse_verb_dictionary(text.splitlines(), path)
