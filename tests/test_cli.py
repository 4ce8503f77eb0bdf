"""The ``newsevents`` command: output formats, the database commands and how errors look.

Commands run in-process with click's CliRunner; one test runs the installed console script.
"""

from __future__ import annotations

import csv
import errno
import gc
import io
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner, Result

import newsevents
from newsevents import EventQuery, Store
from newsevents.cli import cli
from newsevents.pipeline import default_stages
from newsevents.serialize import ROW_FIELDS

pytestmark = pytest.mark.model

# The output contract (docs/output.md): later versions may add fields, never drop these.
EVENT_FIELDS = {
    "event_id",
    "doc_id",
    "doc_date",
    "sentence_index",
    "source",
    "target",
    "cameo",
    "cameo_name",
    "plover",
    "quad_class",
    "goldstein",
    "event_date",
    "location",
    "mode",
    "evidence",
    "trigger",
    "confidence",
}
ACTOR_FIELDS = {"text", "name", "code", "country", "sectors", "start", "end", "via"}
EVENT_DATE_FIELDS = {"start", "end", "precision", "text"}
SPAN_FIELDS = {"text", "start", "end"}
LOCATION_FIELDS = {"name", "country", "admin1", "latitude", "longitude"}
MODES = {"asserted", "negated", "future", "hypothetical", "reported", "claimed", "denied"}
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")

GOOD_STORY = "date 2024-05-01 Japan accused North Korea of firing missiles.\n"


def invoke(*args: str | os.PathLike[str], input: str | bytes | None = None) -> Result:
    """Run the command in-process, with no NEWSEVENTS_* variable of the caller's shell."""
    env: dict[str, str | None] = {k: None for k in os.environ if k.startswith("NEWSEVENTS_")}
    return CliRunner().invoke(cli, [os.fspath(a) for a in args], input=input, env=env)


def ok(*args: str | os.PathLike[str], input: str | bytes | None = None) -> Result:
    result = invoke(*args, input=input)
    assert result.exit_code == 0, result.output
    return result


def jsonl(text: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in text.splitlines()]


@pytest.fixture(scope="module")
def sample_db(tmp_path_factory: pytest.TempPathFactory, sample_article_path: Path) -> Path:
    db = tmp_path_factory.mktemp("sample") / "sample.db"
    ok("ingest", "--db", db, "--no-progress", sample_article_path)
    return db


@pytest.fixture(scope="module")
def examples_db(tmp_path_factory: pytest.TempPathFactory, examples_dir: Path) -> Path:
    db = tmp_path_factory.mktemp("examples") / "examples.db"
    ok("ingest", "--db", db, "--no-progress", examples_dir)
    return db


def all_events(db: Path) -> list[newsevents.Event]:
    with Store(db, readonly=True) as store:
        return list(store.events())


# -- code: output formats ---------------------------------------------------------------------


def test_code_jsonl_prints_one_json_object_per_line(sample_article_path: Path) -> None:
    result = ok("code", sample_article_path, "--format", "jsonl")

    lines = result.stdout.splitlines()
    assert len(lines) >= 10
    assert all(isinstance(json.loads(line), dict) for line in lines)


def test_code_jsonl_records_have_every_field_of_the_output_contract(
    sample_article_path: Path,
) -> None:
    records = jsonl(ok("code", sample_article_path, "--format", "jsonl").stdout)

    for record in records:
        assert record.keys() >= EVENT_FIELDS
        assert record["event_date"].keys() >= EVENT_DATE_FIELDS
        assert record["evidence"].keys() >= SPAN_FIELDS
        assert record["trigger"].keys() >= SPAN_FIELDS
        assert record["location"] is None or record["location"].keys() >= LOCATION_FIELDS
        for role in ("source", "target"):
            assert record[role] is None or record[role].keys() >= ACTOR_FIELDS
    assert any(r["source"] and r["target"] for r in records)


def test_code_jsonl_values_have_the_contract_types(sample_article_path: Path) -> None:
    records = jsonl(ok("code", sample_article_path, "--format", "jsonl").stdout)

    for r in records:
        assert r["doc_date"] == "2024-10-15"
        assert isinstance(r["sentence_index"], int)
        assert re.fullmatch(r"\d{2,4}", r["cameo"])
        assert r["quad_class"] in {1, 2, 3, 4}
        assert -10 <= r["goldstein"] <= 10
        assert 0 <= r["confidence"] <= 1
        assert r["mode"] in MODES
        assert ISO_DATE.match(r["event_date"]["start"])
        assert ISO_DATE.match(r["event_date"]["end"])
        assert r["event_date"]["precision"] in {"day", "week", "month", "year", "publication"}
        for role in ("source", "target"):
            if r[role] is not None:
                assert isinstance(r[role]["sectors"], list)
                assert r[role]["code"].startswith(r[role]["country"] or "")


