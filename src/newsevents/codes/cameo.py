"""The CAMEO event-code table: names, Goldstein scores, QuadClass and PLOVER types.

Every coded event carries its CAMEO code, and everything derived from the code (the name
shown to users, the Goldstein score used for intensity, the QuadClass used for aggregation,
the PLOVER type used by newer datasets) must agree across the library. Keeping one table,
read from ``data/cameo.tsv`` (written by ``tools/build_cameo_table.py``), means a fact is fixed
in one place and nothing else hard-codes scores.

The table is read lazily, once, on first use: importing the module costs nothing.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from importlib import resources
from typing import Any

from ..errors import LexiconError, NewsEventsError

__all__ = ["CameoCode", "UnknownCode", "all_codes", "get", "lookup", "roots"]

_DATA_FILE = "cameo.tsv"
_COLUMNS = ("code", "name", "goldstein", "quad_class", "plover", "plover_mode")


@dataclass(frozen=True, slots=True)
class CameoCode:
    """One CAMEO event code.

    ``root`` is the two-digit cue category ("02" for "0231"); ``base`` is the three-digit code
    a code belongs to ("023" for "0231", "023" for "023"); a root is its own base ("02").
    ``plover`` is the PLOVER event type ("" for the public statements, which PLOVER does not
    code) and ``plover_mode`` its mode ("" when none applies).
    """

    code: str
    name: str
    root: str
    base: str
    goldstein: float
    quad_class: int
    plover: str
    plover_mode: str

    @property
    def is_root(self) -> bool:
        return len(self.code) == 2

    def event_fields(self) -> dict[str, Any]:
        """What an event coded with this code carries of it (``Event(**fields)``, ``replace``):
        the code, its name, PLOVER type, QuadClass and Goldstein score, always together."""
        return {
            "cameo": self.code,
            "cameo_name": self.name,
            "plover": self.plover,
            "quad_class": self.quad_class,
            "goldstein": self.goldstein,
        }


class UnknownCode(NewsEventsError, KeyError):
    """A CAMEO code that is not in the table.

    It is a ``KeyError`` too, so code written as a mapping lookup (``except KeyError``) works.
    """

    def __init__(self, code: str) -> None:
        self.code = code
        super().__init__(f"unknown CAMEO code {code!r}")

    def __str__(self) -> str:
        # KeyError.__str__ would wrap the message in quotes; keep it readable.
        return str(self.args[0])


def _parse_row(fields: list[str], origin: str) -> CameoCode:
    if len(fields) != len(_COLUMNS):
        raise LexiconError(
            origin, f"expected {len(_COLUMNS)} tab-separated fields, got {len(fields)}"
        )
    code, name, goldstein, quad, plover, mode = (f.strip() for f in fields)
    if not (code.isdigit() and 2 <= len(code) <= 4):
        raise LexiconError(origin, f"bad CAMEO code {code!r}")
    if not name:
        raise LexiconError(origin, f"code {code} has no name")
    try:
        score = float(goldstein)
        quad_class = int(quad)
    except ValueError as exc:
        raise LexiconError(origin, f"code {code}: {exc}") from None
    if not -10.0 <= score <= 10.0:
        raise LexiconError(origin, f"code {code}: Goldstein score {score} outside -10..10")
    if quad_class not in (1, 2, 3, 4):
        raise LexiconError(origin, f"code {code}: QuadClass {quad_class} not in 1-4")
    return CameoCode(
        code=code,
        name=name,
        root=code[:2],
        base=code[:3],
        goldstein=score,
        quad_class=quad_class,
        plover=plover,
        plover_mode=mode,
    )


@functools.cache
def _table() -> dict[str, CameoCode]:
    """Code → CameoCode, in file order; read once. Raises LexiconError on a malformed file."""
    data = resources.files("newsevents.codes").joinpath("data", _DATA_FILE)
    text = data.read_text(encoding="utf-8")
    table: dict[str, CameoCode] = {}
    header_seen = False
    for lineno, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        origin = f"{_DATA_FILE}:{lineno}"
        fields = line.split("\t")
        if not header_seen:
            if tuple(f.strip() for f in fields) != _COLUMNS:
                raise LexiconError(origin, f"expected header {'/'.join(_COLUMNS)}")
            header_seen = True
            continue
        entry = _parse_row(fields, origin)
        if entry.code in table:
            raise LexiconError(origin, f"duplicate CAMEO code {entry.code}")
        table[entry.code] = entry
    for entry in table.values():
        if entry.root not in table:
            raise LexiconError(_DATA_FILE, f"code {entry.code} has no root row {entry.root}")
    return table


def get(code: str) -> CameoCode | None:
    """The entry for ``code`` ("040", "0231", "19"), or None if the table has no such code."""
    return _table().get(code.strip())


def lookup(code: str) -> CameoCode:
    """The entry for ``code``; raises :class:`UnknownCode` if there is none."""
    entry = get(code)
    if entry is None:
        raise UnknownCode(code)
    return entry


@functools.cache
def all_codes() -> tuple[CameoCode, ...]:
    """Every code, roots included, ordered as in the table (root, then its codes)."""
    return tuple(_table().values())


@functools.cache
def roots() -> tuple[CameoCode, ...]:
    """The twenty two-digit root categories "01".."20", in order."""
    return tuple(entry for entry in _table().values() if entry.is_root)
