"""RSS and Atom feed files: one article per item, each bad item reported on its own."""

from __future__ import annotations

import datetime as dt
import gzip
import html
import io
import socket
from collections.abc import Iterator
from pathlib import Path
from xml.sax.saxutils import escape

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsevents.errors import InputError
from newsevents.ingest import article_id, iter_articles
from newsevents.types import Article

DATA = Path(__file__).parent / "data" / "web"
RSS = DATA / "world.rss"
ATOM = DATA / "world.atom"
DAY = dt.date(2024, 5, 1)
NO_DATE = "no publication date (pass --date)"
DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


@pytest.fixture(autouse=True, scope="module")
def no_network() -> Iterator[None]:
    """Reading a feed never touches the network: any attempt fails the test."""

    def refuse(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("the network was used")

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(socket.socket, "connect", refuse)
        patch.setattr(socket, "create_connection", refuse)
        patch.setattr(socket, "getaddrinfo", refuse)
        yield


def rfc822(day: dt.date, clock: str = "10:00:00 +0000") -> str:
    """An RSS pubDate, spelled the same whatever the locale."""
    return f"{DAYS[day.weekday()]}, {day.day:02d} {MONTHS[day.month - 1]} {day.year} {clock}"


def item(
    title: str | None = "Talks", summary: str | None = "Ministers met.", date: str | None = None
) -> str:
    """An RSS item; the summary is HTML, as RSS descriptions are."""
    parts = ["<item>", "<link>https://ledger.example/story</link>"]
    if title is not None:
        parts.append(f"<title>{escape(title)}</title>")
    if summary is not None:
        parts.append(f"<description>{escape(summary)}</description>")
    if date is not None:
        parts.append(f"<pubDate>{escape(date)}</pubDate>")
    return "".join(parts) + "</item>"


def rss(*items: str, title: str = "The Ledger") -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel>'
        f"<title>{escape(title)}</title><link>https://www.ledger.example/</link>"
        f"<description>News</description>{''.join(items)}</channel></rss>\n"
    )


def write(tmp_path: Path, data: str | bytes, name: str = "feed.rss") -> Path:
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode() if isinstance(data, str) else data)
    return path


def read(*inputs: Path | str, date: dt.date | None = None) -> list[Article | InputError]:
    return list(iter_articles(inputs, date=date))


def articles(items: list[Article | InputError]) -> list[Article]:
    assert all(isinstance(i, Article) for i in items), items
    return [i for i in items if isinstance(i, Article)]


# -- RSS 2.0 -------------------------------------------------------------------------------------


def test_every_rss_item_is_an_article_in_document_order() -> None:
    items = articles(read(RSS))
    assert [i.origin for i in items] == [f"{RSS}:item {n}" for n in (1, 2, 3)]
    assert [i.date for i in items] == [DAY, dt.date(2024, 4, 30), dt.date(2024, 4, 29)]
    assert [i.title for i in items] == [
        "Japan accuses North Korea of missile launch",
        "EU and Canada sign fisheries agreement",
        "Police clash with protesters in Nairobi",
    ]
    assert (
        items[0].url
        == "https://www.harbourledger.example/world/asia/japan-north-korea-missile-launch"
    )
    assert {i.source for i in items} == {"The Harbour Ledger – World"}
    assert all(i.id == article_id(i.text, i.date) for i in items)


def test_the_text_is_the_title_then_the_longer_content_as_plain_text() -> None:
    first = articles(read(RSS))[0]
    assert first.text == (
        "Japan accuses North Korea of missile launch\n\n"
        "Japan accused North Korea on Wednesday of firing two ballistic missiles into the sea,"
        " the defence ministry in Tokyo said.\n\n"
        "Prime Minister Fumio Kishida condemned the launches & lodged a protest."
    )
    assert "trackView" not in first.text and "<" not in first.text


