"""Plain text out of HTML snippets, and the small clean-ups web sources need.

HTML pages and feeds share these, so a story reads the same whichever way it came in.
"""

from __future__ import annotations

import html
import re
import urllib.parse

from ..links import web_url as web_url  # the readers' name for the one rule
from .dates import show

# Elements that start a new paragraph (or line) of text; inline ones (b, a, span) do not.
_BLOCKS = frozenset(
    {
        *("address", "article", "aside", "blockquote", "caption", "dd", "div", "dl", "dt"),
        *("figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6"),
        *("header", "hr", "li", "main", "nav", "ol", "p", "pre", "section", "table", "td"),
        *("th", "tr", "ul"),
    }
)
_DROPPED = frozenset({"script", "style", "noscript", "template"})
_PARAGRAPH_BREAK = re.compile(r"\n[ \t\r\f\v]*\n\s*")
_TAG = re.compile(r"<[^>]*>")
# Lone surrogates (from character references) cannot be encoded or stored; NUL breaks C code.
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


def clean(text: str) -> str:
    """Replace characters that cannot be stored (NUL, lone surrogates) with U+FFFD."""
    return _UNSTORABLE.sub("\ufffd", text)


def paragraphs(text: str) -> str:
    """Collapse whitespace inside paragraphs; paragraphs are separated by one blank line."""
    kept = (" ".join(part.split()) for part in _PARAGRAPH_BREAK.split(clean(text)))
    return "\n\n".join(part for part in kept if part)


def one_line(text: str) -> str:
    """All whitespace collapsed to single spaces (titles, names)."""
    return " ".join(clean(text).split())


def html_to_text(markup: str) -> str:
    """The text of an HTML snippet: block elements become paragraphs, entities are decoded.

    Scripts and styles are dropped; ``<br>`` is a space (a line break is no paragraph).
    """
    from lxml import etree
    from lxml import html as lxml_html

    if not markup.strip():
        return ""
    try:
        root = lxml_html.fragment_fromstring(clean(markup), create_parent="div")
    except (ValueError, etree.LxmlError):  # e.g. an encoding declaration in a str
        return paragraphs(html.unescape(_TAG.sub(" ", markup)))
    pieces: list[str] = []
    skipping = 0
    for event, element in etree.iterwalk(root, events=("start", "end")):
        tag = element.tag if isinstance(element.tag, str) else ""  # comments, PIs: no text
        block = tag.lower() in _BLOCKS
        dropped = tag.lower() in _DROPPED
        if event == "start":
            skipping += dropped
            if block:
                pieces.append("\n\n")
            if tag and not skipping and element.text:
                pieces.append(element.text)
        else:
            skipping -= dropped
            if block:
                pieces.append("\n\n")
            elif tag.lower() == "br":
                pieces.append(" ")
            if element is not root and not skipping and element.tail:
                pieces.append(element.tail)
    return paragraphs("".join(pieces))


def host_of(url: str) -> str:
    """The host name of a URL without ``www.``; ``""`` when there is none."""
    try:
        host = urllib.parse.urlsplit(url).hostname or ""
    except ValueError:
        return ""
    return host.removeprefix("www.")


def named(title: str, link: str) -> str:
    """``title 'X', link Y`` naming an item in a message (either part may be missing)."""
    parts = []
    if title:
        parts.append(f"title {show(one_line(title))}")
    if link:
        parts.append(f"link {one_line(link)}")
    return ", ".join(parts)
