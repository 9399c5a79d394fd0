"""A deliberately contradictory policy is reported, each problem with a finding that shows it.

Every counterexample is checked here on the compiled evaluator, independently
of the analysis: the finding must do what the message says.
"""

from __future__ import annotations

import datetime
import json
import re
from typing import Any

import pytest

import rectilaw
from rectilaw.analysis import AnalysisReport, Result, analyze

CONTRADICTORY = """
policy contradictory {
  title "自相矛盾的测试政策"
}

clause 1 "认定": "已纠正的为整改完毕；虚假整改的为未整改。"
clause 2 "期限": "六个月内整改。"
clause 3 "督办": "逾期的发督办函。"
clause 4 "从未适用": "从未适用的条款。"

facts issued_on, corrected, false_rectification, controls_improved, plan_with_schedule

param limit "整改时限" = 6 months [2]
param spare "没人用的参数" = 10 days [2]

deadline "整改时限" = issued_on + limit [2]

status first match {
  rectified "整改完毕"
    when corrected [1]
  not_rectified "未整改"
    when false_rectification [1]
    when corrected and controls_improved [1]
  in_progress "正在整改"
    when plan_with_schedule [2]
}

action supervision_letter "督办函" by office
  when status is rectified and today > deadline [3]
  when today > deadline [3]
    unless status is rectified [3]

action close "销号" by office
  when status is rectified and status is not_rectified [4]

party office "审计办"
"""


@pytest.fixture(scope="module")
def policy() -> rectilaw.Policy:
    return rectilaw.policy_from_text(CONTRADICTORY, filename="contradictory.rules")


@pytest.fixture(scope="module")
def reports(policy: rectilaw.Policy) -> dict[str, AnalysisReport]:
    found = {"search": analyze(policy.model, prover="search")}
    if rectilaw.analysis.z3_available():
        found["z3"] = analyze(policy.model, prover="z3")
    return found


def _one(report: AnalysisReport, code: str, named: str | None = None) -> Result:
    results = [r for r in report.by_code(code)
               if named is None or f"`{named}`" in r.diagnostic.message]
    assert len(results) == 1, report.render()
    return results[0]


def _json_in(message: str) -> dict[str, Any]:
    """The finding quoted in a message, read back as JSON."""
    match = re.search(r"\{.*?\}(?= on | meets | is |: |$| \()", message)
    assert match is not None, message
    data: dict[str, Any] = json.loads(match.group(0))
    return data


def test_two_statuses_for_the_same_facts(policy: rectilaw.Policy,
                                         reports: dict[str, AnalysisReport], prover: str) -> None:
    result = _one(reports[prover], "overlap", "rectified` and `not_rectified")
    assert result.diagnostic.severity == "info"
    assert result.witness is not None
    finding = _json_in(result.diagnostic.message)
    assert finding == {"corrected": True, "false_rectification": True}
    run = policy.evaluate(finding, datetime.date(2024, 7, 1))
    assert run.status == "rectified"
    assert "first match makes it `rectified`" in result.diagnostic.message


def test_a_shadowed_rule(policy: rectilaw.Policy, reports: dict[str, AnalysisReport],
                         prover: str) -> None:
    result = _one(reports[prover], "unreachable", "status:not_rectified#2")
    diagnostic = result.diagnostic
    assert diagnostic.severity == "error"
    assert diagnostic.span is not None and diagnostic.span.line == 23
    finding = _json_in(diagnostic.message)
    assert finding == {"corrected": True, "controls_improved": True}
    assert policy.evaluate(finding, datetime.date(2024, 7, 1)).status == "rectified"
    assert "by `status:rectified#1`" in diagnostic.message
    assert result.proved is (prover == "z3")


def test_a_gap(policy: rectilaw.Policy, reports: dict[str, AnalysisReport], prover: str) -> None:
    result = _one(reports[prover], "gap")
    assert result.diagnostic.severity == "error"
    finding = _json_in(result.diagnostic.message)
    assert finding == {}
    with pytest.raises(rectilaw.PolicyError, match=r"no status rule"):
        policy.evaluate(finding, datetime.date(2024, 7, 1))


def test_a_trigger_that_can_never_fire(reports: dict[str, AnalysisReport], prover: str) -> None:
    result = _one(reports[prover], "dead-trigger", "action:close#1")
    assert result.diagnostic.severity == "error"
    assert result.witness is None
    assert "no finding meets its condition" in result.diagnostic.message


def test_a_line_an_earlier_line_always_preempts(policy: rectilaw.Policy,
                                                reports: dict[str, AnalysisReport],
                                                prover: str) -> None:
    report = reports[prover]
    assert not report.by_code("shadowed-trigger")
    # the second line is vetoed wherever the first would apply: both take effect
    assert not [r for r in report.by_code("dead-trigger")
                if "supervision_letter" in r.diagnostic.message]


def test_an_unused_parameter_and_a_clause_never_applied(reports: dict[str, AnalysisReport],
                                                        prover: str) -> None:
    report = reports[prover]
    assert "`spare`" in _one(report, "unused-param").diagnostic.message
    assert "clause 4 " in _one(report, "clause-never-applied").diagnostic.message


def test_the_search_says_it_proves_nothing(reports: dict[str, AnalysisReport]) -> None:
    report = reports["search"]
    assert report.prover == "search" and not report.proved
    assert "not a proof" in report.render()


def test_z3_proves(reports: dict[str, AnalysisReport]) -> None:
    if "z3" not in reports:
        pytest.skip("z3-solver is not installed")
    assert reports["z3"].proved and reports["z3"].prover == "z3"


def test_both_provers_find_the_same_problems(reports: dict[str, AnalysisReport]) -> None:
    if "z3" not in reports:
        pytest.skip("z3-solver is not installed")
    codes = {name: sorted((d.code, d.span.line if d.span else 0) for d in r.diagnostics)
             for name, r in reports.items()}
    assert codes["z3"] == codes["search"]
