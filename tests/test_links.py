"""An article's link is an absolute http(s) URL or nothing, whichever way the article came in:
the explorer shows it as the article's "original", where ``javascript:`` would run."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import urllib.parse
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import newsevents
from newsevents import Article
from newsevents.links import web_url

DAY = dt.date(2024, 5, 1)

HOSTILE = [
    "javascript:alert(1)",
    "JavaScript:alert(document.domain)",
    " javascript:alert(1)",
    "\x01javascript:alert(1)",
    "java\tscript:alert(1)",
    "java\nscript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)",
    "file:///etc/passwd",
    "//evil.example/x",
    "/news/1",
    "example.com/story",
    "http:/evil.example",
    "https://",
    "http://exa\x00mple.com/",
]


@pytest.mark.parametrize("url", HOSTILE)
def test_anything_but_an_absolute_http_url_is_dropped(url: str) -> None:
    assert web_url(url) == ""
    assert Article(id="a", date=DAY, text="Talks.", url=url).url == ""


@pytest.mark.parametrize(
    "url", ["http://example.com", "https://news.example/a/b?c=1#d", "HTTPS://Example.COM/x"]
)
def test_a_web_url_is_kept_as_written(url: str) -> None:
    assert web_url(f"  {url}\n") == url
    assert Article(id="a", date=DAY, text="Talks.", url=url).url == url


SAFE = st.text(st.sampled_from("abcdefghijklmnopqrstuvwxyz0123456789-._~/?=&%"), max_size=30)


@given(
    scheme=st.sampled_from(["http", "https", "HTTP", "Https"]),
    host=st.from_regex(r"[a-z0-9]{1,12}(\.[a-z]{2,6}){1,2}", fullmatch=True),
    rest=SAFE,
)
def test_every_http_url_with_a_host_is_kept(scheme: str, host: str, rest: str) -> None:
    url = f"{scheme}://{host}/{rest}"
    assert web_url(url) == url


@given(st.text(max_size=60))
def test_whatever_is_kept_is_an_http_url_without_control_characters(value: str) -> None:
    kept = web_url(value)
    if kept:
        parts = urllib.parse.urlsplit(kept)
        assert parts.scheme.lower() in ("http", "https") and parts.netloc
        assert all(ord(c) >= 32 and not 0x7F <= ord(c) < 0xA0 for c in kept)
        assert kept == value.strip()


@pytest.mark.parametrize("url", ["javascript:alert(1)", "https://news.example/1"])
def test_every_reader_applies_the_rule(tmp_path: Path, url: str) -> None:
    expected = web_url(url)
    record = {"id": "a1", "date": "2024-05-01", "text": "Talks.", "url": url}
    (tmp_path / "a.jsonl").write_text(json.dumps(record) + "\n", encoding="utf-8")
    (tmp_path / "b.csv").write_text(f"id,date,text,url\nb1,2024-05-01,Talks.,{url}\n")
    found = {a.id: a.url for a in newsevents.read_articles([tmp_path]) if isinstance(a, Article)}
    assert found == {"a1": expected, "b1": expected}
    assert newsevents.article("Talks.", DAY, url=url).url == expected


def test_a_link_stored_before_the_rule_is_dropped_when_read(tmp_path: Path) -> None:
    db = tmp_path / "old.db"
    with newsevents.Store(db):
        pass
    with sqlite3.connect(db) as conn:  # as an older version wrote it
        conn.execute(
            "INSERT INTO documents (id, date, title, url, source, origin, text, n_events, "
            "added_at) VALUES ('d1', '2024-05-01', 'T', 'javascript:alert(1)', 'S', 'x', "
            "'Talks.', 0, '2024-05-01T00:00:00')"
        )
    with newsevents.Store(db, readonly=True) as store:
        doc = store.document("d1")
    assert doc is not None and doc.url == ""


@pytest.mark.model
def test_the_http_api_applies_it_to_posted_articles(example_db: Path, tmp_path: Path) -> None:
    import shutil

    from fastapi.testclient import TestClient

    from newsevents.serve import create_app

    db = tmp_path / "copy.db"
    shutil.copy(example_db, db)
    token = "s3cret-token-for-tests"
    article = {"id": "js-1", "date": "2024-05-01", "text": "Japan and China held talks.",
               "url": "javascript:alert(document.cookie)"}  # fmt: skip
    with TestClient(create_app(db, token=token), base_url="http://localhost") as client:
        posted = client.post(
            "/api/articles",
            json={"articles": [article]},
            headers={"Authorization": f"Bearer {token}"},
        )
        assert posted.status_code == 201
        assert client.get("/api/documents/js-1").json()["url"] == ""
