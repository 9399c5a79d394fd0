"""The shared output options: --format on every command, --output FILE, JUnit and SARIF."""

from __future__ import annotations

import io
import json
import os
import stat
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import unquote

import jsonschema
import pytest
from cli_golden import ROOT

from rectilaw.cli import build_parser, load_commands, main
from rectilaw.cli.ledger_stdin import sniff_format, stdin_ledger

INPUTS = ROOT / "tests" / "golden" / "inputs"
MINI = "tests/golden/builtin/mini.rules"
RULE_FILES = [MINI, "tests/golden/inputs/warnings.rules", "tests/golden/inputs/broken.rules",
              "tests/golden/inputs/syntax.rules"]
#: The commands without the shared report options: a completion script, a language server, and
#: `report`, whose --format and --out name the document it writes (Markdown, HTML, Word).
NO_REPORT = ("completion", "lsp", "report")
SCHEMA = json.loads((Path(__file__).parent / "sarif-2.1.0-subset.schema.json").read_text("utf-8"))


def _run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(argv)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture(autouse=True)
def _at_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))


def test_every_command_with_a_report_has_text_and_json_and_output() -> None:
    parser = build_parser()
    for command in load_commands():
        if command.name in NO_REPORT:
            continue
        assert {"text", "json"} <= set(command.formats), command.name
        assert command.default_format in command.formats
    help_text = {c.name: c for c in load_commands()}
    assert help_text["check"].formats == ("text", "json", "junit", "sarif")
    assert help_text["test"].formats == ("text", "json", "junit")
    args = parser.parse_args(["check", "-f", "sarif", "-o", "x.sarif", "a.rules"])
    assert (args.format, args.output) == ("sarif", "x.sarif")


def test_the_old_spellings_still_work(capsys: pytest.CaptureFixture[str]) -> None:
    ledger = ["ledger", "tests/golden/inputs/ledger.csv", "-p", MINI, "-t", "2024-05-29"]
    assert _run([*ledger, "--json"], capsys)[1] == _run([*ledger, "--format", "json"], capsys)[1]
    parser = build_parser()
    assert parser.parse_args(["ledger", "l.csv", "-p", "x", "-o", "out.xlsx"]).out == "out.xlsx"
    assert parser.parse_args(["eval", "-p", "x", "-f", "text", "f.json"]).format == "text"
    with pytest.raises(SystemExit):
        parser.parse_args(["ledger", "--help"])
    assert "--json" not in capsys.readouterr().out


def test_output_writes_the_report_to_a_file(tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    code, printed, _ = _run(["check", "-f", "json", *RULE_FILES], capsys)
    target = tmp_path / "report.json"
    code_to_file, nothing, _ = _run(["check", "-f", "json", "-o", str(target), *RULE_FILES],
                                    capsys)
    assert (code_to_file, nothing) == (code, "")
    assert target.read_text("utf-8") == printed
    assert os.listdir(tmp_path) == ["report.json"]  # no temporary file left
    assert stat.S_IMODE(target.stat().st_mode) == 0o666 & ~_umask()


def test_output_keeps_an_existing_files_mode_and_refuses_a_missing_directory(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "clauses.txt"
    target.write_text("old", "utf-8")
    target.chmod(0o640)
    assert _run(["clauses", MINI, "--output", str(target)], capsys)[0] == 0
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert target.read_text("utf-8").startswith("1")
    code, _, err = _run(["clauses", MINI, "-o", str(tmp_path / "no" / "x.txt")], capsys)
    assert code == 2 and "no such directory" in err


def test_output_is_not_written_when_the_command_fails(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "a.json"
    code, _, err = _run(["eval", "-p", "minni", "-t", "2024-06-01", "-o", str(target),
                         "tests/golden/inputs/finding-overdue.json"], capsys)
    assert code == 2 and "minni" in err
    assert not target.exists()


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


# --- SARIF -------------------------------------------------------------------------------

def test_sarif_follows_the_schema_and_points_into_the_files(
        capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(["check", "-f", "sarif", *RULE_FILES, "tests/golden/inputs/none.rules"],
                        capsys)
    assert code == 2
    log = json.loads(out)
    jsonschema.validate(log, SCHEMA)
    (run,) = log["runs"]
    rules = run["tool"]["driver"]["rules"]
    assert run["results"], "the broken files have results"
    for result in run["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        (location,) = result["locations"]
        physical = location["physicalLocation"]
        path = ROOT / unquote(physical["artifactLocation"]["uri"])
        lines = path.read_text("utf-8").splitlines()
        region = physical["region"]
        assert 1 <= region["startLine"] <= region["endLine"] <= len(lines)
        assert 1 <= region["startColumn"] <= len(lines[region["startLine"] - 1]) + 1
    levels = {r["level"] for r in run["results"]}
    assert levels == {"error", "warning"}
    (invocation,) = run["invocations"]
    assert invocation["executionSuccessful"] is False
    assert "none.rules" in invocation["toolExecutionNotifications"][0]["message"]["text"]


def test_the_schema_check_catches_what_the_spec_forbids() -> None:
    good = {"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "rectilaw"}},
                                          "results": []}]}
    jsonschema.validate(good, SCHEMA)
    for bad in (
        {"runs": good["runs"]},
        {"version": "2.0.0", "runs": good["runs"]},
        {"version": "2.1.0", "runs": [{"tool": {"driver": {}}}]},
        {"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "x"}},
                                       "results": [{"ruleID": "x", "message": {"text": "m"}}]}]},
        {"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "x"}}, "results": [
            {"message": {"text": "m"}, "locations": [{"physicalLocation": {
                "artifactLocation": {"uri": "a"}, "region": {"startLine": 0}}}]}]}]},
    ):
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate(bad, SCHEMA)