def test_code_jsonl_matches_event_to_dict_of_the_api(sample_article_path: Path) -> None:
    records = jsonl(ok("code", sample_article_path, "--format", "jsonl").stdout)
    (article,) = newsevents.read_articles([sample_article_path])
    assert isinstance(article, newsevents.Article)

    expected = [newsevents.event_to_dict(e) for e in newsevents.code(article.text, article.date)]
    assert records == expected


def test_code_csv_has_the_flat_layout_header(sample_article_path: Path) -> None:
    result = ok("code", sample_article_path, "--format", "csv")

    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert tuple(rows[0]) == ROW_FIELDS
    assert len(rows) > 1
    assert all(len(row) == len(ROW_FIELDS) for row in rows[1:])


def test_code_csv_has_one_row_per_jsonl_record(sample_article_path: Path) -> None:
    rows = list(
        csv.DictReader(io.StringIO(ok("code", sample_article_path, "--format", "csv").stdout))
    )
    records = jsonl(ok("code", sample_article_path, "--format", "jsonl").stdout)

    assert [r["event_id"] for r in rows] == [r["event_id"] for r in records]


def test_code_table_prints_header_rows_and_count(sample_article_path: Path) -> None:
    n = len(jsonl(ok("code", sample_article_path, "--format", "jsonl").stdout))

    lines = ok("code", sample_article_path, "--format", "table").stdout.splitlines()

    assert lines[0].split() == ["date", "source", "event", "target", "mode", "trigger"]
    assert set(lines[1].replace(" ", "")) == {"-"}
    assert lines[-1] == f"({n} events)"
    assert len(lines) == n + 3
    assert any("RUS" in line and "CHN" in line and " 04" in line for line in lines[2:-1])


def test_code_defaults_to_the_table_format(sample_article_path: Path) -> None:
    default = ok("code", sample_article_path).stdout

    assert default == ok("code", sample_article_path, "--format", "table").stdout


def test_code_dash_reads_a_dated_article_from_stdin() -> None:
    result = ok("code", "-", "--format", "jsonl", input=GOOD_STORY)

    records = jsonl(result.stdout)
    assert records
    assert {r["doc_date"] for r in records} == {"2024-05-01"}
    assert any(
        r["cameo"] == "112" and r["source"]["code"] == "JPN" and r["target"]["code"] == "PRK"
        for r in records
    )


def test_code_dash_reads_json_lines_from_stdin() -> None:
    lines = [
        json.dumps({"id": "a", "date": "2024-05-01", "text": "France condemned Mali."}),
        json.dumps({"id": "b", "date": "2024-05-02", "text": "Japan accused North Korea."}),
    ]

    records = jsonl(ok("code", "-", "--format", "jsonl", input="\n".join(lines) + "\n").stdout)

    assert {r["doc_id"] for r in records} == {"a", "b"}


def test_code_plain_text_without_date_line_uses_the_date_option(tmp_path: Path) -> None:
    plain = tmp_path / "plain.txt"
    plain.write_text("Japan accused North Korea of firing missiles.\n", encoding="utf-8")

    result = ok("code", plain, "--date", "2024-05-01", "--format", "jsonl")

    records = jsonl(result.stdout)
    assert records
    assert {r["doc_date"] for r in records} == {"2024-05-01"}
    assert result.stderr == ""


def test_code_plain_text_without_any_date_is_skipped_with_a_message(tmp_path: Path) -> None:
    plain = tmp_path / "plain.txt"
    plain.write_text("Japan accused North Korea of firing missiles.\n", encoding="utf-8")

    result = invoke("code", plain, "--format", "jsonl")

    assert result.exit_code == 1  # nothing could be read
    assert result.stdout == ""
    assert f"skipped {plain}: no date" in result.stderr
    assert "1 input(s) skipped" in result.stderr


def test_code_rejects_an_impossible_date_option_as_a_usage_error(tmp_path: Path) -> None:
    plain = tmp_path / "plain.txt"
    plain.write_text("Japan accused North Korea.\n", encoding="utf-8")

    result = invoke("code", plain, "--date", "2024-02-30")

    assert result.exit_code == 2
    assert "--date" in result.stderr


# -- options that change the coding ----------------------------------------------------------


