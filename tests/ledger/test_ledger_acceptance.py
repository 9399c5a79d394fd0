"""The issue's acceptance: 182 findings, 148 rectified → 整改率 81.32."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import rectilaw
from rectilaw.ledger import evaluate_ledger, run_ledger

from .sample import TODAY


def _findings(rectified: int = 148, total: int = 182) -> list[dict[str, object]]:
    return [
        {"id": f"Q-{i:03d}", "issued_on": "2024-01-12", "corrected": i < rectified}
        for i in range(total)
    ]


def test_148_of_182_is_81_32(sasac: rectilaw.Policy) -> None:
    result = sasac.evaluate_many(_findings(), today=TODAY)
    summary = result.summary
    assert len(result) == 182
    assert summary.total == 182
    assert summary.rectified == 148
    assert summary.rectification_rate == Decimal("81.32")
    data = json.loads(json.dumps(summary.to_dict()))
    assert data["rectification_rate"] == 81.32
    assert data["by_status"]["rectified"] == 148
    assert sum(data["by_status"].values()) == 182
    assert set(data) >= {"total", "by_status", "rectification_rate", "amount_rate", "overdue",
                         "due_actions"}


def test_the_rate_agrees_with_one_by_one_evaluation(sasac: rectilaw.Policy) -> None:
    findings = _findings()
    one_by_one = [sasac.evaluate(f, today=TODAY).status for f in findings]
    result = evaluate_ledger(findings, sasac, TODAY)
    assert [row.status for row in result] == one_by_one
    assert one_by_one.count("rectified") == result.summary.rectified


def test_the_same_ledger_as_a_chinese_csv(sasac: rectilaw.Policy, ledger_csv) -> None:  # type: ignore[no-untyped-def]
    summary = run_ledger(ledger_csv(), sasac, TODAY)
    assert (summary.total, summary.rectified) == (182, 148)
    assert summary.to_dict()["rectification_rate"] == 81.32


def test_rate_rounds_half_up(sasac: rectilaw.Policy) -> None:
    # 1 of 800 is 0.125 %: half up gives 0.13 (banker's rounding would give 0.12).
    result = sasac.evaluate_many(_findings(rectified=1, total=800), today=TODAY)
    assert result.summary.rectification_rate == Decimal("0.13")


def test_an_empty_ledger_has_no_rate(sasac: rectilaw.Policy, tmp_path: Path) -> None:
    summary = sasac.evaluate_many([], today=TODAY).summary
    assert summary.total == 0
    assert summary.to_dict()["rectification_rate"] is None
    assert summary.to_dict()["amount_rate"] is None
