"""What every request passes before a route sees it, through an in-process client: the Host
allow-list, security headers on every response, the bearer token checked before the body,
and control characters refused in text parameters."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from hypothesis import given, settings
from hypothesis import strategies as st

import newsevents
from conftest import LOCAL
from newsevents.serve import create_app
from newsevents.serve.app import STATIC
from newsevents.serve.guard import (
    CONTENT_SECURITY_POLICY,
    SECURITY_HEADERS,
    host_name,
    host_names,
)

pytestmark = pytest.mark.model

TOKEN = "s3cret-token-for-tests"


@pytest.fixture(scope="module")
def writable(example_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    """A server with a token; its tests never get as far as coding an article."""
    db = tmp_path_factory.mktemp("guard") / "copy.db"
    shutil.copy(example_db, db)
    with TestClient(create_app(db, token=TOKEN, max_body=20_000), base_url=LOCAL) as c:
        yield c


def error_of(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    error = response.json()["error"]
    assert error["status"] == status
    return dict(error)


# -- security headers --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "url", "status"),
    [
        ("GET", "/", 200),
        ("GET", "/docs", 200),
        ("GET", "/static/js/main.js", 200),
        ("GET", "/static/explorer.css", 200),
        ("GET", "/openapi.json", 200),
        ("GET", "/api/events?limit=1", 200),
        ("GET", "/api/nothing", 404),
        ("GET", "/api/events?quad_class=9", 422),
        ("POST", "/api/articles", 403),
        ("DELETE", "/api/events", 405),
    ],
)
def test_every_response_carries_the_security_headers(
    client: TestClient, method: str, url: str, status: int
) -> None:
    response = client.request(method, url, json={} if method == "POST" else None)
    assert response.status_code == status
    for name, value in SECURITY_HEADERS:
        assert response.headers.get(name.decode()) == value.decode()


def test_refusals_and_internal_errors_carry_them_too(
    example_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(newsevents.Store, "stats", broken)
    with TestClient(create_app(example_db), base_url=LOCAL, raise_server_exceptions=False) as c:
        responses = [
            c.get("/health"),  # 500
            c.get("/health", headers={"Host": "evil.example"}),  # 400
            c.post("/api/articles", content=b"x" * 6_000_000),  # 413
        ]
    assert [r.status_code for r in responses] == [500, 400, 413]
    for response in responses:
        assert response.headers["content-security-policy"].startswith("default-src 'none'")
        assert response.headers["x-frame-options"] == "DENY"


def test_the_documented_policy_is_the_one_sent() -> None:
    doc = Path(__file__).resolve().parents[1] / "docs" / "reliability.md"
    assert f"`{CONTENT_SECURITY_POLICY}`" in doc.read_text(encoding="utf-8")


class _Inline(HTMLParser):
    """Whatever in a page a content security policy without 'unsafe-inline' would block."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []
        self._tag = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        names = {name for name, _ in attrs}
        self._tag = tag
        if tag == "style" or (tag == "script" and "src" not in names):
            self.found.append(f"<{tag}>")
        self.found += [f"{tag} {n}=" for n in names if n == "style" or n.startswith("on")]
        self.found += [f"{tag} {n}={v}" for n, v in attrs if v and v.startswith("javascript:")]


@pytest.mark.parametrize("page", ["index.html", "docs.html"])
def test_the_pages_have_nothing_inline_for_the_policy_to_block(page: str) -> None:
    parser = _Inline()
    parser.feed((STATIC / page).read_text(encoding="utf-8"))
    assert parser.found == []


def test_the_scripts_set_no_style_attribute_and_no_markup() -> None:
    """The policy refuses style attributes and inline handlers; the explorer sets styles
    through the CSSOM (util.js) and never parses HTML from strings."""
    for script in (STATIC / "js").glob("*.js"):
        code = script.read_text(encoding="utf-8")
        assert not re.search(r"setAttribute\(\s*[\"']style", code), script.name
        assert not re.search(r"\.(innerHTML|outerHTML)\s*=|insertAdjacentHTML", code), script.name
        assert "eval(" not in code and "new Function" not in code, script.name


# -- Host ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "host", ["localhost", "localhost:8000", "LocalHost.", "127.0.0.1:9", "[::1]:8000", "[::1]"]
)
def test_loopback_names_are_answered(client: TestClient, host: str) -> None:
    assert client.get("/health", headers={"Host": host}).status_code == 200


@pytest.mark.parametrize(
    "host",
    [
        "evil.example",
        "evil.example:8000",
        "localhost.evil.example",
        "127.0.0.1.nip.io",
        "127.0.0.2",
        "[::2]:8000",
    ],
)
def test_other_host_names_are_refused_as_dns_rebinding_would_send_them(
    client: TestClient, host: str
) -> None:
    error = error_of(client.get("/api/events", headers={"Host": host}), 400)
    assert error["type"] == "bad_request" and "--allow-host" in error["message"]
    assert error["detail"] == [{"field": "host", "message": "not an allowed host name"}]


