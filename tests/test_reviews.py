"""Reviews in the store: kept beside the coding, superseded not overwritten, carried through a
re-coding, out as gold and back, sampled, scored, and taught to the actor memory."""

from __future__ import annotations

import io
import json
import shutil
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner

import newsevents
from newsevents.cli import cli
from newsevents.cli_ingest import recode_documents
from newsevents.evaluate.reviewed import StratumCount, review_scores, stratified_precision, wilson
from newsevents.serialize import event_id
from newsevents.store import EventQuery, Store
from newsevents.store.review_gold import export_gold, import_gold
from newsevents.store.review_sample import allocate
from newsevents.store.reviews import Review
from newsevents.store.vocabulary import FilterError

#: The sample article's sentence naming Russia's defence minister (an event with his name).
BELOUSOV = "Andrei Belousov"


@pytest.fixture()
def db(example_db: Path, tmp_path: Path) -> Path:
    path = tmp_path / "events.db"
    shutil.copy(example_db, path)
    return path


@pytest.fixture()
def store(db: Path) -> Iterator[Store]:
    with Store(db) as opened:
        yield opened


def _first(store: Store, **filters: object) -> str:
    found = next(store.reviewed_events(EventQuery(order="oldest", **filters)))  # type: ignore[arg-type]
    return found.event_id


def _belousov(store: Store) -> newsevents.Event:
    return next(
        e
        for e in store.events(EventQuery(actor_name=BELOUSOV, order="oldest"))
        if e.source is not None and e.source.name == BELOUSOV
    )


def test_a_review_keeps_what_it_judged_and_a_newer_one_supersedes_it(store: Store) -> None:
    eid = _first(store)
    coded = next(e for e in store.reviewed_events() if e.event_id == eid).event
    right = store.add_review(Review(verdict="right", reviewer="ann", event_id=eid))
    assert right.coded is not None and right.coded["cameo"] == coded.cameo
    assert right.trigger_text == coded.trigger.text and right.doc_id == coded.doc_id
    wrong = store.add_review(Review(verdict="wrong", reviewer="ann", event_id=eid))
    assert [r.verdict for r in store.reviews(event_id=eid)] == ["right", "wrong"]  # history
    assert store.latest_reviews([eid])[eid].review_id == wrong.review_id
    assert eid not in {r.event_id for r in store.reviewed_events()}
    assert (
        store.count_events()
        == len(list(store.events()))
        == 1 + len(list(store.events(reviewed=True)))
    )
    store.add_review(Review(verdict="right", reviewer="bob", event_id=eid))
    assert eid in {r.event_id for r in store.reviewed_events()}  # the latest judgement wins


def test_a_correction_reads_with_the_table_values_of_its_type(store: Store) -> None:
    eid = _first(store, plover="CONSULT")
    store.add_review(
        Review(
            verdict="corrected",
            reviewer="ann",
            event_id=eid,
            corrected={"cameo": "193", "targets": ["ukrmil"], "mode": "Reported"},
        )
    )
    found = next(r for r in store.reviewed_events() if r.event_id == eid)
    assert (found.event.cameo, found.event.plover, found.event.quad_class) == ("193", "ASSAULT", 4)
    assert found.event.cameo_name == newsevents.codes.cameo.lookup("193").name
    assert [a.code for a in found.event.all_targets()] == ["UKRMIL"]
    assert found.event.target is not None and found.event.target.country == "UKR"
    assert found.event.mode.value == "reported"
    assert found.review is not None and found.review.corrected["targets"] == ["UKRMIL"]
    coded = next(e for e in store.events() if newsevents.serialize.event_id(e) == eid)
    assert coded.cameo != "193"  # the coding itself is never overwritten
    assert eid in {r.event_id for r in store.reviewed_events(EventQuery(cameo="19"))}


@pytest.mark.parametrize(
    "corrected",
    [{"cameo": "1999"}, {"plover": "ATTACK"}, {"mode": "maybe"}, {"date": "May 3"}, {"x": "1"}],
)
def test_bad_corrections_name_the_field(store: Store, corrected: dict[str, str]) -> None:
    eid = _first(store)
    with pytest.raises(FilterError) as caught:
        store.add_review(
            Review(verdict="corrected", reviewer="a", event_id=eid, corrected=corrected)
        )
    assert caught.value.field == next(iter(corrected))
    assert store.reviews() == []


def test_an_added_event_reads_from_its_review(store: Store) -> None:
    event = next(store.events(EventQuery(order="oldest")))
    article = store.document(event.doc_id)
    assert article is not None
    review = store.add_review(
        Review(
            verdict="added",
            reviewer="ann",
            doc_id=event.doc_id,
            evidence_start=event.evidence.start,
            evidence_end=event.evidence.end,
            corrected={"plover": "PROTEST", "sources": ["USA"], "date": "2024-01-02"},
        )
    )
    assert review.trigger_text == article.text[event.evidence.start : event.evidence.end]
    (added,) = [r for r in store.reviewed_events() if r.review and r.review.verdict == "added"]
    assert added.event.plover == "PROTEST" and added.event.evidence == event.evidence
    assert added.event.event_date.start.isoformat() == "2024-01-02"
    assert added.event.confidence == 1.0


