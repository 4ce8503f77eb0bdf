"""How long commands take to start and answer, against Python's own start-up.

    python bench/startup.py [--rounds 7] [--db PATH]

Runs each command ``--rounds`` times in a fresh process (the console script's entry point,
as a user runs it) and prints the median wall time and its ratio to ``python -c pass``
measured in the same run, and to loading the spaCy model (``spacy.load`` of the model the
coder uses), the cost the commands that parse nothing must not pay. Without ``--db`` the
bundled examples are coded into a temporary store first (not timed). Rounds alternate over
the commands, so drift on a shared machine spreads evenly over them.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def _script(*args: str) -> list[str]:
    """The console script installed beside this interpreter, as a user runs it."""
    return [str(Path(sys.executable).parent / "newsevents"), *args]


def _commands(db: Path, out: Path) -> dict[str, list[str]]:
    cli = _script()
    return {
        "python -c pass": [sys.executable, "-c", "pass"],
        "import newsevents": [sys.executable, "-c", "import newsevents"],
        "load the spaCy model": [
            sys.executable,
            "-c",
            "from newsevents.nlp.model import load_model; from newsevents import Settings; "
            "load_model(Settings().model)",
        ],
        "newsevents --help": [*cli, "--help"],
        "newsevents stats": [*cli, "stats", "--db", str(db)],
        "newsevents events --limit 20": [*cli, "events", "--db", str(db), "--limit", "20"],
        "newsevents export --format csv": [
            *cli,
            "export",
            "--db",
            str(db),
            "--format",
            "csv",
            "--out",
            str(out),
        ],
        "newsevents resolve-actor 'Shining Path'": [*cli, "resolve-actor", "Shining Path"],
        "newsevents resolve-actor (a description, parsed)": [
            *cli,
            "resolve-actor",
            "Russian Defense Minister Andrei Belousov",
        ],
    }


def _time(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--db", type=Path, help="A store to read (default: the examples coded).")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        db = args.db
        if db is None:
            db = Path(tmp) / "examples.db"
            subprocess.run(
                [*_script("ingest", str(REPO / "examples")), "--db", str(db), "--no-progress"],
                check=True,
                capture_output=True,
            )
        commands = _commands(db, Path(tmp) / "events.csv")
        times: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(args.rounds):
            for name, command in commands.items():
                times[name].append(_time(command))
    median = {name: statistics.median(values) for name, values in times.items()}
    python = median["python -c pass"]
    model = median["load the spaCy model"]
    print(f"{'command':<50} {'median s':>9} {'× python':>9} {'÷ model':>8}")
    for name, value in median.items():
        print(f"{name:<50} {value:9.3f} {value / python:9.1f} {value / model:8.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
