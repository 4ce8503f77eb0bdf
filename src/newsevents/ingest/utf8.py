"""UTF-8 decoding with messages that point at the offending byte."""

from __future__ import annotations

BOM = b"\xef\xbb\xbf"


def strip_bom(data: bytes) -> tuple[bytes, int]:
    """Drop a leading UTF-8 byte order mark (Windows editors add one); return rest, its length."""
    if data.startswith(BOM):
        return data[len(BOM) :], len(BOM)
    return data, 0


def not_utf8(exc: UnicodeDecodeError, base: int = 0) -> str:
    """Describe a decoding failure by byte value and offset (``base`` shifts the offset)."""
    bad = exc.object[exc.start]
    return f"not UTF-8 text (byte 0x{bad:02x} at offset {base + exc.start})"


def decode(data: bytes, base: int = 0) -> str:
    """Decode strictly, raising :class:`ValueError` with a :func:`not_utf8` message."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ValueError(not_utf8(exc, base)) from None
