"""Reading holiday schedules from YAML or JSON documents, with every problem reported.

The bundled ``schedules.json`` and a deployment's YAML file share one layout
(JSON is read with :mod:`json` for speed, YAML with a loader that also rejects
duplicate keys, which PyYAML would otherwise let the later one win silently).
"""

from __future__ import annotations

import difflib
import functools
import os
import re
from collections.abc import Hashable, Mapping, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rectilaw.calendar._model import (
    CalendarError,
    Holiday,
    Notice,
    YearSchedule,
    schedule_problems,
)

if TYPE_CHECKING:
    import yaml

__all__ = ["load_yaml", "parse_document", "parse_years"]

_TOP_KEYS = ("years",)
_YEAR_KEYS = ("notice", "number", "issued", "amended_by", "note", "holidays", "workdays")
_NOTICE_KEYS = ("notice", "number", "issued")
_HOLIDAY_KEYS = ("name", "from", "to")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class _Problems:
    """Collects problems instead of stopping at the first one."""

    def __init__(self) -> None:
        self.items: list[str] = []

    def add(self, where: str, message: str) -> None:
        self.items.append(f"{where}: {message}" if where else message)

    def unknown_keys(self, where: str, data: Mapping[Any, Any], allowed: Sequence[str]) -> None:
        for key in data:
            if key in allowed:
                continue
            close = difflib.get_close_matches(str(key), allowed, n=1, cutoff=0.5)
            hint = f"; did you mean `{close[0]}`?" if close else f"; allowed: {', '.join(allowed)}"
            self.add(where, f"unknown key `{key}`{hint}")

    def text(self, where: str, value: object, *, required: bool) -> str | None:
        if value is None:
            if required:
                self.add(where, "missing")
            return None
        if not isinstance(value, str) or not value.strip():
            self.add(where, f"expected text, got {_describe(value)}")
            return None
        return value.strip()

    def day(self, where: str, value: object) -> date | None:
        if isinstance(value, datetime):
            self.add(where, f"expected a date, got a date and time ({value.isoformat()})")
            return None
        if isinstance(value, date):
            return value
        if isinstance(value, str) and _ISO_DATE.match(value.strip()):
            try:
                return date.fromisoformat(value.strip())
            except ValueError:
                self.add(where, f"`{value}` is not a calendar date")
                return None
        self.add(where, f"expected a date like 2027-01-01, got {_describe(value)}")
        return None

    def mapping(self, where: str, value: object) -> Mapping[Any, Any] | None:
        if isinstance(value, Mapping):
            return value
        self.add(where, f"expected a mapping of keys to values, got {_describe(value)}")
        return None

    def sequence(self, where: str, value: object) -> Sequence[Any] | None:
        if isinstance(value, Sequence) and not isinstance(value, str):
            return value
        self.add(where, f"expected a list, got {_describe(value)}")
        return None


def _describe(value: object) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, str):
        return f"the text `{value}`" if value.strip() else "empty text"
    if isinstance(value, bool):
        return f"`{str(value).lower()}`"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    if isinstance(value, Mapping):
        return "a mapping"
    if isinstance(value, Sequence):
        return "a list"
    return type(value).__name__


def _year_key(problems: _Problems, key: object) -> int | None:
    if isinstance(key, bool):
        year = None
    elif isinstance(key, int):
        year = key
    elif isinstance(key, str) and key.strip().isdigit():
        year = int(key)
    else:
        year = None
    if year is None:
        problems.add("years", f"`{key}` is not a year; the keys of `years` are years like 2027")
    return year


def _notice(problems: _Problems, where: str, data: Mapping[Any, Any]) -> Notice | None:
    title = problems.text(f"{where}.notice", data.get("notice"), required=True)
    number = problems.text(f"{where}.number", data.get("number"), required=False)
    issued = None
    if data.get("issued") is not None:
        issued = problems.day(f"{where}.issued", data["issued"])
    return None if title is None else Notice(title, number, issued)


def _holiday(problems: _Problems, where: str, value: object) -> Holiday | None:
    data = problems.mapping(where, value)
    if data is None:
        return None
    problems.unknown_keys(where, data, _HOLIDAY_KEYS)
    name = problems.text(f"{where}.name", data.get("name"), required=True)
    if "from" not in data:
        problems.add(where, "missing `from`, the first day of the break")
        return None
    first = problems.day(f"{where}.from", data["from"])
    last = first if data.get("to") is None else problems.day(f"{where}.to", data["to"])
    if name is None or first is None or last is None:
        return None
    return Holiday(name, first, last)