def test_the_summary_is_used_when_it_is_longer_than_the_content(tmp_path: Path) -> None:
    longer = "Ministers of both countries met in Geneva on Tuesday for a second round of talks."
    entry = item(summary=longer, date=rfc822(DAY)).replace(
        "</item>", "<content:encoded>Ministers met.</content:encoded></item>"
    )
    feed = rss(entry).replace(
        "<rss ", '<rss xmlns:content="http://purl.org/rss/1.0/modules/content/" '
    )
    [only] = articles(read(write(tmp_path, feed)))
    assert only.text == f"Talks\n\n{longer}"


def test_escaped_html_and_cdata_become_plain_text_with_entities_decoded(tmp_path: Path) -> None:
    cdata = "<![CDATA[<p>Caf&eacute; owners &amp; <b>unions</b> met.</p><p>Talks&hellip;</p>]]>"
    feed = rss(
        item(title="Tom & Jerry’s talks", summary="<p>Prices &lt; costs</p>", date=rfc822(DAY)),
        f"<item><title>CDATA</title><description>{cdata}</description>"
        f"<pubDate>{rfc822(DAY)}</pubDate></item>",
    )
    first, second = articles(read(write(tmp_path, feed)))
    assert first.title == "Tom & Jerry’s talks"
    assert first.text == "Tom & Jerry’s talks\n\nPrices < costs"
    assert second.text == "CDATA\n\nCafé owners & unions met.\n\nTalks…"


def test_a_summary_repeating_the_title_is_not_doubled(tmp_path: Path) -> None:
    feed = rss(item(title="Talks began", summary="Talks began in Geneva.", date=rfc822(DAY)))
    [only] = articles(read(write(tmp_path, feed)))
    assert only.text == "Talks began in Geneva."


def test_a_summary_sharing_only_letters_with_the_title_keeps_the_title(tmp_path: Path) -> None:
    feed = rss(item(title="Talks", summary="Talkshow hosts met.", date=rfc822(DAY)))
    [only] = articles(read(write(tmp_path, feed)))
    assert only.text == "Talks\n\nTalkshow hosts met."


def test_an_item_with_only_a_title_is_an_article(tmp_path: Path) -> None:
    [only] = articles(read(write(tmp_path, rss(item(summary=None, date=rfc822(DAY))))))
    assert (only.title, only.text) == ("Talks", "Talks")


def test_the_day_is_kept_as_written_not_moved_to_utc(tmp_path: Path) -> None:
    late = rfc822(DAY, "23:30:00 -0500")  # 04:30 UTC on 2 May
    [only] = articles(read(write(tmp_path, rss(item(date=late)))))
    assert only.date == DAY


def test_the_source_falls_back_to_the_feed_link_host(tmp_path: Path) -> None:
    feed = rss(item(date=rfc822(DAY)), title="")
    [only] = articles(read(write(tmp_path, feed)))
    assert only.source == "ledger.example"


def test_rss_1_rdf_feeds_are_read(tmp_path: Path) -> None:
    feed = (
        '<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"'
        ' xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">'
        '<channel rdf:about="https://r.example/"><title>R</title><link>https://r.example/</link>'
        '</channel><item rdf:about="https://r.example/1"><title>One</title>'
        "<link>https://r.example/1</link><description>Ministers met.</description>"
        "<dc:date>2024-05-01T10:00:00+02:00</dc:date></item></rdf:RDF>"
    )
    [only] = articles(read(write(tmp_path, feed, "feed.xml")))
    assert (only.date, only.text, only.url, only.source) == (
        DAY,
        "One\n\nMinisters met.",
        "https://r.example/1",
        "R",
    )


# -- Atom 1.0 ------------------------------------------------------------------------------------


def test_atom_entries_are_articles() -> None:
    talks, floods = articles(read(ATOM))
    assert talks.title == "Turkey hosts talks between Armenia and Azerbaijan"  # type="html"
    assert talks.text == (
        "Turkey hosts talks between Armenia and Azerbaijan\n\n"
        "The foreign ministers of Armenia and Azerbaijan met in Ankara on Thursday for talks"
        " hosted by Turkey.\n\nBoth sides said the talks were constructive."
    )
    assert talks.url == "https://wire.coastal.example/2024/05/talks"
    assert (talks.source, talks.origin) == ("Coastal Wire", f"{ATOM}:item 1")
    assert floods.text == (
        "Flood warnings issued along the coast\n\nAuthorities issued flood warnings on Wednesday."
    )


