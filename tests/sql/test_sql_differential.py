"""The SQL engine gives every finding the answer the Python engine gives.

Batches of findings come from :mod:`rectilaw.testing` (dates clustered at the
policies' deadlines, measures climbing the ladders), normalized to the typed
form a ledger reader produces, and are evaluated by one DuckDB query per
batch and day; each row must equal :meth:`Policy.evaluate` in status, deadline,
days overdue, stage, actions (with their due dates and rules) and provisional
years.  The readable query, with its lists, is checked the same way.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

pytest.importorskip("duckdb")
pytest.importorskip("sqlglot")
pytest.importorskip("pyarrow")

import rectilaw
from rectilaw import testing
from rectilaw.engine.policy import Policy
from rectilaw.sql.runner import DuckDBEngine

from .readable import readable

POLICIES = rectilaw.builtin_names()
_ENGINES: dict[str, DuckDBEngine] = {}


@pytest.fixture(scope="module", autouse=True)
def _close_engines() -> Iterator[None]:
    yield
    for engine in _ENGINES.values():
        engine.close()
    _ENGINES.clear()


def engine_for(name: str) -> DuckDBEngine:
    if name not in _ENGINES:
        _ENGINES[name] = DuckDBEngine(rectilaw.load_policy(name), threads=1)
    return _ENGINES[name]


def typed(policy: Policy, finding: dict[str, Any]) -> dict[str, Any]:
    """The finding as a ledger reader hands it over: typed values, the policy's facts only."""
    return {k: v for k, v in policy.normalize(finding).items() if k in finding}


@st.composite
def batches(draw: st.DrawFn, policy: Policy) -> tuple[list[dict[str, Any]], list[date]]:
    findings = draw(st.lists(testing.findings(policy), min_size=1, max_size=25))
    days = [draw(testing.days(policy, findings[0]), label="today")]
    days.append(draw(st.dates(testing.FIRST_DAY + timedelta(days=400),
                              testing.LAST_DAY - timedelta(days=800))))
    return [typed(policy, f) for f in findings], days


def expected(policy: Policy, finding: dict[str, Any], today: date) -> Any:
    try:
        return policy.evaluate(finding, today)
    except Exception as error:  # the SQL engine must hand these back to the Python engine
        return type(error)


def summary(answer: Any) -> Any:
    if isinstance(answer, type):
        return answer
    return (answer.status, answer.status_label, answer.due, answer.overdue_days, answer.stage,
            answer.stage_label, answer.actions, answer.provisional, answer.finding_id)


@pytest.mark.parametrize("name", POLICIES)
@settings(max_examples=40)
@given(data=st.data())
def test_compact_query_agrees_with_the_python_engine(name: str, data: st.DataObject) -> None:
    engine = engine_for(name)
    policy = engine.policy
    findings, days = data.draw(batches(policy), label="findings, days")
    assert all(engine.fast(f) for f in findings)
    for today in days:
        answers = engine.assess(findings, today)
        for finding, answer in zip(findings, answers, strict=True):
            want = expected(policy, finding, today)
            if answer is None:
                assert isinstance(want, type) or want.status is None, (finding, today, want)
                continue
            assert summary(answer) == summary(want), (finding, today)


@pytest.mark.parametrize("name", POLICIES)
@settings(max_examples=15)
@given(data=st.data())
def test_readable_query_agrees_with_the_python_engine(name: str, data: st.DataObject) -> None:
    engine = engine_for(name)
    policy = engine.policy
    findings, days = data.draw(batches(policy), label="findings, days")
    today = days[0]
    rows = engine.readable(findings, today)
    assert [row.pop("row") for row in rows] == list(range(len(findings)))
    for finding, row in zip(findings, rows, strict=True):
        want = expected(policy, finding, today)
        if isinstance(want, type):
            continue
        assert row == readable(want), (finding, today)


def test_provisional_years_are_found_in_sql() -> None:
    engine = engine_for("sasac")
    policy = engine.policy
    finding = {"issued_on": date(2026, 12, 1)}
    want = policy.evaluate(finding, date(2027, 7, 1))
    assert want.provisional, "the test needs an answer that relies on an unpublished year"
    (answer,) = engine.assess([finding], date(2027, 7, 1))
    assert answer is not None
    assert answer.provisional == want.provisional
    assert answer.due == want.due


def test_the_trace_is_the_python_engines() -> None:
    engine = engine_for("sasac")
    finding = {"issued_on": date(2024, 1, 12), "corrected": True}
    (answer,) = engine.assess([finding], date(2024, 7, 1))
    assert answer is not None
    assert answer.trace == engine.policy.evaluate(finding, date(2024, 7, 1)).trace
