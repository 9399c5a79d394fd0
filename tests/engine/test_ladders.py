"""Escalation ladders and follow-up actions: what is asked for, when, and never twice."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rectilaw import Policy, PolicyError
from rectilaw.loader import policy_from_text

D = datetime.date
HEADER = '''policy t { title "测试" }
clause 1: "第一条"
clause 2: "第二条"
party office "审计机关"
party unit "整改单位"
facts due_on, corrected, objective_obstacle, events
deadline "整改时限" = due_on [1]
status first match {
  rectified "已整改" when corrected [1]
  not_rectified "未整改" otherwise [1]
}
'''
LADDER = '''param letter_wait = 10 workdays assumed "not given"
ladder pressure "两函一会" until status is rectified [1] {
  step reminder_letter "提醒函" by office target unit wait 1 workday after deadline [1]
  step supervision_letter "督办函" by office target unit wait letter_wait after previous [1]
  step promotion_meeting "推进会" by office target unit level county way individual
    wait 1 month after previous until objective_obstacle [2]
}
'''
CODES = ("reminder_letter", "supervision_letter", "promotion_meeting")
#: Friday; the first working day after it is Monday 2024-07-01.
DUE = "2024-06-28"


def policy(body: str = LADDER, **params: Any) -> Policy:
    return policy_from_text(HEADER + body, params=params or None)


def asked(p: Policy, finding: dict[str, Any], today: datetime.date) -> list[tuple[str, Any]]:
    return [(a.code, a.due) for a in p.evaluate(finding, today=today).actions]


def finding(*events: tuple[str, str], **facts: Any) -> dict[str, Any]:
    return {"due_on": DUE, "events": [{"kind": k, "on": on} for k, on in events], **facts}


def test_an_overdue_finding_with_no_measures_gets_the_first_step_from_its_due_day() -> None:
    p = policy()
    assert asked(p, finding(), D(2024, 6, 28)) == []
    assert asked(p, finding(), D(2024, 6, 30)) == []
    assert asked(p, finding(), D(2024, 7, 1)) == [("reminder_letter", D(2024, 7, 1))]
    assert asked(p, finding(), D(2025, 7, 1)) == [("reminder_letter", D(2024, 7, 1))]


def test_with_the_first_step_taken_long_ago_the_next() -> None:
    p = policy()
    done = finding(("reminder_letter", "2024-07-01"))
    # 10 working days after Monday 1 July is Monday 15 July.
    assert asked(p, done, D(2024, 7, 14)) == []
    assert asked(p, done, D(2024, 7, 15)) == [("supervision_letter", D(2024, 7, 15))]
    assert asked(p, done, D(2024, 12, 1)) == [("supervision_letter", D(2024, 7, 15))]


def test_the_step_carries_its_parties_level_way_and_basis() -> None:
    p = policy()
    answer = p.evaluate(finding(("reminder_letter", "2024-07-01"),
                                ("supervision_letter", "2024-07-15")), today=D(2024, 8, 15))
    [action] = answer.actions
    assert (action.code, action.label, action.due) == ("promotion_meeting", "推进会",
                                                         D(2024, 8, 15))
    assert (action.by, action.target, action.level, action.way) == (
        "office", "unit", "county", "individual")
    assert action.basis == ("2",)
    assert action.rule == "ladder:pressure/promotion_meeting"
    step = next(s for s in answer.trace if s.kind == "action")
    assert step.rule == "ladder:pressure/promotion_meeting"
    assert {"events", "today"} <= set(step.facts)


def test_a_rectified_finding_gets_no_letters() -> None:
    p = policy()
    assert asked(p, finding(corrected=True), D(2024, 12, 1)) == []
    taken = finding(("reminder_letter", "2024-07-01"), corrected=True)
    assert asked(p, taken, D(2024, 12, 1)) == []


def test_no_step_is_asked_for_twice_and_none_below_the_furthest() -> None:
    p = policy()
    skipped = finding(("supervision_letter", "2024-07-03"))
    assert asked(p, skipped, D(2024, 7, 4)) == []
    assert asked(p, skipped, D(2024, 8, 5)) == [("promotion_meeting", D(2024, 8, 5))]
    top = finding(("promotion_meeting", "2024-08-05"))
    assert asked(p, top, D(2025, 1, 1)) == []


def test_the_wait_runs_from_the_first_time_the_step_before_was_taken() -> None:
    p = policy()
    again = finding(("reminder_letter", "2024-07-01"), ("reminder_letter", "2024-07-10"))
    assert asked(p, again, D(2024, 7, 15)) == [("supervision_letter", D(2024, 7, 15))]


def test_a_measure_dated_later_counts_from_its_day() -> None:
    p = policy()
    planned = finding(("reminder_letter", "2024-07-05"))
    assert asked(p, planned, D(2024, 7, 4)) == [("reminder_letter", D(2024, 7, 1))]
    assert asked(p, planned, D(2024, 7, 5)) == []


def test_a_step_until_stops_the_ladder_at_that_step() -> None:
    p = policy()
    stuck = finding(("reminder_letter", "2024-07-01"), ("supervision_letter", "2024-07-15"),
                    objective_obstacle=True)
    assert asked(p, stuck, D(2024, 12, 1)) == []


def test_working_day_waits_skip_the_national_day_break() -> None:
    p = policy()
    autumn = {"due_on": "2024-09-30", "events": []}
    assert asked(p, autumn, D(2024, 10, 7)) == []
    assert asked(p, autumn, D(2024, 10, 8)) == [("reminder_letter", D(2024, 10, 8))]


def test_a_deployment_overrides_a_wait() -> None:
    p = policy(letter_wait="2 workdays")
    done = finding(("reminder_letter", "2024-07-01"))
    assert asked(p, done, D(2024, 7, 3)) == [("supervision_letter", D(2024, 7, 3))]


def test_without_a_deadline_there_is_nothing_to_wait_after() -> None:
    p = policy()
    assert asked(p, {"events": []}, D(2030, 1, 1)) == []


# ------------------------------------------------------------------ after-blocks

AFTER = '''action joint_interview "联合约谈" by office when objective_obstacle [2]
after interview, joint_interview "约谈程序" until status is rectified [2] {
  action interview_minutes "约谈纪要" by office within 5 workdays [2]
  action report_back "报告整改情况" by unit within 1 month [2]
}
'''


def test_follow_ups_are_due_within_their_wait_after_the_measure() -> None:
    p = policy(AFTER)
    held = finding(("interview", "2024-07-01"))
    assert asked(p, held, D(2024, 6, 30)) == []
    assert asked(p, held, D(2024, 7, 1)) == [("interview_minutes", D(2024, 7, 8)),
                                              ("report_back", D(2024, 8, 1))]


def test_a_follow_up_taken_after_the_measure_is_done() -> None:
    p = policy(AFTER)
    held = finding(("interview", "2024-07-01"), ("interview_minutes", "2024-07-05"))
    assert asked(p, held, D(2024, 7, 4)) == [("interview_minutes", D(2024, 7, 8)),
                                              ("report_back", D(2024, 8, 1))]
    assert asked(p, held, D(2024, 7, 5)) == [("report_back", D(2024, 8, 1))]


def test_the_latest_measure_restarts_the_follow_ups() -> None:
    p = policy(AFTER)
    twice = finding(("interview", "2024-07-01"), ("interview_minutes", "2024-07-05"),
                    ("report_back", "2024-07-20"), ("joint_interview", "2024-09-02"))
    assert asked(p, twice, D(2024, 9, 1)) == []
    assert asked(p, twice, D(2024, 9, 2)) == [("interview_minutes", D(2024, 9, 9)),
                                               ("report_back", D(2024, 10, 8))]


def test_until_ends_the_follow_ups() -> None:
    p = policy(AFTER)
    held = finding(("interview", "2024-07-01"), corrected=True)
    assert asked(p, held, D(2024, 7, 2)) == []


# ------------------------------------------------------------------ checking

def errors(body: str) -> list[Any]:
    with pytest.raises(PolicyError) as error:
        policy_from_text(HEADER + body)
    return list(error.value.diagnostics)


@pytest.mark.parametrize(("body", "code", "words"), [
    ('ladder l "x" [1] { step reminder_letter "提醒函" wait 1 day after previous [1] }',
     "misplaced-previous", "first step"),
    ('ladder l "x" [1] { step reminder_letter "提醒函" due deadline wait 1 day after deadline'
     ' [1] }', "bad-property", "no `due`"),
    ('ladder l "x" [1] { step reminder_letter "a" wait 1 day after deadline [1]\n'
     ' step reminder_letter "b" wait 1 day after previous [1] }', "duplicate-name", "once"),
    ('ladder l "x" [1] { step reminder_letter "a" wait deadline after deadline [1] }',
     "type-error", "duration"),
    ('ladder l "x" [1] { step reminder_letter "a" wait 1 day after 3 [1] }',
     "type-error", "date"),
    ('ladder l "x" [1] { step reminder_letter "a" by nobody wait 1 day after deadline [1] }',
     "unknown-party", "nobody"),
    ('ladder l "x" [9] { step reminder_letter "a" wait 1 day after deadline [1] }',
     "unknown-clause", "9"),
    ('after interview [1] { action interview "again" within 1 day [1] }',
     "bad-follow-up", "itself"),
    ('after interviw [1] { action report_back "x" within 1 day [1] }',
     "unknown-measure", "interviw"),
    ('after interview [1] { action report_back "x" within deadline [1] }',
     "type-error", "duration"),
])
def test_checker_errors(body: str, code: str, words: str) -> None:
    problems = errors(body)
    assert any(p.code == code and words in p.message for p in problems), problems


def test_two_ladders_of_one_name_are_refused() -> None:
    body = 'ladder l "x" [1] { step reminder_letter "a" wait 1 day after deadline [1] }\n'
    assert any(p.code == "duplicate-name" for p in errors(body + body))


def test_assumed_rules_are_listed_with_the_parameters() -> None:
    p = policy_from_text(HEADER.replace(
        'rectified "已整改" when corrected [1]',
        'rectified "已整改" when corrected [1] assumed "the standard is not given"') + LADDER)
    names = [(a.name, a.reason) for a in p.assumptions]
    assert names == [("letter_wait", "not given"),
                     ("status:rectified#1", "the standard is not given")]


# ------------------------------------------------------------------ never down the ladder

def rung(p: Policy, facts: dict[str, Any], today: datetime.date) -> int:
    """How far up the ladder: the furthest step taken by ``today`` or asked for (1-based)."""
    taken = [CODES.index(e["kind"]) + 1 for e in facts["events"]
             if e["kind"] in CODES and D.fromisoformat(e["on"]) <= today]
    asked_for = [CODES.index(a.code) + 1 for a in p.evaluate(facts, today=today).actions
                 if a.code in CODES]
    return max([0, *taken, *asked_for])


DAYS = st.dates(D(2024, 1, 1), D(2025, 12, 31))
EVENTS = st.lists(st.tuples(st.sampled_from([*CODES, "interview"]), DAYS), max_size=5)


@given(due=DAYS, events=EVENTS, corrected=st.booleans(), obstacle=st.booleans(),
       today=DAYS, later=st.integers(1, 400))
def test_advancing_today_never_moves_a_finding_down_the_ladder(
        due: datetime.date, events: list[tuple[str, datetime.date]], corrected: bool,
        obstacle: bool, today: datetime.date, later: int) -> None:
    p = policy()
    facts = {"due_on": due.isoformat(), "corrected": corrected, "objective_obstacle": obstacle,
             "events": [{"kind": k, "on": on.isoformat()} for k, on in events]}
    assert rung(p, facts, today) <= rung(p, facts, today + datetime.timedelta(days=later))


@given(due=DAYS, events=EVENTS, today=DAYS)
def test_a_step_is_asked_for_only_once_every_step_before_it_is_reached(
        due: datetime.date, events: list[tuple[str, datetime.date]],
        today: datetime.date) -> None:
    p = policy()
    facts = {"due_on": due.isoformat(),
             "events": [{"kind": k, "on": on.isoformat()} for k, on in events]}
    codes = [a.code for a in p.evaluate(facts, today=today).actions]
    assert len(codes) <= 1
    if codes:
        index = CODES.index(codes[0])
        taken = [CODES.index(k) for k, on in events if k in CODES and on <= today]
        assert max(taken, default=-1) == index - 1