def test_atom_published_wins_over_updated_which_is_the_fallback() -> None:
    talks, floods = articles(read(ATOM))
    assert talks.date == dt.date(2024, 5, 2)  # published 22:10 at -05:00; updated 3 May
    assert floods.date == DAY  # updated only


def test_an_atom_id_is_not_taken_for_a_link(tmp_path: Path) -> None:
    feed = (
        '<feed xmlns="http://www.w3.org/2005/Atom"><title>W</title><id>urn:w</id>'
        "<entry><title>Talks</title><id>urn:uuid:1225c695</id>"
        "<updated>2024-05-01T10:00:00Z</updated><summary>Ministers met.</summary></entry></feed>"
    )
    [only] = articles(read(write(tmp_path, feed, "w.atom")))
    assert (only.url, only.source) == ("", "W")


# -- bad items, bad files --------------------------------------------------------------------------


def test_an_item_without_a_date_is_reported_and_the_others_are_read(tmp_path: Path) -> None:
    entries = [item(title=f"Story {n}", date=rfc822(DAY)) for n in range(1, 9)]
    entries[6] = item(title="Story 7", date=None)
    path = write(tmp_path, rss(*entries))
    items = read(path)
    assert len(items) == 8
    errors = [i for i in items if isinstance(i, InputError)]
    assert [str(e) for e in errors] == [
        f"{path}:item 7: {NO_DATE}; title 'Story 7', link https://ledger.example/story"
    ]
    assert [i.title for i in items if isinstance(i, Article)] == [
        f"Story {n}" for n in (1, 2, 3, 4, 5, 6, 8)
    ]


def test_the_date_option_applies_to_items_without_a_date(tmp_path: Path) -> None:
    path = write(tmp_path, rss(item(date=None), item(date=rfc822(dt.date(2024, 4, 2)))))
    undated, dated = articles(read(path, date=DAY))
    assert (undated.date, dated.date) == (DAY, dt.date(2024, 4, 2))


def test_an_unrecognised_date_is_reported_unless_a_date_is_given(tmp_path: Path) -> None:
    path = write(tmp_path, rss(item(title=None, date="the day before yesterday")))
    [bad] = read(path)
    assert str(bad) == (
        f"{path}:item 1: unrecognised date 'the day before yesterday' (pass --date);"
        " link https://ledger.example/story"
    )
    assert articles(read(path, date=DAY))[0].date == DAY


def test_an_item_without_text_is_reported(tmp_path: Path) -> None:
    path = write(tmp_path, rss(item(date=rfc822(DAY)), item(None, None, rfc822(DAY))))
    good, bad = read(path)
    assert isinstance(good, Article)
    assert str(bad) == (
        f"{path}:item 2: no text: neither title nor summary; link https://ledger.example/story"
    )


@pytest.mark.parametrize(
    "data, reason",
    [
        ("Talks began in Geneva.\n", "malformed XML: syntax error at line 1"),
        ("/etc/passwd", "malformed XML: not well-formed (invalid token) at line 1"),
        (
            "<html><body><p>Talks.</p></body></html>",
            "no <rss>, <feed> or <rdf:RDF> root element",
        ),
        ("", "the file is empty"),
        (
            '<?xml version="1.0"?>\n<rss version="2.0"><channel><title>Cut\nshort',
            "malformed XML: no element found at line 3",
        ),
    ],
    ids=["plain-text", "a-path", "html", "empty", "truncated"],
)
def test_a_file_that_is_not_a_feed_is_one_error(tmp_path: Path, data: str, reason: str) -> None:
    path = write(tmp_path, data, "news.xml")
    assert [str(e) for e in read(path)] == [f"{path}: not an RSS or Atom feed: {reason}"]


def test_a_well_formed_feed_without_items_yields_nothing(tmp_path: Path) -> None:
    assert read(write(tmp_path, rss())) == []


