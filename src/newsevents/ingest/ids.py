"""Content-derived article ids, so the same article read twice is recognised as one."""

from __future__ import annotations

import datetime as dt
import hashlib


def article_id(text: str, date: dt.date) -> str:
    """A stable 16-hex-digit id from the date and the whitespace-normalised text.

    Whitespace is collapsed so re-wrapped or re-indented copies of an article get the same id;
    the date is included because wire stories are republished verbatim on other days.
    """
    normalised = " ".join(text.split())
    digest = hashlib.blake2b(digest_size=8)
    digest.update(date.isoformat().encode("ascii"))
    digest.update(b"\n")
    digest.update(normalised.encode("utf-8", "surrogatepass"))
    return digest.hexdigest()