def _year(problems: _Problems, year: int, value: object) -> YearSchedule | None:
    where = f"years.{year}"
    data = problems.mapping(where, value)
    if data is None:
        return None
    before = len(problems.items)
    problems.unknown_keys(where, data, _YEAR_KEYS)
    notice = _notice(problems, where, data)
    amendments: list[Notice] = []
    raw_amendments = data.get("amended_by")
    if raw_amendments is not None:
        entries = problems.sequence(f"{where}.amended_by", raw_amendments)
        for index, entry in enumerate(entries or ()):
            at = f"{where}.amended_by[{index}]"
            amendment = problems.mapping(at, entry)
            if amendment is not None:
                problems.unknown_keys(at, amendment, _NOTICE_KEYS)
                parsed = _notice(problems, at, amendment)
                if parsed is not None:
                    amendments.append(parsed)
    note = problems.text(f"{where}.note", data.get("note"), required=False)
    structural = len(problems.items) > before
    before = len(problems.items)
    holidays: list[Holiday] = []
    if "holidays" not in data:
        problems.add(where, "missing `holidays`, the list of breaks")
    else:
        entries = problems.sequence(f"{where}.holidays", data["holidays"])
        for index, entry in enumerate(entries or ()):
            holiday = _holiday(problems, f"{where}.holidays[{index}]", entry)
            if holiday is not None:
                holidays.append(holiday)
    workdays: list[date] = []
    if data.get("workdays") is not None:
        entries = problems.sequence(f"{where}.workdays", data["workdays"])
        for index, entry in enumerate(entries or ()):
            day = problems.day(f"{where}.workdays[{index}]", entry)
            if day is not None:
                workdays.append(day)
    if len(problems.items) > before:
        # An entry that could not be read would shift the positions the
        # schedule checks report, so they wait for a readable list.
        return None
    schedule = YearSchedule(
        year=year,
        notice=notice or Notice("(missing)"),
        holidays=tuple(holidays),
        workdays=tuple(workdays),
        amended_by=tuple(amendments),
        note=note,
    )
    found = schedule_problems(schedule)
    for problem in found:
        problems.add("", problem)
    return None if found or structural or notice is None else schedule


def _years(problems: _Problems, data: Mapping[Any, Any]) -> dict[int, YearSchedule]:
    schedules: dict[int, YearSchedule] = {}
    seen: set[int] = set()
    for key, value in data.items():
        year = _year_key(problems, key)
        if year is None:
            continue
        if year in seen:
            problems.add(f"years.{year}", "the year is given twice")
            continue
        seen.add(year)
        schedule = _year(problems, year, value)
        if schedule is not None:
            schedules[year] = schedule
    return schedules


def parse_years(data: Mapping[Any, Any], source: str | None = None) -> dict[int, YearSchedule]:
    """Schedules from the contents of a document's ``years`` mapping."""
    problems = _Problems()
    schedules = _years(problems, data)
    if problems.items:
        raise CalendarError(problems.items, source)
    return schedules


def parse_document(data: object, source: str | None = None) -> dict[int, YearSchedule]:
    """Schedules from a whole document: a mapping with one key, ``years``."""
    problems = _Problems()
    top = problems.mapping("", data)
    schedules: dict[int, YearSchedule] = {}
    if top is not None:
        problems.unknown_keys("", top, _TOP_KEYS)
        if "years" not in top:
            problems.add("", "missing `years`, the mapping of years to schedules")
        else:
            years = problems.mapping("years", top["years"])
            if years is not None:
                schedules = _years(problems, years)
    if problems.items:
        raise CalendarError(problems.items, source)
    return schedules


@functools.cache
def _strict_loader() -> type[yaml.SafeLoader]:
    """A safe loader that refuses a key given twice in one mapping.

    Built on first use, so that importing rectilaw does not pay for PyYAML.
    """
    import yaml

    class StrictLoader(yaml.SafeLoader):
        pass

    def construct_mapping(loader: yaml.SafeLoader, node: yaml.Node) -> dict[Hashable, Any]:
        assert isinstance(node, yaml.MappingNode)
        loader.flatten_mapping(node)
        result: dict[Hashable, Any] = {}
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node, deep=True)
            if not isinstance(key, Hashable):
                raise yaml.constructor.ConstructorError(
                    None, None, "a key must be a plain value", key_node.start_mark
                )
            if key in result:
                raise yaml.constructor.ConstructorError(
                    None, None, f"the key `{key}` is given twice", key_node.start_mark
                )
            result[key] = loader.construct_object(value_node, deep=True)
        return result

    def construct_timestamp(loader: yaml.SafeLoader, node: yaml.Node) -> object:
        # An impossible date such as 2027-02-30 stays text, for the checks to name.
        assert isinstance(node, yaml.ScalarNode)
        try:
            return loader.construct_yaml_timestamp(node)
        except ValueError:
            return loader.construct_scalar(node)

    StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, construct_mapping)
    StrictLoader.add_constructor("tag:yaml.org,2002:timestamp", construct_timestamp)
    return StrictLoader


def load_yaml(source: str | os.PathLike[str]) -> tuple[dict[int, YearSchedule], str]:
    """Schedules from a YAML file, or from YAML text (a ``str`` with a line break)."""
    if isinstance(source, str) and "\n" in source:
        name, text = "<yaml text>", source
    else:
        path = Path(source)
        name = str(path)
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as error:
            reason = error.strerror or str(error)
            raise CalendarError([f"cannot read the file: {reason}"], name) from None
        except UnicodeDecodeError:
            raise CalendarError(["the file is not UTF-8 text"], name) from None
    import yaml

    try:
        data = yaml.load(text, Loader=_strict_loader())
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        where = f"{name}:{mark.line + 1}:{mark.column + 1}" if mark else name
        raise CalendarError([f"not valid YAML: {error.problem or error}"], where) from None
    except yaml.YAMLError as error:
        raise CalendarError([f"not valid YAML: {error}"], name) from None
    return parse_document(data, name), name
