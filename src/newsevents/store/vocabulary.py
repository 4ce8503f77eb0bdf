"""What a filter's value may be, read forgivingly: any case, country names, near misses named.

A filter that matches nothing because of a typo ("ACUSE") or a lower-case code ("usa") looks
like an empty store. Codes are therefore read in any case, a country may be given by its name,
and a PLOVER type, CAMEO code, mode or country that does not exist is an error naming the
nearest ones that do, raised as :class:`FilterError` so the CLI and the HTTP API can point at
the option or parameter. Actor codes stay open-ended prefixes: a store may hold codes of a
user's own dictionaries, so an unknown actor code is no error.
"""

from __future__ import annotations

import difflib
import functools
import re
from collections.abc import Iterable

from ..codes import cameo
from ..errors import StoreError
from ..types import Mode

#: How many near matches an error suggests at most.
SUGGESTIONS = 3
_CAMEO = re.compile(r"[0-9]{1,4}")


class FilterError(StoreError, ValueError):
    """A filter value names nothing that exists; ``suggestions`` are the nearest that do."""

    def __init__(self, field: str, message: str, suggestions: Iterable[str] = ()) -> None:
        self.field = field
        self.suggestions = tuple(dict.fromkeys(suggestions))[:SUGGESTIONS]
        hint = f"; did you mean {' or '.join(self.suggestions)}?" if self.suggestions else ""
        super().__init__(message + hint)


def _nearest(value: str, choices: Iterable[str]) -> list[str]:
    return difflib.get_close_matches(value, list(choices), n=2 * SUGGESTIONS, cutoff=0.5)


@functools.cache
def plover_types() -> tuple[str, ...]:
    """Every PLOVER event type the coder gives, in alphabetical order."""
    return tuple(sorted({c.plover for c in cameo.all_codes() if c.plover}))


def plover_type(value: str, field: str = "plover") -> str:
    """``value`` as a PLOVER type ("accuse" → "ACCUSE"); a type that does not exist raises."""
    wanted = value.strip().upper()
    if wanted in plover_types():
        return wanted
    raise FilterError(
        field,
        f"unknown PLOVER type {value!r} (one of {', '.join(plover_types())})",
        _nearest(wanted, plover_types()),
    )


@functools.cache
def _cameo_codes() -> tuple[str, ...]:
    return tuple(c.code for c in cameo.all_codes())


def cameo_prefix(value: str, field: str = "cameo") -> str:
    """``value`` as a CAMEO code or code prefix ("19" for every fight code) that exists."""
    wanted = value.strip()
    codes = _cameo_codes()
    if _CAMEO.fullmatch(wanted) and any(code.startswith(wanted) for code in codes):
        return wanted
    near = [c for c in codes if c.startswith(wanted[:3]) and wanted[:3]] or _nearest(wanted, codes)
    raise FilterError(
        field,
        f"unknown CAMEO code {value!r} (a code or its first digits: 19 for every fight code, 193)",
        near,
    )


def mode(value: str, field: str = "mode") -> str:
    """``value`` as an event mode ("Asserted" → "asserted")."""
    modes = [m.value for m in Mode]
    wanted = value.strip().lower()
    if wanted in modes:
        return wanted
    raise FilterError(
        field,
        f"unknown event mode {value!r}; choose one of: {', '.join(modes)}",
        _nearest(wanted, modes),
    )


def actor_prefix(value: str) -> str:
    """An actor code prefix in upper case, as codes are stored ("usagov" → "USAGOV")."""
    return value.strip().upper()


def country_code(value: str, field: str = "country") -> str:
    """A country's code from its code in any case or its name ("iran", "United States")."""
    from ..actors.gazetteer import country_names

    wanted = " ".join(value.split())
    countries = country_names()
    for key in (wanted.upper(), wanted.casefold()):
        if key in countries:
            return countries[key]
    raise FilterError(
        field,
        f"unknown country {value!r} (a code such as IRN or a name such as Iran)",
        [countries[k] for k in _nearest(wanted.casefold(), countries)]
        or _nearest(wanted.upper(), countries),
    )
