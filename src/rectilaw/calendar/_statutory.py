"""The statutory holidays of the 全国年节及纪念日放假办法, for any year.

They need no yearly notice: the law fixes them by the Gregorian date, the
lunar date or the 清明 solar term.  Only the yearly swaps (调休) must be
published, so a year without a published schedule still has its statutory
holidays, and nothing more.

The rule changed three times in the years covered here:

==========  ==============================  ========================================
years       revision                        春节 and 劳动节
==========  ==============================  ========================================
2000-2007   1999, 国务院令第270号            初一 to 初三; 5/1-5/3; no 清明/端午/中秋
2008-2013   2007, 国务院令第513号            除夕, 初一, 初二; 5/1
2014-2024   2013, 国务院令第644号            初一 to 初三; 5/1
2025-       2024, 国务院令第795号            除夕 to 初三; 5/1-5/2
==========  ==============================  ========================================

元旦 (1/1) and 国庆节 (10/1-10/3) are the same throughout; 清明节, 端午节
(lunar 5/5) and 中秋节 (lunar 8/15) are one day each since 2008.

The lunar dates and the 清明 term are read from ``lunar_dates.csv``, a table
of 1900-2100 shipped with the package (:data:`LUNAR_YEARS`): four days a year
need no astronomical library at run time.  ``tools/lunar_table.py`` computes
the table with ``lunar-python``, and the tests check it against that library
and against ``chinesecalendar``.
"""

from __future__ import annotations

import functools
from datetime import date, timedelta
from importlib import resources

import attrs

from rectilaw.calendar._model import FIRST_YEAR, LAST_YEAR, CalendarError, Holiday

__all__ = ["LUNAR_YEARS", "LunarDays", "lunar_days", "qingming", "statutory_festivals",
           "statutory_holidays"]

_TABLE = "lunar_dates.csv"
#: The years the lunar table covers: 清明 is known for all of them, the holidays
#: for :data:`~rectilaw.calendar.FIRST_YEAR` to :data:`~rectilaw.calendar.LAST_YEAR`.
LUNAR_YEARS = range(1900, 2101)


@attrs.frozen
class LunarDays:
    """The days of one Gregorian year that the holiday rules read from the lunar calendar."""

    spring_festival: date  #: 正月初一 (春节); 除夕 is the day before
    qingming: date  #: the 清明 solar term, in Beijing time
    dragon_boat: date  #: 五月初五 (端午节)
    mid_autumn: date  #: 八月十五 (中秋节)


@functools.cache
def _table() -> dict[int, LunarDays]:
    text = resources.files("rectilaw.calendar").joinpath(_TABLE).read_text(encoding="utf-8")
    table: dict[int, LunarDays] = {}
    for line in text.splitlines():
        if line.startswith("#") or line.startswith("year,"):
            continue
        year, *days = line.split(",")
        table[int(year)] = LunarDays(*(date.fromisoformat(day) for day in days))
    if list(table) != list(LUNAR_YEARS):  # pragma: no cover - the shipped table is tested
        raise CalendarError([f"rectilaw/calendar/{_TABLE} does not cover {LUNAR_YEARS}"])
    return table


def lunar_days(year: int) -> LunarDays:
    """The lunar-calendar days of ``year``; CalendarError outside 1900-2100."""
    if year not in LUNAR_YEARS:
        raise CalendarError([f"no lunar dates for {year}: rectilaw has them for "
                             f"{LUNAR_YEARS.start}-{LUNAR_YEARS.stop - 1}"])
    return _table()[year]


def qingming(year: int) -> date:
    """The day of the 清明 solar term in ``year``, in Beijing time (UTC+8).

    The term is the moment the sun reaches ecliptic longitude 15°; the day is
    the date of that moment in China, which is the date the holiday follows.
    Refused outside 1900-2100.
    """
    if year not in LUNAR_YEARS:
        raise CalendarError([f"no 清明 date for {year}: rectilaw computes it for 1900-2100"])
    return _table()[year].qingming


def _check_year(year: int) -> None:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise CalendarError(
            [
                f"no statutory holiday rules for {year}: rectilaw knows the "
                f"全国年节及纪念日放假办法 for {FIRST_YEAR}-{LAST_YEAR}; publish a schedule "
                "for that year to use it"
            ]
        )


def _days(name: str, first: date, count: int) -> Holiday:
    return Holiday(name, first, first + timedelta(days=count - 1))


@functools.cache
def statutory_festivals(year: int) -> tuple[Holiday, ...]:
    """The statutory holidays of ``year``, one entry per festival, in date order.

    Entries may share a day (中秋节 fell on 1 October in 2001 and 2020); the
    law then gives no extra day, which only a published schedule can do.
    Raises :class:`CalendarError` outside 2000-2100.
    """
    _check_year(year)
    lunar = lunar_days(year)
    new_year = lunar.spring_festival
    eve = new_year - timedelta(days=1)
    if year < 2008:
        return (
            _days("元旦", date(year, 1, 1), 1),
            _days("春节", new_year, 3),
            _days("劳动节", date(year, 5, 1), 3),
            _days("国庆节", date(year, 10, 1), 3),
        )
    if year < 2014:
        spring = _days("春节", eve, 3)
    elif year < 2025:
        spring = _days("春节", new_year, 3)
    else:
        spring = _days("春节", eve, 4)
    festivals = (
        _days("元旦", date(year, 1, 1), 1),
        spring,
        _days("清明节", lunar.qingming, 1),
        _days("劳动节", date(year, 5, 1), 2 if year >= 2025 else 1),
        _days("端午节", lunar.dragon_boat, 1),
        _days("中秋节", lunar.mid_autumn, 1),
        _days("国庆节", date(year, 10, 1), 3),
    )
    return tuple(sorted(festivals, key=lambda holiday: (holiday.first, holiday.name)))


@functools.cache
def statutory_holidays(year: int) -> frozenset[date]:
    """Every statutory holiday of ``year`` (13 days since 2025, 11 from 2008 to 2024).

    These are the days off a year has before its schedule is published: no
    weekend is moved and no make-up working day is added.  Raises
    :class:`CalendarError` outside 2000-2100.
    """
    return frozenset(day for festival in statutory_festivals(year) for day in festival.days())
