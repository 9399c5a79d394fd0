"""Recorded determinations (schema v2): ``decided by`` in a status block, and what it means.

A status block that starts with ``decided by party [cite]`` makes the recorded
``determination`` the status in force when it is one of the block's outcomes;
the rules' reading of the facts is kept beside it, and every difference that the
facts establish (not an ``otherwise`` line) is a named disagreement.
"""

from __future__ import annotations

from datetime import date

import pytest

import rectilaw
from rectilaw.dsl.formatter import format_source
from rectilaw.engine.reference import evaluate as reference_evaluate

DAY = date(2024, 7, 1)

RULES = """policy tiny {
  title "示例"
}

clause 1 "第一条": "审计局对整改情况作出认定。"
clause 2 "第二条": "问题已纠正的，为已整改；虚假整改的，为未整改。"

party audit_office "审计局"

facts id, corrected, false_rectification, determination

status first match {
  decided by audit_office [1]
  not_rectified "未整改"
    when false_rectification [2]
  rectified "已整改"
    when corrected [2]
  in_progress "正在整改"
    otherwise [2]
}
"""


@pytest.fixture(scope="module")
def tiny(tmp_path_factory: pytest.TempPathFactory) -> rectilaw.Policy:
    path = tmp_path_factory.mktemp("rules") / "tiny.rules"
    path.write_text(RULES, encoding="utf-8")
    return rectilaw.load_policy(str(path))


def test_the_recorded_determination_is_in_force_citing_the_clause(tiny: rectilaw.Policy) -> None:
    answer = tiny.evaluate({"determination": "rectified", "false_rectification": True}, DAY)
    assert answer.status == "rectified"
    assert answer.recorded_status == "rectified"
    status_step = next(step for step in answer.trace if step.kind == "status")
    assert status_step.rule == "status:rectified#decided"
    assert status_step.basis == ("1",)
    [disagreement] = answer.disagreements
    assert (disagreement.recorded, disagreement.rules) == ("rectified", "not_rectified")
    assert disagreement.rule == "status:not_rectified#1"
    assert "未整改" in str(disagreement) and "[2]" in str(disagreement)


def test_without_a_determination_the_rules_decide_and_nothing_disagrees(
        tiny: rectilaw.Policy) -> None:
    answer = tiny.evaluate({"false_rectification": True}, DAY)
    assert (answer.status, answer.recorded_status, answer.disagreements) == (
        "not_rectified", None, ())


def test_an_otherwise_reading_is_silence_not_disagreement(tiny: rectilaw.Policy) -> None:
    answer = tiny.evaluate({"determination": "not_rectified"}, DAY)
    assert answer.status == "not_rectified"
    assert answer.disagreements == ()


def test_a_status_the_policy_does_not_give_is_named_and_not_applied(
        tiny: rectilaw.Policy) -> None:
    answer = tiny.evaluate({"determination": "long_term", "corrected": True}, DAY)
    assert answer.status == "rectified"
    [disagreement] = answer.disagreements
    assert disagreement.rules is None
    assert "is not a status policy `tiny` gives" in disagreement.message


@pytest.mark.parametrize("finding", [
    {"determination": "rectified", "false_rectification": True},
    {"determination": "in_progress", "corrected": True},
    {"determination": "long_term"},
    {"corrected": True},
])
def test_the_reference_interpreter_agrees(tiny: rectilaw.Policy, finding: dict[str, object]
                                         ) -> None:
    assert reference_evaluate(tiny.model, finding, DAY, tiny.calendar).to_dict() == \
        tiny.evaluate(finding, DAY).to_dict()


def test_the_formatter_keeps_the_line() -> None:
    formatted = format_source(RULES)
    assert "status first match {\n  decided by audit_office [1]\n  not_rectified" in formatted
    assert format_source(formatted) == formatted


@pytest.mark.parametrize(("change", "message"), [
    ("facts id, corrected, false_rectification, determination",
     "facts id, corrected, false_rectification"),
    ("decided by audit_office [1]", "decided by auditor [1]"),
])
def test_a_decided_line_that_cannot_work_is_refused(change: str, message: str) -> None:
    text = RULES.replace(change, message)
    with pytest.raises(rectilaw.PolicyError) as caught:
        _check(text)
    assert "decided by" in str(caught.value) or "auditor" in str(caught.value)


def _check(text: str) -> object:
    from rectilaw.dsl.checker import check
    from rectilaw.dsl.parser import parse

    return check(parse(text, "tiny.rules"))


@pytest.mark.parametrize("name", ["jiaocheng", "qianjiang", "sasac"])
def test_each_built_in_policy_names_who_determines(name: str) -> None:
    party, basis = rectilaw.load_policy(name).decided_by
    assert party is not None and basis
    expected = {"jiaocheng": ("audit_office", ("2.2", "2.3")),
                "qianjiang": ("audit_office", ("3.2",)),
                "sasac": ("internal_audit", ("8.1",))}
    assert (party, basis) == expected[name]
