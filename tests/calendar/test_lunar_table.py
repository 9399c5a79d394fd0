"""The shipped lunar-date table, checked against the libraries it replaces at run time.

``tools/lunar_table.py`` computes the table with lunar-python; these tests redo that
computation and compare, and compare the festivals with chinesecalendar's published
holidays for the years that library covers (2004 onwards).
"""

from __future__ import annotations

import importlib.util
from datetime import date, timedelta
from pathlib import Path
from types import ModuleType

import pytest

from rectilaw.calendar import LUNAR_YEARS, CalendarError, lunar_days, qingming

ROOT = Path(__file__).resolve().parents[2]
TOOL = ROOT / "tools" / "lunar_table.py"


def _tool() -> ModuleType:
    spec = importlib.util.spec_from_file_location("lunar_table", TOOL)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_table_is_what_lunar_python_computes() -> None:
    pytest.importorskip("lunar_python")
    tool = _tool()
    shipped = (ROOT / "src/rectilaw/calendar/lunar_dates.csv").read_text("utf-8")
    assert shipped == tool.render(), "re-run `python tools/lunar_table.py`"


def test_the_table_covers_every_year_in_order() -> None:
    assert (LUNAR_YEARS.start, LUNAR_YEARS.stop - 1) == (1900, 2100)
    previous = date(1899, 12, 31)
    for year in LUNAR_YEARS:
        days = lunar_days(year)
        # 春节 falls between 21 January and 20 February (the new moon nearest 立春).
        assert date(year, 1, 21) <= days.spring_festival <= date(year, 2, 20), year
        assert days.qingming in (date(year, 4, 4), date(year, 4, 5), date(year, 4, 6)), year
        # 五月初五 is 4 lunar months of 29 or 30 days after 初一 (5 with a leap month),
        # plus 4 days; 八月十五 is 7 or 8 months plus 14 days.
        assert 4 * 29 + 4 <= (days.dragon_boat - days.spring_festival).days <= 5 * 30 + 4, year
        assert 7 * 29 + 14 <= (days.mid_autumn - days.spring_festival).days <= 8 * 30 + 14, year
        assert days.spring_festival > previous
        previous = days.mid_autumn
    assert qingming(2024) == lunar_days(2024).qingming == date(2024, 4, 4)


@pytest.mark.parametrize("year", [1899, 2101])
def test_years_outside_the_table_are_refused(year: int) -> None:
    with pytest.raises(CalendarError, match=str(year)):
        lunar_days(year)


def test_the_festivals_against_chinesecalendar() -> None:
    """Each festival day is a holiday of the same name in chinesecalendar's schedules.

    中秋节 shared 1 October with 国庆节 in 2020 (chinesecalendar names the day
    after National Day); before 2008 端午 and 中秋 were working days.
    """
    chinese_calendar = pytest.importorskip("chinese_calendar")
    years = sorted({day.year for day in chinese_calendar.holidays})
    assert years[0] <= 2008 and years[-1] >= 2025
    checked = 0
    for year in range(years[0], years[-1] + 1):
        days = lunar_days(year)
        expected = [(days.spring_festival, {"Spring Festival"})]
        if year >= 2008:
            expected += [(days.dragon_boat, {"Dragon Boat Festival"}),
                         (days.mid_autumn, {"Mid-autumn Festival", "National Day"})]
        if 2008 <= year < 2014 or year >= 2025:  # the break begins on 除夕
            expected.append((days.spring_festival - timedelta(days=1), {"Spring Festival"}))
        for day, names in expected:
            holiday, name = chinese_calendar.get_holiday_detail(day)
            # A festival on a weekend is a rest day that chinesecalendar leaves unnamed.
            assert holiday and (name in names or (name is None and day.weekday() >= 5)), (
                year, day, name)
            checked += 1
    assert checked > 60
