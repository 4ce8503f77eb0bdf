"""Every code block of README.md and docs/*.md runs as written on the bundled examples.

The convention the documentation follows, and how each block is run:

* **Where.** The blocks of one Markdown file run in order (top to bottom) in one fresh working
  directory laid out like a checkout: ``repo/`` is the working directory and holds a copy of
  ``examples/``; ``../shared`` beside it is the repository's ``../shared`` (the sample article
  at ``../shared/samples/article-2024-10-15.txt``, the evaluation files and the field's
  dictionaries). Whatever a block creates (``news.db``, ``events.parquet``) is there for the
  blocks after it in the same file.
* **What.** A block's info string says what it is:

  - ``python``: executed in the test process, all blocks of a file in one namespace (so a later
    block may use what an earlier one imported). A comment line ``# ...`` right after a line
    that prints is output that block must print (one of its lines); a ``text`` block right after
    a ``python`` block is its output, whose first line must be the block's first printed line.
  - ``console``, ``sh``, ``shell`` or no info string: commands. Lines starting with ``$ `` are
    commands and the lines after one, up to the next, are its output; in a block without any
    ``$ `` line every line is a command (``\\`` continues a line, ``#`` starts a comment).
    ``newsevents`` commands run in this process through click (the spaCy model loads once
    for the whole module instead of once per command; ``| head -N`` and ``| tail -N`` are
    applied to their output; ``NAME=value`` before the command sets the environment); any
    other command runs in bash. A command must exit with status 0, or 1 when its shown output
    starts with ``error:``. Where output is shown, its first line must match the first line
    the command prints (stdout, or stderr when stdout is empty) with every number masked and
    runs of blanks collapsed, up to a ``…`` or ``...`` in the shown line; shown JSON output
    must name no key the real output lacks. A ``duckdb -c`` command runs with DuckDB's Python
    package when the ``duckdb`` program is missing, and must give the columns shown; any
    other missing program skips the rest of its block, saying which.
  - any other info string (``text``, ``json``, ``tsv``): output or the content of a file, not
    a command. A ``json`` block must parse as JSON.

* **Not run.** A block that cannot run in a test (it installs packages, starts a server that
  runs until stopped, needs a cluster) has ``<!-- not run: REASON -->`` on the line before its
  fence; its test is skipped with that reason, so the test summary lists each of them.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from newsevents.cli import cli

pytestmark = pytest.mark.model

REPO = Path(__file__).resolve().parents[1]
DOCS = [REPO / "README.md", *sorted((REPO / "docs").glob("*.md"))]
SHELL = {"", "console", "sh", "shell", "bash"}
NOT_RUN = re.compile(r"^\s*<!--\s*not run:\s*(.+?)\s*-->\s*$")
FENCE = re.compile(r"^(\s*)(`{3,}|~{3,})\s*([^`\s]*)")
#: Most blocks must run: a new not-run marker has to be worth it.
MAX_NOT_RUN = 18  # a few: every block not run must say why, and stay rare


@dataclass
class Block:
    """One fenced block: its file, the line of its opening fence, info string and body."""

    path: Path
    line: int
    info: str
    lines: list[str]
    not_run: str | None = None
    output_of_previous: bool = False
    shown_output: list[str] | None = field(default=None, repr=False)
    end: int = 0  # the line after the closing fence

    @property
    def name(self) -> str:
        return f"{self.path.relative_to(REPO)}:{self.line}"


def parse_blocks(path: Path) -> list[Block]:
    """The fenced code blocks of a Markdown file, in order."""
    lines = path.read_text(encoding="utf-8").split("\n")
    blocks: list[Block] = []
    i = 0
    while i < len(lines):
        m = FENCE.match(lines[i])
        if not m:
            i += 1
            continue
        indent, fence, info = len(m.group(1)), m.group(2), m.group(3).lower()
        j = i + 1
        while j < len(lines) and not lines[j].strip().startswith(fence):
            j += 1
        body = [line[indent:] if line[:indent].isspace() else line for line in lines[i + 1 : j]]
        marker = NOT_RUN.match(lines[i - 1]) if i > 0 else None
        block = Block(path, i + 1, info, body, marker.group(1) if marker else None)
        # A text block right after a python block (nothing but blank lines between) is its output.
        if (
            info == "text"
            and blocks
            and blocks[-1].info == "python"
            and all(not line.strip() for line in lines[blocks[-1].end : i])
        ):
            blocks[-1].shown_output = body
            block.output_of_previous = True
        block.end = j + 1
        blocks.append(block)
        i = j + 1
    return blocks


ALL_BLOCKS = [block for path in DOCS for block in parse_blocks(path)]


# -- comparing output ---------------------------------------------------------------------------


def _mask(line: str) -> str:
    """A line with numbers masked and blanks collapsed: what stays when the counts change."""
    line = re.sub(r"\d+(?:[.,]\d+)*", "0", line)
    return " ".join(line.split())


def assert_first_line(shown: list[str], actual: str, what: str) -> None:
    expected = next((line for line in shown if line.strip()), None)
    if expected is None:
        return
    got = next((line for line in actual.splitlines() if line.strip()), "")
    expected_m, got_m = _mask(expected), _mask(got)
    cut = min((i for i in (expected_m.find("…"), expected_m.find("...")) if i >= 0), default=-1)
    if cut >= 0:
        expected_m = expected_m[:cut].rstrip()
        got_m = got_m[: len(expected_m)]
    assert got_m == expected_m, f"{what}: first line of output\n  shown: {expected}\n  real:  {got}"


def assert_json_keys(shown: list[str], actual: str, what: str) -> None:
    keys = set(re.findall(r'"([A-Za-z_][A-Za-z0-9_ ]*)":', "\n".join(shown)))
    real = set(re.findall(r'"([A-Za-z_][A-Za-z0-9_ ]*)":', actual))
    missing = sorted(keys - real)
    assert not missing, f"{what}: keys shown but not in the real output: {missing}"


def check_output(shown: list[str], actual: str, what: str) -> None:
    text = "\n".join(shown).strip()
    if not text:
        return
    if text[0] in "{[" and '":' in text:
        assert_json_keys(shown, actual, what)
    else:
        assert_first_line(shown, actual, what)


# -- shell commands -----------------------------------------------------------------------------


@dataclass
class Command:
    line: int
    text: str
    shown: list[str]


def commands_of(block: Block) -> list[Command]:
    """The commands of a shell block, each with the output shown after it."""
    prompted = any(line.startswith("$ ") for line in block.lines)
    commands: list[Command] = []
    pending = ""
    for offset, raw in enumerate(block.lines, start=block.line + 1):
        if prompted:
            if raw.startswith("$ "):
                commands.append(Command(offset, raw[2:], []))
            elif commands and commands[-1].text.endswith("\\"):
                commands[-1].text = commands[-1].text[:-1] + " " + raw.strip()
            elif commands:
                commands[-1].shown.append(raw)
            continue
        text = (pending + " " + raw.strip()) if pending else raw.strip()
        if text.endswith("\\"):
            pending = text[:-1].rstrip()
            continue
        pending = ""
        if text and not text.startswith("#"):
            commands.append(Command(offset, text, []))
    return commands


def _tokens(text: str) -> list[str]:
    lexer = shlex.shlex(text, posix=True)
    lexer.whitespace_split = True
    lexer.commenters = "#"
    return list(lexer)


@dataclass
class Ran:
    status: int
    stdout: str
    stderr: str


def run_newsevents(tokens: list[str], env: dict[str, str]) -> Ran:
    """A ``newsevents`` command in this process; ``| head -N``/``| tail -N`` applied after."""
    args, pipes = tokens, []
    if "|" in tokens:
        at = tokens.index("|")
        args, pipes = tokens[:at], tokens[at + 1 :]
    result = CliRunner().invoke(cli, args[1:], env=env, catch_exceptions=True)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    stdout = result.stdout
    while pipes:
        if len(pipes) < 2 or pipes[0] not in {"head", "tail"} or not pipes[1].startswith("-"):
            raise AssertionError(f"unsupported pipe after a newsevents command: {pipes}")
        n = int(pipes[1].lstrip("-n") or 10)
        lines = stdout.splitlines(keepends=True)
        stdout = "".join(lines[:n] if pipes[0] == "head" else lines[-n:])
        pipes = pipes[3:] if len(pipes) > 2 and pipes[2] == "|" else []
    return Ran(result.exit_code, stdout, result.stderr)


def _box_columns(shown: list[str]) -> list[str]:
    """Column names of DuckDB's box output (the first row of ``│`` cells)."""
    for line in shown:
        if line.startswith("│"):
            return [cell.strip() for cell in line.strip("│").split("│")]
    return []


