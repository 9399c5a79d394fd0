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
from rectilaw.ledger.messages import message, translate
from rectilaw.ledger.readers import BATCH, open_ledger
from rectilaw.ledger.reading import ReadingReport
from rectilaw.ledger.rows import kind_name

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
    #: The first cell that does not parse: its row number and the problem (in English).
    problem: tuple[int, str] | None = None

    def to_dict(self, lang: str = "en") -> dict[str, Any]:
        c = self.column
        first = None if self.problem is None else message(
            "read.problem", lang, row=self.problem[0], text=translate(self.problem[1], lang))
        return {"header": c.header, "field": c.field, "state": c.state,
                "unit": c.unit.unit if c.unit else None, "note": translate(c.note, lang),
                "samples": self.samples, "filled": self.filled, "parsed": self.parsed,
                "first_problem": first}


@attrs.frozen
class Inspection:
    """How a ledger will be read (see :func:`inspect_ledger`)."""

    name: str
    kind: str
    rows: int
    columns: tuple[ColumnInspection, ...]
    reading: ReadingReport

    def to_dict(self, lang: str = "en") -> dict[str, Any]:
        """Stable keys and codes; the texts for people in ``lang``."""
        return {"ledger": self.name, "format": self.kind, "rows": self.rows,
                "columns": [c.to_dict(lang) for c in self.columns],
                "reading": self.reading.to_dict(lang)}

    def format(self, lang: str = "en") -> str:
        """For people, in ``lang``: one block per column, then the rows to be left out."""
        def m(key: str, **values: object) -> str:
            return message(key, lang, **values)

        r = self.reading
        comma = "、" if lang == "zh" else ", "
        sheets = f" [{comma.join(r.sheets)}]" if r.sheets else ""
        lines = [m("inspect.head", name=self.name, sheets=sheets, kind=self.kind, rows=self.rows),
                 "", m("inspect.columns")]
        for item in self.columns:
            c = item.column
            samples = comma.join(item.samples)
            if c.state == "read":
                unit = (m("inspect.unit", unit=c.unit.unit,
                          source=translate(c.unit.source, lang)) if c.unit else "")
                lines.append(f"  {c.header} → {c.field}{unit}")
                lines.append("      " + m("inspect.parsed", parsed=item.parsed, filled=item.filled)
                             + (m("inspect.samples_after", samples=samples) if samples else ""))
                if item.problem:
                    row, text = item.problem
                    lines.append("      " + m("inspect.problem", row=row,
                                              text=translate(text, lang)))
            else:
                header = c.header or m("read.no_header")
                state = m(f"inspect.{c.state}")
                lines.append("  " + (m("inspect.state", header=header, state=state)
                                     if c.state == "carried" else
                                     m("inspect.state_note", header=header, state=state,
                                       note=translate(c.note, lang))))
                if samples:
                    lines.append("      " + m("inspect.samples", samples=samples))
        for row, unit, text in r.unit_notes:
            where = m("read.note_below") if row < 0 else m("read.note_row", row=row)
            lines.append(m("inspect.unit_note", where=where, text=text, unit=unit))
        lines.append("")
        lines.append(m("inspect.skipped", n=len(r.skipped)))
        for skipped in r.skipped:
            lines.append("  " + m("inspect.skipped_row", row=skipped.row,
                                  kind=kind_name(skipped.kind, lang), text=skipped.text))
        if r.blank:
            runs = comma.join(str(a) if a == b else f"{a}-{b}" for a, b in r.blank)
            lines.append("  " + m("inspect.blank", rows=runs))
        for doubt in r.doubts:
            lines.append(m("inspect.doubt", text=translate(doubt, lang)))
        for header in r.collisions:
            lines.append(m("inspect.collision", header=header))
        for entry in r.unused_mapping:
            lines.append(m("inspect.unused", entry=entry))
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
                            item.problem = (number, bad[column.field])
                    else:
                        item.parsed += 1
        report = evaluator.report(source)
        return Inspection(source.name, source.kind, rows, tuple(found.values()), report)
