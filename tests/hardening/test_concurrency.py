"""One Policy evaluated from 8 threads over 100,000 findings gives the sequential results."""

from __future__ import annotations

import datetime
import random
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal
from typing import Any

import rectilaw

TODAY = datetime.date(2024, 9, 1)


def findings(count: int) -> list[dict[str, Any]]:
    rng = random.Random(11)
    flags = ["corrected", "objective_obstacle", "plan_with_schedule", "rejects_opinion",
             "false_rectification", "special_reason", "irreversible", "accountability_done"]
    out = []
    for index in range(count):
        finding: dict[str, Any] = {
            "id": f"F{index}",
            "issued_on": datetime.date(2023, 6, 1) + datetime.timedelta(rng.randrange(500)),
            "problem_amount": Decimal(rng.randrange(100_000)) / 100,
        }
        finding.update({flag: True for flag in flags if rng.random() < 0.1})
        if index % 7 == 0:
            finding["issued_on"] = finding["issued_on"].isoformat()  # the slow path too
        out.append(finding)
    return out


def answer(policy: rectilaw.Policy, finding: dict[str, Any]) -> tuple[Any, ...]:
    a = policy.evaluate(finding, today=TODAY)
    return (a.finding_id, a.status, a.due, a.overdue_days, a.stage, a.actions, a.provisional)


def test_eight_threads_agree_with_one() -> None:
    policy = rectilaw.load_policy("sasac")
    data = findings(100_000)
    sequential = [answer(policy, f) for f in data]
    chunks = [data[i::8] for i in range(8)]
    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(lambda chunk: [answer(policy, f) for f in chunk], chunks))
    for index, chunk in enumerate(results):
        assert chunk == sequential[index::8]
