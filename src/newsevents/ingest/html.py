"""Saved web pages: the article's main text (boilerplate dropped) and the page's own metadata.

Only the bytes of the file are read: nothing is ever fetched, not even the page's own URL.
"""

from __future__ import annotations

import codecs
import datetime as dt
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from newsevents.errors import InputError
from newsevents.types import Article

from .dates import parse_web_date
from .ids import article_id
from .markup import clean, host_of, one_line, paragraphs, web_url
from .messages import describe
from .streams import Readable
from .utf8 import decode, strip_bom

NO_DATE = "no publication date in the page (pass --date)"
NO_TEXT = "no article text found in the page"

# The charset a page declares, looked for where browsers look: near the start.
_PRESCAN = 4096
_META_CHARSET = re.compile(rb"""<meta[^>]+?charset\s*=\s*["']?\s*([\w.:-]+)""", re.IGNORECASE)
_XML_ENCODING = re.compile(rb"""\s*<\?xml[^>]*?encoding\s*=\s*["']([\w.:-]+)""")
# Labels browsers read as another encoding (WHATWG Encoding Standard): Latin-1 and ASCII
# pages are decoded as windows-1252; a page that says UTF-16 but has no NUL bytes is UTF-8.
_BROWSER_CODECS = {
    "ascii": "cp1252",
    "iso8859-1": "cp1252",
    "utf-16": "utf-8",
    "utf-16-be": "utf-8",
    "utf-16-le": "utf-8",
}

# <meta> names that hold the publication date, most specific first (modified dates are not).
_DATE_META = (
    "article:published_time",
    "og:article:published_time",
    "og:published_time",
    "datepublished",
    "published_time",
    "pubdate",
    "publishdate",
    "publish-date",
    "publish_date",
    "publication_date",
    "dc.date.issued",
    "dcterms.issued",
    "dcterms.created",
    "dc.date",
    "dcterms.date",
    "date",
    "sailthru.date",
    "parsely-pub-date",
    "citation_publication_date",
)
# <time> elements that say they are the publication time, then the first one in the article.
_PUBLISHED_TIME = (
    "//time[@pubdate]",
    "//time[@itemprop='datePublished']",
    "//*[@itemprop='datePublished'][@content or @datetime]",
    "(//article//time[@datetime])[1]",
)
# Page furniture removed before extraction; an article's own header and footer stay.
_BOILERPLATE = [
    "//nav",
    "//aside",
    "//*[@role='navigation' or @role='banner' or @role='contentinfo' or @role='complementary']",
    "//header[not(ancestor::article or ancestor::main)]",
    "//footer[not(ancestor::article)]",
    "//form",
    "//*[contains(@id, 'cookie') or contains(@class, 'cookie') or contains(@class, 'consent')]",
]
_ARTICLE_TYPES = ("Article", "BlogPosting", "Report", "LiveBlogPosting")


@dataclass(frozen=True, slots=True)
class PageInfo:
    """What a page says about itself (empty strings, ``None``: it does not say)."""

    title: str = ""
    date: dt.date | None = None
    url: str = ""
    source: str = ""
    headline: str = ""


def read_html(
    stream: Readable, origin: str, default: dt.date | None = None
) -> Article | InputError:
    """Read one page (a whole file) as one article.

    The text is the main content as trafilatura finds it, paragraphs separated by blank
    lines and a repeated headline dropped (the title is kept in ``title``). The date is the
    page's own publication date; ``default`` only applies to pages without one.
    """
    data, bom = strip_bom(stream.read())
    if b"\0" in data:
        return InputError(origin, "binary data, not text")
    try:
        markup = _decode(data, bom)
    except ValueError as exc:
        return InputError(origin, str(exc))
    return parse_html(markup, origin, default)


def _decode(data: bytes, bom: int) -> str:
    """Decode as the page declares (damaged bytes replaced, as browsers do), else strict UTF-8."""
    declared = None if bom else _declared_codec(data[:_PRESCAN])
    if declared is None:
        return decode(data, bom)
    return data.decode(declared, "replace")


def _declared_codec(head: bytes) -> str | None:
    match = _XML_ENCODING.match(head) or _META_CHARSET.search(head)
    if match is None:
        return None
    try:
        name = codecs.lookup(match.group(1).decode("ascii")).name
        b" ".decode(name, "replace")  # "rot13", "hex", "zlib": codecs, no text encodings
    except (LookupError, UnicodeDecodeError):
        return None  # an unknown label: as if none were given
    return _BROWSER_CODECS.get(name, name)


def parse_html(markup: str, origin: str, default: dt.date | None = None) -> Article | InputError:
    """Turn the markup of one page into an article; never raises."""
    from lxml import etree
    from lxml import html as lxml_html

    try:
        tree = lxml_html.document_fromstring(
            clean(markup).encode("utf-8"), parser=lxml_html.HTMLParser(encoding="utf-8")
        )
    except (ValueError, etree.LxmlError):  # "Document is empty" and the like
        return InputError(origin, NO_TEXT)
    try:
        extracted = _extract(tree)
        info = page_info(tree, extracted)
    except Exception as exc:  # a third-party parser's bug must not end the whole run
        return InputError(origin, f"cannot extract the page: {describe(exc)}")
    text = _main_text(extracted, info)
    if not text:
        return InputError(origin, NO_TEXT)
    date = info.date or default
    if date is None:
        return InputError(origin, NO_DATE)
    return Article(
        id=article_id(text, date),
        date=date,
        text=text,
        title=info.title,
        url=info.url,
        source=info.source,
        origin=origin,
    )