def test_min_confidence_drops_events_below_it(sample_article_path: Path) -> None:
    every = jsonl(ok("code", sample_article_path, "--format", "jsonl").stdout)
    confident = jsonl(
        ok("code", sample_article_path, "--format", "jsonl", "--min-confidence", "0.99").stdout
    )

    assert len(confident) < len(every)
    assert all(r["confidence"] >= 0.99 for r in confident)
    kept = {r["event_id"] for r in confident}

    def unlinked(record: dict[str, Any]) -> dict[str, Any]:
        """Links to an event that was dropped are dropped with it."""
        links = {
            k: record[k] if record.get(k) in kept else None for k in ("claim_of", "responds_to")
        }
        return {**record, **links}

    assert confident == [unlinked(r) for r in every if r["confidence"] >= 0.99]


def test_min_confidence_outside_zero_to_one_is_an_error_message(
    sample_article_path: Path,
) -> None:
    result = invoke("code", sample_article_path, "--min-confidence", "1.5")

    assert result.exit_code == 1
    assert result.stderr.startswith("error: ")
    assert "min_confidence" in result.stderr


def test_require_dyad_keeps_only_events_with_both_actors(sample_article_path: Path) -> None:
    every = jsonl(ok("code", sample_article_path, "--format", "jsonl").stdout)
    dyadic = jsonl(ok("code", sample_article_path, "--format", "jsonl", "--require-dyad").stdout)

    assert 0 < len(dyadic) < len(every)
    assert all(r["source"] and r["target"] for r in dyadic)


def test_a_user_lexicon_makes_a_new_verb_an_event(tmp_path: Path) -> None:
    story = tmp_path / "story.txt"
    story.write_text("date 2024-05-01 France zorbled Germany on Monday.\n", encoding="utf-8")
    lexicon = tmp_path / "mine.tsv"
    lexicon.write_text("# kind\tpattern\tcameo\nverb\tzorble\t043\tmade up\n", encoding="utf-8")

    without = jsonl(ok("code", story, "--format", "jsonl").stdout)
    with_lexicon = jsonl(ok("code", story, "--format", "jsonl", "--lexicon", lexicon).stdout)

    assert without == []
    assert [(r["source"]["code"], r["cameo"], r["target"]["code"]) for r in with_lexicon] == [
        ("FRA", "043", "DEU")
    ]
    assert with_lexicon[0]["trigger"]["text"] == "zorbled"


def test_a_user_lexicon_row_recodes_a_shipped_trigger(tmp_path: Path) -> None:
    story = tmp_path / "story.txt"
    story.write_text(GOOD_STORY, encoding="utf-8")
    lexicon = tmp_path / "mine.tsv"
    lexicon.write_text("verb\taccuse\t111\tcriticism, not accusation\n", encoding="utf-8")

    records = jsonl(ok("code", story, "--format", "jsonl", "--lexicon", lexicon).stdout)

    accused = [r for r in records if r["trigger"]["text"] == "accused"]
    assert [r["cameo"] for r in accused] == ["111"]


def test_a_bad_user_lexicon_is_an_error_message_naming_the_line(tmp_path: Path) -> None:
    lexicon = tmp_path / "bad.tsv"
    lexicon.write_text("verb\tzorble\t04x\n", encoding="utf-8")

    result = invoke("code", "-", "--lexicon", lexicon, input=GOOD_STORY)

    assert result.exit_code == 1
    assert result.stderr.startswith("error: ")
    assert "bad.tsv:1" in result.stderr
    assert "Traceback" not in result.output


# -- ingest, events, export, stats, run --------------------------------------------------------


def test_ingest_prints_the_run_summary(tmp_path: Path, sample_article_path: Path) -> None:
    db = tmp_path / "news.db"

    result = ok("ingest", "--db", db, "--no-progress", sample_article_path)

    assert re.fullmatch(
        rf"{re.escape(str(db))}: 1 articles read, 1 coded, 0 skipped \(bad input\), "
        r"0 already stored, \d+ events\n",
        result.stdout,
    )


def test_ingesting_again_stores_nothing_new(tmp_path: Path, sample_article_path: Path) -> None:
    db = tmp_path / "news.db"
    ok("ingest", "--db", db, "--no-progress", sample_article_path)
    before = len(all_events(db))

    result = ok("ingest", "--db", db, "--no-progress", sample_article_path)

    assert "0 coded" in result.stdout
    assert "1 already stored, 0 events" in result.stdout
    assert len(all_events(db)) == before


