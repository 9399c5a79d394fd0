"""The statutory holidays of the 全国年节及纪念日放假办法, by rule and lunar date."""

from __future__ import annotations

from datetime import date

import pytest

from rectilaw.calendar import CalendarError, qingming, statutory_festivals, statutory_holidays


def d(text: str) -> date:
    return date.fromisoformat(text)


@pytest.mark.parametrize(
    ("year", "day"),
    [
        (1990, "1990-04-05"),
        (2000, "2000-04-04"),
        (2008, "2008-04-04"),
        (2019, "2019-04-05"),
        (2020, "2020-04-04"),
        (2023, "2023-04-05"),
        (2024, "2024-04-04"),
        (2025, "2025-04-04"),
        (2026, "2026-04-05"),
        (2027, "2027-04-05"),
        (2030, "2030-04-05"),
        (2032, "2032-04-04"),
        (2100, "2100-04-05"),
    ],
)
def test_qingming(year: int, day: str) -> None:
    assert qingming(year) == d(day)


def test_qingming_falls_on_4_or_5_april() -> None:
    for year in range(1990, 2101):
        assert qingming(year) in (date(year, 4, 4), date(year, 4, 5))


def test_qingming_against_chinesecalendar() -> None:
    """An independent formula agrees for 1990-2099 (a by-hand cross-check).

    chinesecalendar's century formula gives 4 April 2100; the term falls at
    00:44 on 5 April Beijing time that year, so only 2100 is left out.
    """
    chinese_calendar = pytest.importorskip("chinese_calendar")
    for year in range(1990, 2100):
        terms = chinese_calendar.get_solar_terms(date(year, 4, 1), date(year, 4, 10))
        assert [day for day, _ in terms] == [qingming(year)], year


def test_the_2025_rule() -> None:
    assert sorted(statutory_holidays(2027)) == [
        d("2027-01-01"),
        d("2027-02-05"), d("2027-02-06"), d("2027-02-07"), d("2027-02-08"),  # 除夕-初三
        d("2027-04-05"),
        d("2027-05-01"), d("2027-05-02"),
        d("2027-06-09"),
        d("2027-09-15"),
        d("2027-10-01"), d("2027-10-02"), d("2027-10-03"),
    ]  # fmt: skip
    assert [f.name for f in statutory_festivals(2027)] == [
        "元旦", "春节", "清明节", "劳动节", "端午节", "中秋节", "国庆节",
    ]  # fmt: skip
    # 除夕 is the day before 初一, whether lunar month 12 has 29 or 30 days.
    spring_2025 = statutory_festivals(2025)[1]
    assert (spring_2025.first, spring_2025.last) == (d("2025-01-28"), d("2025-01-31"))


def test_the_2014_rule() -> None:
    holidays = statutory_holidays(2024)
    assert len(holidays) == 11
    assert {d("2024-02-10"), d("2024-02-11"), d("2024-02-12")} <= holidays  # 初一-初三
    assert d("2024-02-09") not in holidays  # 除夕 is a working day under this rule
    assert {d("2024-06-10"), d("2024-09-17"), d("2024-04-04")} <= holidays
    assert d("2024-05-02") not in holidays


def test_the_2008_rule() -> None:
    holidays = statutory_holidays(2008)
    assert {d("2008-02-06"), d("2008-02-07"), d("2008-02-08")} <= holidays  # 除夕-初二
    assert d("2008-02-09") not in holidays
    assert {d("2008-04-04"), d("2008-06-08"), d("2008-09-14")} <= holidays


def test_the_1999_rule() -> None:
    assert sorted(statutory_holidays(2005)) == [
        d("2005-01-01"),
        d("2005-02-09"), d("2005-02-10"), d("2005-02-11"),
        d("2005-05-01"), d("2005-05-02"), d("2005-05-03"),
        d("2005-10-01"), d("2005-10-02"), d("2005-10-03"),
    ]  # fmt: skip


def test_holidays_per_year() -> None:
    for year in range(2000, 2101):
        count = len(statutory_holidays(year))
        if year < 2008:
            assert count == 10
        elif year < 2025:
            # 中秋节 fell on National Day in 2009 and 2020; the law adds no day.
            assert count == (10 if year in (2009, 2020) else 11), year
        else:
            assert count in (12, 13), year
        assert all(day.year == year for day in statutory_holidays(year))


def test_years_outside_the_rules_are_refused() -> None:
    with pytest.raises(CalendarError, match="1999"):
        statutory_holidays(1999)
    with pytest.raises(CalendarError, match="2101"):
        statutory_festivals(2101)
    with pytest.raises(ValueError):
        qingming(1899)
