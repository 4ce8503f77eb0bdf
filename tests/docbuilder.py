"""Build parsed Documents by hand, CoNLL-style, so stage tests need no model.

Each sentence is a list of rows ``"text lemma POS dep head [ENT]"`` where ``head`` is the
1-based index of the head within the sentence (0 for the root), as in CoNLL-U. ``POS`` may
carry the fine-grained tag after a colon (``VERB:VBG``).
"""

from __future__ import annotations

import datetime as dt

from newsevents.types import Article, Document, Sentence, Token

DATE = dt.date(2024, 10, 15)


def build(*sentences: list[str], date: dt.date = DATE, doc_id: str = "doc") -> Document:
    tokens: list[Token] = []
    sents: list[Sentence] = []
    text = ""
    for s_index, rows in enumerate(sentences):
        if text:
            text += " "
        first = len(tokens)
        start = len(text)
        for n, row in enumerate(rows):
            parts = row.split()
            word, lemma, pos, dep, head = parts[:5]
            pos, _, tag = pos.partition(":")
            ent = parts[5] if len(parts) > 5 else ""
            if n > 0:
                text += " "
            idx = len(text)
            text += word
            head_i = first + int(head) - 1 if int(head) > 0 else first + n
            prev_ent = tokens[-1].ent_type if n > 0 and tokens else ""
            iob = "O" if not ent else ("I" if ent == prev_ent else "B")
            tokens.append(
                Token(
                    i=len(tokens),
                    text=word,
                    lemma=lemma,
                    pos=pos,
                    tag=tag,
                    dep=dep,
                    head=head_i,
                    idx=idx,
                    sentence=s_index,
                    ent_type=ent,
                    ent_iob=iob,
                )
            )
        sents.append(Sentence(s_index, start, len(text), text[start:], first, len(tokens)))
    article = Article(id=doc_id, date=date, text=text)
    return Document(article=article, sentences=tuple(sents), tokens=tuple(tokens), stages=("nlp",))
