"""The review routes: who may write, what a review must hold, and how reads show reviews."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from conftest import LOCAL
from newsevents.serve import create_app

TOKEN = "review-token-0123456789"
WRITER = {"Authorization": f"Bearer {TOKEN}", "X-Reviewer": "Ann Analyst"}


@pytest.fixture()
def reviewing(example_db: Path, tmp_path: Path) -> Iterator[TestClient]:
    """A server taking reviews over a copy of the example store."""
    db = tmp_path / "events.db"
    shutil.copy(example_db, db)
    app = create_app(db, review_token=TOKEN)
    with TestClient(app, base_url=LOCAL, raise_server_exceptions=False) as c:
        yield c


def _events(client: TestClient, **params: Any) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = client.get("/api/events", params=params).json()["events"]
    return found


def test_health_says_whether_the_server_takes_reviews(
    client: TestClient, reviewing: TestClient
) -> None:
    assert client.get("/health").json()["review"] is False
    assert reviewing.get("/health").json()["review"] is True


def test_a_read_only_server_refuses_reviews(client: TestClient) -> None:
    event = _events(client, limit=1)[0]
    answer = client.post("/api/reviews", json={"event_id": event["event_id"], "verdict": "right"})
    assert answer.status_code == 403


def test_writing_needs_the_token_and_a_reviewer_name(reviewing: TestClient) -> None:
    eid = _events(reviewing, limit=1)[0]["event_id"]
    body = {"event_id": eid, "verdict": "right"}
    assert reviewing.post("/api/reviews", json=body).status_code == 401
    wrong = {"Authorization": "Bearer not-the-token-at-all", "X-Reviewer": "Ann"}
    assert reviewing.post("/api/reviews", json=body, headers=wrong).status_code == 401
    unnamed = reviewing.post(
        "/api/reviews", json=body, headers={"Authorization": f"Bearer {TOKEN}"}
    )
    assert unnamed.status_code == 422
    assert unnamed.json()["error"]["detail"][0]["field"] == "X-Reviewer"
    assert reviewing.get("/api/reviews").json()["total"] == 0


def test_the_ingest_token_allows_reviewing_too(example_db: Path, tmp_path: Path) -> None:
    db = tmp_path / "events.db"
    shutil.copy(example_db, db)
    with TestClient(create_app(db, token=TOKEN), base_url=LOCAL) as c:
        eid = _events(c, limit=1)[0]["event_id"]
        body = {"event_id": eid, "verdict": "right"}
        assert c.post("/api/reviews", json=body, headers=WRITER).status_code == 201


def test_a_short_review_token_is_refused(example_db: Path) -> None:
    with pytest.raises(Exception, match="16 characters"):
        create_app(example_db, review_token="short")


def test_a_correction_is_stored_with_who_and_what_it_replaces(reviewing: TestClient) -> None:
    event = _events(reviewing, limit=1)[0]
    body = {"event_id": event["event_id"], "verdict": "corrected", "cameo": "190"}
    answer = reviewing.post("/api/reviews", json=body, headers=WRITER)
    assert answer.status_code == 201
    review = answer.json()["review"]
    assert review["reviewer"] == "Ann Analyst" and review["review_id"] >= 1
    assert review["created_at"] and review["verdict"] == "corrected"
    assert review["coded"]["cameo"] == event["cameo"]
    assert review["corrected"] == {"cameo": "190"}
    assert review["trigger"]["text"] == event["trigger"]["text"]
    listed = reviewing.get("/api/reviews", params={"event_id": event["event_id"]}).json()
    assert listed["total"] == 1 and listed["reviews"][0]["review_id"] == review["review_id"]
    # every read of the event now carries its latest review
    again = next(e for e in _events(reviewing, limit=500) if e["event_id"] == event["event_id"])
    assert again["review"]["review_id"] == review["review_id"] and again["cameo"] == event["cameo"]
    page = reviewing.get(f"/api/documents/{event['doc_id']}").json()
    mine = next(e for e in page["events"] if e["event_id"] == event["event_id"])
    assert mine["review"]["verdict"] == "corrected"


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"cameo": "1999"}, "cameo"),
        ({"plover": "ACUSE"}, "plover"),
        ({"mode": "sorta"}, "mode"),
        ({"date": "2024-13-01"}, "date"),
        ({"sources": ["R U S"]}, "sources"),
        ({"cameo": "190", "plover": "CONSULT"}, "plover"),
    ],
)
def test_bad_values_are_422_naming_the_field(
    reviewing: TestClient, change: dict[str, Any], field: str
) -> None:
    eid = _events(reviewing, limit=1)[0]["event_id"]
    body = {"event_id": eid, "verdict": "corrected", **change}
    answer = reviewing.post("/api/reviews", json=body, headers=WRITER)
    assert answer.status_code == 422
    assert answer.json()["error"]["detail"][0]["field"] == field


def test_suggestions_name_the_nearest_type(reviewing: TestClient) -> None:
    eid = _events(reviewing, limit=1)[0]["event_id"]
    body = {"event_id": eid, "verdict": "corrected", "plover": "ACUSE"}
    detail = reviewing.post("/api/reviews", json=body, headers=WRITER).json()["error"]["detail"]
    assert detail[0]["suggestions"] == ["ACCUSE"]


def test_an_unknown_event_or_span_outside_the_text_is_422(reviewing: TestClient) -> None:
    answer = reviewing.post(
        "/api/reviews", json={"event_id": "0" * 20, "verdict": "wrong"}, headers=WRITER
    )
    assert answer.status_code == 422
    assert answer.json()["error"]["detail"][0]["field"] == "event_id"
    doc = _events(reviewing, limit=1)[0]["doc_id"]
    outside = {
        "verdict": "added",
        "doc_id": doc,
        "evidence_start": 0,
        "evidence_end": 10**6,
        "cameo": "190",
    }
    answer = reviewing.post("/api/reviews", json=outside, headers=WRITER)
    assert answer.status_code == 422
    assert answer.json()["error"]["detail"][0]["field"] == "evidence_start"
    unknown_field = {"event_id": "x", "verdict": "right", "colour": "red"}
    assert reviewing.post("/api/reviews", json=unknown_field, headers=WRITER).status_code == 422


def test_reviewed_reads_drop_wrong_apply_corrections_and_add(reviewing: TestClient) -> None:
    first, second = _events(reviewing, limit=2, order="oldest")
    reviewing.post(
        "/api/reviews", json={"event_id": first["event_id"], "verdict": "wrong"}, headers=WRITER
    )
    corrected = {"event_id": second["event_id"], "verdict": "corrected", "plover": "ASSAULT"}
    reviewing.post("/api/reviews", json=corrected, headers=WRITER)
    doc = reviewing.get(f"/api/documents/{first['doc_id']}").json()
    start = first["evidence"]["start"]
    added = {
        "verdict": "added",
        "doc_id": first["doc_id"],
        "evidence_start": start,
        "evidence_end": first["evidence"]["end"],
        "trigger_start": first["trigger"]["start"],
        "trigger_end": first["trigger"]["end"],
        "cameo": "0231",
        "sources": ["USA"],
        "targets": ["UKR"],
    }
    assert reviewing.post("/api/reviews", json=added, headers=WRITER).status_code == 201
    coded = reviewing.get("/api/events", params={"limit": 500}).json()
    as_reviewed = reviewing.get("/api/events", params={"limit": 500, "reviewed": "true"}).json()
    ids = {e["event_id"] for e in as_reviewed["events"]}
    assert first["event_id"] not in ids and second["event_id"] in ids
    assert as_reviewed["total"] == coded["total"] == len(as_reviewed["events"])  # -1 +1
    fixed = next(e for e in as_reviewed["events"] if e["event_id"] == second["event_id"])
    assert fixed["plover"] == "ASSAULT" and fixed["cameo"].startswith("18")
    new = next(e for e in as_reviewed["events"] if (e["review"] or {}).get("verdict") == "added")
    assert new["cameo"] == "0231" and new["sources"][0]["code"] == "USA"
    assert new["targets"][0]["country"] == "UKR"
    assert new["trigger"]["text"] == first["trigger"]["text"]
    # filters match the reviewed values
    assaults = reviewing.get("/api/events", params={"reviewed": "true", "plover": "assault"})
    assert second["event_id"] in {e["event_id"] for e in assaults.json()["events"]}
    assert assaults.json()["total"] == len(assaults.json()["events"])
    page = reviewing.get(f"/api/documents/{first['doc_id']}").json()
    assert [a["review"]["verdict"] for a in page["added"]] == ["added"]
    assert doc["actors"] and all({"code", "name", "spans"} <= set(a) for a in doc["actors"])


def test_reviewed_pages_are_slices_of_the_whole(reviewing: TestClient) -> None:
    events = _events(reviewing, limit=500, order="oldest")
    for event in events[3:9]:
        body = {"event_id": event["event_id"], "verdict": "corrected", "mode": "future"}
        reviewing.post("/api/reviews", json=body, headers=WRITER)
    whole = _events(reviewing, limit=500, reviewed="true")
    paged = [
        e
        for offset in range(0, len(whole), 7)
        for e in _events(reviewing, limit=7, offset=offset, reviewed="true")
    ]
    assert [e["event_id"] for e in paged] == [e["event_id"] for e in whole]


def test_samples_are_drawn_stored_and_walked(reviewing: TestClient) -> None:
    body = {"n": 12, "stratify": "type", "seed": 3, "name": "first"}
    assert reviewing.post("/api/review/samples", json=body).status_code == 401
    answer = reviewing.post("/api/review/samples", json=body, headers=WRITER)
    assert answer.status_code == 201
    sample = answer.json()["sample"]
    assert sample["name"] == "first" and sum(s["sampled"] for s in sample["strata"]) == 12
    walked = reviewing.get("/api/review/samples/first").json()
    assert walked["name"] == "first" and len(walked["events"]) == 12
    assert [e["position"] for e in walked["events"]] == list(range(1, 13))
    assert not any(e["reviewed"] for e in walked["events"])
    one = walked["events"][0]
    review = {"event_id": one["event_id"], "verdict": "right"}
    reviewing.post("/api/reviews", json=review, headers=WRITER)
    walked = reviewing.get("/api/review/samples/first").json()
    assert walked["events"][0]["reviewed"] is True
    assert reviewing.get("/api/review/samples/nothing").status_code == 404
    scores = reviewing.get("/api/review/scores").json()
    assert scores["judged"] == 1 and scores["precision"] == 1.0
    assert scores["samples"]["first"]["reviewed"] == 1
    assert {b["band"] for b in scores["calibration"]} == {"0-0.5", "0.5-0.7", "0.7-0.9", "0.9-1"}
