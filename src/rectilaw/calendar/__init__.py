"""Working days and rest days of the PRC, as the State Council publishes them.

A rest day (法定休假日) is a weekend day or a day of a holiday break, unless the
year's schedule makes that weekend day a working day (调休上班).  The statutory
holidays follow from the 全国年节及纪念日放假办法 for every year
(:func:`statutory_holidays`); only the yearly swaps must be published, by a
notice of the General Office of the State Council (国务院办公厅关于YYYY年部分节假日
安排的通知).  :func:`official_calendar` holds the notices reviewed for this
release; a year beyond them is still answered, from weekends and the statutory
holidays, and every lookup that relied on it records the year in ``touched``
so that the answer can be marked provisional.

A deployment adds or corrects years without a release, with a YAML file::

    years:
      2027:
        notice: 国务院办公厅关于2027年部分节假日安排的通知   # required
        number: 国办发明电〔2026〕N号                      # optional: the document number
        issued: 2026-11-01                                # optional: the notice's date
        amended_by:                                       # optional: later notices
          - notice: 国务院办公厅关于调整2027年……的通知
            number: 国办发明电〔2027〕N号
        note: free text for reviewers                     # optional
        holidays:                                         # required: the breaks
          - {name: 元旦, from: 2027-01-01, to: 2027-01-03}
          - {name: 端午节, from: 2027-06-09}              # `to` defaults to `from`
        workdays: [2027-02-20]                            # make-up working days (调休上班)

and loads it with ``official_calendar().with_schedules(Calendar.from_yaml(path))``.

The calendar answers for the days :data:`FIRST_DAY` to :data:`LAST_DAY` (the
years :data:`FIRST_YEAR` to :data:`LAST_YEAR`, those of the holiday rules); the
lunar dates behind the holidays (:func:`lunar_days`) are shipped as a table for
:data:`LUNAR_YEARS`, 1900-2100.
A year given there replaces the bundled one as a whole.  The file is checked
before use and every problem is reported at once in a :class:`CalendarError`
(a ``ValueError``) naming the file: unknown keys (with a did-you-mean), missing
or mistyped values, a break that ends before it starts, breaks that overlap,
days outside the year (a break or make-up day may reach back into the last
week of the previous year, as New Year breaks do), make-up working days that
are weekdays, repeated, or inside a break.
"""

from __future__ import annotations

from rectilaw.calendar._calendar import Calendar
from rectilaw.calendar._model import (
    FIRST_DAY,
    FIRST_YEAR,
    LAST_DAY,
    LAST_YEAR,
    CalendarError,
    Holiday,
    Notice,
    YearSchedule,
)
from rectilaw.calendar._official import load_official_calendar, official_calendar
from rectilaw.calendar._statutory import (
    LUNAR_YEARS,
    LunarDays,
    lunar_days,
    qingming,
    statutory_festivals,
    statutory_holidays,
)

__all__ = [
    "FIRST_DAY",
    "FIRST_YEAR",
    "LAST_DAY",
    "LAST_YEAR",
    "LUNAR_YEARS",
    "Calendar",
    "CalendarError",
    "Holiday",
    "LunarDays",
    "Notice",
    "YearSchedule",
    "load_official_calendar",
    "lunar_days",
    "official_calendar",
    "qingming",
    "statutory_festivals",
    "statutory_holidays",
]
