"""From a ledger row's cells to a finding's typed facts, every problem named.

Spreadsheets give what people typed or what the file format stores: ``是`` and
``否`` or ``√`` for flags, dates as ``2024/7/1``, ``2024年7月1日``, Excel date
cells or Excel serial numbers, amounts as ``1,250,000.00`` or ``¥300``, blank
cells for "not given".  Each column gets one coercer, chosen once from the
field's type, that turns such a cell into the value the evaluator reads (a
``date``, a ``Decimal``, a ``bool``, a code) or says what is wrong with it.
Cells that already have the right type (what Parquet and embedding systems
give) pass a single class test.

Supervision measures (``events``) in a cell are written as
``reminder_letter@2024-05-01; supervision_letter@2024-06-01`` (codes or the
policy's Chinese labels, separated by ``;``, ``；`` or line breaks), or as a
JSON list of ``{"kind": …, "on": …}``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date, datetime, timedelta
from decimal import Context, Decimal, InvalidOperation
from typing import Any

import attrs

from rectilaw.errors import FieldProblem, did_you_mean
from rectilaw.findings import MONEY_DIGITS, Event, FactSpec
from rectilaw.ledger.columns import ColumnMapping, header_key
from rectilaw.ledger.errors import LedgerError

__all__ = ["BrokenRecord", "Layout", "RowReader", "find_header", "resolve_layout"]

_EXCEL_EPOCH = date(1899, 12, 30)
_TRUE = frozenset({"true", "yes", "y", "1", "是", "对", "√", "✓", "✔"})
_FALSE = frozenset({"false", "no", "n", "0", "否", "不是", "×", "✗", "✘"})
_DATE = re.compile(
    r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?"
    r"(?:[ T]0{1,2}:00(?::00(?:\.0+)?)?)?$"
)
_DATE_HINT = "write dates as YYYY-MM-DD, e.g. 2024-07-01"
_COMPACT_DATE = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_INTEGER = re.compile(r"-?[0-9]{1,18}")
_MONEY_NOISE = re.compile(r"[,，\s¥￥]|元$")
_EVENT_SPLIT = re.compile(r"[;；\n]+")

_WIDE = Context(prec=80)
_FEN = Decimal("0.01")

Coercer = Callable[[Any], Any]


class _Bad(Exception):
    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


def _show(value: Any) -> str:
    text = str(value) if isinstance(value, str) else repr(value)
    return f"`{text if len(text) <= 40 else text[:37] + '...'}`"


# ---------------------------------------------------------------- one cell, by type

def _text(value: Any) -> str | None:
    if value.__class__ is str:
        return value.strip() or None
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    raise _Bad(f"expected a text, got {_show(value)}")


def _day(year: str, month: str, day: str, value: Any) -> date:
    try:
        return date(int(year), int(month), int(day))
    except ValueError:
        raise _Bad(f"{_show(value)} is not a date: no such day", _DATE_HINT) from None


def _date(value: Any) -> date | None:
    if value.__class__ is date:
        return value
    if isinstance(value, datetime):
        if value.time() != datetime.min.time():
            raise _Bad(f"expected a date, got a date and time {_show(value)}")
        return value.date()
    if isinstance(value, str):
        text = value.strip()
        if not text:
            return None
        match = _DATE.match(text) or _COMPACT_DATE.match(text)
        if match is None:
            raise _Bad(f"{_show(value)} is not a date", _DATE_HINT)
        year, month, day = match.groups()
        return _day(year, month, day, value)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if 1 <= value <= 2958465 and float(value).is_integer():
            return _EXCEL_EPOCH + timedelta(days=int(value))
        raise _Bad(f"{_show(value)} is not a date (nor an Excel date number)")
    if isinstance(value, date):
        return date(value.year, value.month, value.day)
    raise _Bad(f"expected a date, got {_show(value)}")


def _money(value: Any) -> Decimal:
    if value.__class__ is Decimal:
        amount = value
    elif isinstance(value, str):
        text = _MONEY_NOISE.sub("", value)
        if not text:
            return Decimal(0)
        try:
            amount = Decimal(text)
        except InvalidOperation:
            raise _Bad(f"{_show(value)} is not an amount",
                       "write amounts in yuan, e.g. 12500.00") from None
    elif isinstance(value, float):
        amount = Decimal(repr(value))
    elif isinstance(value, (int, Decimal)) and not isinstance(value, bool):
        amount = Decimal(value)
    else:
        raise _Bad(f"expected an amount in yuan, got {_show(value)}")
    if not amount.is_finite():
        raise _Bad(f"{_show(value)} is not a finite amount")
    if amount < 0:
        raise _Bad(f"an amount cannot be negative, got {_show(value)}")
    # The usual case, decided without taking the digits apart: not too large, and to the fen
    # (quantizing to 0.01 changes nothing; exact, as the result has at most 38 digits).
    if amount.adjusted() < MONEY_DIGITS and _WIDE.quantize(amount, _FEN) == amount:
        return amount
    # Counted from the digits: decimal arithmetic (quantize) fails past 28 digits.
    _, digits, exponent = amount.as_tuple()
    if isinstance(exponent, int) and exponent < -2 and any(digits[exponent + 2:]):
        raise _Bad(f"{_show(value)} has more than two decimals", "money is yuan to the fen (0.01)")
    if amount.adjusted() >= MONEY_DIGITS:
        raise _Bad(f"{_show(value)} is too large for an amount (more than {MONEY_DIGITS} "
                   "digits in yuan)")
    return amount


def _bool(value: Any) -> bool:
    if value.__class__ is bool:
        return value
    if isinstance(value, str):
        word = value.strip().casefold()
        if word in _TRUE:
            return True
        if word in _FALSE or not word:
            return False
    elif isinstance(value, (int, float)) and value in (0, 1):
        return bool(value)
    raise _Bad(f"expected 是 or 否 (true or false), got {_show(value)}")


def _integer(value: Any) -> int:
    if value.__class__ is int:
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str):
        text = value.strip()
        if not text:
            return 0
        if _INTEGER.fullmatch(text):
            return int(text)
    raise _Bad(f"expected a whole number, got {_show(value)}")


def _enum(field: str, spec: FactSpec, mapping: ColumnMapping) -> Coercer:
    codes = frozenset(spec.values)
    words = sorted({*codes, *mapping.values.get(field, {})})

    def coerce(value: Any) -> str | None:
        if value.__class__ is str and value in codes:
            return value
        if not isinstance(value, str):
            raise _Bad(f"expected one of {', '.join(spec.values)}, got {_show(value)}")
        text = value.strip()
        if not text:
            return None
        code = text if text in codes else mapping.code_of(field, text)
        if code in codes:
            return code
        raise _Bad(f"{_show(value)} is not one of {', '.join(spec.values)}",
                   did_you_mean(header_key(text), words))

    return coerce


def _events(kinds: Mapping[str, str]) -> Coercer:
    """``kinds``: every word a measure may be written as (code or label, keyed) → code."""
    codes = sorted(set(kinds.values()))

    def kind_of(word: Any) -> str:
        if isinstance(word, str):
            code = kinds.get(header_key(word))
            if code is not None:
                return code
        hint = did_you_mean(str(word), codes) if isinstance(word, str) else None
        raise _Bad(f"{_show(word)} is not a supervision measure of this policy", hint)

    def event(item: Any) -> Event:
        if isinstance(item, Event):
            return item
        if isinstance(item, Mapping):
            extra = sorted(map(str, set(item) - {"kind", "on"}))
            if extra:
                raise _Bad(f"unknown key `{extra[0]}`: a measure has `kind` and `on`")
            kind, on = item.get("kind"), item.get("on")
        elif isinstance(item, str) and "@" in item:
            kind, on = (part.strip() for part in item.split("@", 1))
        else:
            raise _Bad(f"{_show(item)} is not a measure", "write measures as "
                       "`reminder_letter@2024-05-01; supervision_letter@2024-06-01`")
        day = _date(on) if on is not None else None
        if day is None:
            raise _Bad(f"the measure {_show(item)} has no date")
        return Event(day, kind_of(kind))

    def coerce(value: Any) -> tuple[Event, ...]:
        if isinstance(value, str):
            text = value.strip()
            if text.startswith("["):
                try:
                    value = json.loads(text)
                except ValueError:
                    raise _Bad(f"{_show(value)} is not a JSON list of measures") from None
            else:
                value = [part for part in _EVENT_SPLIT.split(text) if part.strip()]
        if not isinstance(value, (list, tuple)):
            raise _Bad(f"expected a list of measures, got {_show(value)}")
        return tuple(sorted(event(item) for item in value))

    return coerce


def _unchecked(value: Any) -> Any:
    return value


_BY_TYPE: Mapping[str, Coercer] = {
    "text": _text, "date": _date, "money": _money, "bool": _bool, "integer": _integer,
}

#: The exact classes a cell may have to be taken as it is, by field type.
_READY: Mapping[str, type] = {"date": date, "bool": bool, "integer": int, "enum": str}


# ---------------------------------------------------------------- the table's layout

@attrs.frozen
class Layout:
    """What each column of a ledger is: a field name, or None for a column carried along."""

    headers: tuple[str, ...]
    fields: tuple[str | None, ...]
    warnings: tuple[str, ...] = ()

    def column_of(self, field: str) -> str:
        """The ledger's own header of ``field``."""
        for header, name in zip(self.headers, self.fields, strict=True):
            if name == field:
                return header
        return field