def test_events_by_source_and_target_finds_russia_consulting_china(sample_db: Path) -> None:
    result = ok(
        "events", "--db", sample_db, "--source", "RUS", "--target", "CHN", "--format", "jsonl"
    )

    records = jsonl(result.stdout)
    assert records
    # any participant on each side: "Russia and China held talks" has both on both sides
    assert all(any(a["code"].startswith("RUS") for a in r["sources"]) for r in records)
    assert all(any(a["code"].startswith("CHN") for a in r["targets"]) for r in records)
    consults = [r for r in records if r["cameo"].startswith("04")]
    assert any(r["evidence"]["text"].startswith("Belousov said he held") for r in consults)


def test_events_by_cameo_prefix(sample_db: Path) -> None:
    records = jsonl(ok("events", "--db", sample_db, "--cameo", "11", "--format", "jsonl").stdout)

    assert records
    assert all(r["cameo"].startswith("11") for r in records)


def test_events_since_and_until_bound_the_event_date(examples_db: Path) -> None:
    every = all_events(examples_db)
    since, until = "2024-07-01", "2024-09-30"

    result = ok(
        "events", "--db", examples_db, "--since", since, "--until", until, "--format", "jsonl"
    )

    records = jsonl(result.stdout)
    assert records
    assert all(since <= r["event_date"]["start"] <= until for r in records)
    expected = [e for e in every if since <= e.event_date.start.isoformat() <= until]
    assert len(records) == len(expected) < len(every)


def test_events_since_and_until_include_the_bound_days(examples_db: Path) -> None:
    result = ok(
        "events", "--db", examples_db, "--since", "2024-07-09", "--until", "2024-07-09",
        "--format", "jsonl",
    )  # fmt: skip

    records = jsonl(result.stdout)
    assert records
    assert {r["event_date"]["start"] for r in records} == {"2024-07-09"}


def test_events_limit(examples_db: Path) -> None:
    records = jsonl(ok("events", "--db", examples_db, "--limit", "3", "--format", "jsonl").stdout)

    assert len(records) == 3


def test_export_csv_writes_every_event_in_the_flat_layout(
    examples_db: Path, tmp_path: Path
) -> None:
    out = tmp_path / "events.csv"

    result = ok("export", "--db", examples_db, "--format", "csv", "--out", out)

    with out.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert tuple(rows[0].keys()) == ROW_FIELDS
    assert len(rows) == len(all_events(examples_db))
    assert f"{len(rows)} events written to {out}" in result.stderr


