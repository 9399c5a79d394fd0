"""The working-day calendar: published schedules, statutory holidays, fast lookups."""

from __future__ import annotations

import os
import threading
from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from typing import Any

import attrs

from rectilaw.calendar._loading import load_yaml, parse_years
from rectilaw.calendar._model import (
    SPILLOVER_DAYS,
    CalendarError,
    YearSchedule,
    schedule_problems,
)
from rectilaw.calendar._statutory import statutory_holidays

__all__ = ["Calendar"]

_NEVER = date.max.toordinal() + 1


@attrs.frozen
class _YearIndex:
    """The working days of one year, ranked, so that counting them is a lookup.

    ``before[i]`` is how many working days of the year precede day ``first + i``
    (one more entry than the year has days, the last being the year's total);
    ``days`` lists them.  The *n*-th working day after a day is then
    ``days[before[i + 1] + n - 1]``, found without walking the calendar.
    ``tail`` is the first ordinal whose status the next year's notice may still
    change (its New Year break may reach back a week); it lies beyond the year
    when that notice is already in the calendar.
    """

    first: int
    days: tuple[date, ...]
    before: tuple[int, ...]
    published: bool
    tail: int


def _as_schedules(value: Iterable[YearSchedule]) -> tuple[YearSchedule, ...]:
    return tuple(sorted(value, key=lambda schedule: schedule.year))