def test_a_malformed_feed_that_still_has_items_is_read(tmp_path: Path) -> None:
    feed = rss(item(date=rfc822(DAY))).replace("Ministers met.", "Tom &amp Jerry met.")
    [only] = articles(read(write(tmp_path, feed)))
    assert only.text == "Talks\n\nTom & Jerry met."


def test_a_charset_mismatch_is_tolerated(tmp_path: Path) -> None:
    feed = rss(item(title="Café talks", date=rfc822(DAY))).replace("UTF-8", "us-ascii")
    [only] = articles(read(write(tmp_path, feed)))
    assert only.title == "Café talks"


# -- files, folders, stdin -----------------------------------------------------------------------


@pytest.mark.parametrize("name", ["feed.rss.gz", "feed.xml.gz", "FEED.ATOM.GZ"])
def test_gzipped_feeds_are_read(tmp_path: Path, name: str) -> None:
    path = write(tmp_path, gzip.compress(RSS.read_bytes()), name)
    items = articles(read(path))
    assert [i.text for i in items] == [i.text for i in articles(read(RSS))]
    assert items[0].origin == f"{path}:item 1"


def test_folders_pick_up_feed_files(tmp_path: Path) -> None:
    write(tmp_path, RSS.read_bytes(), "a.rss")
    write(tmp_path, ATOM.read_bytes(), "b.atom")
    write(tmp_path, gzip.compress(RSS.read_bytes()), "sub/c.xml.gz")
    write(tmp_path, "{}", "d.json")
    origins = [i.origin for i in articles(read(tmp_path))]
    assert origins == [
        *(f"{tmp_path}/a.rss:item {n}" for n in (1, 2, 3)),
        *(f"{tmp_path}/b.atom:item {n}" for n in (1, 2)),
        *(f"{tmp_path}/sub/c.xml.gz:item {n}" for n in (1, 2, 3)),
    ]


def test_an_empty_folder_names_the_feed_suffixes(tmp_path: Path) -> None:
    [error] = read(tmp_path)
    assert isinstance(error, InputError)
    assert ".rss, .atom, .xml, .gz)" in error.reason


@pytest.mark.parametrize("path", [RSS, ATOM])
def test_stdin_starting_with_a_feed_is_read_as_a_feed(path: Path) -> None:
    items = list(iter_articles(["-"], stdin=io.BytesIO(path.read_bytes())))
    expected = articles(read(path))
    assert [i.text for i in articles(items)] == [i.text for i in expected]
    assert [i.origin for i in items] == [f"<stdin>:item {n}" for n in range(1, len(items) + 1)]


def test_stdin_feed_with_an_internal_doctype_subset_is_read_as_a_feed() -> None:
    """ "<!DOCTYPE rss [<!ENTITY ...>]>" used to make stdin a text article with no date."""
    data = RSS.read_bytes()
    start = data.index(b"<rss")
    subset = b'<!DOCTYPE rss [\n  <!ENTITY nbsp "&#160;">\n]>\n'
    items = list(iter_articles(["-"], stdin=io.BytesIO(data[:start] + subset + data[start:])))
    assert len(articles(items)) == len(articles(read(RSS)))


def test_gzipped_stdin_feed_is_read() -> None:
    items = list(iter_articles(["-"], stdin=io.BytesIO(gzip.compress(RSS.read_bytes()))))
    assert len(articles(items)) == 3


# -- properties -------------------------------------------------------------------------------

# Printable text with the characters XML and HTML treat specially. Latin-1 letters are left out:
# feedparser repairs text that reads as UTF-8 decoded as Latin-1 ("Ã©" becomes "é") on purpose.
texts = st.text(
    st.characters(
        codec="utf-8",
        categories=["L", "N", "P", "Zs"],
        include_characters="&<>'\"",
        exclude_characters="".join(map(chr, range(0x80, 0x100))),
    ),
    max_size=60,
)


def written(day: dt.date | None, rfc: bool) -> str | None:
    return None if day is None else rfc822(day) if rfc else day.isoformat()


