"""Settings: documented in docs/settings.md, read from NEWSEVENTS_* variables, validated."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from newsevents import ConfigError, Settings
from newsevents.settings import LARGE_INPUT_BYTES, auto_workers, describe

DOC = Path(__file__).resolve().parents[1] / "docs" / "settings.md"
ROW = re.compile(
    r"^\|\s*`(?P<name>[a-z_]+)`\s*\|\s*`(?P<default>[^`]*)`\s*\|\s*(?P<help>.*?)\s*\|$"
)


def documented_rows() -> dict[str, tuple[str, str]]:
    rows: dict[str, tuple[str, str]] = {}
    for line in DOC.read_text(encoding="utf-8").splitlines():
        match = ROW.match(line.strip())
        if match:
            rows[match["name"]] = (match["default"], match["help"])
    return rows


@pytest.mark.parametrize(("name", "default", "help_text"), describe())
def test_every_setting_has_a_row_with_its_default_in_the_docs(
    name: str, default: str, help_text: str
) -> None:
    rows = documented_rows()

    assert name in rows, f"docs/settings.md has no table row for `{name}`"
    assert rows[name] == (default, help_text)


def test_the_docs_table_lists_no_setting_that_does_not_exist() -> None:
    assert set(documented_rows()) == {name for name, _, _ in describe()}


def test_describe_lists_the_defaults_of_a_plain_settings_value() -> None:
    defaults = Settings()

    for name, default, _ in describe():
        assert repr(getattr(defaults, name)) == default


def test_from_env_reads_an_integer_variable() -> None:
    settings = Settings.from_env({"NEWSEVENTS_WORKERS": "2"})

    assert settings.workers == 2
    assert settings == Settings(workers=2)


def test_from_env_without_variables_gives_the_defaults() -> None:
    assert Settings.from_env({}) == Settings()


def test_from_env_ignores_unrelated_variables() -> None:
    assert Settings.from_env({"WORKERS": "9", "NEWSEVENTS_UNKNOWN": "1"}) == Settings()


def test_from_env_reads_the_process_environment_by_default(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("NEWSEVENTS_BATCH_SIZE", "7")

    assert Settings.from_env().batch_size == 7


@pytest.mark.parametrize("raw", ["1", "true", "TRUE", "yes", "on"])
def test_from_env_reads_true_spellings_of_a_bool(raw: str) -> None:
    assert Settings.from_env({"NEWSEVENTS_REQUIRE_DYAD": raw}).require_dyad is True


@pytest.mark.parametrize("raw", ["0", "false", "False", "no", "off", ""])
def test_from_env_reads_false_spellings_of_a_bool(raw: str) -> None:
    assert Settings.from_env({"NEWSEVENTS_REQUIRE_DYAD": raw}).require_dyad is False


def test_from_env_reads_a_float() -> None:
    assert Settings.from_env({"NEWSEVENTS_MIN_CONFIDENCE": "0.75"}).min_confidence == 0.75


def test_from_env_reads_a_string() -> None:
    assert Settings.from_env({"NEWSEVENTS_MODEL": "en_core_web_md"}).model == "en_core_web_md"


def test_from_env_splits_lexicon_paths_on_the_path_separator() -> None:
    raw = os.pathsep.join(["first.tsv", "dir/second.tsv"])

    settings = Settings.from_env({"NEWSEVENTS_LEXICONS": raw})

    assert settings.lexicons == (Path("first.tsv"), Path("dir/second.tsv"))


def test_from_env_skips_empty_entries_in_a_lexicon_path_list() -> None:
    raw = os.pathsep + "only.tsv" + os.pathsep

    assert Settings.from_env({"NEWSEVENTS_LEXICONS": raw}).lexicons == (Path("only.tsv"),)


def test_overrides_win_over_the_environment() -> None:
    settings = Settings.from_env({"NEWSEVENTS_WORKERS": "2"}, workers=3)

    assert settings.workers == 3


def test_none_overrides_leave_the_environment_value() -> None:
    settings = Settings.from_env({"NEWSEVENTS_WORKERS": "2"}, workers=None, batch_size=None)

    assert (settings.workers, settings.batch_size) == (2, Settings().batch_size)


@pytest.mark.parametrize(
    ("variable", "raw"),
    [
        ("NEWSEVENTS_WORKERS", "two"),
        ("NEWSEVENTS_BATCH_SIZE", "1.5"),
        ("NEWSEVENTS_MAX_CHARS", ""),
        ("NEWSEVENTS_MIN_CONFIDENCE", "high"),
        ("NEWSEVENTS_REQUIRE_DYAD", "maybe"),
    ],
)
def test_unreadable_variable_raises_config_error_naming_it(variable: str, raw: str) -> None:
    with pytest.raises(ConfigError, match=variable):
        Settings.from_env({variable: raw})


@pytest.mark.parametrize(
    ("variable", "raw"),
    [("NEWSEVENTS_BATCH_SIZE", "0"), ("NEWSEVENTS_MIN_CONFIDENCE", "2")],
)
def test_out_of_range_variable_raises_config_error_naming_it(variable: str, raw: str) -> None:
    with pytest.raises(ConfigError, match=variable):
        Settings.from_env({variable: raw})


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"batch_size": 0}, "batch_size"),
        ({"batch_size": -3}, "batch_size"),
        ({"workers": 0}, "workers"),
        ({"max_chars": 99}, "max_chars"),
        ({"min_confidence": 2.0}, "min_confidence"),
        ({"min_confidence": -0.1}, "min_confidence"),
        ({"min_confidence": float("nan")}, "min_confidence"),
    ],
)
def test_invalid_values_raise_config_error_naming_the_field(
    changes: dict[str, object], field: str
) -> None:
    with pytest.raises(ConfigError, match=field):
        Settings(**changes)  # type: ignore[arg-type]


def test_replace_validates_the_new_value() -> None:
    with pytest.raises(ConfigError, match="batch_size"):
        Settings().replace(batch_size=0)


def test_boundary_values_are_accepted() -> None:
    settings = Settings(batch_size=1, workers=1, max_chars=100, min_confidence=1.0)

    assert settings.min_confidence == 1.0
    assert Settings(min_confidence=0.0).min_confidence == 0.0


def test_settings_are_immutable_and_hashable() -> None:
    settings = Settings()

    with pytest.raises(AttributeError):
        settings.workers = 2  # type: ignore[misc]
    assert hash(settings) == hash(Settings())


def test_large_inputs_get_two_workers_small_ones_one() -> None:
    assert auto_workers(LARGE_INPUT_BYTES, cpus=2) == 2
    assert auto_workers(LARGE_INPUT_BYTES - 1, cpus=2) == 1
    assert auto_workers(10 * LARGE_INPUT_BYTES, cpus=1) == 1
