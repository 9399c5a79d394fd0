"""Period arithmetic of the PRC Civil Code (民法典 arts. 200-204, 1259).

A *period* starts on a day that is not counted and ends on its last day.
Calendar-day, month and year periods whose last day is a rest day end on the
first working day after it (art. 203) unless the rule says otherwise;
working-day periods count working days only and never need that roll-over.

The calendar is a parameter, never a global: the same functions serve the
official State Council schedule, a deployment's corrected schedule, or a test
calendar.  Every lookup that relied on a year whose schedule is not yet
published is added to ``touched``, which is how an Assessment learns that it is
provisional.
"""

from __future__ import annotations

import calendar as _gregorian
import enum
import re
from datetime import date, timedelta
from typing import Protocol

import attrs

__all__ = [
    "Duration",
    "RestDayCalendar",
    "Unit",
    "add_months",
    "longest",
    "period_end",
    "shift_back",
]


class RestDayCalendar(Protocol):
    """What period arithmetic needs to know about days off."""

    def next_working_day(self, day: date, touched: set[int] | None = None) -> date:
        """``day`` itself if it is a working day, else the first working day after it."""

    def add_workdays(self, start: date, count: int, touched: set[int] | None = None) -> date:
        """The ``count``-th working day after ``start`` (``start`` itself not counted)."""


class Unit(enum.Enum):
    """The units a duration may be counted in."""

    DAYS = "days"
    WORKDAYS = "workdays"
    MONTHS = "months"
    YEARS = "years"

    @property
    def singular(self) -> str:
        return self.value[:-1]


_UNIT_WORDS: dict[str, Unit] = {}
for _unit in Unit:
    _UNIT_WORDS[_unit.value] = _unit
    _UNIT_WORDS[_unit.singular] = _unit
_UNIT_WORDS.update({"日": Unit.DAYS, "天": Unit.DAYS, "工作日": Unit.WORKDAYS,
                    "个月": Unit.MONTHS, "月": Unit.MONTHS, "年": Unit.YEARS})

_DURATION_TEXT = re.compile(r"^\s*(\d+)\s*([A-Za-z\u4e00-\u9fff]+)\s*$")


@attrs.frozen(order=False)
class Duration:
    """A length of time in one unit, e.g. ``6 months`` or ``10 workdays``."""

    amount: int = attrs.field(validator=attrs.validators.ge(0))
    unit: Unit

    @classmethod
    def parse(cls, text: str) -> Duration:
        """Read ``"6 months"``, ``"1 day"``, ``"10 workdays"`` or ``"15日"``."""
        match = _DURATION_TEXT.match(text)
        unit = _UNIT_WORDS.get(match.group(2).lower()) if match else None
        if match is None or unit is None:
            raise ValueError(
                f"`{text}` is not a duration: expected a whole number and a unit "
                "(days, workdays, months, years), e.g. `6 months`"
            )
        return cls(int(match.group(1)), unit)

    def __str__(self) -> str:
        word = self.unit.singular if self.amount == 1 else self.unit.value
        return f"{self.amount} {word}"


def longest(unit: Unit, first: date, last: date) -> int:
    """The longest duration in ``unit`` that can lead from a day in ``first``..``last`` to
    another: any longer period starting in that range ends outside it.  (For working days,
    the number of all days: an upper bound whatever the holidays.)"""
    if unit is Unit.DAYS or unit is Unit.WORKDAYS:
        return (last - first).days
    months = (last.year - first.year) * 12 + (last.month - first.month)
    return months if unit is Unit.MONTHS else months // 12


def add_months(start: date, months: int) -> date:
    """The corresponding day ``months`` later, clamped to the last day of a short month."""
    index = start.year * 12 + (start.month - 1) + months
    year, month = divmod(index, 12)
    day = start.day
    if day > 28:
        day = min(day, _gregorian.monthrange(year, month + 1)[1])
    return date(year, month + 1, day)


def period_end(
    start: date,
    duration: Duration,
    *,
    calendar: RestDayCalendar,
    rollover: bool = True,
    touched: set[int] | None = None,
) -> date:
    """The last day of a period of ``duration`` that starts on ``start``.

    The start day is not counted (art. 201): 60 days from 2024-01-12 ends on
    2024-03-12.  Month and year periods end on the corresponding day, or the
    last day of the month where it has none (art. 202 as applied): 6 months from
    2023-08-31 ends on 2024-02-29.  With ``rollover`` a last day that is a rest
    day moves to the next working day (art. 203).
    """
    unit = duration.unit
    if unit is Unit.WORKDAYS:
        return calendar.add_workdays(start, duration.amount, touched)
    if unit is Unit.DAYS:
        end = start + timedelta(days=duration.amount)
    elif unit is Unit.MONTHS:
        end = add_months(start, duration.amount)
    else:
        end = add_months(start, 12 * duration.amount)
    return calendar.next_working_day(end, touched) if rollover else end


def shift_back(
    day: date,
    duration: Duration,
    *,
    calendar: RestDayCalendar,
    touched: set[int] | None = None,
) -> date:
    """``day`` moved back by ``duration``: plain arithmetic, no roll-over.

    Working days are counted back over the calendar's working days; the years
    those lookups relied on without a published schedule go into ``touched``.
    """
    unit = duration.unit
    if unit is Unit.DAYS:
        return day - timedelta(days=duration.amount)
    if unit is Unit.MONTHS:
        return add_months(day, -duration.amount)
    if unit is Unit.YEARS:
        return add_months(day, -12 * duration.amount)
    current, remaining = day, duration.amount
    while remaining:
        current -= timedelta(days=1)
        if calendar.next_working_day(current, touched) == current:
            remaining -= 1
    return current
