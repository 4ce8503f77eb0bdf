"""How many coded events have a country on both sides: the dyad coverage of the actor stage.

    python bench/actor_coverage.py [--n 2000] [--corpus ../shared/corpus/timeline17.jsonl.gz]
                                   [--parsed PATH] [--workers N] [--no-learned-arguments]

Users filter events by dyad (RUS-CHN), so an event whose source or target has no country is
lost to them. This prints, for the first ``--n`` articles of the corpus: events, the share with
a source, a target, a source country, a target country and both countries, and how the actors
were resolved (``via``). Names are learned across articles as ``newsevents ingest`` learns
them (``--no-memory`` turns that off; ``--no-learned-arguments`` leaves the parties to the hand
rules). ``--parsed PATH`` keeps the parsed documents in a pickle so later runs (another
version of the stages, a changed lexicon) skip the parser, which is most of the cost.
"""

from __future__ import annotations

import argparse
import collections
import itertools
import pickle
import sys
import time
from pathlib import Path

from newsevents import Settings, read_articles
from newsevents.actors.memory import ActorMemory
from newsevents.nlp.parse import Parser
from newsevents.pipeline import Pipeline
from newsevents.types import Article, Document

DEFAULT_CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "timeline17.jsonl.gz"


def parsed_documents(
    corpus: Path, n: int, settings: Settings, cache: Path | None
) -> list[Document]:
    if cache is not None and cache.exists():
        with cache.open("rb") as fh:
            docs: list[Document] = pickle.load(fh)
        if len(docs) >= n:
            return docs[:n]
    items = read_articles([corpus])
    articles = [a for a in itertools.islice(items, n * 2) if isinstance(a, Article)][:n]
    if not articles:
        raise SystemExit(f"no articles read from {corpus}")
    docs = list(Parser(settings).pipe(articles))
    if cache is not None:
        with cache.open("wb") as fh:
            pickle.dump(docs, fh, protocol=pickle.HIGHEST_PROTOCOL)
    return docs


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=2000)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--parsed", type=Path, default=None, help="pickle of parsed documents")
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--no-memory", action="store_true", help="no actor memory across articles")
    parser.add_argument(
        "--no-learned-arguments", action="store_true", help="the hand rules alone choose parties"
    )
    args = parser.parse_args(argv)

    settings = Settings(workers=args.workers, learned_arguments=not args.no_learned_arguments)
    start = time.perf_counter()
    docs = parsed_documents(args.corpus, args.n, settings, args.parsed)
    parsed_at = time.perf_counter()
    memory = None if args.no_memory else ActorMemory()
    pipeline = Pipeline(settings, memory=memory)
    counts: collections.Counter[str] = collections.Counter()
    via: collections.Counter[str] = collections.Counter()
    for parsed in docs:
        doc = pipeline.annotate(parsed)
        if memory is not None:  # as a run into a store does
            memory.learn(doc)
        for event in doc.events:
            counts["events"] += 1
            src, tgt = event.source, event.target
            counts["source"] += src is not None
            counts["target"] += tgt is not None
            counts["dyad"] += src is not None and tgt is not None
            counts["source country"] += bool(src and src.country)
            counts["target country"] += bool(tgt and tgt.country)
            counts["both countries"] += bool(src and src.country and tgt and tgt.country)
            for actor in (src, tgt):
                if actor is not None:
                    via[actor.via] += 1
    done = time.perf_counter()

    total = counts["events"] or 1
    print(
        f"articles {len(docs)}  events {counts['events']}  "
        f"(parse {parsed_at - start:.1f} s, stages {done - parsed_at:.1f} s)"
    )
    for key in ("source", "target", "dyad", "source country", "target country", "both countries"):
        print(f"  {key:<16} {counts[key]:>7}  {100 * counts[key] / total:5.1f}%")
    actors = sum(via.values()) or 1
    print(
        "  actors by via: "
        + ", ".join(f"{k} {100 * v / actors:.1f}%" for k, v in via.most_common())
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
