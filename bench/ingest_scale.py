"""End-to-end ingest at scale: time, words/s and peak memory of ``newsevents ingest``.

    python bench/ingest_scale.py [--sizes 1000 10000 0] [--workers 2] [--no-screen]

Each size is the first N items of the corpus (0 = all of it; the default corpus is the 156k
short feed items of ``../shared/corpus/rss_world.jsonl.gz``), written to a JSON Lines file and
ingested into a fresh store by the real command in a subprocess. Peak memory is the largest
sum of resident memory of the command and its worker processes, sampled every 0.2 s from
``/proc``; flat memory means the figure does not grow with N. After the largest run, the
busiest dyad's monthly timeline is queried on the store, against ``count(*)`` of the events
table in the same run as the baseline.

The speed baseline is raw spaCy ``nlp.pipe`` (the same model, the same number of processes)
over the texts of the first ``--baseline-items`` items, timed in the same run; each ingest's
words/s is printed as a ratio to it. The ingest includes what the baseline lacks: reading,
the screen, every stage after the parse and the store writes.
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import itertools
import os
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

DEFAULT_CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "rss_world.jsonl.gz"
PAGE = os.sysconf("SC_PAGE_SIZE")


def _children() -> dict[int, list[int]]:
    tree: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            tree.setdefault(int(stat[1]), []).append(int(entry))
    return tree


def _tree_rss(pid: int) -> int:
    """Resident bytes of ``pid`` and all its descendants."""
    tree = _children()
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        with contextlib.suppress(OSError):
            total += int(Path(f"/proc/{p}/statm").read_text().split()[1]) * PAGE
        todo.extend(tree.get(p, ()))
    return total


def ingest(corpus: Path, db: Path, workers: int, screen: bool) -> tuple[float, int, str]:
    """Run ``newsevents ingest``; return (seconds, peak bytes of the process tree, summary)."""
    command = [
        sys.executable,
        "-c",
        "from newsevents.cli import main; main()",
        "ingest",
        str(corpus),
        "--db",
        str(db),
        "--workers",
        str(workers),
        "--screen" if screen else "--no-screen",
        "--no-progress",
    ]
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEWSEVENTS_")}
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    peak = 0

    def sample() -> None:
        nonlocal peak
        while process.poll() is None:
            peak = max(peak, _tree_rss(process.pid))
            time.sleep(0.2)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, err = process.communicate()
    seconds = time.perf_counter() - start
    sampler.join()
    if process.returncode != 0:
        raise SystemExit(f"ingest failed ({process.returncode}):\n{err.decode()[-2000:]}")
    return seconds, peak, out.decode().strip()


def first_items(corpus: Path, n: int, out: Path) -> tuple[int, int]:
    """Write the first ``n`` lines (0 = all) of the corpus; return (items, words of the texts)."""
    items = words = 0
    with gzip.open(corpus, "rt", encoding="utf-8") as src, out.open("w") as dst:
        import json

        for line in itertools.islice(src, n or None):
            record = json.loads(line)
            words += len(str(record.get("text", "")).split())  # the text is coded, not the title
            dst.write(line)
            items += 1
    return items, words


def raw_spacy(corpus: Path, n: int, workers: int) -> float:
    """Words/s of raw ``nlp.pipe`` over the texts of the first ``n`` items (model loaded first)."""
    import json

    from newsevents.nlp.model import load_model

    texts = []
    with gzip.open(corpus, "rt", encoding="utf-8") as src:
        for line in itertools.islice(src, n):
            record = json.loads(line)
            if str(record.get("text", "")).strip():
                texts.append(str(record["text"]))
    nlp = load_model("en_core_web_sm")
    words = sum(len(t.split()) for t in texts)
    start = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=8, n_process=workers):
        pass
    return words / (time.perf_counter() - start)


def timeline_query(db: Path, repeat: int = 5) -> None:
    from newsevents.store.aggregate import dyad_timeline

    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    row = conn.execute(
        "SELECT s.code, t.code, count(*) AS n FROM event_actors s JOIN event_actors t "
        "ON s.event_id = t.event_id AND s.side = 'source' AND t.side = 'target' "
        "AND s.position = 0 AND t.position = 0 WHERE s.code != t.code "
        "GROUP BY 1, 2 ORDER BY n DESC LIMIT 1"
    ).fetchone()
    if row is None:
        print("no dyad in the store")
        return
    a, b, n = row

    def timed(fn: object) -> float:
        times = []
        for _ in range(repeat):
            start = time.perf_counter()
            fn()  # type: ignore[operator]
            times.append(time.perf_counter() - start)
        return statistics.median(times)

    base = timed(lambda: conn.execute("SELECT count(*) FROM events").fetchone())
    line = timed(lambda: dyad_timeline(conn, a, b, interval="month"))
    points = dyad_timeline(conn, a, b, interval="month")
    print(
        f"dyad timeline {a}-{b} ({n} events one way, {len(points)} months): "
        f"{line * 1000:.1f} ms median; count(*) of events {base * 1000:.1f} ms "
        f"(ratio {line / base:.2f})"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--screen", action=argparse.BooleanOptionalAction, default=True)
    parser.add_argument("--keep", type=Path, help="Keep the largest store at this path.")
    parser.add_argument("--baseline-items", type=int, default=5000)
    args = parser.parse_args()

    print(f"corpus {args.corpus.name}, workers {args.workers}, screen {args.screen}")
    baseline = raw_spacy(args.corpus, args.baseline_items, args.workers)
    print(
        f"baseline: raw spaCy nlp.pipe, {args.workers} process(es), first "
        f"{args.baseline_items} items: {baseline:.0f} words/s"
    )
    heads = ("items", "words", "seconds", "items/s", "words/s", "x raw", "peak MB")
    widths = (8, 11, 10, 10, 10, 7, 9)
    print("".join(f"{h:>{w}s}" for h, w in zip(heads, widths, strict=True)))
    with tempfile.TemporaryDirectory() as tmp:
        last_db: Path | None = None
        for n in args.sizes:
            data = Path(tmp) / f"items-{n}.jsonl"
            items, words = first_items(args.corpus, n, data)
            db = Path(tmp) / f"store-{n}.db"
            seconds, peak, summary = ingest(data, db, args.workers, args.screen)
            print(
                f"{items:8d}{words:11d}{seconds:10.1f}{items / seconds:10.1f}"
                f"{words / seconds:10.0f}{words / seconds / baseline:7.2f}{peak / 2**20:9.0f}"
                f"   {summary.split(': ', 1)[-1]}"
            )
            sys.stdout.flush()
            data.unlink()
            last_db = db
        if last_db is not None:
            timeline_query(last_db)
            if args.keep is not None:
                last_db.replace(args.keep)


if __name__ == "__main__":
    main()
