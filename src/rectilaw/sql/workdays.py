"""The working-day calendar as a table, for SQL engines to join.

One row per day of a range of whole years:

=========================  ========  ==================================================
column                     type      meaning
=========================  ========  ==================================================
``day``                    DATE      the day
``is_working_day``         BOOLEAN   a working day (工作日), make-up working days included
``next_working_day``       DATE      the day itself if it is a working day, else the
                                     first working day after it (the Civil Code roll-over)
``workday_index``          INTEGER   how many working days of the table fall on or
                                     before the day: the *n*-th working day after ``d``
                                     is the working day whose index is ``index(d) + n``
``provisional_0`` … ``_2`` INTEGER   the years (the day's own, the next, the one after)
                                     whose holiday schedule rolling this day over relies
                                     on although it is not yet published; else NULL
=========================  ========  ==================================================

A query that rolls a day over reads the three ``provisional`` columns of its
row; one that counts working days reads ``provisional_0`` of the day after the
start and ``provisional_0``/``_1`` of the working day it arrives at.  That is
how a row of the result learns that it is provisional, as an
:class:`~rectilaw.Assessment` does.

The table is built from any calendar the policy uses (the official one, or a
deployment's with added years), through the same ``next_working_day`` that the
Python engine calls, so both engines agree day by day.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

import attrs

from rectilaw.periods import RestDayCalendar

__all__ = [
    "COLUMNS",
    "DAY",
    "IS_WORKING_DAY",
    "NEXT_WORKING_DAY",
    "ROLLOVER_YEARS",
    "WORKDAY_INDEX",
    "CalendarTable",
    "calendar_table",
]

DAY = "day"
IS_WORKING_DAY = "is_working_day"
NEXT_WORKING_DAY = "next_working_day"
WORKDAY_INDEX = "workday_index"
ROLLOVER_YEARS = ("provisional_0", "provisional_1", "provisional_2")

#: The columns and their SQL types, in table order.
COLUMNS: tuple[tuple[str, str], ...] = (
    (DAY, "DATE"),
    (IS_WORKING_DAY, "BOOLEAN"),
    (NEXT_WORKING_DAY, "DATE"),
    (WORKDAY_INDEX, "INTEGER"),
    *((name, "INTEGER") for name in ROLLOVER_YEARS),
)


@attrs.frozen
class CalendarTable:
    """The calendar table of whole years ``first_year`` … ``last_year``, column by column."""

    first_year: int
    last_year: int
    columns: tuple[tuple[Any, ...], ...] = attrs.field(repr=False)
    fewest_workdays: int

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(name for name, _ in COLUMNS)

    def __len__(self) -> int:
        return len(self.columns[0])

    def rows(self) -> Iterator[tuple[Any, ...]]:
        """The rows, in day order (for engines loaded row by row, e.g. Spark)."""
        return zip(*self.columns, strict=True)

    def covers(self, day: date) -> bool:
        return self.first_year <= day.year <= self.last_year


def calendar_table(calendar: RestDayCalendar, first_year: int, last_year: int) -> CalendarTable:
    """The table of ``calendar`` for the years ``first_year`` to ``last_year`` inclusive.

    Raises the calendar's own error (a ``ValueError``) for years it cannot answer.
    """
    if last_year < first_year:
        raise ValueError(f"an empty range of years: {first_year}-{last_year}")
    days: list[date] = []
    working: list[bool] = []
    following: list[date] = []
    index: list[int] = []
    provisional: tuple[list[int | None], ...] = ([], [], [])
    per_year: dict[int, int] = {}
    count = 0
    day, end, one = date(first_year, 1, 1), date(last_year, 12, 31), timedelta(days=1)
    while True:
        touched: set[int] = set()
        nearest = calendar.next_working_day(day, touched)
        works = nearest == day
        count += works
        per_year[day.year] = per_year.get(day.year, 0) + works
        days.append(day)
        working.append(works)
        following.append(nearest)
        index.append(count)
        for offset, column in enumerate(provisional):
            year = day.year + offset
            column.append(year if year in touched else None)
        if day == end:
            break
        day += one
    return CalendarTable(first_year, last_year,
                         (tuple(days), tuple(working), tuple(following), tuple(index),
                          *(tuple(c) for c in provisional)),
                         min(per_year.values()))
