"""``rectilaw check`` runs the consistency analysis on every file that checks.

The golden runs use the search prover, which gives the same answers with or
without z3 installed; the z3 run is compared by its problems, not its wording.
"""

from __future__ import annotations

import json

import pytest
from cli_golden import GOLDEN, ROOT, compare, run

from rectilaw.analysis import z3_available

CONTRADICTORY = "tests/golden/inputs/contradictory.rules"

CASES = {
    "check-analysis": ["check", "--prover", "search", CONTRADICTORY],
    "check-analysis-json": ["check", "--prover", "search", "--format", "json", CONTRADICTORY],
    "check-no-analysis": ["check", "--no-analysis", CONTRADICTORY],
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_golden(name: str, capsys: pytest.CaptureFixture[str],
                monkeypatch: pytest.MonkeyPatch) -> None:
    result = run(CASES[name], capsys, monkeypatch)
    compare(GOLDEN / "cli" / f"{name}.txt", result.render())


def _codes(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
           prover: str) -> tuple[int, list[str]]:
    result = run(["check", "--prover", prover, "--format", "json", CONTRADICTORY],
                 capsys, monkeypatch)
    found = json.loads(result.out)["diagnostics"]
    return result.code, sorted(f"{d['code']}@{d['line']}" for d in found)


def test_a_contradiction_fails_the_check_and_names_each_problem(
        capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    code, problems = _codes(capsys, monkeypatch, "search")
    assert code == 1
    assert {"unreachable@22", "gap@24", "dead-trigger@33", "unused-param@13"} <= set(problems)


@pytest.mark.skipif(not z3_available(), reason="z3-solver is not installed")
def test_z3_finds_the_same_problems_as_the_search(
        capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    assert _codes(capsys, monkeypatch, "z3") == _codes(capsys, monkeypatch, "search")


def test_the_built_in_policies_check_silently(
        capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    """No error and no warning left unexplained: `check` says nothing, as on any clean file."""
    files = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "policies").glob("*.rules"))
    result = run(["check", "--prover", "search", *files], capsys, monkeypatch)
    assert (result.code, result.out) == (0, ""), result.out
