"""Stories labelled with one PLOVER event type, in CSV (the NGEC synthetic stories).

Columns: ``text`` and ``label`` (a PLOVER type such as ``PROTEST``) are required; ``id`` and
``date`` are used when present. The synthetic set also has ``title`` (a headline with
placeholders such as ``{country_1}``), ``prompt`` (the filled headline and a dateline the story
was written from), ``source``, ``mode`` (a PLOVER mode, not a modality) and a disclaimer. The
filled headline (the prompt's first line, else a title without placeholders) is coded as the
story's first paragraph: the label was given to the headline.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from pathlib import Path

from ..errors import InputError
from .gold import LabelItem, gold_date

__all__ = ["is_plover_csv", "read_plover_csv"]

_LABEL = re.compile(r"[A-Z][A-Z_-]*")


def is_plover_csv(columns: list[str]) -> bool:
    return "text" in columns and "label" in columns


def read_plover_csv(path: Path) -> Iterator[LabelItem | InputError]:
    """Labelled stories; a bad row is an :class:`InputError` value, not a stop."""
    csv.field_size_limit(10_000_000)
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        if not is_plover_csv(list(reader.fieldnames or [])):
            yield InputError(f"{path}:1", "expected 'text' and 'label' columns")
            return
        start = reader.line_num + 1
        for row in reader:
            origin = f"{path}:{start}"
            start = reader.line_num + 1
            try:
                yield _item(row, origin)
            except ValueError as exc:
                yield InputError(origin, str(exc))


def _item(row: dict[str, str | None], origin: str) -> LabelItem:
    body = (row.get("text") or "").strip()
    raw = (row.get("label") or "").strip()
    label = raw.upper()
    if not body:
        raise ValueError("empty 'text'")
    if not _LABEL.fullmatch(label):
        raise ValueError(f"'label' must be a PLOVER type, not {raw!r}")
    headline = _headline(row)
    text = f"{headline}\n\n{body}" if headline else body
    return LabelItem(
        id=(row.get("id") or "").strip() or origin,
        date=gold_date(row.get("date")),
        text=text,
        label=label,
        origin=origin,
    )


def _headline(row: dict[str, str | None]) -> str:
    prompt = (row.get("prompt") or "").strip()
    if prompt:
        first = prompt.splitlines()[0].strip()
        return "" if first.startswith("(") else first  # a dateline only: "(Reuters) --"
    title = (row.get("title") or "").strip()
    return "" if "{" in title else title
