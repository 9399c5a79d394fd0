"""Reading a finding: from Python objects or JSON-ish values to checked, typed facts.

Embedding systems hand over mappings of whatever their storage gives: dates as
``date`` objects or texts (``2024-03-01``, ``2024年3月1日``), money as ``Decimal``,
integers, floats or decimal strings, flags as booleans or ``是``/``否``, enum values
as codes or their Chinese labels (``立行立改``).  :func:`normalize` turns them into
the one typed form the evaluator reads, through the same readers every ledger
format uses (:mod:`rectilaw.values`), or raises a
:class:`~rectilaw.errors.FindingError` naming every bad field at once.
"""

from __future__ import annotations

import reprlib
from collections.abc import Iterable, Mapping, Set
from datetime import date
from decimal import Decimal
from typing import Any

import attrs

from rectilaw import schema, values
from rectilaw.calendar import FIRST_DAY, LAST_DAY
from rectilaw.errors import FieldProblem, FindingError, did_you_mean

__all__ = ["MONEY_DIGITS", "Event", "FactSpec", "enum_words", "normalize", "read", "schema_specs"]

#: Kept here for the modules that import it from this one.
MONEY_DIGITS = values.MONEY_DIGITS


@attrs.frozen(order=True)
class Event:
    """A supervision measure already taken: its kind (an action code) and the day it happened."""

    on: date
    kind: str

    def to_dict(self) -> dict[str, str]:
        return {"kind": self.kind, "on": self.on.isoformat()}


@attrs.frozen
class FactSpec:
    """What one field of a finding must be."""

    name: str
    type: str
    values: tuple[str, ...] = ()
    #: For enums: the words a value may be written in (folded, see :func:`values.fold`) → code.
    #: By default the shared schema's words for a field of that name.
    words: Mapping[str, str] = attrs.field(
        default=attrs.Factory(lambda self: enum_words(self.name), takes_self=True),
        eq=False, repr=False)

    @property
    def default(self) -> Any:
        """The value of the field when a finding does not give it."""
        return _DEFAULTS.get(self.type)


_DEFAULTS: dict[str, Any] = {"bool": False, "money": Decimal(0), "integer": 0, "events": ()}


def schema_specs() -> dict[str, FactSpec]:
    """The shared schema's fields as specs."""
    return {name: FactSpec(name, f.type, f.values) for name, f in schema.FIELDS.items()}


def enum_words(field: str) -> dict[str, str]:
    """The words of the shared schema's enum ``field``, folded, → code (empty if none)."""
    return {values.fold(word): code
            for code, words in schema.VALUE_WORDS.get(field, {}).items() for word in words}


_Problem = values.ValueProblem

_REPR = reprlib.Repr()
_REPR.maxlevel = 3
_REPR.maxstring = 40
_REPR.maxother = 40


def _describe(value: Any) -> str:
    """A short repr: a value nested a thousand deep or a megabyte long is shown cut, never
    walked whole (a plain ``repr`` would exhaust the recursion limit)."""
    text = _REPR.repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _date(value: Any) -> date | None:
    day = values.read_date(value)
    return None if day is None else in_calendar(day)


def in_calendar(day: date) -> date:
    """``day``, if the calendar answers for it: periods are counted over its working days,
    and a day outside them would fail every deadline computed from it."""
    if not FIRST_DAY <= day <= LAST_DAY:
        raise _Problem(f"{day.isoformat()} is outside the days the calendar answers for "
                       f"({FIRST_DAY.isoformat()} to {LAST_DAY.isoformat()})",
                       "check the year")
    return day


def _integer(value: Any) -> int:
    """A whole number of at most 18 digits (a subclass of int read as a plain one)."""
    if isinstance(value, int) and not isinstance(value, bool) and value.__class__ is not int:
        value = int(value)
    number = values.read_integer(value)
    if not -_LARGEST <= number <= _LARGEST:
        raise _Problem("the number is too large: at most 18 digits")
    return number


