"""Reading a finding: from Python objects or JSON-ish values to checked, typed facts.

Embedding systems hand over mappings of whatever their storage gives: dates as
``date`` objects or ISO strings, money as ``Decimal``, integers, floats or
decimal strings, flags as booleans.  :func:`normalize` turns them into the one
typed form the evaluator reads, or raises a :class:`~rectilaw.errors.FindingError`
naming every bad field at once.
"""

from __future__ import annotations

import re
import reprlib
from collections.abc import Iterable, Mapping, Set
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

import attrs

from rectilaw import schema
from rectilaw.errors import FieldProblem, FindingError, did_you_mean

__all__ = ["Event", "FactSpec", "normalize", "schema_specs"]

_TRUE = frozenset({"true", "yes", "y", "1", "是", "对"})
_FALSE = frozenset({"false", "no", "n", "0", "否", "", "不是"})
#: The one written form of a date: the ISO calendar date.  (``date.fromisoformat``
#: alone would also take week dates and ``20240112``, but only on Python 3.11 and later.)
_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})", re.ASCII)
#: The largest amount, in digits before the point: what DECIMAL(38, 2) holds, the SQL
#: engine's type for money.  Beyond it a value is a mistake, not an amount.
MONEY_DIGITS = 36
_INTEGER = re.compile(r"-?\d{1,18}", re.ASCII)


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

    @property
    def default(self) -> Any:
        """The value of the field when a finding does not give it."""
        return _DEFAULTS.get(self.type)


_DEFAULTS: dict[str, Any] = {"bool": False, "money": Decimal(0), "integer": 0, "events": ()}


def schema_specs() -> dict[str, FactSpec]:
    """The shared schema's fields as specs."""
    return {name: FactSpec(name, f.type, f.values) for name, f in schema.FIELDS.items()}


class _Problem(Exception):
    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


_REPR = reprlib.Repr()
_REPR.maxlevel = 3
_REPR.maxstring = 40
_REPR.maxother = 40


def _describe(value: Any) -> str:
    """A short repr: a value nested a thousand deep or a megabyte long is shown cut, never
    walked whole (a plain ``repr`` would exhaust the recursion limit)."""
    text = _REPR.repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _given(value: Any) -> str:
    """A value as the finding gave it, in backticks, cut to 40 characters."""
    text = str(value)
    return f"`{text if len(text) <= 40 else text[:37] + '...'}`"


def _bool(value: Any) -> bool:
    if value is None or isinstance(value, bool):
        return bool(value)
    if isinstance(value, int) and value in (0, 1):
        return bool(value)
    if isinstance(value, str):
        word = value.strip().lower()
        if word in _TRUE:
            return True
        if word in _FALSE:
            return False
    raise _Problem(f"expected true or false, got {_describe(value)}")


def _date(value: Any) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        if value.time() != datetime.min.time():
            raise _Problem(f"expected a date, got a date and time {_describe(value)}")
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        match = _ISO_DATE.fullmatch(value.strip())
        try:
            if match is None:
                raise ValueError
            return date(*map(int, match.groups()))
        except ValueError:
            raise _Problem(f"{_given(value)} is not a date", "write dates as YYYY-MM-DD, "
                           "e.g. 2024-07-01") from None
    raise _Problem(f"expected a date, got {_describe(value)}")


def _money(value: Any) -> Decimal:
    if value is None or value == "":
        return Decimal(0)
    if isinstance(value, bool):
        raise _Problem(f"expected an amount in yuan, got {_describe(value)}")
    if isinstance(value, float):
        amount = Decimal(repr(value))
    elif isinstance(value, (int, Decimal)):
        amount = Decimal(value)
    elif isinstance(value, str):
        try:
            amount = Decimal(value.strip().replace(",", ""))
        except InvalidOperation:
            raise _Problem(f"{_given(value)} is not an amount", "write amounts in yuan, "
                           "e.g. \"12500.00\"") from None
    else:
        raise _Problem(f"expected an amount in yuan, got {_describe(value)}")
    return _checked_amount(amount, value)


def _checked_amount(amount: Decimal, value: Any) -> Decimal:
    """``amount`` if it is an amount of money: finite, not negative, to the fen, and of at
    most MONEY_DIGITS digits in yuan; else a problem naming ``value`` (what was given).

    Decimals are counted from the digits, never by arithmetic, which the decimal
    context can refuse (``1e999999999`` overflows its normal form).
    """
    if not amount.is_finite():
        raise _Problem(f"{_given(value)} is not a finite amount")
    if amount < 0:
        raise _Problem(f"an amount cannot be negative, got {str(value)[:40]}")
    _, digits, exponent = amount.as_tuple()
    if isinstance(exponent, int) and exponent < -2 and any(digits[exponent + 2:]):
        raise _Problem(f"{_given(value)} has more than two decimals",
                       "money is yuan to the fen (0.01)")
    if amount.adjusted() >= MONEY_DIGITS:
        raise _Problem(f"{_given(value)} is too large for an amount (more than "
                       f"{MONEY_DIGITS} digits in yuan)")
    return amount


def _integer(value: Any) -> int:
    if value is None or value == "":
        return 0
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str) and _INTEGER.fullmatch(value.strip()):
        return int(value)
    raise _Problem(f"expected a whole number, got {_describe(value)}")


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, str):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    raise _Problem(f"expected a text, got {_describe(value)}")


def _enum(value: Any, spec: FactSpec) -> str | None:
    if value is None or value == "":
        return None
    if isinstance(value, str) and value in spec.values:
        return value
    hint = did_you_mean(value, spec.values) if isinstance(value, str) else None
    raise _Problem(f"{_describe(value)} is not one of {', '.join(spec.values)}", hint)


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
        if isinstance(item, Event):
            events.append(item)
            continue
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
            events.append(Event(on, kind))
    return tuple(sorted(events))


_READERS = {"bool": _bool, "date": _date, "money": _money, "integer": _integer, "text": _text}


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
            problems.append(FieldProblem(repr(key), "field names are texts"))
            continue
        spec = specs.get(key)
        if spec is None:
            problems.append(FieldProblem(key, "unknown field", did_you_mean(key, specs)))
            continue
        if spec.type == "events":
            out[key] = _events(value, event_kinds, problems, key)
            continue
        try:
            out[key] = _enum(value, spec) if spec.type == "enum" else _READERS[spec.type](value)
        except _Problem as problem:
            problems.append(FieldProblem(key, problem.message, problem.hint))
    if problems:
        raise FindingError(problems, finding_id=finding.get("id"))
    return out
