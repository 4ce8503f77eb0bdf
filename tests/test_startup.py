"""Commands that parse nothing start without spaCy: reading a store must not load the model.

Loading spaCy and its model takes seconds; ``stats`` or ``events`` answer in a fraction of one.
Each command runs in a fresh interpreter, which then reports whether spaCy was imported.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

#: Runs the console script's entry point with the given arguments, then prints on stderr's last
#: line whether spaCy (or the model package) was imported.
_PROBE = """
import json, sys
from newsevents.cli import main
sys.argv = ["newsevents", *json.loads(sys.argv[1])]
try:
    main()
except SystemExit as exit:
    code = exit.code
else:
    code = 0
loaded = sorted(m for m in ("spacy", "thinc", "en_core_web_sm") if m in sys.modules)
print(json.dumps({"code": code, "loaded": loaded}), file=sys.stderr)
"""


def _probe(args: list[str], cwd: Path) -> tuple[dict[str, object], str]:
    done = subprocess.run(
        [sys.executable, "-c", _PROBE, json.dumps(args)],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=120,
    )
    report = json.loads(done.stderr.strip().splitlines()[-1])
    return report, done.stdout


@pytest.mark.parametrize(
    "args",
    [
        ["--help"],
        ["stats", "--db", "{db}"],
        ["events", "--db", "{db}", "--limit", "3"],
        ["events", "--db", "{db}", "--format", "jsonl", "--source", "RUS"],
        ["export", "--db", "{db}", "--format", "csv", "--out", "{tmp}/events.csv"],
        ["export", "--db", "{db}", "--format", "jsonl", "--layout", "polecat", "--out", "-"],
        ["export", "--db", "{db}", "--format", "parquet", "--out", "{tmp}/events.parquet"],
        ["claims", "--db", "{db}"],
        ["actors", "list", "--db", "{db}"],
        ["failed", "--db", "{db}"],
        ["plot", "dyad", "RUS", "CHN", "--db", "{db}", "--out", "{tmp}/dyad.svg"],
        ["plot", "network", "--db", "{db}", "--out", "{tmp}/network.svg"],
        ["serve", "--help"],
        ["resolve-actor", "Shining Path"],
        ["resolve-actor", "the State of Israel", "--db", "{db}"],
    ],
    ids=lambda args: " ".join(a for a in args if "{" not in a),
)
def test_commands_that_parse_nothing_do_not_load_spacy(
    args: list[str], example_db: Path, tmp_path: Path
) -> None:
    filled = [a.format(db=example_db, tmp=tmp_path) for a in args]
    report, _ = _probe(filled, tmp_path)
    assert report["code"] in (0, None)
    assert report["loaded"] == []


def test_a_listed_name_resolves_without_the_parser(tmp_path: Path) -> None:
    report, out = _probe(["resolve-actor", "Shining Path"], tmp_path)
    assert report["loaded"] == []
    found = json.loads(out)
    assert (found["code"], found["country"], found["via"]) == ("PERREB", "PER", "gazetteer")


def test_a_phrase_that_needs_reading_is_parsed(tmp_path: Path) -> None:
    """The control: a description is parsed, so the probe does see spaCy when it is loaded."""
    report, out = _probe(["resolve-actor", "Russian Defense Minister Andrei Belousov"], tmp_path)
    assert report["loaded"] != []
    assert json.loads(out)["code"].startswith("RUSGOV")


def test_the_server_answers_queries_without_spacy(example_db: Path, tmp_path: Path) -> None:
    script = f"""
import sys
from fastapi.testclient import TestClient
from newsevents.serve import create_app
with TestClient(create_app({str(example_db)!r}), base_url="http://localhost") as client:
    for url in ("/api/events?source=RUS", "/api/dyads/RUS/CHN/timeline", "/api/network",
                "/api/actors?q=Russia", "/api/actors/RUS", "/api/places", "/"):
        assert client.get(url).status_code == 200, url
print(sorted(m for m in ("spacy", "thinc") if m in sys.modules))
"""
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, cwd=tmp_path, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
