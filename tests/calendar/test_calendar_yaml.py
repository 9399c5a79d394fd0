"""A deployment's own schedules: the YAML file, its checks and its errors."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from rectilaw.calendar import Calendar, CalendarError, official_calendar
from rectilaw.periods import Duration, period_end

# A made-up 2027 schedule (the real one is not published yet): the shape of a
# notice, with a New Year break joined to the weekend and a Sunday worked.
GOOD = """\
years:
  2027:
    notice: 国务院办公厅关于2027年部分节假日安排的通知
    number: 国办发明电〔2026〕99号
    issued: 2026-11-01
    note: invented for the tests
    holidays:
      - {name: 元旦, from: 2027-01-01, to: 2027-01-03}
      - {name: 春节, from: 2027-02-05, to: 2027-02-12}
      - {name: 清明节, from: 2027-04-05}
      - {name: 国庆节, from: 2027-10-01, to: 2027-10-07}
    workdays: [2027-02-20, 2027-10-09]
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "holidays.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def problems_of(text: str, tmp_path: Path) -> CalendarError:
    with pytest.raises(CalendarError) as caught:
        Calendar.from_yaml(write(tmp_path, text))
    return caught.value


def test_a_good_file_publishes_the_year(tmp_path: Path) -> None:
    deployment = Calendar.from_yaml(write(tmp_path, GOOD))
    assert deployment.published_years == (2027,)
    calendar = official_calendar().with_schedules(deployment)
    assert calendar.published_years == tuple(range(2019, 2028))
    assert calendar.source(2027) == (
        "国务院办公厅关于2027年部分节假日安排的通知（国办发明电〔2026〕99号）"
    )
    schedule = calendar.schedule(2027)
    assert schedule is not None and schedule.notice.issued == date(2026, 11, 1)
    assert schedule.holidays[2].first == schedule.holidays[2].last == date(2027, 4, 5)

    touched: set[int] = set()
    end = period_end(
        date(2026, 7, 1), Duration.parse("6 months"), calendar=calendar, touched=touched
    )
    assert end == date(2027, 1, 4)
    assert touched == set()  # no longer provisional
    assert calendar.is_working_day(date(2027, 2, 20))  # a Saturday worked
    assert calendar.is_rest_day(date(2027, 2, 10))
    assert calendar.add_workdays(date(2027, 2, 4), 1, touched) == date(2027, 2, 15)
    assert touched == set()
    # The official calendar itself is unchanged.
    assert not official_calendar().is_published(2027)


def test_text_and_mappings_are_accepted_too() -> None:
    from_text = Calendar.from_yaml(GOOD)
    from_mapping = official_calendar().with_schedules(
        {
            2027: {
                "notice": "国务院办公厅关于2027年部分节假日安排的通知",
                "holidays": [{"name": "元旦", "from": "2027-01-01", "to": "2027-01-03"}],
                "workdays": [],
            }
        }
    )
    assert from_text.is_published(2027)
    assert from_mapping.is_published(2027)
    assert from_mapping.is_rest_day(date(2027, 1, 1))


def test_a_year_is_replaced_whole() -> None:
    corrected = official_calendar().with_schedules(
        {2024: {"notice": "a correction", "holidays": [{"name": "元旦", "from": "2024-01-01"}]}}
    )
    assert corrected.source(2024) == "a correction"
    assert corrected.is_working_day(date(2024, 10, 1))
    assert corrected.is_rest_day(date(2024, 10, 12))  # no longer a make-up day


def test_every_problem_is_reported_at_once(tmp_path: Path) -> None:
    error = problems_of(
        """\
years:
  2027:
    notise: 国务院办公厅关于2027年部分节假日安排的通知
    holidays:
      - {name: 元旦, form: 2027-01-01, to: 2027-01-03}
      - {name: 春节, from: 2027-02-30, to: 2027-02-12}
      - {name: 国庆节, from: 2027-10-01, to: 2027-10-07 12:00:00}
    workdays: [tomorrow]
  twenty: {}
""",
        tmp_path,
    )
    message = str(error)
    assert message.startswith(f"{tmp_path / 'holidays.yaml'}: ")
    assert "unknown key `notise`; did you mean `notice`?" in message
    assert "years.2027.notice: missing" in message
    assert "unknown key `form`; did you mean `from`?" in message
    assert "years.2027.holidays[0]: missing `from`" in message
    assert "years.2027.holidays[1].from: `2027-02-30` is not a calendar date" in message
    assert "years.2027.holidays[2].to: expected a date, got a date and time" in message
    assert "years.2027.workdays[0]: expected a date like 2027-01-01, got the text `tomorrow`" in (
        message
    )
    assert "`twenty` is not a year" in message
    assert len(error.problems) == 8
    assert isinstance(error, ValueError)


