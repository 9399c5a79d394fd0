"""Policy.timeline: the days ahead on which an answer changes, checked day by day."""

from __future__ import annotations

import datetime
import json
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import rectilaw
from rectilaw import Assessment, Event, Policy, testing
from rectilaw.loader import policy_from_text

D = datetime.date
ONE = datetime.timedelta(days=1)
YEAR = 365


def key(answer: Assessment) -> tuple[Any, ...]:
    """What the timeline promises to report: status, stage, due, overdue or not, actions."""
    return answer.status, answer.stage, answer.due, answer.overdue_days > 0, answer.actions


def changes_day_by_day(p: Policy, finding: dict[str, Any], today: datetime.date,
                       days: int) -> list[datetime.date]:
    found, before = [], key(p.evaluate(finding, today=today))
    for offset in range(1, days + 1):
        day = today + offset * ONE
        now = key(p.evaluate(finding, today=day))
        if now != before:
            found.append(day)
        before = now
    return found


def assert_exact(p: Policy, finding: dict[str, Any], today: datetime.date,
                 days: int = YEAR) -> None:
    timeline = p.timeline(finding, today, until=today + days * ONE)
    assert [c.on for c in timeline] == changes_day_by_day(p, finding, today, days)
    for change in timeline:
        assert change.what
        assert key(change.assessment) == key(p.evaluate(finding, today=change.on))


# ------------------------------------------------------------------ examples

def test_the_jiaocheng_ladder_on_its_days() -> None:
    p = rectilaw.load_policy("jiaocheng")
    finding = {"id": "J-1", "source": "local", "issued_on": "2024-03-01",
               "due_on": "2024-06-28",
               "events": [{"kind": "reminder_letter", "on": "2024-07-01"}]}
    timeline = p.timeline(finding, "2024-06-01", until="2024-12-31")
    days = [(c.on, c.what) for c in timeline]
    assert days[0][0] == D(2024, 6, 29)
    assert "stage ledger → supervision" in days[0][1] and "overdue" in days[0][1]
    assert (D(2024, 7, 1), ("+ reminder_letter 提醒函 (due 2024-07-01)",
                            "- reminder_letter 提醒函 (due 2024-07-01)")) not in days
    assert (D(2024, 7, 15), ("+ supervision_letter 督办函 (due 2024-07-15)",)) in days
    assert (D(2024, 12, 31), ("+ joint_supervision 联合督办",)) in days
    assert_exact(p, finding, D(2024, 6, 1), days=214)


def test_a_rectified_finding_has_a_quiet_future() -> None:
    p = rectilaw.load_policy("jiaocheng")
    finding = {"due_on": "2024-06-28", "corrected": True, "issued_on": "2024-03-01",
               "events": [{"kind": "verify", "on": "2024-07-03"},
                          {"kind": "close", "on": "2024-07-05"},
                          {"kind": "archive", "on": "2024-07-10"}]}
    timeline = p.timeline(finding, "2024-07-01")
    assert [c.on for c in timeline] == [D(2024, 7, 3), D(2024, 7, 5), D(2024, 7, 10)]
    assert timeline[0].what == ("stage verification → closing", "- verify 审核认定整改结果",
                                "+ close 办结销号")
    assert timeline[-1].assessment.actions == ()


def test_changes_are_json_ready() -> None:
    p = rectilaw.load_policy("jiaocheng")
    [first, *_] = p.timeline({"due_on": "2024-06-28"}, "2024-06-01")
    data = first.to_dict()
    assert json.loads(json.dumps(data, ensure_ascii=False)) == data
    assert data["on"] == "2024-06-29" and data["overdue"] is True


def test_until_is_inclusive_and_nothing_before_tomorrow() -> None:
    p = rectilaw.load_policy("jiaocheng")
    finding = {"due_on": "2024-06-28"}
    assert [c.on for c in p.timeline(finding, "2024-06-29")][:1] == [D(2024, 7, 1)]
    assert [c.on for c in p.timeline(finding, "2024-06-01", until="2024-06-29")] == [
        D(2024, 6, 29)]
    assert p.timeline(finding, "2024-06-01", until="2024-06-28") == ()


BASE = '''policy t { title "测试" }
clause 1: "第一条"
party office "审计机关"
facts issued_on, due_on, reported_on, corrected, events
param limit = 30 days [1] from 2024-03-01 = 60 days [1]
deadline "时限" = due_on ?? issued_on + limit [1]
status first match {
  rectified "已整改" when corrected [1]
  not_rectified "未整改" otherwise [1]
}
'''

FORMS = BASE + '''let since "逾期天数" = today - deadline [1]
action a "逾期十天以上" by office when since > 10 [1]
action b "临近期限" by office when deadline - today <= 7 and deadline - today >= 0 [1]
action c "期限当日" by office when today == deadline [1]
action d "期限前后" by office when today in (deadline, reported_on) [1]
action e "报告后五日内" by office when days_between(reported_on, today) < 5 [1]
action f "提醒后" by office due last reminder_letter when today - last reminder_letter > 3 [1]
'''


def test_every_comparison_form_turns_on_its_day() -> None:
    p = policy_from_text(FORMS)
    finding = {"due_on": "2024-07-12", "reported_on": "2024-07-01",
               "events": [{"kind": "reminder_letter", "on": "2024-07-20"}]}
    assert_exact(p, finding, D(2024, 6, 1), days=120)