def find_header(rows: Sequence[Sequence[Any]], mapping: ColumnMapping) -> int | None:
    """The index of the row that looks most like the header (most known names), or None."""
    best, best_count = None, 0
    for index, row in enumerate(rows):
        count = sum(1 for cell in row if isinstance(cell, str) and mapping.field_of(cell))
        if count > best_count:
            best, best_count = index, count
    return best


def resolve_layout(headers: Sequence[Any], mapping: ColumnMapping,
                   specs: Mapping[str, FactSpec]) -> Layout:
    """Which field each header names; unknown and repeated columns are carried along, with a
    warning each."""
    texts = tuple("" if h is None else str(h).strip() for h in headers)
    fields: list[str | None] = []
    seen: dict[str, str] = {}
    warnings = []
    known = sorted({*mapping.headers, *specs})
    for text in texts:
        field = mapping.field_of(text) if text else None
        if field is not None and field not in specs:
            raise LedgerError(f"{mapping.origin}: column `{text}` is mapped to `{field}`, which is "
                              "neither a schema field nor a fact of the policy"
                              + _hint(did_you_mean(field, specs)))
        if field is not None and field in seen:
            warnings.append(f"columns `{seen[field]}` and `{text}` both name `{field}`: "
                            f"`{seen[field]}` is read, `{text}` is carried along unread")
            field = None
        elif field is not None:
            seen[field] = text
        elif text and header_key(text) not in mapping.headers:
            hint = did_you_mean(header_key(text), known)
            if hint:
                warnings.append(f"column `{text}` is not a field: carried along unread"
                                f"{_hint(hint)}")
        fields.append(field)
    if not seen:
        shown = ", ".join(f"`{t}`" for t in texts if t) or "none"
        raise LedgerError(f"no column of the ledger names a field of the finding schema "
                          f"(headers: {shown})",)
    return Layout(texts, tuple(fields), tuple(warnings))


