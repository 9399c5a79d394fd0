"""What the language means, checked through evaluation of small policies."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from rectilaw import Policy, PolicyError
from rectilaw.loader import policy_from_text

D = datetime.date
HEADER = '''policy t { title "测试" }
clause 1: "第一条"
clause 2: "第二条"
party office "审计机关"
facts issued_on, due_on, extended_to, corrected, controls_improved, source, problem_amount
facts corrected_amount
'''


def policy(body: str, **params: Any) -> Policy:
    return policy_from_text(HEADER + body, params=params or None)


def test_first_match_in_written_order() -> None:
    p = policy('''status first match {
      not_rectified "未整改" when not controls_improved [1]
      rectified "已整改" when corrected [1]
      in_progress "正在整改" otherwise [2]
    }''')
    assert p.evaluate({"corrected": True}, today=D(2024, 1, 1)).status == "not_rectified"
    assert p.evaluate({"corrected": True, "controls_improved": True},
                      today=D(2024, 1, 1)).status == "rectified"


def test_an_exception_vetoes_its_rule_and_the_trace_says_so() -> None:
    p = policy('''status first match {
      rectified "已整改" when corrected [1] unless source is upper [2]
      in_progress "正在整改" otherwise [2]
    }''')
    a = p.evaluate({"corrected": True, "source": "upper"}, today=D(2024, 1, 1))
    assert a.status == "in_progress"
    assert [(s.rule, s.kind, s.basis) for s in a.trace[:1]] == [
        ("status:rectified#1", "exception", ("2",))]
    assert p.evaluate({"corrected": True, "source": "local"}, today=D(2024, 1, 1)).status == \
        "rectified"


def test_comparisons_with_unset_dates_are_false() -> None:
    p = policy('''deadline "时限" = due_on [1]
    status first match {
      not_rectified "未整改" when today > deadline [1]
      in_progress "正在整改" when not (today > deadline) [1]
    }''')
    assert p.evaluate({}, today=D(2024, 1, 1)).status == "in_progress"
    assert p.evaluate({"due_on": "2023-12-31"}, today=D(2024, 1, 1)).status == "not_rectified"


def test_equality_treats_unset_as_a_value() -> None:
    p = policy('''status first match {
      rectified "已整改" when source is not upper [1]
      in_progress "正在整改" otherwise [1]
    }''')
    assert p.evaluate({}, today=D(2024, 1, 1)).status == "rectified"
    assert p.evaluate({"source": "upper"}, today=D(2024, 1, 1)).status == "in_progress"


def test_coalesce_takes_the_first_value_that_is_set() -> None:
    p = policy('''param limit = 6 months [1]
    deadline "时限" = extended_to ?? due_on ?? issued_on + limit [1]
    status first match { in_progress "正在整改" otherwise [1] }''')
    today = D(2024, 1, 1)
    assert p.evaluate({}, today=today).due is None
    assert p.evaluate({"issued_on": "2024-01-12"}, today=today).due == D(2024, 7, 12)
    assert p.evaluate({"issued_on": "2024-01-12", "due_on": "2024-03-01"},
                      today=today).due == D(2024, 3, 1)
    assert p.evaluate({"issued_on": "2024-01-12", "due_on": "2024-03-01",
                       "extended_to": "2024-05-01"}, today=today).due == D(2024, 5, 1)


def test_rollover_can_be_switched_off_per_deadline() -> None:
    p = policy('''deadline "时限" = issued_on + 6 months [1] no rollover
    deadline rolled "顺延" = issued_on + 6 months [1]
    status first match { in_progress "正在整改" otherwise [1] }''')
    a = p.evaluate({"issued_on": "2024-04-01"}, today=D(2024, 5, 1))
    assert a.due == D(2024, 10, 1)
    assert [s.outcome for s in a.trace if s.kind == "deadline"] == [D(2024, 10, 1),
                                                                    D(2024, 10, 8)]


def test_rollover_can_be_switched_off_per_policy() -> None:
    text = (HEADER + '''deadline "时限" = issued_on + 6 months [1]
    status first match { in_progress "正在整改" otherwise [1] }''').replace(
        'title "测试" }', 'title "测试" rollover none }')
    assert policy_from_text(text).evaluate({"issued_on": "2024-04-01"},
                                           today=D(2024, 5, 1)).due == D(2024, 10, 1)


def test_workdays_count_over_the_official_calendar() -> None:
    p = policy('''deadline "时限" = issued_on + 5 workdays [1]
    status first match { in_progress "正在整改" otherwise [1] }''')
    # 2024-09-27 (Fri) + 5 working days: 9-29 (Sun, make-up day), 9-30, 10-8, 10-9, 10-10.
    assert p.evaluate({"issued_on": "2024-09-27"}, today=D(2024, 9, 27)).due == D(2024, 10, 10)


def test_date_arithmetic_and_money() -> None:
    p = policy('''let late_days = today - due_on [1]
    let open_amount = problem_amount - corrected_amount [1]
    status first match {
      not_rectified "未整改" when late_days > 30 and open_amount >= 1000.00 yuan [1]
      in_progress "正在整改" otherwise [1]
    }''')
    base = {"due_on": "2024-01-01", "problem_amount": "1500.00", "corrected_amount": "500.00"}
    assert p.evaluate(base, today=D(2024, 1, 31)).status == "in_progress"
    assert p.evaluate(base, today=D(2024, 2, 1)).status == "not_rectified"
    assert p.evaluate({**base, "corrected_amount": "500.01"},
                      today=D(2024, 2, 1)).status == "in_progress"


def test_parameters_follow_their_effective_dates() -> None:
    p = policy('''param limit = 6 months [1] from 2025-01-01 = 3 months [2]
    deadline "时限" = issued_on + limit [1]
    status first match { in_progress "正在整改" otherwise [1] }''')
    assert p.evaluate({"issued_on": "2024-12-31"}, today=D(2025, 1, 1)).due == D(2025, 6, 30)
    assert p.evaluate({"issued_on": "2025-01-02"}, today=D(2025, 1, 3)).due == D(2025, 4, 2)


def test_actions_carry_their_properties() -> None:
    p = policy('''deadline "时限" = due_on [1]
    status first match { in_progress "正在整改" otherwise [1] }
    action interview "约谈" by office target office to office level 2 way joint
      due deadline + 10 days
      when today > deadline [1]
      when corrected [2]''')
    a = p.evaluate({"due_on": "2024-01-01"}, today=D(2024, 1, 2))
    (action,) = a.actions
    assert (action.code, action.level, action.way, action.to, action.basis, action.due) == (
        "interview", "2", "joint", ("office",), ("1",), D(2024, 1, 11))
    (action,) = p.evaluate({"corrected": True}, today=D(2024, 1, 2)).actions
    assert action.basis == ("2",)
    assert action.due is None


def test_a_gap_in_the_status_block_is_a_clear_error() -> None:
    p = policy('''status first match { rectified "已整改" when corrected [1] }''')
    with pytest.raises(PolicyError, match="no status rule"):
        p.evaluate({"id": "X"}, today=D(2024, 1, 1))


def test_same_input_same_output() -> None:
    p = policy('''status first match {
      rectified "已整改" when corrected [1]
      in_progress "正在整改" otherwise [1]
    }''')
    finding = {"corrected": True, "issued_on": "2024-01-01"}
    assert p.evaluate(finding, today=D(2024, 1, 1)).to_dict() == \
        p.evaluate(dict(finding), today=D(2024, 1, 1)).to_dict()


def test_an_action_due_on_a_day_is_the_same_action_with_that_due_date() -> None:
    import datetime

    import attrs

    from rectilaw.engine.assessment import Action

    action = Action("notice", "通报", None, "a", "b", "high", ("1",), ("c",), "letter", "r1")
    day = datetime.date(2024, 5, 6)
    assert action.due_on(day) == attrs.evolve(action, due=day)
