"""Median time of one `evaluate()` under the SASAC policy, against a hand-written function.

The hand-written function encodes the same rules of seed 004 directly in Python
and returns the same answers (status, deadline, overdue days, stage, actions
with their basis); it is checked to agree with the policy before timing.
"""

from __future__ import annotations

import datetime
import random
import statistics
import time
from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any

import rectilaw
from rectilaw.calendar import official_calendar
from rectilaw.periods import Duration, Unit, period_end

CAL = official_calendar()
SIX_MONTHS = Duration(6, Unit.MONTHS)
SANCTIONS = ("performance_assessment", "handling_opinion", "letter_notice", "interview", "notice")


def hand_written(f: Mapping[str, Any], today: datetime.date) -> dict[str, Any]:
    """The SASAC rules written out by hand."""
    g = f.get
    issued, due_on, extended = g("issued_on"), g("due_on"), g("extended_to")
    touched: set[int] = set()
    six = period_end(issued, SIX_MONTHS, calendar=CAL, touched=touched) if issued else None
    due = extended or due_on or six
    problem, corrected_amount = g("problem_amount", Decimal(0)), g("corrected_amount", Decimal(0))
    irreversible, accountability, controls = (g("irreversible", False),
                                              g("accountability_done", False),
                                              g("controls_improved", False))
    if g("rejects_opinion") or g("no_measures") or g("false_rectification") or (
            irreversible and not accountability and not controls):
        status, rule = "not_rectified", "7.3"
    elif (g("corrected") or (problem > 0 and corrected_amount >= problem)
          or (g("corrected_immediately") and controls)
          or (g("referred_to_discipline") and g("referral_accepted"))
          or (irreversible and accountability and controls)):
        status, rule = "rectified", "7.1"
    elif (g("objective_obstacle") and g("plan_with_schedule")) or (
            0 < corrected_amount < problem):
        status, rule = "partially_rectified", "7.2"
    else:
        status, rule = "in_progress", "8.3"
    overdue_days = (today - due).days if due and status != "rectified" and today > due else 0
    if status == "rectified":
        stage = "closed"
    elif status in ("partially_rectified", "not_rectified"):
        stage = "follow_up_audit"
    elif g("reported_on"):
        stage = "result_determination"
    elif g("progress_reported_on"):
        stage = "stage_report"
    elif g("plan_submitted_on"):
        stage = "rectifying"
    elif g("responsibility_assigned"):
        stage = "planning"
    elif issued:
        stage = "assigning"
    else:
        stage = "registered"
    actions: list[tuple[str, Any, tuple[str, ...]]] = []
    open_ = status != "rectified"
    overdue = open_ and due is not None and today > due
    if status == "rectified":
        actions.append(("close", None, ("8.2",)))
    if open_ and (g("reported_on") or g("progress_reported_on")):
        actions.append(("verify", None, ("8.1",)))
    if status == "in_progress" and not g("plan_with_schedule"):
        actions.append(("clarify_measures", due, ("8.3",)))
    if status in ("in_progress", "partially_rectified"):
        actions.append(("follow_up_audit", due, ("8.3",)))
    if status == "not_rectified":
        actions.append(("refer_accountability", None, ("8.4",)))
    if issued and open_:
        actions.append(("onsite_check", None, ("10.1",)))
    if open_ and (g("objective_obstacle") or overdue):
        actions.append(("expert_consultation", None, ("10.2",)))
    special = g("special_reason", False)
    basis: tuple[str, ...] | None = None
    if overdue and not special:
        basis = ("12.1", "12.5")
    elif (status == "partially_rectified" and extended and six and today > six
          and not special):
        basis = ("12.2", "12.5")
    elif g("rejects_opinion") or status == "not_rectified":
        basis = ("12.3", "12.5")
    elif g("false_rectification"):
        basis = ("12.4", "12.5")
    if basis:
        actions.extend((code, None, basis) for code in SANCTIONS)
    if g("major_asset_loss_risk") and g("refuses_rectification") and g("rejects_supervision"):
        actions.append(("report_up", None, ("13",)))
    return {"status": status, "rule": rule, "due": due, "overdue_days": overdue_days,
            "stage": stage, "actions": actions, "provisional": tuple(sorted(touched))}


def generate(count: int, seed: int = 2024) -> list[dict[str, Any]]:
    rng = random.Random(seed)
    flags = ["corrected", "corrected_immediately", "controls_improved", "referred_to_discipline",
             "referral_accepted", "irreversible", "accountability_done", "objective_obstacle",
             "plan_with_schedule", "rejects_opinion", "no_measures", "false_rectification",
             "special_reason", "refuses_rectification", "major_asset_loss_risk",
             "rejects_supervision"]
    findings = []
    for index in range(count):
        issued = datetime.date(2023, 1, 1) + datetime.timedelta(rng.randrange(700))
        problem = Decimal(rng.randrange(0, 10_000_00)) / 100
        finding: dict[str, Any] = {
            "id": f"F{index}", "issued_on": issued, "problem_amount": problem,
            "corrected_amount": (problem * rng.choice([0, 0, Decimal("0.5"), 1])).quantize(
                Decimal("0.01")),
        }
        for flag in flags:
            if rng.random() < 0.08:
                finding[flag] = True
        if rng.random() < 0.3:
            finding["due_on"] = issued + datetime.timedelta(rng.randrange(30, 200))
        if rng.random() < 0.1:
            finding["extended_to"] = issued + datetime.timedelta(rng.randrange(200, 400))
        findings.append(finding)
    return findings


def median_us(function: Callable[[Any, datetime.date], Any], findings: list[dict[str, Any]],
              today: datetime.date, rounds: int = 7) -> float:
    timings = []
    for _ in range(rounds):
        start = time.perf_counter()
        for finding in findings:
            function(finding, today)
        timings.append((time.perf_counter() - start) / len(findings) * 1e6)
    return statistics.median(timings)


def main() -> None:
    policy = rectilaw.load_policy("sasac")
    today = datetime.date(2024, 9, 1)
    findings = generate(5_000)
    for finding in findings:
        a, h = policy.evaluate(finding, today=today), hand_written(finding, today)
        got = (a.status, a.due, a.overdue_days, a.stage,
               [(x.code, x.due, x.basis) for x in a.actions])
        want = (h["status"], h["due"], h["overdue_days"], h["stage"], h["actions"])
        assert got == want, (finding, got, want)

    def engine(finding: Any, day: datetime.date) -> Any:
        return policy.evaluate(finding, today=day)

    def engine_with_trace(finding: Any, day: datetime.date) -> Any:
        return policy.evaluate(finding, today=day).trace

    def engine_json(finding: Any, day: datetime.date) -> Any:
        return policy.evaluate(finding, today=day).to_dict()

    manual = median_us(hand_written, findings, today)
    fast = median_us(engine, findings, today)
    traced = median_us(engine_with_trace, findings, today)
    as_json = median_us(engine_json, findings, today)
    print(f"findings: {len(findings)} generated, every answer equal to the hand-written function")
    print(f"hand-written Python:            {manual:6.2f} µs per finding")
    print(f"evaluate()  (trace on demand):  {fast:6.2f} µs  ratio {fast / manual:4.2f}x "
          "(target ≤ 2x)")
    print(f"evaluate() + reading the trace: {traced:6.2f} µs  ratio {traced / manual:4.2f}x")
    print(f"evaluate() + to_dict():         {as_json:6.2f} µs  ratio {as_json / manual:4.2f}x")


if __name__ == "__main__":
    main()
