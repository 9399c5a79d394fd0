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

Lunar dates and the 清明 term come from ``lunar-python`` (MIT, pure Python),
imported on first use only: it costs about 20 ms to import and a few ms per
year, which the official calendar must not pay at load time.
"""

from __future__ import annotations

import functools
from datetime import date, timedelta

from rectilaw.calendar._model import FIRST_YEAR, LAST_YEAR, CalendarError, Holiday

__all__ = ["qingming", "statutory_festivals", "statutory_holidays"]


def _solar_of_lunar(year: int, month: int, day: int) -> date:
    """The Gregorian day of a day of lunar ``year`` (a common, not a leap, month)."""
    from lunar_python import Lunar  # type: ignore[import-untyped]

    solar = Lunar.fromYmd(year, month, day).getSolar()
    return date(int(solar.getYear()), int(solar.getMonth()), int(solar.getDay()))


@functools.cache
def qingming(year: int) -> date:
    """The day of the 清明 solar term in ``year``, in Beijing time (UTC+8).

    The term is the moment the sun reaches ecliptic longitude 15°; the day is
    the date of that moment in China, which is the date the holiday follows.
    Checked for 1990-2100; refused outside 1900-2100.
    """
    if not 1900 <= year <= LAST_YEAR:
        raise CalendarError([f"no 清明 date for {year}: rectilaw computes it for 1900-2100"])
    from lunar_python import Solar

    table = Solar.fromYmd(year, 4, 1).getLunar().getJieQiTable()
    solar = table["清明"]
    result = date(int(solar.getYear()), int(solar.getMonth()), int(solar.getDay()))
    if result.year != year:  # pragma: no cover - would mean the library changed its tables
        raise CalendarError([f"lunar-python gave 清明 {result} for {year}"])
    return result


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
    new_year = _solar_of_lunar(year, 1, 1)
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
        _days("清明节", qingming(year), 1),
        _days("劳动节", date(year, 5, 1), 2 if year >= 2025 else 1),
        _days("端午节", _solar_of_lunar(year, 5, 5), 1),
        _days("中秋节", _solar_of_lunar(year, 8, 15), 1),
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
