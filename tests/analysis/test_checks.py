"""Each check of the analysis on a small policy made to trip it, with either prover."""

from __future__ import annotations

import datetime

import pytest

import rectilaw
from rectilaw.analysis import AnalysisReport, analyze, z3_available

HEADER = """
policy small {
  title "测试"
}
clause 1 "一": "第一条。"
clause 2 "二": "第二条。"
party office "审计办"
facts issued_on, due_on, corrected, false_rectification, objective_obstacle, events
"""


def _analyze(body: str, prover: str) -> tuple[rectilaw.Policy, AnalysisReport]:
    policy = rectilaw.policy_from_text(HEADER + body, filename="small.rules")
    return policy, analyze(policy.model, prover=prover)


def _codes(report: AnalysisReport) -> list[str]:
    return [d.code for d in report.diagnostics if d.severity != "info"]


def test_a_clean_policy_has_nothing_to_report(prover: str) -> None:
    _, report = _analyze("""
deadline "时限" = due_on [1]
status first match {
  rectified "已整改" when corrected [1]
  in_progress "正在整改" otherwise [1]
}
action supervision_letter "督办函" by office
  when status is not rectified and today > deadline [2]
""", prover)
    assert _codes(report) == [], report.render()


def test_an_exception_that_never_vetoes(prover: str) -> None:
    _, report = _analyze("""
status first match {
  not_rectified "未整改" when false_rectification [1]
  rectified "已整改" when corrected [1]
    unless false_rectification [2]
  in_progress "正在整改" otherwise [1]
}
""", prover)
    assert _codes(report) == ["dead-exception"], report.render()
    assert "[2]" in report.diagnostics[0].message


def test_an_otherwise_the_rules_leave_nothing(prover: str) -> None:
    _, report = _analyze("""
status first match {
  rectified "已整改" when corrected [1]
  in_progress "正在整改" when not corrected [1]
  not_rectified "未整改" otherwise [1]
}
""", prover)
    assert _codes(report) == ["unreachable-otherwise"], report.render()


def test_a_rule_whose_condition_contradicts_itself(prover: str) -> None:
    _, report = _analyze("""
status first match {
  rectified "已整改" when corrected and not corrected [1]
  in_progress "正在整改" otherwise [1]
}
""", prover)
    (result,) = report.by_code("unreachable")
    assert "no finding meets its condition" in result.diagnostic.message
    assert result.witness is None


def test_a_status_that_moves_with_the_day(prover: str) -> None:
    policy, report = _analyze("""
deadline "时限" = due_on [1]
status first match {
  rectified "已整改" when corrected [1]
  not_rectified "未整改" when today > deadline [2]
  in_progress "正在整改" otherwise [1]
}
""", prover)
    (result,) = report.by_code("today-dependent")
    assert result.diagnostic.severity == "warning"
    assert result.witness is not None
    early, late = result.witness.days
    finding = dict(result.witness.facts)
    assert early < late
    assert policy.evaluate(finding, early).status != policy.evaluate(finding, late).status


def test_a_deadline_that_moves_with_the_day(prover: str) -> None:
    policy, report = _analyze("""
deadline "时限" = if today > due_on then today + 10 days else due_on [1]
status first match {
  rectified "已整改" when corrected [1]
  in_progress "正在整改" otherwise [1]
}
""", prover)
    (result,) = report.by_code("deadline-moves")
    assert result.diagnostic.severity == "error"
    assert result.witness is not None
    early, late = result.witness.days
    finding = dict(result.witness.facts)
    assert policy.evaluate(finding, early).due != policy.evaluate(finding, late).due


LADDER = """
deadline "时限" = due_on [1]
status first match {
  rectified "已整改" when corrected [1]
  in_progress "正在整改" otherwise [1]
}
ladder pressure "一账两函" until status is rectified [2] {
  step reminder_letter "提醒函" by office
    wait 5 days after deadline [2]
  step supervision_letter "督办函" by office
    wait 10 days after previous until objective_obstacle or not objective_obstacle [2]
  step interview "约谈" by office
    wait 10 days after previous [2]
}
"""


def test_ladder_steps_never_reached(prover: str) -> None:
    policy, report = _analyze(LADDER, prover)
    steps = report.by_code("unreachable-step")
    assert [r.diagnostic.message.split("`")[1] for r in steps] == ["supervision_letter"], \
        report.render()
    assert steps[0].diagnostic.severity == "error"
    # the step after the dead one is reached by recording the dead one out of turn
    assert not [r for r in steps if "interview" in r.diagnostic.message]
    day = datetime.date(2024, 3, 1)
    finding = {"due_on": "2024-01-12", "events": [{"kind": "reminder_letter", "on": "2024-01-20"}]}
    assert not policy.evaluate(finding, day).actions


def test_a_switch_brings_a_rule_into_play(prover: str) -> None:
    _, report = _analyze("""
param practice "他地做法" = false [2]
status first match {
  rectified "已整改" when corrected [1]
  in_progress "正在整改" otherwise [1]
}
action interview "约谈" by office
  when practice and false_rectification [2]
""", prover)
    assert _codes(report) == [], report.render()


def test_an_explained_warning_becomes_information(prover: str) -> None:
    _, report = _analyze("""
deadline "时限" = due_on [1]
status first match {
  rectified "已整改" when corrected [1]
  # analysis: today-dependent: the text makes a late finding 未整改 on the day after its limit
  not_rectified "未整改" when today > deadline [2]
  in_progress "正在整改" otherwise [1]
}
""", prover)
    (result,) = report.by_code("today-dependent")
    assert result.diagnostic.severity == "info"
    assert "explained: the text makes a late finding" in result.diagnostic.message
    assert report.warnings == ()


def test_an_error_cannot_be_explained_away(prover: str) -> None:
    _, report = _analyze("""
status first match {
  rectified "已整改" when corrected [1]
  # analysis: gap: nobody will notice
  in_progress "正在整改" when false_rectification [1]
}
""", prover)
    assert [d.code for d in report.errors] == ["gap"]


def test_a_rule_that_needs_two_measures_is_alive(prover: str) -> None:
    """Both provers find findings with two measures, in either order: no false dead line."""
    _, report = _analyze("""
status first match {
  rectified "已整改" when corrected [1]
  in_progress "正在整改" otherwise [1]
}
stage first match {
  archiving "归档" when close is taken [1]
  closing "销号" when verify is taken [1]
  open "整改" otherwise [1]
}
action archive "资料归档" by office
  when close is taken and verify is taken and archive is not taken [2]
action feedback "反馈认定结果" by office
  when verify is taken and last feedback < last verify [2]
""", prover)
    assert _codes(report) == [], report.render()
    assert any("`archiving` and `closing` overlap" in d.message for d in report.diagnostics)


def test_a_goal_z3_cannot_settle_in_time_goes_to_the_search(
        monkeypatch: pytest.MonkeyPatch) -> None:
    if not z3_available():
        pytest.skip("z3-solver is not installed")
    from rectilaw.analysis import smt

    body = """
status first match {
  rectified "已整改" when corrected [1]
  in_progress "正在整改" when not corrected [1]
}
"""
    assert _analyze(body, "z3")[1].proved
    monkeypatch.setattr(smt, "TIMEOUT", 0)
    _, report = _analyze(body, "z3")
    assert _codes(report) == []
    assert report.prover == "z3" and not report.proved
    assert "not a proof" in report.render()


def test_an_unknown_prover_is_refused() -> None:
    policy = rectilaw.load_policy("sasac")
    with pytest.raises(ValueError, match="unknown prover"):
        analyze(policy.model, prover="oracle")
