"""Spreadsheet values to typed facts: what is accepted, and what is refused with which field."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import rectilaw
from rectilaw.findings import Event
from rectilaw.ledger.evaluate import LedgerEvaluator

from .sample import TODAY


@pytest.fixture(scope="module")
def evaluator() -> LedgerEvaluator:
    """Reading cells as a spreadsheet gives them: a number in a date column is an Excel
    date serial there (and only there: see test_values.py)."""
    evaluator = LedgerEvaluator(rectilaw.load_policy("sasac"), TODAY)
    evaluator.serials = True
    return evaluator


def _fact(evaluator: LedgerEvaluator, field: str, value: Any) -> Any:
    row = evaluator.row(2, (field,), (value,))
    assert row.problems == (), row.error
    return row.facts.get(field)


def _problem(evaluator: LedgerEvaluator, field: str, value: Any) -> str:
    row = evaluator.row(2, (field,), (value,))
    assert not row.ok
    assert [p.field for p in row.problems] == [field]
    return row.error or ""


D = datetime.date(2024, 7, 1)


@pytest.mark.parametrize("value", [
    D, "2024-07-01", "2024/7/1", "2024.07.01", "2024年7月1日", "20240701", " 2024-7-1 ",
    "2024-07-01 00:00:00", datetime.datetime(2024, 7, 1), 45474, 45474.0,
])
def test_dates(evaluator: LedgerEvaluator, value: Any) -> None:
    assert _fact(evaluator, "issued_on", value) == D


@pytest.mark.parametrize(("value", "message"), [
    ("2024-02-30", "no such day"), ("明天", "is not a date"), ("45474", "is not a date"),
    (datetime.datetime(2024, 7, 1, 9, 30), "a date and time"), (True, "expected a date"),
    (45474.5, "Excel date number"),
])
def test_bad_dates(evaluator: LedgerEvaluator, value: Any, message: str) -> None:
    assert message in _problem(evaluator, "issued_on", value)


@pytest.mark.parametrize(("value", "amount"), [
    ("1,250,000.00", "1250000.00"), ("¥300", "300"), ("300元", "300"), (" 12.5 ", "12.5"),
    (1000, "1000"), (250.5, "250.5"), (Decimal("0.01"), "0.01"), ("", "0"),
    (Decimal("1.500"), "1.500"),
])
def test_money(evaluator: LedgerEvaluator, value: Any, amount: str) -> None:
    assert _fact(evaluator, "problem_amount", value) == Decimal(amount)


@pytest.mark.parametrize(("value", "message"), [
    ("-1", "cannot be negative"), (Decimal("-0.01"), "cannot be negative"),
    ("1.005", "more than two decimals"), ("一万", "is not an amount"), ("NaN", "not a finite"),
    (True, "expected an amount"),
])
def test_bad_money(evaluator: LedgerEvaluator, value: Any, message: str) -> None:
    assert message in _problem(evaluator, "problem_amount", value)


@pytest.mark.parametrize(("value", "flag"), [
    ("是", True), ("否", False), ("√", True), ("×", False), ("TRUE", True), ("n", False),
    (1, True), (0.0, False), (True, True), ("", False),
])
def test_flags(evaluator: LedgerEvaluator, value: Any, flag: bool) -> None:
    assert (_fact(evaluator, "corrected", value) or False) is flag


def test_bad_flag(evaluator: LedgerEvaluator) -> None:
    assert "expected true or false (是 or 否)" in _problem(evaluator, "corrected", "也许")


def test_texts(evaluator: LedgerEvaluator) -> None:
    assert _fact(evaluator, "id", 2024001) == "2024001"
    assert _fact(evaluator, "id", 2024001.0) == "2024001"
    assert _fact(evaluator, "id", "  A-1 ") == "A-1"
    assert _fact(evaluator, "id", "   ") is None
    assert "expected a text" in _problem(evaluator, "id", 1.5)


def test_enum_with_did_you_mean(evaluator: LedgerEvaluator) -> None:
    assert _fact(evaluator, "source", " upper ") == "upper"
    message = _problem(evaluator, "source", "uper")
    assert "did you mean `upper`?" in message


def test_events_text_form(evaluator: LedgerEvaluator) -> None:
    events = _fact(evaluator, "events",
                   "supervision_letter@2024-06-01；提醒函@2024/5/1\ninterview @ 2024-07-01")
    assert events == (Event(datetime.date(2024, 5, 1), "reminder_letter"),
                      Event(datetime.date(2024, 6, 1), "supervision_letter"),
                      Event(datetime.date(2024, 7, 1), "interview"))


def test_events_json_form(evaluator: LedgerEvaluator) -> None:
    events = _fact(evaluator, "events", '[{"kind": "reminder_letter", "on": "2024-05-01"}]')
    assert events == (Event(datetime.date(2024, 5, 1), "reminder_letter"),)
    assert _fact(evaluator, "events", [{"kind": "notice", "on": D}]) == (Event(D, "notice"),)


@pytest.mark.parametrize(("value", "message"), [
    ("reminder_leter@2024-05-01", "did you mean `reminder_letter`?"),
    ("reminder_letter 2024-05-01", "is not a measure"),
    ("reminder_letter@someday", "is not a date"),
    ("[{\"kind\": \"notice\"", "is not a JSON list"),
    ('[{"kind": "notice", "on": "2024-01-01", "by": "x"}]', "unknown key `by`"),
])
def test_bad_events(evaluator: LedgerEvaluator, value: str, message: str) -> None:
    assert message in _problem(evaluator, "events", value)


def test_every_bad_cell_of_a_row_is_reported(evaluator: LedgerEvaluator) -> None:
    row = evaluator.row(7, ("issued_on", "problem_amount", "corrected", "source"),
                        ("2024-13-01", "-5", "也许", "省里"))
    assert row.row == 7
    assert [p.field for p in row.problems] == ["issued_on", "problem_amount", "corrected",
                                               "source"]


@given(st.lists(st.one_of(st.none(), st.text(max_size=12), st.integers(), st.floats(),
                          st.booleans(), st.dates(), st.decimals()), min_size=4, max_size=4))
def test_any_cells_give_an_answer_or_problems(values: list[Any]) -> None:
    evaluator = LedgerEvaluator(rectilaw.load_policy("sasac"), TODAY)
    row = evaluator.row(2, ("issued_on", "problem_amount", "corrected", "source"), tuple(values))
    assert row.ok != bool(row.problems)
