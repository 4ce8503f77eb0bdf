"""The one rule for an article's link: an absolute http(s) URL, or none.

The link is the article's "original" in the explorer, and goes into exports; a ``javascript:``
or ``data:`` URL there would run in the reader's browser, and a relative path or an id leads
nowhere. Every reader and the HTTP API build articles as :class:`newsevents.types.Article`,
which keeps its ``url`` only if this rule does.
"""

from __future__ import annotations

import unicodedata
import urllib.parse


def web_url(value: object) -> str:
    """``value`` without surrounding space if it is an absolute http(s) URL with a host, else
    ``""``. Control characters anywhere refuse it: browsers drop some (a tab, a newline)
    before reading the scheme, so they can hide one."""
    if not isinstance(value, str):
        return ""
    url = value.strip()
    if any(unicodedata.category(c) in ("Cc", "Cs") for c in url):
        return ""
    try:
        parts = urllib.parse.urlsplit(url)
    except ValueError:
        return ""
    return url if parts.scheme.lower() in ("http", "https") and parts.netloc else ""