def _recode_with_a_correction(store: Store) -> None:
    """Re-code the sample article after entering another code for Belousov in the memory:
    his events get new ids (the code is in the id), their spans stay."""
    store.correct_actor(
        newsevents.actors.memory.KnownActor(
            BELOUSOV, "UKR", ("GOV", "MIL"), "UKRGOVMIL", source="user"
        )
    )
    recode_documents(store, [_belousov(store).doc_id])


def test_recoding_reattaches_reviews_by_their_spans(store: Store) -> None:
    event = _belousov(store)
    eid = newsevents.serialize.event_id(event)
    review = store.add_review(Review(verdict="right", reviewer="ann", event_id=eid, comment="ok"))
    _recode_with_a_correction(store)
    recoded = _belousov(store)
    new_id = newsevents.serialize.event_id(recoded)
    assert new_id != eid and recoded.trigger == event.trigger
    (moved,) = store.reviews(doc_id=event.doc_id)
    assert (moved.event_id, moved.supersedes, moved.status) == (
        new_id,
        review.review_id,
        "attached",
    )
    assert moved.comment == "ok" and moved.created_at == review.created_at
    # "right" was said of the coding it saw: as reviewed, the event reads as then coded
    found = next(r for r in store.reviewed_events() if r.event_id == new_id)
    assert found.event.source is not None and found.event.source.code == "RUSGOVMIL"
    assert review_scores(store).overall.corrected == 1  # the recoded actor is now an error


def test_recoding_orphans_reviews_whose_event_is_gone(store: Store) -> None:
    event = _belousov(store)
    eid = newsevents.serialize.event_id(event)
    store.add_review(Review(verdict="wrong", reviewer="ann", event_id=eid))
    pipeline = newsevents.Pipeline()
    article = store.document(event.doc_id)
    assert article is not None
    (doc,) = pipeline.pipe([article])
    kept = tuple(e for e in doc.events if e.trigger != event.trigger)
    result = store.replace_documents([replace(doc, events=kept)])
    assert (result.reviews_orphaned, result.reviews_reattached) == (1, 0)
    (orphan,) = store.reviews(doc_id=event.doc_id)
    assert orphan.status == "orphaned" and orphan.event_id == eid
    assert store.reviews(doc_id=event.doc_id, include_orphaned=False) == []
    assert store.latest_reviews() == {}
    assert review_scores(store).orphaned == 1


def test_a_corrected_name_teaches_the_actor_memory(store: Store) -> None:
    event = _belousov(store)
    eid = newsevents.serialize.event_id(event)
    codes = ["UKRGOVMIL" if a.name == BELOUSOV else a.code for a in event.all_sources()]
    store.add_review(
        Review(verdict="corrected", reviewer="ann", event_id=eid, corrected={"sources": codes})
    )
    known = store.known_actor(BELOUSOV)
    assert known is not None and (known.code, known.source) == ("UKRGOVMIL", "user")
    assert "by ann" in known.evidence
    recode_documents(store, [event.doc_id])
    recoded = _belousov(store)
    assert recoded.source is not None and recoded.source.code == "UKRGOVMIL"


def test_a_corrected_phrase_teaches_the_memory_nothing(store: Store) -> None:
    event = next(
        e
        for e in store.events(EventQuery(order="oldest"))
        if e.source is not None and e.source.via == "context"
    )
    eid = newsevents.serialize.event_id(event)
    sources = ["XXXGOV" for _ in event.all_sources()]
    store.add_review(
        Review(verdict="corrected", reviewer="a", event_id=eid, corrected={"sources": sources})
    )
    assert store.known_actors(source="user") == []


def _other_type(event: newsevents.Event) -> str:
    return "036" if event.cameo.startswith("19") else "190"


def _review_some(store: Store) -> None:
    events = list(store.reviewed_events(EventQuery(order="oldest")))
    store.add_review(Review(verdict="right", reviewer="ann", event_id=events[0].event_id))
    store.add_review(Review(verdict="wrong", reviewer="ann", event_id=events[1].event_id))
    store.add_review(
        Review(
            verdict="corrected",
            reviewer="bob",
            event_id=events[2].event_id,
            corrected={"cameo": _other_type(events[2].event)},
            comment="an attack",
        )
    )
    third = events[2].event
    store.add_review(
        Review(
            verdict="added",
            reviewer="bob",
            doc_id=third.doc_id,
            evidence_start=third.evidence.start,
            evidence_end=third.evidence.end,
            trigger_start=third.trigger.start,
            trigger_end=third.trigger.end,
            corrected={"cameo": "0231", "sources": ["USA"], "targets": ["UKR"]},
        )
    )


