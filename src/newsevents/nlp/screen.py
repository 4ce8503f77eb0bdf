"""The screen: which sentences of an article can hold an event, decided before parsing.

The dependency parse and the named entities are the cost floor of the coder, and most sentences
of a long news article hold no political event: an event needs a trigger from the lexicon. The
screen reads an article with spaCy's tokenizer alone (about a hundred times faster than the
tagger, parser and entity recogniser together), splits it into sentences at sentence-final
punctuation and paragraph breaks, and keeps a sentence when

* one of its words is an inflected form of the head of a ``verb`` or ``noun`` lexicon row,
  and the row's other words occur in the sentence too ("be skeptical" needs "skeptical", so
  "is" alone keeps nothing), or
* it holds a cue of a construction the coder reads without a trigger word ("X said Y *must*
  V" is X's demand).

The other sentences are blanked before the parse: every character but line breaks becomes a
space, and the first two become a paragraph break so the parser starts a new sentence after
them. The parsed text is as long as the article, so every character offset (evidence, trigger,
actor spans) stays an offset into the article and nothing needs mapping back. The blanked spans
are recorded on the Document (``Document.unparsed``) for stages that read the whole article.

The parse need not tokenize the article a second time: :meth:`Screened.doc` rebuilds the
blanked text's tokens from the screen's own (the kept ones as they are, each blanked stretch as
the whitespace the tokenizer makes of it), and the parser takes that ``Doc``.

Inflected forms are generated from the lexicon's lemmas by English spelling rules (``-s``,
``-es``, ``-ies``, ``-ed``, ``-ing``, final ``e`` dropped, final consonant doubled), plus the
irregular forms in the model's own lemmatizer exceptions ("went" for "go"). Over-generation
("bringed") costs nothing; a missed form would lose events, which the tests guard against for
every lexicon row.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..events.lexicon import Lexicon

__all__ = ["CUES", "Screen", "Screened", "inflections"]

#: Words that keep a sentence although they are no trigger: "X said Y must V" is X's demand.
CUES = frozenset({"must"})

#: Kinds of lexicon rows that name an event themselves; ``light``, ``receive`` and ``say`` rows
#: only combine with an event noun, which is a ``noun`` row of its own.
EVENT_KINDS = frozenset({"verb", "noun"})

#: Pronouns and references the actors stage resolves through the sentence before.
_PRONOUNS = frozenset({"he", "she", "his", "her", "him", "they", "them", "their", "its"})
_VOWELS = frozenset("aeiou")
_SENTENCE_END = frozenset({".", "!", "?"})
_QUOTES = frozenset({'"', "'", "\u201d", "\u2019", "''"})


def _verb_forms(lemma: str) -> set[str]:
    forms = {lemma, lemma + "ing"}
    if lemma.endswith("e"):
        forms |= {lemma + "s", lemma + "d", lemma[:-1] + "ing"}
    elif lemma.endswith("y") and len(lemma) > 1 and lemma[-2] not in _VOWELS:
        forms |= {lemma[:-1] + "ies", lemma[:-1] + "ied"}
    elif lemma.endswith(("s", "x", "z", "ch", "sh", "o")):
        forms |= {lemma + "es", lemma + "ed"}
    else:
        forms |= {lemma + "s", lemma + "ed"}
    # Doubled final consonant: "ban" -> "banned", "commit" -> "committed".
    if len(lemma) >= 3 and lemma[-1] not in _VOWELS | {"w", "x", "y"} and lemma[-2] in _VOWELS:
        forms |= {lemma + lemma[-1] + "ed", lemma + lemma[-1] + "ing"}
    if lemma.endswith("c"):  # "panic" -> "panicked"
        forms |= {lemma + "ked", lemma + "king"}
    return forms


def _noun_forms(lemma: str) -> set[str]:
    if lemma.endswith("y") and len(lemma) > 1 and lemma[-2] not in _VOWELS:
        return {lemma, lemma[:-1] + "ies"}
    if lemma.endswith(("s", "x", "z", "ch", "sh")):
        return {lemma, lemma + "es"}
    return {lemma, lemma + "s"}


def inflections(lemma: str, irregular: Mapping[str, Iterable[str]] | None = None) -> frozenset[str]:
    """Every form the screen accepts for ``lemma``: regular verb and noun forms, and the
    irregular forms ``irregular`` maps the lemma to ("go" -> "went", "gone")."""
    forms = _verb_forms(lemma) | _noun_forms(lemma)
    if irregular is not None:
        forms |= set(irregular.get(lemma, ()))
    return frozenset(forms)


@dataclass(frozen=True, slots=True)
class Screened:
    """One article after the screen: the text to parse and what was left out."""

    text: str
    #: ``(start, end)`` character spans of the article that were blanked.
    unparsed: tuple[tuple[int, int], ...]
    words: int
    kept_words: int
    #: The tokenizer's ``Doc`` of the article text (None when the screen was given none).
    tokens: Any = field(default=None, compare=False, repr=False)
    #: The tokenizer that made :attr:`tokens`, for the texts whose tokens cannot be reused.
    tokenizer: Any = field(default=None, compare=False, repr=False)

    def doc(self) -> Any:
        """The tokens of :attr:`text` as spaCy's tokenizer makes them, without tokenizing it
        again where that is sure to give the same: the article's own ``Doc`` when nothing was
        blanked, else one rebuilt from its kept tokens (:func:`blanked_doc`). Where a blanked
        stretch begins or ends inside a run of non-space characters (``calm."It``: sentences
        with no space between them), the kept part of that run may split otherwise once its
        neighbour is blank, so the blanked text is tokenized again."""
        if self.tokens is None:
            raise ValueError("this screen result holds no tokens")
        if not self.unparsed:
            return self.tokens
        if self.tokenizer is not None and cuts_a_word(self.tokens.text, self.unparsed):
            return self.tokenizer(self.text)
        return blanked_doc(self.tokens, self.text, self.unparsed)


def cuts_a_word(text: str, spans: Sequence[tuple[int, int]]) -> bool:
    """Whether a span boundary falls between two non-space characters of ``text``."""
    return any(
        0 < cut < len(text) and not text[cut - 1].isspace() and not text[cut].isspace()
        for span in spans
        for cut in span
    )


def blanked_doc(tokens: Any, blanked: str, unparsed: Sequence[tuple[int, int]]) -> Any:
    """A ``Doc`` of ``blanked`` made of the non-space tokens of ``tokens`` (the ``Doc`` of
    the article) outside the ``unparsed`` spans, and whitespace tokens between them.

    The whitespace between two kept tokens follows the tokenizer's rule: one space after a
    token is its trailing space, and the rest of the run is one whitespace token. Kept tokens
    keep their text and their norm (the tokenizer's special cases give "n't" the norm "not",
    which a ``Doc`` built from words would not know), so the parse sees the article's own
    tokens; character offsets are unchanged because ``blanked`` is as long as the article.
    """
    from spacy.tokens import Doc

    words: list[str] = []
    spaces: list[bool] = []
    norms: list[tuple[int, str]] = []  # (index, norm) where a token's norm is not its word's
    spans = iter(unparsed)
    span = next(spans, None)
    end = 0  # where the last kept token ends

    def gap(start: int) -> None:
        run = blanked[end:start]
        if run and words and run[0] == " ":
            spaces[-1] = True
            run = run[1:]
        if run:
            words.append(run)
            spaces.append(False)

    for tok in tokens:
        if tok.is_space:
            continue
        start = tok.idx
        while span is not None and span[1] <= start:
            span = next(spans, None)
        if span is not None and span[0] <= start:
            continue  # inside a blanked stretch
        gap(start)
        if tok.norm != tok.lex.norm:
            norms.append((len(words), tok.norm_))
        words.append(tok.text)
        spaces.append(False)
        end = start + len(tok.text)
    gap(len(blanked))
    doc = Doc(tokens.vocab, words=words, spaces=spaces)
    for i, norm in norms:
        doc[i].norm_ = norm
    return doc


@dataclass(frozen=True, slots=True)
class _Segment:
    start: int  # first non-space character
    end: int
    words: tuple[str, ...]  # lower-cased token texts, spaces left out
    names: frozenset[str]  # capitalised words after the first: "Allen" of "Adm Allen said"


class Screen:
    """Decides, from the tokenizer's words alone, which sentences get the full parse.

    ``tokenizer`` is a spaCy tokenizer (``nlp.tokenizer``); ``irregular`` maps lemmas to their
    irregular forms. Build one for a loaded model with :meth:`for_model`.
    """

    def __init__(
        self,
        lexicon: Lexicon,
        tokenizer: Any,
        irregular: Mapping[str, Iterable[str]] | None = None,
        *,
        cues: frozenset[str] = CUES,
    ) -> None:
        self._tokenizer = tokenizer
        self._cues = cues
        forms: dict[str, set[tuple[frozenset[str], ...]]] = {}
        for trigger in lexicon:
            if trigger.kind not in EVENT_KINDS:
                continue
            extras = tuple(inflections(word, irregular) for word in trigger.extras)
            for form in inflections(trigger.head, irregular):
                forms.setdefault(form, set()).add(extras)
        # A head any of whose rows needs no other word keeps a sentence on its own.
        self._alone = frozenset(form for form, rows in forms.items() if () in rows)
        self._with_extras = {
            form: tuple(rows) for form, rows in forms.items() if form not in self._alone
        }

    @classmethod
    def for_model(cls, nlp: Any, lexicon: Lexicon) -> Screen:
        """The screen for a loaded spaCy pipeline: its tokenizer and lemmatizer exceptions."""
        return cls(lexicon, nlp.tokenizer, _irregular_forms(nlp))

    def keeps(self, words: Sequence[str]) -> bool:
        """Whether a sentence of these (lower-cased) words can hold an event."""
        present = frozenset(words)
        if present & self._alone or present & self._cues:
            return True
        for word in present:
            for extras in self._with_extras.get(word, ()):
                if all(present & forms for forms in extras):
                    return True
        return False

    def __call__(self, text: str) -> Screened:
        """Blank the sentences of ``text`` that cannot hold an event (see the module docs)."""
        tokens = self._tokenizer(text)
        segments = list(self._segments(tokens))
        keep = [not s.words or self.keeps(s.words) for s in segments]
        _keep_antecedents(segments, keep)
        chars: list[str] | None = None
        unparsed: list[tuple[int, int]] = []
        words = kept = 0
        for segment, kept_segment in zip(segments, keep, strict=True):
            words += len(segment.words)
            if kept_segment:
                kept += len(segment.words)
                continue
            if chars is None:
                chars = list(text)
            start, end = segment.start, segment.end
            for i in range(start, end):
                if chars[i] != "\n":
                    chars[i] = " "
            if end - start >= 2:
                chars[start] = chars[start + 1] = "\n"
            unparsed.append((start, end))
        blanked = text if chars is None else "".join(chars)
        return Screened(blanked, tuple(unparsed), words, kept, tokens, self._tokenizer)

    def _segments(self, doc: Any) -> Iterator[_Segment]:
        """Sentences by punctuation and line breaks. Abbreviations stay inside their token
        ("U.S.", "Mr."), so a period token ends a sentence; a missed boundary only makes a
        segment longer, which keeps more text, never less."""
        tokens = list(doc)
        words: list[str] = []
        names: set[str] = set()
        start = -1
        for i, tok in enumerate(tokens):
            if not tok.is_space:
                if start < 0:
                    start = tok.idx
                elif tok.is_title and tok.is_alpha and len(tok) > 1:
                    names.add(tok.text)
                words.append(tok.lower_)
            if start >= 0 and _ends_sentence(tokens, i):
                yield _Segment(start, tok.idx + len(tok.text), tuple(words), frozenset(names))
                words, names, start = [], set(), -1
        if start >= 0:
            last = tokens[-1]
            yield _Segment(start, last.idx + len(last.text), tuple(words), frozenset(names))


def _keep_antecedents(segments: Sequence[_Segment], keep: list[bool]) -> None:
    """Also keep what the kept sentences refer back to.

    The actors stage resolves "Adm Allen" through "Adm Thad Allen, the Coast Guard commander"
    earlier in the article, and "he", "they" or "its" through the actors of the sentence
    before. So a name in a kept sentence keeps the first sentence that has it, and a kept
    sentence with such a pronoun keeps the sentence before it.
    """
    first: dict[str, int] = {}
    for i, segment in enumerate(segments):
        for name in segment.names:
            first.setdefault(name, i)
    for i in [i for i, kept in enumerate(keep) if kept]:
        for name in segments[i].names:
            keep[first[name]] = True
        if i > 0 and _PRONOUNS.intersection(segments[i].words):
            keep[i - 1] = True


def _ends_sentence(tokens: Sequence[Any], i: int) -> bool:
    tok = tokens[i]
    if tok.is_space:
        return "\n" in tok.text
    after = tokens[i + 1] if i + 1 < len(tokens) else None
    if tok.text in _SENTENCE_END:
        if after is not None and after.text in _QUOTES:
            return False  # the quote closes the sentence: 'he said." Then'
    elif not (tok.text in _QUOTES and i > 0 and tokens[i - 1].text in _SENTENCE_END):
        return False
    if after is None or after.is_space:
        return True
    return bool(after.is_title or after.is_upper or after.is_digit or after.text in _QUOTES)


@functools.cache
def _irregular_forms(nlp: Any) -> dict[str, frozenset[str]]:
    """Lemma -> irregular forms, from the exceptions table of the model's rule lemmatizer."""
    irregular: dict[str, set[str]] = {}
    if "lemmatizer" in nlp.pipe_names:
        lookups = nlp.get_pipe("lemmatizer").lookups
        if lookups.has_table("lemma_exc"):
            for table in lookups.get_table("lemma_exc").values():
                for form, lemmas in table.items():
                    for lemma in lemmas:
                        irregular.setdefault(lemma, set()).add(form)
    return {lemma: frozenset(forms) for lemma, forms in irregular.items()}