def run_duckdb_module(tokens: list[str], shown: list[str], what: str) -> Ran:
    """``duckdb -c SQL`` through DuckDB's Python package (the ``duckdb`` program is optional)."""
    duckdb = pytest.importorskip("duckdb", reason="duckdb is not installed")
    assert tokens[1] == "-c", f"{what}: only `duckdb -c SQL` is supported"
    relation = duckdb.sql(tokens[2])
    rows = relation.fetchall()
    columns = _box_columns(shown)
    if columns:
        assert relation.columns == columns, f"{what}: columns {relation.columns}, shown {columns}"
    assert rows, f"{what}: no rows"
    return Ran(0, "", "")


def run_command(command: Command, cwd: Path, what: str) -> None:
    tokens = _tokens(command.text)
    env: dict[str, str] = {}
    while tokens and re.fullmatch(r"[A-Z_][A-Z0-9_]*=.*", tokens[0]):
        name, _, value = tokens.pop(0).partition("=")
        env[name] = value
    program = tokens[0]
    if program == "newsevents":
        ran = run_newsevents(tokens, env)
    elif program == "duckdb" and shutil.which("duckdb") is None:
        ran = run_duckdb_module(tokens, command.shown, what)
        command = Command(command.line, command.text, [])
    else:
        if program != "python" and shutil.which(program) is None:
            pytest.skip(f"{what}: {program} is not installed")
        path = os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")])
        done = subprocess.run(
            ["bash", "-c", command.text],
            cwd=cwd,
            env={**os.environ, **env, "PATH": path},
            capture_output=True,
            text=True,
            timeout=300,
        )
        ran = Ran(done.returncode, done.stdout, done.stderr)
    shown_text = "\n".join(command.shown).strip()
    expected = 1 if shown_text.startswith("error:") else 0
    assert ran.status == expected, (
        f"{what}: `{command.text}` exited with {ran.status}, expected {expected}\n"
        f"stdout: {ran.stdout[-2000:]}\nstderr: {ran.stderr[-2000:]}"
    )
    check_output(command.shown, ran.stdout if ran.stdout.strip() else ran.stderr, what)


