"""How far a period can reach: the least and greatest number of days it spans.

The SMT encoding treats the end of a period that depends on the calendar (a
roll-over past rest days, a month count, a working-day count) as an unknown
day within these bounds, which are exact over every start day of the years the
analysis covers (2001-2095) and computed from the calendar itself.
"""

from __future__ import annotations

import functools
from datetime import date, timedelta

from rectilaw.periods import Duration, RestDayCalendar, Unit, add_months

__all__ = ["FIRST", "LAST", "reach"]

#: The first and last start days the bounds hold for.
FIRST = date(2001, 1, 1)
LAST = date(2095, 12, 31)

_CALENDARS: dict[int, RestDayCalendar] = {}


def _days() -> range:
    return range(FIRST.toordinal(), LAST.toordinal() + 1)


def _next_working_day(calendar: RestDayCalendar, day: date) -> date:
    return calendar.add_workdays(day - timedelta(days=1), 1)


@functools.lru_cache(maxsize=64)
def _roll(key: int) -> int:
    """The longest a roll-over past rest days moves a day, in days."""
    calendar = _CALENDARS[key]
    return max((_next_working_day(calendar, date.fromordinal(o)).toordinal() - o)
               for o in _days())


@functools.lru_cache(maxsize=256)
def _months(months: int) -> tuple[int, int]:
    spans = [add_months(date.fromordinal(o), months).toordinal() - o for o in _days()]
    return min(spans), max(spans)


@functools.lru_cache(maxsize=256)
def _workdays(key: int, count: int) -> tuple[int, int]:
    calendar = _CALENDARS[key]
    spans = [calendar.add_workdays(date.fromordinal(o), count).toordinal() - o for o in _days()]
    return min(spans), max(spans)


def reach(calendar: RestDayCalendar, duration: Duration, *, rollover: bool,
          back: bool) -> tuple[int, int]:
    """The least and greatest days between a start day and the period's end (``back``:
    between the day and the day ``duration`` before it)."""
    key = id(calendar)
    _CALENDARS[key] = calendar
    unit, amount = duration.unit, duration.amount
    if unit is Unit.WORKDAYS:
        low, high = _workdays(key, amount)
        # n working days back from a day span at most what n working days forward do.
        return (amount, high) if back else (low, high)
    if unit is Unit.DAYS:
        low = high = amount
    else:
        months = amount * (12 if unit is Unit.YEARS else 1)
        low, high = (-x for x in reversed(_months(-months))) if back else _months(months)
    if rollover and not back:
        high += _roll(key)
    return low, high
