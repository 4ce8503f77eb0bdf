"""Shape exception texts into InputError reasons: one line, lower-case start."""

from __future__ import annotations


def reason(text: str) -> str:
    """Make ``text`` a one-line reason starting in lower case, without a trailing period."""
    line = " ".join(text.split()).rstrip(".")
    return line[:1].lower() + line[1:]


def describe(exc: BaseException) -> str:
    """The reason of an exception; ``OSError`` uses its ``strerror`` (no path repeated)."""
    if isinstance(exc, OSError) and exc.strerror:
        return reason(exc.strerror)
    return reason(str(exc) or type(exc).__name__)
