"""spaCy ``Doc`` → plain :class:`~newsevents.types.Document` values.

The parse is transient: after this step nothing downstream touches spaCy, so documents cross
process boundaries and tests can build them by hand.
"""

from __future__ import annotations

from typing import Any

from ..types import Article, Document, Sentence, Token
from .words import LEMMA_SLIPS


def to_document(article: Article, doc: Any, *, text_offset: int = 0) -> Document:
    """Convert a parsed spaCy ``doc`` of ``article.text[text_offset:]`` into a Document."""
    sentences: list[Sentence] = []
    tokens: list[Token] = []
    for s_index, sent in enumerate(doc.sents):
        first = len(tokens)
        for tok in sent:
            tokens.append(
                Token(
                    i=tok.i,
                    text=tok.text,
                    lemma=LEMMA_SLIPS.get(tok.text.lower(), tok.lemma_),
                    pos=tok.pos_,
                    tag=tok.tag_,
                    dep=tok.dep_,
                    head=tok.head.i,
                    idx=tok.idx + text_offset,
                    sentence=s_index,
                    ent_type=tok.ent_type_,
                    ent_iob=tok.ent_iob_ or "O",
                    whitespace=tok.whitespace_,
                    morph=str(tok.morph),
                )
            )
        # Sentences keep their tokens, but their text stops at the last non-space token.
        content = [tok for tok in sent if not tok.is_space] or list(sent)
        start = content[0].idx + text_offset
        end = content[-1].idx + len(content[-1].text) + text_offset
        sentences.append(
            Sentence(
                index=s_index,
                start=start,
                end=end,
                text=article.text[start:end],
                first_token=first,
                last_token=len(tokens),
            )
        )
    return Document(
        article=article,
        sentences=tuple(sentences),
        tokens=tuple(tokens),
        stages=("nlp",),
    )