# --- JUnit -------------------------------------------------------------------------------

def test_check_junit_has_a_case_per_file_failing_with_the_errors(
        capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(["check", "-f", "junit", *RULE_FILES], capsys)
    assert code == 1
    root = ET.fromstring(out.encode("utf-8"))
    assert root.tag == "testsuites"
    cases = root.findall("./testsuite/testcase")
    assert [c.get("name") for c in cases] == RULE_FILES
    failing = {c.get("name"): c.find("failure") for c in cases}
    assert failing[MINI] is None and failing["tests/golden/inputs/warnings.rules"] is None
    broken = failing["tests/golden/inputs/broken.rules"]
    assert broken is not None and "4 errors" in (broken.get("message") or "")
    assert "unknown-name" in (broken.text or "")
    assert root.get("tests") == "4" and root.get("failures") == "2"


def test_test_junit_has_a_suite_per_file_and_a_case_per_example(
        capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(["test", "tests/golden/examples", "tests/golden/examples-2027",
                         "-f", "junit"], capsys)
    assert code == 1
    root = ET.fromstring(out.encode("utf-8"))
    suites = root.findall("testsuite")
    assert [s.get("name") for s in suites] == ["tests/golden/examples/mini.yaml",
                                               "tests/golden/examples-2027/mini-2027.yaml"]
    assert [s.get("tests") for s in suites] == ["3", "1"]
    assert root.get("failures") == "2"
    failure = suites[1].find("testcase/failure")
    assert failure is not None and "provisional" in (failure.get("message") or "")


def test_junit_text_stays_xml_whatever_the_input() -> None:
    from rectilaw.cli.junit import JUnitCase, JUnitSuite, junit_xml

    text = junit_xml("x", [JUnitSuite("s", [JUnitCase("a\x00b", "c", failure=("m\x1b[31m",
                                                                             "<&>"))])])
    case = ET.fromstring(text.encode("utf-8")).find("testsuite/testcase")
    assert case is not None and case.get("name") == "a\ufffdb"
    failure = case.find("failure")
    assert failure is not None and failure.text == "<&>"


# --- JSON of the commands that had none --------------------------------------------------

def test_test_json_lists_every_example(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(["test", "tests/golden/examples", "-f", "json"], capsys)
    data = json.loads(out)
    assert code == 1 and (data["passed"], data["failed"]) == (2, 1)
    failing = [c for c in data["cases"] if not c["passed"]]
    assert failing[0]["answered"]["status"] == "not_rectified"


def test_fmt_json_prints_the_formatted_text(capsys: pytest.CaptureFixture[str]) -> None:
    _, formatted, _ = _run(["fmt", MINI], capsys)
    code, out, _ = _run(["fmt", "-f", "json", MINI], capsys)
    data = json.loads(out)
    assert code == 0 and data["files"][0]["formatted"] == formatted


# --- ledger from standard input ----------------------------------------------------------

def test_the_format_of_standard_input_is_told_from_its_first_bytes() -> None:
    assert sniff_format(b"PK\x03\x04rest") == "xlsx"
    assert sniff_format(b"PAR1\x15") == "parquet"
    assert sniff_format("问题编号,".encode()) == "csv"
    assert sniff_format(b"") == "csv"


def test_an_xlsx_ledger_on_standard_input(tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str],
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["问题编号", "下达日期"])
    sheet.append(["X-1", "2024-03-01"])
    target = tmp_path / "l.xlsx"
    book.save(target)
    argv = ["ledger", "-", "-p", MINI, "-t", "2024-05-29", "-f", "json"]
    monkeypatch.setattr(sys, "stdin", _BinaryStdin(target.read_bytes()))
    code, out, _ = _run(argv, capsys)
    expected = _run(["ledger", str(target), *argv[2:]], capsys)[1]
    assert code == 0 and out == expected and json.loads(out)["total"] == 1


def test_spooled_standard_input_is_removed_and_named_stdin() -> None:
    with stdin_ledger("-", None, io.BytesIO(b"a,b\n1,2\n")) as (path, name):
        assert name == "<stdin>" and path.endswith("stdin.csv")
        assert Path(path).read_bytes() == b"a,b\n1,2\n"
    assert not Path(path).exists()
    with stdin_ledger("l.xlsx", None) as (path, name):
        assert (path, name) == ("l.xlsx", "l.xlsx")


class _BinaryStdin(io.StringIO):
    """A standard input whose ``buffer`` holds bytes, as a pipe of a binary file does."""

    def __init__(self, data: bytes) -> None:
        super().__init__()
        self.buffer = io.BytesIO(data)
