"""JSON Lines gold files, line by line: every reader reports a bad line the same way."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

from ..errors import InputError

__all__ = ["json_records", "parsed_records"]

T = TypeVar("T")


def json_records(path: Path) -> Iterator[tuple[str, dict[str, Any] | InputError]]:
    """``(file:line, object)`` for each non-blank line; a line that is not a JSON object
    comes as an :class:`InputError` value, so one bad line never stops a file."""
    with path.open(encoding="utf-8") as fh:
        for number, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            origin = f"{path}:{number}"
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                yield origin, InputError(origin, f"not JSON: {exc.msg}")
                continue
            if not isinstance(record, dict):
                yield origin, InputError(origin, "expected a JSON object")
                continue
            yield origin, record


def parsed_records(
    path: Path, parse: Callable[[dict[str, Any], str], T]
) -> Iterator[T | InputError]:
    """``parse(object, origin)`` of each line; a line that is no JSON object, or that
    ``parse`` refuses with a ``ValueError``, comes as an :class:`InputError` value."""
    for origin, record in json_records(path):
        if isinstance(record, InputError):
            yield record
            continue
        try:
            yield parse(record, origin)
        except ValueError as exc:
            yield InputError(origin, str(exc))