# -- python blocks ------------------------------------------------------------------------------


def printed_comments(block: Block) -> list[str]:
    """``# ...`` lines right after a line that prints: output the block must print."""
    expected: list[str] = []
    after_print = False
    for line in block.lines:
        stripped = line.strip()
        if after_print and stripped.startswith("# "):
            expected.append(stripped[2:])
            continue
        after_print = "print(" in line or ".show()" in line
    return expected


def run_python(block: Block, namespace: dict[str, Any]) -> None:
    out = io.StringIO()
    code = compile("\n".join(block.lines), block.name, "exec")
    with contextlib.redirect_stdout(out):
        exec(code, namespace)
    printed = out.getvalue()
    masked = {_mask(line) for line in printed.splitlines()}
    for line in printed_comments(block):
        assert _mask(line) in masked, (
            f"{block.name}: the block shows `# {line}` but prints:\n{printed}"
        )
    if block.shown_output is not None:
        check_output(block.shown_output, printed, block.name)


# -- the working directories --------------------------------------------------------------------


@dataclass
class Workdir:
    cwd: Path
    namespace: dict[str, Any]


@pytest.fixture(scope="module")
def workdirs(tmp_path_factory: pytest.TempPathFactory, shared_dir: Path) -> Iterator[Any]:
    made: dict[Path, Workdir] = {}
    old = Path.cwd()

    def get(path: Path) -> Workdir:
        if path not in made:
            root = tmp_path_factory.mktemp(path.stem)
            cwd = root / "repo"
            shutil.copytree(REPO / "examples", cwd / "examples")
            if shared_dir.is_dir():
                (root / "shared").symlink_to(shared_dir, target_is_directory=True)
            made[path] = Workdir(cwd, {"__name__": "__docs__"})
        return made[path]

    try:
        yield get
    finally:
        os.chdir(old)


def _runnable(block: Block) -> bool:
    return block.info in SHELL or block.info == "python"


@pytest.mark.parametrize(
    "block", [b for b in ALL_BLOCKS if not b.output_of_previous], ids=lambda b: b.name
)
def test_docs_block(block: Block, workdirs: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    if block.not_run is not None:
        pytest.skip(f"{block.name}: not run: {block.not_run}")
    if block.info == "json":
        json.loads("\n".join(block.lines))
        return
    if not _runnable(block):
        return  # output or a file's content
    workdir = workdirs(block.path)
    monkeypatch.chdir(workdir.cwd)
    for name in [n for n in os.environ if n.startswith("NEWSEVENTS_")]:
        monkeypatch.delenv(name)
    if block.info == "python":
        run_python(block, workdir.namespace)
        return
    commands = commands_of(block)
    assert commands, f"{block.name}: a shell block without commands (tag output as `text`)"
    for command in commands:
        run_command(command, workdir.cwd, f"{block.name} (line {command.line})")


def test_not_run_blocks_are_few_and_say_why() -> None:
    """The not-run markers: each gives a reason, each marks a block, and there are few."""
    skipped = [b for b in ALL_BLOCKS if b.not_run is not None]
    for block in skipped:
        assert len(block.not_run or "") > 10, f"{block.name}: say why the block is not run"
    markers = sum(
        1
        for path in DOCS
        for line in path.read_text(encoding="utf-8").split("\n")
        if NOT_RUN.match(line)
    )
    assert markers == len(skipped), "a not-run marker must be on the line before a fence"
    assert len(skipped) <= MAX_NOT_RUN, [f"{b.name}: {b.not_run}" for b in skipped]


def test_blocks_found() -> None:
    """The extraction sees the blocks: README's worked example and Python block among them."""
    readme = [b for b in ALL_BLOCKS if b.path.name == "README.md"]
    assert any(b.info == "python" for b in readme)
    assert sum(len(commands_of(b)) for b in readme if b.info in SHELL and not b.not_run) >= 5