def test_export_jsonl_writes_the_contract_records(examples_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "events.jsonl"

    ok("export", "--db", examples_db, "--format", "jsonl", "--out", out)

    records = jsonl(out.read_text(encoding="utf-8"))
    assert records == [newsevents.event_to_dict(e) for e in all_events(examples_db)]


def test_export_jsonl_to_stdout(examples_db: Path) -> None:
    result = ok("export", "--db", examples_db, "--format", "jsonl", "--out", "-")

    assert len(jsonl(result.stdout)) == len(all_events(examples_db))


def test_export_parquet_is_readable_with_pyarrow(examples_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "events.parquet"

    ok("export", "--db", examples_db, "--format", "parquet", "--out", out)

    table = pq.read_table(out)
    assert tuple(table.column_names) == ROW_FIELDS
    assert table.num_rows == len(all_events(examples_db))


def test_export_filters_by_source(examples_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "rus.jsonl"

    ok("export", "--db", examples_db, "--format", "jsonl", "--out", out, "--source", "RUS")

    records = jsonl(out.read_text(encoding="utf-8"))
    with Store(examples_db, readonly=True) as store:
        assert len(records) == store.count_events(EventQuery(source="RUS")) > 0


def test_stats_prints_the_store_counts(examples_db: Path) -> None:
    result = ok("stats", "--db", examples_db)

    printed = dict(line.split(None, 1) for line in result.stdout.splitlines())
    with Store(examples_db, readonly=True) as store:
        stats = store.stats()
    assert printed["documents"] == str(stats.documents) == "8"
    assert printed["events"] == str(stats.events)
    assert printed["first_doc_date"] == "2024-03-04"
    assert printed["last_doc_date"] == "2024-11-05"
    assert "schema_version" in printed


def test_run_prints_the_summary_and_an_overview(tmp_path: Path, examples_dir: Path) -> None:
    db = tmp_path / "run.db"

    result = ok("run", examples_dir, "--db", db, "--no-progress")

    n = len(all_events(db))
    assert (
        f"{db}: 8 articles read, 8 coded, 0 skipped (bad input), 0 already stored, {n} events"
        in result.stdout.splitlines()
    )
    assert "event types (asserted and reported events):" in result.stdout
    assert "dyads (source -> target country):" in result.stdout
    assert re.search(r"^\s+\d+\s+111 Criticize or denounce$", result.stdout, re.MULTILINE)


def test_runs_overview_counts_what_happened_like_the_plots(
    tmp_path: Path, examples_dir: Path
) -> None:
    db = tmp_path / "run.db"
    out = ok("run", examples_dir, "--db", db, "--no-progress").stdout
    types = out.split("event types (asserted and reported events):\n")[1].split("\n\n")[0]
    listed = [line for line in types.splitlines() if not line.strip().startswith("…")]
    happened = [e for e in all_events(db) if e.mode.value in {"asserted", "reported"}]
    counts: dict[str, int] = {}
    for event in happened:
        name = f"{event.cameo} {event.cameo_name}"
        counts[name] = counts.get(name, 0) + 1
    for line in listed:
        n, name = line.split(maxsplit=1)
        assert counts[name] == int(n)  # claimed, negated and future events are not counted
    assert len(listed) == min(10, len(counts))
    if len(counts) > 10:
        assert f"…  and {len(counts) - 10} more" in types
    with Store(db, readonly=True) as store:
        network = newsevents.store.aggregate.network(store._conn, limit=1000)
    dyads = out.split("dyads (source -> target country):\n")[1].split("\n\n")[0]
    edges = {f"{e.source} -> {e.target}": e.events for e in network}
    for line in dyads.splitlines():
        if not line.strip().startswith("…"):
            n, name = line.split(maxsplit=1)
            assert edges[name] == int(n)


def test_runs_next_hint_is_a_command_to_paste(tmp_path: Path, examples_dir: Path) -> None:
    db = tmp_path / "my news.db"
    out = ok("run", examples_dir, "--db", db, "--no-progress").stdout
    hints = out.split("\nnext:\n")[1].splitlines()
    assert "|" not in out.split("\nnext:\n")[1] and "DB" not in hints[0].split()
    args = shlex.split(hints[0].strip())
    assert args[:4] == ["newsevents", "events", "--db", str(db)]
    assert ok(*args[1:]).stdout.splitlines()[-1] != "(0 events)"  # it runs and finds events
    assert shlex.split(hints[1].strip()) == ["newsevents", "serve", "--db", str(db)]


@pytest.mark.parametrize("command", [["run"], ["ingest"], ["events"], ["stats"]])
def test_no_wal_or_shm_file_stays_after_a_command(
    tmp_path: Path, examples_dir: Path, command: list[str]
) -> None:
    db = tmp_path / "news.db"
    ok("ingest", examples_dir, "--db", db, "--no-progress")
    args = [examples_dir] if command[0] in {"run", "ingest"} else []
    ok(*command, *args, "--db", db, *(["--no-progress"] if args else []))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["news.db"]


def test_polecat_layout_with_another_format_is_a_usage_error(sample_db: Path) -> None:
    result = invoke(
        "export", "--db", sample_db, "--format", "csv", "--layout", "polecat", "--out", "-"
    )
    assert result.exit_code == 2
    assert "--layout polecat" in result.output and "--format jsonl" in result.output


# -- bad input and errors -----------------------------------------------------------------------


def test_bad_files_are_reported_and_the_good_ones_stored(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a-good.txt").write_text(GOOD_STORY, encoding="utf-8")
    (folder / "b-good.txt").write_text(
        "date 2024-05-02 Germany and Poland held talks in Berlin.\n", encoding="utf-8"
    )
    (folder / "c-bad-bytes.txt").write_bytes(b"date 2024-05-03 France \xff\xfe condemned Mali.\n")
    (folder / "d-bad-date.txt").write_text(
        "date 2024-02-30 France condemned Mali.\n", encoding="utf-8"
    )
    db = tmp_path / "news.db"

    result = invoke("ingest", folder, "--db", db, "--no-progress")

    assert result.exit_code == 3, result.output  # finished, with inputs skipped
    assert "c-bad-bytes.txt" in result.stderr
    assert "d-bad-date.txt" in result.stderr
    assert "2 articles read, 2 coded, 2 skipped (bad input)" in result.stdout
    with Store(db, readonly=True) as store:
        assert store.stats().documents == 2
        dates = {e.doc_date.isoformat() for e in store.events()}
    assert dates == {"2024-05-01", "2024-05-02"}


def test_each_bad_file_is_reported_on_one_line(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text(GOOD_STORY, encoding="utf-8")
    (folder / "bad.txt").write_bytes(b"date 2024-05-03 France \xff condemned Mali.\n")

    result = invoke("code", folder, "--format", "jsonl")

    assert result.exit_code == 3
    reports = [line for line in result.stderr.splitlines() if "bad.txt" in line]
    assert len(reports) == 1
    assert reports[0].startswith(f"skipped {folder / 'bad.txt'}: ")
    assert jsonl(result.stdout)


def test_a_missing_database_is_a_one_line_error(tmp_path: Path) -> None:
    missing = tmp_path / "missing.db"

    result = invoke("events", "--db", missing)

    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.splitlines() == [f"error: database not found: {missing}"]
    assert "Traceback" not in result.output
    assert not missing.exists()


@pytest.mark.parametrize("command", ["stats", "export --format csv --out x.csv"])
def test_other_read_commands_on_a_missing_database_fail_the_same_way(
    tmp_path: Path, command: str
) -> None:
    missing = tmp_path / "missing.db"

    result = invoke(*command.split(), "--db", missing)

    assert result.exit_code == 1
    assert result.stderr.startswith("error: database not found")
    assert len(result.stderr.splitlines()) == 1


def test_an_unknown_output_format_is_a_usage_error(sample_article_path: Path) -> None:
    result = invoke("code", sample_article_path, "--format", "xml")

    assert result.exit_code == 2
    assert "Usage:" in result.stderr
    assert "'xml'" in result.stderr
    assert result.stdout == ""


def test_an_unknown_export_format_is_a_usage_error(examples_db: Path, tmp_path: Path) -> None:
    result = invoke("export", "--db", examples_db, "--format", "xlsx", "--out", tmp_path / "x")

    assert result.exit_code == 2
    assert "'xlsx'" in result.stderr


def test_parquet_to_stdout_is_an_error_message(examples_db: Path) -> None:
    result = invoke("export", "--db", examples_db, "--format", "parquet", "--out", "-")

    assert result.exit_code == 1
    assert result.stderr.startswith("error: ")
    assert result.stdout == ""


def test_code_without_inputs_is_a_usage_error() -> None:
    assert invoke("code").exit_code == 2


def test_an_interrupted_ingest_says_how_to_resume_and_resumes(
    tmp_path: Path, examples_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    class CrashOnThirdDocument:
        name = "crash"
        requires = ("events",)
        seen = 0

        def __call__(self, doc: newsevents.Document, /) -> newsevents.Document:
            self.seen += 1
            if self.seen == 3:
                raise KeyboardInterrupt
            return doc

    def crashing(
        settings: newsevents.Settings, memory: newsevents.ActorMemory | None = None
    ) -> newsevents.Pipeline:
        stages = [*default_stages(settings, memory=memory), CrashOnThirdDocument()]
        return newsevents.Pipeline(settings, stages=stages, memory=memory)

    db = tmp_path / "news.db"
    with monkeypatch.context() as patch:
        patch.setattr("newsevents.cli_ingest.Pipeline", crashing)
        interrupted = invoke("ingest", examples_dir, "--db", db, "--batch-size", "2")

    assert interrupted.exit_code == 130
    assert "interrupted: rerun the same command to resume" in interrupted.stderr
    resumed = ok("ingest", examples_dir, "--db", db, "--batch-size", "2", "--no-progress")
    assert "8 articles read, 6 coded, 0 skipped (bad input), 2 already stored" in resumed.stdout
    with Store(db, readonly=True) as store:
        assert store.stats().documents == 8


def test_events_into_a_closed_pipe_prints_no_traceback(
    examples_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    class PipeClosedAfterOneLine(io.StringIO):
        def write(self, text: str) -> int:
            if self.getvalue():
                raise BrokenPipeError(errno.EPIPE, "Broken pipe")
            return super().write(text)

    leaked: list[BaseException | None] = []
    monkeypatch.setattr(sys, "unraisablehook", lambda u: leaked.append(u.exc_value))
    monkeypatch.setattr(sys, "stdout", PipeClosedAfterOneLine())

    with pytest.raises(SystemExit):
        cli.main(["events", "--db", str(examples_db), "--format", "jsonl"], prog_name="newsevents")
    gc.collect()

    assert leaked == []


# -- the installed console script ---------------------------------------------------------------


def test_the_console_script_runs_the_examples(tmp_path: Path, examples_dir: Path) -> None:
    script = shutil.which("newsevents", path=str(Path(sys.executable).parent))
    assert script is not None, "the newsevents console script is not installed next to python"
    db = tmp_path / "script.db"

    done = subprocess.run(
        [script, "run", str(examples_dir), "--db", str(db), "--no-progress"],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        env={k: v for k, v in os.environ.items() if not k.startswith("NEWSEVENTS_")},
    )

    assert done.returncode == 0, done.stderr
    assert "8 articles read, 8 coded" in done.stdout
    assert "event types (asserted and reported events):" in done.stdout
    with Store(db, readonly=True) as store:
        assert store.stats().documents == 8


@pytest.mark.parametrize("bad", ["0001-01-01", "9999-12-31"])
def test_an_article_dated_at_the_ends_of_the_calendar_is_reported_and_the_rest_stored(
    tmp_path: Path, bad: str
) -> None:
    """One article dated 9999-12-31 ("... next month") used to overflow in grounding or
    merging, roll the batch back and stop every rerun at the same article."""
    source = tmp_path / "batch.jsonl"
    rows = [
        {
            "id": "good-1",
            "date": "2024-05-01",
            "text": "Japan accused North Korea of firing missiles.",
        },
        {"id": "bad", "date": bad, "text": "Russia will attack Ukraine next month."},
        {"id": "good-2", "date": "2024-05-02", "text": "Russia attacked Ukraine three days ago."},
    ]
    source.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    db = tmp_path / "e.db"
    result = invoke("ingest", "--db", db, "--no-progress", source)
    assert result.exit_code == 3, result.output
    assert "batch.jsonl:2" in result.stderr and "out of range" in result.stderr
    with Store(db, readonly=True) as store:
        assert {e.doc_id for e in store.events()} == {"good-1", "good-2"}
    assert invoke("ingest", "--db", db, "--no-progress", source).exit_code == 3  # a rerun too


@pytest.mark.parametrize("command", ["code", "ingest", "run"])
def test_a_run_where_every_input_was_bad_exits_1(tmp_path: Path, command: str) -> None:
    """A script must tell a run that did nothing from one that worked."""
    missing = tmp_path / "does-not-exist.txt"
    undated = tmp_path / "undated.txt"
    undated.write_text("Russia attacked Ukraine.\n", encoding="utf-8")
    args = [command, missing, undated]
    if command != "code":
        args += ["--db", tmp_path / "e.db", "--no-progress"]
    result = invoke(*args)
    assert result.exit_code == 1, result.output
    assert "no such file" in result.stderr and "no article could be read" in result.stderr


@pytest.mark.parametrize("command", ["code", "ingest", "run"])
def test_a_run_with_some_inputs_skipped_exits_3(tmp_path: Path, command: str) -> None:
    """A missing input never exits 0: the run finished, but not with everything."""
    good = tmp_path / "good.txt"
    good.write_text(GOOD_STORY, encoding="utf-8")
    args = [command, tmp_path / "does-not-exist.txt", good]
    if command != "code":
        args += ["--db", tmp_path / "e.db", "--no-progress"]
    result = invoke(*args)
    assert result.exit_code == 3, result.output
    assert "no such file" in result.stderr and "no article could be read" not in result.stderr
    if command != "code":
        with Store(tmp_path / "e.db", readonly=True) as store:
            assert store.stats().documents == 1


@pytest.mark.parametrize("command", ["code", "ingest", "run"])
def test_a_run_where_every_input_was_read_exits_0(tmp_path: Path, command: str) -> None:
    good = tmp_path / "good.txt"
    good.write_text(GOOD_STORY, encoding="utf-8")
    args = [command, good]
    if command != "code":
        args += ["--db", tmp_path / "e.db", "--no-progress"]
    result = invoke(*args)
    assert result.exit_code == 0, result.output
    assert "skipped" not in result.stderr


@pytest.mark.parametrize("command", ["ingest", "run"])
def test_a_run_that_read_nothing_leaves_no_database_behind(tmp_path: Path, command: str) -> None:
    db = tmp_path / "e.db"
    result = invoke(command, tmp_path / "missing.jsonl", "--db", db, "--no-progress")
    assert result.exit_code == 1, result.output
    assert f"{db}: 0 articles read, 0 coded, 1 skipped (bad input)" in result.stdout
    assert list(tmp_path.iterdir()) == []


def test_a_run_that_read_nothing_keeps_an_existing_database(tmp_path: Path) -> None:
    db = tmp_path / "e.db"
    good = tmp_path / "good.txt"
    good.write_text(GOOD_STORY, encoding="utf-8")
    ok("ingest", good, "--db", db, "--no-progress")
    result = invoke("ingest", tmp_path / "missing.jsonl", "--db", db, "--no-progress")
    assert result.exit_code == 1
    with Store(db, readonly=True) as store:
        assert store.stats().documents == 1


@pytest.mark.parametrize("command", ["code", "ingest", "run"])
def test_inputs_holding_no_article_exit_1(tmp_path: Path, command: str) -> None:
    empty = tmp_path / "empty.jsonl"
    empty.write_text("\n\n", encoding="utf-8")
    args = [command, empty]
    if command != "code":
        args += ["--db", tmp_path / "e.db", "--no-progress"]
    result = invoke(*args)
    assert result.exit_code == 1, result.output
    assert "no article could be read (the inputs hold no article)" in result.stderr


class PoisonStage:
    """Simulates a bug in a coding stage, on every article that mentions Japan."""

    name = "poison"
    requires = ("events",)

    def __call__(self, doc: newsevents.Document, /) -> newsevents.Document:
        if "Japan" in doc.article.text:
            raise ValueError("simulated fault")
        return doc


def poisoned(
    settings: newsevents.Settings, memory: newsevents.ActorMemory | None = None
) -> newsevents.Pipeline:
    stages = [*default_stages(settings, memory=memory), PoisonStage()]
    return newsevents.Pipeline(settings, stages=stages, memory=memory)


def test_an_article_a_stage_fails_on_is_reported_listed_and_skipped_by_reruns(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = tmp_path / "news.jsonl"
    rows = [
        {"id": "ok", "date": "2024-05-01", "text": "Germany and Poland held talks in Berlin."},
        {"id": "bad", "date": "2024-05-02", "text": "Japan accused North Korea of lying."},
    ]
    source.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    db = tmp_path / "e.db"
    monkeypatch.setattr("newsevents.cli_ingest.Pipeline", poisoned)

    first = invoke("ingest", source, "--db", db, "--no-progress")
    assert first.exit_code == 3, first.output
    assert f"skipped {source}:2: poison failed: ValueError: simulated fault" in first.stderr
    assert "1 articles read" not in first.stdout and ", 1 failed" in first.stdout

    listed = ok("failed", "--db", db, "--format", "jsonl")
    [row] = jsonl(listed.stdout)
    assert (row["doc_id"], row["origin"], row["stage"], row["attempts"]) == (
        "bad",
        f"{source}:2",
        "poison",
        1,
    )
    assert "failed_articles 1" in ok("stats", "--db", db).stdout
    table = ok("failed", "--db", db).stdout
    assert "news.jsonl:2" in table and "(1 failed articles)" in table

    again = invoke("ingest", source, "--db", db, "--no-progress")
    assert again.exit_code == 3
    assert "1 failed before (not retried)" in again.stdout and "skipped" not in again.stderr

    monkeypatch.undo()  # the bug is fixed
    healed = ok("ingest", source, "--db", db, "--no-progress", "--retry-failed")
    assert "1 coded" in healed.stdout
    assert "failed_articles 0" in ok("stats", "--db", db).stdout


def test_code_reports_an_article_a_stage_fails_on_and_prints_the_others(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = tmp_path / "news.jsonl"
    rows = [
        {"id": "bad", "date": "2024-05-02", "text": "Japan accused North Korea of lying."},
        {"id": "ok", "date": "2024-05-01", "text": "Germany and Poland held talks in Berlin."},
    ]
    source.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    monkeypatch.setattr("newsevents.cli.Pipeline", lambda settings: poisoned(settings))

    result = invoke("code", source, "--format", "jsonl")

    assert result.exit_code == 3, result.output
    assert f"skipped {source}:1: poison failed: ValueError: simulated fault" in result.stderr
    assert {r["doc_id"] for r in jsonl(result.stdout)} == {"ok"}


def test_no_time_left_is_shown_until_a_batch_after_the_first_is_done() -> None:
    """The first batch pays for loading the model: a rate that counts it promised half an hour."""
    from tqdm import tqdm

    from newsevents.cli_ingest import TimeLeft

    now = [0.0]
    bar = tqdm(total=100, file=io.StringIO(), disable=False)
    advance = TimeLeft(bar, clock=lambda: now[0])
    now[0] = 30.0  # the model loads, then the first 10 articles are coded
    advance(10)
    assert not bar.postfix
    now[0] = 31.0  # 10 more in one second: 80 left at 10 per second
    advance(10)
    assert bar.postfix == "00:08 left"
    bar.close()


def test_recodings_bar_also_waits_for_a_second_batch_before_the_time_left() -> None:
    from newsevents.cli_ingest import progress_bar

    bar, advance = progress_bar("recoding", True, total=40)
    bar.fp = io.StringIO()
    advance(8)  # the first batch, slowed by loading the model
    assert not bar.postfix
    advance(8)
    assert str(bar.postfix).endswith("left")
    bar.close()
