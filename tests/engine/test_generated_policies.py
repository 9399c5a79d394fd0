"""Differential testing over generated policies, not only generated findings.

Each drawn policy (the formatter's strategy: valid policies over every kind of
expression) is loaded, findings and days are drawn for it by
:mod:`rectilaw.testing`, and three evaluators must agree on every one: the
compiled evaluator (:meth:`Policy.evaluate`), the reference interpreter (the
specification) and, where DuckDB is installed, the policy's SQL.  A finding the
SQL engine hands back (None) is one the Python engine answers.
"""

from __future__ import annotations

import importlib.util
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from dsl.rules_strategies import rule_files
from rectilaw import testing
from rectilaw.engine import reference
from rectilaw.engine.policy import Policy
from rectilaw.loader import policy_from_text

SQL = all(importlib.util.find_spec(m) for m in ("duckdb", "sqlglot", "pyarrow"))


def answer(evaluate: Any, *args: Any) -> Any:
    """What an evaluator says: the Assessment as a dict, or the kind of error it raised."""
    try:
        return evaluate(*args).to_dict()
    except Exception as error:  # the evaluators must fail alike, too
        return type(error).__name__


def summary(assessment: Any) -> Any:
    return (assessment.status, assessment.due, assessment.overdue_days, assessment.stage,
            assessment.actions, assessment.provisional)


@settings(max_examples=30)
@given(data=st.data())
def test_compiled_reference_and_sql_agree_on_generated_policies(data: st.DataObject) -> None:
    policy: Policy = policy_from_text(data.draw(rule_files(), label="policy"))
    findings = data.draw(st.lists(testing.findings(policy), min_size=1, max_size=6),
                         label="findings")
    today = data.draw(testing.days(policy, findings[0]), label="today")
    fast = [answer(policy.evaluate, f, today) for f in findings]
    slow = [answer(reference.evaluate, policy.model, f, today, policy.calendar)
            for f in findings]
    assert fast == slow
    if not SQL:
        return
    from rectilaw.sql.runner import DuckDBEngine

    typed = [policy.normalize(f) for f in findings]
    engine = DuckDBEngine(policy, threads=1)
    try:
        answers = engine.assess(typed, today)
    finally:
        engine.close()
    for finding, sql in zip(typed, answers, strict=True):
        if sql is not None:
            assert summary(sql) == summary(policy.evaluate(finding, today)), finding
