"""A failure inside a policy's evaluation points at the rule, as a template error does.

The generated evaluator's code is shown in tracebacks (it is registered with
:mod:`linecache` under a file name of its own) and each of its lines knows the
rule or definition it was written for, so :meth:`Policy.span_of` names the
place in the rule file.
"""

from __future__ import annotations

import datetime
import gc
import linecache
import traceback

import pytest

import rectilaw
from rectilaw.dsl.checker import check
from rectilaw.dsl.parser import parse
from rectilaw.loader import policy_from_text

TODAY = datetime.date(2024, 1, 1)


def failure(policy: rectilaw.Policy, finding: dict[str, object]) -> BaseException:
    with pytest.raises(Exception) as raised:  # any error: its place is the point
        policy.evaluate(finding, TODAY)
    return raised.value


def test_a_failure_names_the_definition_whose_code_raised() -> None:
    policy = rectilaw.load_policy("sasac")
    error = failure(policy, {"issued_on": "2100-11-01"})  # six months on: past the calendar
    span = policy.span_of(error)
    assert span is not None
    line = span.source.text.splitlines()[span.line - 1]
    assert "deadline" in line or "let" in line, line
    assert "issued_on" in span.text or "issued_on" in line


def test_the_generated_code_is_shown_in_the_traceback() -> None:
    policy = rectilaw.load_policy("sasac")
    error = failure(policy, {"issued_on": "2100-11-01"})
    shown = "".join(traceback.format_exception(error))
    assert "<rectilaw policy sasac #" in shown
    assert "period" in shown.split("<rectilaw policy sasac #")[-1].splitlines()[1]


RULES = """\
policy p { title "P" }
clause 1: "一"
facts corrected
fact planned_on: date "计划完成日期"
status first match {
  rectified "整改完毕"
    when corrected [1]
    when planned_on + 12 months < today [1]
  in_progress "正在整改"
    otherwise [1]
}
"""


def test_an_error_in_a_status_rule_points_at_its_line() -> None:
    policy = policy_from_text(RULES, filename="p.rules")
    error = failure(policy, {"planned_on": "2100-06-01"})
    span = policy.span_of(error)
    assert span is not None and span.source.name == "p.rules"
    assert "planned_on + 12 months" in RULES.splitlines()[span.line - 1]


def test_an_error_raised_elsewhere_has_no_place_in_the_policy() -> None:
    assert rectilaw.load_policy("sasac").span_of(ValueError("not from a policy")) is None


def test_the_text_is_dropped_when_the_policy_is() -> None:
    model = check(parse(RULES.replace("policy p", "policy dropped")))
    policy = rectilaw.Policy(model, rectilaw.load_policy("sasac").calendar, origin="<test>")
    name = next(n for n in linecache.cache if n.startswith("<rectilaw policy dropped #"))
    del policy
    gc.collect()
    assert name not in linecache.cache