def flat(text: str | None) -> str:
    return " ".join((text or "").split())


entries = st.lists(
    st.tuples(
        st.none() | texts,
        st.none() | texts,
        st.none() | st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2999, 12, 31)),
        st.booleans(),
    ),
    max_size=8,
)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(entries=entries, default=st.none() | st.just(DAY), atom=st.booleans())
def test_any_entries_round_trip(
    tmp_path: Path,
    entries: list[tuple[str | None, str | None, dt.date | None, bool]],
    default: dt.date | None,
    atom: bool,
) -> None:
    """Each entry is one item: an article with its own date (else the default), or an error."""
    if atom:
        feed = '<feed xmlns="http://www.w3.org/2005/Atom"><title>W</title><id>urn:w</id>'
        for title, summary, day, _ in entries:
            feed += "<entry><id>urn:e</id>"
            feed += f"<title>{escape(title)}</title>" if title is not None else ""
            feed += f"<summary>{escape(summary)}</summary>" if summary is not None else ""
            feed += f"<published>{day.isoformat()}T12:00:00Z</published>" if day else ""
            feed += "</entry>"
        path = write(tmp_path, feed + "</feed>", "feed.atom")
    else:
        path = write(
            tmp_path,
            rss(
                *(
                    item(t, None if s is None else html.escape(s), written(d, rfc))
                    for t, s, d, rfc in entries
                )
            ),
        )
    items = read(path, date=default)
    if not entries:
        assert items == []
        return
    assert len(items) == len(entries)
    for number, (got, (title, summary, day, _)) in enumerate(zip(items, entries, strict=True), 1):
        assert got.origin == f"{path}:item {number}"
        has_text = bool((title or "").strip() or (summary or "").strip())
        if isinstance(got, Article):
            assert got.date == (day or default)
            assert got.text.strip() and got.id == article_id(got.text, got.date)
            assert got.title == flat(title)
            assert flat(title) in flat(got.text) and flat(summary) in flat(got.text)
        else:
            assert not has_text or (day or default) is None
            assert "\n" not in str(got)


fragments = st.sampled_from(
    [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<?xml version="1.0" encoding="bogus"?>',
        '<rss version="2.0">',
        "<channel>",
        "<item>",
        "</item>",
        "<title>",
        "</title>",
        "<description>",
        "<![CDATA[",
        "]]>",
        "<p>",
        "<pubDate>",
        "Wed, 30 Feb 2024 10:00:00 GMT",
        "2024-05-01T10:00:00Z",
        '<feed xmlns="http://www.w3.org/2005/Atom">',
        "<entry>",
        '<content type="xhtml">',
        "<summary type='html'>",
        "&lt;script&gt;",
        "&#xD800;",
        "&#0;",
        "&nbsp;",
        '<!DOCTYPE rss [<!ENTITY e SYSTEM "file:///etc/passwd">]>',
        "&e;",
        "Talks.",
    ]
)
noise = st.one_of(
    st.binary(max_size=200),
    st.lists(st.one_of(fragments, st.text(max_size=8)), max_size=40).map(
        lambda parts: "".join(parts).encode("utf-8", "surrogatepass")
    ),
)


@settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=noise, name=st.sampled_from(["a.rss", "a.atom", "a.xml", "a.rss.gz", "-"]))
def test_arbitrary_bytes_never_raise(tmp_path: Path, data: bytes, name: str) -> None:
    if name == "-":
        items = list(iter_articles(["-"], stdin=io.BytesIO(b"<rss>" + data)))
    else:
        path = write(tmp_path, gzip.compress(data) if name.endswith(".gz") else data, name)
        items = read(path)
    for got in items:
        if isinstance(got, Article):
            assert got.text.strip() and got.id
            got.text.encode("utf-8")  # storable: no lone surrogates
            assert "root:" not in got.text  # no external entity was resolved
        else:
            assert isinstance(got, InputError)
            assert "\n" not in str(got) and got.reason[:1] == got.reason[:1].lower()
