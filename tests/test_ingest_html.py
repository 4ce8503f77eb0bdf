"""Saved web pages: main text without the page furniture, the page's own date, URL and source."""

from __future__ import annotations

import datetime as dt
import gzip
import io
import json
import os
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsevents.cli import cli
from newsevents.errors import InputError
from newsevents.ingest import article_id, iter_articles
from newsevents.types import Article

DATA = Path(__file__).parent / "data" / "web"
PAGE = DATA / "ledger-missile-launch.html"
FEED = DATA / "world.rss"
DAY = dt.date(2024, 5, 1)
NO_DATE = "no publication date in the page (pass --date)"
NO_TEXT = "no article text found in the page"

LEAD = (
    "Japan accused North Korea on Wednesday of firing two ballistic missiles into the sea off"
    " its east coast, the defence ministry in Tokyo said."
)
SECOND = (
    "Prime Minister Fumio Kishida condemned the launches and said Tokyo had lodged a protest"
    " with Pyongyang through the North Korean embassy in Beijing."
)
STORY = f"<h1>Japan accuses North Korea</h1><p>{LEAD}</p><p>{SECOND}</p>"
# Words that only occur in the page furniture around the story.
FURNITURE = ("Subscribe", "cookies", "Most read", "recipes", "rights reserved", "Sign up", "Home")


