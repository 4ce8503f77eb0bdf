"""JSON Lines: one article object per line, each line judged on its own."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator

from newsevents.errors import InputError
from newsevents.settings import MAX_ARTICLE_BYTES
from newsevents.types import Article

from .limits import LongLine, too_long
from .messages import reason
from .records import article_from_record, json_kind
from .utf8 import decode, strip_bom


def parse_json_line(line: str, origin: str) -> Article | InputError:
    """Parse one non-blank line; every failure becomes an :class:`InputError` for that line."""
    try:
        value = json.loads(line)
    except json.JSONDecodeError as exc:
        # Some messages end in "at" ("Invalid control character at"): the position follows.
        what = reason(exc.msg).removesuffix(" at")
        return InputError(origin, f"malformed JSON: {what} at column {exc.colno}")
    except ValueError as exc:  # e.g. an integer too long to convert
        return InputError(origin, f"malformed JSON: {reason(str(exc))}")
    except RecursionError:
        return InputError(origin, "malformed JSON: nested too deeply")
    if not isinstance(value, dict):
        return InputError(origin, f"expected a JSON object, got {json_kind(value)}")
    return article_from_record(value, origin)


def read_jsonl(
    lines: Iterable[bytes | LongLine], origin: str, *, max_bytes: int = MAX_ARTICLE_BYTES
) -> Iterator[Article | InputError]:
    """Yield one item per non-blank line, lazily; origins are ``origin:LINE`` (1-based).

    A :class:`LongLine` (see :func:`~newsevents.ingest.limits.bounded_lines`, which reads
    lines at most ``max_bytes`` far) is that line's error.
    """
    return read_numbered_jsonl(enumerate(lines, start=1), origin, max_bytes=max_bytes)


def read_numbered_jsonl(
    lines: Iterable[tuple[int, bytes | LongLine]],
    origin: str,
    *,
    max_bytes: int = MAX_ARTICLE_BYTES,
) -> Iterator[Article | InputError]:
    """:func:`read_jsonl` over ``(line number, bytes)`` pairs, for a part of a file read from
    a byte offset (line 1, if present, may start with a byte-order mark)."""
    for number, raw in lines:
        where = f"{origin}:{number}"
        if isinstance(raw, LongLine):
            yield InputError(where, too_long("line", raw.size, max_bytes))
            continue
        data, bom = strip_bom(raw) if number == 1 else (raw, 0)
        try:
            line = decode(data, bom)
        except ValueError as exc:
            yield InputError(where, str(exc))
            continue
        if line.strip():
            yield parse_json_line(line, where)
