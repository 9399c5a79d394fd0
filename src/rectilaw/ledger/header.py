"""The header of a ledger as offices draw it: one row or two, merged cells, units, notes.

A 台账's header is often two rows: ``序号``, ``问题编号`` … merged down over both,
and a group ``金额（万元）`` merged across ``问题金额`` and ``已整改金额`` below it.
:func:`compose_header` turns such rows into one header per column (the group's
unit carried to the columns under it: ``问题金额（万元）``), gives a column whose
header is empty but whose cells are not a name of its own (``第13列（无表头）``), and
finds unit notes (``金额单位：万元``) in the rows above the table.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

import attrs

from rectilaw.ledger.cells import _known
from rectilaw.ledger.columns import ColumnMapping
from rectilaw.ledger.units import note_unit, only_unit, split_unit

__all__ = ["Head", "compose_header", "find_notes", "unnamed"]


@attrs.frozen
class Head:
    """The composed header: its texts, the index of its last row in the sample, and the
    unit notes found above it as ``(row index, unit, text)``."""

    headers: tuple[str, ...]
    last: int
    notes: tuple[tuple[int, str, str], ...]


def unnamed(index: int) -> str:
    """The name given to a column without a header (from 0): ``第13列（无表头）``."""
    return f"第{index + 1}列（无表头）"


def _text(cell: Any) -> str:
    if cell is None:
        return ""
    return cell.strip() if isinstance(cell, str) else str(cell)


def _is_text_row(row: Sequence[Any]) -> bool:
    return all(cell is None or isinstance(cell, str) for cell in row)


def _filled(row: Sequence[Any]) -> list[int]:
    return [j for j, cell in enumerate(row) if _text(cell)]


def _sub_header(row: Sequence[Any], mapping: ColumnMapping) -> bool:
    """Whether ``row`` reads as the second row of a two-row header."""
    filled = _filled(row)
    if not filled or not _is_text_row(row):
        return False
    known = sum(1 for j in filled if _known(_text(row[j]), mapping))
    return known >= 1 and known * 2 >= len(filled)


def _unit_row(row: Sequence[Any]) -> bool:
    """Whether ``row`` only gives units (``（万元）`` under an amount's header)."""
    filled = _filled(row)
    return bool(filled) and _is_text_row(row) and all(only_unit(_text(row[j])) for j in filled)


def _group_row(row: Sequence[Any], below: Sequence[str], mapping: ColumnMapping) -> bool:
    """Whether ``row`` (above the header) reads as its first row: several cells, texts, over
    gaps of the header or naming fields or units."""
    filled = _filled(row)
    if len(filled) < 2 or not _is_text_row(row) \
            or any(_note_like(_text(row[j])) for j in filled):
        return False
    over_gaps = sum(1 for j in filled if j >= len(below) or not below[j])
    named = sum(1 for j in filled if _known(_text(row[j]), mapping)
                or split_unit(_text(row[j]))[1] or only_unit(_text(row[j])))
    return over_gaps >= 1 or named * 2 >= len(filled)


_LABELLED = re.compile(r"[:：]\s*\S")
_BRACKETED = re.compile(r"[（(\[【][^)）\]】]*[:：]")


def _note_like(text: str) -> bool:
    """A cell that says something (``金额单位：万元``, ``填报日期：2024年6月``) rather than
    naming a column; ``问题金额（单位：万元）`` still names one."""
    return bool(_LABELLED.search(text)) and not _BRACKETED.search(text)


def _spread(upper: list[str], lower: Sequence[str],
            merged: Mapping[int, int]) -> list[str]:
    """``upper`` with each group header repeated over the columns it spans: the spans the
    file's merged cells give (``merged``: first column → last) where it has them, else the
    columns to its right that have a header below and none above (a CSV export)."""
    out = list(upper) + [""] * (len(lower) - len(upper))
    if merged:
        for first, last in merged.items():
            for j in range(first + 1, min(last + 1, len(out))):
                if not out[j]:
                    out[j] = out[first]
        return out
    for j in range(1, len(out)):
        if not out[j] and j < len(lower) and lower[j] and lower[j - 1] and out[j - 1]:
            out[j] = out[j - 1]
    return out


def _combine(upper: Sequence[str], lower: Sequence[str]) -> tuple[str, ...]:
    names = []
    for j in range(max(len(upper), len(lower))):
        top = upper[j] if j < len(upper) else ""
        low = lower[j] if j < len(lower) else ""
        if not low:
            names.append(top)
            continue
        if top and split_unit(low)[1] is None:
            unit = split_unit(top)[1] or only_unit(top)
            if unit is not None:
                low = f"{low}（{unit}）"
        names.append(low)
    return tuple(names)


def compose_header(sample: Sequence[Sequence[Any]], index: int, mapping: ColumnMapping,
                   merged: Mapping[int, Mapping[int, int]] | None = None,
                   pinned: bool = False) -> Head:
    """The header found at ``sample[index]``, with a second row below or a group row above it
    folded in (not when the mapping pins ``header_row``), columns without a header named, and
    the unit notes above the table.  ``merged``: by sample row, the horizontal merged spans
    (first column → last)."""
    merged = merged or {}
    rows = [[_text(cell) for cell in row] for row in sample]
    first, last = index, index
    texts = rows[index]
    if not pinned and index + 1 < len(rows) and _unit_row(sample[index + 1]):
        units = rows[index + 1]
        texts = [f"{text}（{only_unit(units[j])}）" if j < len(units) and units[j]
                 and text and split_unit(text)[1] is None else text
                 for j, text in enumerate(texts)]
        last = index + 1
    elif not pinned and index + 1 < len(rows) and _sub_header(sample[index + 1], mapping):
        upper = _spread(texts, rows[index + 1], merged.get(index, {}))
        texts, last = list(_combine(upper, rows[index + 1])), index + 1
    elif not pinned and index > 0 and _group_row(sample[index - 1], texts, mapping):
        upper = _spread(rows[index - 1], texts, merged.get(index - 1, {}))
        texts, first = list(_combine(upper, texts)), index - 1
    # The header row's own cells, empty ones included, bound the table: a column whose
    # header cell is there but empty is named if cells below it hold something (a notes
    # column); cells beyond the header row's last cell are the row's error.
    raw = max(len(sample[i]) for i in range(first, last + 1))
    while texts and not texts[-1]:
        texts.pop()
    width = len(texts)
    for row in rows[last + 1:]:
        filled = [j for j, text in enumerate(row[:raw]) if text]
        if filled:
            width = max(width, filled[-1] + 1)
    texts += [""] * (width - len(texts))
    headers = tuple(text if text else unnamed(j) if _column_has_data(rows, last, j) else ""
                    for j, text in enumerate(texts))
    while headers and not headers[-1]:
        headers = headers[:-1]
    return Head(headers, last, tuple(find_notes(sample[:first])))


def _column_has_data(rows: Sequence[Sequence[str]], last: int, column: int) -> bool:
    return any(column < len(row) and row[column] for row in rows[last + 1:])


def find_notes(rows: Sequence[Sequence[Any]], offset: int = 0) -> list[tuple[int, str, str]]:
    """The unit notes among ``rows`` as ``(row index + offset, unit, text)``."""
    found = []
    for number, row in enumerate(rows, offset):
        for cell in row:
            text = _text(cell)
            unit = note_unit(text) if text else None
            if unit is not None:
                found.append((number, unit, text))
    return found
