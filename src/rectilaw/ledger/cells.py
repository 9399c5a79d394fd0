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
from datetime import date as _DAY
from typing import Any

import attrs

from rectilaw import values as readers
from rectilaw.errors import FieldProblem, did_you_mean
from rectilaw.findings import Event, FactSpec
from rectilaw.ledger.columns import ColumnMapping, header_key
from rectilaw.ledger.errors import LedgerError
from rectilaw.ledger.units import ColumnUnit, resolve_unit, split_unit
from rectilaw.values import ValueProblem as _Bad
from rectilaw.values import show as _show

__all__ = ["BrokenRecord", "Column", "Layout", "RowReader", "UnreadableCell", "find_header",
           "resolve_layout"]

_EVENT_SPLIT = re.compile(r"[;；\n]+")
#: The name :func:`rectilaw.ledger.header.unnamed` gives a column without a header.
_UNNAMED = re.compile(r"第\d+列（无表头）")

Coercer = Callable[[Any], Any]


class UnreadableCell(str):
    """A cell the file holds but no value can be read from, and why: a formula without its
    computed value, a Parquet date out of range.  It reads as the text it shows (carried
    along into the output as such) and, in a column that is read, as a problem of its row,
    never as a blank."""

    reason: str

    def __new__(cls, text: str, reason: str) -> UnreadableCell:
        cell = super().__new__(cls, text)
        cell.reason = reason
        return cell


# ---------------------------------------------------------------- one cell, by type

def _text(value: Any) -> str | None:
    return readers.read_text(value)


def _enum(field: str, spec: FactSpec, mapping: ColumnMapping) -> Coercer:
    codes = tuple(spec.values)
    words = dict(spec.words)
    words.update({readers.fold(text): code for text, code in mapping.values.get(field, {}).items()})

    def coerce(value: Any) -> str | None:
        return readers.read_enum(value, codes, words)

    return coerce


def _money(unit: ColumnUnit) -> Coercer:
    scale, name = unit.scale, unit.unit
    if scale == 1:
        return readers.read_money  # yuan: no wrapper to call through, once per amount

    def coerce(value: Any) -> Any:
        return readers.read_money(value, scale, name)

    return coerce


def _date(serials: bool) -> Coercer:
    def coerce(value: Any) -> Any:
        return readers.read_date(value, serials)

    return coerce


def _events(kinds: Mapping[str, str], serials: bool) -> Coercer:
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
        day = readers.read_date(on, serials) if on is not None else None
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
    "text": _text, "bool": readers.read_bool, "integer": readers.read_integer,
}

#: The exact classes a cell may have to be taken as it is, by field type.
_READY: Mapping[str, type] = {"bool": bool, "integer": int, "enum": str}


# ---------------------------------------------------------------- the table's layout

@attrs.frozen
class Column:
    """How one column of a ledger is read.

    ``state`` is ``read`` (a field, typed), ``carried`` (deliberately not read: a
    description, the mapping's ``~``, an answer of rectilaw's read back), ``unread``
    (not known: listed for the user to map or mark) or ``refused`` (it names a field
    but cannot be read safely, e.g. an amount in an ambiguous unit); ``note`` says why.
    """

    header: str
    field: str | None
    state: str
    unit: ColumnUnit | None = None
    note: str = ""


@attrs.frozen
class Layout:
    """What each column of a ledger is: a field name, or None for a column not read."""

    headers: tuple[str, ...]
    fields: tuple[str | None, ...]
    warnings: tuple[str, ...] = ()
    columns: tuple[Column, ...] = ()

    def column_of(self, field: str) -> str:
        """The ledger's own header of ``field``."""
        for header, name in zip(self.headers, self.fields, strict=True):
            if name == field:
                return header
        return field

    @property
    def unread(self) -> tuple[Column, ...]:
        """The columns neither read nor deliberately carried (unknown or refused)."""
        return tuple(c for c in self.columns if c.state in ("unread", "refused"))


def find_header(rows: Sequence[Sequence[Any]], mapping: ColumnMapping) -> int | None:
    """The index of the row that looks most like the header (most known names), or None."""
    best, best_count = None, 0
    for index, row in enumerate(rows):
        count = sum(1 for cell in row if isinstance(cell, str) and _known(cell, mapping))
        if count > best_count:
            best, best_count = index, count
    return best


