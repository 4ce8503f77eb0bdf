"""Which gold format a file is in, read from the file itself (extension, first record's keys).

| format | file |
| --- | --- |
| ``actors`` | JSON Lines with ``input`` and ``expect`` (NGEC actor tests) |
| ``events`` | JSON Lines with ``text`` and ``events`` (ours; PETRARCH/UniversalPetrarch copies) |
| ``petrarch-xml`` | PETRARCH's ``<Validation>`` XML |
| ``multicoped-class`` | JSON Lines with ``text`` and ``pentaclass`` |
| ``multicoped-spans`` | JSON Lines with ``tokens`` and BIO ``tags`` |
| ``plover-csv`` | CSV with ``text`` and ``label`` columns (PLOVER types) |
"""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

from ..errors import InputError
from .actor_cases import is_actor_case
from .event_gold import is_event_gold
from .multicoped import is_multicoped_class, is_multicoped_spans
from .petrarch_xml import PetrarchEnvironment, is_petrarch_xml, petrarch_environment
from .plover_csv import is_plover_csv

__all__ = ["FORMATS", "detect_format", "first_record", "gold_environment"]

FORMATS = (
    "actors",
    "events",
    "petrarch-xml",
    "multicoped-class",
    "multicoped-spans",
    "plover-csv",
)


def detect_format(path: Path) -> str | None:
    """The format of a gold file, or None when it is none of :data:`FORMATS`."""
    suffix = path.suffix.lower()
    if suffix == ".xml" or is_petrarch_xml(path):
        return "petrarch-xml" if is_petrarch_xml(path) else None
    if suffix == ".csv":
        return "plover-csv" if is_plover_csv(_csv_columns(path)) else None
    record = first_record(path)
    if record is None:
        return None
    if is_actor_case(record):
        return "actors"
    if is_multicoped_spans(record):
        return "multicoped-spans"
    if is_multicoped_class(record):
        return "multicoped-class"
    if is_event_gold(record):
        return "events"
    return None


def first_record(path: Path) -> dict[str, Any] | None:
    """The first JSON object of a JSON Lines file, or None if it does not start with one."""
    try:
        with path.open(encoding="utf-8") as fh:
            for line in fh:
                if line.strip():
                    record = json.loads(line)
                    return record if isinstance(record, dict) else None
    except (json.JSONDecodeError, UnicodeDecodeError):
        return None
    except OSError as exc:
        raise InputError(str(path), f"cannot read: {exc.strerror or exc}") from None
    return None


def _csv_columns(path: Path) -> list[str]:
    try:
        with path.open(encoding="utf-8", newline="") as fh:
            return next(csv.reader(fh), [])
    except (UnicodeDecodeError, csv.Error):
        return []
    except OSError as exc:
        raise InputError(str(path), f"cannot read: {exc.strerror or exc}") from None


def gold_environment(path: Path, fmt: str) -> PetrarchEnvironment | None:
    """The dictionaries a PETRARCH validation set needs, when the file names them.

    The XML names them in its ``<Environment>``; a JSON Lines copy names its XML in the
    ``file`` field of its records, and takes that file's environment when it lies beside it.
    """
    if fmt == "petrarch-xml":
        return petrarch_environment(path)
    if fmt != "events":
        return None
    record = first_record(path) or {}
    source = record.get("file")
    if not isinstance(source, str) or not source.lower().endswith(".xml"):
        return None
    sibling = path.parent / Path(source).name
    if sibling.is_file() and is_petrarch_xml(sibling):
        return petrarch_environment(sibling)
    return None
