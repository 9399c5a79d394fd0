"""How a ledger was read: nothing left out without a word.

A :class:`ReadingReport` goes with every ledger summary.  It says, for people
and for scheduled jobs (``rectilaw ledger --strict``):

- each column: the field it was read as and in which unit, or that it was
  carried along on purpose, or that it was *not read*, with what to do about it;
- every row that is not a finding (totals, notes, titles, repeated headers,
  page lines) and every blank row, by row number, left out of the statistics;
- the unit notes found around the table, and the unit the summary reports in (元);
- every finding whose recorded determination the rules' reading of its facts
  disagrees with (see :attr:`rectilaw.Assessment.disagreements`);
- input headers that are also the names of rectilaw's output columns.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import attrs

from rectilaw.ledger.cells import Column, Layout
from rectilaw.ledger.rows import KINDS

__all__ = ["Disagreeing", "ReadingReport", "SkippedRow", "ranges"]

#: The unit every amount of a summary is in.
REPORT_UNIT = "元"
#: Where a column's unit came from, in Chinese (see :func:`rectilaw.ledger.units.resolve_unit`).
_SOURCES_ZH = {"the header": "表头", "the mapping's units": "映射文件的 units",
               "the mapping's unit": "映射文件的 unit", "a unit note": "金额单位说明",
               "the schema (no unit given)": "未注明单位，按元"}


@attrs.frozen
class SkippedRow:
    """A row that is not a finding: its number, its kind (see :data:`rows.KINDS`), its text."""

    row: int
    kind: str
    text: str

    def to_dict(self) -> dict[str, Any]:
        return {"row": self.row, "kind": self.kind, "text": self.text}


@attrs.frozen
class Disagreeing:
    """A finding whose recorded determination and the rules' reading of its facts differ."""

    row: int
    id: str | None
    recorded: str
    messages: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"row": self.row, "id": self.id, "recorded": self.recorded,
                "disagreements": list(self.messages)}


def ranges(numbers: Sequence[int]) -> list[tuple[int, int]]:
    """Sorted row numbers as runs: ``[3, 4, 5, 9]`` → ``[(3, 5), (9, 9)]``."""
    runs: list[tuple[int, int]] = []
    for number in numbers:
        if runs and runs[-1][1] + 1 == number:
            runs[-1] = (runs[-1][0], number)
        else:
            runs.append((number, number))
    return runs


def _runs_text(runs: Iterable[tuple[int, int]]) -> str:
    return ", ".join(str(a) if a == b else f"{a}–{b}" for a, b in runs)


