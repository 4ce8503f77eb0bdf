"""Turn one structured record (a JSON object, a CSV row) into an :class:`Article`.

JSONL and CSV share these rules so that a corpus converted from one format to the other
reads the same.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from newsevents.errors import InputError
from newsevents.types import Article

from .dates import parse_date
from .ids import article_id

_JSON_KINDS = {
    dict: "object",
    list: "array",
    str: "string",
    int: "number",
    float: "number",
    bool: "boolean",
    type(None): "null",
}
_SURROGATE = re.compile("[\ud800-\udfff]")


class _BadField(ValueError):
    """A field has a value that cannot go into an Article; the message is the reason."""


def json_kind(value: object) -> str:
    """Name a parsed JSON value's type the way JSON does, for messages."""
    return _JSON_KINDS.get(type(value), type(value).__name__)


def _string(record: Mapping[str, object], name: str) -> str:
    """An optional text field: missing or null means empty."""
    value = record.get(name)
    if value is None:
        return ""
    if not isinstance(value, str):
        raise _BadField(f"'{name}' must be a string, not {json_kind(value)}")
    if (bad := _SURROGATE.search(value)) is not None:
        # JSON can escape lone surrogates; they cannot be encoded or stored downstream.
        raise _BadField(f"'{name}' contains a lone surrogate (U+{ord(bad.group()):04X})")
    return value


def _scalar(record: Mapping[str, object], name: str) -> str:
    """A field that may also be written as a number (ids, compact dates like 20241015)."""
    value = record.get(name)
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return _string(record, name).strip()


def article_from_record(record: Mapping[str, object], origin: str) -> Article | InputError:
    """Validate ``date`` and ``text`` (required) and the optional fields; never raises.

    ``title`` stays separate from ``text``: whether headlines are analysed is the caller's
    choice, so a record with a title but no text is an error, not an article.
    """
    try:
        raw_date = _scalar(record, "date")
        if not raw_date:
            return InputError(origin, "missing date")
        date = parse_date(raw_date)
        if "text" not in record:
            return InputError(origin, "missing 'text'")
        text = _string(record, "text")
        if not text.strip():
            return InputError(origin, "empty text")
        given_id = _scalar(record, "id")
        return Article(
            id=given_id or article_id(text, date),
            date=date,
            text=text,
            title=_string(record, "title"),
            url=_string(record, "url"),
            source=_string(record, "source"),
            origin=origin,
        )
    except ValueError as exc:  # _BadField and parse_date's reasons
        return InputError(origin, str(exc))
