"""Every command's output and exit code against recorded files in tests/golden/cli/.

Re-record after an intended change: ``UPDATE_GOLDEN=1 pytest tests/cli``.
"""

from __future__ import annotations

import datetime

import pytest
from cli_golden import GOLDEN, ROOT, compare, run

INPUTS = "tests/golden/inputs"
MINI = "tests/golden/builtin/mini.rules"
EXAMPLES = "tests/golden/examples"
OVERDUE = f"{INPUTS}/finding-overdue.json"
TICKING = f"{INPUTS}/ticking.rules"
LEDGER = f"{INPUTS}/ledger.csv"
CALENDAR = f"{INPUTS}/calendar-2027.yaml"

#: name → (arguments, file whose text is standard input or None)
CASES: dict[str, tuple[list[str], str | None]] = {
    # check
    "check-clean": (["check", MINI], None),
    "check-broken": (["check", f"{INPUTS}/broken.rules"], None),
    "check-syntax": (["check", f"{INPUTS}/syntax.rules"], None),
    "check-warnings": (["check", f"{INPUTS}/warnings.rules"], None),
    "check-several": (["check", MINI, f"{INPUTS}/warnings.rules", f"{INPUTS}/broken.rules"],
                      None),
    "check-json": (["check", "--format", "json", f"{INPUTS}/broken.rules",
                    f"{INPUTS}/warnings.rules"], None),
    "check-json-clean": (["check", "--format", "json", MINI], None),
    "check-missing": (["check", f"{INPUTS}/missing.rules", MINI], None),
    "check-stdin": (["check", "-"], f"{INPUTS}/broken.rules"),
    "check-junit": (["check", "--format", "junit", MINI, f"{INPUTS}/warnings.rules",
                     f"{INPUTS}/broken.rules", f"{INPUTS}/missing.rules"], None),
    "check-sarif": (["check", "-f", "sarif", MINI, f"{INPUTS}/warnings.rules",
                     f"{INPUTS}/broken.rules", f"{INPUTS}/missing.rules"], None),
    "check-sarif-clean": (["check", "--format", "sarif", MINI], None),
    # fmt
    "fmt-print": (["fmt", "tests/golden/fmt/layout.rules"], None),
    "fmt-check-clean": (["fmt", "--check", "tests/golden/fmt/layout.expected"], None),
    "fmt-check-changed": (["fmt", "--check", MINI, "tests/golden/fmt/layout.expected"], None),
    "fmt-diff": (["fmt", "--diff", MINI], None),
    "fmt-check-diff": (["fmt", "--check", "--diff", MINI], None),
    "fmt-syntax": (["fmt", f"{INPUTS}/syntax.rules"], None),
    "fmt-stdin": (["fmt", "-"], MINI),
    "fmt-json-check": (["fmt", "--check", "--format", "json", MINI,
                        "tests/golden/fmt/layout.expected", f"{INPUTS}/syntax.rules"], None),
    # test
    "test-all": (["test", EXAMPLES], None),
    "test-filter": (["test", EXAMPLES, "-k", "OVERDUE", "-v"], None),
    "test-no-match": (["test", EXAMPLES, "-k", "xyz"], None),
    "test-missing": (["test", "tests/golden/nowhere"], None),
    "test-json": (["test", EXAMPLES, "--format", "json"], None),
    "test-junit": (["test", EXAMPLES, "-f", "junit"], None),
    "test-calendar": (["test", "tests/golden/examples-2027", "--calendar", CALENDAR], None),
    "test-no-calendar": (["test", "tests/golden/examples-2027"], None),
    # eval
    "eval-json": (["eval", "--policy", MINI, "--today", "2024-06-01", OVERDUE], None),
    "eval-text": (["eval", "-p", MINI, "-t", "2024-06-01", "--format", "text", OVERDUE], None),
    "eval-text-en": (["eval", "-p", "mini", "-t", "2024-06-01", "-f", "text", "--lang", "en",
                      OVERDUE], None),
    "eval-params": (["eval", "-p", MINI, "-t", "2024-06-01", "--params", "limit=30 days",
                     "--params", "grace=1 workday", "-f", "text", OVERDUE], None),
    "eval-stdin": (["eval", "-p", MINI, "-t", "2024-06-01", "-"], f"{INPUTS}/finding-false.json"),
    "eval-default-today": (["eval", "-p", MINI, "-f", "text", OVERDUE], None),
    "eval-bad-finding": (["eval", "-p", MINI, "-t", "2024-06-01", f"{INPUTS}/finding-bad.json"],
                         None),
    "eval-not-json": (["eval", "-p", MINI, "-t", "2024-06-01", f"{INPUTS}/not-json.json"], None),
    "eval-list": (["eval", "-p", MINI, "-t", "2024-06-01", f"{INPUTS}/list.json"], None),
    "eval-missing-finding": (["eval", "-p", MINI, "-t", "2024-06-01", f"{INPUTS}/none.json"],
                             None),
    "eval-unknown-policy": (["eval", "-p", "minni", "-t", "2024-06-01", OVERDUE], None),
    "eval-broken-policy": (["eval", "-p", f"{INPUTS}/broken.rules", "-t", "2024-06-01",
                            OVERDUE], None),
    "eval-calendar": (["eval", "-p", MINI, "-t", "2027-06-01", "-f", "text", "--lang", "en",
                       "--calendar", CALENDAR, f"{INPUTS}/finding-2027.json"], None),
    "eval-no-calendar": (["eval", "-p", MINI, "-t", "2027-06-01", "-f", "text", "--lang", "en",
                          f"{INPUTS}/finding-2027.json"], None),
    "eval-bad-calendar": (["eval", "-p", MINI, "-t", "2027-06-01", "--calendar",
                           f"{INPUTS}/calendar-bad.yaml", f"{INPUTS}/finding-2027.json"], None),
    "eval-unknown-param": (["eval", "-p", MINI, "-t", "2024-06-01", "--params", "limt=30 days",
                            OVERDUE], None),
    # explain
    "explain-zh": (["explain", "-p", MINI, "-t", "2024-06-01", OVERDUE], None),
    "explain-en": (["explain", "-p", MINI, "-t", "2024-06-01", "--lang", "en", OVERDUE], None),
    "explain-exception": (["explain", "-p", "mini", "-t", "2024-06-01",
                           f"{INPUTS}/finding-false.json"], None),
    "explain-json": (["explain", "-p", MINI, "-t", "2024-06-01", "--lang", "en", "--format",
                      "json", OVERDUE], None),
    "explain-calendar": (["explain", "-p", MINI, "-t", "2027-06-01", "--lang", "en",
                          "--calendar", CALENDAR, f"{INPUTS}/finding-2027.json"], None),
    "explain-default-today": (["explain", "-p", MINI, "--lang", "en", "-"],
                              f"{INPUTS}/finding-false.json"),
    # timeline
    "timeline-json": (["timeline", "--policy", MINI, "--today", "2024-04-01", OVERDUE], None),
    "timeline-text": (["timeline", "-p", MINI, "-t", "2024-04-01", "--format", "text", OVERDUE],
                      None),
    "timeline-text-en": (["timeline", "-p", "mini", "-t", "2024-04-01", "-f", "text", "--lang",
                          "en", "--until", "2024-12-31", OVERDUE], None),
    "timeline-changes": (["timeline", "-p", TICKING, "-t", "2024-03-10", "-f", "text",
                          f"{INPUTS}/finding-ticking.json"], None),
    "timeline-changes-json": (["timeline", "-p", TICKING, "-t", "2024-03-10",
                               f"{INPUTS}/finding-ticking.json"], None),
    "timeline-none": (["timeline", "-p", MINI, "-t", "2024-06-01", "-f", "text", OVERDUE], None),
    "timeline-default-today": (["timeline", "-p", MINI, "-f", "text", "-"],
                               f"{INPUTS}/finding-false.json"),
    "timeline-until-before-today": (["timeline", "-p", MINI, "-t", "2024-06-01", "--until",
                                     "2024-05-01", OVERDUE], None),
    "timeline-calendar": (["timeline", "-p", MINI, "-t", "2027-04-01", "-f", "text",
                           "--calendar", CALENDAR, f"{INPUTS}/finding-2027.json"], None),
    "timeline-bad-finding": (["timeline", "-p", MINI, "-t", "2024-06-01",
                              f"{INPUTS}/finding-bad.json"], None),
    # ledger
    "ledger-text": (["ledger", LEDGER, "--policy", MINI, "--today", "2024-05-29"], None),
    "ledger-text-en": (["ledger", LEDGER, "-p", "mini", "-t", "2024-05-29", "--lang", "en"], None),
    "ledger-json": (["ledger", LEDGER, "-p", MINI, "-t", "2024-05-29", "--json"], None),
    "ledger-format-json": (["ledger", LEDGER, "-p", MINI, "-t", "2024-05-29", "--format",
                            "json"], None),
    "ledger-stdin": (["ledger", "-", "-p", MINI, "-t", "2024-05-29", "--lang", "en"], LEDGER),
    "ledger-no-calendar": (["ledger", LEDGER, "-p", MINI, "-t", "2024-05-08", "--lang", "en"],
                           None),
    "ledger-calendar": (["ledger", LEDGER, "-p", MINI, "-t", "2024-05-08", "--lang", "en",
                         "--calendar", f"{INPUTS}/calendar-2024.yaml"], None),
    "ledger-input-format-file": (["ledger", LEDGER, "-p", MINI, "-t", "2024-05-29",
                                  "--input-format", "csv"], None),
    "ledger-missing": (["ledger", f"{INPUTS}/none.csv", "-p", MINI, "-t", "2024-05-29"], None),
    "ledger-unknown-extension": (["ledger", OVERDUE, "-p", MINI, "-t", "2024-05-29"], None),
    "ledger-no-header": (["ledger", f"{INPUTS}/not-a-ledger.csv", "-p", MINI, "-t",
                          "2024-05-29"], None),
    "ledger-unknown-policy": (["ledger", LEDGER, "-p", "minni", "-t", "2024-05-29"], None),
    "ledger-bad-mapping": (["ledger", LEDGER, "-p", MINI, "-t", "2024-05-29", "--mapping",
                            f"{INPUTS}/bad-mapping.yaml"], None),
    "ledger-bad-out": (["ledger", LEDGER, "-p", MINI, "-t", "2024-05-29", "--out",
                        "evaluated.docx"], None),
    # policies and clauses
    "policies": (["policies"], None),
    "policies-json": (["policies", "--format", "json"], None),
    "clauses": (["clauses", "mini"], None),
    "clauses-text": (["clauses", MINI, "--text"], None),
    "clauses-json": (["clauses", "mini", "--format", "json"], None),
    "clauses-unknown": (["clauses", "minni"], None),
    "lsp-bad-budget": (["lsp", "--analysis-budget", "-1"], None),
    # report
    "report-text": (["report", LEDGER, "-p", MINI, "-t", "2024-05-29"], None),
    "report-bad-calendar": (["report", LEDGER, "-p", MINI, "-t", "2024-05-08", "--calendar",
                             f"{INPUTS}/calendar-bad.yaml"], None),
    "report-bad-out": (["report", LEDGER, "-p", MINI, "-t", "2024-05-29", "--out",
                        "report.txt"], None),
    # completion (the scripts themselves are tested in test_cli_completion.py)
    "completion-unknown-shell": (["completion", "tcshh"], None),
}


@pytest.mark.usefixtures("fixture_builtins")
@pytest.mark.parametrize("name", sorted(CASES))
def test_golden(name: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
                fixed_clock: datetime.date) -> None:
    argv, stdin_file = CASES[name]
    stdin = (ROOT / stdin_file).read_text("utf-8") if stdin_file else None
    result = run(argv, capsys, monkeypatch, stdin)
    compare(GOLDEN / "cli" / f"{name}.txt", result.render())


def test_every_command_has_golden_cases() -> None:
    from rectilaw.cli import COMMANDS

    covered = {argv[0] for argv, _ in CASES.values()}
    assert set(COMMANDS) <= covered
