"""The HTTP API, through an in-process client: what each route answers, the one error shape,
read-only by default, ingest only with the token, and request limits."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient
from hypothesis import given, settings
from hypothesis import strategies as st

import newsevents
from conftest import LOCAL
from newsevents.cli import cli
from newsevents.errors import InputError, StoreError
from newsevents.pipeline import default_stages
from newsevents.serialize import event_to_dict
from newsevents.serve import create_app
from newsevents.store.query import EventQuery

pytestmark = pytest.mark.model

TOKEN = "s3cret-token-for-tests"


@pytest.fixture(scope="module")
def stored(example_db: Path) -> list[newsevents.Event]:
    with newsevents.Store(example_db, readonly=True) as store:
        return list(store.events())


def assert_error(response: Any, status: int, kind: str) -> dict[str, Any]:
    """Every error has the same shape: status, type, message, detail."""
    assert response.status_code == status
    body = response.json()
    assert set(body) == {"error"}
    error = body["error"]
    assert set(error) == {"status", "type", "message", "detail"}
    assert (error["status"], error["type"]) == (status, kind)
    assert isinstance(error["message"], str) and error["message"]
    return dict(error)


# -- reading -----------------------------------------------------------------------------------


def test_health_reports_the_store(client: TestClient, stored: list[newsevents.Event]) -> None:
    body = client.get("/health").json()
    assert body["status"] == "ok" and body["events"] == len(stored)
    assert body["ingest"] is False


def test_events_are_paged_and_filtered_like_the_store(
    client: TestClient, stored: list[newsevents.Event]
) -> None:
    page = client.get("/api/events", params={"limit": 5, "offset": 0}).json()
    assert page["total"] == len(stored) and len(page["events"]) == 5
    second = client.get("/api/events", params={"limit": 5, "offset": 5}).json()
    first_ids = {e["event_id"] for e in page["events"]}
    assert first_ids.isdisjoint(e["event_id"] for e in second["events"])
    russian = [e for e in stored if any(a.code.startswith("RUS") for a in e.all_sources())]
    assert russian
    found = client.get("/api/events", params={"source": "rus", "limit": 500}).json()
    assert found["total"] == len(russian)
    assert all(any(s["code"].startswith("RUS") for s in e["sources"]) for e in found["events"])


@settings(max_examples=40, deadline=None)
@given(
    limit=st.integers(1, 60),
    offset=st.integers(0, 120),
    source=st.sampled_from([None, "RUS", "USA", "CHN"]),
    mode=st.sampled_from([None, "asserted", "reported"]),
)
def test_a_page_is_the_stores_page_in_the_stores_order(
    client: TestClient,
    example_db: Path,
    limit: int,
    offset: int,
    source: str | None,
    mode: str | None,
) -> None:
    """The route reads a page in one SQLite step (json_group_array over the ordered page),
    newest first."""
    query = EventQuery(source=source, mode=mode, limit=limit, offset=offset, order="newest")
    with newsevents.Store(example_db, readonly=True) as store:
        coded = [{**event_to_dict(e), "review": None} for e in store.events(query)]
        expected = json.loads(json.dumps(coded))
        total = store.count_events(EventQuery(source=source, mode=mode))
    params = {"limit": limit, "offset": offset, "source": source, "mode": mode}
    body = client.get("/api/events", params={k: v for k, v in params.items() if v}).json()
    assert body["events"] == expected and body["total"] == total


def test_text_search_is_a_parameter_not_sql(client: TestClient) -> None:
    hostile = "x' OR 1=1; DROP TABLE events; --"
    body = client.get("/api/events", params={"q": hostile}).json()
    assert body["total"] == 0
    assert client.get("/health").json()["events"] > 0  # the table is still there


def test_dyad_timeline_sums_what_the_events_say(
    client: TestClient, stored: list[newsevents.Event]
) -> None:
    edges = client.get("/api/network", params={"limit": 1}).json()["edges"]
    a, b = edges[0]["source"], edges[0]["target"]
    body = client.get(f"/api/dyads/{a}/{b}/timeline", params={"interval": "year"}).json()
    assert body["points"], "the heaviest edge has a timeline"
    total = sum(p["events"] for p in body["points"])
    one_way = client.get(
        f"/api/dyads/{a}/{b}/timeline", params={"interval": "year", "both_ways": False}
    ).json()
    assert sum(p["events"] for p in one_way["points"]) <= total
    for point in body["points"]:
        assert sum(point["quad"]) == point["events"]
        assert point["cooperation"] == point["quad"][1] + point["quad"][2]
        assert point["goldstein_mean"] == pytest.approx(
            point["goldstein_sum"] / point["events"], abs=0.01
        )


def test_an_actor_profile_and_an_unknown_actor(client: TestClient) -> None:
    profile = client.get("/api/actors/RUS").json()
    assert profile["code"] == "RUS" and profile["as_source"] + profile["as_target"] > 0
    assert_error(client.get("/api/actors/XYZQ"), 404, "not_found")


def test_network_nodes_are_the_edges_ends(client: TestClient) -> None:
    body = client.get("/api/network").json()
    ends = {e["source"] for e in body["edges"]} | {e["target"] for e in body["edges"]}
    assert {n["id"] for n in body["nodes"]} == ends
    assert all(e["source"] != e["target"] for e in body["edges"])


def test_a_document_comes_with_its_events_and_highlights(
    client: TestClient, stored: list[newsevents.Event]
) -> None:
    doc_id = stored[0].doc_id
    body = client.get(f"/api/documents/{doc_id}").json()
    assert body["id"] == doc_id and body["events"]
    for mark in body["highlights"]:
        event = next(e for e in body["events"] if e["event_id"] == mark["event_id"])
        assert body["text"][mark["start"] : mark["end"]] == event[mark["kind"]]["text"]
    assert_error(client.get("/api/documents/no-such-doc"), 404, "not_found")


def test_claims_and_places_answer_lists(client: TestClient) -> None:
    claims = client.get("/api/claims").json()["claims"]
    assert claims, "the sample article has the US accusation that China denies"
    assert {c["status"] for c in claims} <= {"asserted", "denied"}
    assert any(c["status"] == "denied" and c["denied_by"] for c in claims)
    places = client.get("/api/places").json()["places"]
    assert all(-90 <= p["latitude"] <= 90 and -180 <= p["longitude"] <= 180 for p in places)


def test_openapi_is_served_and_docs_work_offline(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    assert "/api/events" in spec["paths"] and "/api/dyads/{a}/{b}/timeline" in spec["paths"]
    page = client.get("/docs")
    assert page.status_code == 200 and "cdn" not in page.text.lower()


# -- errors ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "field"),
    [
        ("/api/events?quad_class=7", "quad_class"),
        ("/api/events?limit=100000", "limit"),
        ("/api/events?since=yesterday", "since"),
        ("/api/events?mode=maybe", "mode"),
        ("/api/events?source=RU%24", "source"),
        ("/api/dyads/RUS/CHN/timeline?interval=decade", "interval"),
        ("/api/dyads/R%20S/CHN/timeline", "a"),
        ("/api/network?modes=maybe", "modes"),
    ],
)
def test_a_bad_parameter_names_itself(client: TestClient, url: str, field: str) -> None:
    error = assert_error(client.get(url), 422, "invalid_parameter")
    assert field in {d["field"] for d in error["detail"]}


def test_unknown_routes_and_methods_have_the_same_shape(client: TestClient) -> None:
    assert_error(client.get("/api/nothing"), 404, "not_found")
    assert_error(client.delete("/api/events"), 405, "method_not_allowed")


def test_an_internal_fault_is_a_500_without_a_traceback(
    example_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = create_app(example_db)

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(newsevents.Store, "stats", broken)
    with TestClient(app, base_url=LOCAL, raise_server_exceptions=False) as c:
        error = assert_error(c.get("/health"), 500, "internal_error")
    assert "fire" not in error["message"]


def test_a_missing_store_fails_at_start_not_per_request(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="not found"):
        create_app(tmp_path / "none.db")


# -- writing -----------------------------------------------------------------------------------

ARTICLE = {
    "id": "api-test-1",
    "date": "2024-12-02",
    "text": "Japan and South Korea held talks in Tokyo on Monday. "
    "North Korea fired two missiles toward Japan on Tuesday.",
}


def test_the_server_is_read_only_without_a_token(client: TestClient) -> None:
    assert_error(client.post("/api/articles", json={"articles": [ARTICLE]}), 403, "forbidden")


@pytest.fixture
def writable(example_db: Path, tmp_path: Path) -> Iterator[TestClient]:
    db = tmp_path / "copy.db"
    shutil.copy(example_db, db)
    with TestClient(create_app(db, token=TOKEN, max_body=20_000), base_url=LOCAL) as c:
        yield c


def test_ingest_needs_the_token_and_codes_what_it_gets(writable: TestClient) -> None:
    body = {"articles": [ARTICLE]}
    assert_error(writable.post("/api/articles", json=body), 401, "unauthorized")
    wrong = {"Authorization": "Bearer not-the-token-at-all"}
    assert_error(writable.post("/api/articles", json=body, headers=wrong), 401, "unauthorized")
    before = writable.get("/health").json()["events"]
    ok = writable.post("/api/articles", json=body, headers={"Authorization": f"Bearer {TOKEN}"})
    assert ok.status_code == 201
    summary = ok.json()
    assert summary["documents_added"] == 1 and summary["events_added"] > 0
    assert writable.get("/health").json()["events"] == before + summary["events_added"]
    assert writable.get("/api/events", params={"doc_id": "api-test-1"}).json()["total"] > 0
    again = writable.post(
        "/api/articles", json=body, headers={"Authorization": f"Bearer {TOKEN}"}
    ).json()
    assert again["documents_added"] == 0  # the same article twice is stored once


def test_a_bad_article_names_its_index_and_field(writable: TestClient) -> None:
    auth = {"Authorization": f"Bearer {TOKEN}"}
    bad = {"articles": [ARTICLE, {"text": "No date here.", "date": "someday"}]}
    error = assert_error(
        writable.post("/api/articles", json=bad, headers=auth), 422, "invalid_parameter"
    )
    assert error["detail"][0]["field"] == "articles[1].date"
    assert writable.get("/api/events", params={"doc_id": "api-test-1"}).json()["total"] == 0


def test_an_article_a_stage_fails_on_is_reported_and_the_others_stored(
    writable: TestClient,
) -> None:
    class Poison:  # a simulated bug in a coding stage
        name = "poison"
        requires = ("events",)

        def __call__(self, doc: newsevents.Document, /) -> newsevents.Document:
            if "POISON" in doc.article.text:
                raise ValueError("cannot code this")
            return doc

    coder = newsevents.Settings()
    stages = [*default_stages(coder), Poison()]
    server = writable.app.state.server  # type: ignore[attr-defined]
    server._pipeline = newsevents.Pipeline(coder, stages=stages)
    auth = {"Authorization": f"Bearer {TOKEN}"}
    good = {**ARTICLE, "id": "api-good"}
    bad = {"id": "api-poison", "date": "2024-05-01", "text": "POISON. Russia attacked Ukraine."}
    response = writable.post("/api/articles", json={"articles": [bad, good]}, headers=auth)
    assert response.status_code == 201
    body = response.json()
    assert body["documents_added"] == 1 and body["documents_skipped"] == 0
    assert [(f["id"], f["stage"]) for f in body["failed"]] == [("api-poison", "poison")]
    assert writable.get("/api/events", params={"doc_id": "api-good"}).json()["total"] > 0


def test_a_lone_surrogate_is_a_422_naming_the_field(writable: TestClient) -> None:
    """Valid JSON ("\\ud800") but no text: it once gave a 500 from the store."""
    auth = {"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/json"}
    body = '{"articles": [{"date": "2024-05-01", "text": "Russia attacked \\ud800 Ukraine."}]}'
    response = writable.post("/api/articles", content=body.encode(), headers=auth)
    error = assert_error(response, 422, "invalid_parameter")
    assert error["detail"][0]["field"] == "articles[0].text"
    assert writable.get("/health").status_code == 200  # the server goes on serving


def test_an_article_over_the_size_cap_is_refused_naming_its_text() -> None:
    from newsevents.serve.ingest import read_records

    record = {"date": "2024-05-01", "text": "Russia attacked Ukraine. " * 100}
    assert len(read_records([record], max_bytes=5000)) == 1
    with pytest.raises(InputError, match="over max_article_bytes") as caught:
        read_records([record, record], max_bytes=1000)
    assert caught.value.origin == "articles[0].text"


def test_a_body_over_the_limit_is_refused(writable: TestClient) -> None:
    auth = {"Authorization": f"Bearer {TOKEN}"}
    huge = {"articles": [{**ARTICLE, "text": "Talks. " * 5000}]}
    assert_error(writable.post("/api/articles", json=huge, headers=auth), 413, "payload_too_large")


def test_a_short_token_is_refused(example_db: Path) -> None:
    with pytest.raises(StoreError, match="16 characters"):
        create_app(example_db, token="short")


def test_serve_binds_loopback_by_default_and_reports_a_missing_store(tmp_path: Path) -> None:
    command = cli.commands["serve"]
    host = next(p for p in command.params if p.name == "host")
    assert host.default == "127.0.0.1"
    result = CliRunner().invoke(cli, ["serve", "--db", str(tmp_path / "none.db")])
    assert result.exit_code == 1 and "database not found" in result.output


def test_slow_aggregates_are_remembered_until_the_store_changes(
    writable: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    from newsevents.store import aggregate

    calls: list[object] = []
    real = aggregate.network

    def counting(*args: Any, **kwargs: Any) -> list[aggregate.Edge]:
        calls.append(kwargs)
        return real(*args, **kwargs)

    monkeypatch.setattr(aggregate, "network", counting)
    first = writable.get("/api/network").json()
    assert writable.get("/api/network").json() == first and len(calls) == 1
    top3 = writable.get("/api/network", params={"limit": 3}).json()
    assert len(calls) == 1 and top3["edges"] == first["edges"][:3]  # one query serves both
    writable.get("/api/network", params={"level": "actor"})
    assert len(calls) == 2  # other parameters, another entry
    auth = {"Authorization": f"Bearer {TOKEN}"}
    writable.post("/api/articles", json={"articles": [ARTICLE]}, headers=auth)
    after = writable.get("/api/network").json()
    assert len(calls) == 3 and after != first  # the new article's events count


def test_a_warm_server_has_the_explorers_first_network_ready(example_db: Path) -> None:
    import time

    app = create_app(example_db, warm=True)
    server = app.state.server
    deadline = time.monotonic() + 20
    while not server._cache and time.monotonic() < deadline:
        time.sleep(0.05)
    assert len(server._cache) == 1


@pytest.mark.parametrize(
    ("q", "name", "code"),
    [
        ("Trump", "Donald Trump", "USA"),
        ("erdogan", "Recep Tayyip Erdogan", "TUR"),
        ("Soleimani", "Qasem Soleimani", "IRN"),
    ],
)
def test_people_are_found_by_name_with_their_code(
    client: TestClient, q: str, name: str, code: str
) -> None:
    found = client.get("/api/actors", params={"q": q}).json()["actors"]
    hit = next(a for a in found if a["name"] == name)
    assert hit["code"].startswith(code) and hit["country"] == code


def test_names_in_stored_events_are_found_with_the_events_they_have(
    client: TestClient, stored: list[newsevents.Event]
) -> None:
    named = next(
        a for e in stored for a in e.participants() if a.via != "gazetteer" and a.name and a.code
    )
    found = client.get("/api/actors", params={"q": named.name.lower()}).json()["actors"]
    hit = next(a for a in found if a["name"] == named.name and a["code"] == named.code)
    assert hit["via"] == "events"
    assert hit["events"] == sum(
        1
        for e in stored
        if any(a.name == named.name and a.code == named.code for a in e.participants())
    )
