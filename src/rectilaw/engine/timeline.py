"""The days ahead on which a finding's answer will change, if nothing else happens.

A scheduler that holds thousands of open findings need not evaluate each of
them every day: it can ask, once, on which days the answer of each will next
change, and come back then.

**What counts as a change.**  The Assessment changes when any of these differs
from the day before: the status, the stage, the deadline in force (``due``),
whether the finding is overdue (``overdue_days > 0``), or the actions (each
with its code, wording, due date, parties and the rule that asked for it).
``overdue_days`` itself grows every day once overdue and is left out; so are
the trace and ``provisional``.

**How the days are found.**  Evaluated with probes, the compiled function
reports every threshold a comparison with ``today`` may turn on (see
:mod:`rectilaw.engine.timing`) and each ladder step's due date; to those come
the days the finding's recorded measures are dated (a measure counts from its
own day), the days parameter values take effect, and the deadline (overdue
from the day after).  Between two such days nothing the answer depends on can
move, so evaluating on each candidate day, in order, and comparing with the
answer before it finds every change and only changes.  A policy whose due
dates move with the day itself (``due today + 5 days``) is not *stepwise*:
its answers are then compared day by day, up to ``until``.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Iterable
from datetime import date, timedelta
from typing import Any

import attrs

from rectilaw.engine.assessment import Action, Assessment

__all__ = ["DEFAULT_HORIZON", "Change", "changes", "signature"]

#: How far ahead a policy that is not stepwise is looked at when no ``until`` is given.
DEFAULT_HORIZON = timedelta(days=366)

_ONE_DAY = timedelta(days=1)

#: Evaluates the finding on a day, appending to the list the days the answer may next change.
Probe = Callable[[date, list[Any]], Assessment]


@attrs.frozen
class Change:
    """A day on which the Assessment will differ from the day before, and how."""

    on: date
    what: tuple[str, ...]
    assessment: Assessment = attrs.field(eq=False, repr=False)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict: the day, what changes, and the answer from that day on."""
        answer = self.assessment
        return {
            "on": self.on.isoformat(),
            "what": list(self.what),
            "status": answer.status,
            "stage": answer.stage,
            "due": answer.due.isoformat() if answer.due else None,
            "overdue": answer.overdue_days > 0,
            "actions": [action.to_dict() for action in answer.actions],
        }


def signature(answer: Assessment) -> tuple[Any, ...]:
    """What a change is a change of (see the module's documentation)."""
    return answer.status, answer.stage, answer.due, answer.overdue_days > 0, answer.actions


def _action_text(action: Action) -> str:
    due = f" (due {action.due.isoformat()})" if action.due else ""
    return f"{action.code} {action.label}{due}"


def describe(before: Assessment, after: Assessment) -> tuple[str, ...]:
    """How ``after`` differs from ``before``, one short line per difference."""
    lines = []
    if before.status != after.status:
        lines.append(f"status {before.status} → {after.status}")
    if before.stage != after.stage:
        lines.append(f"stage {before.stage or '-'} → {after.stage or '-'}")
    if before.due != after.due:
        lines.append(f"due {before.due or '-'} → {after.due or '-'}")
    if (before.overdue_days > 0) != (after.overdue_days > 0):
        lines.append("overdue" if after.overdue_days > 0 else "no longer overdue")
    remaining = list(after.actions)
    for action in before.actions:
        if action in remaining:
            remaining.remove(action)
        else:
            lines.append(f"- {_action_text(action)}")
    lines.extend(f"+ {_action_text(action)}" for action in remaining)
    return tuple(lines)


class _Days:
    """The candidate days still to look at, each once, earliest first."""

    def __init__(self, today: date, until: date | None) -> None:
        self.today = today
        self.until = until
        self.heap: list[date] = []
        self.seen: set[date] = set()

    def add(self, day: Any) -> None:
        if not isinstance(day, date) or day <= self.today or day in self.seen:
            return
        if self.until is not None and day > self.until:
            return
        self.seen.add(day)
        heapq.heappush(self.heap, day)

    def add_turn(self, day: Any) -> None:
        """A threshold: the answer may turn on ``day`` or on the day after."""
        if not isinstance(day, date):
            return
        self.add(day)
        if day < date.max:
            self.add(day + _ONE_DAY)

    def pop(self) -> date | None:
        return heapq.heappop(self.heap) if self.heap else None


def changes(probe: Probe, today: date, *, until: date | None, fixed: Iterable[date],
            stepwise: bool) -> tuple[Change, ...]:
    """Every day after ``today`` (up to ``until``) on which the answer changes, in order.

    ``probe`` evaluates the finding on a day; ``fixed`` are days known in advance
    (measures, parameter changes); ``stepwise`` says whether the probes and
    those days are all the days the answer may change on.
    """
    if not stepwise and until is None:
        until = today + DEFAULT_HORIZON if today <= date.max - DEFAULT_HORIZON else date.max
    days = _Days(today, until)
    for day in fixed:
        days.add(day)
    before = _look(probe, today, days, stepwise)
    found = []
    upcoming = days.pop()
    while upcoming is not None:
        after = _look(probe, upcoming, days, stepwise)
        if signature(after) != signature(before):
            found.append(Change(upcoming, describe(before, after), after))
        before = after
        upcoming = days.pop()
    return tuple(found)


def _look(probe: Probe, day: date, days: _Days, stepwise: bool) -> Assessment:
    reported: list[Any] = []
    answer = probe(day, reported)
    for threshold in reported:
        days.add_turn(threshold)
    days.add_turn(answer.due)
    if not stepwise and day < date.max:
        days.add(day + _ONE_DAY)
    return answer
