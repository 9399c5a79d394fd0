"""Policies the checker accepts compile: the generated evaluator stays within CPython's limits
(200 nested brackets, 100 indentation levels, the compiler's recursion), and `check` and
loading agree.  ``make fuzz`` draws many more shapes (HYPOTHESIS_PROFILE=fuzz).
"""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from hypothesis import given, note, settings
from hypothesis import strategies as st
from tests.hardening import generators

from rectilaw import Policy, PolicyError
from rectilaw.cli.check import diagnose
from rectilaw.engine import reference
from rectilaw.loader import policy_from_text

DRAWS = max(3, settings.default.max_examples // 10)


def agrees_with_the_reference(policy: Policy, finding: dict[str, Any], today: str) -> None:
    day = datetime.date.fromisoformat(today)
    assert policy.evaluate(finding, day).to_dict() == reference.evaluate(
        policy.model, finding, day, policy.calendar).to_dict()


def test_a_deadline_of_seventy_added_days_loads_and_adds_them() -> None:
    policy = policy_from_text(generators.long_sum(70), filename="sum.rules")
    finding = {"issued_on": "2024-01-01", "corrected": False}
    answer = policy.evaluate(finding, "2024-01-02")
    # Each day counts from the next one and an end on a rest day moves to the next workday.
    assert answer.trace[0].outcome > datetime.date(2024, 3, 11)
    agrees_with_the_reference(policy, finding, "2024-01-02")


@pytest.mark.parametrize("count", [98, 120, 1_500])
def test_a_rule_with_many_exceptions_loads_and_the_first_that_applies_vetoes(count: int) -> None:
    finding = {"issued_on": "2024-01-01", "corrected": True}
    vetoed = policy_from_text(generators.many_exceptions(count, applying=count - 1),
                              filename="unless.rules").evaluate(finding, "2024-02-01")
    assert vetoed.status == "in_progress"
    assert [s.rule for s in vetoed.trace if s.kind == "exception"] == ["status:rectified#1"]
    kept = policy_from_text(generators.many_exceptions(count), filename="unless.rules")
    assert kept.evaluate(finding, "2024-02-01").status == "rectified"


@settings(max_examples=DRAWS, deadline=None)
@given(st.lists(st.sampled_from(generators.DATE_WRAPPERS), max_size=140))
def test_check_and_loading_agree_on_any_nesting(wrappers: list[str]) -> None:
    text = generators.nested_deadline(wrappers)
    note(text)
    errors = [d for d in diagnose(text, "nested.rules", prover=None) if d.severity == "error"]
    try:
        policy = policy_from_text(text, filename="nested.rules")
    except PolicyError as error:
        assert errors, f"check passed, loading refused: {error}"
        assert all(d.span is not None for d in error.diagnostics)
    else:
        assert not errors, "loading passed, check refused"
        agrees_with_the_reference(policy, {"issued_on": "2024-01-01", "corrected": True},
                                  "2024-06-01")
