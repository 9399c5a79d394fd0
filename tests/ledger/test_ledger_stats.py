"""Statistics: rates by group, amounts, the overdue list and the to-do list by actor."""

from __future__ import annotations

import datetime
import json
from decimal import Decimal

import pytest

import rectilaw
from rectilaw.ledger import evaluate_ledger, percent

TODAY = datetime.date(2024, 7, 10)  # a Wednesday: the week ends on Sunday 2024-07-14


def _ledger() -> list[dict[str, object]]:
    return [
        {"id": "U1", "unit": "甲", "source": "upper", "audit_type": "special",
         "issued_on": "2024-01-02", "problem_amount": "100.00", "corrected_amount": "100.00",
         "corrected": True},
        {"id": "U2", "unit": "甲", "source": "upper", "audit_type": "investment",
         "issued_on": "2024-01-02", "problem_amount": "300.00", "corrected_amount": "100.00"},
        {"id": "L1", "unit": "乙", "source": "local", "rectification_type": "immediate",
         "due_on": "2024-07-10"},
        {"id": "L2", "unit": "乙", "source": "local", "due_on": "2024-07-12"},
        {"id": "L3", "unit": "乙", "source": "local", "due_on": "2024-07-20"},
        {"id": "L4", "source": "local", "due_on": "2024-05-01", "rejects_opinion": True},
    ]


@pytest.fixture(scope="module")
def summary(sasac: rectilaw.Policy) -> rectilaw.ledger.Summary:
    return evaluate_ledger(_ledger(), sasac, TODAY).summary


def test_percent_is_two_decimals_half_up() -> None:
    assert percent(148, 182) == Decimal("81.32")
    assert percent(2, 3) == Decimal("66.67")
    assert percent(1, 8) == Decimal("12.50")
    assert percent(1, 800) == Decimal("0.13")
    assert percent(Decimal("0.01"), Decimal("3")) == Decimal("0.33")
    assert percent(1, 0) is None


def test_counts_by_status(summary: rectilaw.ledger.Summary) -> None:
    assert summary.by_status == {"not_rectified": 1, "rectified": 1, "partially_rectified": 1,
                                 "in_progress": 3}
    assert summary.rectification_rate == Decimal("16.67")


def test_amounts(summary: rectilaw.ledger.Summary) -> None:
    assert summary.overall.problem_amount == Decimal("400.00")
    assert summary.overall.corrected_amount == Decimal("200.00")
    assert summary.amount_rate == Decimal("50.00")
    data = summary.to_dict()
    assert (data["problem_amount"], data["corrected_amount"], data["amount_rate"]) == \
        ("400.00", "200.00", 50.0)


def test_by_group(summary: rectilaw.ledger.Summary) -> None:
    source = summary.groups["source"]
    assert (source["upper"].total, source["upper"].rectified) == (2, 1)
    assert source["upper"].rate == Decimal("50.00")
    assert source["upper"].amount_rate == Decimal("50.00")
    assert (source["local"].total, source["local"].rectified) == (4, 0)
    assert source["local"].amount_rate is None
    assert summary.groups["unit"]["乙"].total == 3
    assert summary.groups["unit"]["(blank)"].total == 1
    assert summary.groups["audit_type"]["special"].rectified == 1
    assert summary.groups["rectification_type"]["immediate"].total == 1


def test_overdue_list_longest_first(summary: rectilaw.ledger.Summary) -> None:
    overdue = [(o.id, o.overdue_days) for o in summary.overdue]
    assert overdue == [("L4", 70), ("U2", 8)]  # U2: 2024-01-02 + 6 months = 2024-07-02


def test_to_do_today_and_this_week_by_actor(summary: rectilaw.ledger.Summary) -> None:
    todo = {t.by: t for t in summary.todo}
    audit = todo["internal_audit"]
    assert audit.label == "企业内审部门"
    assert {(a.id, a.code) for a in audit.today} == {("L1", "clarify_measures"),
                                                      ("L1", "follow_up_audit")}
    assert [(a.id, a.due) for a in audit.this_week if a.code == "follow_up_audit"] == [
        ("L1", TODAY), ("L2", datetime.date(2024, 7, 12))]
    assert all(a.due <= summary.week_end for t in summary.todo for a in t.this_week)
    assert "L3" not in {a.id for t in summary.todo for a in t.this_week}
    assert audit.undated == {"close": 1, "refer_accountability": 1}
    assert summary.week_end == datetime.date(2024, 7, 14)
    assert todo["sasac"].undated["interview"] >= 1
    data = summary.to_dict()["due_actions"]
    assert data["today"] == "2024-07-10"
    assert data["by"]["internal_audit"]["today"][0]["row"] == 3


def test_policy_statuses_counted_as_rectified_can_be_chosen(sasac: rectilaw.Policy) -> None:
    result = evaluate_ledger(_ledger(), sasac, TODAY,
                             rectified=["rectified", "partially_rectified"])
    assert result.summary.rectified == 2
    assert result.summary.rectification_rate == Decimal("33.33")
    assert result.summary.to_dict()["rectified_statuses"] == ["rectified",
                                                              "partially_rectified"]
    with pytest.raises(ValueError, match="did you mean `rectified`"):
        evaluate_ledger(_ledger(), sasac, TODAY, rectified=["rectifed"])


def test_summary_json_is_stable(summary: rectilaw.ledger.Summary) -> None:
    first = json.dumps(summary.to_dict(), ensure_ascii=False)
    assert json.dumps(json.loads(first), ensure_ascii=False) == first
    assert list(summary.to_dict())[:6] == ["policy", "today", "total", "evaluated", "errors",
                                           "blank_rows"]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_table_reads(summary: rectilaw.ledger.Summary, lang: str) -> None:
    text = summary.format_table(lang)
    assert "16.67%" in text
    assert ("上级审计机关反馈 (upper)" in text) == (lang == "zh")
    assert "L4" in text
    assert "企业内审部门 (internal_audit)" in text


def test_the_table_cuts_long_lists(sasac: rectilaw.Policy) -> None:
    rows = [{"id": f"X{i}", "due_on": "2024-01-01"} for i in range(30)]
    text = evaluate_ledger(rows, sasac, TODAY).summary.format_table(limit=5)
    assert "另有 25 条" in text


def test_totals_of_very_large_amounts_are_exact_and_render() -> None:
    sasac = rectilaw.load_policy("sasac")
    rows = [{"id": "A", "problem_amount": "1e26"}, {"id": "B", "problem_amount": "0.01"}]
    summary = evaluate_ledger(rows, sasac, "2024-07-01").summary.to_dict()
    assert summary["problem_amount"] == "100000000000000000000000000.01"
