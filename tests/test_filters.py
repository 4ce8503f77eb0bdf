"""Filters read forgivingly: codes in any case, countries by name, near misses named.

The values of ``--plover``, ``--cameo``, ``--mode`` and ``--country`` (and the same API
parameters) either name something that exists, in any case, or are an error suggesting the
nearest valid values; lists are newest first where people browse, oldest first in datasets.
"""

from __future__ import annotations

import datetime as dt
import string
from pathlib import Path

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient
from hypothesis import given
from hypothesis import strategies as st

import newsevents
from newsevents import EventQuery, Store
from newsevents.cli import cli
from newsevents.store import vocabulary
from newsevents.store.vocabulary import FilterError

PLOVER = vocabulary.plover_types()


# ---- the vocabulary --------------------------------------------------------------------------


@given(st.sampled_from(PLOVER), st.lists(st.booleans(), min_size=20, max_size=20))
def test_a_plover_type_is_read_in_any_case(name: str, upper: list[bool]) -> None:
    mixed = "".join(c.upper() if up else c.lower() for c, up in zip(name, upper, strict=False))
    assert vocabulary.plover_type(f" {mixed} ") == name


@given(st.text(alphabet=string.ascii_letters + "_ ", max_size=12))
def test_any_plover_value_is_a_type_or_an_error_suggesting_types(value: str) -> None:
    try:
        found = vocabulary.plover_type(value)
    except FilterError as error:
        assert error.field == "plover"
        assert set(error.suggestions) <= set(PLOVER)
        assert repr(value) in str(error)
    else:
        assert found in PLOVER and found == value.strip().upper()


@pytest.mark.parametrize(
    ("typo", "meant"),
    [("ACUSE", "ACCUSE"), ("consul", "CONSULT"), ("Threat", "THREATEN"), ("asault", "ASSAULT")],
)
def test_a_misspelt_plover_type_suggests_the_type_meant(typo: str, meant: str) -> None:
    with pytest.raises(FilterError, match=f"did you mean {meant}") as raised:
        vocabulary.plover_type(typo)
    assert raised.value.suggestions[0] == meant


@given(st.text(alphabet=string.digits + "x", min_size=1, max_size=5))
def test_a_cameo_value_is_a_prefix_of_a_code_or_an_error(value: str) -> None:
    codes = [c.code for c in newsevents.codes.cameo.all_codes()]
    try:
        found = vocabulary.cameo_prefix(value)
    except FilterError as error:
        assert not any(code.startswith(value) for code in codes) or len(value) > 4
        assert set(error.suggestions) <= set(codes)
    else:
        assert found == value and any(code.startswith(value) for code in codes)


@pytest.mark.parametrize(
    ("given_as", "code"),
    [
        ("IRN", "IRN"),
        ("irn", "IRN"),
        ("iran", "IRN"),
        ("Iran", "IRN"),
        ("united  states", "USA"),
        ("usa", "USA"),
        ("Russians", "RUS"),
        ("North Korea", "PRK"),
    ],
)
def test_a_country_is_given_by_its_code_or_name(given_as: str, code: str) -> None:
    assert vocabulary.country_code(given_as) == code


def test_an_unknown_country_suggests_the_nearest() -> None:
    with pytest.raises(FilterError, match="unknown country 'Iarn'") as raised:
        vocabulary.country_code("Iarn")
    assert "IRN" in raised.value.suggestions
    assert len(set(raised.value.suggestions)) == len(raised.value.suggestions)


def test_event_query_normalises_every_filter() -> None:
    query = EventQuery(
        source="usagov", target="irn", actor="rus", plover="accuse", country="iran", mode="Reported"
    )
    assert (query.source, query.target, query.actor) == ("USAGOV", "IRN", "RUS")
    assert (query.plover, query.country, query.mode) == ("ACCUSE", "IRN", "reported")
    with pytest.raises(FilterError, match="did you mean asserted"):
        EventQuery(mode="asert")


