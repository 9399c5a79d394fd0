"""Finding the configuration file, reading it, and which value wins."""

from __future__ import annotations

import argparse
import os
from pathlib import Path

import pytest

from rectilaw.cli import COMMANDS, build_parser, main
from rectilaw.cli.config import Config, ConfigError, find_config, load_config

MINI = Path(__file__).resolve().parents[1] / "golden" / "builtin" / "mini.rules"


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def _parse(config: Config, *argv: str) -> argparse.Namespace:
    args = build_parser(config).parse_args(list(argv))
    assert args.config_problems == ()
    return args


# --- discovery ---------------------------------------------------------------------------

def test_found_walking_up_from_the_working_directory(tmp_path: Path) -> None:
    own = _write(tmp_path / "rectilaw.toml", 'policy = "sasac"\n')
    deep = tmp_path / "a" / "b"
    deep.mkdir(parents=True)
    assert find_config(deep) == own


def test_a_pyproject_without_the_table_is_passed_over(tmp_path: Path) -> None:
    outer = _write(tmp_path / "pyproject.toml", '[tool.rectilaw]\nlang = "en"\n')
    _write(tmp_path / "inner" / "pyproject.toml", '[project]\nname = "x"\n')
    assert find_config(tmp_path / "inner") == outer


def test_the_nearest_file_wins_and_rectilaw_toml_before_pyproject(tmp_path: Path) -> None:
    _write(tmp_path / "rectilaw.toml", 'lang = "zh"\n')
    inner = tmp_path / "inner"
    _write(inner / "pyproject.toml", '[tool.rectilaw]\nlang = "en"\n')
    assert find_config(inner) == inner / "pyproject.toml"
    own = _write(inner / "rectilaw.toml", 'lang = "zh"\n')
    assert find_config(inner) == own


def test_a_broken_pyproject_of_another_tool_is_not_ours(tmp_path: Path) -> None:
    _write(tmp_path / "pyproject.toml", "[project\n")
    assert find_config(tmp_path) is None


# --- reading -----------------------------------------------------------------------------

def test_pyproject_table_and_command_tables(tmp_path: Path) -> None:
    path = _write(tmp_path / "pyproject.toml", """
[tool.rectilaw]
policy = "sasac"
lang = "en"
params = { rectification_limit = "3 months", grace = 5 }

[tool.rectilaw.check]
format = "sarif"
""")
    config = load_config(path, COMMANDS)
    assert config.defaults == {"policy": "sasac", "lang": "en",
                               "params": [("rectification_limit", "3 months"), ("grace", "5")]}
    assert config.commands == {"check": {"format": "sarif"}}


def test_unknown_keys_are_errors_with_did_you_mean(tmp_path: Path) -> None:
    path = _write(tmp_path / "rectilaw.toml", 'polcy = "sasac"\n[eval]\nlnag = "en"\n')
    with pytest.raises(ConfigError) as caught:
        load_config(path, COMMANDS)
    message = str(caught.value)
    assert "unknown key `polcy`; did you mean `policy`?" in message
    assert "[eval]: unknown key `lnag`; did you mean `lang`?" in message


def test_wrong_types_are_errors(tmp_path: Path) -> None:
    path = _write(tmp_path / "rectilaw.toml", 'lang = 3\nparams = "x"\ncheck = 1\n')
    with pytest.raises(ConfigError) as caught:
        load_config(path, COMMANDS)
    message = str(caught.value)
    assert "`lang` must be a non-empty string, not int 3" in message
    assert "`params` must be a table" in message
    assert "`check` must be a table of settings" in message


def test_invalid_toml_says_where(tmp_path: Path) -> None:
    path = _write(tmp_path / "rectilaw.toml", 'lang = "en"\npolicy = \n')
    with pytest.raises(ConfigError, match=r"not valid TOML: .*line 2"):
        load_config(path, COMMANDS)


# --- precedence --------------------------------------------------------------------------

def test_command_line_wins_over_command_table_over_top_table(tmp_path: Path) -> None:
    path = _write(tmp_path / "rectilaw.toml", """
lang = "en"
format = "text"
[eval]
format = "json"
[explain]
lang = "zh"
""")
    config = load_config(path, COMMANDS)
    assert _parse(config, "eval", "-p", "mini", "x.json").format == "json"
    assert _parse(config, "eval", "-p", "mini", "-f", "text", "x.json").format == "text"
    assert _parse(config, "timeline", "-p", "mini", "x.json").format == "text"
    assert _parse(config, "eval", "-p", "mini", "x.json").lang == "en"
    assert _parse(config, "explain", "-p", "mini", "x.json").lang == "zh"
    assert _parse(config, "explain", "-p", "mini", "--lang", "en", "x.json").lang == "en"