@pytest.fixture(autouse=True, scope="module")
def no_network() -> Iterator[None]:
    """Reading a page never touches the network: any attempt fails the test."""

    def refuse(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("the network was used")

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(socket.socket, "connect", refuse)
        patch.setattr(socket, "create_connection", refuse)
        patch.setattr(socket, "getaddrinfo", refuse)
        yield


def page(head: str = "", story: str = STORY, *, charset: str = "utf-8") -> str:
    """A news page: a story inside navigation, a cookie notice, a sidebar and a footer."""
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="{charset}">
<title>Japan accuses North Korea | The Harbour Ledger</title>
{head}
</head>
<body>
<div class="cookie-consent"><p>We use cookies to improve your experience.</p></div>
<header><nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li>
<li><a href="/subscribe">Subscribe for unlimited access</a></li></ul></nav></header>
<main><article>{story}</article>
<aside><h2>Most read</h2><ul><li><a href="/a">Ten summer recipes for a heatwave</a></li>
<li><a href="/b">Transfer rumours: the latest</a></li></ul></aside></main>
<footer><form><label>Sign up to our briefing</label><input type="email"></form>
<p>&copy; 2023 The Harbour Ledger Ltd. All rights reserved.</p></footer>
</body>
</html>
"""


def published(value: str) -> str:
    return f'<meta property="article:published_time" content="{value}">'


def write(tmp_path: Path, data: str | bytes, name: str = "story.html") -> Path:
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode() if isinstance(data, str) else data)
    return path


def read_one(path: Path, date: dt.date | None = None) -> Article | InputError:
    items = list(iter_articles([path], date=date))
    assert len(items) == 1
    return items[0]


def article(path: Path, date: dt.date | None = None) -> Article:
    item = read_one(path, date)
    assert isinstance(item, Article), item
    return item


def error(path: Path, date: dt.date | None = None) -> InputError:
    item = read_one(path, date)
    assert isinstance(item, InputError), item
    return item


# -- text ----------------------------------------------------------------------------------------


def test_the_sample_page_yields_its_story_and_metadata() -> None:
    item = article(PAGE)
    assert item.date == DAY
    assert item.title == "Japan accuses North Korea of missile launch"
    assert (
        item.url == "https://www.harbourledger.example/world/asia/japan-north-korea-missile-launch"
    )
    assert item.source == "The Harbour Ledger"
    assert item.origin == str(PAGE)
    assert item.id == article_id(item.text, item.date)
    paragraphs = item.text.split("\n\n")
    assert paragraphs[0].startswith("Japan accused North Korea on Wednesday")
    assert paragraphs[-1].endswith("officials in Seoul said.")
    assert len(paragraphs) == 4


def test_navigation_and_other_boilerplate_are_dropped() -> None:
    text = article(PAGE).text
    for furniture in (*FURNITURE, "Premier league", "Accept all", "dataLayer", "Aiko Tanaka"):
        assert furniture not in text


def test_boilerplate_is_dropped_from_a_written_page(tmp_path: Path) -> None:
    item = article(write(tmp_path, page(published("2024-05-01"))))
    assert item.text == f"{LEAD}\n\n{SECOND}"
    assert not any(word in item.text for word in FURNITURE)


def test_the_headline_is_not_repeated_at_the_start_of_the_text(tmp_path: Path) -> None:
    item = article(write(tmp_path, page(published("2024-05-01"))))
    assert item.title == "Japan accuses North Korea"
    assert not item.text.startswith("Japan accuses")


def test_html_entities_are_decoded(tmp_path: Path) -> None:
    story = (
        "<p>South Korea&#8217;s army &amp; the US navy met in Busan&hellip;"
        " said Caf&eacute; owners.</p>"
    )
    item = article(write(tmp_path, page(published("2024-05-01"), story)))
    assert item.text == "South Korea’s army & the US navy met in Busan… said Café owners."


@pytest.mark.parametrize("charset", ["windows-1252", "ISO-8859-1", "latin1"])
def test_a_declared_legacy_charset_is_read_as_browsers_do(tmp_path: Path, charset: str) -> None:
    story = "<p>\u201cCaf\xe9 owners met the minister in S\xe3o Paulo,\u201d he said.</p>"
    markup = page(published("2024-05-01"), story).replace("utf-8", charset)
    path = write(tmp_path, markup.encode("cp1252"))  # curly quotes are 0x93, 0x94
    assert (
        article(path).text
        == "\u201cCaf\xe9 owners met the minister in S\xe3o Paulo,\u201d he said."
    )


@pytest.mark.parametrize(
    "charset", ["rot13", "hex", "base64", "zlib", "bz2", "uu", "quopri", "no-such-charset"]
)
def test_a_charset_that_is_no_text_encoding_is_ignored(tmp_path: Path, charset: str) -> None:
    """Python knows "rot13" or "zlib" as codecs but cannot decode text with them: the page is
    read as if it declared nothing (it once stopped the ingest with a LookupError)."""
    story = "<p>Japan protested to China over the islands on Monday, officials said.</p>"
    markup = page(published("2024-05-01"), story, charset=charset)
    assert "Japan protested to China" in article(write(tmp_path, markup)).text


def test_undeclared_bytes_that_are_not_utf8_are_an_error(tmp_path: Path) -> None:
    markup = page(published("2024-05-01"), "<p>Caf\xe9 owners met.</p>").replace(
        '<meta charset="utf-8">', ""
    )
    assert error(write(tmp_path, markup.encode("cp1252"))).reason.startswith(
        "not UTF-8 text (byte 0xe9 at offset"
    )


@pytest.mark.parametrize(
    "markup",
    [
        page(published("2024-05-01"), story=""),
        "<html><body><nav><a href='/'>Home</a> <a href='/world'>World</a></nav></body></html>",
        "",
        "   \n\t",
        "<!-- nothing but a comment -->",
    ],
    ids=["empty-article", "navigation-only", "empty-file", "blank-file", "comment-only"],
)
def test_a_page_without_main_text_is_an_error_naming_the_file(tmp_path: Path, markup: str) -> None:
    path = write(tmp_path, markup)
    assert str(error(path, date=DAY)) == f"{path}: {NO_TEXT}"


def test_binary_data_is_an_error(tmp_path: Path) -> None:
    assert error(write(tmp_path, b"<html>\x00\x01")).reason == "binary data, not text"


# -- dates ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "head, story",
    [
        (published("2024-05-01T07:30:00+09:00"), STORY),
        ('<meta property="og:published_time" content="2024-05-01">', STORY),
        ('<meta itemprop="datePublished" content="2024-05-01T07:30:00Z">', STORY),
        ('<meta name="dc.date.issued" content="2024-05-01">', STORY),
        ('<meta name="pubdate" content="20240501">', STORY),
        ('<meta name="date" content="Wed, 01 May 2024 07:30:00 +0900">', STORY),
        (
            '<script type="application/ld+json">{"@context": "https://schema.org",'
            ' "@type": "NewsArticle", "datePublished": "2024-05-01T07:30:00+09:00"}</script>',
            STORY,
        ),
        (
            '<script type="application/ld+json">{"@graph": [{"@type": "WebSite", "name": "L"},'
            ' {"@type": ["NewsArticle"], "datePublished": "2024-05-01"}]}</script>',
            STORY,
        ),
        ("", f'<time datetime="2024-05-01T07:30:00+09:00" pubdate>Wednesday</time>{STORY}'),
        ("", f'<span itemprop="datePublished" content="2024-05-01">1 May</span>{STORY}'),
        ("", f'<p>Updated <time datetime="2024-05-01">1 May</time></p>{STORY}'),
        # trafilatura's metadata: a date in the canonical URL, a date in a dated element.
        ('<link rel="canonical" href="https://ledger.example/2024/05/01/missiles.html">', STORY),
        ("", f'<abbr class="published" title="2024-05-01">1 May</abbr>{STORY}'),
    ],
    ids=[
        "article-published_time",
        "og-published_time",
        "itemprop-meta",
        "dublin-core",
        "compact",
        "rfc822",
        "json-ld",
        "json-ld-graph",
        "time-pubdate",
        "itemprop-span",
        "time-in-article",
        "url-via-trafilatura",
        "abbr-via-trafilatura",
    ],
)
def test_each_date_source_gives_the_publication_day(tmp_path: Path, head: str, story: str) -> None:
    assert article(write(tmp_path, page(head, story))).date == DAY


def test_the_published_date_wins_over_the_modified_date(tmp_path: Path) -> None:
    head = (
        '<meta property="article:modified_time" content="2024-06-09T10:00:00Z">'
        + published("2024-05-01T07:30:00Z")
        + '<script type="application/ld+json">{"@type": "NewsArticle",'
        ' "dateModified": "2024-06-09", "datePublished": "2024-05-01"}</script>'
    )
    assert article(write(tmp_path, page(head))).date == DAY


def test_meta_tags_win_over_json_ld_and_time_elements(tmp_path: Path) -> None:
    head = published("2024-05-01") + (
        '<script type="application/ld+json">{"datePublished": "2024-04-01"}</script>'
    )
    story = f'<time datetime="2024-03-01" pubdate>1 March</time>{STORY}'
    assert article(write(tmp_path, page(head, story))).date == DAY


def test_the_day_is_kept_as_written_whatever_the_offset(tmp_path: Path) -> None:
    path = write(tmp_path, page(published("2024-05-01T23:30:00-05:00")))
    assert article(path).date == DAY  # in UTC it would be 2 May


def test_a_malformed_date_tag_gives_way_to_the_next_source(tmp_path: Path) -> None:
    head = (
        published("sometime in May")
        + published("2024-02-30")
        + (
            '<script type="application/ld+json">{"datePublished": "2024-05-01"</script>'
            '<script type="application/ld+json">{"datePublished": "2024-05-01"}</script>'
        )
    )
    assert article(write(tmp_path, page(head))).date == DAY


def test_an_impossible_declared_date_is_not_mended_into_another_day(tmp_path: Path) -> None:
    # the extractor's guess would read "2024-02-30" as 1 February
    assert error(write(tmp_path, page(published("2024-02-30")))).reason == NO_DATE


def test_a_page_without_a_date_is_an_error_naming_the_file(tmp_path: Path) -> None:
    path = write(tmp_path, page())
    assert str(error(path)) == f"{path}: {NO_DATE}"


def test_dates_in_the_running_text_or_copyright_line_are_not_guessed(tmp_path: Path) -> None:
    story = f"<p>Published on 3 March 2022.</p>{STORY}"
    assert error(write(tmp_path, page("", story))).reason == NO_DATE


def test_the_date_option_applies_to_a_page_without_a_date(tmp_path: Path) -> None:
    assert article(write(tmp_path, page()), date=DAY).date == DAY


def test_the_page_date_wins_over_the_date_option(tmp_path: Path) -> None:
    path = write(tmp_path, page(published("2024-05-01")))
    assert article(path, date=dt.date(2000, 1, 1)).date == DAY


# -- URL, source, title -----------------------------------------------------------------------


def test_the_canonical_link_wins_over_og_url(tmp_path: Path) -> None:
    head = (
        '<meta property="og:url" content="https://ledger.example/story?utm=x">'
        '<link rel="Canonical" href="https://ledger.example/story">'
    )
    assert article(write(tmp_path, page(head)), DAY).url == "https://ledger.example/story"


def test_og_url_is_used_without_a_usable_canonical_link(tmp_path: Path) -> None:
    head = (
        '<link rel="canonical" href="/story">'
        '<meta property="og:url" content="https://ledger.example/story">'
    )
    assert article(write(tmp_path, page(head)), DAY).url == "https://ledger.example/story"


def test_a_page_without_a_url_has_none(tmp_path: Path) -> None:
    assert article(write(tmp_path, page()), DAY).url == ""


def test_the_source_is_the_site_name_else_the_host(tmp_path: Path) -> None:
    named = '<meta property="og:site_name" content="The Harbour Ledger">'
    canonical = '<link rel="canonical" href="https://www.ledger.example/story">'
    assert article(write(tmp_path, page(named + canonical)), DAY).source == "The Harbour Ledger"
    assert article(write(tmp_path, page(canonical)), DAY).source == "ledger.example"


def test_the_title_prefers_og_title_over_the_title_element(tmp_path: Path) -> None:
    head = '<meta property="og:title" content="Tokyo protests missile launch">'
    assert article(write(tmp_path, page(head)), DAY).title == "Tokyo protests missile launch"


# -- files, folders, stdin ----------------------------------------------------------------------


@pytest.mark.parametrize("name", ["story.html.gz", "STORY.HTM.GZ"])
def test_gzipped_pages_are_read(tmp_path: Path, name: str) -> None:
    path = write(tmp_path, gzip.compress(PAGE.read_bytes()), name)
    item = article(path)
    assert (item.text, item.origin) == (article(PAGE).text, str(path))


def test_the_same_page_gets_the_same_id_whatever_the_file(tmp_path: Path) -> None:
    copy = write(tmp_path, gzip.compress(PAGE.read_bytes()), "copy.htm.gz")
    assert article(copy).id == article(PAGE).id


def test_folders_pick_up_html_and_htm_pages(tmp_path: Path) -> None:
    write(tmp_path, page(published("2024-05-01")), "b.htm")
    write(tmp_path, PAGE.read_bytes(), "sub/page.HTML")
    write(tmp_path, gzip.compress(PAGE.read_bytes()), "c.html.gz")
    write(tmp_path, "no article", "notes.md")
    items = list(iter_articles([tmp_path]))
    assert [item.origin for item in items] == [
        f"{tmp_path}/b.htm",
        f"{tmp_path}/c.html.gz",
        f"{tmp_path}/sub/page.HTML",
    ]
    assert all(isinstance(item, Article) for item in items)


def test_an_empty_folder_names_the_page_suffixes(tmp_path: Path) -> None:
    [item] = list(iter_articles([tmp_path]))
    assert isinstance(item, InputError)
    assert ".html, .htm" in item.reason


@pytest.mark.parametrize(
    "head", ["<!DOCTYPE html>", "\ufeff<!doctype HTML>", "<!-- saved -->\n<html lang='en'>"]
)
def test_stdin_starting_with_html_is_read_as_a_page(head: str) -> None:
    markup = head + page(published("2024-05-01")).split("\n", 1)[1]
    [item] = list(iter_articles(["-"], stdin=io.BytesIO(markup.encode())))
    assert isinstance(item, Article), item
    assert (item.text, item.origin) == (f"{LEAD}\n\n{SECOND}", "<stdin>")


def test_stdin_starting_with_another_tag_is_still_a_text_article() -> None:
    [item] = list(iter_articles(["-"], stdin=io.BytesIO(b"<b>Talks.</b>"), date=DAY))
    assert isinstance(item, Article) and item.text == "<b>Talks.</b>"


# -- properties ---------------------------------------------------------------------------------

words = st.sampled_from(
    ["minister", "talks", "border", "troops", "ceasefire", "officials", "capital", "army"]
)
sentences = st.lists(words, min_size=12, max_size=30).map(lambda w: " ".join(w).capitalize() + ".")


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    day=st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31)),
    body=st.lists(sentences, min_size=1, max_size=6, unique=True),
    time=st.sampled_from(["", "T07:30:00Z", "T23:59:00-11:00", " 08:00"]),
)
def test_any_dated_story_round_trips(
    tmp_path: Path, day: dt.date, body: list[str], time: str
) -> None:
    story = "".join(f"<p>{sentence}</p>" for sentence in body)
    item = article(write(tmp_path, page(published(day.isoformat() + time), story)))
    assert item.date == day
    assert item.text == "\n\n".join(body)
    assert item.id == article_id(item.text, day)


markup_fragments = st.sampled_from(
    [
        "<html>",
        "<head>",
        "<body>",
        "<article>",
        "<p>",
        "</p>",
        "<nav>",
        '<meta property="article:published_time" content="',
        "2024-05-01",
        "2024-02-30",
        '">',
        '<script type="application/ld+json">',
        '{"datePublished": [',
        "</script>",
        "<time datetime=",
        "<!--",
        "<?xml encoding='latin-1'?>",
        "<meta charset=bogus>",
        "&#xD800;",
        "&amp;",
        "\x00",
        "\ufeff",
        "Talks began. ",
    ]
)
noise = st.one_of(
    st.binary(max_size=200),
    st.lists(st.one_of(markup_fragments, st.text(max_size=8)), max_size=40).map(
        lambda parts: "".join(parts).encode("utf-8", "surrogatepass")
    ),
)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    data=noise,
    name=st.sampled_from(["a.html", "a.htm", "a.html.gz"]),
    date=st.none() | st.just(DAY),
)
def test_arbitrary_bytes_never_raise(
    tmp_path: Path, data: bytes, name: str, date: dt.date | None
) -> None:
    path = write(tmp_path, gzip.compress(data) if name.endswith(".gz") else data, name)
    [item] = list(iter_articles([path], date=date))
    if isinstance(item, Article):
        assert item.text.strip() and item.id and item.origin == str(path)
        item.text.encode("utf-8")  # storable
    else:
        assert isinstance(item, InputError)
        assert "\n" not in str(item) and item.reason[:1] == item.reason[:1].lower()


# -- end to end ---------------------------------------------------------------------------------


@pytest.mark.model
def test_code_command_codes_an_html_page_and_an_rss_feed() -> None:
    env: dict[str, str | None] = {k: None for k in os.environ if k.startswith("NEWSEVENTS_")}
    args = ["code", str(PAGE), str(FEED), "--format", "jsonl"]
    result = CliRunner().invoke(cli, args, env=env)
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in result.stdout.splitlines()]
    articles = [a for a in iter_articles([PAGE, FEED]) if isinstance(a, Article)]
    page_id = next(a.id for a in articles if a.origin == str(PAGE))
    feed_ids = {a.id for a in articles if a.origin.startswith(f"{FEED}:")}
    coded = {record["doc_id"] for record in records}
    assert page_id in coded
    assert coded & feed_ids
    assert {record["doc_date"] for record in records} <= {"2024-04-29", "2024-04-30", "2024-05-01"}