def _known(text: str, mapping: ColumnMapping) -> bool:
    """Whether a header cell names a field (with or without its unit)."""
    if mapping.field_of(text):
        return True
    base, unit = split_unit(text)
    return unit is not None and bool(mapping.field_of(base))


def resolve_layout(headers: Sequence[Any], mapping: ColumnMapping,
                   specs: Mapping[str, FactSpec], notes: Sequence[str] = ()) -> Layout:
    """Which field each header names, in which unit; every other column classified (carried
    deliberately, unknown, refused) with what to do about it.  ``notes``: the units that
    unit notes around the table name."""
    texts = tuple("" if h is None else str(h).strip() for h in headers)
    fields: list[str | None] = []
    columns: list[Column] = []
    seen: dict[str, str] = {}
    warnings = []
    known = sorted({*(k for k, f in mapping.headers.items() if f), *specs})
    for text in texts:
        base, header_unit = split_unit(text) if text else (text, None)
        field = mapping.field_of(text) or (mapping.field_of(base) if text else None)
        if field is not None and field not in specs:
            raise LedgerError(f"{mapping.origin}: column `{text}` is mapped to `{field}`, which is "
                              "neither a schema field nor a fact of the policy"
                              + _hint(did_you_mean(field, specs)))
        column: Column
        if field is not None and field in seen:
            note = (f"columns `{seen[field]}` and `{text}` both name `{field}`: `{seen[field]}` "
                    f"is read, `{text}` is not")
            warnings.append(note)
            column, field = Column(text, None, "refused", note=note), None
        elif field is not None and specs[field].type == "money":
            unit = resolve_unit(header_unit, mapping.unit_of(text, field), mapping.unit,
                                tuple(notes))
            if isinstance(unit, str):
                note = (f"column `{text}` ({field}) is not read: {unit}; say which in the "
                        f"mapping (units: {{{base}: 万元}}) or make the header and note agree")
                warnings.append(note)
                column, field = Column(text, field, "refused", note=note), None
            else:
                seen[field] = text
                column = Column(text, field, "read", unit, f"in {unit.unit}, from "
                                f"{unit.source}")
        elif field is not None:
            seen[field] = text
            column = Column(text, field, "read")
        elif not text or _UNNAMED.fullmatch(text):
            column = Column(text, None, "unread", note="a column without a header, carried "
                            "along; give it a header, or name it in the mapping (columns: "
                            f"{{{text}: ~}} to carry it on purpose)")
        elif header_key(text) in mapping.headers or header_key(base) in mapping.headers:
            column = Column(text, None, "carried", note="carried along, not a fact")
        else:
            hint = did_you_mean(header_key(base), known)
            what = (f"map it to a field in the mapping (columns: {{{text}: FIELD}}), or mark "
                    f"it as carried on purpose (columns: {{{text}: ~}})")
            column = Column(text, None, "unread", note=f"not a field, carried along; {what}"
                            + (f" ({hint})" if hint else ""))
        fields.append(field)
        columns.append(column)
    if not seen:
        shown = ", ".join(f"`{t}`" for t in texts if t) or "none"
        raise LedgerError(f"no column of the ledger names a field of the finding schema "
                          f"(headers: {shown})",)
    return Layout(texts, tuple(fields), tuple(warnings), tuple(columns))


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
                 event_words: Mapping[str, str], serials: bool = False) -> None:
        self.layout = layout
        self.width = len(layout.headers)
        plan = []
        for index, field in enumerate(layout.fields):
            if field is None:
                continue
            spec = specs[field]
            codes = None
            ready = _READY.get(spec.type)
            if spec.type == "enum":
                coerce, codes = _enum(field, spec, mapping), frozenset(spec.values)
            elif spec.type == "events":
                coerce = _events(event_words, serials)
            elif spec.type == "money":
                unit = layout.columns[index].unit if layout.columns else None
                coerce = _money(unit or ColumnUnit("元", "the schema"))
            elif spec.type == "date":
                coerce, ready = _date(serials), _DAY
            else:
                coerce = _BY_TYPE.get(spec.type, _unchecked)
            plan.append((index, field, coerce, ready, codes))
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
                if isinstance(value, UnreadableCell):
                    raise _Bad(value.reason)
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