def test_export_is_gold_that_evaluate_reads_and_import_reads_back(
    db: Path, store: Store, tmp_path: Path
) -> None:
    _review_some(store)
    gold = tmp_path / "gold.jsonl"
    assert export_gold(store, gold) >= 1
    records = [json.loads(line) for line in gold.read_text().splitlines()]
    entries = [e for r in records for e in r["events"]]
    rejected = [e for r in records for e in r["rejected"]]
    assert sorted(e["review"]["verdict"] for e in entries) == ["added", "corrected", "right"]
    assert [e["review"]["verdict"] for e in rejected] == ["wrong"]
    for record in records:
        for e in record["events"] + record["rejected"]:
            trigger = e["trigger"]
            assert record["text"][trigger["start"] : trigger["end"]] == trigger["text"]
    result = CliRunner().invoke(cli, ["evaluate", str(gold)])
    assert result.exit_code == 0, result.output
    assert "items scored" in result.output

    with Store(tmp_path / "empty.db") as other:  # no such articles: each record reported
        empty = import_gold(other, gold)
        assert empty.added == 0 and len(empty.problems) == len(records)
    copy = tmp_path / "copy.db"
    store.close()
    shutil.copy(db, copy)
    with Store(copy) as target:
        before = len(target.reviews())
        first = import_gold(target, gold, reviewer="carol")
        assert first.added == 4 and not first.problems
        again = import_gold(target, gold, reviewer="carol")
        assert (again.added, again.unchanged) == (0, 4)  # idempotent
        assert len(target.reviews()) == before + 4
        carol = target.reviews(reviewer="carol")
        assert sorted(r.verdict for r in carol) == ["added", "corrected", "right", "wrong"]
        (fixed,) = [r for r in carol if r.verdict == "corrected"]
        assert list(fixed.corrected) == ["cameo"] and fixed.comment == "an attack"


def test_samples_are_reproducible_and_stratified(store: Store) -> None:
    plan = store.create_review_sample(15, stratify="type", seed=7, name="a")
    again = store.create_review_sample(15, stratify="type", seed=7, name="a")
    assert plan == again  # the same plan under its name: nothing drawn twice
    other = store.create_review_sample(15, stratify="type", seed=7, name="b")
    assert [e.event_id for e in store.review_sample_events("a")] == [
        e.event_id for e in store.review_sample_events("b")
    ]
    assert plan.strata == other.strata
    assert sum(s.size for s in plan.strata) == plan.population == store.count_events()
    assert sum(s.sampled for s in plan.strata) == 15
    assert all(s.sampled >= 1 for s in plan.strata)  # every type is looked at
    roots = {newsevents.serialize.event_id(e): e.cameo[:2] for e in store.events()}
    assert all(roots[e.event_id] == e.stratum for e in store.review_sample_events("a"))
    different = store.create_review_sample(15, stratify="type", seed=8, name="c")
    assert {e.event_id for e in store.review_sample_events("c")} != {
        e.event_id for e in store.review_sample_events("a")
    } or different.population < 16
    with pytest.raises(newsevents.errors.StoreError, match="another plan"):
        store.create_review_sample(10, stratify="type", seed=7, name="a")


def test_allocation_is_proportional_with_one_each() -> None:
    assert allocate({"a": 80, "b": 15, "c": 5}, 20) == {"a": 16, "b": 3, "c": 1}
    assert allocate({"a": 98, "b": 1, "c": 1}, 10) == {"a": 8, "b": 1, "c": 1}
    assert allocate({"a": 3, "b": 2}, 50) == {"a": 3, "b": 2}


def test_the_stratified_estimator_against_a_hand_computed_case() -> None:
    # N = 100 + 300; W = 0.25, 0.75. p1 = 8/10, p2 = 15/20.
    # p = 0.25 * 0.8 + 0.75 * 0.75 = 0.7625
    # V = 0.0625 * (1 - 10/100) * 0.8 * 0.2 / 9 + 0.5625 * (1 - 20/300) * 0.75 * 0.25 / 19
    #   = 0.001 + 0.00518092... = 0.00618092...; half = 1.959964 * sqrt(V) = 0.154089...
    estimate = stratified_precision([StratumCount("a", 100, 10, 8), StratumCount("b", 300, 20, 15)])
    assert estimate.precision == pytest.approx(0.7625)
    variance = 0.0625 * 0.9 * 0.16 / 9 + 0.5625 * (1 - 20 / 300) * 0.1875 / 19
    assert variance == pytest.approx(0.00618092, rel=1e-5)
    assert estimate.low == pytest.approx(0.7625 - 1.959964 * variance**0.5)
    assert estimate.high == pytest.approx(0.7625 + 1.959964 * variance**0.5)
    assert estimate.method == "stratified" and estimate.coverage == 1.0
    # one stratum: the Wilson interval (8 of 10: 0.4902-0.9433)
    single = stratified_precision([StratumCount("all", 400, 10, 8)])
    assert single.method == "wilson"
    assert (round(single.low or 0, 4), round(single.high or 0, 4)) == (0.4902, 0.9433)
    assert wilson(0, 0) == (0.0, 1.0)