def test_schedule_checks(tmp_path: Path) -> None:
    error = problems_of(
        """\
years:
  2027:
    notice: 国务院办公厅关于2027年部分节假日安排的通知
    holidays:
      - {name: 元旦, from: 2027-01-03, to: 2027-01-01}
      - {name: 春节, from: 2027-02-05, to: 2027-02-12}
      - {name: 元宵, from: 2027-02-12, to: 2027-02-13}
      - {name: 国庆节, from: 2028-10-01, to: 2028-10-07}
    workdays: [2027-02-06, 2027-01-04, 2027-02-20, 2027-02-20, 2026-06-06]
""",
        tmp_path,
    )
    problems = error.problems
    assert problems == (
        "years.2027.holidays[0] (元旦): the break ends (2027-01-01) before it starts "
        "(2027-01-03); `from` must not be after `to`",
        "years.2027.holidays[2] (元宵): 2027-02-12 is already in the break "
        "years.2027.holidays[1] (春节)",
        "years.2027.holidays[3] (国庆节): 2028-10-01 to 2028-10-07 is outside the 2027 "
        "schedule; its days must lie between 2026-12-25 and 2027-12-31",
        "years.2027.workdays[0]: 2027-02-06 is both a make-up working day and part of the "
        "break years.2027.holidays[1] (春节)",
        "years.2027.workdays[1]: 2027-01-04 is a Monday, a working day anyway; a make-up "
        "working day (调休上班) is a Saturday or Sunday",
        "years.2027.workdays[3]: 2027-02-20 is listed twice",
        "years.2027.workdays[4]: 2026-06-06 is outside the 2027 schedule; between 2026-12-25 "
        "and 2027-12-31",
    )


def test_structure_errors(tmp_path: Path) -> None:
    assert "missing `years`" in str(problems_of("year:\n  2027: {}\n", tmp_path))
    assert "did you mean `years`?" in str(problems_of("year:\n  2027: {}\n", tmp_path))
    assert "expected a mapping" in str(problems_of("- 2027\n- 2028\n", tmp_path))
    error = problems_of("years:\n  2027:\n    notice: x\n    holidays: none\n", tmp_path)
    assert error.problems == ("years.2027.holidays: expected a list, got the text `none`",)
    error = problems_of("years:\n  2027:\n    notice: x\n    holidays: []\n", tmp_path)
    assert error.problems == ("years.2027.holidays: a published schedule lists at least one break",)
    error = problems_of("years:\n  1999:\n    notice: x\n    holidays: []\n", tmp_path)
    assert error.problems == ("years.1999: the year must lie between 2000 and 2100",)


def test_yaml_syntax_and_duplicate_keys(tmp_path: Path) -> None:
    error = problems_of("years:\n  2027: {notice: x\n", tmp_path)
    assert str(error).startswith(f"{tmp_path / 'holidays.yaml'}:3:")
    assert "not valid YAML" in str(error)
    error = problems_of(
        "years:\n  2027: {notice: a, holidays: [{name: 元旦, from: 2027-01-01}]}\n"
        "  2027: {notice: b, holidays: [{name: 元旦, from: 2027-01-01}]}\n",
        tmp_path,
    )
    assert "3:3" in str(error)
    assert "the key `2027` is given twice" in str(error)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(CalendarError, match="cannot read the file"):
        Calendar.from_yaml(tmp_path / "absent.yaml")


def test_conflicts_between_years() -> None:
    # Saturday 2022-12-31 is in the 2023 New Year break; a 2022 schedule may not work it.
    with pytest.raises(CalendarError, match="2022-12-31 is a make-up working day, but the 2023"):
        official_calendar().with_schedules(
            {
                2022: {
                    "notice": "a wrong correction",
                    "holidays": [{"name": "元旦", "from": "2022-01-01", "to": "2022-01-03"}],
                    "workdays": ["2022-12-31"],
                }
            }
        )


def test_with_schedules_refuses_a_path() -> None:
    with pytest.raises(TypeError, match="from_yaml"):
        official_calendar().with_schedules("holidays.yaml")  # type: ignore[arg-type]


def test_schedule_checks_run_beside_a_missing_notice(tmp_path: Path) -> None:
    error = problems_of(
        "years:\n  2027:\n    holidays: [{name: 元旦, from: 2027-01-01}]\n"
        "    workdays: [2027-01-04]\n",
        tmp_path,
    )
    assert error.problems == (
        "years.2027.notice: missing",
        "years.2027.workdays[0]: 2027-01-04 is a Monday, a working day anyway; a make-up "
        "working day (调休上班) is a Saturday or Sunday",
    )
