"""Civil Code periods computed over the official calendar."""

from __future__ import annotations

import pickle
import threading
from datetime import date

import pytest

from rectilaw.calendar import Calendar, CalendarError, official_calendar
from rectilaw.periods import Duration, RestDayCalendar, period_end, shift_back


@pytest.fixture(scope="module")
def calendar() -> Calendar:
    return official_calendar()


def test_calendar_satisfies_the_protocol(calendar: Calendar) -> None:
    protocol: RestDayCalendar = calendar
    assert protocol.next_working_day(date(2024, 10, 1)) == date(2024, 10, 8)


@pytest.mark.parametrize(
    ("start", "duration", "end", "touched"),
    [
        # National Day break 1-7 October: the period rolls over to the 8th.
        ("2024-04-01", "6 months", "2024-10-08", set()),
        # Saturday 2024-07-06 rolls over to Monday.
        ("2024-01-06", "6 months", "2024-07-08", set()),
        # Monday 2024-09-16 is inside the Mid-Autumn break (15-17 September).
        ("2024-03-16", "6 months", "2024-09-18", set()),
        # Saturday 2026-02-28 is a make-up working day: no roll-over.
        ("2025-08-29", "6 months", "2026-02-28", set()),
        # 2027-01-01 is New Year's Day, then a weekend; 2027 is not published.
        ("2026-07-01", "6 months", "2027-01-04", {2027}),
        # The start day is not counted (art. 201).
        ("2024-01-12", "60 days", "2024-03-12", set()),
        # No such day in February: its last day, a Thursday, so no roll-over.
        ("2023-08-31", "6 months", "2024-02-29", set()),
        ("2024-02-29", "1 year", "2025-02-28", set()),
        ("2024-09-30", "1 day", "2024-10-08", set()),
    ],
)
def test_period_end(
    calendar: Calendar, start: str, duration: str, end: str, touched: set[int]
) -> None:
    seen: set[int] = set()
    result = period_end(
        date.fromisoformat(start), Duration.parse(duration), calendar=calendar, touched=seen
    )
    assert result == date.fromisoformat(end)
    assert seen == touched


def test_period_end_without_rollover(calendar: Calendar) -> None:
    six_months = Duration.parse("6 months")
    end = period_end(date(2024, 4, 1), six_months, calendar=calendar, rollover=False)
    assert end == date(2024, 10, 1)


@pytest.mark.parametrize(
    ("start", "count", "end"),
    [
        ("2024-09-30", 1, "2024-10-08"),  # the first working day after the break
        ("2024-10-01", 1, "2024-10-08"),  # counting from a rest day
        ("2024-10-01", 0, "2024-10-01"),
        ("2024-09-27", 2, "2024-09-30"),  # Sunday 29 September is a make-up working day
        ("2024-02-08", 1, "2024-02-09"),
        ("2024-02-09", 1, "2024-02-18"),  # Sunday 18 February is worked
        ("2026-02-27", 1, "2026-02-28"),
        ("2024-12-31", 1, "2025-01-02"),
        ("2025-12-31", 1, "2026-01-04"),  # Sunday 4 January 2026 is worked
        ("2024-10-08", -1, "2024-09-30"),
        ("2024-10-12", -1, "2024-10-11"),
        ("2025-01-02", -1, "2024-12-31"),
        ("2024-01-02", -1, "2023-12-29"),
        ("2025-01-01", -251, "2024-01-02"),  # 2024 has 251 working days
        ("2025-01-01", -252, "2023-12-29"),
    ],
)
def test_add_workdays(calendar: Calendar, start: str, count: int, end: str) -> None:
    assert calendar.add_workdays(date.fromisoformat(start), count) == date.fromisoformat(end)


def test_workday_periods(calendar: Calendar) -> None:
    touched: set[int] = set()
    end = period_end(date(2024, 9, 27), Duration.parse("10 workdays"), calendar=calendar)
    assert end == date(2024, 10, 16)
    assert calendar.workdays_between(date(2024, 9, 27), end) == 10
    assert shift_back(end, Duration.parse("10 workdays"), calendar=calendar) == date(2024, 9, 27)
    three = Duration.parse("3 workdays")
    back = shift_back(date(2027, 1, 8), three, calendar=calendar, touched=touched)
    assert back == date(2027, 1, 5)
    assert touched == {2027}


def test_unpublished_years_are_reported(calendar: Calendar) -> None:
    touched: set[int] = set()
    # 2027: New Year's Day (Friday) and the Spring Festival 除夕-初三 (5-8 February).
    assert calendar.add_workdays(date(2026, 12, 31), 1, touched) == date(2027, 1, 4)
    assert touched == {2027}
    touched.clear()
    assert calendar.next_working_day(date(2027, 2, 5), touched) == date(2027, 2, 9)
    assert touched == {2027}
    touched.clear()
    assert calendar.add_workdays(date(2028, 1, 3), -2, touched) == date(2027, 12, 30)
    assert touched == {2027, 2028}
    touched.clear()
    assert calendar.is_working_day(date(2026, 12, 31), touched)
    assert touched == {2027}, "the 2027 notice may still reach back into late December"
    touched.clear()
    assert calendar.add_workdays(date(2026, 12, 30), 1, touched) == date(2026, 12, 31)
    assert touched == {2027}
    touched.clear()
    assert calendar.next_working_day(date(2026, 12, 26), touched) == date(2026, 12, 28)
    assert touched == {2027}
    touched.clear()
    assert calendar.add_workdays(date(2027, 1, 4), -1, touched) == date(2026, 12, 31)
    assert touched == {2027}
    touched.clear()
    assert calendar.add_workdays(date(2026, 12, 22), 2, touched) == date(2026, 12, 24)
    assert touched == set()
    touched.clear()
    assert calendar.is_working_day(date(2026, 12, 24), touched)
    assert touched == set()
    touched.clear()
    # 22 weekdays from 2 December, 20 in January after New Year's Day.
    assert calendar.workdays_between(date(2026, 12, 1), date(2027, 1, 31), touched) == 42
    assert touched == {2027}


def test_years_without_rules_are_refused(calendar: Calendar) -> None:
    with pytest.raises(CalendarError, match="no statutory holiday rules for 1999"):
        calendar.is_working_day(date(1999, 6, 1))
    with pytest.raises(CalendarError, match="2101"):
        calendar.add_workdays(date(2100, 12, 30), 5)


def test_lazy_indexes_are_built_once_under_threads() -> None:
    fresh = official_calendar().with_schedules({})
    results: list[date] = []

    def work() -> None:
        results.append(fresh.add_workdays(date(2030, 1, 1), 200))

    threads = [threading.Thread(target=work) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(set(results)) == 1


def test_calendar_is_a_value(calendar: Calendar) -> None:
    copy = pickle.loads(pickle.dumps(calendar))
    assert copy == calendar
    assert hash(copy) == hash(calendar)
    assert copy.add_workdays(date(2024, 9, 30), 1) == date(2024, 10, 8)
    assert repr(calendar).startswith("Calendar(published=[2019, ")
    assert official_calendar() is calendar
