"""One reader of values: evaluate(), evaluate_many() and every ledger format agree.

The same finding, written in any accepted spelling, gives the same answer through
``Policy.evaluate`` and through a one-row ledger (a mapping, a CSV file, an XLSX
file); a bad value gives the same error text either way.
"""

from __future__ import annotations

import csv
import datetime
import tempfile
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import rectilaw
from rectilaw.errors import FindingError
from rectilaw.ledger import evaluate_ledger

TODAY = datetime.date(2024, 7, 1)
POLICIES = {name: rectilaw.load_policy(name) for name in ("jiaocheng", "qianjiang", "sasac")}


def _date_spellings(day: datetime.date) -> list[str]:
    wide = str.maketrans("0123456789", "０１２３４５６７８９")
    return [day.isoformat(), f"{day.year}/{day.month}/{day.day}", f"{day.year}.{day.month:02d}."
            f"{day.day:02d}", f"{day.year}年{day.month}月{day.day}日",
            f"{day.year}年{day.month}月{day.day}日".translate(wide),
            f"{day.year}{day.month:02d}{day.day:02d}", f" {day.isoformat()} "]


def _money_spellings(amount: Decimal) -> list[str]:
    wide = str.maketrans("0123456789,.", "０１２３４５６７８９，．")
    grouped = f"{amount:,.2f}"
    return [str(amount), grouped, f"¥{grouped}", f"{grouped}元", grouped.translate(wide)]


FLAGS = {True: ["是", "√", "true", "yes", "1", "对"], False: ["否", "×", "false", "no", "0", ""]}
WORDS = {
    "rectification_type": {"immediate": ["立行立改", "immediate"],
                           "phased": ["分阶段整改", "分段整改"], "continuous": ["持续整改"]},
    "source": {"upper": ["上级审计机关反馈", "上级"], "local": ["本级"],
               "supervisor": ["主管部门监督发现"]},
    "determination": {"rectified": ["已整改", "整改完毕", "整改到位", "已销号"],
                      "partially_rectified": ["部分整改"], "long_term": ["长期整改", "持续整改"],
                      "in_progress": ["正在整改", "整改中"], "not_rectified": ["未整改"]},
}


@st.composite
def spelled(draw: st.DrawFn) -> tuple[dict[str, Any], dict[str, str]]:
    """A finding as typed values and the same finding in one accepted spelling per field."""
    typed: dict[str, Any] = {}
    text: dict[str, str] = {}
    days = st.dates(datetime.date(2022, 1, 1), datetime.date(2025, 12, 31))
    for field in ("issued_on", "due_on"):
        if draw(st.booleans()):
            day = draw(days)
            typed[field] = day
            text[field] = draw(st.sampled_from(_date_spellings(day)))
    for field in ("problem_amount", "corrected_amount"):
        if draw(st.booleans()):
            cents = draw(st.integers(0, 10**11))
            amount = Decimal(cents).scaleb(-2)
            typed[field] = amount
            text[field] = draw(st.sampled_from(_money_spellings(amount)))
    for field in ("corrected", "plan_with_schedule", "false_rectification"):
        if draw(st.booleans()):
            value = draw(st.booleans())
            typed[field] = value
            text[field] = draw(st.sampled_from(FLAGS[value]))
    for field, codes in WORDS.items():
        if draw(st.booleans()):
            code = draw(st.sampled_from(sorted(codes)))
            typed[field] = code
            text[field] = draw(st.sampled_from(codes[code]))
    if not text:
        typed["id"] = text["id"] = "F-1"
    return typed, text


def _facts_of(policy: rectilaw.Policy, finding: dict[str, Any]) -> dict[str, Any]:
    used = {fact.name for fact in policy.model.facts}
    return {k: v for k, v in finding.items() if k in used}


def _answer(assessment: rectilaw.Assessment) -> Any:
    return (assessment.status, assessment.due, assessment.actions, assessment.recorded_status,
            assessment.disagreements)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(case=spelled(), name=st.sampled_from(sorted(POLICIES)))
def test_the_same_finding_in_any_spelling_gives_the_same_answer(
        case: tuple[dict[str, Any], dict[str, str]], name: str) -> None:
    typed, text = case
    policy = POLICIES[name]
    want = _answer(policy.evaluate(_facts_of(policy, typed), TODAY))
    assert _answer(policy.evaluate(_facts_of(policy, text), TODAY)) == want
    [row] = policy.evaluate_many([text], TODAY).rows
    assert row.assessment is not None, row.error
    assert _answer(row.assessment) == want
    if text:
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "one.csv"
            with path.open("w", encoding="utf-8", newline="") as handle:
                csv.writer(handle).writerows([list(text), list(text.values())])
            [from_file] = evaluate_ledger(path, policy, TODAY).rows
            assert from_file.assessment is not None, from_file.error
            assert _answer(from_file.assessment) == want


def test_an_xlsx_cell_typed_as_a_date_or_number_reads_as_its_text_would(tmp_path: Path) -> None:
    policy = POLICIES["sasac"]
    text = {"issued_on": "2024年1月12日", "problem_amount": "1,250.50", "corrected": "√"}
    book = openpyxl.Workbook()
    book.active.append(list(text))
    book.active.append([datetime.date(2024, 1, 12), 1250.5, "√"])
    book.save(tmp_path / "one.xlsx")
    [row] = evaluate_ledger(tmp_path / "one.xlsx", policy, TODAY).rows
    assert _answer(row.assessment) == _answer(policy.evaluate(text, TODAY))  # type: ignore[arg-type]


@pytest.mark.parametrize(("field", "value"), [
    ("issued_on", "2024-02-30"), ("issued_on", "明天"), ("problem_amount", "十二万"),
    ("problem_amount", "-5"), ("corrected", "也许"), ("rectification_type", "立即整改"),
    ("determination", "基本完成"),
])
def test_a_bad_value_has_the_same_error_text_everywhere(field: str, value: str) -> None:
    policy = POLICIES["jiaocheng"]
    with pytest.raises(FindingError) as caught:
        policy.evaluate({field: value}, TODAY)
    [problem] = caught.value.problems
    [row] = policy.evaluate_many([{field: value}], TODAY).rows
    [from_ledger] = row.problems
    assert (from_ledger.field, from_ledger.message, from_ledger.hint) == (
        problem.field, problem.message, problem.hint)


def test_a_number_is_a_date_only_in_a_spreadsheet() -> None:
    policy = POLICIES["sasac"]
    with pytest.raises(FindingError, match="expected a date"):
        policy.evaluate({"issued_on": 45474}, TODAY)
    [row] = policy.evaluate_many([{"issued_on": 45474}], TODAY).rows
    assert row.problems and "expected a date" in row.problems[0].message


@pytest.mark.parametrize(("text", "code"), [
    ("已整改，资金已全部退回", "rectified"), ("部分整改（尚余20万元）", "partially_rectified"),
    ("未整改到位：涉及多部门", "not_rectified"), ("整改中；计划6月底完成", "in_progress"),
])
def test_a_status_written_first_and_explained_after_is_read(text: str, code: str) -> None:
    policy = POLICIES["jiaocheng"]
    answer = policy.evaluate({"determination": text}, TODAY)
    assert answer.recorded_status == code
    [row] = policy.evaluate_many([{"整改情况": text}], TODAY).rows
    assert row.assessment is not None and row.assessment.recorded_status == code


def test_a_status_word_inside_a_text_is_not_taken_for_one() -> None:
    with pytest.raises(FindingError, match="is not one of"):
        POLICIES["sasac"].evaluate({"determination": "经核查已整改"}, TODAY)