def _hint(hint: str | None) -> str:
    return f" ({hint})" if hint else ""


# ---------------------------------------------------------------- a row

class BrokenRecord(tuple[Any, ...]):
    """The cells of a record the file does not hold as written: a quote that is never
    closed, a last line cut off.

    The cells before ``column`` are sound and are read as usual; from ``column`` on
    they are not to be trusted, and the row gets one problem, ``message``, instead
    of a misleading problem per field.  A reader marks such records, since only it
    sees the lines a record came from.
    """

    column: int
    message: str
    hint: str | None

    def __new__(cls, cells: Iterable[Any], column: int, message: str,
                hint: str | None = None) -> BrokenRecord:
        record = super().__new__(cls, cells)
        record.column = column
        record.message = message
        record.hint = hint
        return record


class RowReader:
    """Turns the cells of rows of one layout into typed facts and problems."""

    def __init__(self, layout: Layout, specs: Mapping[str, FactSpec], mapping: ColumnMapping,
                 event_words: Mapping[str, str]) -> None:
        self.layout = layout
        self.width = len(layout.headers)
        plan = []
        for index, field in enumerate(layout.fields):
            if field is None:
                continue
            spec = specs[field]
            codes = None
            if spec.type == "enum":
                coerce, codes = _enum(field, spec, mapping), frozenset(spec.values)
            elif spec.type == "events":
                coerce = _events(event_words)
            else:
                coerce = _BY_TYPE.get(spec.type, _unchecked)
            plan.append((index, field, coerce, _READY.get(spec.type), codes))
        self.plan: tuple[tuple[int, str, Coercer, type | None, frozenset[str] | None], ...] = \
            tuple(plan)

    def read(self, cells: Sequence[Any]) -> tuple[dict[str, Any], list[FieldProblem]]:
        """The typed facts of the fields given (blank cells left out) and the problems.

        A cell that already has the field's exact type (a ``date``, a ``bool``, a
        known code) is taken as it is; every other cell goes through its coercer.
        A :class:`BrokenRecord` is read up to its broken cell and reported as one
        problem of the row.
        """
        facts: dict[str, Any] = {}
        problems: list[FieldProblem] = []
        count = len(cells)
        if isinstance(cells, BrokenRecord):
            count = min(count, cells.column)
            problems.append(FieldProblem("<row>", cells.message, cells.hint))
        elif count != self.width:
            problems.extend(self._misshapen(cells))
        for index, field, coerce, ready, codes in self.plan:
            if index >= count:
                continue
            value = cells[index]
            if value is None:
                continue
            if value.__class__ is ready and (codes is None or value in codes):
                facts[field] = value
                continue
            try:
                typed = coerce(value)
            except _Bad as bad:
                column = self.layout.headers[index]
                where = f"column `{column}`: " if header_key(column) != field else ""
                problems.append(FieldProblem(field, where + bad.message, bad.hint))
                continue
            if typed is not None:
                facts[field] = typed
        return facts, problems

    def _misshapen(self, cells: Sequence[Any]) -> Iterable[FieldProblem]:
        count = len(cells)
        if count > self.width:
            extra = ", ".join(_show(c) for c in cells[self.width:] if c not in (None, ""))
            if extra:
                yield FieldProblem("<row>", f"{count} cells where the header has {self.width}: "
                                   f"{extra} beyond the last column",
                                   "a cell holding the separator must be quoted")
            return
        for index, field, *_ in self.plan:
            if index >= count:
                yield FieldProblem(field, f"column `{self.layout.headers[index]}` is missing: the "
                                   f"row has {count} cells where the header has {self.width}")
