"""``newsevents actors`` and ``newsevents resolve-actor``: the actor memory on the command line."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from newsevents.cli import cli

pytestmark = pytest.mark.model

ARTICLE = (
    "date 2023-03-01\nLithuanian Deputy Defence Minister Tomas Vaitkunas met Polish officials "
    "in Warsaw on Monday.\n"
)


def invoke(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


@pytest.fixture()
def db(tmp_path: Path) -> str:
    path = tmp_path / "one.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    database = str(tmp_path / "news.db")
    assert invoke("ingest", str(path), "--db", database, "--no-progress").exit_code == 0
    return database


def test_list_shows_what_the_articles_taught(db: str) -> None:
    result = invoke("actors", "list", "--db", db, "--format", "jsonl")
    assert result.exit_code == 0
    records = [json.loads(line) for line in result.output.splitlines()]
    (learned,) = [r for r in records if r["name"] == "Tomas Vaitkunas"]
    assert (learned["country"], learned["source"], learned["first_seen"]) == (
        "LTU",
        "learned",
        "2023-03-01",
    )
    assert "Vaitkunas met Polish officials" in learned["evidence"]


def test_edit_corrects_an_actor_and_show_reports_it(db: str) -> None:
    result = invoke(
        "actors", "edit", "Tomas Vaitkunas", "--db", db, "--country", "lva", "--note", "checked"
    )
    assert result.exit_code == 0, result.output
    shown = json.loads(invoke("actors", "show", "vaitkunas", "--db", db).output)
    assert (shown["country"], shown["source"], shown["evidence"]) == ("LVA", "user", "checked")
    assert shown["sectors"] == ["GOV", "MIL"]  # not given, so kept
    assert shown["code"] == "LVAGOVMIL"
    assert shown["events"] >= 1  # the stored events were coded again with the correction
    assert shown["conflicts"] == 1  # the article itself still says Lithuanian


def test_edit_rejects_a_malformed_country_code(db: str) -> None:
    result = invoke("actors", "edit", "Tomas Vaitkunas", "--db", db, "--country", "Latvia")
    assert result.exit_code == 2 and "--country" in result.output
    unknown = invoke("actors", "edit", "Tomas Vaitkunas", "--db", db, "--country", "XYZ")
    assert unknown.exit_code == 2 and "unknown country code 'XYZ'" in unknown.output


def test_edit_sets_a_full_code_with_its_country_and_sectors(db: str) -> None:
    result = invoke(
        "actors", "edit", "Tomas Vaitkunas", "--db", db, "--code", "igouno", "--no-recode"
    )
    assert result.exit_code == 0, result.output
    shown = json.loads(result.stdout)
    assert (shown["code"], shown["country"], shown["sectors"]) == ("IGOUNO", "IGO", ["UNO"])
    added = invoke("actors", "edit", "Ismail Haniyeh", "--db", db, "--code", "PSEREBHMS")
    assert added.exit_code == 0, added.output
    record = json.loads(added.stdout)
    assert (record["code"], record["country"], record["sectors"]) == (
        "PSEREBHMS",
        "PSE",
        ["REB", "HMS"],
    )


@pytest.mark.parametrize("code", ["USAGO", "US-GOV", "123GOV", "XYZGOV", ""])
def test_edit_rejects_a_malformed_code(db: str, code: str) -> None:
    result = invoke("actors", "edit", "Tomas Vaitkunas", "--db", db, "--code", code)
    assert result.exit_code == 2 and "--code" in result.output


def test_edit_takes_a_code_or_country_and_sectors_not_both(db: str) -> None:
    result = invoke(
        "actors", "edit", "Tomas Vaitkunas", "--db", db, "--code", "LVAGOV", "--country", "LVA"
    )
    assert result.exit_code == 2 and "--code" in result.output


def test_show_gives_the_evidence_and_the_confidence(db: str) -> None:
    shown = json.loads(invoke("actors", "show", "Tomas Vaitkunas", "--db", db).output)
    assert (shown["confidence"], shown["support"], shown["conflicts"], shown["used"]) == (
        0.5,
        1,
        0,
        True,
    )
    (sighting,) = shown["sightings"]
    assert (sighting["date"], sighting["code"], sighting["basis"]) == (
        "2023-03-01",
        "LTUGOVMIL",
        "phrase",
    )
    assert "Vaitkunas met Polish officials" in sighting["evidence"]
    text = invoke("actors", "show", "Tomas Vaitkunas", "--db", db, "--format", "text").output
    assert "confidence 0.50: 1 agreeing, 0 conflicting of 1 articles; used" in text
    assert "2023-03-01  LTUGOVMIL  (phrase)" in text


def test_list_has_a_confidence_column(db: str) -> None:
    table = invoke("actors", "list", "--db", db).output.splitlines()
    assert table[0].split()[:8] == ["name", "code", "kind", "seen", "n", "conf", "used", "source"]
    row = next(line for line in table if line.startswith("Tomas Vaitkunas"))
    assert "0.50  yes" in row


def test_edit_of_an_unknown_name_needs_a_country(db: str) -> None:
    result = invoke("actors", "edit", "Nobody Known", "--db", db, "--sectors", "GOV")
    assert result.exit_code == 2 and "--country" in result.output
    added = invoke("actors", "edit", "Nobody Known", "--db", db, "--country", "EST")
    assert json.loads(added.stdout)["code"] == "EST"
    assert "0 articles recoded" in added.stderr  # no stored article names it


def test_export_writes_csv_and_forget_removes_the_name(db: str, tmp_path: Path) -> None:
    out = tmp_path / "actors.csv"
    exported = invoke("actors", "export", "--db", db, "--format", "csv", "--out", str(out))
    assert exported.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert any(r["name"] == "Tomas Vaitkunas" and r["sectors"] == "GOV;MIL" for r in rows)
    forget = ("actors", "edit", "Tomas Vaitkunas", "--db", db, "--forget")
    assert invoke(*forget, "--no-recode").exit_code == 0
    missing = invoke("actors", "show", "Tomas Vaitkunas", "--db", db)
    assert missing.exit_code == 1 and "not a known actor" in missing.output
    # Coding the stored articles again learns what they clearly state, once.
    assert invoke("recode", "--db", db, "--actor", "Tomas Vaitkunas").exit_code == 0
    relearned = json.loads(invoke("actors", "show", "Tomas Vaitkunas", "--db", db).stdout)
    assert (relearned["source"], relearned["n_articles"]) == ("learned", 1)


def test_resolve_actor_prints_json_and_reads_the_memory(db: str) -> None:
    without = json.loads(invoke("resolve-actor", "Vaitkunas").output)
    assert without["via"] is None and without["code"] == ""
    found = json.loads(invoke("resolve-actor", "Vaitkunas", "--db", db).output)
    assert (found["country"], found["via"], found["name"]) == ("LTU", "memory", "Tomas Vaitkunas")
    assert set(found) >= {"name", "code", "country", "sectors", "via", "confidence"}


def test_resolve_actor_reads_a_known_role_at_the_given_date() -> None:
    before = json.loads(invoke("resolve-actor", "Marco Rubio", "--date", "2015-06-01").output)
    after = json.loads(invoke("resolve-actor", "Marco Rubio", "--date", "2025-06-01").output)
    assert (before["code"], after["code"]) == ("USALEG", "USAGOV")
    assert before["via"] == "dictionary"


def test_resolve_actor_uses_the_context_sentence() -> None:
    result = invoke(
        "resolve-actor",
        "Jaan Tamm",
        "--context",
        "Estonian Interior Minister Jaan Tamm warned smugglers on Friday.",
    )
    found = json.loads(result.output)
    assert (found["code"], found["via"]) == ("ESTGOV", "context")
