"""The values worth trying: a policy's own constants and the days around its deadlines.

Rules change their answer where a fact crosses a constant (``corrected_amount
> 0``) or a day crosses a deadline (``today > deadline``).  The search prover
and the public test strategies (:mod:`rectilaw.testing`) both draw from these
boundaries: the constants of the policy and the values just beside them, and
for a day, the day before, on and after each deadline, month ends, 29 February
and the edges of the rest-day runs (weekends and holiday breaks) around it.
"""

from __future__ import annotations

import calendar as _gregorian
from collections.abc import Iterable, Iterator, Mapping
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import attrs

from rectilaw.dsl.model import Node, PolicyModel
from rectilaw.engine.reference import Evaluation
from rectilaw.errors import PolicyError
from rectilaw.periods import Duration, RestDayCalendar, add_months, period_end

__all__ = [
    "ANCHORS",
    "CENT",
    "Constants",
    "calendar_edges",
    "constants",
    "date_values",
    "expressions",
    "is_working_day",
    "month_edges",
    "near",
    "related_days",
]

CENT = Decimal("0.01")

#: Days a first date is drawn near: an ordinary day, a month end before a short
#: February, 29 February, a year end, the eve of the National Day and of the
#: Spring Festival breaks.
ANCHORS = (
    date(2024, 1, 12),
    date(2023, 8, 31),
    date(2024, 2, 29),
    date(2023, 12, 29),
    date(2024, 9, 27),
    date(2025, 1, 24),
)

#: Months after a date that rules commonly count: a month, a quarter, half a year, a year.
_MONTH_STEPS = (1, 2, 3, 6, 12)


@attrs.frozen
class Constants:
    """The constants a policy compares and counts with, by kind."""

    money: tuple[Decimal, ...] = ()
    integers: tuple[int, ...] = ()
    texts: tuple[str, ...] = ()
    dates: tuple[date, ...] = ()
    durations: tuple[Duration, ...] = ()


def expressions(model: PolicyModel) -> Iterator[Node]:
    """Every expression of the policy (:meth:`PolicyModel.roots`)."""
    return model.roots()


def constants(model: PolicyModel) -> Constants:
    """The constants written in the policy's expressions and parameters."""
    found: dict[str, list[Any]] = {
        "money": [], "integer": [], "text": [], "date": [], "duration": [],
    }
    for expr in expressions(model):
        for node in expr.walk():
            if node.op == "const" and node.type.kind in found:
                found[node.type.kind].append(node.value)
    for param in model.params:
        for item in param.values:
            if param.type.kind in found:
                found[param.type.kind].append(item.value)
    integers = [int(v) for v in found["integer"]]
    money = [Decimal(v) for v in found["money"]] + [Decimal(v) for v in integers if v >= 0]
    return Constants(
        money=tuple(sorted(set(money))),
        integers=tuple(sorted(set(integers))),
        texts=tuple(sorted(set(map(str, found["text"])))),
        dates=tuple(sorted(set(found["date"]))),
        durations=tuple(sorted(set(found["duration"]), key=str)),
    )


def near(day: date) -> tuple[date, ...]:
    """The day before, the day itself and the day after."""
    return (day - timedelta(days=1), day, day + timedelta(days=1))


def month_edges(day: date) -> tuple[date, ...]:
    """The last day of ``day``'s month and the last day of February of its year."""
    last = _gregorian.monthrange(day.year, day.month)[1]
    february = _gregorian.monthrange(day.year, 2)[1]
    return (date(day.year, day.month, last), date(day.year, 2, february))


def is_working_day(day: date, calendar: RestDayCalendar) -> bool:
    """Whether ``day`` is a working day (asked as: is it the first working day after
    the day before it, which the calendar answers from its index)."""
    return calendar.add_workdays(day - timedelta(days=1), 1) == day


def calendar_edges(day: date, calendar: RestDayCalendar, span: int = 10) -> tuple[date, ...]:
    """Within ``span`` days of ``day``: each first and last rest day of a run, and the
    working days just beside it."""
    edges: list[date] = []
    days = [day + timedelta(days=offset) for offset in range(-span - 1, span + 2)]
    working = [is_working_day(d, calendar) for d in days]
    for index in range(1, len(days)):
        if working[index] != working[index - 1]:
            edges.extend((days[index - 1], days[index]))
    return tuple(edges)


def related_days(base: date, durations: Iterable[Duration],
                 calendar: RestDayCalendar) -> tuple[date, ...]:
    """Days a rule may compare with ``base``: the ends of the policy's periods from it,
    whole months before and after it, each with the days beside it; nearest first."""
    ends = [add_months(base, sign * months) for months in _MONTH_STEPS for sign in (1, -1)]
    for duration in durations:
        ends.append(period_end(base, duration, calendar=calendar))
        ends.append(period_end(base, duration, calendar=calendar, rollover=False))
    days = {d for end in ends for d in near(end)}
    return tuple(sorted(days, key=lambda d: (abs((d - base).days), d)))


def date_values(model: PolicyModel, facts: Mapping[str, Any], today: date,
                calendar: RestDayCalendar) -> tuple[date, ...]:
    """The dates a finding holds and the dates its definitions compute (its deadlines)."""
    run = Evaluation(model, facts, today, calendar)
    found = {v for v in facts.values() if isinstance(v, date)}
    for definition in model.definitions:
        if definition.expr.type.kind != "date":
            continue
        try:
            value = run.definition(definition.name)
        except (PolicyError, ArithmeticError, ValueError, OverflowError):
            continue
        if isinstance(value, date):
            found.add(value)
    return tuple(sorted(found))