def test_without_a_file_each_command_keeps_its_own_default() -> None:
    config = Config()
    assert _parse(config, "eval", "-p", "mini", "x.json").format == "json"
    assert _parse(config, "timeline", "-p", "mini", "x.json").format == "json"
    assert _parse(config, "check", "x.rules").format == "text"
    assert _parse(config, "ledger", "x.csv", "-p", "mini").format == "text"


def test_policy_from_the_file_makes_the_option_optional(tmp_path: Path) -> None:
    path = _write(tmp_path / "rectilaw.toml", 'policy = "policies/local.rules"\n')
    args = _parse(load_config(path, COMMANDS), "eval", "x.json")
    assert args.policy == os.fspath(tmp_path / "policies" / "local.rules")
    builtin = _write(tmp_path / "b" / "rectilaw.toml", 'policy = "sasac"\n')
    assert _parse(load_config(builtin, COMMANDS), "eval", "x.json").policy == "sasac"


def test_paths_are_relative_to_the_file(tmp_path: Path) -> None:
    path = _write(tmp_path / "conf" / "rectilaw.toml",
                  'calendar = "cal.yaml"\n[ledger]\nmapping = "m.yaml"\n')
    config = load_config(path, COMMANDS)
    assert _parse(config, "eval", "-p", "x", "f.json").calendar == os.fspath(
        tmp_path / "conf" / "cal.yaml")
    assert _parse(config, "ledger", "l.csv", "-p", "x").mapping == os.fspath(
        tmp_path / "conf" / "m.yaml")


def test_params_from_the_file_are_overridden_one_by_one(tmp_path: Path) -> None:
    path = _write(tmp_path / "rectilaw.toml",
                  'params = { limit = "30 days", grace = "1 workday" }\n')
    args = _parse(load_config(path, COMMANDS), "eval", "-p", "mini", "--params", "limit=10 days",
                  "x.json")
    assert dict(args.params) == {"limit": "10 days", "grace": "1 workday"}


def test_top_keys_a_command_lacks_are_ignored_but_its_own_are_errors(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = _write(tmp_path / "rectilaw.toml", 'policy = "sasac"\nengine = "python"\n'
                  '[check]\nengine = "duckdb"\n')
    monkeypatch.chdir(tmp_path)
    parser = build_parser(load_config(path, COMMANDS))
    assert parser.parse_args(["eval", "x.json"]).config_problems == ()
    problems = parser.parse_args(["check", "x.rules"]).config_problems
    assert problems == ("rectilaw.toml [check]: `engine`: `rectilaw check` has no --engine option",)


def test_a_value_the_option_does_not_take_is_an_error_for_that_command(tmp_path: Path) -> None:
    path = _write(tmp_path / "rectilaw.toml", 'format = "junit"\n')
    parser = build_parser(load_config(path, COMMANDS))
    assert parser.parse_args(["test", "x"]).format == "junit"
    (problem,) = parser.parse_args(["eval", "-p", "x", "f.json"]).config_problems
    assert "`format` is `junit`, which `rectilaw eval --format` does not take" in problem


# --- the command line --------------------------------------------------------------------

def test_main_uses_the_file_found_and_obeys_no_config(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    _write(tmp_path / "rectilaw.toml",
           f'policy = "{MINI.as_posix()}"\n[clauses]\nformat = "json"\n')
    monkeypatch.chdir(tmp_path)
    assert main(["clauses", os.fspath(MINI)]) == 0
    assert capsys.readouterr().out.startswith("{")
    assert main(["clauses", "--no-config", os.fspath(MINI)]) == 0
    assert not capsys.readouterr().out.startswith("{")


def test_main_reports_a_bad_file_and_a_missing_one(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    _write(tmp_path / "rectilaw.toml", 'lnag = "en"\n')
    monkeypatch.chdir(tmp_path)
    assert main(["policies"]) == 2
    err = capsys.readouterr().err
    assert "rectilaw: " in err and "did you mean `lang`?" in err and "Traceback" not in err
    assert main(["--config", "nowhere.toml", "policies"]) == 2
    assert capsys.readouterr().err == "rectilaw: --config nowhere.toml: no such file\n"
    other = _write(tmp_path / "other.toml", 'lang = "en"\n')
    assert main(["policies", "--config", os.fspath(other), "-f", "json"]) == 0


def test_help_says_where_defaults_come_from(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        build_parser(Config()).parse_args(["eval", "--help"])
    out = " ".join(capsys.readouterr().out.split())
    assert "[tool.rectilaw]" in out and "rectilaw.toml" in out
    assert "(default: json)" in out


def test_a_broken_pyproject_with_our_table_is_reported(tmp_path: Path) -> None:
    path = _write(tmp_path / "pyproject.toml", '[tool.rectilaw]\nlang = "en\n')
    assert find_config(tmp_path) == path
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_config(path, COMMANDS)
