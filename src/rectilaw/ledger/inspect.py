"""``rectilaw ledger IN --inspect``: how each column will be read, without evaluating.

Before a ledger is run through a policy its reader can be checked: which field
each header names and in which unit, a few sample cells, how many cells of each
column parse, the first problem of each column, and which rows will be left out
(totals, notes, titles, repeated headers, blank rows).  Nothing is evaluated, so
a mapping can be tried on a ledger in seconds.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import attrs

from rectilaw.ledger.cells import BrokenRecord, Column
from rectilaw.ledger.columns import ColumnMapping
from rectilaw.ledger.evaluate import LedgerEvaluator
from rectilaw.ledger.readers import BATCH, open_ledger
from rectilaw.ledger.reading import ReadingReport
from rectilaw.ledger.rows import KINDS

if TYPE_CHECKING:
    from datetime import date

    from rectilaw.engine.policy import Policy

__all__ = ["ColumnInspection", "Inspection", "inspect_ledger"]

_SAMPLES = 3


@attrs.define
class ColumnInspection:
    """One column: how it is read, samples, how many of its cells parse, its first problem."""

    column: Column
    samples: list[str] = attrs.field(factory=list)
    filled: int = 0
    parsed: int = 0
    problem: str | None = None

    def to_dict(self) -> dict[str, Any]:
        c = self.column
        return {"header": c.header, "field": c.field, "state": c.state,
                "unit": c.unit.unit if c.unit else None, "note": c.note,
                "samples": self.samples, "filled": self.filled, "parsed": self.parsed,
                "first_problem": self.problem}


@attrs.frozen
class Inspection:
    """How a ledger will be read (see :func:`inspect_ledger`)."""

    name: str
    kind: str
    rows: int
    columns: tuple[ColumnInspection, ...]
    reading: ReadingReport

    def to_dict(self) -> dict[str, Any]:
        return {"ledger": self.name, "format": self.kind, "rows": self.rows,
                "columns": [c.to_dict() for c in self.columns],
                "reading": self.reading.to_dict()}

    def format(self) -> str:
        """For people: one block per column, then the rows to be left out."""
        r = self.reading
        sheets = f" [{', '.join(r.sheets)}]" if r.sheets else ""
        lines = [f"{self.name}{sheets}: {self.kind}, {self.rows} rows to evaluate",
                 "", "columns (header → field):"]
        for item in self.columns:
            c = item.column
            if c.state == "read":
                unit = f", in {c.unit.unit} ({c.unit.source})" if c.unit else ""
                lines.append(f"  {c.header} → {c.field}{unit}")
                lines.append(f"      parsed {item.parsed} of {item.filled} filled cells"
                             + (f"; samples: {', '.join(item.samples)}" if item.samples else ""))
                if item.problem:
                    lines.append(f"      first problem: {item.problem}")
            else:
                state = {"carried": "carried along", "unread": "NOT READ",
                         "refused": "REFUSED"}[c.state]
                lines.append(f"  {c.header or '(no header)'}: {state}"
                             + (f" ({c.note})" if c.state != "carried" else ""))
                if item.samples:
                    lines.append(f"      samples: {', '.join(item.samples)}")
        for row, unit, text in r.unit_notes:
            where = "below the table" if row < 0 else f"row {row}"
            lines.append(f"unit note, {where}: {text} → {unit}")
        lines.append("")
        lines.append(f"rows to be left out ({len(r.skipped)}):")
        for skipped in r.skipped:
            lines.append(f"  row {skipped.row}: {KINDS[skipped.kind][1]}: {skipped.text}")
        if r.blank:
            runs = ", ".join(str(a) if a == b else f"{a}-{b}" for a, b in r.blank)
            lines.append(f"  blank rows: {runs}")
        for doubt in r.doubts:
            lines.append(f"doubt: {doubt}")
        for header in r.collisions:
            lines.append(f"an input column has an output column's name: {header}")
        for entry in r.unused_mapping:
            lines.append(f"mapping entry matching no column: {entry}")
        return "\n".join(lines)


def _shown(value: Any) -> str:
    text = value.isoformat() if hasattr(value, "isoformat") else str(value)
    return text if len(text) <= 24 else text[:21] + "..."


def inspect_ledger(path: str | os.PathLike[str], policy: Policy, today: date, *,
                   mapping: ColumnMapping | Mapping[str, Any] | str | os.PathLike[str] | None
                   = None) -> Inspection:
    """Read the ledger at ``path`` as :func:`~rectilaw.ledger.run_ledger` would, cell by cell,
    and say how; no row is evaluated."""
    from rectilaw.ledger.pipeline import _mapping

    evaluator = LedgerEvaluator(policy, today, _mapping(mapping))
    rows = 0
    with open_ledger(path, evaluator.mapping, BATCH) as source:
        evaluator.start(source)
        found: dict[str, ColumnInspection] = {}
        for batch in source:
            for number, headers, cells in batch.rows:
                if headers is None:
                    continue
                reader, _ = evaluator._reader(headers)
                layout = reader.layout
                if not found:
                    found = {c.header: ColumnInspection(c) for c in layout.columns}
                _, problems = reader.read(cells)
                skippable = (problems or evaluator._totals_row(cells)) \
                    and not isinstance(cells, BrokenRecord)
                if skippable and evaluator._skip(number, headers, cells, bool(problems)):
                    continue
                rows += 1
                bad = {p.field: p.message for p in problems}
                for index, column in enumerate(layout.columns):
                    item = found.get(column.header)
                    if item is None or index >= len(cells):
                        continue
                    cell = cells[index]
                    if cell is None or (isinstance(cell, str) and not cell.strip()):
                        continue
                    item.filled += 1
                    shown = _shown(cell)
                    if len(item.samples) < _SAMPLES and shown not in item.samples:
                        item.samples.append(shown)
                    if column.state != "read":
                        continue
                    if column.field in bad:
                        if item.problem is None:
                            item.problem = f"row {number}: {bad[column.field]}"
                    else:
                        item.parsed += 1
        report = evaluator.report(source)
        return Inspection(source.name, source.kind, rows, tuple(found.values()), report)
