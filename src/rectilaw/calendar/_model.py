"""The values a holiday schedule is made of, and the error a bad one raises."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date, timedelta

import attrs

from rectilaw.errors import RectilawError

__all__ = [
    "FIRST_DAY",
    "FIRST_YEAR",
    "LAST_DAY",
    "LAST_YEAR",
    "CalendarError",
    "Holiday",
    "Notice",
    "YearSchedule",
    "schedule_problems",
]

#: The years this package has holiday rules for.  Before 2000 the 1999 放假办法
#: and the five-day week were too recent to assume; after 2100 nobody can review
#: the solar-term arithmetic.
FIRST_YEAR = 2000
LAST_YEAR = 2100
#: The first and the last day the calendar answers for: every day of those years.
#: Working-day arithmetic that reaches outside raises :class:`CalendarError`, and a
#: deployment's schedules cannot add years outside either.
FIRST_DAY = date(FIRST_YEAR, 1, 1)
LAST_DAY = date(LAST_YEAR, 12, 31)

#: A New Year break, or a make-up working day before it, may begin in the last
#: days of the previous year (the 2023 break began on 2022-12-31, the 2019
#: schedule worked Saturday 2018-12-29).
SPILLOVER_DAYS = 7


class CalendarError(RectilawError, ValueError):
    """A holiday schedule is malformed, or a day lies outside the supported years.

    Every problem found is listed at once, so that a deployment can fix its file
    in one pass instead of one error per run.
    """

    def __init__(self, problems: Iterable[str], source: str | None = None) -> None:
        self.problems: tuple[str, ...] = tuple(problems)
        self.source = source
        super().__init__(self._render())

    def _render(self) -> str:
        where = f"{self.source}: " if self.source else ""
        if len(self.problems) == 1:
            return f"{where}{self.problems[0]}"
        lines = [f"{where}{len(self.problems)} problems in the holiday schedules:"]
        lines.extend(f"  - {problem}" for problem in self.problems)
        return "\n".join(lines)


@attrs.frozen
class Notice:
    """A State Council notice (or a deployment's own document) a schedule rests on."""

    title: str
    number: str | None = None
    issued: date | None = None

    def __str__(self) -> str:
        return f"{self.title}（{self.number}）" if self.number else self.title


@attrs.frozen
class Holiday:
    """One break of a yearly schedule (放假调休), both ends included."""

    name: str
    first: date
    last: date

    def days(self) -> Iterator[date]:
        """Every day of the break, weekends included."""
        day = self.first
        while day <= self.last:
            yield day
            day += timedelta(days=1)


@attrs.frozen
class YearSchedule:
    """The published holiday arrangement of one year.

    ``holidays`` are the breaks as the notice states them; ``workdays`` are the
    weekend days it turns into working days (调休上班).  A correction replaces a
    year's whole schedule, never a part of it, so that what is in force can
    always be traced to one document.
    """

    year: int
    notice: Notice
    holidays: tuple[Holiday, ...]
    workdays: tuple[date, ...] = ()
    amended_by: tuple[Notice, ...] = ()
    note: str | None = None

    @property
    def source(self) -> str:
        """The notice and any amendments, as a reviewer would cite them."""
        return "；".join(str(notice) for notice in (self.notice, *self.amended_by))

    def rest_days(self) -> frozenset[date]:
        """Every day inside a break."""
        return frozenset(day for holiday in self.holidays for day in holiday.days())


_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def _window(year: int) -> tuple[date, date]:
    return date(year - 1, 12, 31) - timedelta(days=SPILLOVER_DAYS - 1), date(year, 12, 31)


def schedule_problems(schedule: YearSchedule) -> list[str]:
    """What is wrong with ``schedule``, each problem named by where it is.

    The paths (``years.2027.holidays[1]``) match the deployment file's layout,
    so the same messages serve a loaded file and a schedule built in code.
    """
    year = schedule.year
    where = f"years.{year}"
    problems: list[str] = []
    if not FIRST_YEAR <= year <= LAST_YEAR:
        problems.append(f"{where}: the year must lie between {FIRST_YEAR} and {LAST_YEAR}")
        return problems
    low, high = _window(year)
    span = f"between {low.isoformat()} and {high.isoformat()}"
    if not schedule.notice.title.strip():
        problems.append(f"{where}.notice: the notice title is empty")
    if not schedule.holidays:
        problems.append(f"{where}.holidays: a published schedule lists at least one break")
    taken: dict[date, str] = {}
    for index, holiday in enumerate(schedule.holidays):
        at = f"{where}.holidays[{index}]"
        label = f"{at} ({holiday.name})" if holiday.name.strip() else at
        if not holiday.name.strip():
            problems.append(f"{at}.name: the holiday has no name")
        if holiday.first > holiday.last:
            problems.append(
                f"{label}: the break ends ({holiday.last.isoformat()}) before it starts "
                f"({holiday.first.isoformat()}); `from` must not be after `to`"
            )
            continue
        if holiday.first < low or holiday.last > high:
            problems.append(
                f"{label}: {holiday.first.isoformat()} to {holiday.last.isoformat()} is "
                f"outside the {year} schedule; its days must lie {span}"
            )
            continue
        for day in holiday.days():
            other = taken.get(day)
            if other is not None:
                problems.append(f"{label}: {day.isoformat()} is already in the break {other}")
                break
            taken[day] = f"{at} ({holiday.name})"
    seen: set[date] = set()
    for index, day in enumerate(schedule.workdays):
        at = f"{where}.workdays[{index}]"
        if day in seen:
            problems.append(f"{at}: {day.isoformat()} is listed twice")
            continue
        seen.add(day)
        if not low <= day <= high:
            problems.append(f"{at}: {day.isoformat()} is outside the {year} schedule; {span}")
        elif day in taken:
            problems.append(
                f"{at}: {day.isoformat()} is both a make-up working day and part of the "
                f"break {taken[day]}"
            )
        elif day.weekday() < 5:
            problems.append(
                f"{at}: {day.isoformat()} is a {_WEEKDAYS[day.weekday()]}, a working day anyway; "
                "a make-up working day (调休上班) is a Saturday or Sunday"
            )
    return problems
