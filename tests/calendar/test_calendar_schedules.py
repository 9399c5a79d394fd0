"""The bundled schedules, pinned day by day against the State Council notices.

The tables below are written out from the notices themselves (国办发明电〔2023〕7号,
〔2024〕12号 and 〔2025〕7号), not from the data file, so a slip in either shows.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from rectilaw.calendar import Calendar, official_calendar, statutory_holidays


def d(text: str) -> date:
    return date.fromisoformat(text)


# Every day of every break, and every make-up working day (调休上班).
BREAKS: dict[int, list[str]] = {
    2024: [
        "2024-01-01",
        "2024-02-10", "2024-02-11", "2024-02-12", "2024-02-13", "2024-02-14",
        "2024-02-15", "2024-02-16", "2024-02-17",
        "2024-04-04", "2024-04-05", "2024-04-06",
        "2024-05-01", "2024-05-02", "2024-05-03", "2024-05-04", "2024-05-05",
        "2024-06-10",
        "2024-09-15", "2024-09-16", "2024-09-17",
        "2024-10-01", "2024-10-02", "2024-10-03", "2024-10-04", "2024-10-05",
        "2024-10-06", "2024-10-07",
    ],
    2025: [
        "2025-01-01",
        "2025-01-28", "2025-01-29", "2025-01-30", "2025-01-31", "2025-02-01",
        "2025-02-02", "2025-02-03", "2025-02-04",
        "2025-04-04", "2025-04-05", "2025-04-06",
        "2025-05-01", "2025-05-02", "2025-05-03", "2025-05-04", "2025-05-05",
        "2025-05-31", "2025-06-01", "2025-06-02",
        "2025-10-01", "2025-10-02", "2025-10-03", "2025-10-04", "2025-10-05",
        "2025-10-06", "2025-10-07", "2025-10-08",
    ],
    2026: [
        "2026-01-01", "2026-01-02", "2026-01-03",
        "2026-02-15", "2026-02-16", "2026-02-17", "2026-02-18", "2026-02-19",
        "2026-02-20", "2026-02-21", "2026-02-22", "2026-02-23",
        "2026-04-04", "2026-04-05", "2026-04-06",
        "2026-05-01", "2026-05-02", "2026-05-03", "2026-05-04", "2026-05-05",
        "2026-06-19", "2026-06-20", "2026-06-21",
        "2026-09-25", "2026-09-26", "2026-09-27",
        "2026-10-01", "2026-10-02", "2026-10-03", "2026-10-04", "2026-10-05",
        "2026-10-06", "2026-10-07",
    ],
}  # fmt: skip

MAKEUP: dict[int, list[str]] = {
    2024: [
        "2024-02-04", "2024-02-18", "2024-04-07", "2024-04-28", "2024-05-11",
        "2024-09-14", "2024-09-29", "2024-10-12",
    ],
    2025: ["2025-01-26", "2025-02-08", "2025-04-27", "2025-09-28", "2025-10-11"],
    2026: [
        "2026-01-04", "2026-02-14", "2026-02-28", "2026-05-09", "2026-09-20", "2026-10-10",
    ],
}  # fmt: skip

# Working days per year, counted by hand from the notices: weekdays, less the
# weekdays inside breaks, plus the make-up days.
WORKING_DAYS = {2024: 251, 2025: 248, 2026: 248}


def days_of(year: int) -> list[date]:
    first = date(year, 1, 1)
    return [first + timedelta(days=n) for n in range((date(year + 1, 1, 1) - first).days)]


@pytest.fixture(scope="module")
def calendar() -> Calendar:
    return official_calendar()


@pytest.mark.parametrize("year", sorted(BREAKS))
def test_every_day_of_the_year_follows_the_notice(calendar: Calendar, year: int) -> None:
    breaks = {d(text) for text in BREAKS[year]}
    makeup = {d(text) for text in MAKEUP[year]}
    assert not breaks & makeup
    assert all(day.weekday() >= 5 for day in makeup)
    wrong = []
    for day in days_of(year):
        expected_rest = day in breaks or (day.weekday() >= 5 and day not in makeup)
        if calendar.is_rest_day(day) != expected_rest:
            wrong.append(day)
        assert calendar.is_working_day(day) is not calendar.is_rest_day(day)
    assert wrong == []


@pytest.mark.parametrize("year", sorted(BREAKS))
def test_rest_days_and_makeup_days_exactly(calendar: Calendar, year: int) -> None:
    off_weekdays = {day for day in days_of(year) if day.weekday() < 5 and calendar.is_rest_day(day)}
    worked_weekends = {
        day for day in days_of(year) if day.weekday() >= 5 and calendar.is_working_day(day)
    }
    assert off_weekdays == {d(t) for t in BREAKS[year] if d(t).weekday() < 5}
    assert worked_weekends == {d(t) for t in MAKEUP[year]}


@pytest.mark.parametrize("year", sorted(WORKING_DAYS))
def test_working_days_per_year(calendar: Calendar, year: int) -> None:
    counted = calendar.workdays_between(date(year - 1, 12, 31), date(year, 12, 31))
    assert counted == WORKING_DAYS[year]
    assert sum(calendar.is_working_day(day) for day in days_of(year)) == WORKING_DAYS[year]


def test_published_years_and_sources(calendar: Calendar) -> None:
    assert calendar.published_years == tuple(range(2019, 2027))
    assert calendar.is_published(2024)
    assert not calendar.is_published(2027)
    assert calendar.source(2027) is None
    title = "国务院办公厅关于{}年部分节假日安排的通知"
    assert calendar.source(2024) == title.format(2024) + "（国办发明电〔2023〕7号）"
    assert calendar.source(2025) == title.format(2025) + "（国办发明电〔2024〕12号）"
    assert calendar.source(2026) == title.format(2026) + "（国办发明电〔2025〕7号）"
    source_2020 = calendar.source(2020)
    assert source_2020 is not None
    assert "国办发明电〔2019〕16号" in source_2020
    assert "关于延长2020年春节假期的通知（国办发明电〔2020〕1号）" in source_2020


def test_amended_schedules(calendar: Calendar) -> None:
    # 2020: the Spring Festival was extended to 2 February, so 1 February was not worked.
    assert calendar.is_rest_day(date(2020, 2, 1))
    assert calendar.is_rest_day(date(2020, 1, 31))
    assert calendar.is_working_day(date(2020, 1, 19))
    assert calendar.is_working_day(date(2020, 2, 3))
    # 2019: Labour Day lengthened to 1-4 May, Sundays 28 April and 5 May worked;
    # the New Year break began in 2018, with Saturday 2018-12-29 worked.
    assert [calendar.is_rest_day(date(2019, 5, n)) for n in range(1, 6)] == [True] * 4 + [False]
    assert calendar.is_working_day(date(2019, 4, 28))
    assert calendar.is_working_day(date(2018, 12, 29))
    assert calendar.is_rest_day(date(2018, 12, 31))


def test_every_statutory_holiday_is_a_rest_day_of_the_published_schedule(
    calendar: Calendar,
) -> None:
    # Ties the lunar and solar-term arithmetic to the published notices.
    for year in calendar.published_years:
        for day in statutory_holidays(year):
            assert calendar.is_rest_day(day), (year, day)


def test_published_lookups_touch_nothing(calendar: Calendar) -> None:
    touched: set[int] = set()
    for day in days_of(2024):
        calendar.is_working_day(day, touched)
        calendar.next_working_day(day, touched)
    assert touched == set()


def test_cross_check_against_chinesecalendar(calendar: Calendar) -> None:
    """An independent data set agrees on every day it covers (a by-hand cross-check).

    ``chinesecalendar`` is a development dependency only (``make test`` installs it); the
    library does not depend on it, and the test is skipped where it is missing.
    """
    chinese_calendar = pytest.importorskip("chinese_calendar")
    for year in calendar.published_years:
        for day in days_of(year):
            assert chinese_calendar.is_workday(day) == calendar.is_working_day(day), day
