"""What every policy must satisfy, for every finding on every day.

Each invariant is a function ``(policy, finding, today)`` that yields a
sentence for every way the answer breaks it, and nothing when it holds.  The
property suite runs them on generated findings (:mod:`rectilaw.testing`) for
every built-in policy; the mutation score counts the altered policies they
reject; an embedding system may run them on its own findings.

- ``totality``: exactly one status, one the policy defines, with its wording;
- ``determinism``: the same finding gives the same answer, written as Python
  objects or as JSON, its keys in any order;
- ``json_round_trip``: ``to_dict()`` survives ``json.dumps`` and ``json.loads``;
- ``due_ignores_today``: the deadline is a fact of the finding, not of the day;
- ``overdue_grows``: once overdue, ``overdue_days`` grows by one a day;
- ``escalation_monotone``: with the facts fixed, how far up an escalation
  ladder a finding is (the furthest step recorded, or the step asked for)
  never goes back as the days pass (policies with ladders only);
- ``rectified_no_letters``: a rectified finding is sent no letter (函);
- ``reference_agrees``: the compiled evaluator answers exactly what the
  reference interpreter answers.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Mapping
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from rectilaw.engine import events as measures
from rectilaw.engine.assessment import CLOSED
from rectilaw.engine.policy import Policy
from rectilaw.engine.reference import evaluate as reference_evaluate
from rectilaw.engine.reference import fact_specs
from rectilaw.errors import FindingError, PolicyError
from rectilaw.findings import normalize
from rectilaw.schema import ACTIONS

__all__ = ["INVARIANTS", "LETTERS", "Invariant", "violations"]

Invariant = Callable[[Policy, Mapping[str, Any], date], Iterator[str]]

#: Action codes of letters: 提醒函 and 督办函 of the shared vocabulary; a policy's
#: own letters are recognised by 函 in their label.
LETTERS = frozenset({"reminder_letter", "supervision_letter"})

#: How far apart the days compared by the day-to-day invariants are.
_SHIFTS = (1, 30, 400)


def _is_letter(code: str, label: str) -> bool:
    return code in LETTERS or "函" in label


def _shifted(today: date, days: int) -> date | None:
    try:
        return today + timedelta(days=days)
    except OverflowError:
        return None


def totality(policy: Policy, finding: Mapping[str, Any], today: date) -> Iterator[str]:
    try:
        answer = policy.evaluate(finding, today)
    except PolicyError as error:
        yield f"no status: {error}"
        return
    statuses = policy.statuses
    if answer.status not in statuses:
        yield f"status `{answer.status}` is not one the policy defines"
    elif answer.status_label != statuses[answer.status]:
        yield f"status label {answer.status_label!r} is not {statuses[answer.status]!r}"
    decided = [step for step in answer.trace if step.kind == "status"]
    if len(decided) != 1:
        yield f"{len(decided)} status rules decided, not one"


def _as_json(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, (list, tuple)):
        return [_as_json(v) for v in value]
    if isinstance(value, Mapping):
        return {k: _as_json(v) for k, v in value.items()}
    return value


def determinism(policy: Policy, finding: Mapping[str, Any], today: date) -> Iterator[str]:
    first = policy.evaluate(finding, today).to_dict()
    if policy.evaluate(finding, today).to_dict() != first:
        yield "a second evaluation answered differently"
    if policy.evaluate(_as_json(finding), today.isoformat()).to_dict() != first:
        yield "the finding written as JSON is answered differently"
    if policy.evaluate(dict(reversed(list(finding.items()))), today).to_dict() != first:
        yield "the finding's keys in another order are answered differently"


def json_round_trip(policy: Policy, finding: Mapping[str, Any], today: date) -> Iterator[str]:
    data = policy.evaluate(finding, today).to_dict()
    text = json.dumps(data, ensure_ascii=False, sort_keys=True)
    if json.loads(text) != data:
        yield "to_dict() changes through json.dumps and json.loads"


def due_ignores_today(policy: Policy, finding: Mapping[str, Any], today: date) -> Iterator[str]:
    due = policy.evaluate(finding, today).due
    for shift in _SHIFTS:
        for other in (_shifted(today, shift), _shifted(today, -shift)):
            if other is None:
                continue
            moved = policy.evaluate(finding, other).due
            if moved != due:
                yield f"due is {due} on {today} but {moved} on {other}"
                return


def overdue_grows(policy: Policy, finding: Mapping[str, Any], today: date) -> Iterator[str]:
    answer = policy.evaluate(finding, today)
    if answer.due is not None and today > answer.due and answer.status not in CLOSED:
        expected = (today - answer.due).days
        if answer.overdue_days != expected:
            yield f"{answer.overdue_days} days overdue on {today}, due {answer.due}: " \
                  f"expected {expected}"
    if answer.overdue_days <= 0:
        return
    following = _shifted(today, 1)
    if following is None:
        return
    later = policy.evaluate(finding, following)
    if later.overdue_days != answer.overdue_days + 1:
        yield f"{answer.overdue_days} days overdue on {today} but {later.overdue_days} " \
              f"on {following}"


def _escalation(policy: Policy, finding: Mapping[str, Any], today: date) -> dict[str, int]:
    """For each ladder, how far up it the finding is on ``today``: the furthest step its
    measures record or the step asked for, whichever is higher (-1: not on it yet)."""
    answer = policy.evaluate(finding, today)
    model = policy.model
    kinds = model.event_kinds | frozenset(ACTIONS)
    events = normalize(finding, fact_specs(model), kinds).get("events", ())
    asked = {a.code for a in answer.actions}
    levels = {}
    for ladder in model.ladders:
        recorded, _ = measures.ladder_position(events, ladder.codes, today)
        wanted = [i for i, code in enumerate(ladder.codes) if code in asked]
        levels[ladder.name] = max([recorded, *wanted])
    return levels


def escalation_monotone(policy: Policy, finding: Mapping[str, Any],
                        today: date) -> Iterator[str]:
    if not policy.model.ladders:
        return
    before = _escalation(policy, finding, today)
    for shift in _SHIFTS:
        later_day = _shifted(today, shift)
        if later_day is None:
            continue
        after = _escalation(policy, finding, later_day)
        for name, step in before.items():
            if after[name] < step:
                yield f"ladder `{name}` is at step {step + 1} on {today} but {after[name] + 1} " \
                      f"on {later_day}"


def rectified_no_letters(policy: Policy, finding: Mapping[str, Any],
                         today: date) -> Iterator[str]:
    answer = policy.evaluate(finding, today)
    if answer.status != "rectified":
        return
    for action in answer.actions:
        if _is_letter(action.code, action.label):
            yield f"a rectified finding is sent `{action.code}` ({action.label})"


def reference_agrees(policy: Policy, finding: Mapping[str, Any], today: date) -> Iterator[str]:
    try:
        fast: Any = policy.evaluate(finding, today).to_dict()
    except (FindingError, PolicyError) as error:
        fast = type(error).__name__
    try:
        slow: Any = reference_evaluate(policy.model, finding, today, policy.calendar).to_dict()
    except (FindingError, PolicyError) as error:
        slow = type(error).__name__
    if fast != slow:
        yield f"compiled evaluator: {fast}\nreference interpreter: {slow}"


INVARIANTS: Mapping[str, Invariant] = {
    "totality": totality,
    "determinism": determinism,
    "json_round_trip": json_round_trip,
    "due_ignores_today": due_ignores_today,
    "overdue_grows": overdue_grows,
    "escalation_monotone": escalation_monotone,
    "rectified_no_letters": rectified_no_letters,
    "reference_agrees": reference_agrees,
}


def violations(policy: Policy, finding: Mapping[str, Any], today: date,
               names: tuple[str, ...] | None = None) -> list[str]:
    """Every invariant (or those named) ``finding`` on ``today`` breaks, as ``name: why``."""
    found: list[str] = []
    for name, invariant in INVARIANTS.items():
        if names is not None and name not in names:
            continue
        try:
            found.extend(f"{name}: {problem}" for problem in invariant(policy, finding, today))
        except (FindingError, PolicyError) as error:
            found.append(f"{name}: {type(error).__name__}: {error}")
    return found