@attrs.frozen(repr=False)
class Calendar:
    """Which days are worked, after the State Council's yearly schedules.

    A year with a schedule follows it exactly: weekends and the days of its
    breaks are rest days, except the weekend days it makes working days
    (调休上班).  A year without one has weekends and the statutory holidays of
    the 全国年节及纪念日放假办法 off, and every lookup that relied on such a
    year adds it to ``touched``: that is how an assessment learns that its
    deadline is provisional and names the year.  Days in the last week of a
    year also rely on the next year's notice, which may reach back into it.

    The calendar is immutable and safe to share between threads.  Working-day
    ranks of the published years are built once, at construction; those of
    other years on first use, under a lock, so that counting working days costs
    a few list lookups instead of a walk over the calendar.
    """

    schedules: tuple[YearSchedule, ...] = attrs.field(converter=_as_schedules)
    _published: frozenset[int] = attrs.field(init=False, eq=False)
    _by_year: Mapping[int, YearSchedule] = attrs.field(init=False, eq=False)
    _rest: frozenset[date] = attrs.field(init=False, eq=False)
    _work: frozenset[date] = attrs.field(init=False, eq=False)
    _index: dict[int, _YearIndex] = attrs.field(init=False, eq=False)
    _lock: threading.Lock = attrs.field(init=False, eq=False)

    def __attrs_post_init__(self) -> None:
        problems: list[str] = []
        by_year: dict[int, YearSchedule] = {}
        for schedule in self.schedules:
            if schedule.year in by_year:
                problems.append(f"years.{schedule.year}: the year is given twice")
                continue
            by_year[schedule.year] = schedule
            problems.extend(schedule_problems(schedule))
        rest: dict[date, int] = {}
        work: dict[date, int] = {}
        for schedule in by_year.values():
            for day in schedule.rest_days():
                rest.setdefault(day, schedule.year)
            for day in schedule.workdays:
                work.setdefault(day, schedule.year)
        for day, year in sorted(work.items()):
            if day in rest:
                problems.append(
                    f"years.{year}: {day.isoformat()} is a make-up working day, but the "
                    f"{rest[day]} schedule has it in a break"
                )
        if problems:
            raise CalendarError(problems)
        set_ = object.__setattr__
        set_(self, "_published", frozenset(by_year))
        set_(self, "_by_year", by_year)
        set_(self, "_rest", frozenset(rest))
        set_(self, "_work", frozenset(work))
        set_(self, "_lock", threading.Lock())
        set_(self, "_index", {year: self._build_index(year) for year in by_year})

    # -- construction ---------------------------------------------------------------

    @classmethod
    def from_yaml(cls, source: str | os.PathLike[str]) -> Calendar:
        """A calendar of the schedules in a deployment's YAML file.

        ``source`` is a path, or YAML text (any ``str`` with a line break).  The
        layout is described in :mod:`rectilaw.calendar`.  Every problem is
        reported at once in a :class:`CalendarError` naming the file.  Combine
        the result with the bundled schedules through
        ``official_calendar().with_schedules(...)``.
        """
        schedules, name = load_yaml(source)
        try:
            return cls(schedules.values())
        except CalendarError as error:
            raise CalendarError(error.problems, name) from None

    def with_schedules(
        self,
        other: Calendar | Mapping[int, YearSchedule | Mapping[str, Any]] | Iterable[YearSchedule],
    ) -> Calendar:
        """This calendar with ``other``'s years added, or replacing the same years.

        A deployment corrects a year by giving its whole schedule again, so the
        schedule in force is always one document's.  ``other`` may be a
        calendar, schedules, or a mapping of years to schedules or to the raw
        mappings of the YAML layout.
        """
        if isinstance(other, Calendar):
            additions = list(other.schedules)
        elif isinstance(other, Mapping):
            additions = _mapping_schedules(other)
        elif isinstance(other, (str, bytes, os.PathLike)):
            raise TypeError("with_schedules takes schedules; read a file with Calendar.from_yaml")
        else:
            additions = list(other)
        merged = dict(self._by_year)
        merged.update((schedule.year, schedule) for schedule in additions)
        return Calendar(merged.values())

    def __reduce__(self) -> tuple[type[Calendar], tuple[tuple[YearSchedule, ...]]]:
        return (Calendar, (self.schedules,))

    def __repr__(self) -> str:
        years = ", ".join(str(year) for year in sorted(self._published))
        return f"Calendar(published=[{years}])"

    # -- what the calendar holds ----------------------------------------------------

    @property
    def published_years(self) -> tuple[int, ...]:
        """The years whose schedule this calendar holds, in order."""
        return tuple(sorted(self._published))

    def is_published(self, year: int) -> bool:
        """Whether this calendar holds the State Council schedule of ``year``."""
        return year in self._published

    def schedule(self, year: int) -> YearSchedule | None:
        """The schedule of ``year``, or None when it is not published here."""
        return self._by_year.get(year)

    def source(self, year: int) -> str | None:
        """The notice (and amendments) ``year``'s schedule comes from, or None."""
        schedule = self._by_year.get(year)
        return None if schedule is None else schedule.source

    # -- single days ----------------------------------------------------------------

    def is_working_day(self, day: date, touched: set[int] | None = None) -> bool:
        """Whether ``day`` is a working day (工作日), make-up working days included."""
        year = day.year
        published = self._published
        if touched is not None:
            if year not in published:
                touched.add(year)
            if day.month == 12 and day.day > 31 - SPILLOVER_DAYS and year + 1 not in published:
                touched.add(year + 1)
        if year in published:
            return day in self._work or (day.weekday() < 5 and day not in self._rest)
        if day in self._work:
            return True
        if day in self._rest or day.weekday() >= 5:
            return False
        return day not in statutory_holidays(year)

    def is_rest_day(self, day: date, touched: set[int] | None = None) -> bool:
        """Whether ``day`` is a rest day (法定休假日): a weekend day not worked, or a holiday."""
        return not self.is_working_day(day, touched)

    # -- counting working days ------------------------------------------------------

    def next_working_day(self, day: date, touched: set[int] | None = None) -> date:
        """``day`` itself if it is a working day, else the first working day after it."""
        year = day.year
        index = self._year_index(year)
        k = index.before[day.toordinal() - index.first]
        days = index.days
        if k < len(days):
            result = days[k]
            if touched is not None:
                self._touch(index, year, result, touched)
            return result
        if touched is not None and not index.published:
            touched.add(year)
        return self._forward(year + 1, 1, touched)

    def add_workdays(self, start: date, count: int, touched: set[int] | None = None) -> date:
        """The ``count``-th working day after ``start``, ``start`` itself not counted.

        ``count == 0`` gives ``start``; a negative ``count`` counts back, giving
        the ``-count``-th working day before ``start``.
        """
        if count == 0:
            return start
        year = start.year
        index = self._year_index(year)
        offset = start.toordinal() - index.first
        days = index.days
        if count > 0:
            k = index.before[offset + 1] + count - 1
            if k < len(days):
                result = days[k]
                if touched is not None:
                    self._touch(index, year, result, touched)
                return result
            if touched is not None and not index.published and offset + 1 < len(index.before) - 1:
                touched.add(year)
            return self._forward(year + 1, k - len(days) + 1, touched)
        k = index.before[offset] + count
        if k >= 0:
            result = days[k]
            if touched is not None:
                if not index.published:
                    touched.add(year)
                if start.toordinal() - 1 >= index.tail:
                    touched.add(year + 1)
            return result
        if touched is not None:
            if offset > 0 and not index.published:
                touched.add(year)
            if start.toordinal() - 1 >= index.tail:
                touched.add(year + 1)
        return self._backward(year - 1, -k, touched)

    def workdays_between(self, start: date, end: date, touched: set[int] | None = None) -> int:
        """How many working days lie in ``(start, end]``; negative when ``end`` is earlier.

        ``add_workdays(start, n)`` is the first day ``d`` with
        ``workdays_between(start, d) == n``, which makes this the inverse used
        to tell how many working days of a period have run.
        """
        if end < start:
            return -self.workdays_between(end, start, touched)
        count = 0
        for year in range(start.year, end.year + 1):
            index = self._year_index(year)
            low = start.toordinal() - index.first + 1 if year == start.year else 0
            high = end.toordinal() - index.first + 1 if year == end.year else len(index.before) - 1
            if low >= high:
                continue
            count += index.before[high] - index.before[low]
            if touched is not None:
                if not index.published:
                    touched.add(year)
                if index.first + high - 1 >= index.tail:
                    touched.add(year + 1)
        return count

    # -- internals ------------------------------------------------------------------

    def _touch(self, index: _YearIndex, year: int, last: date, touched: set[int]) -> None:
        """Record what a lookup ending on ``last``, within ``year``, relied on."""
        if not index.published:
            touched.add(year)
        if last.toordinal() >= index.tail:
            touched.add(year + 1)

    def _forward(self, year: int, remaining: int, touched: set[int] | None) -> date:
        """The ``remaining``-th working day counted from 1 January of ``year``."""
        while True:
            index = self._year_index(year)
            days = index.days
            if remaining <= len(days):
                result = days[remaining - 1]
                if touched is not None:
                    self._touch(index, year, result, touched)
                return result
            if touched is not None and not index.published:
                touched.add(year)
            remaining -= len(days)
            year += 1

    def _backward(self, year: int, remaining: int, touched: set[int] | None) -> date:
        """The ``remaining``-th working day counted back from 31 December of ``year``."""
        while True:
            index = self._year_index(year)
            days = index.days
            if touched is not None:
                if not index.published:
                    touched.add(year)
                if index.tail <= index.first + len(index.before) - 2:
                    touched.add(year + 1)
            if remaining <= len(days):
                return days[len(days) - remaining]
            remaining -= len(days)
            year -= 1

    def _year_index(self, year: int) -> _YearIndex:
        index = self._index.get(year)
        if index is not None:
            return index
        with self._lock:
            index = self._index.get(year)
            if index is None:
                index = self._build_index(year)
                self._index[year] = index
        return index

    def _build_index(self, year: int) -> _YearIndex:
        published = year in self._published
        holidays: frozenset[date] = frozenset() if published else statutory_holidays(year)
        rest, work = self._rest, self._work
        first = date(year, 1, 1)
        length = (date(year + 1, 1, 1) - first).days
        days: list[date] = []
        before: list[int] = []
        day = first
        one = timedelta(days=1)
        for _ in range(length):
            before.append(len(days))
            if day in work or (day.weekday() < 5 and day not in rest and day not in holidays):
                days.append(day)
            day += one
        before.append(len(days))
        if year + 1 in self._published:
            tail = _NEVER
        else:
            tail = date(year, 12, 31).toordinal() - SPILLOVER_DAYS + 1
        return _YearIndex(first.toordinal(), tuple(days), tuple(before), published, tail)


def _mapping_schedules(other: Mapping[int, YearSchedule | Mapping[str, Any]]) -> list[YearSchedule]:
    schedules: list[YearSchedule] = []
    raw: dict[Any, Any] = {}
    problems: list[str] = []
    for key, value in other.items():
        if isinstance(value, YearSchedule):
            if value.year != key:
                problems.append(f"years.{key}: the schedule given is for {value.year}")
            schedules.append(value)
        else:
            raw[key] = value
    if problems:
        raise CalendarError(problems)
    if raw:
        schedules.extend(parse_years(raw).values())
    return schedules
