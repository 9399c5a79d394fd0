"""Recorded measures in expressions: ``count of``, ``first``, ``last``, ``is taken``."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from rectilaw import FindingError, Policy, PolicyError
from rectilaw.dsl import ast
from rectilaw.dsl.parser import parse
from rectilaw.loader import policy_from_text

D = datetime.date
HEADER = '''policy t { title "测试" }
clause 1: "第一条"
party office "审计机关"
facts due_on, events
'''


def policy(body: str) -> Policy:
    return policy_from_text(HEADER + body)


def status_policy(condition: str) -> Policy:
    return policy(f'''status first match {{
      rectified "是" when {condition} [1]
      not_rectified "否" otherwise [1]
    }}''')


def holds(p: Policy, events: list[dict[str, str]], today: datetime.date) -> bool:
    return p.evaluate({"events": events}, today=today).status == "rectified"


LETTERS = [
    {"kind": "reminder_letter", "on": "2024-03-01"},
    {"kind": "reminder_letter", "on": "2024-04-01"},
    {"kind": "supervision_letter", "on": "2024-05-06"},
]


def test_count_of_counts_the_measures_taken_so_far() -> None:
    p = status_policy("count of reminder_letter == 2")
    assert not holds(p, LETTERS, D(2024, 3, 31))
    assert holds(p, LETTERS, D(2024, 4, 1))
    assert holds(p, LETTERS, D(2025, 1, 1))


def test_count_of_several_kinds_in_parentheses() -> None:
    p = status_policy("count of (reminder_letter, supervision_letter) >= 3")
    assert not holds(p, LETTERS, D(2024, 5, 5))
    assert holds(p, LETTERS, D(2024, 5, 6))


def test_last_is_the_latest_day_up_to_today_and_unset_before_any() -> None:
    p = status_policy("last reminder_letter == 2024-03-01")
    assert not holds(p, LETTERS, D(2024, 2, 29))
    assert holds(p, LETTERS, D(2024, 3, 31))
    assert not holds(p, LETTERS, D(2024, 4, 1))
    unset = status_policy("last reminder_letter is not set")
    assert holds(unset, LETTERS, D(2024, 2, 29))
    assert not holds(unset, LETTERS, D(2024, 3, 1))


def test_first_is_the_earliest_day() -> None:
    p = status_policy("first reminder_letter == 2024-03-01")
    assert holds(p, LETTERS, D(2024, 12, 31))


def test_how_long_ago_reads_as_date_arithmetic() -> None:
    p = status_policy("today - last reminder_letter > 30")
    assert not holds(p, LETTERS[:1], D(2024, 3, 31))
    assert holds(p, LETTERS[:1], D(2024, 4, 1))
    assert not holds(p, [], D(2024, 4, 1))


def test_is_taken_and_is_not_taken() -> None:
    taken = status_policy("supervision_letter is taken")
    not_taken = status_policy("supervision_letter is not taken")
    assert not holds(taken, LETTERS, D(2024, 5, 5))
    assert holds(taken, LETTERS, D(2024, 5, 6))
    assert holds(not_taken, LETTERS, D(2024, 5, 5))
    assert not holds(not_taken, LETTERS, D(2024, 5, 6))


def test_a_measure_dated_later_is_a_plan_and_counts_from_its_day() -> None:
    p = status_policy("interview is taken")
    planned = [{"kind": "interview", "on": "2024-09-02"}]
    assert not holds(p, planned, D(2024, 9, 1))
    assert holds(p, planned, D(2024, 9, 2))


def test_events_in_any_order_and_as_python_objects() -> None:
    p = status_policy("count of reminder_letter == 2")
    from rectilaw import Event

    shuffled = [Event(D(2024, 4, 1), "reminder_letter"), Event(D(2024, 3, 1), "reminder_letter")]
    assert p.evaluate({"events": shuffled}, today=D(2024, 4, 1)).status == "rectified"
    assert holds(p, list(reversed(LETTERS)), D(2024, 4, 1))


def test_the_policys_own_actions_are_measures_too() -> None:
    p = policy('''action visit "走访" by office when due_on is set [1]
    status first match {
      rectified "是" when visit is taken [1]
      not_rectified "否" otherwise [1]
    }''')
    assert holds(p, [{"kind": "visit", "on": "2024-01-02"}], D(2024, 1, 2))


def test_a_finding_with_an_unknown_measure_is_refused() -> None:
    p = status_policy("reminder_letter is taken")
    with pytest.raises(FindingError) as error:
        p.evaluate({"events": [{"kind": "reminder_leter", "on": "2024-01-02"}]},
                   today=D(2024, 1, 2))
    assert "events[0].kind" in error.value.fields
    assert "reminder_letter" in str(error.value)


def test_the_trace_shows_the_measures_read() -> None:
    p = status_policy("reminder_letter is taken")
    answer = p.evaluate({"events": LETTERS}, today=D(2024, 3, 1))
    step = next(s for s in answer.trace if s.kind == "status")
    assert set(step.facts) == {"events", "today"}


def test_the_parser_keeps_what_was_written() -> None:
    tree = parse(HEADER + "let a = count of (reminder_letter, interview)\n"
                 "let b = last interview\nlet c = interview is not taken\n")
    lets = [d for d in tree.declarations if isinstance(d, ast.Let)]
    queries = [d.expr for d in lets]
    assert all(isinstance(q, ast.EventQuery) for q in queries)
    first, second, third = queries
    assert isinstance(first, ast.EventQuery) and first.grouped
    assert [k.value for k in first.kinds] == ["reminder_letter", "interview"]
    assert isinstance(second, ast.EventQuery) and second.function == "last"
    assert isinstance(third, ast.EventQuery) and third.function == "taken" and third.negated


def errors(body: str, header: str = HEADER) -> list[Any]:
    with pytest.raises(PolicyError) as error:
        policy_from_text(header + body)
    return list(error.value.diagnostics)


def test_an_unknown_measure_gets_a_did_you_mean() -> None:
    [problem] = errors('let a = count of reminder_leter [1]\n'
                       'status first match { not_rectified "否" otherwise [1] }')
    assert problem.code == "unknown-measure"
    assert problem.hint is not None and "reminder_letter" in problem.hint
    assert problem.span is not None and problem.span.text == "reminder_leter"


def test_reading_measures_needs_the_events_fact() -> None:
    header = HEADER.replace("facts due_on, events", "facts due_on")
    [problem] = errors('let a = interview is taken [1]\n'
                       'status first match { not_rectified "否" otherwise [1] }', header)
    assert problem.hint == "declare them: `facts events`"


def test_is_taken_follows_the_code_of_a_measure() -> None:
    [problem] = errors('let a = due_on + 1 day is taken [1]\n'
                       'status first match { not_rectified "否" otherwise [1] }')
    assert "`is taken` follows the code of a measure" in problem.message


def test_previous_only_inside_a_ladder_step() -> None:
    [problem] = errors('let a = previous [1]\n'
                       'status first match { not_rectified "否" otherwise [1] }')
    assert problem.code == "misplaced-previous"


def test_event_words_are_reserved() -> None:
    for word in ("count", "last", "previous", "taken", "ladder", "step", "wait", "within"):
        problems = errors(f'fact {word}: bool "x"\n'
                          'status first match { not_rectified "否" otherwise [1] }')
        assert problems[0].code in ("reserved-name", "syntax-error"), word