def _text(value: Any) -> str | None:
    """A text; a number given for it (an id, say) of at most 18 digits."""
    if isinstance(value, int) and not isinstance(value, bool) \
            and not -_LARGEST <= value <= _LARGEST:
        raise _Problem("the number is too large to be a text or an id: at most 18 digits")
    return values.read_text(value)


_LARGEST = 10**18 - 1


def read(spec: FactSpec, value: Any) -> Any:
    """``value`` read as ``spec`` says (not events), or a :class:`values.ValueProblem`."""
    kind = spec.type
    if kind == "enum":
        return values.read_enum(value, spec.values, spec.words)
    reader = _READERS.get(kind)
    return value if reader is None else reader(value)


def _events(value: Any, kinds: frozenset[str], problems: list[FieldProblem],
            field: str) -> tuple[Event, ...]:
    if value is None:
        return ()
    if isinstance(value, (str, bytes, Mapping, Set)) or not isinstance(value, Iterable):
        # a mapping would be read key by key, a set in an order that changes between runs
        problems.append(FieldProblem(field, f"expected a list of {{kind, on}}, got "
                                     f"{_describe(value)}"))
        return ()
    events = []
    for index, item in enumerate(value):
        where = f"{field}[{index}]"
        if isinstance(item, Event):  # read again: its day must be one the calendar has
            item = {"kind": item.kind, "on": item.on}
        if not isinstance(item, Mapping):
            problems.append(FieldProblem(where, f"expected {{kind, on}}, got {_describe(item)}"))
            continue
        extra = set(item) - {"kind", "on"}
        for key in sorted(map(str, extra)):
            problems.append(FieldProblem(f"{where}.{key}", "unknown key: an event has `kind` "
                                         "and `on`", did_you_mean(key, ("kind", "on"))))
        kind = item.get("kind")
        if kind is None:
            problems.append(FieldProblem(f"{where}.kind", "the kind of the measure is missing",
                                         "a measure is {kind, on}, e.g. {kind: reminder_letter, "
                                         "on: 2024-05-01}"))
        elif not isinstance(kind, str) or kind not in kinds:
            hint = did_you_mean(kind, kinds) if isinstance(kind, str) else None
            problems.append(FieldProblem(f"{where}.kind", f"{_describe(kind)} is not a measure "
                                         "of this policy", hint))
            kind = None
        try:
            on = _date(item.get("on"))
            if on is None:
                raise _Problem("the date of the measure is missing")
        except _Problem as problem:
            problems.append(FieldProblem(f"{where}.on", problem.message, problem.hint))
            continue
        if kind is not None:
            events.append(Event(on, str.__str__(kind)))  # a plain str, not a subclass
    return tuple(sorted(events))


_READERS: dict[str, Any] = {
    "bool": values.read_bool, "date": _date, "money": values.read_money,
    "integer": _integer, "text": _text,
}


def normalize(
    finding: Any,
    specs: Mapping[str, FactSpec],
    event_kinds: frozenset[str] = frozenset(schema.ACTIONS),
) -> dict[str, Any]:
    """The finding with every field typed and every default filled in.

    Raises FindingError listing every problem: unknown fields (with a
    did-you-mean), wrong types, impossible dates, negative or over-precise
    amounts, unknown enum values and malformed events.
    """
    if not isinstance(finding, Mapping):
        raise FindingError([FieldProblem("<finding>", "expected a mapping of field names to "
                                         f"values, got {_describe(finding)}")])
    problems: list[FieldProblem] = []
    out: dict[str, Any] = {name: spec.default for name, spec in specs.items()}
    for key, value in finding.items():
        if not isinstance(key, str):
            problems.append(FieldProblem(_describe(key), "field names are texts"))
            continue
        spec = specs.get(key)
        if spec is None:
            problems.append(FieldProblem(key, "unknown field", did_you_mean(key, specs)))
            continue
        if spec.type == "events":
            out[key] = _events(value, event_kinds, problems, key)
            continue
        try:
            out[key] = read(spec, value)
        except _Problem as problem:
            problems.append(FieldProblem(key, problem.message, problem.hint))
    if problems:
        raise FindingError(problems, finding_id=finding.get("id"))
    return out