def _extract(tree: Any) -> Any:
    """trafilatura's document (main text and metadata) or ``None`` when it finds no text."""
    import trafilatura

    return trafilatura.bare_extraction(
        tree,  # trafilatura works on a copy
        with_metadata=True,
        include_comments=False,
        favor_precision=True,  # a stray sentence of boilerplate can be coded as an event
        prune_xpath=_BOILERPLATE,
        # No guessing from dates in the running text: a wrong day is worse than --date.
        date_extraction_params={"extensive_search": False, "original_date": True},
    )


def _main_text(extracted: Any, info: PageInfo) -> str:
    text = getattr(extracted, "text", None)
    if not isinstance(text, str):
        return ""
    lines = [line for line in (one_line(line) for line in text.splitlines()) if line]
    headlines = {_key(info.title), _key(info.headline)} - {""}
    if len(lines) > 1 and _key(lines[0]) in headlines:
        lines = lines[1:]
    return paragraphs("\n\n".join(lines))


def _key(text: str) -> str:
    return " ".join(text.split()).casefold()


def page_info(tree: Any, extracted: Any = None) -> PageInfo:
    """Title, publication date, canonical URL and source of a page (an lxml tree).

    The page's own markup comes first (Open Graph and other ``<meta>`` tags, JSON-LD,
    ``<link rel=canonical>``, ``<time>``); trafilatura's metadata fills the gaps.
    """
    meta = _meta(tree)
    url = _canonical(tree) or web_url(meta.get("og:url")) or web_url(_attr(extracted, "url"))
    date = next(_page_dates(tree, meta, _attr(extracted, "date")), None)
    return PageInfo(
        title=one_line(
            meta.get("og:title") or _attr(extracted, "title") or _first_text(tree, "//title")
        ),
        date=date,
        url=url,
        source=one_line(meta.get("og:site_name") or _attr(extracted, "sitename")) or host_of(url),
        headline=one_line(_first_text(tree, "//h1")),
    )


def _attr(extracted: Any, name: str) -> str:
    value = getattr(extracted, name, None)
    return value if isinstance(value, str) else ""


def _first_text(tree: Any, path: str) -> str:
    for element in tree.xpath(path):
        return str(element.text_content())
    return ""


def _meta(tree: Any) -> dict[str, str]:
    """``<meta>`` values by lower-cased property, name or itemprop; the first of each wins."""
    found: dict[str, str] = {}
    for element in tree.xpath("//meta[@content]"):
        content = str(element.get("content")).strip()
        for attribute in ("property", "name", "itemprop"):
            key = (element.get(attribute) or "").strip().lower()
            if key and content:
                found.setdefault(key, content)
    return found


def _canonical(tree: Any) -> str:
    for element in tree.xpath("//link[@rel][@href]"):
        if "canonical" in str(element.get("rel")).lower().split():
            return web_url(element.get("href"))
    return ""


def _page_dates(tree: Any, meta: dict[str, str], extracted: str) -> Iterator[dt.date]:
    """Every publication date the page gives that parses, best source first.

    trafilatura's date is a last resort for pages that declare none: it mends an impossible
    declared date ("2024-02-30" becomes 2024-02-01), and a wrong day is worse than none.
    """
    candidates = [meta[name] for name in _DATE_META if name in meta]
    candidates += _json_ld_dates(tree)
    for path in _PUBLISHED_TIME:
        for element in tree.xpath(path):
            candidates.append(
                element.get("datetime") or element.get("content") or element.text_content()
            )
    if not any(str(value).strip() for value in candidates):
        candidates.append(extracted)
    for value in candidates:
        try:
            yield parse_web_date(str(value))
        except ValueError:
            continue  # a malformed tag: the next source may be fine


def _json_ld_dates(tree: Any) -> list[str]:
    """``datePublished`` of JSON-LD objects, those typed as articles first."""
    articles: list[str] = []
    others: list[str] = []
    for script in tree.xpath("//script[@type='application/ld+json']"):
        try:
            data = json.loads(script.text_content())
        except (ValueError, RecursionError):
            continue  # hand-written JSON-LD is often broken; other sources remain
        for item in _json_ld_items(data):
            value = item.get("datePublished")
            if isinstance(value, str):
                kind = item.get("@type")
                kinds = kind if isinstance(kind, list) else [kind]
                is_article = any(str(k).endswith(_ARTICLE_TYPES) for k in kinds)
                (articles if is_article else others).append(value)
    return articles + others


def _json_ld_items(data: object) -> Iterator[dict[str, Any]]:
    """Top-level objects (one or a list of them) and the objects of their ``@graph``."""
    for item in data if isinstance(data, list) else [data]:
        if isinstance(item, dict):
            yield item
            graph = item.get("@graph")
            if isinstance(graph, list):
                yield from (node for node in graph if isinstance(node, dict))
