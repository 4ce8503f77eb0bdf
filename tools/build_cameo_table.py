"""Write ``src/newsevents/codes/data/cameo.tsv`` from a CAMEO codebook and the CAMEO→PLOVER table.

Usage::

    python tools/build_cameo_table.py CODEBOOK.csv CAMEO2PLOVER.txt [-o OUT.tsv]

Only facts are taken from the inputs: each code, its short name, its Goldstein score and its
PLOVER event type and mode. Descriptions and usage notes are ignored on purpose: the shipped
table must contain nothing but facts, and the package must not need the inputs at run time.

Rules applied (they are repeated in the comment lines of the output):

* QuadClass is fixed by the root: 01-05 → 1, 06-08 → 2, 09-13 → 3, 14-20 → 4.
* Root names are turned from upper case into sentence case; every name starts upper case.
* A code without a Goldstein score in the codebook (the later extension codes) takes the
  score of its base code, or of its root when the base is missing too.
* PLOVER type and mode come from the CAMEO→PLOVER table when it lists the code. Otherwise:
  roots take the type of their ``x0`` code (``08`` → ``080``) and no mode; the ``02`` appeals
  take REQUEST and the mode of the parallel ``10`` demand (``0231`` → ``1031``), because
  PLOVER's REQUEST covers requests and appeals alike; other missing codes take the type of
  their base code, or of their root, and no mode; the ``01`` statements get no PLOVER type
  because PLOVER has none for public statements.
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
from dataclasses import dataclass
from pathlib import Path

DEFAULT_OUT = Path(__file__).resolve().parents[1] / "src/newsevents/codes/data/cameo.tsv"

#: Names fixed by hand where the codebook repeats a neighbour's name by mistake.
NAME_FIXES = {"1952": "Employ remotely piloted aerial munitions"}

_PLOVER_LINE = re.compile(r"^(\d{2,4}):\s*([^#]*?)\s*(?:#.*)?$")


@dataclass
class Row:
    code: str
    name: str
    goldstein: float
    quad_class: int
    plover: str
    plover_mode: str
    note: str = ""


def quad_class(root: str) -> int:
    """QuadClass from the root code (project convention, ICEWS style)."""
    n = int(root)
    if 1 <= n <= 5:
        return 1
    if 6 <= n <= 8:
        return 2
    if 9 <= n <= 13:
        return 3
    if 14 <= n <= 20:
        return 4
    raise ValueError(f"not a CAMEO root: {root!r}")


def clean_name(name: str) -> str:
    name = " ".join(name.split())
    if name.isupper():
        name = name.capitalize()
    return name[:1].upper() + name[1:]


def read_plover(path: Path) -> dict[str, tuple[str, str]]:
    """CAMEO code → (PLOVER type, mode) for every 3- and 4-digit code the table lists."""
    table: dict[str, tuple[str, str]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        m = _PLOVER_LINE.match(line.strip())
        if not m:
            continue
        code, body = m.groups()
        if len(code) == 2:  # root lines are ambiguous in the table (08 appears twice)
            continue
        fields = [f.strip() for f in body.split(",")]
        ptype = fields[0].upper()
        mode = fields[1] if len(fields) > 1 else ""
        old = table.get(code)
        if old is not None and old != (ptype, mode):
            raise SystemExit(f"{path}: code {code} listed twice with different types")
        table[code] = (ptype, mode)
    return table


def plover_of(code: str, plover: dict[str, tuple[str, str]]) -> tuple[str, str, str]:
    """PLOVER (type, mode, note on how it was inferred) for one CAMEO code."""
    root, base = code[:2], code[:3]
    if code in plover:
        return (*plover[code], "")
    if root == "01":
        return "", "", "no PLOVER type"
    if len(code) == 2:
        return plover_of(code + "0", plover)[0], "", f"PLOVER type from {code}0"
    if root == "02":
        parallel = "10" + code[2:]
        return "REQUEST", plover[parallel][1], f"PLOVER as {parallel}"
    if len(code) == 4 and base in plover:
        return plover[base][0], "", f"PLOVER type from {base}"
    return plover_of(root, plover)[0], "", f"PLOVER type from {root}0"


def build(codebook: Path, plover_path: Path) -> list[Row]:
    with codebook.open(encoding="utf-8", newline="") as fh:
        records = list(csv.DictReader(fh))
    plover = read_plover(plover_path)
    scores: dict[str, float] = {
        r["code"]: float(r["goldstein"]) for r in records if r["goldstein"].strip()
    }
    rows: list[Row] = []
    for rec in records:
        code = rec["code"].strip()
        root = code[:2]
        base = code[:3]
        name = NAME_FIXES.get(code, clean_name(rec["name"]))
        notes: list[str] = []
        gold_from = next(c for c in (code, base, root) if c in scores)
        gold = scores[gold_from]
        if gold_from != code:
            notes.append(f"goldstein from {gold_from}")
        ptype, mode, why = plover_of(code, plover)
        if why:
            notes.append(why)
        rows.append(Row(code, name, gold, quad_class(root), ptype, mode, "; ".join(notes)))
    codes = [r.code for r in rows]
    if len(codes) != len(set(codes)):
        raise SystemExit("duplicate codes in the codebook")
    rows.sort(key=lambda r: (r.code[:2], r.code[:3] if len(r.code) > 2 else "", r.code))
    return rows


def _wrapped(label: str, codes: list[str]) -> list[str]:
    """Comment lines listing ``codes`` after ``label``, wrapped to stay readable."""
    lines, line = [], f"# {label}:"
    for code in codes:
        if len(line) + len(code) + 1 > 98:
            lines.append(line)
            line = "#  "
        line += " " + code
    lines.append(line)
    return lines


def render(rows: list[Row]) -> str:
    def having(word: str) -> list[str]:
        return [r.code for r in rows if word in r.note]

    out = [
        "# CAMEO event codes (CAMEO 1.1b3 plus later extension codes), one row per code.",
        "# Generated by tools/build_cameo_table.py; edit the generator, not this file.",
        "# code: 2-digit root, 3-digit base or 4-digit code. name: short code name.",
        "# goldstein: Goldstein conflict-cooperation score (-10..+10).",
        "# quad_class: 1 verbal cooperation (roots 01-05), 2 material cooperation (06-08),",
        "#   3 verbal conflict (09-13), 4 material conflict (14-20).",
        "# plover, plover_mode: PLOVER event type and mode from the 2021 CAMEO->PLOVER table;",
        "#   where the table lists no code, the rules below fill them in.",
        *_wrapped("No PLOVER type (PLOVER has no public-statement type)", having("no PLOVER")),
        *_wrapped(
            "REQUEST with the mode of the parallel 10x demand (REQUEST covers appeals)",
            having("PLOVER as"),
        ),
        "# Roots: PLOVER type of their x0 code, no mode.",
        *_wrapped(
            "PLOVER type of the base code or root, no mode",
            [c for c in having("PLOVER type from") if len(c) > 2],
        ),
        *_wrapped("Goldstein score of the base code or root", having("goldstein from")),
        "code\tname\tgoldstein\tquad_class\tplover\tplover_mode",
    ]
    for r in rows:
        out.append(
            f"{r.code}\t{r.name}\t{r.goldstein:.1f}\t{r.quad_class}\t{r.plover}\t{r.plover_mode}"
        )
    return "\n".join(out) + "\n"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("codebook", type=Path, help="CAMEO codebook CSV (code,name,...,goldstein)")
    ap.add_argument("plover", type=Path, help="CAMEO2PLOVER conversion table (text)")
    ap.add_argument("-o", "--out", type=Path, default=DEFAULT_OUT)
    args = ap.parse_args(argv)
    rows = build(args.codebook, args.plover)
    args.out.write_text(render(rows), encoding="utf-8")
    print(f"wrote {len(rows)} codes to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