# ---- in a store, the CLI and the HTTP API ---------------------------------------------------


@pytest.fixture(scope="module")
def runner() -> CliRunner:
    return CliRunner()


def test_the_cli_reads_lower_case_codes_and_country_names(
    runner: CliRunner, example_db: Path
) -> None:
    with Store(example_db, readonly=True) as store:
        expected = store.count_events(EventQuery(country="IRN", plover="ACCUSE"))
    assert expected > 0
    for args in (["--country", "iran", "--plover", "accuse"], ["--country", "irn"]):
        result = runner.invoke(cli, ["events", "--db", str(example_db), "--format", "jsonl", *args])
        assert result.exit_code == 0, result.output
        if "--plover" in args:
            assert len(result.output.splitlines()) == expected


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [
        ("--plover", "ACUSE", "did you mean ACCUSE?"),
        ("--cameo", "21", "unknown CAMEO code '21'"),
        ("--mode", "asert", "did you mean asserted?"),
        ("--country", "Iarn", "did you mean IRN"),
    ],
)
def test_a_filter_that_names_nothing_is_a_usage_error(
    runner: CliRunner, example_db: Path, option: str, value: str, message: str
) -> None:
    result = runner.invoke(cli, ["events", "--db", str(example_db), option, value])
    assert result.exit_code == 2
    assert f"Invalid value for '{option}'" in result.output
    assert message in result.output


def test_the_api_answers_a_filter_that_names_nothing_with_422_and_suggestions(
    client: TestClient,
) -> None:
    answer = client.get("/api/events", params={"plover": "acuse"})
    assert answer.status_code == 422
    (detail,) = answer.json()["error"]["detail"]
    assert detail["field"] == "plover" and detail["suggestions"][0] == "ACCUSE"
    lower = client.get("/api/events", params={"plover": "accuse", "country": "iran"}).json()
    upper = client.get("/api/events", params={"plover": "ACCUSE", "country": "IRN"}).json()
    assert lower["total"] == upper["total"] > 0


def _dates(events: list[dict[str, object]]) -> list[str]:
    return [e["event_date"]["start"] for e in events]  # type: ignore[index]


def test_lists_are_newest_first_where_people_browse(
    client: TestClient, runner: CliRunner, example_db: Path
) -> None:
    newest = _dates(client.get("/api/events", params={"limit": 500}).json()["events"])
    assert newest == sorted(newest, reverse=True) and newest[0] > newest[-1]
    oldest = _dates(
        client.get("/api/events", params={"limit": 500, "order": "oldest"}).json()["events"]
    )
    assert oldest == sorted(newest)

    result = runner.invoke(cli, ["events", "--db", str(example_db), "--limit", "3"])
    first = result.output.splitlines()[2].split()[0]
    assert dt.date.fromisoformat(first).isoformat() == newest[0]
    with Store(example_db, readonly=True) as store:  # datasets and the Python API: time order
        dates = [e.event_date.start for e in store.events()]
    assert dates == sorted(dates)


def test_the_table_lists_every_participant_with_the_matched_one_first(
    runner: CliRunner, example_db: Path
) -> None:
    with Store(example_db, readonly=True) as store:
        many = [e for e in store.events() if len({a.code for a in e.all_sources()}) > 1]
    assert many, "the examples have an event with several sources"
    event = many[0]
    codes = list(dict.fromkeys(a.code for a in event.all_sources()))
    last = codes[-1]
    result = runner.invoke(
        cli,
        ["events", "--db", str(example_db), "--source", last, "--text", event.evidence.text[:40]],
    )
    row = next(line for line in result.output.splitlines() if event.cameo_name[:20] in line)
    cell = row.split()[1]
    assert cell.startswith(last + "+")  # the participant the filter matched comes first
    assert set(cell.rstrip("…").split("+")) <= set(codes) and cell.count("+") >= 1
