"""Properties of period arithmetic over the official calendar."""

from __future__ import annotations

import calendar as gregorian
from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from rectilaw.calendar import Calendar, Holiday, Notice, YearSchedule, official_calendar
from rectilaw.periods import Duration, Unit, add_months, period_end

OFFICIAL = official_calendar()

# A calendar that differs from the official one only in years it has not
# published: a made-up 2027 whose New Year break reaches back into 2026 and
# which works a Sunday of 2026.  A lookup that did not report 2027 in
# ``touched`` must give the same answer under both.
MADE_UP_2027 = YearSchedule(
    year=2027,
    notice=Notice("a made-up schedule for testing"),
    holidays=(
        Holiday("元旦", date(2026, 12, 31), date(2027, 1, 3)),
        Holiday("春节", date(2027, 2, 5), date(2027, 2, 14)),
        Holiday("国庆节", date(2027, 10, 1), date(2027, 10, 7)),
    ),
    workdays=(date(2026, 12, 27), date(2027, 2, 20), date(2027, 10, 9)),
)
PERTURBED = OFFICIAL.with_schedules([MADE_UP_2027])

days = st.dates(min_value=date(2019, 1, 1), max_value=date(2030, 12, 31))
near_days = st.one_of(
    st.dates(min_value=date(2019, 1, 1), max_value=date(2027, 12, 31)),
    st.dates(min_value=date(2025, 6, 1), max_value=date(2027, 1, 31)),
)
durations = st.one_of(
    st.builds(Duration, st.integers(0, 800), st.just(Unit.DAYS)),
    st.builds(Duration, st.integers(0, 48), st.just(Unit.MONTHS)),
    st.builds(Duration, st.integers(0, 3), st.just(Unit.YEARS)),
    st.builds(Duration, st.integers(0, 400), st.just(Unit.WORKDAYS)),
)
calendar_durations = durations.filter(lambda duration: duration.unit is not Unit.WORKDAYS)


def walk_working_days(calendar: Calendar, start: date, end: date) -> int:
    """Working days in (start, end], one day at a time."""
    count, day = 0, start
    while day < end:
        day += timedelta(days=1)
        count += calendar.is_working_day(day)
    return count


@settings(max_examples=400, deadline=None)
@given(start=days, duration=calendar_durations)
def test_a_rolled_over_period_never_ends_on_a_rest_day(start: date, duration: Duration) -> None:
    end = period_end(start, duration, calendar=OFFICIAL)
    assert OFFICIAL.is_working_day(end)
    plain = period_end(start, duration, calendar=OFFICIAL, rollover=False)
    assert plain <= end
    assert all(OFFICIAL.is_rest_day(plain + timedelta(days=n)) for n in range((end - plain).days))


@settings(max_examples=400, deadline=None)
@given(start=days, count=st.integers(1, 400))
def test_adding_working_days(start: date, count: int) -> None:
    end = OFFICIAL.add_workdays(start, count)
    assert OFFICIAL.is_working_day(end)
    assert walk_working_days(OFFICIAL, start, end) == count
    assert OFFICIAL.workdays_between(start, end) == count
    back = OFFICIAL.add_workdays(end, -count)
    assert back <= start
    assert OFFICIAL.is_working_day(back)
    assert walk_working_days(OFFICIAL, back, end) == count
    assert OFFICIAL.next_working_day(back) == back


@settings(max_examples=400, deadline=None)
@given(day=days)
def test_next_working_day_is_the_first_working_day_from_day(day: date) -> None:
    result = OFFICIAL.next_working_day(day)
    assert OFFICIAL.is_working_day(result)
    assert all(OFFICIAL.is_rest_day(day + timedelta(days=n)) for n in range((result - day).days))
    assert OFFICIAL.add_workdays(day, 0) == day


@settings(max_examples=400, deadline=None)
@given(first=days, second=days, duration=durations)
def test_the_end_of_a_period_is_monotone_in_its_start(
    first: date, second: date, duration: Duration
) -> None:
    early, late = sorted((first, second))
    assert period_end(early, duration, calendar=OFFICIAL) <= period_end(
        late, duration, calendar=OFFICIAL
    )


@settings(max_examples=400, deadline=None)
@given(start=near_days, duration=durations)
def test_touched_names_every_year_the_answer_depends_on(start: date, duration: Duration) -> None:
    touched: set[int] = set()
    end = period_end(start, duration, calendar=OFFICIAL, touched=touched)
    if 2027 not in touched:
        assert period_end(start, duration, calendar=PERTURBED) == end
    perturbed_touched: set[int] = set()
    period_end(start, duration, calendar=PERTURBED, touched=perturbed_touched)
    assert 2027 not in perturbed_touched
    assert perturbed_touched == touched - {2027}


def reference_add_months(start: date, months: int) -> date:
    """Month arithmetic by stepping one month at a time, then clamping."""
    year, month = start.year, start.month
    step = 1 if months >= 0 else -1
    for _ in range(abs(months)):
        month += step
        if month == 13:
            year, month = year + 1, 1
        elif month == 0:
            year, month = year - 1, 12
    last = 31
    while last > 28:
        try:
            date(year, month, last)
            break
        except ValueError:
            last -= 1
    return date(year, month, min(start.day, last))


def test_add_months_agrees_with_a_brute_force_reference() -> None:
    """Every start day of 2000-2030, moved by every month count from -25 to 25."""
    day = date(2000, 1, 1)
    while day.year <= 2030:
        for months in range(-25, 26):
            result = add_months(day, months)
            assert result == reference_add_months(day, months), (day, months)
        day += timedelta(days=1)


def test_add_months_clamps_to_the_last_day() -> None:
    for year in range(2000, 2031):
        leap = gregorian.isleap(year)
        assert add_months(date(year - 1, 8, 31), 6) == date(year, 2, 29 if leap else 28)
