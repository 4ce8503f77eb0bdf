"""Lookup of every spelling in the actor gazetteer: how many resolve, and how fast.

    python bench/gazetteer_lookup.py [--rounds 5]

For every spelling in the shipped data (names, aliases, demonyms, capitals, seats of power,
regions, organisations, institutions) and three forms news writes them in ("the X", "X's",
word by word as spaCy tokens), prints the share that resolves to its own entry, then the
lookups per second of ``Gazetteer.lookup`` and ``Gazetteer.match_at`` against a plain ``dict``
lookup of the same strings measured in the same run (the floor for any spelling table), as a
ratio. The normalisation cache is cleared before each timed round, so the figures are for
text the cache has not seen, except the last line (warm cache: news repeats the same names).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable

from newsevents.actors.gazetteer import Gazetteer, normalise


def timed(func: Callable[[], object], rounds: int, *, cold: bool = True) -> float:
    times = []
    for _ in range(rounds):
        if cold:
            normalise.cache_clear()
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args(argv)

    start = time.perf_counter()
    gaz = Gazetteer.builtin()
    built = time.perf_counter() - start
    pairs = list(gaz.spellings())
    forms = {
        "as written": [(s, e) for s, e in pairs],
        "the X": [(f"the {s}", e) for s, e in pairs],
        "X's": [(f"{s}'s", e) for s, e in pairs],
    }
    print(f"{len(pairs)} spellings of {len(gaz.entries())} entries (built in {built:.2f} s)")
    for name, items in forms.items():
        ok = sum(gaz.lookup(s) == e for s, e in items)
        print(
            f"  {name:<11} {ok}/{len(items)} resolve to their entry ({100 * ok / len(items):.1f}%)"
        )
    words = [s.split() for s, _ in pairs]
    ok = sum(gaz.match_at(w, 0) == (len(w), e) for w, (_, e) in zip(words, pairs, strict=True))
    print(f"  word by word {ok}/{len(pairs)} ({100 * ok / len(pairs):.1f}%)")

    texts = [s for s, _ in pairs]
    table = {s: e for s, e in pairs}
    base = timed(lambda: [table.get(t) for t in texts], args.rounds)
    lookup = timed(lambda: [gaz.lookup(t) for t in texts], args.rounds)
    match = timed(lambda: [gaz.match_at(w, 0) for w in words], args.rounds)
    n = len(texts)
    print(f"dict.get (baseline)  {n / base:>12,.0f} lookups/s")
    print(f"Gazetteer.lookup     {n / lookup:>12,.0f} lookups/s  ratio {base / lookup:.3f}")
    print(f"Gazetteer.match_at   {n / match:>12,.0f} lookups/s  ratio {base / match:.3f}")
    warm = timed(lambda: [gaz.lookup(t) for t in texts], args.rounds, cold=False)
    print(f"lookup, warm cache   {n / warm:>12,.0f} lookups/s  ratio {base / warm:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