def test_scores_count_precision_recall_and_calibration(store: Store) -> None:
    _review_some(store)
    scores = review_scores(store)
    d = scores.to_dict()
    assert (d["judged"], d["right"], d["corrected"], d["wrong"]) == (3, 1, 1, 1)
    assert d["precision"] == pytest.approx(1 / 3, abs=1e-3)
    assert d["actor_precision"] == pytest.approx(
        2 / 3, abs=1e-3
    )  # the wrong one has no right actors
    assert d["type_precision"] == pytest.approx(1 / 3, abs=1e-3)
    assert d["added"] == 1 and d["recall"] == pytest.approx(2 / 3, abs=1e-3)
    assert d["corrections"] == {"type": 1}
    assert sum(b["judged"] for b in d["calibration"]) == 3
    assert sum(t["judged"] for t in d["by_source"].values()) == 3
    assert "| precision | 33.3%" in scores.to_markdown()


def test_the_review_commands(db: Path, tmp_path: Path) -> None:
    with Store(db) as store:
        _review_some(store)
    runner = CliRunner()
    sample = runner.invoke(cli, ["review", "sample", "--db", str(db), "--n", "10"])
    assert sample.exit_code == 0, sample.output
    assert "sample none-10-seed1: 10 of" in sample.output
    scores = runner.invoke(
        cli, ["evaluate", "--db", str(db), "--reviewed", "--out", str(tmp_path / "s")]
    )
    assert scores.exit_code == 0, scores.output
    report = json.loads((tmp_path / "s.json").read_text())
    assert report["judged"] == 3 and "none-10-seed1" in report["samples"]
    out = tmp_path / "gold.jsonl"
    assert (
        runner.invoke(cli, ["review", "export", "--db", str(db), "--out", str(out)]).exit_code == 0
    )
    again = runner.invoke(cli, ["review", "import", "--db", str(db), str(out)])
    assert again.exit_code == 0 and "0 reviews added, 4 already there" in again.output
    listed = runner.invoke(cli, ["events", "--db", str(db), "--reviewed", "--format", "jsonl"])
    records = [json.loads(line) for line in listed.output.splitlines()]
    assert sum(1 for r in records if r["review"]) == 3  # right, corrected, added (wrong is out)
    exported = tmp_path / "reviewed.csv"
    args = ["export", "--db", str(db), "--format", "csv", "--out", str(exported), "--reviewed"]
    assert runner.invoke(cli, args).exit_code == 0
    assert len(exported.read_text().splitlines()) == len(records) + 1


def test_a_reciprocal_events_gold_keeps_its_primary_dyad_and_the_spans_that_name_it(
    store: Store,
) -> None:
    """The same participants on both sides must not export as "CHN -> CHN"."""
    event = next(
        e
        for e in store.events()
        if e.reciprocal
        and e.source is not None
        and e.target is not None
        and e.source.code != e.target.code
    )
    store.add_review(Review(verdict="right", reviewer="ana", event_id=event_id(event)))
    out = io.StringIO()
    export_gold(store, out)
    (record,) = [json.loads(line) for line in out.getvalue().splitlines()]
    (gold,) = record["events"]
    assert (gold["source"], gold["target"]) == (event.source.code, event.target.code)
    for side, actor in (("source_span", event.source), ("target_span", event.target)):
        span = gold[side]
        assert span is not None and span["text"] == actor.text
        assert record["text"][span["start"] : span["end"]] == actor.text


def test_recall_is_not_measured_until_an_event_is_added(store: Store) -> None:
    """Reviewing only what was coded says nothing of what the coder missed."""
    event = next(store.events())
    store.add_review(Review(verdict="right", reviewer="ana", event_id=event_id(event)))
    scores = review_scores(store).to_dict()
    assert scores["right"] == 1 and scores["added"] == 0
    assert scores["recall"] is None


def test_a_typed_code_is_read_as_the_dictionaries_read_codes() -> None:
    from newsevents.store.reviewed import actor_for

    assert (actor_for("USAGOVMIL", ()).country, actor_for("USAGOVMIL", ()).sectors) == (
        "USA",
        ("GOV", "MIL"),
    )
    assert actor_for("USAXYZ", ()).sectors == ()  # not an agent code
    assert actor_for("IGOUNO", ()).country is None