def test_a_parameter_taking_effect_changes_the_answer_on_its_day() -> None:
    p = policy_from_text(BASE + 'action a "复查" by office due due_on + limit when true [1]\n')
    overdue, change = p.timeline({"due_on": "2024-01-10"}, "2024-01-01", until="2024-12-31")
    assert (overdue.on, overdue.what) == (D(2024, 1, 11), ("overdue",))
    assert change.on == D(2024, 3, 1)
    assert change.what == ("- a 复查 (due 2024-02-09)", "+ a 复查 (due 2024-03-11)")


def test_a_due_date_that_moves_every_day_is_followed_day_by_day() -> None:
    p = policy_from_text(BASE + 'action a "五日内" by office due today + 5 days when true [1]\n')
    finding = {"due_on": "2030-01-01"}
    # Five days ahead, moved off rest days: it stands still only over weekends.
    timeline = p.timeline(finding, "2024-07-01", until="2024-07-10")
    assert [c.on for c in timeline] == [D(2024, 7, d) for d in (4, 5, 6, 7, 8)]
    assert_exact(p, finding, D(2024, 7, 1), days=40)
    whole = p.timeline(finding, "2024-07-01")
    assert whole[-1].on <= D(2025, 7, 2) and len(whole) > 200


def test_a_bad_finding_is_refused_as_by_evaluate() -> None:
    p = rectilaw.load_policy("jiaocheng")
    with pytest.raises(rectilaw.FindingError):
        p.timeline({"due_on": "not a date"}, "2024-07-01")


# ------------------------------------------------------------------ against every day

DAYS = st.dates(D(2023, 10, 1), D(2025, 6, 30))
MAYBE_DAY = st.none() | DAYS
AMOUNT = st.sampled_from([Decimal(0), Decimal("0.01"), Decimal(100), Decimal("100.00")])


def events(kinds: list[str]) -> st.SearchStrategy[tuple[Event, ...]]:
    one = st.builds(Event, DAYS, st.sampled_from(kinds))
    return st.lists(one, max_size=6).map(lambda found: tuple(sorted(found)))


JIAOCHENG = rectilaw.load_policy("jiaocheng")
SASAC = rectilaw.load_policy("sasac")


def jiaocheng_findings() -> st.SearchStrategy[dict[str, Any]]:
    kinds = sorted(JIAOCHENG.model.event_kinds)
    flags = {name: st.booleans() for name in (
        "corrected", "corrected_immediately", "controls_improved", "plan_with_schedule",
        "objective_obstacle", "ineffective", "repeat_finding")}
    return st.fixed_dictionaries({
        "source": st.none() | st.sampled_from(["upper", "local", "supervisor"]),
        "rectification_type": st.none() | st.sampled_from(["immediate", "phased", "continuous"]),
        "cause": st.none() | st.sampled_from(["systemic", "complex", "multi_department"]),
        "issued_on": MAYBE_DAY, "due_on": MAYBE_DAY, "extended_to": MAYBE_DAY,
        "plan_submitted_on": MAYBE_DAY, "reported_on": MAYBE_DAY,
        "problem_amount": AMOUNT, "corrected_amount": AMOUNT,
        "events": events(kinds), **flags,
    })


@given(finding=jiaocheng_findings(), today=DAYS)
def test_jiaocheng_timeline_is_exactly_the_days_evaluate_changes(
        finding: dict[str, Any], today: datetime.date) -> None:
    assert_exact(JIAOCHENG, finding, today)


def sasac_findings() -> st.SearchStrategy[dict[str, Any]]:
    flags = {name: st.booleans() for name in (
        "corrected", "objective_obstacle", "plan_with_schedule", "special_reason",
        "rejects_opinion", "false_rectification")}
    return st.fixed_dictionaries({
        "issued_on": MAYBE_DAY, "due_on": MAYBE_DAY, "extended_to": MAYBE_DAY,
        "reported_on": MAYBE_DAY, "problem_amount": AMOUNT, "corrected_amount": AMOUNT,
        **flags,
    })


@given(finding=sasac_findings(), today=DAYS)
def test_sasac_timeline_is_exactly_the_days_evaluate_changes(
        finding: dict[str, Any], today: datetime.date) -> None:
    assert_exact(SASAC, finding, today)


FORMS_POLICY = policy_from_text(FORMS)


@given(due=MAYBE_DAY, issued=MAYBE_DAY, reported=MAYBE_DAY,
       letters=events(["reminder_letter", "interview"]), today=DAYS)
def test_comparison_forms_timeline_is_exact(
        due: datetime.date | None, issued: datetime.date | None,
        reported: datetime.date | None, letters: tuple[Event, ...],
        today: datetime.date) -> None:
    finding = {"due_on": due, "issued_on": issued, "reported_on": reported, "events": letters}
    assert_exact(FORMS_POLICY, finding, today, days=200)


@pytest.mark.parametrize("name", rectilaw.builtin_names())
@given(data=st.data())
def test_every_builtin_timeline_is_exactly_the_days_evaluate_changes(
        name: str, data: st.DataObject) -> None:
    """The same, for every built-in policy, on the public strategies of :mod:`rectilaw.testing`
    (facts near each deadline, days clustered around its boundaries)."""
    policy = rectilaw.load_policy(name)
    finding, today = data.draw(testing.cases(policy))
    assert_exact(policy, finding, today)
