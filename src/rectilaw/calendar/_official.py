"""The calendar of the State Council schedules bundled with rectilaw."""

from __future__ import annotations

import functools
import json
from importlib import resources

from rectilaw.calendar._calendar import Calendar
from rectilaw.calendar._loading import parse_document
from rectilaw.calendar._model import CalendarError

__all__ = ["load_official_calendar", "official_calendar"]

_DATA = "schedules.json"


def load_official_calendar() -> Calendar:
    """Read and check the bundled schedules afresh.

    Use :func:`official_calendar`, which does this once per process; this
    uncached form exists to measure and to test the load itself.
    """
    name = f"rectilaw/calendar/{_DATA}"
    text = resources.files("rectilaw.calendar").joinpath(_DATA).read_text(encoding="utf-8")
    schedules = parse_document(json.loads(text), name)
    try:
        return Calendar(schedules.values())
    except CalendarError as error:  # pragma: no cover - the bundled data is tested
        raise CalendarError(error.problems, name) from None


@functools.cache
def official_calendar() -> Calendar:
    """The bundled State Council schedules, loaded once per process.

    The data is reviewed against each year's notice (see ``docs/calendar.md``);
    a deployment that needs a newer or corrected year adds it with
    ``official_calendar().with_schedules(Calendar.from_yaml(path))`` rather than
    waiting for a release.
    """
    return load_official_calendar()
