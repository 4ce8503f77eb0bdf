"""Scoring actor resolution against actor-level gold (``newsevents evaluate`` on actor cases)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsevents.actors.phrase import ActorResolution
from newsevents.cli import cli
from newsevents.errors import InputError
from newsevents.evaluate.actor_cases import (
    ActorCase,
    case_category,
    evaluate_actor_cases,
    polecat_sectors,
    read_actor_cases,
    score,
)

TODAY = dt.date(2022, 6, 1)


def found(code: str, country: str | None, *sectors: str) -> ActorResolution:
    return ActorResolution("x", "x", code, country, sectors, "gazetteer", 0.9)


def case(country: str | None, sector: str | None, text: str = "x") -> ActorCase:
    return ActorCase("t", "agent_to_code", text, None, None, country, sector, False)


def test_gold_lines_become_cases_and_bad_lines_errors(tmp_path: Path) -> None:
    gold = tmp_path / "gold.jsonl"
    gold.write_text(
        '{"test": "a", "method": "m", "input": "FSB", "date": "today",'
        ' "expect": {"country": "RUS", "code_1": "SPY"}}\n'
        "not json\n"
        '{"test": "b", "input": "X", "date": "10 May 2015", "expect": {"cc": "TWN"}}\n',
        encoding="utf-8",
    )
    items = list(read_actor_cases(gold, today=TODAY))
    first, bad, third = items
    assert isinstance(first, ActorCase) and first.date == TODAY and first.sector == "SPY"
    assert isinstance(bad, InputError) and bad.origin.endswith("gold.jsonl:2")
    assert isinstance(third, ActorCase) and third.country == "TWN" and third.sector is None
    assert third.date == dt.date(2015, 5, 10)


def test_conventions_are_translated_before_comparing() -> None:
    kosovo = score(case("XKX", ""), found("KSV", "KSV"))
    assert kosovo.country_ok and kosovo.sector_ok
    who = score(case("UNO", "MED"), found("IGOUNOHLHWHO", "IGO", "IGO", "HLH"))
    assert who.country == "UNO" and who.sector_ok
    media = score(case("", "JRN"), found("MED", None, "MED"))
    assert media.country_ok and media.sector_ok


def test_opposition_comes_second_in_polecat() -> None:
    # POLECAT's codes put OPP after the actor's own sector: protesters are CVL + OPP.
    protester = score(case("EGY", "CVL"), found("EGYOPP", "EGY", "OPP"))
    assert protester.sector_ok and protester.sector_any_ok
    assert polecat_sectors(found("EGYOPP", "EGY", "OPP")) == ("CVL", "OPP")
    lawmaker = score(case("", "LEG"), found("OPPLEG", None, "OPP", "LEG"))
    assert lawmaker.sector_ok
    party = found("EGYPTYOPP", "EGY", "PTY", "OPP")
    assert polecat_sectors(party) == ("PTY", "OPP")  # already in POLECAT's order


def test_a_phrase_coded_as_nothing_is_polecats_unknown_agent() -> None:
    nothing = ActorResolution("a crowd of men", "", "", None, (), None, 0.0)
    assert score(case("", "UNK"), nothing).sector_ok
    assert not score(case("", ""), nothing).sector_ok


def test_a_multinational_is_its_home_state() -> None:
    company = score(case("USA", "BUS"), found("MNCUSA", "MNC", "BUS"))
    assert company.country == "USA" and company.country_ok and company.sector_ok


@pytest.mark.model
def test_capitals_named_alone_are_governments_and_other_cities_civilians() -> None:
    def place(text: str, name: str, country: str) -> ActorResolution:
        return ActorResolution(text, name, country, country, (), "gazetteer", 0.9)

    assert polecat_sectors(place("Moscow", "Russia", "RUS"), "Moscow") == ("GOV",)
    assert polecat_sectors(place("a market in Moscow", "Russia", "RUS"), "a market in Moscow") == (
        "CVL",
    )
    assert polecat_sectors(place("Kharkiv", "Kharkiv", "UKR"), "Kharkiv") == ("CVL",)
    assert polecat_sectors(place("Russia", "Russia", "RUS"), "Russia") == ()
    assert polecat_sectors(place("Russians", "Russia", "RUS"), "Russians") == ()


def test_first_and_any_sector_are_scored_apart() -> None:
    result = score(case("RUS", "GOV"), found("RUSMILGOV", "RUS", "MIL", "GOV"))
    assert result.country_ok and result.sector_ok is False and result.sector_any_ok


def test_cases_without_country_or_sector_are_only_counted() -> None:
    report = evaluate_actor_cases([case(None, None), case("RUS", None)], lambda c: found("", None))
    assert report.not_scorable == 1 and len(report.results) == 1
    assert report.tally()["all"]["country"] == {"scored": 1, "correct": 0, "accuracy": 0.0}


def test_a_bare_unresolved_name_is_listed_as_needing_world_knowledge() -> None:
    report = evaluate_actor_cases(
        [case("COL", "GOV", text="Diego Vargas")],
        lambda c: ActorResolution(c.text, "", "", None, (), None, 0.0),
    )
    assert report.to_dict()["unresolved_names"] == ["Diego Vargas"]
    assert case_category("Diego Vargas") == "name"
    assert case_category("Foreign Minister Park Jin") == "titled"
    assert case_category("taxi drivers") == "description"


@pytest.mark.model
def test_the_evaluate_command_writes_json_and_markdown(tmp_path: Path) -> None:
    gold = tmp_path / "gold.jsonl"
    gold.write_text(
        '{"test": "a", "method": "m", "input": "Kremlin", "expect": {"country": "RUS"}}\n'
        '{"test": "b", "method": "m", "input": "Chilean riot police",'
        ' "expect": {"country": "CHL", "code_1": "COP"}}\n',
        encoding="utf-8",
    )
    result = CliRunner().invoke(
        cli, ["evaluate", str(gold), "--out", str(tmp_path / "report"), "--today", "2022-06-01"]
    )
    assert result.exit_code == 0, result.output
    report = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    assert report["overall"]["country"]["accuracy"] == 1.0
    assert report["overall"]["sector"]["accuracy"] == 1.0
    assert "| all | 2 |" in (tmp_path / "report.md").read_text(encoding="utf-8")


@pytest.mark.model
def test_undated_cases_read_a_known_persons_latest_role(tmp_path: Path) -> None:
    # Undated gold asks who someone is (NGEC codes Heiko Maas GOV), dated gold what they
    # are on the day ("today" in 2026: a former minister, ELI).
    gold = tmp_path / "gold.jsonl"
    gold.write_text(
        '{"test": "a", "input": "Heiko Maas", "expect": {"country": "DEU", "code_1": "GOV"}}\n'
        '{"test": "b", "input": "Heiko Maas", "date": "today",'
        ' "expect": {"country": "DEU", "code_1": "ELI"}}\n',
        encoding="utf-8",
    )
    out = tmp_path / "report"
    result = CliRunner().invoke(
        cli, ["evaluate", str(gold), "--out", str(out), "--today", "2026-01-01"]
    )
    assert result.exit_code == 0, result.output
    report = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    assert report["overall"]["sector"]["accuracy"] == 1.0


def test_the_evaluate_command_refuses_an_unknown_gold_format(tmp_path: Path) -> None:
    gold = tmp_path / "gold.jsonl"
    gold.write_text('{"id": 1, "text": "Russia attacked."}\n', encoding="utf-8")
    result = CliRunner().invoke(cli, ["evaluate", str(gold)])
    assert result.exit_code == 2 and "not a gold format" in result.output
