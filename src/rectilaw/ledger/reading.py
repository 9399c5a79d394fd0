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
from rectilaw.ledger.messages import message, translate
from rectilaw.ledger.rows import kind_name

__all__ = ["Disagreeing", "ReadingReport", "SkippedRow", "ranges"]

#: The unit every amount of a summary is in.
REPORT_UNIT = "元"


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

    def to_dict(self, lang: str = "en") -> dict[str, Any]:
        return {"row": self.row, "id": self.id, "recorded": self.recorded,
                "disagreements": [translate(text, lang) for text in self.messages]}


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

    def strict_problems(self, rows_in_error: int, lang: str = "en") -> list[str]:
        """What ``--strict`` refuses: unread columns, rows in error, doubts about units."""
        found = [message("strict.unread", lang, header=c.header
                         or message("read.no_header", lang), note=translate(c.note, lang))
                 for c in self.unread]
        if rows_in_error:
            found.append(message("strict.errors", lang, n=rows_in_error))
        found += [translate(doubt, lang) for doubt in self.doubts]
        return found

    def to_dict(self, lang: str = "en") -> dict[str, Any]:
        """Stable keys and codes; the texts for people (notes, disagreements, doubts) in
        ``lang``."""
        return {
            "unit": self.unit,
            "sheets": list(self.sheets),
            "columns": [{"header": c.header, "field": c.field, "state": c.state,
                         "unit": c.unit.unit if c.unit else None,
                         "note": translate(c.note, lang)}
                        for c in self.columns],
            "unread_columns": [c.header for c in self.unread],
            "skipped_rows": [s.to_dict() for s in self.skipped],
            "blank_rows": [[a, b] for a, b in self.blank],
            "unit_notes": [{"row": r, "unit": u, "text": t} for r, u, t in self.unit_notes],
            "disagreements": self.disagreement_count,
            "disagreeing_rows": [d.to_dict(lang) for d in self.disagreements],
            "output_header_collisions": list(self.collisions),
            "unused_mapping_entries": list(self.unused_mapping),
            "doubts": [translate(doubt, lang) for doubt in self.doubts],
        }

    def lines(self, lang: str = "zh", limit: int = 20) -> list[str]:
        """The report as lines of the summary table, in ``lang`` (from the catalogue)."""
        def m(key: str, **values: object) -> str:
            return message(key, lang, **values)

        out = ["", m("read.title"), "  " + m("read.unit")]
        for column in self.columns:
            if column.unit is not None and column.unit.unit != "元":
                out.append("  " + m("read.scaled", header=column.header, field=column.field,
                                    unit=column.unit.unit,
                                    source=translate(column.unit.source, lang)))
        for row, unit, text in self.unit_notes:
            where = m("read.note_below") if row < 0 else m("read.note_row", row=row)
            out.append("  " + m("read.unit_note", where=where, text=text, unit=unit))
        unread = self.unread
        out.append("  " + m("read.unread", n=len(unread)))
        for column in unread:
            out.append("    - " + m("read.unread_column", header=column.header
                                    or m("read.no_header"), note=translate(column.note, lang)))
        carried = [c.header for c in self.columns if c.state == "carried"]
        if carried:
            out.append("  " + m("read.carried", headers=m("read.list_sep").join(carried)))
        out.append("  " + m("read.skipped", n=len(self.skipped)))
        for skipped in self.skipped[:limit]:
            out.append("    " + m("read.skipped_row", row=skipped.row,
                                  kind=kind_name(skipped.kind, lang), text=skipped.text))
        if len(self.skipped) > limit:
            out.append("    " + m("read.more", n=len(self.skipped) - limit))
        if self.blank:
            out.append("  " + m("read.blank", rows=_runs_text(self.blank[:limit])
                                + (" …" if len(self.blank) > limit else "")))
        out.append("  " + m("read.disagreements", n=self.disagreement_count))
        for item in self.disagreements[:limit]:
            who = f" {item.id}" if item.id else ""
            joiner = "；" if lang == "zh" else "; "
            out.append("    " + m("read.disagreeing", row=item.row, who=who, text=joiner.join(
                translate(text, lang) for text in item.messages)))
        if self.disagreement_count > min(limit, len(self.disagreements)):
            shown = min(limit, len(self.disagreements))
            out.append("    " + m("read.more", n=self.disagreement_count - shown))
        for header in self.collisions:
            out.append("  " + m("read.collision", header=header))
        for entry in self.unused_mapping:
            out.append("  " + m("read.unused", entry=entry))
        for doubt in self.doubts:
            out.append("  " + m("read.doubt", text=translate(doubt, lang)))
        return out


def columns_of(layouts: Iterable[Layout]) -> tuple[Column, ...]:
    """The columns of every layout seen, each header once, in order."""
    seen: dict[str, Column] = {}
    for layout in layouts:
        for column in layout.columns:
            seen.setdefault(column.header, column)
    return tuple(seen.values())