@attrs.frozen
class ReadingReport:
    """What reading the ledger noticed (JSON-ready through :meth:`to_dict`)."""

    columns: tuple[Column, ...] = ()
    skipped: tuple[SkippedRow, ...] = ()
    blank: tuple[tuple[int, int], ...] = ()
    unit_notes: tuple[tuple[int, str, str], ...] = ()
    disagreements: tuple[Disagreeing, ...] = ()
    disagreement_count: int = 0
    collisions: tuple[str, ...] = ()
    unused_mapping: tuple[str, ...] = ()
    doubts: tuple[str, ...] = ()
    sheets: tuple[str, ...] = ()
    unit: str = REPORT_UNIT

    @property
    def unread(self) -> tuple[Column, ...]:
        """Columns neither read nor carried on purpose (unknown, or refused)."""
        return tuple(c for c in self.columns if c.state in ("unread", "refused"))

    def strict_problems(self, rows_in_error: int) -> list[str]:
        """What ``--strict`` refuses: unread columns, rows in error, doubts about units."""
        found = [f"column `{c.header or '(no header)'}` is not read: {c.note}"
                 for c in self.unread]
        if rows_in_error:
            found.append(f"{rows_in_error} rows could not be evaluated")
        found += list(self.doubts)
        return found

    def to_dict(self) -> dict[str, Any]:
        return {
            "unit": self.unit,
            "sheets": list(self.sheets),
            "columns": [{"header": c.header, "field": c.field, "state": c.state,
                         "unit": c.unit.unit if c.unit else None, "note": c.note}
                        for c in self.columns],
            "unread_columns": [c.header for c in self.unread],
            "skipped_rows": [s.to_dict() for s in self.skipped],
            "blank_rows": [[a, b] for a, b in self.blank],
            "unit_notes": [{"row": r, "unit": u, "text": t} for r, u, t in self.unit_notes],
            "disagreements": self.disagreement_count,
            "disagreeing_rows": [d.to_dict() for d in self.disagreements],
            "output_header_collisions": list(self.collisions),
            "unused_mapping_entries": list(self.unused_mapping),
            "doubts": list(self.doubts),
        }

    def lines(self, lang: str = "zh", limit: int = 20) -> list[str]:
        """The report as lines of the summary table."""
        zh = lang == "zh"
        out = ["", "读取情况" if zh else "How the ledger was read"]
        out.append("  金额单位：统计中的金额均为元" if zh else
                    "  amounts: every amount of this summary is in yuan (元)")
        for column in self.columns:
            if column.unit is not None and column.unit.unit != "元":
                source = column.unit.source
                said = _SOURCES_ZH.get(source, source)
                out.append(f"  {column.header} → {column.field}: "
                           + (f"按{column.unit.unit}读取，换算为元（依据{said}）" if zh
                              else f"read in {column.unit.unit}, scaled to yuan (from {source})"))
        for row, unit, text in self.unit_notes:
            where = (("表尾" if zh else "below the table") if row < 0 else
                     (f"第{row}行" if zh else f"row {row}"))
            out.append(f"  {where}: {text} → {unit}")
        unread = self.unread
        out.append(f"  未读取的列 ({len(unread)})" if zh else f"  columns not read ({len(unread)})")
        for column in unread:
            out.append(f"    - `{column.header or '(no header)'}`: {column.note}")
        carried = [c.header for c in self.columns if c.state == "carried"]
        if carried:
            out.append(("  照录未读的列：" if zh else "  carried along on purpose: ")
                       + "、".join(carried))
        out.append(f"  非问题行 ({len(self.skipped)})，不计入统计" if zh else
                    f"  rows that are not findings ({len(self.skipped)}), left out of the figures")
        for skipped in self.skipped[:limit]:
            name = KINDS.get(skipped.kind, (skipped.kind, skipped.kind))[0 if zh else 1]
            out.append(f"    {'第' if zh else 'row '}{skipped.row}{'行' if zh else ''} "
                       f"{name}: {skipped.text}")
        if len(self.skipped) > limit:
            out.append(f"    … {'另有' if zh else ''} {len(self.skipped) - limit}"
                       f"{' 条' if zh else ' more'}")
        if self.blank:
            out.append(("  空行：第 " if zh else "  blank rows: ") + _runs_text(self.blank[:limit])
                       + (" 行" if zh else "") + (" …" if len(self.blank) > limit else ""))
        out.append(f"  认定结果与规则不一致 ({self.disagreement_count})" if zh else
                    "  recorded determination disagrees with the rules "
                    f"({self.disagreement_count})")
        for item in self.disagreements[:limit]:
            who = f" {item.id}" if item.id else ""
            out.append(f"    {'第' if zh else 'row '}{item.row}{'行' if zh else ''}{who}: "
                       + "; ".join(item.messages))
        if self.disagreement_count > min(limit, len(self.disagreements)):
            shown = min(limit, len(self.disagreements))
            out.append(f"    … {self.disagreement_count - shown}"
                       f"{' 条' if zh else ' more'}")
        for header in self.collisions:
            out.append(("  输入列与输出列同名：" if zh else "  an input column has an output "
                        "column's name: ") + f"`{header}`")
        for entry in self.unused_mapping:
            out.append(("  映射中未用上的列：" if zh else "  mapping entry matching no column: ")
                       + f"`{entry}`")
        for doubt in self.doubts:
            out.append(f"  ! {doubt}")
        return out


def columns_of(layouts: Iterable[Layout]) -> tuple[Column, ...]:
    """The columns of every layout seen, each header once, in order."""
    seen: dict[str, Column] = {}
    for layout in layouts:
        for column in layout.columns:
            seen.setdefault(column.header, column)
    return tuple(seen.values())