def test_allowed_names_are_added_and_a_star_allows_any(example_db: Path) -> None:
    named = create_app(example_db, allowed_hosts=["localhost", "News.Example:8000"])
    with TestClient(named, base_url="http://news.example") as c:
        assert c.get("/health").status_code == 200
        assert c.get("/health", headers={"Host": "NEWS.example:1234"}).status_code == 200
        assert c.get("/health", headers={"Host": "other.example"}).status_code == 400
    with TestClient(create_app(example_db, allowed_hosts=["*"]), base_url="http://x.y") as c:
        assert c.get("/health").status_code == 200


LABEL = st.from_regex(r"[a-z0-9]([a-z0-9-]{0,20}[a-z0-9])?", fullmatch=True)


@given(
    labels=st.lists(LABEL, min_size=1, max_size=4),
    port=st.integers(0, 65535),
    upper=st.booleans(),
    dot=st.booleans(),
)
def test_a_host_header_compares_by_its_name_alone(
    labels: list[str], port: int, upper: bool, dot: bool
) -> None:
    name = ".".join(labels)
    written = (name.upper() if upper else name) + ("." if dot else "")
    assert host_name(written) == host_name(f"{written}:{port}") == name
    assert host_names([f" {written}:{port} "]) == {name}


@given(st.ip_addresses(v=6), st.integers(0, 65535))
def test_an_ipv6_host_is_compared_without_brackets_and_port(address: Any, port: int) -> None:
    assert host_name(f"[{address}]:{port}") == host_name(f"[{address}]") == str(address)


# -- the token before the body -----------------------------------------------------------------


@pytest.mark.parametrize(
    "authorization",
    [None, TOKEN, f"Basic {TOKEN}", f"Bearer{TOKEN}", "Bearer", "Bearer not-the-token-at-all"],
)
def test_only_a_bearer_token_is_accepted_and_before_the_body_is_looked_at(
    writable: TestClient, authorization: str | None
) -> None:
    headers = {"Content-Type": "application/json"}
    if authorization is not None:
        headers["Authorization"] = authorization
    response = writable.post("/api/articles", content=b'{"articles": "not a list"', headers=headers)
    error = error_of(response, 401)
    assert error["detail"] is None and "body" not in error["message"]
    assert response.headers["www-authenticate"] == "Bearer"


@pytest.mark.parametrize("scheme", ["Bearer", "bearer", "BEARER"])
def test_with_the_token_the_body_is_checked(writable: TestClient, scheme: str) -> None:
    auth = {"Authorization": f"{scheme} {TOKEN}", "Content-Type": "application/json"}
    not_json = writable.post("/api/articles", content=b'{"articles": [', headers=auth)
    assert error_of(not_json, 422)["detail"][0]["field"] == "body"
    not_a_list = writable.post("/api/articles", json={"articles": "x"}, headers=auth)
    assert error_of(not_a_list, 422)["detail"][0]["field"] == "articles"
    too_many = writable.post("/api/articles", json={"articles": [{}] * 1001}, headers=auth)
    assert error_of(too_many, 422)["detail"][0]["field"] == "articles"
    missing = writable.post("/api/articles", json={"other": []}, headers=auth)
    assert error_of(missing, 422)["detail"][0]["field"] == "articles"


def test_a_body_that_is_not_json_is_refused_by_its_type(writable: TestClient) -> None:
    auth = {"Authorization": f"Bearer {TOKEN}", "Content-Type": "text/plain"}
    response = writable.post("/api/articles", content=b'{"articles": []}', headers=auth)
    assert error_of(response, 415)["type"] == "unsupported_media_type"


# -- control characters ------------------------------------------------------------------------

TEXT_PARAMETERS = [("/api/events", "q"), ("/api/events", "doc_id"), ("/api/actors", "q")]


@pytest.mark.parametrize(("path", "name"), TEXT_PARAMETERS)
@pytest.mark.parametrize("char", ["\x00", "\x1f", "\t", "\n", "\x7f", "\x85"])
def test_a_control_character_in_a_text_parameter_is_a_422_naming_it(
    client: TestClient, path: str, name: str, char: str
) -> None:
    error = error_of(client.get(path, params={name: f"russia{char}"}), 422)
    assert [d["field"] for d in error["detail"]] == [name]
    assert "control character" in error["detail"][0]["message"]


def test_a_nul_no_longer_matches_every_event(client: TestClient) -> None:
    """``q=%00`` once ended the pattern early in SQLite and matched everything."""
    assert client.get("/api/events", params={"q": "\x00"}).status_code == 422
    assert client.get("/api/events", params={"q": "zzqqxx-nothing"}).json()["total"] == 0


PRINTABLE = st.text(st.characters(exclude_categories=("Cc", "Cs")), max_size=40)


@settings(max_examples=40, deadline=None)
@given(text=PRINTABLE, where=st.integers(0, 40), char=st.characters(categories=("Cc",)))
def test_text_is_refused_exactly_when_it_holds_a_control_character(
    client: TestClient, text: str, where: int, char: str
) -> None:
    assert client.get("/api/actors", params={"q": text}).status_code == 200
    spoiled = text[:where] + char + text[where:]
    assert client.get("/api/actors", params={"q": spoiled}).status_code == 422
